"""One Alt+letter per window, one shortcut per action, and Tab that leaves a table (issue 23).

Qt matches a mnemonic among the visible widgets of a window: two visible controls with the
same Alt+letter make the key cycle between them (or do nothing), so every screen state is
walked: each main page, and on the Cases page each tab of the case.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QPushButton,
    QTabBar,
    QWidget,
)

from tests.ui.conftest import every_case_tab_built, wait_idle, when_dialog
from tests.ui.test_main_window import window_on_case
from vcop_desktop.settings import Settings
from vcop_desktop.storage import Workspace
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.dialogs import NewCaseDialog
from vcop_desktop.ui.event_dialog import EventDialog
from vcop_desktop.ui.settings_dialog import SettingsDialog
from vcop_desktop.ui.start_window import StartWindow


def mnemonic(text: str) -> str | None:
    """The letter of `text`'s Alt+letter, or None."""
    key = QKeySequence.mnemonic(text)
    return key.toString().removeprefix("Alt+").upper() if not key.isEmpty() else None


def visible_mnemonics(window: QWidget) -> list[tuple[str, str]]:
    """(letter, where) for every mnemonic a user can press in `window` as it is shown now."""
    found: list[tuple[str, str]] = []

    def add(text: str, where: str) -> None:
        letter = mnemonic(text)
        if letter:
            found.append((letter, f"{where} {text!r}"))

    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QMenuBar):
            for action in widget.actions():
                add(action.text(), "menu")
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(widget.tabText(index), "tab")
        elif isinstance(widget, QAbstractButton):
            add(widget.text(), "button")
        elif isinstance(widget, QGroupBox):
            add(widget.title(), "group")
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), "label")
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    seen = visible_mnemonics(window)
    counts = Counter(letter for letter, _ in seen)
    return {
        letter: [where for other, where in seen if other == letter]
        for letter, n in counts.items()
        if n > 1
    }


def menu_clashes(menu_bar: QMenuBar) -> dict[str, list[str]]:
    """Within each open menu, the same letter twice."""
    out: dict[str, list[str]] = {}
    for top in menu_bar.actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        letters = Counter(mnemonic(a.text()) for a in menu.actions() if a.text())
        for letter, n in letters.items():
            if letter and n > 1:
                out[f"{top.text()} {letter}"] = [
                    a.text() for a in menu.actions() if mnemonic(a.text()) == letter
                ]
    return out


def shortcut_clashes(window: QWidget) -> list[str]:
    keys: list[str] = []
    for action in window.findChildren(QAction):
        keys += [k.toString() for k in action.shortcuts() if not k.isEmpty()]
    for shortcut in window.findChildren(QShortcut):
        # A shortcut scoped to its own widget (Alt+Down in each date field) clashes with none.
        scoped = shortcut.context() == Qt.ShortcutContext.WidgetShortcut
        if shortcut.isEnabled() and not shortcut.key().isEmpty() and not scoped:
            keys.append(shortcut.key().toString())
    return [key for key, n in Counter(keys).items() if n > 1]


def test_every_screen_of_the_main_window_has_one_control_per_alt_letter(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Alt Letterperson", "ALT/1")
    states: dict[str, dict[str, list[str]]] = {}
    for page in range(window.content.count()):
        window.content.setCurrentIndex(page)
        wait_idle(qtbot, context)
        if page != 1:  # only the Cases page has tabs of its own
            states[window.content.tabText(page)] = clashes(window)
            continue
        tabs = window.case_view.tabs
        for tab in range(tabs.count()):
            tabs.setCurrentIndex(tab)
            wait_idle(qtbot, context)
            states[f"{window.content.tabText(page)} / {tabs.tabText(tab)}"] = clashes(window)
    assert {state: found for state, found in states.items() if found} == {}
    assert menu_clashes(window.menuBar()) == {}
    assert shortcut_clashes(window) == []
    window.close()


def test_every_button_of_the_reports_page_has_an_alt_letter_of_its_own(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    """The Reports page holds more buttons than any other: each has a letter (the VPS report's
    had none), in each state of the page, "Back to this workspace" shown after a merge too."""
    window = window_on_case(qtbot, context, workspace, "Alt Letterperson", "ALT/2")
    view = window.reports
    window.show_page(view)
    wait_idle(qtbot, context)
    states = {}
    for state in ("as opened", "extracts merged"):
        if state == "extracts merged":
            view.own_button.show()  # as `merge` shows it (merging reads real extracts)
        buttons = [b for b in view.findChildren(QPushButton) if b.isVisible()]
        assert view.vps_button in buttons and (state == "as opened") != (view.own_button in buttons)
        missing = [b.text() for b in buttons if not mnemonic(b.text())]
        states[state] = (missing, clashes(window))
    assert states == {state: ([], {}) for state in states}
    window.close()


def test_each_dialog_has_one_control_per_alt_letter(qtbot: Any, context: AppContext) -> None:
    dialogs: list[QWidget] = [
        EventDialog(date(2026, 3, 2), []),
        NewCaseDialog(date(2026, 3, 2)),
        SettingsDialog(Settings(context.config_dir)),
        StartWindow(context),
    ]
    found = {}
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        found[type(dialog).__name__] = clashes(dialog)
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()
    assert {name: c for name, c in found.items() if c} == {}


def test_tab_leaves_every_table_and_arrows_move_inside_it(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Tab Leaverperson", "TAB/1")
    every_case_tab_built(window)
    traps = [
        f"{type(view).__name__} in {type(view.parentWidget()).__name__}"
        for view in window.findChildren(QAbstractItemView)
        if view.tabKeyNavigation()
    ]
    assert traps == []
    # Driven for real: Tab from the dashboard's table goes to another widget.
    window.content.setCurrentIndex(0)
    wait_idle(qtbot, context)
    table = window.dashboard.findChild(QAbstractItemView)
    assert table is not None
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert window.focusWidget() is not table
    window.close()


def test_the_letter_address_book_and_mark_met_dialogs_have_one_control_per_alt_letter(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Dialog Letterperson", "DLG/1")
    found: dict[str, dict[str, list[str]]] = {}

    def look(dialog: Any) -> None:
        found[type(dialog).__name__] = clashes(dialog)
        dialog.reject()

    for open_it in (window.draft_letter, window.open_address_book):
        when_dialog(look)
        open_it()
        wait_idle(qtbot, context)
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    window.case_view.timeline.table.selectRow(0)
    when_dialog(look)
    window.mark_selected_met()
    wait_idle(qtbot, context)
    assert set(found) == {"LetterDialog", "AddressBookDialog", "MarkMetDialog"}
    assert {name: c for name, c in found.items() if c} == {}
    window.close()


def test_settings_opens_with_its_first_field_focused(qtbot: Any, context: AppContext) -> None:
    dialog = SettingsDialog(Settings(context.config_dir))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
    first = next(iter(dialog.inputs.values()))
    focused = dialog.focusWidget()
    assert focused is first or first.isAncestorOf(focused)
    assert first.accessibleName() and focused.isVisible()
