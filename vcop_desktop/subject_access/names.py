"""Third parties' names a subject access bundle may hold, and where they appear in its text.

A victim is entitled to their own data, not to other people's: the advocate reviews every other
person's name before sending (ICO guidance, "What should we do if the request involves
information about other individuals?"). The names come from the case record itself: officers,
the agencies' contacts, people an event names (shared with, approved by, the request made by),
who is responsible for a safety-plan item, and the address book's agencies. Only the names the
record holds are searched for: a name the advocate typed nowhere else is not found, which is why
the bundle says to read it through as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Titles before a name, left off when its surname is searched for alone.
_TITLES = frozenset(
    ("mr", "mrs", "ms", "miss", "mx", "dr", "dc", "ds", "di", "dci", "dsi", "pc", "ps", "sgt",
     "insp", "inspector", "sergeant", "constable", "det", "detective", "officer", "prof")
)  # fmt: skip
#: Words that are never searched for alone (an organisation's name is searched in full only).
_COMMON = frozenset(
    ("police", "service", "services", "team", "unit", "court", "council", "the", "and", "of",
     "for", "care", "witness", "crown", "prosecution", "probation", "victim", "support",
     "advocate", "office", "centre")
)  # fmt: skip
_MIN_ALONE = 3


@dataclass(frozen=True, slots=True)
class ThirdParty:
    """One name to review: as the record has it, what the person is, and the words searched."""

    name: str
    role: str
    person: bool
    variants: tuple[str, ...]


def _variants(name: str, person: bool, own: frozenset[str]) -> tuple[str, ...]:
    full = " ".join(name.split())
    out = [full] if full.lower() not in own else []
    words = [w.strip(".,") for w in full.split()]
    plain = [w for w in words if w.lower() not in _TITLES]
    if person and plain:
        surname = plain[-1]
        if (
            _looks_like_a_name(surname)
            and len(surname) >= _MIN_ALONE
            and surname.lower() not in own
            and surname.lower() not in _COMMON
            and surname.lower() != full.lower()
        ):
            out.append(surname)
        first = plain[0]
        if (
            len(plain) > 1
            and _looks_like_a_name(first)
            and len(first) >= _MIN_ALONE
            and first.lower() not in own
            and first.lower() not in _COMMON
        ):
            out.append(first)
        if len(plain) > 1 and " ".join(plain).lower() != full.lower():
            out.append(" ".join(plain))
    return tuple(dict.fromkeys(out))


def _looks_like_a_name(word: str) -> bool:
    """A capitalised word ("Patel"), not a role typed in lower case ("manager")."""
    return word[:1].isupper()


def third_parties(
    tables: Mapping[str, Sequence[Mapping[str, object]]],
    agencies: Iterable[str] = (),
) -> list[ThirdParty]:
    """Every other person (and agency) the record names, once each, with their role.

    `tables` are the case file's rows (`storage.subject_access.read_everything`); `agencies`
    the address book's names. The victim's own names are never listed."""
    own = _own_words(tables)
    found: dict[str, ThirdParty] = {}

    def add(name: object, role: str, *, person: bool = True) -> None:
        if not isinstance(name, str) or not name.strip():
            return
        key = " ".join(name.split()).lower()
        if key in own or key in found or all(w in _COMMON for w in key.split()):
            return  # the victim, a name already listed, or only common words ("police")
        variants = _variants(name, person, own)
        if variants:
            found[key] = ThirdParty(" ".join(name.split()), role, person, variants)

    for row in tables.get("case_details", ()):
        add(row.get("officer_name"), "officer in the case")
    for row in tables.get("contact", ()):
        role = " ".join(str(v) for v in (row.get("role"), row.get("agency")) if v)
        add(row.get("name"), f"contact ({role})" if role else "contact")
    for row in tables.get("safety_plan_item", ()):
        add(row.get("responsible"), "responsible for a safety-plan item")
    for row in tables.get("case_event", ()):
        fields = row.get("fields")
        if not isinstance(fields, Mapping):
            continue
        add(fields.get("approved_by"), "approved sharing without consent")
        add(fields.get("with"), "information shared with", person=False)
        add(fields.get("made_by"), "made the subject access request")
    for agency in agencies:
        add(agency, "agency (address book)", person=False)
    return sorted(found.values(), key=lambda p: (not p.person, p.name.lower()))


def _own_words(tables: Mapping[str, Sequence[Mapping[str, object]]]) -> frozenset[str]:
    """The victim's names and each word of them, lower case: never a third party's."""
    words: set[str] = set()
    for row in tables.get("victim", ()):
        for key in ("name", "preferred_name"):
            value = row.get(key)
            if isinstance(value, str) and value.strip():
                words.add(" ".join(value.split()).lower())
                words.update(w.lower() for w in value.split())
    return frozenset(words)


def pattern(parties: Sequence[ThirdParty]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for every variant, longest first, on word boundaries."""
    variants = sorted({v for p in parties for v in p.variants}, key=len, reverse=True)
    if not variants:
        return None
    body = "|".join(re.escape(v) for v in variants)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def spans(text: str, found: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Where third parties' names are in `text` (start, end), in order."""
    if found is None or not text:
        return []
    return [m.span() for m in found.finditer(text)]


def whose(match: str, parties: Sequence[ThirdParty]) -> ThirdParty | None:
    """The third party a matched word belongs to (the first whose variant it is)."""
    low = match.lower()
    return next((p for p in parties if any(v.lower() == low for v in p.variants)), None)
