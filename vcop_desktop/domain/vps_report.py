"""The Victim Personal Statement report, in the shape of the Victims' Commissioner's standard
(issue 22): whether victims were offered a VPS, when, why not, whether they could update it
and read it aloud, whether the court considered it and whether they were told how it was used.

Pure: no Qt, no SQL, no files. The storage layer hands over each case's scenario; `compute`
reads only its events dated on or before the report's day, in two cohorts:

- the cases whose crime was reported in the period (`crime_reported`, its first): offered a
  VPS (any `vps_offered`), by whom (the first offer), the calendar days from the report to the
  first offer, not offered or not taken up (each case's latest `vps_not_made`, by reason),
  VPS made, and of those made, offered the chance to update it and updated;
- the cases sentenced in the period (`sentence`, its first): with a VPS made on or before the
  sentence day; of those, asked to read it aloud, the court's answers (with reasons for
  refusing), considered at sentence, and told how it was used.

Small numbers are hidden by the Code report's rules, through the service report's helpers
(`count_shown`, `share_shown`, `breakdown_shown`): this module adds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from vcop_desktop.domain.events import Event, Scenario
from vcop_desktop.domain.service_report import (
    Row,
    Share,
    breakdown_shown,
    count_shown,
    share_shown,
)
from vcop_desktop.domain.stats import median
from vcop_desktop.domain.vocabulary import (
    AGENCY_LABELS,
    NOT_OFFERED_REASONS,
    NOT_TAKEN_UP_REASONS,
    READ_ALOUD_REFUSAL_REASONS,
    VPS_OFFERED_BY,
)

TITLE = "Victim Personal Statement (Victims' Commissioner's standard)"

ORIGIN = (
    "The questions the Victims' Commissioner for England and Wales asks of the Victim Personal "
    "Statement (Victims' Code 2020, Right 7): whether victims are offered the chance to make "
    "one, and when; why not; whether they may update it and ask to read it aloud; whether it "
    "was considered at sentence; and whether they were told how it was used."
)

METHOD = (
    "Reported in the period: cases whose crime was first reported in it. Of these: offered a "
    "VPS by any agency (an offer, or the police's duty to offer one recorded met); the agency "
    "of the first offer; calendar days from the report to the "
    "first offer; not offered, or not taken up, by each case's latest such record and its "
    "reason (from a fixed list; free-text details stay in the case); VPS made; and of those, "
    "offered the chance to update it, and updated. Sentenced in the period: cases first "
    "sentenced in it; of these, those with a VPS made by the sentence day, and of those: "
    "asked to read it aloud (or have it read), the court's answers and reasons for refusing, "
    "considered at sentence, told how it was used. Only events up to the report date count. "
    "Offers by the police, CPS or Witness Care Unit all count here; only the police's own "
    "meets police.offer_vps in the Code compliance report."
)


@dataclass(frozen=True, slots=True)
class VpsCase:
    """One case as the VPS report reads it; `case_key` only tells cases apart."""

    case_key: str
    scenario: Scenario


@dataclass(frozen=True, slots=True)
class VpsFigures:
    """Every figure of the VPS report, exact (small numbers are hidden when shown)."""

    start: date
    end: date
    today: date
    reported: int
    offered: Share  # of the cases reported
    offered_by: tuple[tuple[str, int], ...]
    days_to_offer: tuple[int, ...]  # one per case offered, sorted
    not_offered: tuple[tuple[str, int], ...]  # by reason
    not_taken_up: tuple[tuple[str, int], ...]  # by reason
    made: Share  # of the cases reported
    update_offered: Share  # of the cases with a VPS made
    updated: Share  # of the cases with a VPS made
    sentenced: int
    sentenced_with_vps: Share  # of the cases sentenced
    read_aloud_asked: Share  # of the sentenced cases with a VPS
    read_aloud_granted: Share  # of the requests the court answered
    refusal_reasons: tuple[tuple[str, int], ...]
    considered: Share  # of the sentenced cases with a VPS
    told_how_used: Share  # of the sentenced cases with a VPS

    @property
    def median_days_to_offer(self) -> float | None:
        return median(self.days_to_offer)


def _first(events: Sequence[Event], event_type: str, today: date) -> Event | None:
    return next((e for e in events if e.type == event_type and e.date <= today), None)


def _latest(events: Sequence[Event], event_type: str, today: date) -> Event | None:
    found = [e for e in events if e.type == event_type and e.date <= today]
    return found[-1] if found else None


def _first_offer(events: Sequence[Event], today: date) -> tuple[date, str] | None:
    """The day and agency of the first offer: a `vps_offered`, or the police's duty to offer
    one (police.offer_vps) recorded met before VPS events existed (a `duty_met`)."""
    for e in events:
        if e.date > today:
            break
        if e.type == "vps_offered":
            return e.date, e.get_str("by") or ""
        if e.type == "duty_met" and e.get_str("duty") == "police.offer_vps":
            return e.date, "police"
    return None


def _has(events: Sequence[Event], event_type: str, today: date) -> bool:
    return _first(events, event_type, today) is not None


def _count(values: Sequence[str], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """Each value of the vocabulary, in its order (0 included), then any other value recorded
    (a reason from the other list, none recorded)."""
    others = sorted(set(values) - set(order))
    return tuple((name, values.count(name)) for name in (*order, *others))


def _share(yes: int, of: int) -> Share:
    # One fact per case: the share rests on as many cases as it counts.
    return Share(yes, of, of)


def compute(cases: Sequence[VpsCase], *, start: date, end: date, today: date) -> VpsFigures:
    """The report's figures over `cases` (see the module's notes for what each counts)."""
    reported = offered = made = update_offered = updated = 0
    offered_by: list[str] = []
    days: list[int] = []
    not_offered: list[str] = []
    not_taken_up: list[str] = []
    sentenced = with_vps = asked = answered = granted = considered = told = 0
    refusals: list[str] = []
    for case in cases:
        events = sorted(case.scenario.events, key=lambda e: e.sort_key)
        report = _first(events, "crime_reported", today)
        if report is not None and start <= report.date <= end:
            reported += 1
            offer = _first_offer(events, today)
            if offer is not None:
                offered += 1
                offered_by.append(offer[1])
                days.append((offer[0] - report.date).days)
            missed = _latest(events, "vps_not_made", today)
            if missed is not None:
                reason = missed.get_str("reason") or "other"
                if missed.get_str("outcome") == "not_offered":
                    not_offered.append(reason)
                else:
                    not_taken_up.append(reason)
            if _has(events, "vps_made", today):
                made += 1
                update_offered += _has(events, "vps_update_offered", today)
                updated += _has(events, "vps_updated", today)
        sentence = _first(events, "sentence", today)
        if sentence is None or not start <= sentence.date <= end:
            continue
        sentenced += 1
        if not _has(events, "vps_made", sentence.date):
            continue
        with_vps += 1
        decision = _latest(events, "vps_read_aloud_decision", today)
        asked += decision is not None or _has(events, "vps_read_aloud_requested", today)
        if decision is not None:
            answered += 1
            if decision.get_str("decision") == "granted":
                granted += 1
            else:
                refusals.append(decision.get_str("reason") or "")
        considered += _has(events, "vps_considered_at_sentence", today)
        told += _has(events, "vps_use_explained", today)
    return VpsFigures(
        start=start,
        end=end,
        today=today,
        reported=reported,
        offered=_share(offered, reported),
        offered_by=_count(offered_by, VPS_OFFERED_BY),
        days_to_offer=tuple(sorted(days)),
        not_offered=_count(not_offered, NOT_OFFERED_REASONS),
        not_taken_up=_count(not_taken_up, NOT_TAKEN_UP_REASONS),
        made=_share(made, reported),
        update_offered=_share(update_offered, made),
        updated=_share(updated, made),
        sentenced=sentenced,
        sentenced_with_vps=_share(with_vps, sentenced),
        read_aloud_asked=_share(asked, with_vps),
        read_aloud_granted=_share(granted, answered),
        refusal_reasons=_count(refusals, READ_ALOUD_REFUSAL_REASONS),
        considered=_share(considered, with_vps),
        told_how_used=_share(told, with_vps),
    )


# -- shown with small numbers hidden ----------------------------------------------------------


def days_shown(figures: VpsFigures, threshold: int | None) -> tuple[str, str]:
    """The median and the range of days from report to offer, each shown only when it rests
    on enough cases (as the service report's median): else a dash."""
    values = figures.days_to_offer
    n = len(values)
    if not values or (threshold is not None and not Share(n, n, n).shown(threshold)):
        return "–", "–"
    middle = figures.median_days_to_offer
    return _days(middle if middle is not None else 0), f"{_days(values[0])} to {_days(values[-1])}"


def _days(value: float) -> str:
    return f"{value:g} day" if value == 1 else f"{value:g} days"


def _reason(code: str) -> str:
    return code.replace("_", " ").capitalize() if code else "Reason not recorded"


def rows(figures: VpsFigures, threshold: int | None) -> list[Row]:
    """Every figure as (section, measure, shown value), in the report's order; `threshold`
    None shows exact counts (the advocate's own screen)."""
    f, t = figures, threshold
    reported, offer = "Reported in the period", "Offer of a VPS"
    median_days, range_days = days_shown(f, t)
    out: list[Row] = [
        (reported, "Cases whose crime was reported in the period", count_shown(f.reported, t)),
        (offer, "Offered a VPS", share_shown(f.offered, t)),
    ]
    # The cases not offered are a hidden part of the same breakdown of the cases reported, so
    # a small number of them cannot be worked out from the agencies' counts and the total.
    rest = ("", f.reported - f.offered.yes)
    _all, by = breakdown_shown((*f.offered_by, rest), f.reported, t)
    out += [(offer, f"First offered by: {AGENCY_LABELS.get(a, a)}", v) for a, v in by[:-1]]
    out += [
        (offer, "Days from report to first offer: median", median_days),
        (offer, "Days from report to first offer: range", range_days),
    ]
    for section, parts in (
        ("Not offered", f.not_offered),
        ("Offered, not taken up", f.not_taken_up),
    ):
        total, shown = breakdown_shown(parts, sum(v for _r, v in parts), t)
        out.append((section, "Cases", total))
        out += [(section, _reason(r), v) for r, v in shown]
    made, sentence, aloud = "VPS made", "Sentenced in the period", "Reading it aloud"
    out += [
        (made, "VPS made (of the cases reported)", share_shown(f.made, t)),
        (made, "Offered the chance to update it (of those made)", share_shown(f.update_offered, t)),
        (made, "Updated it (of those made)", share_shown(f.updated, t)),
        (sentence, "Cases sentenced in the period", count_shown(f.sentenced, t)),
        (sentence, "With a VPS made by the sentence", share_shown(f.sentenced_with_vps, t)),
        (sentence, "VPS considered at sentence (of those)", share_shown(f.considered, t)),
        (sentence, "Victim told how it was used (of those)", share_shown(f.told_how_used, t)),
        (aloud, "Asked to read it aloud (of those with a VPS)", share_shown(f.read_aloud_asked, t)),
        (aloud, "Granted (of the requests answered)", share_shown(f.read_aloud_granted, t)),
    ]
    refused = f.read_aloud_granted.of - f.read_aloud_granted.yes
    total, shown = breakdown_shown(f.refusal_reasons, refused, t)
    out.append((aloud, "Refused", total))
    out += [(aloud, f"Refused: {_reason(r).lower()}", v) for r, v in shown]
    return out
