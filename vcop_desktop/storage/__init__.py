"""The encrypted workspace: a keystore and one SQLCipher case file per victim.

The GUI and the command line call `Workspace` (in `workspace.py`); the other modules are its
parts. Nothing here imports Qt, and nothing here touches the network.

Names are imported on first use (PEP 562), so `import vcop_desktop.storage.keystore` at start-up
does not pay for SQLAlchemy: the unlock window appears before the ORM is loaded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vcop_desktop.storage.backup import BackupReport
    from vcop_desktop.storage.case import CaseHandle
    from vcop_desktop.storage.case_rows import EventRecord
    from vcop_desktop.storage.coming_up import ComingUp
    from vcop_desktop.storage.due_rows import DueItem, DueRows
    from vcop_desktop.storage.errors import (
        CaseFileError,
        CaseInUseError,
        StorageEnvironmentError,
        WrongPassphraseError,
    )
    from vcop_desktop.storage.files import default_workspace_dir
    from vcop_desktop.storage.keystore import KdfParams
    from vcop_desktop.storage.workspace import (
        CaseSummary,
        CheckReport,
        Dashboard,
        ErasureReport,
        FileCheck,
        Workspace,
        generate_transfer_passphrase,
    )
    from vcop_desktop.storage.workspace_retention import RetentionDue

_WHERE = {
    "BackupReport": "backup",
    "CaseHandle": "case",
    "EventRecord": "case_rows",
    "ComingUp": "coming_up",
    "CaseFileError": "errors",
    "CaseInUseError": "errors",
    "StorageEnvironmentError": "errors",
    "WrongPassphraseError": "errors",
    "KdfParams": "keystore",
    "CaseSummary": "workspace",
    "CheckReport": "workspace",
    "Dashboard": "workspace",
    "DueItem": "due_rows",
    "DueRows": "due_rows",
    "ErasureReport": "workspace",
    "FileCheck": "workspace",
    "RetentionDue": "workspace_retention",
    "Workspace": "workspace",
    "default_workspace_dir": "files",
    "generate_transfer_passphrase": "workspace",
}

__all__ = [
    "BackupReport",
    "CaseFileError",
    "CaseHandle",
    "CaseInUseError",
    "CaseSummary",
    "CheckReport",
    "ComingUp",
    "Dashboard",
    "DueItem",
    "DueRows",
    "ErasureReport",
    "EventRecord",
    "FileCheck",
    "KdfParams",
    "RetentionDue",
    "StorageEnvironmentError",
    "Workspace",
    "WrongPassphraseError",
    "default_workspace_dir",
    "generate_transfer_passphrase",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
