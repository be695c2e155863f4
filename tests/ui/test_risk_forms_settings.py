"""Settings → Risk forms: the forms are listed; Add… installs a service's form into the rules
folder (made in the data folder, and saved as the setting, when none was set), and refuses a
broken file with the loader's lines in a message. Then an assessment can be taken on it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_lock_dialogs import window as window
from vcop_desktop.rules.risk_forms import load_forms, organisation_forms_dir
from vcop_desktop.settings import Settings
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.risk_dialogs import AssessmentDialog
from vcop_desktop.ui.settings_dialog import SettingsDialog

SERVICE_FORM = """
id = "our-form"
title = "Our service form"
version = 2
high_at = 3

[[questions]]
id = "first"
text = "First question?"
weight = 2

[[questions]]
id = "second"
text = "Second question?"
"""

BROKEN_FORM = """
id = "Bad Id"
title = "Broken"
version = 1
high_at = 9

[[questions]]
id = "only"
text = "The only question?"
"""


def choose_file(monkeypatch: Any, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def items(dialog: SettingsDialog) -> list[str]:
    box = dialog.risk_forms.list
    return [box.item(i).text() for i in range(box.count())]


def test_add_installs_a_form_into_a_new_rules_folder_and_saves_the_setting(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    settings = Settings(tmp_path / "config")
    assert settings["rules_folder"] == ""
    dialog = SettingsDialog(settings, data_folder=tmp_path / "data")
    qtbot.addWidget(dialog)
    assert items(dialog) == ["Risk factors (VCOP Desktop, version 1) — built in"]
    source = tmp_path / "downloads" / "form.toml"
    source.parent.mkdir()
    source.write_text(SERVICE_FORM, encoding="utf-8")
    choose_file(monkeypatch, source)
    changed: list[bool] = []
    dialog.risk_forms.forms_changed.connect(lambda: changed.append(True))
    qtbot.mouseClick(dialog.risk_forms.add, Qt.MouseButton.LeftButton)
    rules = tmp_path / "data" / "rules"
    assert settings["rules_folder"] == str(rules)
    assert Settings(tmp_path / "config")["rules_folder"] == str(rules)  # saved at once
    assert dialog.inputs["rules_folder"].text() == str(rules)  # type: ignore[attr-defined]
    assert (organisation_forms_dir(rules) / "our-form.v2.toml").is_file()
    assert load_forms([organisation_forms_dir(rules)]).get("our-form") is not None
    assert items(dialog)[-1] == "Our service form (version 2) — your service's"
    assert dialog.risk_forms.status.text() == "Added: Our service form (version 2)."
    assert changed == [True]
    dialog._save()  # Save keeps the folder (the field was filled in)
    assert Settings(tmp_path / "config")["rules_folder"] == str(rules)


def test_a_broken_form_is_refused_with_the_loaders_lines(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    settings = Settings(tmp_path / "config")
    rules = tmp_path / "rules"
    settings.set("rules_folder", str(rules))
    dialog = SettingsDialog(settings, data_folder=tmp_path / "data")
    qtbot.addWidget(dialog)
    source = tmp_path / "broken.toml"
    source.write_text(BROKEN_FORM, encoding="utf-8")
    choose_file(monkeypatch, source)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    qtbot.mouseClick(dialog.risk_forms.add, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    lines = shown[0].splitlines()
    assert lines[0].startswith("risk form broken.toml: id must be lower-case")
    assert any("high_at 9 can never be reached" in line for line in lines)
    assert not organisation_forms_dir(rules).exists()
    assert len(items(dialog)) == 1  # only the built-in form
    assert not (tmp_path / "data").exists()


def test_a_form_added_in_the_app_is_offered_for_the_next_assessment(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: Any
) -> None:
    source = tmp_path / "form.toml"
    source.write_text(SERVICE_FORM, encoding="utf-8")
    choose_file(monkeypatch, source)
    rules = tmp_path / "service-rules"
    window.context.settings.set("rules_folder", str(rules))

    def add_then_cancel(dialog: Any) -> None:
        assert isinstance(dialog, SettingsDialog)
        qtbot.mouseClick(dialog.risk_forms.add, Qt.MouseButton.LeftButton)
        dialog.reject()  # the form is installed all the same

    when_dialog(add_then_cancel)
    window.open_settings()
    wait_idle(qtbot, window.context)
    offered: list[str] = []

    def look(dialog: Any) -> None:
        assert isinstance(dialog, AssessmentDialog)
        offered.extend(dialog.form_box.itemText(i) for i in range(dialog.form_box.count()))
        dialog.reject()

    when_dialog(look)
    window.case_view.tabs.setCurrentWidget(window.case_view.risk)
    qtbot.mouseClick(window.case_view.risk.assess, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.context)
    assert "Our service form (version 2)" in offered
    window.close()


def test_a_weighted_question_shows_its_weight_and_counts_it(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "our-form.v2.toml").write_text(SERVICE_FORM, encoding="utf-8")
    dialog = AssessmentDialog(load_forms([folder]), date(2026, 3, 2))
    qtbot.addWidget(dialog)
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("our-form"))
    assert dialog.boxes["first"].text() == "1. First question?  (counts 2)"
    assert dialog.boxes["second"].text() == "2. Second question?"  # weight 1: nothing added
    dialog.boxes["first"].setChecked(True)
    assert dialog.score.text() == "Score 2 of 3 for visible high risk."
    dialog.boxes["second"].setChecked(True)
    assert dialog.score.text() == "Score 3: visible high risk (3 or more)."
    assert dialog.fields()["score"] == 3 and dialog.high_risk()
