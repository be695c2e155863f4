"""Counting time as the catalogue lays down (duties.md, "Counting time").

Working days are Monday to Friday less the bank holidays of England and Wales (substitute days
and one-off days included, from the `holidays` package) and any extra closure days the user adds.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from calendar import isleap
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

if TYPE_CHECKING:
    from holidays import HolidayBase

_ONE_DAY = timedelta(days=1)


_UK_MODULE = "holidays.countries.united_kingdom"
_UK_LOADING = threading.Lock()


def _england_and_wales(year: int) -> HolidayBase:
    """The bank holidays of England and Wales in `year`: the `holidays` package's United
    Kingdom, subdivision ENG (England and Wales share one list).

    Its UK module is loaded alone. `holidays.country_holidays` and any import of
    `holidays.countries.<name>` first run that package's `__init__`, which imports all ~250
    country modules (13 MB, up to 0.6 s) for this one table; the UK module imports none of
    them. It is registered under its own name, so a later import of the package finds it."""
    with _UK_LOADING:
        module = sys.modules.get(_UK_MODULE)
        if module is None:
            spec = _uk_spec()
            if spec is None or spec.loader is None:  # no finder knows it alone: the slow way
                return importlib.import_module(_UK_MODULE).UnitedKingdom(  # type: ignore[no-any-return]
                    subdiv="ENG", years=year
                )
            module = importlib.util.module_from_spec(spec)
            sys.modules[_UK_MODULE] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[_UK_MODULE]
                raise
    table: HolidayBase = module.UnitedKingdom(subdiv="ENG", years=year)
    return table


def _uk_spec() -> importlib.machinery.ModuleSpec | None:
    """The UK module's spec, asked of each import finder with the countries folder as the
    path, so the `holidays.countries` package itself is not imported. A finder, not a file
    path: in the frozen app the module lives in the bundle's archive, not in a file."""
    import holidays  # the package: base classes and a lazy registry, no country

    where = [str(Path(holidays.__file__).parent / "countries")]
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(_UK_MODULE, where) if find is not None else None
        if spec is not None:
            return spec  # type: ignore[no-any-return]
    return None


@lru_cache(maxsize=512)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(_england_and_wales(year))


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's name, or None (for display: "Easter Monday")."""
    name = _england_and_wales(day.year).get(day)
    return str(name) if name else None


class WorkingCalendar:
    """Which days are working days, and date arithmetic over them.

    Extra closure days (an office closure the advocate's organisation observes, say) are
    treated as non-working days on top of bank holidays.
    """

    __slots__ = ("_closures",)

    def __init__(self, extra_closures: Iterable[date] = ()) -> None:
        self._closures = frozenset(extra_closures)

    @property
    def extra_closures(self) -> frozenset[date]:
        return self._closures

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5 and day not in _bank_holidays(day.year) and day not in self._closures
        )

    def add_working_days(self, start: date, count: int) -> date:
        """The due date "within `count` working days of `start`".

        Day 1 is the first working day after `start`; a start on a weekend or holiday therefore
        counts from the next working day (Saturday + 1 working day = Monday).
        """
        if count < 1:
            raise ValueError("a working-day limit must be at least 1")
        day = start
        remaining = count
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkingCalendar) and other._closures == self._closures

    def __hash__(self) -> int:
        return hash(self._closures)


def add_calendar_days(start: date, count: int) -> date:
    """ "Within 28 days from the day after the letter": start + 28."""
    return start + timedelta(days=count)


def add_months(start: date, months: int) -> date:
    """Same day number `months` later, or that month's last day where it is shorter.

    30 Nov + 3 months = 28 Feb (29 in a leap year); 29 Feb + 24 months = 28 Feb.
    """
    result: date = start + relativedelta(months=months)
    return result


def next_business_day(day: date) -> date:
    """`day`, or the next day that is neither a weekend nor a bank holiday of England and Wales.

    For a limit that moves off a weekend or public holiday (the ICO's guidance on the one-month
    subject access limit). An organisation's own closure days do not move it: the law's
    holidays are the public ones.
    """
    while day.weekday() >= 5 or day in _bank_holidays(day.year):
        day += _ONE_DAY
    return day


def birthday(born: date, age: int) -> date:
    """The day a person born on `born` attains `age`.

    Family Law Reform Act 1969 s.9: a person attains an age at the start of the relevant
    anniversary of their birth. For a 29 February birth in a common year the anniversary is
    taken as 1 March (the day after 28 February, the first day on which the full number of
    years has passed), which is also what `date_checks.age_on` counts. One rule for every age
    question, so "under 18 on the offence date" and "before their 20th birthday" agree.
    """
    if born.month == 2 and born.day == 29 and not isleap(born.year + age):
        return date(born.year + age, 3, 1)
    return born.replace(year=born.year + age)
