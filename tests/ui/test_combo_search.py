"""Typing to find in a drop-down goes on past a space (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QComboBox

from vcop_desktop.ui import combo_search


def _combo(qtbot: Any) -> QComboBox:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    combo_search.install(app)
    combo_search.install(app)  # idempotent
    assert len(app.findChildren(combo_search.SpaceKeepsSearching)) == 1
    combo = QComboBox()
    combo.addItems(["Case closed", "Crime reported", "Crime scene visited", "Verdict"])
    qtbot.addWidget(combo)
    combo.show()
    qtbot.waitExposed(combo)
    combo.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    return combo


def test_a_space_within_a_typed_search_is_searched_for(qtbot: Any) -> None:
    combo = _combo(qtbot)
    qtbot.keyClicks(combo, "crime s")
    assert combo.currentText() == "Crime scene visited"
    assert not combo.view().isVisible()  # the list did not open at the space


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no real pop-ups
def test_a_space_on_its_own_still_opens_the_list(qtbot: Any) -> None:
    combo = _combo(qtbot)
    qtbot.keyClick(combo, Qt.Key.Key_Space)
    qtbot.waitUntil(combo.view().isVisible)
    combo.hidePopup()


def test_the_search_watches_the_focused_drop_down_not_every_object(qtbot: Any) -> None:
    """An application-wide Python filter ran for every event of every object (and made PySide
    build Qt types nothing else used): only a drop-down that has had the focus is watched."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    class Recording(combo_search.SpaceKeepsSearching):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
            seen.append(watched)
            return super().eventFilter(watched, event)

    seen: list[object] = []
    holder = QObject()  # not the application's child: `install` keeps one of those
    recording = Recording(holder)
    try:
        combo = _combo(qtbot)
        other = QComboBox()
        qtbot.addWidget(other)
        other.resize(300, 40)
        other.show()
        qtbot.waitExposed(other)
        combo.activateWindow()
        combo.setFocus()
        qtbot.waitUntil(combo.hasFocus)
        other.resize(320, 40)
        other.update()
        qtbot.wait(20)
        assert other not in seen  # never focused: never watched
        qtbot.keyClicks(combo, "v")
        assert combo in seen
        assert combo.currentText() == "Verdict"
    finally:
        del recording
        holder.deleteLater()
