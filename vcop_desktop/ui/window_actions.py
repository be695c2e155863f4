"""The main window's menus and shortcuts, and its views' requests, each wired to the action
that does it (in `case_actions`, `letter_actions`, `workspace_actions`, `tools_and_help`).

The Alt+letter of every menu and item is part of the keyboard map that
`tests/ui/test_keyboard_keys.py` checks: change one only with the others in mind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from vcop_desktop.ui import (
    case_actions,
    letter_actions,
    retention_actions,
    risk_actions,
    tools_and_help,
    workspace_actions,
)
from vcop_desktop.ui.good_reason_dialog import install_reason_button, record_reason
from vcop_desktop.ui.import_dialog import import_cases
from vcop_desktop.ui.law_dialog import update_the_law
from vcop_desktop.ui.safety_plan_actions import wire as wire_safety_plan
from vcop_desktop.ui.subject_access_dialog import subject_access_export

if TYPE_CHECKING:
    from vcop_desktop.ui.contacts_tab import ContactsTab
    from vcop_desktop.ui.documents_tab import DocumentsTab
    from vcop_desktop.ui.events_tab import EventsTab
    from vcop_desktop.ui.overview_tab import OverviewTab
    from vcop_desktop.ui.timeline_tab import TimelineTab
    from vcop_desktop.ui.window_host import WindowHost


@dataclass(frozen=True)
class Menus:
    """The menu items that the window itself needs again."""

    new_case: QAction
    lock: QAction
    recent: QMenu


def build_menus(host: WindowHost) -> Menus:
    """The menu bar; every item is also an action of the window, so its shortcut works from
    any page (and the lock disables them all but Lock)."""

    def action(menu: QMenu, text: str, slot: Any, shortcut: Any = None) -> QAction:
        item = QAction(text, host.window())
        if shortcut is not None:
            item.setShortcut(QKeySequence(shortcut))
        item.triggered.connect(slot)
        menu.addAction(item)
        host.addAction(item)
        return item

    bar = host.menuBar()
    file = bar.addMenu("&File")
    new_case = action(file, "&New case…", lambda: case_actions.new_case(host), "Ctrl+N")
    file.addSeparator()
    action(file, "New &workspace…", lambda: host.switch_to(""))
    action(file, "&Open workspace…", lambda: workspace_actions.open_workspace(host))
    recent = file.addMenu("&Recent workspaces")
    fill_recent(host, recent)
    file.addSeparator()
    action(file, "&Import scenario…", lambda: workspace_actions.import_scenario(host))
    action(file, "Import &cases…", lambda: import_cases(host))
    action(
        file, "&Export deadlines to calendar (.ics)…", lambda: workspace_actions.export_ics(host)
    )
    action(file, "&Back up now", lambda: workspace_actions.backup_now(host))
    action(file, "Res&tore from backup…", lambda: workspace_actions.restore_from_backup(host))
    action(file, "&Update the law…", lambda: update_the_law(host))
    file.addSeparator()
    lock_action = action(file, "&Lock", host.lock, "Ctrl+L")
    # Lock works from any window of the app, dialogs included.
    lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action(file, "&Quit", host.close, "Ctrl+Q")  # StandardKey.Quit is empty on Windows
    case = bar.addMenu("&Case")
    action(case, "&Add event…", lambda: case_actions.add_event(host), "Ctrl+E")
    action(case, "&Mark met…", lambda: case_actions.mark_selected_met(host), "Ctrl+M")
    action(case, "&Draft letter…", lambda: letter_actions.draft_letter(host), "Ctrl+D")
    action(
        case, "Agency's &reason…", lambda: record_reason(host, host.case_view.timeline.current())
    )
    action(case, "&Log a contact", lambda: case_actions.log_a_contact(host), "Ctrl+K")
    action(case, "Shared without &consent…", lambda: case_actions.shared_without_consent(host))
    action(case, "&Subject access export…", lambda: subject_access_export(host))
    view = bar.addMenu("&View")
    action(view, "&Dashboard", lambda: host.content.setCurrentIndex(0), "Ctrl+1")
    action(view, "&Cases", lambda: host.content.setCurrentIndex(1), "Ctrl+2")
    action(view, "&Reports", lambda: host.content.setCurrentIndex(2), "Ctrl+3")
    action(view, "&Search cases", lambda: _focus_search(host), "Ctrl+F")
    action(view, "Re&fresh", host.refresh_all, "F5")
    # On a small screen the case can have the whole width (the list comes back from here).
    case_list = action(view, "Case &list", lambda on: host.cases.setVisible(on))
    case_list.setCheckable(True)
    case_list.setChecked(True)
    tools = bar.addMenu("&Tools")
    action(tools, "&Settings…", lambda: tools_and_help.open_settings(host), "Ctrl+,")
    action(tools, "&Address book…", lambda: tools_and_help.open_address_book(host))
    help_menu = bar.addMenu("&Help")
    action(
        help_menu, "&User guide: your rights", lambda: tools_and_help.show_user_guide(host),
        QKeySequence.StandardKey.HelpContents,
    )  # fmt: skip
    action(help_menu, "&About VCOP Desktop", lambda: tools_and_help.about(host))
    return Menus(new_case, lock_action, recent)


def fill_recent(host: WindowHost, menu: QMenu) -> None:
    """Workspaces opened before (folders only), newest first; this one is remembered."""
    others = host.remembered.recent_workspaces(host.context.clock.now())
    menu.clear()
    for folder in others:
        label = f"{Path(folder).name} (demo)" if host.context.is_demo(Path(folder)) else folder
        item = menu.addAction(label)
        item.triggered.connect(lambda _=False, f=folder: host.switch_to(f))
    menu.setEnabled(bool(others))


def _focus_search(host: WindowHost) -> None:
    host.content.setCurrentIndex(1)
    host.cases.search.setFocus()
    host.cases.search.selectAll()


def wire_views(host: WindowHost) -> None:
    """Each view's request, to the action that answers it (a case tab's once it is built)."""
    view = host.case_view
    view.when_built("overview", lambda tab: _wire_overview(host, tab))
    view.when_built("timeline", lambda tab: _wire_timeline(host, tab))
    view.when_built("events", lambda tab: _wire_events(host, tab))
    view.when_built("notes", lambda tab: tab.add_requested.connect(
        lambda text: case_actions.add_note(host, text)
    ))  # fmt: skip
    view.when_built("contacts", lambda tab: _wire_contacts(host, tab))
    view.when_built("documents", lambda tab: _wire_documents(host, tab))
    host.dashboard.export_requested.connect(lambda: workspace_actions.export_ics(host))
    wire_safety_plan(host)
    risk_actions.wire(host)
    retention_actions.wire(host)


def _wire_overview(host: WindowHost, tab: OverviewTab) -> None:
    tab.save_requested.connect(lambda victim, case: case_actions.save_details(host, victim, case))
    tab.recipients.chosen.connect(
        lambda slot, entry_id: case_actions.choose_recipient(host, slot, entry_id)
    )
    tab.recipients.edit_book.connect(lambda: tools_and_help.open_address_book(host))


def _wire_timeline(host: WindowHost, tab: TimelineTab) -> None:
    tab.mark_met_requested.connect(lambda o: case_actions.mark_met(host, o))
    tab.draft_letter_requested.connect(lambda o: letter_actions.draft_letter_for(host, o))
    install_reason_button(host, tab)


def _wire_events(host: WindowHost, tab: EventsTab) -> None:
    tab.add_requested.connect(lambda: case_actions.add_event(host))
    tab.edit_requested.connect(lambda record: case_actions.edit_event(host, record))
    tab.delete_requested.connect(lambda record: case_actions.delete_event(host, record))


def _wire_contacts(host: WindowHost, tab: ContactsTab) -> None:
    tab.clock = host.context.clock
    tab.add_requested.connect(lambda entry: case_actions.log_contact(host, entry))


def _wire_documents(host: WindowHost, documents: DocumentsTab) -> None:
    documents.save_as_requested.connect(lambda d: letter_actions.save_document_as(host, d))
    documents.save_docx_requested.connect(lambda d: letter_actions.save_docx_as(host, d))
    documents.open_requested.connect(lambda d: letter_actions.view_document(host, d))
    documents.open_draft_requested.connect(lambda d: letter_actions.open_draft(host, d))
