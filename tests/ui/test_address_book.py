"""The address book in the app: edit it (Tools → Address book), choose an entry per case on
the Overview (saved with an audit row), and the letter is addressed to it as it is now; a
deleted entry leaves a gap; the dialog survives a lock with what was typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.ui.conftest import wait_idle, when_dialog
from tests.ui.test_lock_dialogs import assert_locked_and_hidden, press_lock, reopened
from tests.ui.test_main_window import window_on_case
from vcop_desktop.letters.markup import parse_letter
from vcop_desktop.letters.profile import letters_dir
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.address_book import load_book
from vcop_desktop.ui.address_book_dialog import AddressBookDialog
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.letter_dialog import LetterDialog
from vcop_desktop.ui.letter_recipients import GONE, NOT_CHOSEN
from vcop_desktop.ui.main_window import MainWindow

ADDRESS = "Police Headquarters\nLadywell House\n1 Station Road\nNorthdale\nND1 1AA"


def case_window(qtbot: Any, context: AppContext, workspace: Workspace) -> MainWindow:
    window = window_on_case(qtbot, context, workspace, "Zoë Bookperson", "BOOK/1/2026")
    return window


def edit_book(qtbot: Any, window: MainWindow, edit: Any) -> None:
    def act(dialog: Any) -> None:
        assert isinstance(dialog, AddressBookDialog)
        edit(dialog)
        dialog.save()

    when_dialog(act)
    window.open_address_book()
    for _ in range(3):
        wait_idle(qtbot, window.context)


def add(dialog: AddressBookDialog, type_: str, name: str, address: str) -> None:
    dialog.add_button.click()
    dialog.type.setCurrentIndex(dialog.type.findData(type_))
    dialog.name.setText(name)
    dialog.address.setPlainText(address)


def draft_recipient(qtbot: Any, window: MainWindow) -> list[str]:
    seen: dict[str, Any] = {}

    def work(dialog: Any) -> None:
        assert isinstance(dialog, LetterDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("police-complaint"))
        dialog.make_draft()
        wait_idle(qtbot, window.context)
        seen["text"] = dialog.editor.toPlainText()
        QDialog.done(dialog, 0)

    when_dialog(work)
    window.draft_letter()
    wait_idle(qtbot, window.context)
    return parse_letter(seen["text"]).recipient


def test_choose_an_entry_and_the_letter_goes_there_as_the_book_has_it_now(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = case_window(qtbot, context, workspace)
    box = window.case_view.overview.recipients
    assert box.combos == {} and "address book" in box.note.text()

    def first(dialog: AddressBookDialog) -> None:
        add(dialog, "police", "Northdale Constabulary", ADDRESS)
        add(dialog, "cps", "CPS Northdale", "2 Court Street\nND2 2BB")
        add(dialog, "police", "Southvale Police", "Southvale")

    edit_book(qtbot, window, first)
    book = load_book(letters_dir(workspace.folder))
    assert [e.name for e in book] == ["Northdale Constabulary", "CPS Northdale", "Southvale Police"]
    assert book[0].address == tuple(ADDRESS.splitlines())
    # The Overview offers each slot's own entries only.
    police = box.combos["police"]
    assert [police.itemText(i) for i in range(police.count())] == [
        NOT_CHOSEN, "Northdale Constabulary", "Southvale Police"
    ]  # fmt: skip
    assert set(box.combos) == {"police", "cps"}
    # Choose by keyboard, as the advocate would (Down on a closed combo is a choice).
    police.setFocus()
    qtbot.keyClick(police, Qt.Key.Key_Down)
    wait_idle(qtbot, context)
    bundle = window.case_view.bundle
    assert bundle is not None and bundle.recipients == {"police": book[0].id}
    assert window.case_view.overview.recipients.combos["police"].currentText() == (
        "Northdale Constabulary"
    )
    assert draft_recipient(qtbot, window) == [
        "Professional Standards Department", "Northdale Constabulary", *ADDRESS.splitlines()
    ]  # fmt: skip

    # The entry is renamed: the letter follows the book.
    def rename(dialog: AddressBookDialog) -> None:
        dialog.list.setCurrentRow(
            next(
                i
                for i in range(dialog.list.count())
                if "Northdale Con" in dialog.list.item(i).text()
            )
        )
        dialog.name.setText("Northdale Police")

    edit_book(qtbot, window, rename)
    assert draft_recipient(qtbot, window)[1] == "Northdale Police"

    # The entry is deleted: the Overview says so and the letter has a gap, no crash.
    def delete(dialog: AddressBookDialog) -> None:
        dialog.list.setCurrentRow(
            next(
                i
                for i in range(dialog.list.count())
                if "Northdale Pol" in dialog.list.item(i).text()
            )
        )
        dialog.remove_button.click()

    edit_book(qtbot, window, delete)
    assert window.case_view.overview.recipients.combos["police"].currentText() == GONE
    recipient = draft_recipient(qtbot, window)
    assert recipient[0] == "Professional Standards Department"
    assert "no longer in the address book" in recipient[1]
    audit = window.session.handle.audit_log()  # type: ignore[union-attr]
    assert any(a.action == "letter recipient chosen" for a in audit)
    window.close()


def test_an_entry_without_a_name_is_refused_and_nothing_is_written(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = case_window(qtbot, context, workspace)
    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        add(dialog, "wcu", "   ", "somewhere")
        dialog.save()
        seen["problem"] = dialog.problem.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    when_dialog(act)
    window.open_address_book()
    for _ in range(3):
        wait_idle(qtbot, context)
    assert "name" in seen["problem"] and seen["open"]
    assert not (letters_dir(workspace.folder) / "address-book.toml").exists()
    window.close()


def test_the_address_book_is_back_after_a_lock_with_what_was_typed(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = case_window(qtbot, context, workspace)
    seen: dict[str, Any] = {}

    def act(dialog: Any) -> None:
        seen["dialog"] = dialog
        add(dialog, "iopc", "Independent Office for Police Conduct", "PO Box 473\nSale")
        press_lock(dialog.name, qtbot)

    when_dialog(act)
    window.open_address_book()
    for _ in range(3):
        wait_idle(qtbot, context)
    assert "dialog" in seen
    assert_locked_and_hidden(window)

    def check(dialog: AddressBookDialog) -> None:
        assert dialog.name.text() == "Independent Office for Police Conduct"
        assert dialog.address.toPlainText() == "PO Box 473\nSale"

    reopened(qtbot, window, AddressBookDialog, check)
    window.close()
