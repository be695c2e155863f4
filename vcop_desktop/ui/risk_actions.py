"""The Risk tab's actions: take an assessment, record a MARAC referral or meeting.

Each asks through a dialog run by the window (a lock keeps what was ticked), then makes one
write with `host.change_case` (the same add-event path as the Events tab), after which the
case's obligations are worked out again (a high-risk assessment makes the MARAC duty).
Nothing of the answers goes to the status bar or a log: only "Assessment saved".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vcop_desktop.domain.risk import RiskForms
from vcop_desktop.ui.case_actions import record_event

if TYPE_CHECKING:
    from vcop_desktop.ui.risk_tab import RiskTab
    from vcop_desktop.ui.window_host import WindowHost


def forms(host: WindowHost) -> RiskForms:
    """The forms the engine scores with: the workspace's rule book (bundled forms and those in
    the organisation's rules folder), else the bundled ones while nothing is open."""
    if host.workspace is not None:
        return host.workspace.rulebook().forms
    from vcop_desktop.rules.risk_forms import default_forms

    return default_forms()


def take_assessment(host: WindowHost, state: Any = None) -> None:
    from vcop_desktop.ui.risk_dialogs import AssessmentDialog

    if host.case_view.bundle is None:
        host.tell("Choose a case first.", 5000)
        return
    held = forms(host)
    if not held.forms:
        host.tell("No risk form is installed: Tools → Settings → Risk forms.", 8000)
        return
    dialog = AssessmentDialog(held, host.today, host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, lambda kept: take_assessment(host, kept), case_bound=True):
        return
    record_event(
        host, "risk_assessment", dialog.taken_on(), dialog.fields(),
        doing="save the assessment", saved="Assessment saved.",
    )  # fmt: skip


def add_referral(host: WindowHost, state: Any = None) -> None:
    from vcop_desktop.ui.risk_dialogs import MaracReferralDialog

    if host.case_view.bundle is None:
        return
    dialog = MaracReferralDialog(host.today, host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, lambda kept: add_referral(host, kept), case_bound=True):
        return
    when, fields = dialog.values()
    record_event(
        host, "marac_referral", when, fields,
        doing="record the MARAC referral", saved="MARAC referral recorded.",
    )  # fmt: skip


def record_meeting(host: WindowHost, state: Any = None) -> None:
    from vcop_desktop.ui.risk_dialogs import MaracMeetingDialog

    choices = host.case_view.risk.referral_choices()
    if host.case_view.bundle is None or not choices:
        host.tell("Record the MARAC referral first.", 5000)
        return
    dialog = MaracMeetingDialog(choices, host.today, host.window())
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, lambda kept: record_meeting(host, kept), case_bound=True):
        return
    when, fields = dialog.values()
    record_event(
        host, "marac_meeting", when, fields,
        doing="record the MARAC meeting", saved="MARAC meeting recorded.",
    )  # fmt: skip


def wire(host: WindowHost) -> None:
    """The Risk tab's requests, to these actions; its forms, from the workspace (once the tab
    is built: `CaseView.when_built`)."""
    host.case_view.when_built("risk", lambda tab: _wire_tab(host, tab))


def _wire_tab(host: WindowHost, tab: RiskTab) -> None:
    tab.forms_source = lambda: forms(host)
    tab.assess_requested.connect(lambda: take_assessment(host))
    tab.referral_requested.connect(lambda: add_referral(host))
    tab.meeting_requested.connect(lambda: record_meeting(host))
