"""Law updates installed in a workspace: which packs are in force, and installing or rolling back.

Accepted update files are kept verbatim, signature and all, in `<workspace>/law/updates/`
(numbered in the order accepted) and verified again whenever they are loaded; a later one wins
for a pack it carries. Rolling back moves the newest to `law/rolled-back/`, so the packs before
it apply again. Each install or rollback is one file rename (written to a temporary file and
fsynced first) followed by one line in `law/audit.jsonl`; if that line cannot be written the
rename is undone. Nothing here holds personal data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from vcop_desktop.domain.law_diff import ObligationMove, obligation_moves, pending_moves
from vcop_desktop.domain.obligations import PendingChange
from vcop_desktop.domain.rules import RuleBook
from vcop_desktop.errors import UserError
from vcop_desktop.storage.fileops import atomic_write, fsync_dir

if TYPE_CHECKING:
    from vcop_desktop.domain.calendar import WorkingCalendar
    from vcop_desktop.domain.events import Scenario
    from vcop_desktop.rules.update import LawUpdate
    from vcop_desktop.storage.errors import CaseFileError
    from vcop_desktop.storage.index import SummaryRow


class LawWorkspace(Protocol):
    """What a law update needs of the workspace (`workspace.Workspace` provides it): named
    here, so this module, which the workspace loads its rules from, does not import it."""

    folder: Path
    actor: str

    @property
    def calendar(self) -> WorkingCalendar: ...

    def rulebook(self) -> RuleBook: ...

    def configure(
        self, *, rulebook: RuleBook | None = None, calendar: WorkingCalendar | None = None
    ) -> None: ...

    def list_cases(self) -> list[SummaryRow]: ...

    def scenario(self, case: str) -> Scenario: ...

    def problems(self) -> tuple[CaseFileError, ...]: ...


LAW_DIR = "law"
UPDATES_DIR = "updates"
ROLLED_BACK_DIR = "rolled-back"
AUDIT_FILE = "audit.jsonl"
SUFFIX = ".vcoplaw"


def updates_dir(folder: Path) -> Path:
    return folder / LAW_DIR / UPDATES_DIR


def installed_files(folder: Path) -> list[Path]:
    """The accepted update files, oldest first."""
    where = updates_dir(folder)
    if not where.is_dir():
        return []
    return sorted(p for p in where.glob(f"*{SUFFIX}") if not p.name.startswith("."))


def installed_updates(folder: Path) -> list[LawUpdate]:
    """Every accepted update, verified again (a file altered on disk is refused, by name)."""
    from vcop_desktop.rules.update import LawUpdateError, verify_update

    updates = []
    for path in installed_files(folder):
        try:
            updates.append(verify_update(path.read_bytes(), path.name))
        except (LawUpdateError, OSError) as error:
            raise UserError(
                f"The installed law update {path.name} in {path.parent} fails its check "
                f"({error}); move that file out of the folder (the law before it then applies) "
                "or restore the workspace from a backup."
            ) from None
    return updates


def workspace_rulebook(folder: Path, extra_dirs: Sequence[Path] = ()) -> RuleBook:
    """The law this workspace's cases are judged by: the bundled packs, an organisation's packs
    in `extra_dirs`, and every installed law update (newest version of each pack)."""
    from vcop_desktop.rules import default_rulebook, load_rulebook

    if not installed_files(folder) and not extra_dirs:
        return default_rulebook()
    packs = [pack for update in installed_updates(folder) for pack in update.packs]
    return load_rulebook(extra_dirs, installed=packs)


# -- what would change ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseMoves:
    case_code: str
    moves: tuple[ObligationMove, ...]


@dataclass(frozen=True, slots=True)
class LawPlan:
    """A change of the law, worked out but not yet made: shown to the user before accepting."""

    action: str  # "update" or "rollback"
    before: RuleBook
    after: RuleBook
    today: date
    packs: tuple[str, ...]  # "victim-deadlines-2015: version 1 -> version 2"
    pending_added: tuple[PendingChange, ...]
    pending_ended: tuple[PendingChange, ...]
    cases: tuple[CaseMoves, ...]
    problems: tuple[CaseFileError, ...] = ()
    update: LawUpdate | None = None
    file: Path | None = None  # for a rollback: the update file it takes out

    def lines(self) -> list[str]:
        """The list a person reads before accepting, one change a line."""
        out = [f"Rule packs: {p}" for p in self.packs]
        out += [f"Pending change added: {p.id}: {p.note}" for p in self.pending_added]
        out += [f"Pending change ended: {p.id}" for p in self.pending_ended]
        moved = [c for c in self.cases if c.moves]
        if not moved:
            out.append(
                f"No obligation in any open case moves (judged on {self.today.isoformat()})."
            )
        for case in moved:
            out += [f"{case.case_code}: {move.describe()}" for move in case.moves]
        out += [f"Not checked (cannot be read): {p}" for p in self.problems]
        return out


def plan_update(workspace: LawWorkspace, update: LawUpdate, today: date) -> LawPlan:
    """What accepting `update` would change; refuses an update that is not newer."""
    from vcop_desktop.rules.loader import build_rulebook, with_updates
    from vcop_desktop.rules.update import LawUpdateError

    before = workspace.rulebook()
    for pack in update.packs:
        held = before.pack(pack.id)
        if held is not None and pack.version <= held.version:
            raise LawUpdateError(
                f"this update carries {pack.id} version {pack.version}, but version "
                f"{held.version} is already in force: an update cannot go back to an older "
                "or the same version (use 'law rollback'); nothing was changed"
            )
    try:
        after = build_rulebook(with_updates(before.packs, update.packs), before.forms)
    except UserError as error:
        raise LawUpdateError(f"the update does not fit the law in force: {error}") from None
    return _plan(workspace, "update", before, after, today, update=update)


def plan_rollback(workspace: LawWorkspace, today: date) -> LawPlan:
    """What taking out the newest installed update would change."""
    from vcop_desktop.rules import default_rulebook
    from vcop_desktop.rules.loader import build_rulebook, with_updates

    files = installed_files(workspace.folder)
    if not files:
        raise UserError("No law update is installed: the law bundled with the app is in force.")
    updates = installed_updates(workspace.folder)
    newest, earlier = updates[-1], updates[:-1]
    before = workspace.rulebook()
    taken = {p.id for p in newest.packs}
    fallback = with_updates(default_rulebook().packs, (p for u in earlier for p in u.packs))
    kept = [p for p in before.packs if p.id not in taken]
    back = [p for p in fallback if p.id in taken]
    after = build_rulebook([*kept, *back], before.forms)
    return _plan(workspace, "rollback", before, after, today, update=newest, file=files[-1])


def _plan(
    workspace: LawWorkspace,
    action: str,
    before: RuleBook,
    after: RuleBook,
    today: date,
    *,
    update: LawUpdate | None = None,
    file: Path | None = None,
) -> LawPlan:
    from vcop_desktop.domain.engine import evaluate

    calendar = workspace.calendar  # the workspace's own closure days
    cases: list[CaseMoves] = []
    for summary in workspace.list_cases():
        if summary.status != "open":
            continue
        scenario = workspace.scenario(summary.case_id)
        moves = obligation_moves(
            evaluate(scenario, today, before, calendar), evaluate(scenario, today, after, calendar)
        )
        cases.append(CaseMoves(summary.case_code, tuple(moves)))
    added, ended = pending_moves(before, after)
    return LawPlan(
        action=action,
        before=before,
        after=after,
        today=today,
        packs=_pack_changes(before, after),
        pending_added=added,
        pending_ended=ended,
        cases=tuple(cases),
        problems=workspace.problems(),
        update=update,
        file=file,
    )


def _pack_changes(before: RuleBook, after: RuleBook) -> tuple[str, ...]:
    old = {p.id: p for p in before.packs}
    new = {p.id: p for p in after.packs}
    out = []
    for pack_id, pack in new.items():
        held = old.get(pack_id)
        if held is None:
            out.append(f"{pack_id}: new, version {pack.version}, in force from "
                       f"{pack.in_force_from.isoformat()}")  # fmt: skip
        elif held.version != pack.version:
            out.append(f"{pack_id}: version {held.version} -> version {pack.version}")
    out += [f"{pack_id}: no longer part of the law" for pack_id in old if pack_id not in new]
    return tuple(out)


# -- making the change -----------------------------------------------------------------------------


def apply(workspace: LawWorkspace, plan: LawPlan) -> Path:
    """Install or roll back as planned: one rename, then its audit line. Returns the file."""
    folder = workspace.folder
    assert plan.update is not None
    if plan.action == "update":
        where = updates_dir(folder)
        where.mkdir(parents=True, exist_ok=True)
        target = where / f"{_next_number(folder):04d}{SUFFIX}"
        atomic_write(target, plan.update.raw)
        undo_from, undo_to = target, None
    else:
        assert plan.file is not None
        if installed_files(folder)[-1:] != [plan.file]:
            raise UserError("The installed law changed since this was worked out; try again.")
        rolled = folder / LAW_DIR / ROLLED_BACK_DIR
        rolled.mkdir(parents=True, exist_ok=True)
        target = rolled / plan.file.name
        plan.file.replace(target)
        fsync_dir(rolled)
        fsync_dir(plan.file.parent)
        undo_from, undo_to = target, plan.file
    try:
        _audit(folder, workspace.actor, plan, target)
    except OSError as error:
        if undo_to is None:
            undo_from.unlink()
        else:
            undo_from.replace(undo_to)
        raise UserError(
            f"The law was not changed: its audit record could not be written ({error.strerror})."
        ) from None
    workspace.configure(rulebook=plan.after)
    return target


def _next_number(folder: Path) -> int:
    numbers = [0]
    for sub in (UPDATES_DIR, ROLLED_BACK_DIR):
        for path in (folder / LAW_DIR / sub).glob(f"*{SUFFIX}"):
            with contextlib.suppress(ValueError):
                numbers.append(int(path.name[: -len(SUFFIX)]))
    return max(numbers) + 1


def _audit(folder: Path, actor: str, plan: LawPlan, target: Path) -> None:
    assert plan.update is not None
    record = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "actor": actor,
        "action": f"law {plan.action}",
        "file": target.name,
        "sha256": hashlib.sha256(plan.update.raw).hexdigest(),
        "published": plan.update.published.isoformat(),
        "packs": list(plan.packs),
        "pending_added": [p.id for p in plan.pending_added],
        "pending_ended": [p.id for p in plan.pending_ended],
        "cases_moved": sum(1 for c in plan.cases if c.moves),
    }
    with (folder / LAW_DIR / AUDIT_FILE).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def restore_updates(folder: Path, set_dir: Path, actor: str) -> list[str]:
    """The law updates a backup set holds that this workspace has neither installed nor rolled
    back, brought back so that dates are worked out under the same law as before (a workspace
    rebuilt from a backup otherwise fell back to the bundled packs). Each is checked against
    the set's manifest and the publisher's signature before it is placed; a deliberate rollback
    is never undone. Returns the file names brought back."""
    from vcop_desktop.rules.update import verify_update
    from vcop_desktop.storage.backup import LAW_UPDATES_IN_SET, read_manifest

    listed = read_manifest(set_dir).get("law_updates")
    if not isinstance(listed, dict):
        return []  # a set made before law updates were backed up
    known = {
        path.name
        for sub in (UPDATES_DIR, ROLLED_BACK_DIR)
        for path in (folder / LAW_DIR / sub).glob(f"*{SUFFIX}")
    }
    brought: list[str] = []
    for name, digest in sorted(listed.items()):
        if name in known or "/" in name or not name.endswith(SUFFIX):
            continue
        data = (set_dir / LAW_UPDATES_IN_SET / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise UserError(
                f"The law update {name} in the backup {set_dir.name} does not match its "
                "manifest; it was not restored."
            )
        update = verify_update(data, name)  # the publisher's signature, checked again
        target = updates_dir(folder) / name
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(target, data)
        fsync_dir(target.parent)
        record = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "actor": actor,
            "action": "law update restored from a backup",
            "file": name,
            "sha256": digest,
            "published": update.published.isoformat(),
            "backup": set_dir.name,
        }
        with (folder / LAW_DIR / AUDIT_FILE).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        brought.append(name)
    return brought


def audit_records(folder: Path) -> list[dict[str, object]]:
    path = folder / LAW_DIR / AUDIT_FILE
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# -- status ----------------------------------------------------------------------------------------


def status_lines(rulebook: RuleBook, today: date) -> list[str]:
    """Which packs are in force, their versions and dates, and what is pending."""
    in_force = {p.id for p in rulebook.packs_in_force(today)}
    out = ["Law in force:"]
    for pack in sorted(rulebook.packs, key=lambda p: (p.series, p.in_force_from)):
        state = "in force today" if pack.id in in_force else "not in force today"
        where = f"law update {pack.origin}" if f"{SUFFIX}:" in pack.origin else pack.origin
        out.append(f"  {pack.describe()} ({state}; from {where}): {pack.title}")
    if rulebook.pending:
        out.append("Pending changes (announced, not verified in force; no date moves):")
        for change in rulebook.pending:
            touches = ", ".join(sorted(change.touches))
            out.append(
                f"  {change.id} (announced {change.announced.isoformat()}; touches {touches}): "
                f"{change.note}"
            )
    else:
        out.append("Pending changes: none.")
    return out


def about_line(rulebook: RuleBook, today: date) -> str:
    """One line for the About box."""
    packs = ", ".join(
        f"{p.id} v{p.version} (from {p.in_force_from.isoformat()})"
        for p in rulebook.packs_in_force(today)
    )
    pending = ", ".join(p.id for p in rulebook.pending) or "none"
    return f"Law in force: {packs}. Pending: {pending}."
