"""Safety-plan items (case format 1.4): every write one transaction with its audit row, and
a file of every earlier format migrated to the table (a copy kept first)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.storage.conftest import SCENARIO, TODAY
from vcop_desktop.domain.equality import RECORDED
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.migrations import LATEST, SchemaVersion
from vcop_desktop.storage.rawfile import probe


def test_add_edit_close_each_audited_with_who_and_when(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        plan = handle.safety_plan
        item = plan.add("  Change the locks at  Brackenwood ", "Advocate", date(2026, 4, 1))
        assert item.id is not None
        assert (item.what, item.responsible, item.review_on, item.closed_on) == (
            "Change the locks at Brackenwood",
            "Advocate",
            date(2026, 4, 1),
            None,
        )
        assert item.recorded_by == "tester" and item.recorded_at is not None
        plan.edit(item.id, responsible="Housing officer", review_on=date(2026, 4, 8))
        plan.close(item.id, date(2026, 3, 19), today=TODAY)
        second = plan.add("Keep a charged phone", "Victim", date(2026, 4, 15))

        [first, other] = plan.items()
        assert (first.responsible, first.review_on, first.closed_on) == (
            "Housing officer",
            date(2026, 4, 8),
            date(2026, 3, 19),
        )
        assert [i.id for i in plan.items(include_closed=False)] == [second.id]
        assert other.what == "Keep a charged phone"

        audit = [a for a in handle.audit_log() if a.entity == "safety_plan_item"]
        assert [a.action for a in audit] == [
            "safety plan item added",
            "safety plan item edited",
            "safety plan item closed",
            "safety plan item added",
        ]
        assert {a.entity_key for a in audit[:3]} == {str(item.id)}
        assert all(a.actor == "tester" for a in audit)
        edited = audit[1]
        assert json.loads(edited.before or "{}")["responsible"] == "Advocate"
        assert json.loads(edited.after or "{}")["responsible"] == "Housing officer"
        # The same as every other audit row: the row itself, nothing more (no victim details).
        assert set(json.loads(audit[0].after or "{}")) == {
            "id", "what", "responsible", "review_on", "closed_on", "recorded_by", "recorded_at"
        }  # fmt: skip
        assert "Quillfeather" not in "".join((a.before or "") + (a.after or "") for a in audit)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: p.add("   ", "Advocate", date(2026, 4, 1)), "Say what the item is"),
        (lambda p: p.add("Locks", "  ", date(2026, 4, 1)), "Say who is responsible"),
        (lambda p: p.add("x" * 501, "Advocate", date(2026, 4, 1)), "under 500"),
        (lambda p: p.add("Locks", "Advocate", date(1066, 4, 1)), "not between"),
        (lambda p: p.edit(999, what="Locks"), "no safety plan item 999"),
        (lambda p: p.close(999, date(2026, 3, 1), today=TODAY), "no safety plan item 999"),
        (lambda p: p.close(1, date(2026, 3, 21), today=TODAY), "after today"),
        (lambda p: p.edit(1), "Nothing to change"),
    ],
)
def test_refused_with_one_line_and_nothing_written(
    ws: Workspace, call: object, message: str
) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.safety_plan.add("Locks", "Advocate", date(2026, 4, 1))
        before = (len(handle.audit_log()), handle.safety_plan.items())
        with pytest.raises(UserError, match=message):
            call(handle.safety_plan)  # type: ignore[operator]
        assert (len(handle.audit_log()), handle.safety_plan.items()) == before


#: What each earlier format lacked, undone in order from a new file (LATEST) downwards.
_UNDO: dict[SchemaVersion, tuple[str, ...]] = {
    SchemaVersion(1, 4): tuple(
        f"ALTER TABLE victim DROP COLUMN {name}" for name in ("equality_consent", *RECORDED)
    ),
    SchemaVersion(1, 3): ("DROP TABLE safety_plan_item",),
    SchemaVersion(1, 2): ("DROP TABLE letter_recipient",),
    SchemaVersion(1, 1): ("DROP TABLE good_reason",),
    SchemaVersion(1, 0): (
        "DROP TRIGGER audit_log_no_update",
        "DROP TRIGGER audit_log_no_delete",
        "DROP INDEX case_event_by_date",
    ),
}


def _make_older(path: Path, key: bytes, version: SchemaVersion) -> None:
    """Turn a new file into what `version` wrote, by undoing each later step's additions."""
    conn = cipher.connect(path, key)
    for older, statements in _UNDO.items():
        if older < version:
            break
        for statement in statements:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version.encode()}")
    cipher.checkpoint(conn)
    conn.close()


def _schema(path: Path, key: bytes) -> dict[str, str]:
    conn = cipher.connect(path, key, readonly=True)
    try:
        rows = conn.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        objects = {str(n): str(t) for n, t in rows.fetchall()}
        columns = conn.execute("PRAGMA table_info(safety_plan_item)").fetchall()
        objects["safety_plan_item columns"] = repr(columns)
        objects["victim columns"] = repr(conn.execute("PRAGMA table_info(victim)").fetchall())
        return objects
    finally:
        conn.close()


def test_the_latest_format_is_1_5() -> None:
    assert SchemaVersion(1, 5) == LATEST


@pytest.mark.parametrize("version", sorted(_UNDO), ids=str)
def test_every_earlier_format_is_copied_then_migrated_to_the_latest(
    ws: Workspace, ws_dir: Path, version: SchemaVersion
) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws_dir, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    expected = _schema(path, key)  # what a new file at the latest format holds
    events = ws.export_scenario(case.case_id)
    _make_older(path, key, version)
    assert probe(path, key).version == version
    assert version >= SchemaVersion(1, 4) or "safety_plan_item" not in _schema(path, key)
    ws.rebuild_index()  # the light path reads an older file as it is (no plan table)
    assert [s.case_code for s in ws.list_cases()] == [case.case_code]

    with ws.open_case(case.case_id) as handle:  # migrated on opening for writing
        handle.safety_plan.add("Locks", "Advocate", date(2026, 4, 1))
        assert [i.what for i in handle.safety_plan.items()] == ["Locks"]

    assert probe(path, key).version == LATEST
    assert _schema(path, key) == expected
    copies = list((ws_dir / "pre-migration").glob(f"{case.case_id}.v1-{version.minor}.*.vcop"))
    assert len(copies) == 1
    assert probe(copies[0], key).version == version  # the copy is kept, encrypted, as it was
    assert ws.export_scenario(case.case_id) == events  # nothing lost
