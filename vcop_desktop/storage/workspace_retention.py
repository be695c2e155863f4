"""The retention review: the schedule (workspace settings), the closed cases due for review
(from the index: no case file opened), and the three decisions: keep, anonymise, erase.

Every decision and schedule change is a line in the retention log (`retention_log.py`, in the
key file); a keep is also in the case's own audit log, with its reason.

Anonymising makes a fresh case file under a new id and a new key holding only the kept rows
(`anonymise.py`), then erases the old case through the erasure machinery (`erasure.py`): the
old id goes into the erased register, its copies in backup folders are purged, its key is
destroyed, so a pre-anonymisation copy in an old backup can never be read or restored. An
intent record ("anonymise", both ids) makes a crash leave the old case (the new file never
landed: its key is dropped) or the new one (the old one's erasure is finished at unlock).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vcop_desktop.domain.retention import due_on, keep_problem, years_problem
from vcop_desktop.errors import UserError
from vcop_desktop.storage import intents, recovery, retention_log
from vcop_desktop.storage.errors import StorageEnvironmentError, user_errors
from vcop_desktop.storage.locks import CaseLock
from vcop_desktop.storage.retention_state import KEEP_REASON, REVIEW_ON
from vcop_desktop.storage.workspace_cases import CaseAccess
from vcop_desktop.storage.workspace_index import CaseSummary
from vcop_desktop.storage.workspace_maintenance import ErasureReport, Maintenance

if TYPE_CHECKING:
    from vcop_desktop.storage.anonymise import KeptCase

ANONYMISE_OP = "anonymise"


@dataclass(frozen=True, slots=True)
class RetentionDue:
    """A closed case whose review date has come."""

    case_id: str
    case_code: str
    closed_on: date
    review_on: date
    #: True when the date was set by an earlier keep decision (not by the schedule).
    kept_before: bool


class RetentionJobs(CaseAccess, Maintenance):
    """Retention for the whole workspace (see the module docstring)."""

    def retention_years(self) -> int:
        """Years after closure a closed case is reviewed (default 6)."""
        return self._settings().retention_years

    @user_errors
    def set_retention_years(self, years: int) -> bool:
        """Change the schedule; logged. False when it was already `years`."""
        problem = years_problem(years)
        if problem:
            raise UserError(problem)
        with self._lock.shared():
            settings = self._settings()
            before = settings.retention_years
            if before == years:
                return False
            settings.retention_years = years
            self._save_settings(settings)
            retention_log.write(
                self._keystore,
                self.actor,
                f"retention schedule changed from {before} to {years} years after closure",
            )
        return True

    @user_errors
    def retention_due(self, today: date, *, refresh: bool = True) -> list[RetentionDue]:
        """Closed cases (not anonymised) whose review date is on or before `today`, the
        longest overdue first. From the index alone."""
        if refresh:
            self.refresh_index()
        years = self.retention_years()
        due = [
            RetentionDue(case_id, code, closed, due_on(closed, years, kept), kept is not None)
            for case_id, code, closed, kept in self._idx().closed_cases()
        ]
        return sorted(
            (d for d in due if d.review_on <= today), key=lambda d: (d.review_on, d.case_code)
        )

    @user_errors
    def keep_case(self, case: str, reason: str, review_on: date | None, today: date) -> None:
        """Keep a case until `review_on`, for `reason` (both required): in the case's own
        audit log (with the reason) and the retention log (without it)."""
        problem = keep_problem(reason, review_on, today)
        if problem:
            raise UserError(problem)
        assert review_on is not None
        from sqlmodel import col, select

        from vcop_desktop.storage.models import Meta

        case_id = self.resolve(case)
        self._refuse_unless_closed(case_id, "kept")
        with self.open_case(case_id) as handle:
            with handle._change() as session:
                rows = {
                    m.name: m
                    for m in session.exec(
                        select(Meta).where(col(Meta.name).in_((REVIEW_ON, KEEP_REASON)))
                    ).all()
                }
                before = {name: row.value for name, row in rows.items()}
                after = {REVIEW_ON: review_on.isoformat(), KEEP_REASON: reason.strip()}
                for name, value in after.items():
                    row = rows.get(name) or Meta(name=name, value=value)
                    row.value = value
                    session.add(row)
                handle._audit(
                    session, "kept at retention review", "retention", None, before or None, after
                )
            code = handle.case_code
        retention_log.write(
            self._keystore,
            self.actor,
            f"kept at retention review until {review_on.isoformat()}",
            code,
        )

    @user_errors
    def erase_at_review(self, case: str) -> ErasureReport:
        """The existing crypto-erase, logged as a retention decision (the code alone)."""
        report = self.erase_case(case)
        retention_log.write(
            self._keystore, self.actor, "erased at retention review", report.case_code
        )
        return report

    @user_errors
    def anonymise_case(self, case: str, today: date) -> CaseSummary:
        """Replace a case with its anonymised copy (new id, new key); the old one is erased.
        Refused, with nothing changed, when the copy would change any agency's or the
        advocate's obligations."""
        case_id = self.resolve(case)
        code = self._code_for(case_id)
        self._refuse_unless_closed(case_id, "anonymised")
        try:
            folders = [Path(f) for f in self._settings().backup_folders]
        except StorageEnvironmentError as error:
            raise StorageEnvironmentError(
                f"Not anonymised: {error} The list of backup folders is in it, and the old "
                "copies of the case there must be destroyed."
            ) from None
        with self.open_case(case_id):
            pass  # brings an older file to the current format (with its pre-migration copy)
        with self._exclusive():
            self._keystore.ensure_current()
            path = self._case_path(case_id)
            with CaseLock.acquire(path, code) as lock:
                kept = self._kept_if_same_figures(case_id, code, today)
                new_id = uuid.uuid4().hex
                # Before the new key is made: a crash before the new file lands drops that
                # key (the old case stays); one after it finishes the old case's erasure.
                record = intents.begin(
                    self.folder, ANONYMISE_OP, case_id=case_id, new_case_id=new_id
                )
                try:
                    self._write_anonymised(new_id, kept)
                except BaseException:
                    self._undo_create(new_id)
                    intents.end(record)
                    raise
                recovery.finish_erase(
                    self.folder, self._keystore, case_id, folders, self._workspace_id()
                )
                self._idx().remove(case_id)
                lock.release()
                intents.end(record)
            self._refresh_entry(new_id)
        retention_log.write(self._keystore, self.actor, "anonymised at retention review", code)
        return self._summary_of(new_id)

    def _refuse_unless_closed(self, case_id: str, done: str) -> None:
        """A retention decision is for a closed case not yet anonymised (its entry re-read)."""
        self._refresh_entry(case_id)
        if case_id not in {row[0] for row in self._idx().closed_cases()}:
            raise UserError(
                f"Case {self._code_for(case_id)} is open or already anonymised: a case is "
                f"{done} when it is closed, at its retention review. Nothing was changed."
            )

    def _kept_if_same_figures(self, case_id: str, code: str, today: date) -> KeptCase:
        """What the anonymised copy keeps, if its figures come out the same."""
        from vcop_desktop.storage.anonymise import kept_case, same_figures
        from vcop_desktop.storage.case_rows import read_case
        from vcop_desktop.storage.casefile import CaseFile

        with CaseFile.open(
            self._case_path(case_id),
            self._keystore.case_key(case_id),
            label=code,
            copies_dir=self._copies_dir(),
            readonly=True,
        ) as file:
            kept = kept_case(file, today, self.rulebook().forms)
            scenario = read_case(file)[1]
        if not same_figures(self.evaluate(scenario, today), self.evaluate(kept.scenario, today)):
            raise UserError(
                f"Case {code} cannot be anonymised without changing its figures (its duties "
                "depend on a detail that would be removed). Nothing was changed."
            )
        return kept

    def _write_anonymised(self, new_id: str, kept: KeptCase) -> None:
        """The anonymised file under a new key: complete, or not at all (CaseFile.create)."""
        from vcop_desktop.storage.casefile import CaseFile

        key = self._keystore.add_case_key(new_id)
        CaseFile.create(
            self._case_path(new_id),
            key,
            new_id,
            actor=self.actor,
            record=kept.record,
            victim=kept.victim,
            events=kept.events,
            action="case anonymised at retention review",
            more=kept.more,
        )
