"""Export deadlines as an iCalendar (.ics) file for Outlook or Google Calendar.

Calendars get synced to phones and shared mailboxes, so an entry carries only the case code,
the duty and who owes it: never the victim's name or anything else that identifies them.
Hearings and MARAC meetings carry even less: "Hearing" or "MARAC meeting" and the case code,
nothing else of the case (a MARAC entry says the victim is at high risk of domestic abuse).
Each entry has an alarm the day before, so a phone calendar reminds in time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Protocol

from vcop_desktop.domain.obligations import Obligation
from vcop_desktop.domain.vocabulary import AGENCY_LABELS
from vcop_desktop.wording import short_what


class DueLike(Protocol):
    @property
    def case_id(self) -> str: ...
    @property
    def case_code(self) -> str: ...
    @property
    def obligation(self) -> Obligation: ...


class MeetingLike(Protocol):
    """A dated thing of a case (`storage.ComingUp`): only its kind, day and case are read."""

    @property
    def case_id(self) -> str: ...
    @property
    def case_code(self) -> str: ...
    @property
    def day(self) -> date: ...
    @property
    def kind(self) -> str: ...


#: The kinds of `storage.ComingUp` a calendar carries, with the only words it says of them.
MEETING_SUMMARIES = {"hearing": "Hearing", "marac_meeting": "MARAC meeting"}


def deadlines_to_ics(
    items: Iterable[DueLike],
    generated_at: datetime,
    meetings: Iterable[MeetingLike] = (),
) -> bytes:
    """One all-day event per obligation with a due date, on that date; and one per hearing
    or MARAC meeting in `meetings` (other kinds, such as plan reviews, are left out)."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//VCOP Desktop//Victims' Code deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Victims' Code deadlines")
    for item in items:
        obligation = item.obligation
        if obligation.due is None:
            continue
        owed_by = AGENCY_LABELS.get(obligation.owed_by, obligation.owed_by)
        entry = Event()
        uid_source = f"{item.case_id}|{obligation.duty}|{obligation.trigger}"
        entry.add("uid", hashlib.sha256(uid_source.encode()).hexdigest()[:32] + "@vcop-desktop")
        entry.add("dtstamp", generated_at)
        whose = "the victim's deadline" if obligation.owed_by == "victim" else owed_by
        summary = f"{item.case_code}: {short_what(obligation.what)} ({whose})"
        entry.add("summary", summary)
        entry.add("dtstart", obligation.due)
        entry.add("dtend", obligation.due + timedelta(days=1))
        right = f"Right {obligation.right}; " if obligation.right else ""
        entry.add(
            "description",
            f"Case {item.case_code}. Owed by: {owed_by}. {obligation.what} "
            f"({right}{obligation.source}). Status when exported: "
            f"{obligation.status.value.replace('_', ' ')}.",
        )
        entry.add("categories", ["Victims' Code"])
        entry.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Due tomorrow: {summary}")
        alarm.add("trigger", timedelta(days=-1))
        entry.add_component(alarm)
        calendar.add_component(entry)
    for meeting in meetings:
        what = MEETING_SUMMARIES.get(meeting.kind)
        if what is None:
            continue
        entry = Event()
        uid_source = f"{meeting.case_id}|{meeting.kind}|{meeting.day.isoformat()}"
        entry.add("uid", hashlib.sha256(uid_source.encode()).hexdigest()[:32] + "@vcop-desktop")
        entry.add("dtstamp", generated_at)
        summary = f"{meeting.case_code}: {what}"
        entry.add("summary", summary)
        entry.add("dtstart", meeting.day)
        entry.add("dtend", meeting.day + timedelta(days=1))
        entry.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Tomorrow: {summary}")
        alarm.add("trigger", timedelta(days=-1))
        entry.add_component(alarm)
        calendar.add_component(entry)
    data: bytes = calendar.to_ical()
    return data
