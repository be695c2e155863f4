"""The app's fields a spreadsheet column can fill, and a first guess from the headers.

A mapping is one field key a column ("" for a column left out):

- case details: victim_name, victim_dob, crime_reference, offence, offence_date, opened_on;
- flags: ``flags`` (names in one cell, "Domestic abuse; Vulnerable") or ``flag:<flag>`` (one
  column a flag, yes/no);
- one row per case: ``event:<type>`` (the date of that event: "Date charged" is
  ``event:suspect_charged``), and ``hearing_date`` (the hearing a ``hearing_listed`` lists);
- one row per event: ``event_type`` and ``event_date`` (rows with the same case key are one
  case); ``hearing_date`` then belongs to the row's hearing_listed event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from vcop_desktop.domain.vocabulary import EVENT_FIELDS, FLAGS, event_label

#: Events a date alone can record (no field the type requires), in the contract's order.
DATE_ONLY_EVENTS: Final[tuple[str, ...]] = tuple(
    t for t, specs in EVENT_FIELDS.items() if not any(s.required for s in specs) and t != "duty_met"
)

#: How the template and the mapping screen name the commonest events' date columns.
EVENT_COLUMN_LABELS: Final[dict[str, str]] = {
    "crime_reported": "Date reported",
    "suspect_arrested": "Date arrested",
    "suspect_interviewed_under_caution": "Date interviewed",
    "suspect_charged": "Date charged",
    "hearing_listed": "Date hearing listed",
    "not_guilty_plea": "Date of not guilty plea",
    "verdict": "Date of verdict",
    "sentence": "Date sentenced",
    "case_closed": "Date closed",
}

CASE_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("victim_name", "Victim name"),
    ("victim_dob", "Date of birth"),
    ("crime_reference", "Crime reference"),
    ("offence", "Offence"),
    ("offence_date", "Offence date"),
    ("opened_on", "Date opened"),
    ("flags", "Flags"),
)
EVENT_ROW_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("event_type", "Event (one row per event)"),
    ("event_date", "Event date (one row per event)"),
)
HEARING_DATE: Final = ("hearing_date", "Hearing date")

#: Fields read as dates.
DATE_FIELDS: Final = frozenset(
    {"victim_dob", "offence_date", "opened_on", "event_date", "hearing_date"}
    | {f"event:{t}" for t in DATE_ONLY_EVENTS}
)
#: What a duplicate-free import may be keyed on (index fields, or the date of birth).
KEY_FIELDS: Final = ("crime_reference", "victim_dob", "victim_name")
DEFAULT_KEY: Final = ("crime_reference", "victim_dob")


def flag_label(flag: str) -> str:
    """domestic_abuse -> Domestic abuse."""
    text = flag.replace("_", " ")
    return text[:1].upper() + text[1:]


def event_column_label(event_type: str) -> str:
    return EVENT_COLUMN_LABELS.get(event_type) or f"Date: {event_label(event_type)}"


def _fields() -> tuple[tuple[str, str], ...]:
    out = [*CASE_FIELDS, *((f"flag:{f}", f"Flag: {flag_label(f)} (yes/no)") for f in FLAGS)]
    listed = [t for t in EVENT_COLUMN_LABELS if t in DATE_ONLY_EVENTS]
    rest = [t for t in DATE_ONLY_EVENTS if t not in EVENT_COLUMN_LABELS]
    out += [(f"event:{t}", event_column_label(t)) for t in (*listed, *rest)]
    out += [HEARING_DATE, *EVENT_ROW_FIELDS]
    return tuple(out)


#: Every field a column can fill, as (key, label), in the order the mapping screen offers them.
FIELDS: Final[tuple[tuple[str, str], ...]] = _fields()
FIELD_LABELS: Final[dict[str, str]] = dict(FIELDS)


def normal(text: str) -> str:
    """A header or a name as compared: lower case, words only ("D.O.B." -> "d o b")."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "victim_name": ("name", "victim", "victim name", "full name", "client name", "client",
                    "service user", "service user name", "victim full name"),
    "victim_dob": ("dob", "d o b", "date of birth", "birth date", "birthdate", "victim dob",
                   "victim date of birth"),
    "crime_reference": ("crime reference", "crime ref", "crime ref no", "crime reference number",
                        "crime number", "crime no", "crn", "police reference", "police ref",
                        "crime ref number"),
    "offence": ("offence", "offense", "crime", "offence type", "crime type", "offence name"),
    "offence_date": ("offence date", "date of offence", "offense date", "date of crime"),
    "opened_on": ("date opened", "opened", "opened on", "case opened", "open date"),
    "flags": ("flags", "case flags", "flag"),
    "hearing_date": ("hearing date", "date of hearing", "court date", "trial date",
                     "next hearing", "next hearing date"),
    "event_type": ("event", "event type", "what happened", "type of event"),
    "event_date": ("event date", "date of event", "date"),
    "event:crime_reported": ("date reported", "reported", "crime reported", "report date",
                             "date crime reported", "reported on"),
    "event:suspect_arrested": ("date arrested", "arrested", "arrest date", "date of arrest"),
    "event:suspect_charged": ("date charged", "charged", "charge date", "date of charge"),
    "event:hearing_listed": ("date hearing listed", "hearing listed", "date listed",
                             "listed on", "date hearing fixed"),
    "event:case_closed": ("date closed", "closed", "closure date", "case closed", "closed on"),
    "event:sentence": ("date sentenced", "sentence date", "sentenced", "date of sentence"),
    "event:verdict": ("date of verdict", "verdict date", "verdict"),
}  # fmt: skip


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for key, label in FIELDS:
        index.setdefault(normal(label), key)
        if key.startswith("flag:"):
            flag = key.removeprefix("flag:")
            index.setdefault(normal(flag), key)
        if key.startswith("event:"):
            kind = key.removeprefix("event:")
            for name in (kind, event_label(kind), f"date {event_label(kind)}"):
                index.setdefault(normal(name), key)
    for key, names in _SYNONYMS.items():
        for name in names:
            index[normal(name)] = key
    return index


_BY_HEADER: Final = _header_index()


def guess(headers: Sequence[str]) -> tuple[str, ...]:
    """The field each column most likely fills ("" when none), each field used once. One row
    per event is guessed when there is an event column; else its "Date" means nothing."""
    out: list[str] = []
    used: set[str] = set()
    for header in headers:
        key = _BY_HEADER.get(normal(header), "")
        if key in used:
            key = ""
        out.append(key)
        if key:
            used.add(key)
    if "event_type" not in used:
        out = ["" if key == "event_date" else key for key in out]
    return tuple(out)


def check_mapping(mapping: Sequence[str]) -> list[str]:
    """What is wrong with a mapping as a whole (a field twice, half of one row per event)."""
    problems: list[str] = []
    seen: set[str] = set()
    for key in mapping:
        if key and key not in FIELD_LABELS:
            problems.append(f"{key!r} is not a field the app knows.")
        elif key in seen:
            problems.append(f"Two columns are mapped to {FIELD_LABELS[key]}.")
        if key:
            seen.add(key)
    if ("event_type" in seen) != ("event_date" in seen):
        problems.append("One row per event needs both an Event column and an Event date column.")
    if "event_type" in seen and any(k.startswith("event:") for k in seen):
        problems.append(
            "A file is either one row per event (Event, Event date) or one row per case "
            "(a column for each event's date), not both."
        )
    if not seen:
        problems.append("No column is mapped to a field of the app.")
    return problems


def mapping_from_names(headers: Sequence[str], chosen: Mapping[str, str]) -> tuple[str, ...]:
    """A mapping from {header: field key or label}, as the command line's --mapping gives it;
    columns not named are left out. Raises ValueError naming what is not understood."""
    by_header = {normal(h): i for i, h in enumerate(headers)}
    by_label = {normal(label): key for key, label in FIELDS}
    out = [""] * len(headers)
    for header, field in chosen.items():
        index = by_header.get(normal(header))
        if index is None:
            raise ValueError(f"the file has no column {header!r}")
        if field in ("", None):
            continue
        key = field if field in FIELD_LABELS else by_label.get(normal(field))
        if key is None:
            raise ValueError(f"{field!r} is not a field the app knows")
        out[index] = key
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Layout:
    """How the rows of a mapped file are read: one a case, or one an event."""

    per_event: bool

    @classmethod
    def of(cls, mapping: Sequence[str]) -> Layout:
        return cls(per_event="event_type" in mapping)
