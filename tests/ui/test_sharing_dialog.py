"""Case → Shared without consent…: the decision and its review are both recorded as events,
the review shown due 2 days after the decision; a lock closes the dialog and the unlock brings
it back with what was typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_lock_dialogs import lock_inside, reopened
from tests.ui.test_lock_dialogs import window as window
from vcop_desktop.ui import case_actions
from vcop_desktop.ui.main_window import MainWindow
from vcop_desktop.ui.sharing_dialog import SharingDialog

# The tests' clock stands at Monday 2 March 2026.


def menu_item(window: MainWindow, text: str) -> Any:
    case_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Case")
    return next(a for a in case_menu.actions() if a.text() == text)


def fill_decision(qtbot: Any, dialog: SharingDialog) -> None:
    qtbot.keyClicks(dialog.what, "Current address")
    qtbot.keyClicks(dialog.with_whom, "Children's services")
    qtbot.keyClicks(dialog.reason, "Risk to the children")
    qtbot.keyClicks(dialog.lawful_basis, "Vital interests")
    qtbot.keyClicks(dialog.approved_by, "Team manager")
    dialog.shared_on.set_text("1/3/2026")


def events_of(window: MainWindow, kind: str) -> list[Any]:
    bundle = window.case_view.bundle
    assert bundle is not None
    return [r for r in bundle.events if r.event.type == kind]


def test_the_decision_and_its_review_are_recorded(qtbot: Any, window: MainWindow) -> None:
    seen: dict[str, Any] = {}

    def decide(dialog: Any) -> None:
        assert isinstance(dialog, SharingDialog)
        assert not dialog.review_choice.isEnabled()  # nothing open to review yet
        dialog._save()
        seen["empty"] = dialog.problem.text()
        fill_decision(qtbot, dialog)
        seen["due"] = dialog.due.text()
        dialog._save()

    when_dialog(decide)
    menu_item(window, "Shared without &consent…").trigger()
    wait_idle(qtbot, window.context)
    assert seen["empty"].startswith("What was shared is needed")
    assert seen["due"] == "Review due by 3 March 2026."
    [shared] = events_of(window, "info_shared_without_consent")
    assert shared.event.date == date(2026, 3, 1)
    assert dict(shared.event.fields) == {
        "what": "Current address", "with": "Children's services",
        "reason": "Risk to the children", "lawful_basis": "Vital interests",
        "approved_by": "Team manager",
    }  # fmt: skip

    def review(dialog: Any) -> None:
        assert isinstance(dialog, SharingDialog)
        assert dialog.review_choice.isEnabled()
        dialog.review_choice.setChecked(True)
        seen["open"] = dialog.decision.currentText()
        qtbot.keyClicks(dialog.outcome, "Sharing to continue")
        dialog._save()

    when_dialog(review)
    case_actions.shared_without_consent(window)
    wait_idle(qtbot, window.context)
    assert "review due 3 March 2026" in seen["open"]
    assert "Current address to Children's services" in seen["open"]
    [reviewed] = events_of(window, "sharing_reviewed")
    assert reviewed.event.get_str("shared") == shared.event.id
    assert reviewed.event.date == date(2026, 3, 2) and reviewed.note == "Sharing to continue"

    def nothing_open(dialog: Any) -> None:
        seen["after"] = dialog.review_choice.isEnabled()
        dialog.reject()

    when_dialog(nothing_open)
    case_actions.shared_without_consent(window)
    assert seen["after"] is False  # reviewed: no longer open
    window.close()


def test_sharing_dialog_is_back_after_the_lock(qtbot: Any, window: MainWindow) -> None:
    def fill(dialog: SharingDialog) -> QWidget:
        fill_decision(qtbot, dialog)
        return dialog.approved_by

    lock_inside(
        qtbot, window, lambda: case_actions.shared_without_consent(window),
        fill,  # type: ignore[arg-type]
    )  # fmt: skip

    def check(dialog: SharingDialog) -> None:
        assert dialog.what.text() == "Current address"
        assert dialog.lawful_basis.text() == "Vital interests"
        assert dialog.approved_by.text() == "Team manager"
        assert dialog.shared_on.text() == "1/3/2026"
        assert dialog.due.text() == "Review due by 3 March 2026."

    reopened(qtbot, window, SharingDialog, check)
    assert events_of(window, "info_shared_without_consent") == []  # nothing stored by the lock
    window.close()


def test_every_control_of_the_dialog_and_the_contacts_tab_is_named(
    qtbot: Any, window: MainWindow
) -> None:
    from tests.ui.test_screen_reader import unnamed_controls

    found: dict[str, Any] = {}

    def look(dialog: Any) -> None:
        dialog.show()
        found["dialog"] = unnamed_controls(dialog)
        dialog.reject()

    when_dialog(look)
    case_actions.shared_without_consent(window)
    missing, read = found["dialog"]
    assert missing == [] and read >= 10
    window.case_view.tabs.setCurrentWidget(window.case_view.contacts)
    missing, read = unnamed_controls(window.case_view.contacts)
    assert missing == [] and read >= 8
    window.close()


def test_an_unsent_contact_note_is_kept_across_the_lock(qtbot: Any, window: MainWindow) -> None:
    from tests.ui.test_lock_dialogs import SECRET, assert_locked_and_hidden, unlock

    contacts = window.case_view.contacts
    window.case_view.tabs.setCurrentWidget(contacts)
    contacts.row.note.setText(SECRET)
    contacts.row.outcome.setCurrentIndex(contacts.row.outcome.findData("no_answer"))
    window.lock()
    wait_idle(qtbot, window.context)
    assert_locked_and_hidden(window)
    assert contacts.row.note.text() == ""  # nothing of it left in the widgets while locked
    unlock(qtbot, window)
    assert contacts.row.note.text() == SECRET
    assert contacts.row.outcome.currentData() == "no_answer"
    contacts.row.note.clear()  # else closing asks about it
    window.close()


def test_mark_met_on_a_sharing_review_records_the_review(
    qtbot: Any, context: Any, workspace: Any
) -> None:
    """The engine's review standard (owed by the advocate, started by the sharing decision):
    Mark met opens the review, the decision chosen, and stores `sharing_reviewed` naming it,
    not a bare `duty_met`. Draft letter stays off: the service's own standard is never the
    subject of a letter to an agency."""
    import dataclasses

    from tests.ui.test_main_window import window_on_case
    from vcop_desktop.domain.events import Event
    from vcop_desktop.domain.obligations import Status

    shared = Event(
        "s1", "info_shared_without_consent", date(2026, 2, 20),
        {"what": "Address", "with": "Police", "reason": "Risk", "lawful_basis": "Vital"},
        position=2,
    )  # fmt: skip
    window = window_on_case(qtbot, context, workspace, "Sam Sharesample", "SHR/1", shared)
    bundle = window.case_view.bundle
    assert bundle is not None
    some = bundle.evaluation.obligations[0]
    review = dataclasses.replace(
        some, duty="advocate.sharing_review", trigger="s1", owed_by="advocate", right=None,
        statutory=False, what="Review the decision to share", clock_start=date(2026, 2, 20),
        due=date(2026, 2, 22), status=Status.OVERDUE, met_on=None,
    )  # fmt: skip
    tab = window.case_view.timeline
    tab._current = review
    tab._update_label()
    assert tab.mark_met.isEnabled() and not tab.draft.isEnabled()
    seen: dict[str, Any] = {}

    def check(dialog: Any) -> None:
        assert isinstance(dialog, SharingDialog)
        seen["reviewing"] = dialog.reviewing()
        seen["chosen"] = dialog.decision.currentData()
        dialog._save()

    when_dialog(check)
    window.mark_met(review)
    wait_idle(qtbot, window.context)
    assert seen == {"reviewing": True, "chosen": "s1"}
    [reviewed] = events_of(window, "sharing_reviewed")
    assert reviewed.event.get_str("shared") == "s1"
    assert events_of(window, "duty_met") == []
    window.close()


def test_the_sharing_dialog_has_one_control_per_alt_letter(qtbot: Any) -> None:
    from tests.ui.test_keyboard_keys import clashes
    from vcop_desktop.domain.events import Event

    shared = Event(
        "s1", "info_shared_without_consent", date(2026, 2, 20),
        {"what": "Address", "with": "Police", "reason": "Risk", "lawful_basis": "Vital"},
    )  # fmt: skip
    dialog = SharingDialog(date(2026, 3, 2), [shared])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert clashes(dialog) == {}
    dialog.reject()
