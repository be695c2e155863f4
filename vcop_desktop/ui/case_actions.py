"""What the advocate records in a case: a new case, events, duties met, details, notes.

Each action asks through a dialog run by the main window, its `host` (so a lock keeps what
was typed), then makes one write on the storage worker with `host.change_case`.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.rules import AgreedInterval
from vcop_desktop.ui.dialogs import MarkMetDialog, NewCaseDialog
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.matters_list import matter_choices
from vcop_desktop.ui.sharing_dialog import SharingDialog
from vcop_desktop.ui.text import long_date

if TYPE_CHECKING:
    from vcop_desktop.storage import CaseHandle
    from vcop_desktop.ui.contacts_tab import ContactEntry
    from vcop_desktop.ui.window_host import WindowHost


def new_case(host: WindowHost, state: Any = None) -> None:
    if host.workspace is None:
        return
    if host.demo and not isinstance(state, dict):
        answer = QMessageBox.warning(
            host.window(),
            "This is the demo workspace",
            "The demo workspace is for trying the app with made-up cases. A real case "
            "belongs in your own workspace: File → New workspace.\n\nAdd a made-up case "
            "to the demo anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
    from vcop_desktop.domain.flag_effects import effects_for

    effects = effects_for(host.workspace.rulebook(), host.today)
    dialog = NewCaseDialog(host.today, host.window(), effects)
    if isinstance(state, dict):
        dialog.restore(state)
    if not host.exec_dialog(dialog, partial(new_case, host)):
        return
    values = dialog.values()
    reported = dialog.reported_on()
    events = [Event("e1", "crime_reported", reported, position=0)] if reported is not None else []
    workspace = host.workspace

    def job() -> str:
        return workspace.create_case(**values, events=events).case_id

    host.run(job, host.show_new_case, "create the case")


def duty_choices(host: WindowHost) -> list[tuple[str, str, str]]:
    """The open case's outstanding duties, for an event that meets one of them."""
    bundle = host.case_view.bundle
    if bundle is None:
        return []
    from vcop_desktop.domain.vocabulary import event_label

    started = {r.event.id: r.event for r in bundle.events}

    def label(o: Obligation) -> str:
        event = started.get(o.trigger)
        if event is None:
            return o.what
        return f"{o.what} ({event_label(event.type).lower()}, {long_date(event.date)})"

    return [
        (o.duty, o.trigger, label(o))
        for o in bundle.evaluation.obligations
        if o.status.is_outstanding
    ]


def add_event(
    host: WindowHost,
    preset_type: str | None = None,
    state: Any = None,
    preset_date: date | None = None,
) -> None:
    bundle = host.case_view.bundle
    if bundle is None:
        host.tell("Choose a case first.", 5000)
        return
    dialog = EventDialog(
        host.today,
        [r.event for r in bundle.events],
        duty_choices(host),
        matter_choices=matter_choices(
            bundle.evaluation.obligations, [r.event for r in bundle.events]
        ),
        preset_type=preset_type if isinstance(preset_type, str) else None,
        preset_date=preset_date,
        parent=host.window(),
    )
    if isinstance(state, dict):
        dialog.restore(state)
    reopen = lambda kept: add_event(host, state=kept)  # noqa: E731
    if not host.exec_dialog(dialog, reopen, case_bound=True):
        return
    next_type, when = dialog.next_type, dialog.when()
    record_event(host, dialog.event_type(), when, dialog.values(), dialog.note_text())
    if next_type:  # the next step usually happened on the same day, or soon after
        QTimer.singleShot(0, lambda: add_event(host, next_type, preset_date=when))


def record_event(
    host: WindowHost,
    event_type: str,
    when: date,
    fields: dict[str, Any],
    note: str | None = None,
    doing: str = "add the event",
    saved: str = "",
) -> None:
    """Store one new event in the open case: the one write every way of adding an event makes
    (the Add event dialog, the Contacts tab's row, the sharing, risk and safety-plan dialogs,
    a letter's "record it?"); `saved` is said once it is stored."""

    def action(handle: CaseHandle) -> None:
        handle.add_event(event_type, when, fields, note=note)

    host.change_case(action, doing, saved=saved)


def log_a_contact(host: WindowHost) -> None:
    """Case → Log a contact (Ctrl+K): the Contacts tab, its row ready to type in."""
    if host.case_view.bundle is None:
        host.tell("Choose a case first.", 5000)
        return
    host.content.setCurrentIndex(1)
    host.case_view.tabs.setCurrentWidget(host.case_view.contacts)
    host.case_view.contacts.setFocus()


def log_contact(host: WindowHost, entry: ContactEntry) -> None:
    """The Contacts tab's row: a `contact` event."""
    record_event(host, "contact", entry.when, entry.fields, entry.note, "log the contact")


def shared_without_consent(
    host: WindowHost, state: Any = None, review_of: str | None = None
) -> None:
    """Case → Shared without consent…: a decision to share, or the review of an open one."""
    bundle = host.case_view.bundle
    if bundle is None:
        host.tell("Choose a case first.", 5000)
        return
    dialog = SharingDialog(
        host.today, [r.event for r in bundle.events], review_of=review_of, parent=host.window()
    )
    if isinstance(state, dict):
        dialog.restore(state)
    reopen = lambda kept: shared_without_consent(host, kept, review_of)  # noqa: E731
    if not host.exec_dialog(dialog, reopen, case_bound=True):
        return
    event_type, when, fields, note = dialog.result_event()
    doing = "record the review" if event_type == "sharing_reviewed" else "record the sharing"
    record_event(host, event_type, when, fields, note, doing)


def edit_event(host: WindowHost, record: Any, state: Any = None) -> None:
    bundle = host.case_view.bundle
    if bundle is None:
        return
    dialog = EventDialog(
        host.today, [r.event for r in bundle.events], duty_choices(host),
        matter_choices=matter_choices(
            bundle.evaluation.obligations, [r.event for r in bundle.events]
        ),
        event=record.event, note=record.note, parent=host.window(),
    )  # fmt: skip
    if isinstance(state, dict):
        dialog.restore(state)
    reopen = lambda kept: edit_event(host, record, kept)  # noqa: E731
    if not host.exec_dialog(dialog, reopen, case_bound=True):
        return
    when, fields, note = dialog.when(), dialog.values(), dialog.note_text()
    event_id = record.event.id
    host.change_case(
        lambda handle: handle.edit_event(event_id, when=when, fields=fields, note=note),
        "change the event",
    )


def delete_event(host: WindowHost, record: Any) -> None:
    event_id = record.event.id
    host.change_case(lambda handle: handle.delete_event(event_id), "delete the event")


def mark_selected_met(host: WindowHost) -> None:
    """Case → Mark met: the obligation selected on the timeline."""
    obligation = host.case_view.timeline.current()
    if obligation is None:
        host.content.setCurrentIndex(1)
        host.case_view.tabs.setCurrentWidget(host.case_view.timeline)
        host.tell("Select an obligation on the timeline first.", 5000)
        return
    mark_met(host, obligation)


def mark_met(host: WindowHost, obligation: Obligation, state: Any = None) -> None:
    bundle = host.case_view.bundle
    if bundle is None:
        return
    trigger = next((r.event for r in bundle.events if r.event.id == obligation.trigger), None)
    if trigger is not None and trigger.type == "info_shared_without_consent":
        # A sharing decision's review is met by recording the review, naming the decision.
        shared_without_consent(host, state, review_of=trigger.id)
        return
    started = next((r.event.date for r in bundle.events if r.event.id == obligation.trigger), None)
    dialog = MarkMetDialog(obligation, host.today, host.window(), earliest=started)
    if isinstance(state, dict):
        dialog.restore(state)
    reopen = lambda kept: mark_met(host, obligation, kept)  # noqa: E731
    if not host.exec_dialog(dialog, reopen, case_bound=True):
        return
    when, note, clear = dialog.met_on(), dialog.note_text(), dialog.reasons_clear()
    rule = host.workspace.rulebook().rule(obligation.duty) if host.workspace else None
    schedule = rule.schedule if rule is not None else None

    def action(handle: CaseHandle) -> None:
        if isinstance(schedule, AgreedInterval):
            # An update from the agency meets this cycle and starts the next one.
            handle.add_event(schedule.renewed_by, when, {"from": obligation.owed_by},
                             note=note or "Recorded with Mark met")  # fmt: skip
        else:
            handle.add_event(
                "duty_met",
                when,
                {
                    "duty": obligation.duty,
                    "trigger": obligation.trigger,
                    **({"reasons_clear": clear} if clear else {}),
                },
                note=note,
            )

    host.change_case(action, "record that the obligation was met")


def save_details(host: WindowHost, victim: dict[str, Any], case: dict[str, Any]) -> None:
    def action(handle: CaseHandle) -> None:
        if victim:
            handle.update_victim(**victim)
        if case:
            handle.update_case(**case)

    host.change_case(action, "save the details", saved="Details saved.")


def choose_recipient(host: WindowHost, slot: str, entry_id: str | None) -> None:
    """The Overview's "Where letters go": saved at once, with its audit row."""
    from vcop_desktop.storage.recipient_choices import choose_recipient as choose

    host.change_case(
        lambda handle: choose(handle, slot, entry_id),
        "choose where letters go",
        refresh_list=False,
    )
    host.tell("Letters of this case will go to the address chosen.", 6000)


def add_note(host: WindowHost, text: str) -> None:
    host.change_case(lambda handle: handle.add_note(text), "add the note", refresh_list=False)
