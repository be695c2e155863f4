"""Settings -> Service standards driven through the real dialog: the advocate's standards with
their figures, a figure changed and saved (into a rules folder made under the user's data folder
when none is set), the next case shown judged by it, and a refusal shown in one line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import obligation, window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.rules import read_standards
from vcop_desktop.settings import Settings
from vcop_desktop.storage import Workspace
from vcop_desktop.ui import standards_page
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.settings_dialog import SettingsDialog

FIRST_CONTACT = ("advocate.first_contact", "limit")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: Any) -> Path:
    """The user's data folder, here a temporary one."""
    folder = tmp_path / "data" / "rules"
    monkeypatch.setattr(standards_page, "default_rules_dir", lambda: folder)
    return folder


def test_the_page_shows_each_standard_with_its_figure_unit_and_whose_it_is(
    qtbot: Any, tmp_path: Path
) -> None:
    dialog = SettingsDialog(Settings(tmp_path / "config"))
    qtbot.addWidget(dialog)
    page = dialog.standards
    assert page.title() == "Service standards"
    assert {duty for duty, _name in page.spins} == {s.id for s in read_standards(None)}
    spin = page.spins[FIRST_CONTACT]
    assert (spin.value(), spin.suffix()) == (3, " working days")
    assert page.spins[("advocate.first_contact", "high_risk")].value() == 1
    assert page.spins[("advocate.safety_plan_review", "interval")].suffix() == " calendar days"
    assert page.sources["advocate.first_contact"].text() == "organisation default"
    assert "Due within" in spin.accessibleName()


def test_a_figure_saved_makes_a_rules_folder_and_the_next_case_shown_uses_it(
    qtbot: Any, context: AppContext, workspace: Workspace, data_dir: Path
) -> None:
    window = window_on_case(
        qtbot, context, workspace, "Ann Example", "STD/1",
        Event("f", "referral_received", date(2026, 2, 27), {"from": "police"}, position=2),
    )  # fmt: skip
    before = obligation(window, "advocate.first_contact")
    assert before.source == "service standard (organisation default)"

    def change(dialog: Any) -> None:
        assert isinstance(dialog, SettingsDialog)
        spin = dialog.standards.spins[FIRST_CONTACT]
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, "5")
        assert spin.value() == 5
        button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    when_dialog(change)
    assert window.open_settings()
    wait_idle(qtbot, context)
    assert context.settings["rules_folder"] == str(data_dir)
    assert (data_dir / "service-standards.toml").is_file()
    after = obligation(window, "advocate.first_contact")
    assert after.source == "service standard (set by the organisation)"
    assert after.due is not None and before.due is not None and after.due > before.due
    (standard,) = [s for s in read_standards(data_dir) if s.id == "advocate.first_contact"]
    assert standard.figures[0].amount == 5

    # Opened again, the page says the figure is the organisation's own.
    dialog = SettingsDialog(context.settings)
    qtbot.addWidget(dialog)
    assert dialog.standards.spins[FIRST_CONTACT].value() == 5
    assert dialog.standards.sources["advocate.first_contact"].text() == "set by the organisation"


def test_a_refused_save_says_why_in_one_line_and_keeps_the_dialog_open(
    qtbot: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the rules folder should be", encoding="utf-8")
    settings = Settings(tmp_path / "config")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.inputs["rules_folder"].setText(str(blocker))  # type: ignore[attr-defined]
    dialog.standards.spins[FIRST_CONTACT].setValue(4)
    dialog._save()
    assert dialog.result() == 0  # not accepted
    text = dialog.problem.text()
    assert text.startswith("The service standards could not be saved in") and "\n" not in text
    assert not (blocker / "service-standards.toml").exists()


def test_unchanged_figures_write_nothing(qtbot: Any, tmp_path: Path, data_dir: Path) -> None:
    settings = Settings(tmp_path / "config")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog._save()
    assert not data_dir.exists()
    assert settings["rules_folder"] == ""


def test_the_figures_typed_are_kept_across_a_lock(qtbot: Any, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(tmp_path / "config"))
    qtbot.addWidget(dialog)
    dialog.standards.spins[FIRST_CONTACT].setValue(7)
    kept = dialog.keep()
    again = SettingsDialog(Settings(tmp_path / "config"))
    qtbot.addWidget(again)
    again.restore(kept)
    assert again.standards.spins[FIRST_CONTACT].value() == 7
