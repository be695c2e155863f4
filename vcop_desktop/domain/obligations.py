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


class Category(Enum):
    """What standing an obligation has: never mixed in one figure or one list of breaches.

    A Code duty can be breached; a scheme target is an agency's own published target (missing it
    is not a breach of the Code); good practice is neither; the victim's own deadlines are steps
    the victim takes, never something an agency owes.
    """

    CODE = "code"
    TARGET = "target"
    PRACTICE = "practice"
    VICTIM = "victim"

    @property
    def label(self) -> str:
        return {
            Category.CODE: "Victims' Code duty",
            Category.TARGET: "Scheme target (not statutory)",
            Category.PRACTICE: "Good practice (not statutory)",
            Category.VICTIM: "The victim's own deadline",
        }[self]


@dataclass(frozen=True, slots=True)
class PendingChange:
    """An announced change to the law not verified in force (duties.md, "Pending changes").

    It is shown beside every deadline it touches and never moves a date: the firm, earlier
    date stays the one shown as due until a pack update replaces it with an in-force rule.
    """

    id: str
    touches: frozenset[str]  # duty ids
    announced: date
    what: str
    source: str
    known: str
    unknown: str
    #: one line for the deadline and the dashboard: what may change and what to do until then
    note: str
    pack: str = ""


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
    #: True when the clock start is not recorded but inferred (the decision date standing in
    #: for the day the victim was told; an event's date for the day a unit received it; a
    #: complaint's date for the day the victim first knew). Letters must not treat it as fact.
    clock_assumed: bool = False
    #: Which clock the limit counts from (a `ClockStart` value: event, received, victim_told...).
    clock: str = "event"
    category: Category = Category.CODE
    #: the version of `pack` the deadline was computed under (None: not known, as in a row
    #: read back from the workspace index, which keeps the pack's id only)
    pack_version: int | None = None
    #: announced changes that may touch this deadline; they never move `due`
    pending: tuple[PendingChange, ...] = ()

    @property
    def law(self) -> str:
        """The law the deadline was computed under, in one line: pack, version, rule source
        and confidence ("vcop-2020 version 1: Victims' Code 2020, Right 6; confirmed")."""
        version = f" version {self.pack_version}" if self.pack_version is not None else ""
        return f"{self.pack}{version}: {self.source}; {self.confidence}"

    @property
    def pending_note(self) -> str:
        """The pending changes as one line for views ("" when none): the due date stands."""
        return "; ".join(f"Pending change: {p.note}" for p in self.pending)

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
            "clock_start_assumed": self.clock_assumed,
            "clock": self.clock,
            "category": self.category.value,
            "limit": self.limit,
            "what": self.what,
            "source": self.source,
            "pack": self.pack,
            "pack_version": self.pack_version,
            "confidence": self.confidence,
        }
        if self.pending:
            out["pending"] = [{"id": p.id, "note": p.note} for p in self.pending]
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
