"""The groupings a compliance report counts by (agency, Right, month, MoJ area, a victim's
characteristic, ...), each obligation's group values, and the order groups are listed in."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from vcop_desktop.domain import equality
from vcop_desktop.domain.equality import BREAKDOWNS, group_label
from vcop_desktop.domain.report_facts import ObligationFact, period_day

NOT_RECORDED = equality.NOT_RECORDED
NO_FLAG = "(no flag)"
NO_RIGHT = "(none)"


@lru_cache(maxsize=4096)
def _month_of(day: date | None) -> list[str]:
    return [f"{day.year:04d}-{day.month:02d}"] if day else [NOT_RECORDED]


@lru_cache(maxsize=4096)
def _quarter_of(day: date | None) -> list[str]:
    return [f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"] if day else [NOT_RECORDED]


def _month(fact: ObligationFact) -> list[str]:
    return _month_of(period_day(fact))


def _quarter(fact: ObligationFact) -> list[str]:
    return _quarter_of(period_day(fact))


def _cps_area(fact: ObligationFact) -> list[str]:
    """The CPS Area of the case's police force (data: rules/cps_areas.py), or "not known"."""
    from vcop_desktop.rules.cps_areas import cps_area_of  # the data, read once, on first use

    return [cps_area_of(fact.force)]


GROUPINGS: dict[str, Callable[[ObligationFact], list[str]]] = {
    "agency": lambda f: [f.owed_by],
    "force": lambda f: [f.force or NOT_RECORDED],
    "right": lambda f: [f"Right {f.right}" if f.right is not None else NO_RIGHT],
    "duty": lambda f: [f.duty],
    "month": _month,
    "quarter": _quarter,
    "enhanced": lambda f: ["enhanced" if f.enhanced else "standard"],
    # A case with several flags counts in each of their groups (so these groups overlap).
    "flag": lambda f: list(f.flags) or [NO_FLAG],
    "moj_area": lambda f: [MOJ_AREA_OF.get(f.duty, NOT_AN_AREA)],
    "cps_area": _cps_area,
}


def _by_characteristic(name: str) -> Callable[[ObligationFact], list[str]]:
    return lambda f: [group_label(name, f.equality)]


# Under 18 at the offence, the age band and each characteristic recorded with consent
# (domain.equality): one group per case, "(not recorded)" when it is not.
GROUPINGS.update({name: _by_characteristic(name) for name in BREAKDOWNS})

#: Groupings where one obligation may count in more than one group.
OVERLAPPING = frozenset({"flag"})

#: The Rights of the five areas of the MoJ quarterly return (the "only Rights 3, 4, 6, 7, 11"
#: option of the Reports tab; the preset itself counts the duties of `MOJ_AREAS`).
KEY_RIGHTS: tuple[int, ...] = (3, 4, 6, 7, 11)

#: Right 6's duties to update the victim within a stated time (an agreed interval for
#: police.update); agreeing that interval (police.agree_updates) is not itself an update.
_RIGHT_6_UPDATES: tuple[str, ...] = (
    "police.inform_not_investigating", "police.inform_arrest", "police.inform_interview",
    "police.inform_release", "police.inform_bail", "police.inform_rui",
    "police.inform_bail_change", "police.inform_charge", "police.inform_no_charge",
    "police.inform_disposal", "police.update", "cps.inform_no_charge",
    "cps.inform_discontinued", "cps.inform_charge_altered", "cps.inform_no_evidence",
    "cps.inform_left_on_file",
)  # fmt: skip

#: The five areas of the legacy Ministry of Justice quarterly return by Police and Crime
#: Commissioners, each with the Victims' Code 2020 duties (resources/rules/vcop-2020.toml) that
#: answer it. Labels start "Right N" so they sort in the Code's order.
MOJ_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Right 3: written acknowledgement of the crime report", ("police.written_confirmation",)),
    ("Right 4: referred to support services", ("police.refer_support",)),
    ("Right 6: updates within the stated timeframes", _RIGHT_6_UPDATES),
    ("Right 7: opportunity to make a Victim Personal Statement", ("police.offer_vps",)),
    (
        "Right 11: advance notice of the offender's release",
        ("wcu.refer_vcs", "probation.vlo_contact"),
    ),
)
MOJ_AREA_OF: dict[str, str] = {duty: area for area, duties in MOJ_AREAS for duty in duties}
NOT_AN_AREA = "(not one of the five areas)"


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts "Right 3" before "Right 11"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(text) if part
    )


_DIGITS = re.compile(r"(\d+)")


def group_key(grouping: str, value: str) -> tuple[int, int, tuple[tuple[int, int | str], ...]]:
    """A group's place: its category's place for a breakdown by a characteristic, otherwise
    its natural order."""
    place = equality.label_order(grouping).get(value)
    return (0, place, ()) if place is not None else (1, 0, _natural(value))
