"""The workspace service: what the GUI and the command line call.

A `Workspace` is an unlocked folder: it creates, lists, opens and erases cases, answers the
dashboard from the encrypted index, checks every file, makes and restores backups, and hands
cases over between workspaces. `open_case()` returns a `CaseHandle` (case.py): one case open
for writing, every change one transaction with its audit row, refreshing its index entry.

Methods that change something return what changed, so a view can refresh only that.

Each job lives in a module of its own, and `Workspace` gathers them:

- workspace_core.py: opening (Argon2id, the recovery pass), keys, settings, locks, rules;
- workspace_index.py: the index, the case list, the dashboard and report rows (no ORM);
- workspace_cases.py: creating, opening and reading cases (the ORM, loaded on first use);
- workspace_maintenance.py: `check` and `erase_case`;
- workspace_retention.py: the retention schedule and review (keep, anonymise, erase);
- workspace_backup.py: backup and restore;
- workspace_passphrase.py: the passphrase change;
- workspace_handover.py: handing a case over.

Importing this module loads no SQLAlchemy: unlocking, the dashboard, `due` and `report` never
pay for the ORM (tests/storage/test_light_path.py).
"""

from __future__ import annotations

from vcop_desktop.storage.due_rows import DueItem
from vcop_desktop.storage.workspace_backup import BackupJobs, RestoreReport
from vcop_desktop.storage.workspace_handover import Handover, generate_transfer_passphrase
from vcop_desktop.storage.workspace_index import CaseSummary, Dashboard
from vcop_desktop.storage.workspace_maintenance import (
    CheckReport,
    ErasureReport,
    FileCheck,
)
from vcop_desktop.storage.workspace_passphrase import KeptOldKey, PassphraseChange, PassphraseReport
from vcop_desktop.storage.workspace_retention import RetentionDue, RetentionJobs

__all__ = [
    "CaseSummary",
    "CheckReport",
    "Dashboard",
    "DueItem",
    "ErasureReport",
    "FileCheck",
    "KeptOldKey",
    "PassphraseReport",
    "RestoreReport",
    "RetentionDue",
    "Workspace",
    "generate_transfer_passphrase",
]


class Workspace(Handover, RetentionJobs, BackupJobs, PassphraseChange):
    """An unlocked workspace. Use as a context manager, or call `close()` to drop the keys."""
