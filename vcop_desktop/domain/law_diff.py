"""What a change of the law would move in one case: shown before a law update is accepted.

Compares the engine's verdicts under the law in force and under the candidate law, judged on
the same day: each obligation whose due date, status or applicability moves, or whose pending
changes are added or ended. Obligations that only changed pack version are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vcop_desktop.domain.obligations import Evaluation, Obligation, PendingChange, Status
from vcop_desktop.domain.rules import RuleBook


@dataclass(frozen=True, slots=True)
class ObligationMove:
    """One obligation that the new law would move; `before` or `after` is None where it does
    not arise under that law."""

    duty: str
    trigger: str
    before: Obligation | None
    after: Obligation | None

    @property
    def what(self) -> str:
        shown = self.after or self.before
        assert shown is not None
        return shown.what

    def changes(self) -> list[str]:
        """Each change in a few words ("due 2026-10-02 -> 2027-03-04")."""
        before, after = self.before, self.after
        if before is None and after is not None:
            return [f"arises under the new law ({_standing(after)})"]
        if after is None and before is not None:
            return [f"no longer arises (was {_standing(before)})"]
        assert before is not None and after is not None
        out: list[str] = []
        if before.due != after.due:
            out.append(f"due {_day(before.due)} -> {_day(after.due)}")
        if before.status is not after.status:
            out.append(f"status {_status(before)} -> {_status(after)}")
        old = {p.id for p in before.pending}
        new = {p.id for p in after.pending}
        out += [f"pending change added: {pid}" for pid in sorted(new - old)]
        out += [f"pending change ended: {pid}" for pid in sorted(old - new)]
        return out

    def describe(self) -> str:
        return f"{self.duty} (trigger {self.trigger}): " + "; ".join(self.changes())


def obligation_moves(before: Evaluation, after: Evaluation) -> list[ObligationMove]:
    """Every obligation that moves between two verdicts on one case, in the new law's order
    (then those that no longer arise)."""
    old = {o.key: o for o in before.obligations}
    new = {o.key: o for o in after.obligations}
    keys = list(new) + [k for k in old if k not in new]
    moves = [ObligationMove(k[0], k[1], old.get(k), new.get(k)) for k in keys]
    return [m for m in moves if m.changes()]


def pending_moves(
    before: RuleBook, after: RuleBook
) -> tuple[tuple[PendingChange, ...], tuple[PendingChange, ...]]:
    """(added, ended): the pending changes the new law adds, and those it ends."""
    old = {p.id: p for p in before.pending}
    new = {p.id: p for p in after.pending}
    added = tuple(p for pid, p in new.items() if pid not in old)
    ended = tuple(p for pid, p in old.items() if pid not in new)
    return added, ended


def _day(day: date | None) -> str:
    return day.isoformat() if day else "no fixed date"


def _status(o: Obligation) -> str:
    if o.status is Status.NOT_APPLICABLE:
        return "not applicable"
    return str(o.status.value).replace("_", " ")


def _standing(o: Obligation) -> str:
    if o.status is Status.NOT_APPLICABLE:
        return "not applicable"
    return f"due {_day(o.due)}, {_status(o)}"
