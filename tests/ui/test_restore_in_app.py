"""File -> Restore from backup...: no terminal, no environment variable (issue 18)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.ui.conftest import PASSPHRASE, wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.restore_dialog import RestoreDialog


def on_worker(context: AppContext, job: Any) -> Any:
    return context.worker.submit(job).result()


def test_one_case_is_restored_from_a_backup_chosen_in_the_app(
    qtbot: Any,
    context: AppContext,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace.create_case(victim_name="Other Restoreperson", crime_reference="RST/2")
    window = window_on_case(qtbot, context, workspace, "Kept Restoreperson", "RST/1")
    ws = window.workspace
    assert ws is not None
    folder = tmp_path / "backups"
    on_worker(context, lambda: ws.backup(folder))
    shown = window.case_view.bundle
    assert shown is not None
    before = len(shown.events)

    def add_an_event() -> None:
        with ws.open_case(shown.case_id) as handle:
            handle.add_event("suspect_charged", date(2026, 2, 20))

    window.session.close()  # type: ignore[union-attr]
    on_worker(context, add_an_event)

    def count() -> int:
        with ws.open_case(shown.case_id) as handle:
            return len(handle.events())

    assert on_worker(context, count) == before + 1

    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        assert isinstance(dialog, RestoreDialog)
        seen["sets"] = dialog.set_list.count()
        seen["cases"] = [dialog.case_list.item(i).text() for i in range(dialog.case_list.count())]
        dialog.some_cases.setChecked(True)
        for i in range(dialog.case_list.count()):
            item = dialog.case_list.item(i)
            if item.text() == shown.case_code:
                item.setCheckState(Qt.CheckState.Checked)
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        dialog._check()

    when_dialog(fill)
    menu = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Res&tore from backup…" in menu
    from vcop_desktop.ui import workspace_actions

    workspace_actions.restore_from_backup(window)
    wait_idle(qtbot, context)
    wait_idle(qtbot, context)
    codes = sorted(c.case_code for c in on_worker(context, ws.list_cases))
    assert seen["sets"] == 1 and sorted(seen["cases"]) == codes and len(codes) == 2
    assert told and told[0].startswith("Restored 1 case(s) from the backup")
    again = window.case_view.bundle  # the case is shown again, as restored
    assert again is not None and again.case_id == shown.case_id
    assert len(again.events) == before  # the event added since the backup is gone
    window.close()


def test_a_folder_without_backups_says_so(
    qtbot: Any, context: AppContext, workspace: Workspace, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    window = window_on_case(qtbot, context, workspace, "Empty Restoreperson", "RST/3")
    told: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    from vcop_desktop.ui import workspace_actions

    workspace_actions.restore_from_backup(window)
    wait_idle(qtbot, context)
    assert told and "holds no backup made by VCOP Desktop" in told[0]
    window.close()
