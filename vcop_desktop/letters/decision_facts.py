"""The decisions a letter may answer, which one it answers, and the victim's own deadlines that
run from it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from vcop_desktop.domain.events import Event
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.errors import UserError
from vcop_desktop.letters.fact_items import Deadline, DecisionFact, Missing
from vcop_desktop.letters.kinds import LetterKind
from vcop_desktop.letters.words import event_phrase

#: Which agency duty tells the victim of each decision (the victim's clock starts then).
_TOLD_BY: dict[str, str] = {
    "police_decision_no_charge": "police.inform_no_charge",
    "cps_decision_no_charge": "cps.inform_no_charge",
    "cps_discontinued": "cps.inform_discontinued",
    "cps_offered_no_evidence": "cps.inform_no_evidence",
    "charges_left_on_file": "cps.inform_left_on_file",
}


def decisions_for(
    kind: LetterKind, events: Sequence[Event], evaluation: Evaluation
) -> tuple[DecisionFact, ...]:
    met: dict[tuple[str, str], date] = {
        o.key: o.met_on for o in evaluation.obligations if o.met_on is not None
    }
    found = [
        DecisionFact(
            event_id=e.id,
            type=e.type,
            phrase=event_phrase(e.type),
            date=e.date,
            told_on=met.get((_TOLD_BY[e.type], e.id)) if e.type in _TOLD_BY else None,
        )
        for e in sorted(events, key=lambda e: e.sort_key)
        if e.type in kind.decisions and e.date <= evaluation.today
    ]
    return tuple(found)


def choose_decision(
    kind: LetterKind, decisions: tuple[DecisionFact, ...], decision_id: str | None
) -> DecisionFact | Missing:
    if decision_id is not None:
        for item in decisions:
            if item.event_id == decision_id:
                return item
        raise UserError(
            f"event {decision_id!r} is not one this {kind.id} letter can answer; "
            + _choices(kind, decisions)
        )
    if not decisions:
        if not kind.decisions:
            return Missing("decision")
        what = " or ".join(event_phrase(t) for t in kind.decisions)
        return Missing(f"{what} (none recorded in the case)")
    if len(decisions) > 1 and kind.document_kind == "vrr_request":
        raise UserError(
            f"the case has more than one decision a {kind.id} request could challenge; "
            + _choices(kind, decisions)
        )
    return decisions[-1]


def _choices(kind: LetterKind, decisions: tuple[DecisionFact, ...]) -> str:
    if not decisions:
        return "the case records none"
    listed = "; ".join(f"{d.event_id} ({d})" for d in decisions)
    return f"choose one with --decision: {listed}"


def deadlines_for(
    kind: LetterKind, evaluation: Evaluation, decision: DecisionFact | Missing
) -> tuple[Deadline, ...]:
    out: list[Deadline] = []
    for duty in kind.deadline_duties:
        matches = [o for o in evaluation.obligations if o.duty == duty]
        if isinstance(decision, DecisionFact):
            matches = [o for o in matches if o.trigger == decision.event_id]
        if matches:
            o = matches[-1]
            out.append(
                Deadline(
                    duty=o.duty,
                    due=o.due,
                    limit=o.limit,
                    status=o.status,
                    met_on=o.met_on,
                    what=o.what,
                    reason=o.reason,
                )
            )
    return tuple(out)
