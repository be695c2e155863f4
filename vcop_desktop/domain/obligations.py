"""What the engine produces: one obligation per (duty, trigger), judged on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class Status(Enum):
    """Where an obligation stands on the day it is judged (scenario-format.md, Output)."""

    OPEN = "open"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"

    @property
    def is_outstanding(self) -> bool:
        """Still owed: the advocate may need to act."""
        return self in (Status.OPEN, Status.OVERDUE)

    @property
    def is_breach(self) -> bool:
        """A breach an advocate can complain about."""
        return self in (Status.OVERDUE, Status.MET_LATE)


@dataclass(frozen=True, slots=True)
class Obligation:
    """A duty owed to (or a deadline of) the victim, arising from one trigger event."""

    duty: str
    trigger: str
    owed_by: str
    right: int | None
    statutory: bool
    due: date | None
    status: Status
    met_on: date | None
    clock_start: date | None
    what: str
    source: str
    pack: str
    confidence: str = "confirmed"
    reason: str | None = None
    limit: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.duty, self.trigger)

    def to_dict(self) -> dict[str, object]:
        """The contract's JSON shape, with the extra keys the contract allows."""
        out: dict[str, object] = {
            "duty": self.duty,
            "trigger": self.trigger,
            "owed_by": self.owed_by,
            "right": self.right,
            "statutory": self.statutory,
            "due": self.due.isoformat() if self.due else None,
            "status": self.status.value,
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "clock_start": self.clock_start.isoformat() if self.clock_start else None,
            "limit": self.limit,
            "what": self.what,
            "source": self.source,
            "pack": self.pack,
            "confidence": self.confidence,
        }
        if self.reason is not None:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The engine's answer for one case on one day."""

    today: date
    enhanced: bool
    enhanced_grounds: tuple[str, ...]
    obligations: tuple[Obligation, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "enhanced": self.enhanced,
            "enhanced_grounds": list(self.enhanced_grounds),
            "obligations": [o.to_dict() for o in self.obligations],
        }
