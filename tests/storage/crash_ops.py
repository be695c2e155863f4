"""The multi-file operations as the crash tests run them, and the check that nothing was lost.

Shared by `tests/storage/test_recovery.py` (a kill at every file-changing call, in forked
children) and `benchmarks/crash_kills.py` (>= 1,000 SIGKILLs at random points).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vcop_desktop.errors import UserError
from vcop_desktop.storage import CaseInUseError, KdfParams, Workspace, WrongPassphraseError
from vcop_desktop.storage.backup import backup_sets, verify_case_copy
from vcop_desktop.storage.erasure import is_erased
from vcop_desktop.storage.intents import INTENTS_DIR
from vcop_desktop.storage.keystore import Keystore

FIRST = "correct horse battery staple"
SECOND = "a completely different passphrase"
TRANSFER = "HANDOVER-TEST-PASSPHRASE-1"
OPERATIONS = ("passwd", "backup", "restore", "handover", "erase", "anonymise")

SCENARIO: dict[str, object] = {
    "case": {"offence_date": "2026-02-27", "flags": ["domestic_abuse"]},
    "events": [
        {"id": "e1", "type": "crime_reported", "date": "2026-03-02"},
        {"id": "e2", "type": "suspect_arrested", "date": "2026-03-05"},
    ],
}


@dataclass
class Layout:
    workspace: Path
    backups: Path
    handovers: Path

    @classmethod
    def under(cls, root: Path) -> Layout:
        return cls(root / "workspace", root / "backups", root / "handovers")


def prepare(layout: Layout, cases: int = 4) -> dict[str, dict[str, object]]:
    """A workspace with `cases` cases and one backup; returns each case's scenario."""
    layout.handovers.mkdir(parents=True, exist_ok=True)
    with Workspace.create(layout.workspace, FIRST, kdf=KdfParams.cheap(), actor="crash") as ws:
        for n in range(cases):
            scenario = copy.deepcopy(SCENARIO)
            scenario["case"] = {**scenario["case"], "crime_reference": f"CR/{n}"}  # type: ignore[dict-item]
            ws.import_scenario(scenario)
        ws.backup(layout.backups, keep=2)
        return {c.case_id: ws.export_scenario(c.case_id) for c in ws.list_cases()}


def open_any(folder: Path) -> tuple[Workspace, str]:
    """Unlock with whichever of the two passphrases is current now."""
    for passphrase in (FIRST, SECOND):
        try:
            return Workspace.open(folder, passphrase), passphrase
        except WrongPassphraseError:
            continue
    raise AssertionError("neither passphrase opens the workspace")


def run_op(op: str, layout: Layout) -> str:
    """One instance of a multi-file operation; returns what it did (for the log)."""
    ws, passphrase = open_any(layout.workspace)
    with ws:
        if op == "passwd":
            other = SECOND if passphrase == FIRST else FIRST
            ws.change_passphrase(other)
            return f"passwd {other == SECOND}"
        if op == "backup":
            return f"backup {ws.backup(layout.backups, keep=2).set_dir.name}"
        if op == "restore":
            latest = backup_sets(layout.backups)[-1]
            for candidate in (passphrase, FIRST, SECOND):
                try:
                    return f"restore {len(ws.restore(latest, passphrase=candidate).restored)}"
                except WrongPassphraseError:
                    continue
            raise AssertionError("no passphrase opens the backup")
        if op == "handover":
            case = ws.list_cases()[0]
            target = ws.export_handover(case.case_id, layout.handovers, TRANSFER)
            return f"handover {ws.import_handover(target, TRANSFER).case_id}"
        if op == "erase":
            made = ws.import_scenario(SCENARIO)
            ws.erase_case(made.case_id)
            return f"erase {made.case_id}"
        if op == "anonymise":  # a closed case, anonymised at its retention review
            closing = {"id": "z1", "type": "case_closed", "date": "2026-03-20"}
            events = [*SCENARIO["events"], closing]  # type: ignore[misc]
            made = ws.import_scenario({**SCENARIO, "events": events})
            return f"anonymise {ws.anonymise_case(made.case_id, date(2033, 1, 1)).case_id}"
    raise ValueError(op)


@dataclass
class Verdict:
    corrupt_files: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    orphan_keys: list[str] = field(default_factory=list)
    blocking_locks: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    bad_backup_sets: list[str] = field(default_factory=list)
    #: Copies of erased cases left in a backup folder (hidden sets included).
    erased_copies: list[str] = field(default_factory=list)
    #: Case codes held by two cases (an anonymisation that left both the old and the new).
    duplicate_codes: list[str] = field(default_factory=list)
    check_green: bool = True

    @property
    def clean(self) -> bool:
        return self.check_green and not (
            self.corrupt_files
            or self.lost
            or self.orphan_keys
            or self.blocking_locks
            or self.leftovers
            or self.bad_backup_sets
            or self.erased_copies
            or self.duplicate_codes
        )


def verify(layout: Layout, originals: dict[str, dict[str, object]]) -> Verdict:
    """Unlock (the recovery pass runs), then look for every kind of damage."""
    verdict = Verdict()
    ws, passphrase = open_any(layout.workspace)
    with ws:
        report = ws.check()
        verdict.check_green = report.ok
        verdict.corrupt_files = [f.file_name for f in report.files if not f.ok]
        if not report.keystore_ok:
            verdict.corrupt_files.append("key file")
        files = {p.name.removesuffix(".vcop") for p in (layout.workspace / "cases").glob("*.vcop")}
        verdict.orphan_keys = sorted(set(ws._keystore.case_ids()) - files)
        for case_id, scenario in originals.items():
            try:
                if ws.export_scenario(case_id) != scenario:
                    verdict.lost.append(f"{case_id} changed")
            except UserError:
                verdict.lost.append(case_id)
        for case_id in sorted(files):
            try:
                ws.open_case(case_id).close()
            except CaseInUseError:
                verdict.blocking_locks.append(case_id)
            except UserError:
                pass  # reported by check above
        codes = [c.case_code for c in ws.list_cases()]
        verdict.duplicate_codes = sorted({c for c in codes if codes.count(c) > 1})
        cases = layout.workspace / "cases"
        verdict.leftovers = sorted(p.name for p in cases.iterdir() if p.name.startswith("."))
        verdict.leftovers += (
            sorted(p.name for p in (layout.workspace / INTENTS_DIR).glob("*") if p.is_file())
            if (layout.workspace / INTENTS_DIR).is_dir()
            else []
        )
        verdict.leftovers += sorted(
            p.name for p in layout.workspace.glob("keys-*.vcopkeys") if p != ws._keystore.keys_path
        )
        verdict.erased_copies = sorted(
            p.name
            for p in layout.backups.rglob("*.vcop")
            if is_erased(ws._keystore, p.name.removesuffix(".vcop"))
        )
        for set_dir in backup_sets(layout.backups):
            problem = _set_problem(set_dir, passphrase)
            if problem:
                verdict.bad_backup_sets.append(f"{set_dir.name}: {problem}")
    return verdict


def _set_problem(set_dir: Path, passphrase: str) -> str | None:
    """A complete-looking set must restore: its keystore opens and every case copy verifies."""
    store = None
    for candidate in (passphrase, FIRST, SECOND):
        try:
            store = Keystore.unlock(set_dir, candidate, readonly=True)
            break
        except WrongPassphraseError:
            continue
        except UserError as error:
            return str(error)
    if store is None:
        return "no passphrase opens it"
    try:
        for copy_path in sorted((set_dir / "cases").glob("*.vcop")):
            case_id = copy_path.name.removesuffix(".vcop")
            key = store.case_key(case_id)
            if key is None:
                return f"no key for {case_id}"
            problem = verify_case_copy(copy_path, key, case_id)
            if problem:
                return problem
    finally:
        store.close()
    return None
