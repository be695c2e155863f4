"""The victim's safe contact times, read from the free text the advocate typed.

`Victim.safe_contact_times` is free text ("Mon-Fri 10:00-12:00", "weekdays 9-5", "after 18:00",
"Tue, Thu 14:00-16:00; Sat 10-12"). `parse_safe_times` reads the common forms and returns None
for anything it does not fully understand: a wrong reading would warn about a safe contact or,
worse, stay silent about an unsafe one, so an unknown word makes the whole text "not understood"
(the app then gives no warning and says so quietly). No Qt here, so it can be property-tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_WORDS: dict[str, tuple[int, ...]] = {}
for _i, _names in enumerate(
    (
        ("mon", "monday"),
        ("tue", "tues", "tuesday"),
        ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    )
):
    for _name in _names:
        _DAY_WORDS[_name] = (_i,)
        _DAY_WORDS[_name + "s"] = (_i,)  # "Mondays"
_DAY_WORDS.update(
    {
        "weekday": (0, 1, 2, 3, 4),
        "weekdays": (0, 1, 2, 3, 4),
        "weekend": (5, 6),
        "weekends": (5, 6),
        "daily": tuple(range(7)),
        "everyday": tuple(range(7)),
    }
)
#: Words that carry no meaning for when to call ("call only after 6pm", "any time on Mondays").
_FILLER = frozenset({"only", "on", "call", "calls", "ring", "phone", "ok", "best", "is", "every"})
_DAY_END = 24 * 60
_EVERY_DAY = frozenset(range(7))
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")
_DASHES = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b)\s*")


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Some days of the week and a time of day on them, in minutes since midnight.

    `end` is after `start` (up to 1440, midnight at the end of the day); an `end` before `start`
    runs over midnight into the next day ("22:00-02:00")."""

    days: frozenset[int]
    start: int
    end: int

    def allows(self, weekday: int, minute: int) -> bool:
        if self.start < self.end:
            return weekday in self.days and self.start <= minute < self.end
        return (weekday in self.days and minute >= self.start) or (
            (weekday - 1) % 7 in self.days and minute < self.end
        )

    def describe(self) -> str:
        times = f"{clock_text(self.start)}-{clock_text(self.end)}"
        if self.days == _EVERY_DAY:
            return times
        return f"{days_text(self.days)} {times}"


@dataclass(frozen=True, slots=True)
class SafeTimes:
    """The understood text: contact is safe inside any one of its ranges."""

    ranges: tuple[TimeRange, ...]

    def allows(self, when: datetime) -> bool:
        minute = when.hour * 60 + when.minute
        return any(r.allows(when.weekday(), minute) for r in self.ranges)

    def describe(self) -> str:
        """The canonical text, which `parse_safe_times` reads back to the same value."""
        return "; ".join(r.describe() for r in self.ranges)


def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def days_text(days: frozenset[int]) -> str:
    """Runs of consecutive days as "Mon-Fri", the rest listed: "Tue, Thu, Sat-Sun"."""
    parts: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        first, last = DAY_NAMES[ordered[i]], DAY_NAMES[ordered[j]]
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return ", ".join(parts)


def parse_clock(text: str, *, bare_is_afternoon: bool = False) -> int | None:
    """A time of day in minutes: "14:30", "9.30", "9am", "5:30pm", "noon"; "24:00" is the end
    of the day. A bare hour from 1 to 7 ("9-5", "after 6") is afternoon when
    `bare_is_afternoon`: nobody means 5 in the morning. None when it is not a time."""
    text = text.strip().lower()
    if text in ("noon", "midday"):
        return 12 * 60
    if text == "midnight":
        return _DAY_END
    match = _CLOCK.match(text)
    if match is None:
        return None
    hour, minutes, half = int(match[1]), int(match[2] or 0), match[3]
    if minutes > 59:
        return None
    if half is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match[2] is None and bare_is_afternoon and 1 <= hour <= 7:
        hour += 12
    if hour > 24 or (hour == 24 and minutes):
        return None
    return hour * 60 + minutes


def _days(words: list[str]) -> frozenset[int] | None:
    """Day words and day ranges ("mon-fri", "mon to fri", "weekdays"); None if any is not."""
    found: set[int] = set()
    text = re.sub(r"\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*", "-", " ".join(words))
    for part in re.split(r"\s*(?:&|/|\band\b|\s)\s*", text):
        if not part:
            continue
        ends = [e for e in _DASHES.split(part) if e]
        if len(ends) == 1 and ends[0] in _DAY_WORDS:
            found.update(_DAY_WORDS[ends[0]])
        elif len(ends) == 2 and all(e in _DAY_WORDS and len(_DAY_WORDS[e]) == 1 for e in ends):
            first, last = _DAY_WORDS[ends[0]][0], _DAY_WORDS[ends[1]][0]
            found.update((first + k) % 7 for k in range((last - first) % 7 + 1))
        else:
            return None
    return frozenset(found)


def _times(text: str) -> tuple[int, int] | None:
    """One time of day: "10:00-12:00", "9 to 5", "after 18:00", "before 10", "any time"."""
    text = re.sub(r"^(?:between|from)\s+", "", text.strip())
    if text in ("any time", "anytime", "all day"):
        return 0, _DAY_END
    lead = re.match(r"(after|from|before|until|till|by)\s+(.+)$", text)
    if lead is not None:
        at = parse_clock(lead[2], bare_is_afternoon=True)
        if at is None:
            return None
        if lead[1] in ("after", "from"):
            return (at, _DAY_END) if at < _DAY_END else None
        return (0, at) if at > 0 else None
    ends = _DASHES.split(re.sub(r"\band\b", "-", text), maxsplit=1)
    if len(ends) != 2:
        return None
    start = parse_clock(ends[0], bare_is_afternoon=True)
    end = parse_clock(ends[1])
    if start is None or end is None:
        return None
    # A bare end hour is the next one after the start: "9-5" ends at 17:00, "6-8" at 20:00.
    bare_end = re.fullmatch(r"\d{1,2}", ends[1].strip()) is not None
    if bare_end and end <= start < end + 12 * 60 <= _DAY_END:
        end += 12 * 60
    if start in (end, _DAY_END):
        return None
    return start, end


_TIME_START = re.compile(
    r"\b(?:between|from|after|before|until|till|by|any ?time|all day|noon|midday|midnight)\b"
    r"|\d"
)


def _piece(piece: str) -> tuple[frozenset[int] | None, tuple[int, int] | None] | None:
    """One comma- or semicolon-separated piece: its days (or None) and its time (or None)."""
    words = [w for w in piece.split() if w not in _FILLER]
    text = " ".join(words)
    if not text:
        return None
    at = _TIME_START.search(text)
    if at is None:  # days only ("Tue" in "Tue, Thu 14:00-16:00")
        days = _days(words)
        return (days, None) if days else None
    before, timed = text[: at.start()].strip().rstrip(":").strip(), text[at.start() :].strip()
    after_days: frozenset[int] | None = None
    # Days may follow the time: "10-12 weekdays", "after 6pm on Mondays".
    tail = re.search(r"\s+([a-z][a-z &-]*)$", timed)
    if tail is not None and not _TIME_START.search(tail[1]) and _days(tail[1].split()):
        after_days = _days(tail[1].split())
        timed = timed[: tail.start()]
    times = _times(timed)
    if times is None:
        return None
    days = _days(before.split()) if before else frozenset()
    if days is None:
        return None
    return (days | (after_days or frozenset())) or None, times


def parse_safe_times(text: str | None) -> SafeTimes | None:
    """The ranges in `text`, or None when it is empty or not wholly understood."""
    if not text or not text.strip():
        return None
    cleaned = text.lower().replace("–", "-").replace("—", "-")
    cleaned = re.sub(r"\b(?:every|any) ?day\b", "daily", cleaned)
    ranges: list[TimeRange] = []
    pending: set[int] = set()
    for piece in re.split(r"[;,\n]|\band\b(?=\s*(?:mon|tue|wed|thu|fri|sat|sun|week))", cleaned):
        if not piece.strip():
            continue
        parsed = _piece(piece)
        if parsed is None:
            return None
        days, times = parsed
        if times is None:
            pending.update(days or ())
            continue
        chosen = frozenset(pending) | (days or frozenset())
        ranges.append(TimeRange(chosen or _EVERY_DAY, times[0], times[1]))
        pending = set()
    if pending or not ranges:  # days with no time after them: not understood
        return None
    return SafeTimes(tuple(ranges))
