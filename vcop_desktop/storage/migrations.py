"""Case-file versions: `PRAGMA user_version` holds major << 16 | minor.

- New files are created at `LATEST`.
- An older file is first copied (encrypted, with the backup API) into the workspace's
  pre-migration folder, then brought up step by step, each step one transaction that also sets
  the new version, so a crash leaves the file at a whole version.
- A newer minor version is compatible (additions only) and is opened as is; a newer major
  version is refused and the file is left untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vcop_desktop.storage import cipher


@dataclass(frozen=True, slots=True, order=True)
class SchemaVersion:
    major: int
    minor: int

    @classmethod
    def decode(cls, user_version: int) -> SchemaVersion:
        return cls(user_version >> 16, user_version & 0xFFFF)

    def encode(self) -> int:
        return (self.major << 16) | self.minor

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


#: The version new files are created at, and that older files are migrated to.
LATEST = SchemaVersion(1, 5)

Step = Callable[[cipher.Connection], None]


def _v1_1(conn: cipher.Connection) -> None:
    """1.1: the audit log becomes append-only in the database itself; events indexed by date."""
    for statement in POST_CREATE_DDL:
        conn.execute(statement)


def _v1_2(conn: cipher.Connection) -> None:
    """1.2: the agencies' reasons for missed or late obligations (models.GoodReason)."""
    conn.execute(GOOD_REASON_DDL)


def _v1_3(conn: cipher.Connection) -> None:
    """1.3: which address-book entry the case's letters go to (models.LetterRecipient)."""
    conn.execute(LETTER_RECIPIENT_DDL)


def _v1_4(conn: cipher.Connection) -> None:
    """1.4: the items of the victim's safety plan (models.SafetyPlanItem)."""
    conn.execute(SAFETY_PLAN_ITEM_DDL)


def _v1_5(conn: cipher.Connection) -> None:
    """1.5: the victim's protected characteristics, with consent (models.Victim)."""
    have = {str(row[1]) for row in conn.execute("PRAGMA table_info(victim)").fetchall()}
    for statement in EQUALITY_DDL:
        if statement.split()[5] not in have:  # like the other steps' IF NOT EXISTS
            conn.execute(statement)


#: The columns models.Victim gained in 1.5 (the ORM makes them in new files); all nullable,
#: so every case recorded before reads "not recorded".
EQUALITY_DDL: tuple[str, ...] = (
    "ALTER TABLE victim ADD COLUMN equality_consent BOOLEAN",
    *(
        f"ALTER TABLE victim ADD COLUMN {name} VARCHAR"
        for name in (
            "ethnicity", "sex", "disability", "religion", "sexual_orientation",
            "gender_reassignment",
        )
    ),
)  # fmt: skip

#: The same table as models.SafetyPlanItem (the ORM makes it in new files).
SAFETY_PLAN_ITEM_DDL = (
    "CREATE TABLE IF NOT EXISTS safety_plan_item (id INTEGER NOT NULL PRIMARY KEY,"
    " what VARCHAR NOT NULL, responsible VARCHAR NOT NULL, review_on DATE NOT NULL,"
    " closed_on DATE, recorded_by VARCHAR NOT NULL, recorded_at DATETIME NOT NULL)"
)

#: The same table as models.LetterRecipient (the ORM makes it in new files).
LETTER_RECIPIENT_DDL = (
    "CREATE TABLE IF NOT EXISTS letter_recipient (slot VARCHAR NOT NULL PRIMARY KEY,"
    " entry_id VARCHAR NOT NULL)"
)

#: The same table as models.GoodReason (the ORM makes it in new files).
GOOD_REASON_DDL = (
    "CREATE TABLE IF NOT EXISTS good_reason (id INTEGER NOT NULL PRIMARY KEY,"
    " duty VARCHAR NOT NULL, trigger VARCHAR NOT NULL, reason VARCHAR NOT NULL, given_on DATE,"
    " recorded_by VARCHAR NOT NULL, recorded_at DATETIME NOT NULL)"
)

#: DDL that the ORM metadata does not express; run on new files too (they start at LATEST).
POST_CREATE_DDL: tuple[str, ...] = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE INDEX IF NOT EXISTS case_event_by_date ON case_event (date, position)",
)

#: Each step takes a file from the version in the key to the next version.
STEPS: dict[SchemaVersion, tuple[SchemaVersion, Step]] = {
    SchemaVersion(1, 0): (SchemaVersion(1, 1), _v1_1),
    SchemaVersion(1, 1): (SchemaVersion(1, 2), _v1_2),
    SchemaVersion(1, 2): (SchemaVersion(1, 3), _v1_3),
    SchemaVersion(1, 3): (SchemaVersion(1, 4), _v1_4),
    SchemaVersion(1, 4): (SchemaVersion(1, 5), _v1_5),
}


def read_version(conn: cipher.Connection) -> SchemaVersion:
    return SchemaVersion.decode(int(conn.execute("PRAGMA user_version").fetchone()[0]))


def needs_migration(version: SchemaVersion) -> bool:
    return version.major == LATEST.major and version < LATEST


def is_too_new(version: SchemaVersion) -> bool:
    return version.major > LATEST.major


def migrate(path: Path, key: bytes, copies_dir: Path, case_id: str) -> Path:
    """Copy the file, then migrate it in place step by step. Returns the copy's path.

    The caller holds the case's lock and has checked the key and the version.
    """
    conn = cipher.connect(path, key)
    try:
        version = read_version(conn)
        copies_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        copy = copies_dir / f"{case_id}.v{version.major}-{version.minor}.{stamp}.vcop"
        cipher.backup_into(conn, copy, cipher.key_pragma_value(key))
        while version < LATEST:
            target, step = STEPS[version]
            conn.execute("BEGIN IMMEDIATE")
            try:
                step(conn)
                conn.execute(f"PRAGMA user_version = {target.encode()}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            version = target
    finally:
        conn.close()
    return copy
