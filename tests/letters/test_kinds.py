"""The kinds are the issue's eleven, in its order, and "Draft letter" preselects the right one."""

from __future__ import annotations

from datetime import date

import pytest

from vcop_desktop.domain.obligations import Obligation, Status
from vcop_desktop.errors import UserError
from vcop_desktop.letters.kinds import KINDS, kind_by_id, suggest_kind

ISSUE_ORDER = [
    "police-complaint",
    "cps-complaint",
    "cps-complaint-stage2",
    "cps-complaint-iac",
    "wcu-complaint",
    "provider-complaint",
    "police-vrr",
    "cps-vrr",
    "police-complaint-review",
    "phso-complaint",
    "chaser",
]


def test_eleven_kinds_in_the_issue_order() -> None:
    assert [k.id for k in KINDS] == ISSUE_ORDER
    assert len({k.title for k in KINDS}) == len(KINDS)


def test_unknown_kind_lists_the_valid_ones() -> None:
    with pytest.raises(UserError, match=r"unknown letter kind 'nope'.*police-complaint.*chaser"):
        kind_by_id("nope")


def _ob(duty: str, owed_by: str, status: Status) -> Obligation:
    return Obligation(
        duty=duty,
        trigger="e1",
        owed_by=owed_by,
        right=6,
        statutory=True,
        due=date(2026, 10, 23),
        status=status,
        met_on=None,
        clock_start=None,
        what="x",
        source="s",
        pack="p",
    )


@pytest.mark.parametrize(
    ("duty", "owed_by", "status", "expected"),
    [
        ("police.update", "police", Status.OVERDUE, ("chaser", None)),
        ("police.inform_arrest", "police", Status.OVERDUE, ("chaser", None)),
        ("police.inform_arrest", "police", Status.MET_LATE, ("police-complaint", None)),
        ("police.refer_support", "police", Status.OVERDUE, ("police-complaint", None)),
        ("cps.inform_no_charge", "cps", Status.MET_LATE, ("cps-complaint", None)),
        ("cps.complaint_stage1_reply", "cps", Status.OVERDUE, ("cps-complaint-stage2", None)),
        ("wcu.inform_hearing", "wcu", Status.OVERDUE, ("wcu-complaint", None)),
        ("probation.vlo_contact", "probation", Status.OVERDUE, ("provider-complaint", "probation")),
        ("victim.cps_vrr_prompt", "victim", Status.OPEN, ("cps-vrr", None)),
        ("victim.police_vrr", "victim", Status.OPEN, ("police-vrr", None)),
        (
            "victim.police_complaint_review",
            "victim",
            Status.OPEN,
            ("police-complaint-review", None),
        ),
        ("victim.phso_complaint", "victim", Status.OPEN, ("phso-complaint", None)),
        ("victim.cps_vrr", "victim", Status.MET, None),
        ("victim.cica_apply", "victim", Status.OPEN, None),
        ("police.inform_arrest", "police", Status.MET, None),
        ("police.inform_arrest", "police", Status.OPEN, None),
    ],
)
def test_suggested_kind(
    duty: str, owed_by: str, status: Status, expected: tuple[str, str | None] | None
) -> None:
    assert suggest_kind(_ob(duty, owed_by, status)) == expected
    if expected is not None:
        assert kind_by_id(expected[0]).id == expected[0]
