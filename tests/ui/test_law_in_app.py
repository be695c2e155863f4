"""The law in the app: the ULS deadline shows the law it was computed under and the pending
change (timeline detail line, dashboard), and File -> Update the law... lists what a signed
update moves before installing it. Screenshots are saved for a person to look at."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QDialog

from tests.storage.test_law_updates import six_month_pack
from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.domain.events import Event
from vcop_desktop.rules import update as update_module
from vcop_desktop.rules.update import sign_update
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.law_dialog import LawUpdateDialog, update_the_law
from vcop_desktop.ui.main_window import MainWindow

NOTE = (
    "Pending change: the limit may become six months; until that is confirmed, ask within 28 days"
)
#: A Crown Court sentence on 6 Feb 2026: the ULS request is due 6 Mar 2026 (the clock: 2 Mar).
SENTENCE = Event("s", "sentence", date(2026, 2, 6), {"court": "crown"}, position=2)


def uls_window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    window = window_on_case(qtbot, context, workspace, "Pat Example", "QX/1/26", SENTENCE)
    window.resize(1366, 768)
    window.case_view.timeline.select(("victim.uls_request", "s"))
    wait_idle(qtbot, context)
    return window


def test_the_uls_deadline_shows_its_law_and_the_pending_change(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path
) -> None:
    window = uls_window(qtbot, context, workspace)
    current = window.case_view.timeline.current()
    assert current is not None and current.duty == "victim.uls_request"
    assert current.due == date(2026, 3, 6)  # 28 days: the pending change moves nothing
    text = window.case_view.timeline.selected_label.text()
    assert "Computed under victim-deadlines-2015 version 1: Criminal Justice Act 1988 s.36" in text
    assert "; confirmed" in text and NOTE in text
    assert NOTE in window.case_view.overview.victim_deadlines.text()
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    wait_idle(qtbot, context)
    window.grab().save(str(tmp_path / "timeline-uls-pending.png"))

    window.content.setCurrentIndex(0)
    wait_idle(qtbot, context)
    model = window.dashboard.model
    rows = [model.index(r, 3).data() for r in range(model.rowCount())]
    (uls,) = [row for row in rows if row.startswith("Ask the Attorney General")]
    assert uls.endswith(NOTE)
    assert not any(NOTE in row for row in rows if row != uls)
    assert window.dashboard.pending.isVisibleTo(window)
    assert window.dashboard.pending.text() == (
        "<i>Pending change (1 deadline below): the limit may become six months; until that is "
        "confirmed, ask within 28 days</i>"
    )
    window.grab().save(str(tmp_path / "dashboard-uls-pending.png"))


def test_update_the_law_lists_what_moves_and_installs_on_install(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    key = Ed25519PrivateKey.generate()
    monkeypatch.setattr(update_module, "trusted_keys", lambda: [key.public_key()])
    update = tmp_path / "law.vcoplaw"
    update.write_bytes(
        sign_update([("victim-deadlines.toml", six_month_pack())], key, published=date(2026, 3, 1))
    )
    monkeypatch.setattr("vcop_desktop.ui.file_dialogs.open_path", lambda *a: str(update))
    window = uls_window(qtbot, context, workspace)
    seen: list[str] = []

    def install(dialog: Any) -> None:
        assert isinstance(dialog, LawUpdateDialog)
        seen.extend(dialog.changes.item(i).text() for i in range(dialog.changes.count()))
        dialog.grab().save(str(tmp_path / "law-update-dialog.png"))
        dialog.install.click()

    when_dialog(install)
    update_the_law(window)
    wait_idle(qtbot, context)
    code = window.case_view.bundle.case_code if window.case_view.bundle else ""
    assert (
        f"{code}: victim.uls_request (trigger s): due 2026-03-06 -> 2026-08-06; pending "
        "change ended: pending.uls_six_months" in seen
    )
    assert "Rule packs: victim-deadlines-2015: version 1 -> version 2" in seen
    assert window.workspace is not None
    assert window.workspace.rulebook().pack("victim-deadlines-2015").version == 2  # type: ignore[union-attr]


def test_cancel_leaves_the_law_as_it_is(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    key = Ed25519PrivateKey.generate()
    monkeypatch.setattr(update_module, "trusted_keys", lambda: [key.public_key()])
    update = tmp_path / "law.vcoplaw"
    update.write_bytes(
        sign_update([("victim-deadlines.toml", six_month_pack())], key, published=date(2026, 3, 1))
    )
    monkeypatch.setattr("vcop_desktop.ui.file_dialogs.open_path", lambda *a: str(update))
    window = uls_window(qtbot, context, workspace)
    when_dialog(lambda dialog: dialog.done(QDialog.DialogCode.Rejected))
    update_the_law(window)
    wait_idle(qtbot, context)
    assert window.workspace is not None
    assert not (window.workspace.folder / "law").exists()
