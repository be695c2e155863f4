"""The layout of a workspace folder, declared once."""

from __future__ import annotations

from pathlib import Path

KEYSTORE_FILE = "keystore.json"
SETTINGS_FILE = "workspace.json"
INDEX_FILE = "index.vcopidx"
CASES_DIR = "cases"
#: The organisation's letter settings: sender details, the address book, template overrides.
LETTERS_DIR = "letters"
MIGRATION_COPIES_DIR = "pre-migration"
CASE_SUFFIX = ".vcop"


def case_path(workspace: Path, case_id: str) -> Path:
    return workspace / CASES_DIR / f"{case_id}{CASE_SUFFIX}"


def default_workspace_dir() -> Path:
    """The platform's per-user data folder; resolved when called, never at import."""
    import platformdirs

    return Path(platformdirs.user_data_dir("vcop-desktop", appauthor=False)) / "workspace"
