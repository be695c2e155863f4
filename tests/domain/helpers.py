"""Small builders so engine tests read like the catalogue."""

from __future__ import annotations

from datetime import date
from typing import Any

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.obligations import Evaluation, Obligation
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.rules import default_rulebook


def run(events: list[dict[str, Any]], today: str, **case: Any) -> Evaluation:
    scenario = parse_scenario({"case": case, "events": events}, default_rulebook().duty_ids)
    return evaluate(scenario, date.fromisoformat(today), default_rulebook())


def ob(result: Evaluation, duty: str, trigger: str) -> Obligation:
    matches = [o for o in result.obligations if o.key == (duty, trigger)]
    assert len(matches) == 1, f"{duty}/{trigger}: {[o.key for o in result.obligations]}"
    return matches[0]


def keys(result: Evaluation) -> set[tuple[str, str]]:
    return {o.key for o in result.obligations}


def ev(event_id: str, event_type: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"id": event_id, "type": event_type, "date": day, **fields}


def d(text: str) -> date:
    return date.fromisoformat(text)
