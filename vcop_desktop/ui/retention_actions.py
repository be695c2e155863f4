"""The retention review's decisions, run on the storage worker: keep, anonymise, erase
(`storage/workspace_retention.py`), and the schedule set in Settings → Retention. A case open
in this window is closed first (its lock would refuse the change) and its view cleared."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vcop_desktop.ui.text import long_date

if TYPE_CHECKING:
    from vcop_desktop.storage import RetentionDue
    from vcop_desktop.ui.case_session import CaseSession
    from vcop_desktop.ui.window_host import WindowHost


def wire(host: WindowHost) -> None:
    panel = host.dashboard.retention
    panel.keep_requested.connect(lambda item: keep(host, item))
    panel.anonymise_requested.connect(lambda item: decide(host, "anonymise", item))
    panel.erase_requested.connect(lambda item: decide(host, "erase", item))


def keep(host: WindowHost, item: RetentionDue, state: Any = None) -> None:
    from vcop_desktop.ui.retention_review import KeepDialog

    workspace, today = host.workspace, host.today
    if workspace is None:
        return
    dialog = KeepDialog(item, today, host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, lambda kept: keep(host, item, kept)):
        return
    reason, until = dialog.values()
    assert until is not None  # the dialog accepts only with a date
    session = host.session
    close_if_open(host, item.case_id)

    def job() -> None:
        _close_session(session, item.case_id)
        workspace.keep_case(item.case_id, reason, until, today)

    said = f"Case {item.case_code} is kept; it is reviewed again on {long_date(until)}."
    host.run(job, lambda _: _done(host, said), "keep the case")


def decide(host: WindowHost, kind: str, item: RetentionDue) -> None:
    """Anonymise or erase, once confirmed in words."""
    from vcop_desktop.ui.retention_review import DecisionDialog

    workspace, today = host.workspace, host.today
    if workspace is None:
        return
    dialog = DecisionDialog(kind, item, host.window())
    if not host.exec_dialog(dialog, lambda _kept=None: decide(host, kind, item)):
        return
    session = host.session
    close_if_open(host, item.case_id)

    def job() -> str:
        _close_session(session, item.case_id)
        if kind == "anonymise":
            workspace.anonymise_case(item.case_id, today)
            return f"Case {item.case_code} is anonymised: its events and figures are kept."
        report = workspace.erase_at_review(item.case_id)
        said = f"Case {item.case_code} is erased."
        if report.unreachable_backup_folders:
            said += (
                f" {len(report.unreachable_backup_folders)} backup folder(s) could not be "
                "reached; the copies there are erased when they can be."
            )
        return said

    host.run(job, lambda said: _done(host, said), f"{kind} the case")


def close_if_open(host: WindowHost, case_id: str) -> None:
    """The case shown is the one decided on: its view goes (the worker closes its file)."""
    bundle = host.case_view.bundle
    if bundle is not None and bundle.case_id == case_id:
        host.case_view.clear()


def _close_session(session: CaseSession | None, case_id: str) -> None:
    """On the worker: this window's own lock on the case, let go."""
    if session is not None and session.case_id == case_id:
        session.close()


def set_years(host: WindowHost, years: int) -> None:
    """Settings → Retention: the schedule, saved and logged on the worker."""
    workspace = host.workspace
    if workspace is None or years == workspace.retention_years():
        return

    def job() -> bool:
        return workspace.set_retention_years(years)

    said = f"Closed cases are now reviewed {years} years after closure."
    host.run(job, lambda _: _done(host, said), "change the retention schedule")


def _done(host: WindowHost, said: str) -> None:
    host.tell(said, 10_000)
    host.refresh_all()
