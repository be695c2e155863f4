"""Equality monitoring: the victim's protected characteristics, recorded only with consent,
and the age band and under-18 at the offence, computed from the date of birth.

The categories are data (resources/equality/categories.toml, each with its source); case
files, the index and extracts keep only their codes, never a name or a date of birth. A
missing code is "not recorded"; `PREFER_NOT` is "prefers not to say". Reports group by the
labels (`group_label`), so a breakdown reads the same from the index and from an extract.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from vcop_desktop.date_checks import age_on
from vcop_desktop.paths import resources_dir

#: The characteristics recorded with consent: each a nullable column of the victim's row, in
#: the order the case screen shows them.
RECORDED: tuple[str, ...] = (
    "ethnicity",
    "sex",
    "disability",
    "religion",
    "sexual_orientation",
    "gender_reassignment",
)
#: Every breakdown by a victim's characteristic a report offers (age band and under 18 are
#: computed, not recorded).
BREAKDOWNS: tuple[str, ...] = ("under_18", "age_band", *RECORDED)

PREFER_NOT = "prefer_not"
NOT_RECORDED = "(not recorded)"
PREFER_NOT_LABEL = "Prefers not to say"
UNDER_18, ADULT = "Under 18", "18 or over"


@dataclass(frozen=True, slots=True)
class Characteristic:
    """One characteristic's categories (code, label) as the data file gives them."""

    name: str
    title: str
    source: str
    categories: tuple[tuple[str, str], ...]

    def label(self, code: str | None) -> str:
        if code is None:
            return NOT_RECORDED
        if code == PREFER_NOT:
            return PREFER_NOT_LABEL
        return dict(self.categories).get(code, NOT_RECORDED)  # never a stray text

    @property
    def codes(self) -> tuple[str, ...]:
        return (*(code for code, _ in self.categories), PREFER_NOT)


class AgeBand(NamedTuple):
    code: str
    label: str
    low: int
    high: int | None  # None: no upper end


class Equality(NamedTuple):
    """A case's categories for reports: codes only (None: not recorded)."""

    under_18: bool | None = None
    age_band: str | None = None
    ethnicity: str | None = None
    sex: str | None = None
    disability: str | None = None
    religion: str | None = None
    sexual_orientation: str | None = None
    gender_reassignment: str | None = None


NO_EQUALITY = Equality()


@lru_cache(maxsize=1)
def _data() -> dict[str, object]:
    with (resources_dir() / "equality" / "categories.toml").open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def characteristics() -> dict[str, Characteristic]:
    """The recorded characteristics, by name, from the data file."""
    data = _data()
    out: dict[str, Characteristic] = {}
    for name in RECORDED:
        table = data[name]
        assert isinstance(table, dict)
        out[name] = Characteristic(
            name,
            str(table["title"]),
            str(table["source"]),
            tuple((str(code), str(label)) for code, label in table["categories"]),
        )
    return out


@lru_cache(maxsize=1)
def age_bands() -> tuple[AgeBand, ...]:
    table = _data()["age_band"]
    assert isinstance(table, dict)
    return tuple(
        AgeBand(str(code), str(label), int(low), None if int(high) < 0 else int(high))
        for code, label, low, high in table["bands"]
    )


def problem(name: str, code: str | None) -> str | None:
    """One line saying what is wrong with a characteristic's code, or None."""
    known = characteristics()
    if name not in known:
        return f"{name!r} is not a characteristic recorded for equality monitoring"
    if code is not None and code not in known[name].codes:
        return f"{code!r} is not one of the categories of {known[name].title.lower()}"
    return None


def age_at_offence(
    born: date | None, offence: date | None, reported: Iterable[date] = ()
) -> int | None:
    """The victim's age on the offence date, else on the first crime report's date (None when
    the date of birth or both dates are missing, or the day is before the birth)."""
    day = offence or min(reported, default=None)
    if born is None or day is None or day < born:
        return None
    return age_on(born, day)


def band_of(age: int | None) -> AgeBand | None:
    """The age band an age falls in (None: no age, or none fits)."""
    if age is None:
        return None
    for band in age_bands():
        if band.low <= age and (band.high is None or age <= band.high):
            return band
    return None


def age_band_of(age: int | None) -> str | None:
    band = band_of(age)
    return None if band is None else band.code


def case_equality(
    recorded: Mapping[str, str | None],
    consent: bool,
    born: date | None,
    offence: date | None,
    reported: Iterable[date] = (),
) -> Equality:
    """A case's categories for reports. Under 18 at the offence is always counted (the Code
    gives children enhanced rights); the age band and the recorded characteristics only with
    the victim's consent to equality monitoring. Under 18 is the engine's ground, on the
    offence date only (`enhanced.was_child_at_offence`): without one it is not recorded, so a
    figure never counts a child the engine gave no enhanced rights. The age band falls back
    to the first crime report's date."""
    on_offence = age_at_offence(born, offence)
    under = None if on_offence is None else on_offence < 18
    age = age_at_offence(born, offence, reported)
    if not consent:
        return Equality(under_18=under)
    # A code that is not one of the categories (a file edited by hand) is not recorded: only
    # known codes ever reach the index, an extract or a report.
    codes = {
        name: code if isinstance(code, str) and problem(name, code) is None else None
        for name, code in ((name, recorded.get(name)) for name in RECORDED)
    }
    return Equality(under_18=under, age_band=age_band_of(age), **codes)


@lru_cache(maxsize=8192)
def group_label(name: str, equality: Equality) -> str:
    """The label a breakdown by `name` (one of `BREAKDOWNS`) counts a case under."""
    if name == "under_18":
        return (
            NOT_RECORDED
            if equality.under_18 is None
            else (UNDER_18 if equality.under_18 else ADULT)
        )
    if name == "age_band":
        labels = {band.code: band.label for band in age_bands()}
        return labels.get(equality.age_band or "", NOT_RECORDED)
    return characteristics()[name].label(getattr(equality, name))


@lru_cache(maxsize=16)
def label_order(name: str) -> Mapping[str, int]:
    """Where each label of breakdown `name` stands in a report: the order the data file gives
    (age bands youngest first, "Under 18" before "18 or over"), then "Prefers not to say",
    then "(not recorded)". Empty for a grouping that is not one of `BREAKDOWNS`."""
    if name == "under_18":
        labels: list[str] = [UNDER_18, ADULT]
    elif name == "age_band":
        labels = [band.label for band in age_bands()]
    elif name in RECORDED:
        labels = [label for _, label in characteristics()[name].categories] + [PREFER_NOT_LABEL]
    else:
        return {}
    return {label: n for n, label in enumerate([*labels, NOT_RECORDED])}


def breakdown_title(name: str) -> str:
    if name == "under_18":
        return "Under 18 at the offence"
    if name == "age_band":
        table = _data()["age_band"]
        assert isinstance(table, dict)
        return str(table["title"])
    return characteristics()[name].title


def method_note(groupings: Iterable[str]) -> str:
    """What a report's method says when it breaks down by any of `BREAKDOWNS` ("" when it
    does not): how each is recorded or worked out, and the source of its categories."""
    wanted = set(groupings)
    names = [name for name in BREAKDOWNS if name in wanted]
    if not names:
        return ""
    sources = "; ".join(
        f"{characteristics()[name].title}: {characteristics()[name].source}"
        for name in names
        if name in RECORDED
    )
    return (
        "Breakdowns by the victim: under 18 at the offence is worked out from the date of "
        "birth on the offence date, as the enhanced-rights check is; the age band on the "
        "offence date (else the date the crime was first reported), and the protected "
        "characteristics as recorded, only where the "
        "victim consented to equality monitoring. A case with no consent, no answer or no "
        f"date counts as {NOT_RECORDED}; 'Prefers not to say' is the victim's answer. "
        "Each case counts in one group. " + (f"Categories: {sources}." if sources else "")
    ).strip()


def recorded_problem(values: Mapping[str, object], consent: object) -> str | None:
    """One sentence saying why a victim's characteristics cannot be kept as given (an unknown
    code, or any code without consent), or None: the one check for every way in."""
    given = [name for name in RECORDED if values.get(name) is not None]
    for name in given:
        code = values[name]
        wrong = problem(name, code) if isinstance(code, str) else f"{name!r} must be a code"
        if wrong:
            return f"{wrong[0].upper()}{wrong[1:]}."
    if given and not consent:
        return (
            "Protected characteristics are kept only with the victim's consent to equality "
            "monitoring: tick it first."
        )
    return None
