"""What a screen reader hears, read through Qt's accessibility interfaces as AT-SPI does (issue 23).

Every control reachable on each screen has a name; a label whose text changes is heard with its
text (not only its title) and announces the change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import wait_idle
from tests.ui.test_main_window import open_window, window_on_case
from vcop_desktop.storage import Workspace
from vcop_desktop.ui import live_label
from vcop_desktop.ui.context import AppContext
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.start_window import StartWindow

_Role = QAccessible.Role
#: Roles a user operates: each must be named.
CONTROLS = {
    _Role.PushButton, _Role.CheckBox, _Role.RadioButton, _Role.ComboBox, _Role.EditableText,
    _Role.SpinBox, _Role.Table, _Role.List, _Role.PageTab, _Role.Slider, _Role.Tree,
}  # fmt: skip


def heard(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def unnamed_controls(root: QWidget) -> tuple[list[str], int]:
    """Visible controls in `root`'s accessibility tree that a screen reader would read unnamed,
    and how many controls were read."""
    missing: list[str] = []
    seen = [0]

    def walk(node: QAccessibleInterface, depth: int) -> None:
        if depth > 40 or node.state().invisible:
            return
        role = node.role()
        seen[0] += role in CONTROLS
        if role in CONTROLS and not node.text(QAccessible.Text.Name).strip():
            owner = node.object()
            missing.append(f"{role.name} {type(owner).__name__} {owner.objectName()!r}")
        if role in (_Role.Table, _Role.List, _Role.Tree):
            return  # cells are named by their model
        for index in range(node.childCount()):
            child = node.child(index)
            if child is not None:
                walk(child, depth + 1)

    root_interface = QAccessible.queryAccessibleInterface(root)
    assert root_interface is not None
    walk(root_interface, 0)
    return missing, seen[0]


def test_every_control_on_every_screen_is_named(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Named Controlperson", "NAM/1")
    found: dict[str, list[str]] = {}
    for page in range(window.content.count()):
        window.content.setCurrentIndex(page)
        wait_idle(qtbot, context)
        found[window.content.tabText(page)], read = unnamed_controls(window)
        assert read >= 8, (window.content.tabText(page), read)
    tabs = window.case_view.tabs
    window.content.setCurrentIndex(1)
    for tab in range(tabs.count()):
        tabs.setCurrentIndex(tab)
        wait_idle(qtbot, context)
        found[tabs.tabText(tab)], read = unnamed_controls(window)
        assert read >= 8, (tabs.tabText(tab), read)
    assert {screen: names for screen, names in found.items() if names} == {}
    window.close()


def test_a_wrong_passphrase_is_heard_not_only_unlock_problem(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    workspace.close()
    start = StartWindow(context)
    qtbot.addWidget(start)
    page = start.unlock_page
    qtbot.keyClicks(page.passphrase, "not it")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    wait_idle(qtbot, context)
    assert page.error.text()
    assert heard(page.error) == f"Unlock problem: {page.error.text()}"


def test_the_case_and_dashboard_labels_are_heard_with_their_text(
    qtbot: Any, context: AppContext, workspace: Workspace
) -> None:
    window = window_on_case(qtbot, context, workspace, "Heard Labelperson", "HRD/1")
    view = window.case_view
    overview = view.overview
    for label, title in (
        (view.header, "Selected case"),
        (overview.next_due, "Next three things due"),
        (overview.victim_deadlines, "Victim's deadlines"),
        (window.dashboard.summary, "Dashboard summary"),
    ):
        assert label.text(), title
        spoken = heard(label)
        assert spoken.startswith(f"{title}: ") and len(spoken) > len(title) + 5, spoken
    assert "HRD/1" in heard(view.header) or "Heard Labelperson" in heard(view.header)
    window.close()


def test_a_change_is_announced_once(qtbot: Any, monkeypatch: Any) -> None:
    sent: list[tuple[str, Any]] = []

    class Recording:
        AnnouncementPoliteness = QAccessible.AnnouncementPoliteness

        @staticmethod
        def isActive() -> bool:  # noqa: N802 - Qt's name
            return True

        @staticmethod
        def updateAccessibility(event: Any) -> None:  # noqa: N802 - Qt's name
            sent.append((event.message(), event.politeness()))

    monkeypatch.setattr(live_label, "QAccessible", Recording)
    label = LiveLabel("Unlock problem", urgent=True)
    qtbot.addWidget(label)
    label.setText("That passphrase did not open this workspace.")
    label.setText("That passphrase did not open this workspace.")  # the same: not again
    label.setText("<b>Locked</b> for a minute")
    assert [message for message, _ in sent] == [
        "That passphrase did not open this workspace.",
        "Locked for a minute",
    ]
    assert {p for _, p in sent} == {QAccessible.AnnouncementPoliteness.Assertive}
    assert heard(label) == "Unlock problem: Locked for a minute"
    label.clear()
    assert heard(label) == "Unlock problem"


def test_a_message_is_shown_where_the_user_is_and_announced(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QToolTip

    window = open_window(qtbot, context, workspace)  # no case chosen
    spoken: list[str] = []
    monkeypatch.setattr(
        live_label, "announce", lambda widget, text, urgent=False: spoken.append(text)
    )
    window.activateWindow()
    window.content.setCurrentIndex(1)
    window.cases.search.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is window.cases.search)
    window.draft_letter()
    message = "Choose a case first."
    assert window.statusBar().currentMessage() == message
    assert spoken == [message]
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == message)
    window.close()


def test_arrow_keys_on_the_timeline_read_out_each_bar(
    qtbot: Any, context: AppContext, workspace: Workspace, monkeypatch: Any
) -> None:
    from vcop_desktop.ui import timeline as timeline_module

    window = window_on_case(qtbot, context, workspace, "Arrow Barperson", "ARW/1")
    spoken: list[str] = []
    monkeypatch.setattr(
        timeline_module, "announce", lambda widget, text, urgent=False: spoken.append(text)
    )
    window.case_view.tabs.setCurrentWidget(window.case_view.timeline)
    canvas = window.case_view.timeline.timeline.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert len(spoken) == 2 and spoken[0] != spoken[1]
    selected = canvas.selected()
    assert selected is not None and spoken[1] == canvas.spoken(selected)
    assert selected.what in spoken[1] and "Owed by " in spoken[1]
    interface = QAccessible.queryAccessibleInterface(canvas)
    assert interface is not None
    description = interface.text(QAccessible.Text.Description)
    assert "table beside it" in description and spoken[1] in description
    window.close()
