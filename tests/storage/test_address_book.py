"""The agencies' address book (a plain file beside sender.toml) and each case's choice of entry
(a case-file table since format 1.3, migrated from 1.2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.storage.conftest import SCENARIO
from vcop_desktop.domain.address_types import ADDRESS_TYPES
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.address_book import (
    AddressEntry,
    apply_edits,
    book_path,
    load_book,
    make_entry,
    save_book,
    update_book,
)
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.migrations import LATEST, SchemaVersion
from vcop_desktop.storage.rawfile import probe
from vcop_desktop.storage.recipient_choices import choose_recipient, recipient_choices

FORCE = make_entry(
    "police", "Northdale Constabulary", "Police HQ\n1 Station Road\nNorthdale\nND1 1AA"
)
CPS = make_entry("cps", "CPS Northdale", ["Victim Liaison Unit", "2 Court Street", "ND2 2BB"])


def test_no_file_is_an_empty_book_and_entries_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    assert load_book(folder) == []
    save_book(folder, [FORCE, CPS])
    assert load_book(folder) == [FORCE, CPS]
    assert FORCE.lines == ("Northdale Constabulary", "Police HQ", "1 Station Road", "Northdale",
                           "ND1 1AA")  # fmt: skip
    assert not list(folder.glob(".*.tmp"))  # the atomic write left no temporary file


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60
).filter(lambda s: s.strip() and s.isprintable())


@settings(max_examples=60, deadline=None)
@given(name=_TEXT, lines=st.lists(_TEXT, max_size=6), kind=st.sampled_from(list(ADDRESS_TYPES)))
def test_any_printable_text_round_trips_through_the_file(
    tmp_path_factory: pytest.TempPathFactory, name: str, lines: list[str], kind: str
) -> None:
    folder = tmp_path_factory.mktemp("book")
    entry = make_entry(kind, name, lines)
    save_book(folder, [entry])
    assert load_book(folder) == [entry]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[agency]]\nid = 'a'\ntype = 'police'\n", "type and a name"),
        ("[[agency]]\nid = 'a'\ntype = 'bank'\nname = 'X'\n", "kind of agency"),
        ("[[agency]]\ntype = 'police'\nname = 'X'\n", "id of its own"),
        ("[[agency]]\nid='a'\ntype='police'\nname='X'\n[[agency]]\nid='a'\ntype='cps'\nname='Y'\n",
         "id of its own"),
        ("[[agency]]\nid = 'a'\ntype = 'police'\nname = 'X'\naddress = 3\n", "list of lines"),
        ("agency = [", "not valid TOML"),
    ],
)  # fmt: skip
def test_a_bad_file_is_one_clear_message_and_is_left_alone(
    tmp_path: Path, text: str, message: str
) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    book_path(folder).write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        load_book(folder)
    assert book_path(folder).read_text(encoding="utf-8") == text


def test_typed_input_is_checked() -> None:
    with pytest.raises(UserError, match="name"):
        make_entry("police", "   ", "x")
    entry = make_entry("wcu", "  Northdale   WCU ", "  line one \n\n line\ttwo  \n")
    assert entry.lines == ("Northdale WCU", "line one", "line two")


def test_edits_apply_to_the_book_as_it_is_now(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    save_book(folder, [FORCE, CPS])
    mine = load_book(folder)
    # Meanwhile a colleague adds an entry and edits the CPS one.
    theirs = make_entry("phso", "Parliamentary and Health Service Ombudsman", "Millbank Tower")
    cps_edited = make_entry("cps", "CPS Northdale", "New address", entry_id=CPS.id)
    save_book(folder, [FORCE, cps_edited, theirs])
    # I rename the force and add a WCU.
    renamed = make_entry("police", "Northdale Police", list(FORCE.address), entry_id=FORCE.id)
    wcu = make_entry("wcu", "Northdale Witness Care Unit", "3 Court Street")
    saved = update_book(folder, mine, [renamed, CPS, wcu])
    assert saved == [renamed, cps_edited, theirs, wcu]
    assert load_book(folder) == saved
    # Removing an entry removes it whoever changed it last.
    assert apply_edits(saved, [renamed, theirs, wcu], saved) == [renamed, theirs, wcu]


def test_a_case_keeps_its_choice_with_an_audit_row(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        assert recipient_choices(handle) == {}
        choose_recipient(handle, "police", FORCE.id)
        choose_recipient(handle, "cps", CPS.id)
        before = len(handle.audit_log())
        choose_recipient(handle, "cps", CPS.id)  # the same again: nothing written
        assert len(handle.audit_log()) == before
        choose_recipient(handle, "cps", None)
        audit = handle.audit_log()[-1]
        assert (audit.action, audit.entity_key) == ("letter recipient chosen", "cps")
        assert CPS.id in (audit.before or "") and audit.after is None
    with ws.open_case(case.case_id) as handle:
        assert recipient_choices(handle) == {"police": FORCE.id}
        with pytest.raises(UserError, match="kind of recipient"):
            choose_recipient(handle, "bank", FORCE.id)


def test_a_1_2_file_is_copied_then_gains_the_table(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws_dir, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    conn = cipher.connect(path, key)
    conn.execute("DROP TABLE letter_recipient")
    conn.execute(f"PRAGMA user_version = {SchemaVersion(1, 2).encode()}")
    cipher.checkpoint(conn)
    conn.close()
    assert SchemaVersion(1, 3) <= LATEST
    with ws.open_case(case.case_id) as handle:  # migrated on opening for writing
        assert recipient_choices(handle) == {}
        choose_recipient(handle, "wcu", "abc123")
        assert recipient_choices(handle) == {"wcu": "abc123"}
    assert probe(path, key).version == LATEST
    copies = list((ws_dir / "pre-migration").glob(f"{case.case_id}.v1-2.*.vcop"))
    assert len(copies) == 1 and probe(copies[0], key).version == SchemaVersion(1, 2)
    assert ws.scenario(case.case_id).events  # nothing lost


def test_entry_repr_carries_no_surprises() -> None:
    assert AddressEntry("x", "police", "N").type_label == "Police force"
