"""The encrypted workspace: a keystore and one SQLCipher case file per victim.

The GUI and the command line call `Workspace` (in `workspace.py`); the other modules are its
parts. Nothing here imports Qt, and nothing here touches the network.
"""

from vcop_desktop.storage.backup import BackupReport
from vcop_desktop.storage.case import CaseHandle, EventRecord
from vcop_desktop.storage.errors import (
    CaseFileError,
    CaseInUseError,
    StorageEnvironmentError,
    WrongPassphraseError,
)
from vcop_desktop.storage.keystore import KdfParams
from vcop_desktop.storage.workspace import (
    CaseSummary,
    CheckReport,
    Dashboard,
    DueItem,
    ErasureReport,
    FileCheck,
    Workspace,
    default_workspace_dir,
    generate_transfer_passphrase,
)

__all__ = [
    "BackupReport",
    "CaseFileError",
    "CaseHandle",
    "CaseInUseError",
    "CaseSummary",
    "CheckReport",
    "Dashboard",
    "DueItem",
    "ErasureReport",
    "EventRecord",
    "FileCheck",
    "KdfParams",
    "StorageEnvironmentError",
    "Workspace",
    "WrongPassphraseError",
    "default_workspace_dir",
    "generate_transfer_passphrase",
]
