"""The File menu's work on the whole workspace: open another, import a scenario, export the
deadlines to a calendar, back up (now, or when the configured interval has passed) and restore.

The files are read and written on the storage worker; only the file choosers run here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

if TYPE_CHECKING:
    from vcop_desktop.storage import Workspace
    from vcop_desktop.ui.window_host import WindowHost


def open_workspace(host: WindowHost) -> None:
    from vcop_desktop.ui.file_dialogs import start_folder

    folder = QFileDialog.getExistingDirectory(host.window(), "Open workspace", str(start_folder()))
    if folder:
        host.switch_to(folder)


def import_scenario(host: WindowHost) -> None:
    workspace = host.workspace
    if workspace is None:
        return
    from vcop_desktop.ui.file_dialogs import open_path

    name = open_path(host.window(), "Import scenario", "Scenario (*.json)")
    if not name:
        return

    def job() -> str:
        from vcop_desktop.errors import UserError

        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise UserError(f"{Path(name).name} is not a readable scenario file.") from error
        return workspace.import_scenario(data).case_id

    host.run(job, host.show_new_case, "import the scenario")


def export_ics(host: WindowHost) -> None:
    workspace, today = host.workspace, host.today
    if workspace is None:
        return
    from vcop_desktop.ui.file_dialogs import save_bytes_as

    now = host.context.clock.now()

    def job() -> tuple[int, int, bytes]:
        from vcop_desktop.ics_export import MEETING_SUMMARIES, deadlines_to_ics

        board = workspace.dashboard(within_days=365, today=today)
        # Hearings and MARAC meetings too (the case code and "Hearing"/"MARAC meeting" only).
        meetings = [
            m for m in workspace.coming_up(today, 365, refresh=False)
            if m.kind in MEETING_SUMMARIES
        ]  # fmt: skip
        return len(board.items), len(meetings), deadlines_to_ics(board.items, now, meetings)

    def done(result: tuple[int, int, bytes]) -> None:
        count, meetings, data = result
        saved = save_bytes_as(
            host.window(), "Export deadlines", f"vcop-deadlines-{host.today.isoformat()}.ics",
            "Calendar (*.ics)", data,
        )  # fmt: skip
        if saved is not None:
            also = f" and {meetings} hearing(s) and MARAC meeting(s)" if meetings else ""
            host.tell(f"Exported {count} deadlines{also} to {saved}", 8000)

    host.run(job, done, "export the calendar")


def maybe_backup(host: WindowHost) -> None:
    """Back up when the configured interval has passed since the last backup."""
    folder = host.context.settings["backup_folder"]
    workspace = host.workspace
    if not folder or workspace is None or host.locked:
        return
    now = host.context.clock.now()
    last = host.remembered.last_backup()
    hours = float(host.context.settings["backup_every_hours"])
    if last and (now - last).total_seconds() < hours * 3600:
        return
    _backup(host, workspace, Path(folder))


def backup_now(host: WindowHost) -> None:
    """File → Back up now."""
    workspace = host.workspace
    folder = host.context.settings["backup_folder"]
    if workspace is None:
        return
    if not folder:
        QMessageBox.information(
            host.window(), "Back up", "Choose a backup folder in Tools → Settings first."
        )
        return
    _backup(host, workspace, Path(folder))


def _backup(host: WindowHost, workspace: Workspace, folder: Path) -> None:
    now = host.context.clock.now()

    def done(report: Any) -> None:
        host.remembered.backed_up(now)
        copied = len(getattr(report, "copied", ()))
        skipped = len(getattr(report, "skipped", ()))
        warning = (
            f" {skipped} case(s) could not be read and were NOT backed up "
            "(run 'vcop-desktop check')."
            if skipped
            else ""
        )
        host.tell(f"Backed up {copied} case(s) to {folder} (verified).{warning}", 8000)

    host.run(lambda: workspace.backup(folder), done, "back up")


def restore_from_backup(host: WindowHost, kept: Any = None) -> None:
    """File -> Restore from backup...: choose the backup folder, then a set and its cases in
    the dialog; the restore runs on the storage worker with the CLI's checks (issue 18)."""
    workspace = host.workspace
    if workspace is None:
        return
    from vcop_desktop.ui.file_dialogs import start_folder
    from vcop_desktop.ui.restore_dialog import BackupSetInfo, RestoreDialog, read_backup_sets

    folder = QFileDialog.getExistingDirectory(
        host.window(), "Restore from backup: choose the backup folder", str(start_folder())
    )
    if not folder:
        return

    def look() -> tuple[list[BackupSetInfo], dict[str, str]]:
        sets = read_backup_sets(Path(folder))
        return sets, {case.case_id: case.case_code for case in workspace.list_cases()}

    def choose(found: tuple[list[BackupSetInfo], dict[str, str]]) -> None:
        sets, codes = found
        if not sets:
            QMessageBox.information(
                host.window(), "Restore from backup",
                f"{folder} holds no backup made by VCOP Desktop. Choose the folder you back "
                "up to (it holds folders named vcop-backup-...).",
            )  # fmt: skip
            return
        dialog = RestoreDialog(sets, codes, host.window())
        if not host.exec_dialog(dialog, lambda _kept=None: restore_from_backup(host)):
            return
        chosen = dialog.chosen_set()
        assert chosen is not None
        cases, passphrase = dialog.chosen_cases(), dialog.passphrase.text()
        dialog.passphrase.clear()
        shown = host.case_view.bundle.case_id if host.case_view.bundle else None
        session = host.session

        def job() -> tuple[Any, list[str], str]:
            from vcop_desktop.errors import UserError

            if session is not None:
                session.close()  # this window's own lock on the open case
            report = workspace.restore(chosen.path, passphrase=passphrase, cases=cases)
            warnings = []
            try:
                letters, _kept = workspace.restore_letters(chosen.path, passphrase)
            except UserError as error:
                letters = []
                warnings.append(f"Letter settings were not restored: {error}")
            try:
                letters += workspace.restore_law_updates(chosen.path)
            except UserError as error:
                warnings.append(f"Law updates were not restored: {error}")
            return report, letters, " ".join(warnings)

        def done(result: tuple[Any, list[str], str]) -> None:
            report, letters, warning = result
            lines = [f"Restored {len(report.restored)} case(s) from the backup (each verified)."]
            if report.erased_left_out:
                lines.append(
                    f"{report.erased_left_out} erased case(s) the backup still held were left "
                    "out: an erased case is never restored."
                )
            if report.missing:
                lines.append(
                    f"{len(report.missing)} case(s) the backup lists had no copy in it and were "
                    "not restored; try an older backup."
                )
            if letters:
                lines.append(f"Letter settings and law updates brought back: {', '.join(letters)}.")
            if warning:
                lines.append(warning)
            QMessageBox.information(host.window(), "Restore from backup", "\n\n".join(lines))
            host.configure_workspace()  # the organisation's packs over any law brought back
            host.refresh_all()
            if shown is not None:
                host.load_case(shown)

        host.run(job, done, "restore from the backup")

    host.run(look, choose, "read the backup folder")
