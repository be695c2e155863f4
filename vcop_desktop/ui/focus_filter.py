"""An event filter on the widgets that take the keyboard focus, not on the whole application.

Key presses and shortcut overrides go to the focus widget, so a filter that only cares about
them needs to watch the widgets that get the focus. An application-wide Python filter is called
for every event of every object (about 2,000 while the main window is first shown), and turning
each object it was handed into a Python wrapper made PySide create dozens of Qt enum types at
unlock (the graphics view's, the wizard's...) that nothing else used.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget


def filter_marker(kind: str) -> str:
    """A property name marking the objects one filter is on (numbered: never reused, so a
    filter made after another one went never takes its marks for its own)."""
    return f"vcop-{kind}-{next(_numbers)}"


def filter_once(target: QObject, watcher: QObject, marker: str) -> None:
    """Install `watcher` as `target`'s event filter unless `marker` says it is there. Qt drops
    the filter when either object goes; nothing here holds the target."""
    if not target.property(marker):
        target.installEventFilter(watcher)
        target.setProperty(marker, True)


_numbers = itertools.count()


class FocusFilter(QObject):
    """Installs itself on each widget that gets the focus and that it `wants`, once (Qt drops
    the filter when either goes); subclasses filter those widgets' events in `eventFilter`.
    Call `follow_focus` once ready. No widget is held here: one may be deleted at any time."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._marker = filter_marker("focus-filter")  # on the widgets this filter is on

    def wants(self, widget: QWidget) -> bool:
        raise NotImplementedError

    def follow_focus(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._focus_changed(None, app.focusWidget())  # the widget focused already

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.wants(new):
            filter_once(new, self, self._marker)
