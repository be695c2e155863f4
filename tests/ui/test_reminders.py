"""Reminders: once per item per day, only due-today or overdue; the unlock summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.domain.helpers import ev, run
from vcop_desktop.clock import FixedClock
from vcop_desktop.storage import DueItem, DueRows
from vcop_desktop.ui.reminders import ReminderService, Tray, newly_overdue


def items() -> DueRows:
    result = run(
        [ev("a", "suspect_arrested", "2026-03-06"), ev("b", "suspect_arrested", "2026-03-09")],
        "2026-03-13",
    )
    return DueRows.of(DueItem("id1", "VC-2026-0001", o) for o in result.obligations)


def test_notifies_once_per_item_per_day(qtbot: Any) -> None:
    clock = FixedClock(datetime(2026, 3, 13, 9, 0))
    fetched: list[int] = []
    service = ReminderService(clock, lambda: fetched.append(1), lambda: ["09:30"])
    messages: list[tuple[str, str]] = []
    service.notify.connect(lambda t, m: messages.append((t, m)))
    fresh = service.update(items())
    # Due 13 March (arrest on the 6th) is due today; the 9th's is due the 16th.
    assert [i.obligation.trigger for i in fresh] == ["a"]
    assert len(messages) == 1 and "VC-2026-0001" in messages[0][1]
    assert "police.inform_arrest" in messages[0][1]
    assert service.update(items()) == []  # not again the same day
    clock.set(datetime(2026, 3, 14, 9, 0))
    assert [i.obligation.trigger for i in service.update(items())] == ["a"]  # overdue, new day
    clock.set(datetime(2026, 3, 16, 9, 0))
    assert {i.obligation.trigger for i in service.update(items())} == {"a", "b"}


def test_tick_refreshes_at_reminder_times(qtbot: Any) -> None:
    clock = FixedClock(datetime(2026, 3, 13, 9, 0))
    fetched: list[int] = []
    service = ReminderService(clock, lambda: fetched.append(1), lambda: ["09:30"])
    service.start()
    clock.set(datetime(2026, 3, 13, 9, 20))
    service.tick()
    assert fetched == []
    clock.set(datetime(2026, 3, 13, 9, 31))
    service.tick()
    assert fetched == [1]
    service.stop()


def test_newly_overdue_since_last_visit() -> None:
    all_items = items()
    # Due 13 and 16 March; last here on the 10th, today the 17th: both became overdue.
    assert len(newly_overdue(all_items, date(2026, 3, 10), date(2026, 3, 17))) == 2
    assert len(newly_overdue(all_items, date(2026, 3, 14), date(2026, 3, 17))) == 1
    assert newly_overdue(all_items, date(2026, 3, 17), date(2026, 3, 17)) == []
    # Due today is not overdue yet: on the 16th only the 13th's has become overdue.
    assert len(newly_overdue(all_items, date(2026, 3, 10), date(2026, 3, 16))) == 1


def test_tray_menu_lists_case_codes_only(qtbot: Any) -> None:
    from PySide6.QtGui import QIcon

    tray = Tray(QIcon())
    tray.set_items(items())
    texts = [a.text() for a in tray.menu.actions()]
    assert texts[0] == "Due today or overdue: 2"
    assert "VC-2026-0001: police.inform_arrest" in texts


def test_an_absolute_deadline_warns_a_week_ahead() -> None:
    """ULS: the request must reach the AGO by day 28, so the tray warns from day 21."""
    from vcop_desktop.domain.engine import evaluate
    from vcop_desktop.domain.scenario import parse_scenario
    from vcop_desktop.rules import default_rulebook
    from vcop_desktop.ui.reminders import due_now

    rules = default_rulebook()
    scenario = parse_scenario(
        {"events": [{"id": "s", "type": "sentence", "date": "2026-09-04", "court": "crown"}]}
    )
    uls = next(
        o for o in evaluate(scenario, date(2026, 9, 5), rules).obligations
        if o.duty == "victim.uls_request"
    )  # fmt: skip
    assert uls.due == date(2026, 10, 2)
    item = DueItem("c1", "VC-1", uls)

    def warn(duty: str) -> int:
        rule = rules.rule(duty)
        return rule.warn_days if rule else 0

    assert due_now(DueRows.of([item]), date(2026, 9, 24), warn) == []  # 8 days before
    assert due_now(DueRows.of([item]), date(2026, 9, 25), warn) == [item]  # a week before
    assert due_now(DueRows.of([item]), date(2026, 9, 25)) == []  # without the rule's warning period


def test_the_window_reads_as_far_ahead_as_a_reminder_warns_not_only_the_due_soon_days(
    qtbot: Any, context: Any, workspace: Any
) -> None:
    """The window reads only the obligations the dashboard shows and the reminders warn of:
    with "due soon" at 1 day, the ULS request due in 4 days is still notified (its rule warns
    a week ahead), and the dashboard does not list it; the case list still counts it."""
    from tests.ui.test_law_in_app import SENTENCE
    from tests.ui.test_main_window import window_on_case

    context.settings.set("due_soon_days", 1)
    window = window_on_case(qtbot, context, workspace, "Pat Example", "QX/1/26", SENTENCE)
    today = context.clock.today()
    (uls,) = [i for i in window.reminders.today_items if i.obligation.duty == "victim.uls_request"]
    assert uls.obligation.due is not None and (uls.obligation.due - today).days == 4
    shown = [window.dashboard.model.due_item(r) for r in range(window.dashboard.model.rowCount())]
    assert all(i.obligation.due is None or (i.obligation.due - today).days <= 1 for i in shown)
    assert uls not in shown
    (row,) = window.cases.model.items()
    assert row.next_due is not None and row.next_due <= uls.obligation.due
    window.close()


def test_today_s_notified_lines_are_kept_as_hashes_and_forgotten_the_next_day() -> None:
    from array import array

    from vcop_desktop.ui.reminders import NotifiedToday

    notified = NotifiedToday()
    notified.new_day(date(2026, 3, 13))
    keys = [(f"case{n}", "police.inform_arrest", f"e{n}") for n in range(1000)]
    notified.add_all(keys[:600])
    assert all(k in notified for k in keys[:600]) and not any(k in notified for k in keys[600:])
    notified.add_all(keys[600:])
    assert all(k in notified for k in keys)
    assert isinstance(notified._hashes, array) and len(notified._hashes) == 1000
    notified.new_day(date(2026, 3, 13))  # the same day: kept
    assert keys[0] in notified
    notified.new_day(date(2026, 3, 14))
    assert keys[0] not in notified
