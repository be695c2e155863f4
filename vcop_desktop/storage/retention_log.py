"""The workspace's retention log: every retention decision and schedule change, in the key file.

A case's own audit log goes with it when it is erased or anonymised (the anonymised file starts
a fresh one), so the decision itself is recorded here: secret and authenticated like the keys
(`Keystore.connection`, as `erasure.py` keeps its register), carried through a passphrase
change and into backups. Each line holds the time, who, the case code and the action with a
date: never a name, a reason's words or anything else of the case.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vcop_desktop.storage import cipher

if TYPE_CHECKING:
    from vcop_desktop.storage.keystore import Keystore

_TABLE = (
    "CREATE TABLE IF NOT EXISTS retention_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
    " actor TEXT NOT NULL, case_code TEXT, action TEXT NOT NULL)"
)
_NO_UPDATE = (
    "CREATE TRIGGER IF NOT EXISTS retention_log_no_update BEFORE UPDATE ON retention_log "
    "BEGIN SELECT RAISE(ABORT, 'the retention log is append-only'); END"
)
_NO_DELETE = (
    "CREATE TRIGGER IF NOT EXISTS retention_log_no_delete BEFORE DELETE ON retention_log "
    "BEGIN SELECT RAISE(ABORT, 'the retention log is append-only'); END"
)


@dataclass(frozen=True, slots=True)
class RetentionLogLine:
    at: str
    actor: str
    case_code: str | None
    action: str


def write(keystore: Keystore, actor: str, action: str, case_code: str | None = None) -> None:
    """Append one line, in its own transaction."""
    conn = keystore.connection(write=True)
    for statement in (_TABLE, _NO_UPDATE, _NO_DELETE):
        conn.execute(statement)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO retention_log (at, actor, case_code, action)"
            " VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?)",
            (actor, case_code, action),
        )
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(cipher.Error):
            conn.execute("ROLLBACK")
        raise


def lines(keystore: Keystore) -> list[RetentionLogLine]:
    """Every line, oldest first (none before the first decision)."""
    conn = keystore.connection()
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'retention_log'"
    ).fetchone()
    if found is None:
        return []
    rows = conn.execute("SELECT at, actor, case_code, action FROM retention_log ORDER BY id")
    return [RetentionLogLine(str(a), str(b), c, str(d)) for a, b, c, d in rows.fetchall()]
