"""Case access: creating, opening and reading a case file, scenario files in and out. The only
part of the workspace that loads the ORM (SQLAlchemy, SQLModel, models.py), on first use.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from vcop_desktop.domain.equality import recorded_problem
from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.events import Event, Scenario
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.risk import check_assessments
from vcop_desktop.domain.scenario import check_references, parse_scenario, scenario_to_dict
from vcop_desktop.domain.untrusted import EARLIEST_YEAR, LATEST_YEAR
from vcop_desktop.domain.vocabulary import FLAGS
from vcop_desktop.errors import UserError
from vcop_desktop.storage import intents
from vcop_desktop.storage.errors import user_errors
from vcop_desktop.storage.rawfile import read_case_checked, utc_now
from vcop_desktop.storage.workspace_core import CANNOT_EVALUATE
from vcop_desktop.storage.workspace_index import CaseSummary, IndexedWorkspace

if TYPE_CHECKING:
    from vcop_desktop.storage.case import CaseHandle
    from vcop_desktop.storage.demo import DemoCase


class CaseAccess(IndexedWorkspace):
    """Creating, opening and reading cases through the ORM (casefile.py, case.py, models.py).
    Those are imported inside the methods that use them, so importing this module (as
    workspace.py does) does not load SQLAlchemy: only the first case opened or created does."""

    @user_errors
    def create_case(
        self,
        *,
        victim_name: str,
        crime_reference: str | None = None,
        offence: str | None = None,
        offence_date: date | None = None,
        victim_dob: date | None = None,
        flags: Sequence[str] = (),
        events: Sequence[Event] = (),
        victim: Mapping[str, Any] | None = None,
        case: Mapping[str, Any] | None = None,
        opened_on: date | None = None,
        action: str = "case created",
    ) -> CaseSummary:
        """Create a case file (with any initial events) in one transaction."""
        unknown = [f for f in flags if f not in FLAGS]
        if unknown:
            raise UserError(f"Unknown case flag {unknown[0]!r}; flags are: {', '.join(FLAGS)}.")
        check_references(tuple(events), self.rulebook().duty_ids)
        _check_texts(victim_name, crime_reference, offence, victim, case)
        problem = recorded_problem(victim or {}, (victim or {}).get("equality_consent"))
        if problem:
            raise UserError(f"{problem} Nothing was saved.")
        opened = opened_on or date.today()
        _check_year("the offence date", offence_date)
        _check_year("the date of birth", victim_dob)
        _check_year("the opening date", opened)
        for event in events:
            _check_year(f"the date of event {event.id}", event.date)
        self._check_evaluates(events, offence_date, victim_dob, flags)
        with self._lock.shared():
            self._keystore.ensure_current()
            return self._create_case_locked(
                victim_name=victim_name,
                crime_reference=crime_reference,
                offence=offence,
                offence_date=offence_date,
                victim_dob=victim_dob,
                flags=flags,
                events=events,
                victim=victim,
                case=case,
                opened=opened,
                action=action,
            )

    def _check_evaluates(
        self,
        events: Sequence[Event],
        offence_date: date | None,
        victim_dob: date | None,
        flags: Sequence[str],
    ) -> None:
        """Refuse a case the engine cannot work out, before anything is written."""
        from vcop_desktop.domain.events import CaseFacts

        scenario = Scenario(
            case=CaseFacts(
                offence_date=offence_date, victim_dob=victim_dob, flags=frozenset(flags)
            ),
            events=tuple(sorted(events, key=lambda e: e.position)),
        )
        try:
            self.evaluate(scenario, date.today())
        except CANNOT_EVALUATE as error:
            raise UserError(
                f"The case's duties cannot be worked out ({type(error).__name__}): check its "
                "dates and numbers. Nothing was saved."
            ) from None

    def _create_case_locked(
        self,
        *,
        victim_name: str,
        crime_reference: str | None,
        offence: str | None,
        offence_date: date | None,
        victim_dob: date | None,
        flags: Sequence[str],
        events: Sequence[Event],
        victim: Mapping[str, Any] | None,
        case: Mapping[str, Any] | None,
        opened: date,
        action: str,
    ) -> CaseSummary:
        from vcop_desktop.storage.case_rows import fields_json
        from vcop_desktop.storage.casefile import CaseFile
        from vcop_desktop.storage.models import CaseEvent, CaseRecord, Victim

        case_id = uuid.uuid4().hex
        code = self._fresh_code()
        closings = [e.date for e in events if e.type == "case_closed"]
        if closings and "status" not in (case or {}):
            # Brought in closed (a caseload's "Date closed"): closed, as the event says, and
            # as a `case_closed` recorded in the app closes a case (`CaseHandle.add_event`).
            case = {"status": "closed", "closed_on": max(closings), **dict(case or {})}
        try:
            record = CaseRecord(
                case_code=code,
                crime_reference=crime_reference,
                offence=offence,
                offence_date=offence_date,
                flags=[f for f in FLAGS if f in set(flags)],
                opened_on=opened,
                **dict(case or {}),
            )
            person = Victim(name=victim_name, date_of_birth=victim_dob, **dict(victim or {}))
        except TypeError as error:
            raise UserError(f"Unknown case or victim detail: {error}") from None
        now = utc_now()
        rows = (  # made one at a time as they are written
            CaseEvent(
                event_id=e.id,
                type=e.type,
                date=e.date,
                fields=fields_json(e),
                position=i,
                recorded_by=self.actor,
                recorded_at=now,
            )
            for i, e in enumerate(sorted(events, key=lambda e: e.position))
        )
        path = self._case_path(case_id)
        record_path = intents.begin(self.folder, "create", case_id=case_id)
        key = self._keystore.add_case_key(case_id)
        try:
            CaseFile.create(
                path,
                key,
                case_id,
                actor=self.actor,
                record=record,
                victim=person,
                events=rows,
                action=action,
            )
            self._refresh_entry(case_id)
        except BaseException:
            self._undo_create(case_id)
            intents.end(record_path)
            raise
        intents.end(record_path)
        return self._summary_of(case_id)

    @user_errors
    def add_demo_cases(
        self, count: int, *, seed: int = 0, today: date | None = None
    ) -> list[CaseSummary]:
        """`count` synthetic cases (obviously fake people); deterministic for a seed and day."""
        from vcop_desktop.storage.demo import demo_cases

        if count < 0:
            raise UserError("--cases must be 0 or more.")
        cases = demo_cases(count, seed, today or date.today(), self.rulebook().duty_ids)
        return [self.add_demo_case(case) for case in cases]

    def add_demo_case(
        self,
        case: DemoCase,
        *,
        events: Sequence[Event] | None = None,
        action: str = "demo case created",
    ) -> CaseSummary:
        """Store one synthetic case (with other `events` than its own, for benchmarks)."""
        history = case.events if events is None else events
        return self.create_case(
            victim_name=case.victim_name,
            crime_reference=case.crime_reference,
            offence=case.offence,
            offence_date=case.offence_date,
            victim_dob=case.victim_dob,
            flags=case.flags,
            events=history,
            victim={**case.victim, **case.equality},
            case=case.case,
            opened_on=history[0].date,
            action=action,
        )

    @user_errors
    def open_case(self, case: str) -> CaseHandle:
        """Open a case for reading and writing; it stays locked until `close()`."""
        from vcop_desktop.storage.case import CaseHandle
        from vcop_desktop.storage.casefile import CaseFile

        case_id = self.resolve(case)
        path = self._case_path(case_id)
        code = self._code_for(case_id)
        with self._lock.shared():  # the case lock is never taken while passwd/restore runs
            self._keystore.ensure_current()
            file = CaseFile.open(
                path, self._keystore.case_key(case_id), label=code, copies_dir=self._copies_dir()
            )
        return CaseHandle(self, file, code)

    @user_errors
    def scenario(self, case: str) -> Scenario:
        """The case's events and facts, read-only by plain SQL with the same checks as the
        index refill (`rawfile.read_case_checked`): the reports that read every case (service,
        VPS, letter quality) went through the ORM, whose statements each case file's own
        engine compiled again, about 8x slower."""
        case_id = self.resolve(case)
        path = self._case_path(case_id)
        return read_case_checked(path, self._keystore.case_key(case_id), case_id)[2]

    @user_errors
    def obligations(self, case: str, today: date | None = None) -> Evaluation:
        """The engine's verdict on one case (read-only: no lock needed)."""
        return self.evaluate(self.scenario(case), today or date.today())

    @user_errors
    def import_scenario(self, data: object, *, source: str = "scenario") -> CaseSummary:
        """A new case from the scenario JSON contract (victim_name and crime_reference kept)."""
        rulebook = self.rulebook()
        try:
            scenario = parse_scenario(data, rulebook.duty_ids)
            # An assessment on a form this workspace does not hold cannot be judged high risk
            # by its threshold, so its MARAC duty would be dropped without a word: refused, as
            # `duties` refuses it (the service adds the form in Settings -> Risk forms first).
            check_assessments(scenario, rulebook.forms)
        except ScenarioError as error:
            raise UserError(f"{source}: {error}") from None
        except (TypeError, KeyError, AttributeError):
            # The parser's own checks missed a shape (a list where a name belongs, say).
            raise UserError(
                f"{source}: not a valid scenario (a value has the wrong kind); see "
                "scenario-format.md"
            ) from None
        facts = scenario.case
        return self.create_case(
            victim_name=facts.victim_name or "",
            crime_reference=facts.crime_reference,
            offence_date=facts.offence_date,
            victim_dob=facts.victim_dob,
            flags=sorted(facts.flags),
            events=scenario.events,
            action="case imported from a scenario file",
        )

    @user_errors
    def export_scenario(self, case: str) -> dict[str, object]:
        return scenario_to_dict(self.scenario(case))


def _check_texts(
    victim_name: str,
    crime_reference: str | None,
    offence: str | None,
    victim: Mapping[str, Any] | None,
    case: Mapping[str, Any] | None,
) -> None:
    """The shared text rules (`domain/untrusted.py`) before a case code is taken: a lone
    surrogate, say, could not be stored and would waste the number."""
    from vcop_desktop.domain.untrusted import MAX_TEXT_CHARS, text_problem

    named = [("The victim's name", victim_name), ("The crime reference", crime_reference)]
    free = [("The offence", offence), *((f"The {k}", v) for k, v in (victim or {}).items())]
    free += [(f"The {k}", v) for k, v in (case or {}).items()]
    for what, value in named:
        problem = text_problem(value) if value is not None else None
        if problem:
            raise UserError(f"{what} {problem}. Nothing was saved.")
    for what, value in free:
        problem = (
            text_problem(value, one_line=False, limit=MAX_TEXT_CHARS)
            if isinstance(value, str)
            else None
        )
        if problem:
            raise UserError(f"{what} {problem}. Nothing was saved.")


def _check_year(what: str, value: date | None) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise UserError(
            f"{what[0].upper()}{what[1:]} ({value.isoformat()}) is not between "
            f"{EARLIEST_YEAR} and {LATEST_YEAR}; check it. Nothing was saved."
        )
