"""Equality monitoring (case format 1.5): protected characteristics kept only with consent,
as codes; the age band and under-18 computed at the offence, never stored; the index carries
the codes (never a name or date of birth) so a breakdown opens no case file."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from tests.storage.conftest import SCENARIO
from vcop_desktop.domain.equality import (
    PREFER_NOT,
    Equality,
    age_at_offence,
    age_band_of,
    characteristics,
)
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace, cipher
from vcop_desktop.storage.files import case_path
from vcop_desktop.storage.migrations import LATEST, SchemaVersion
from vcop_desktop.storage.rawfile import probe

_YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _index_case(ws: Workspace, case_id: str) -> Equality:
    cases, _rows, _problems = ws.report_rows(*_YEAR)
    return cases[case_id][3]


def test_characteristics_are_kept_only_with_consent_and_cleared_when_it_is_withdrawn(
    ws: Workspace,
) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        with pytest.raises(UserError, match="only with the victim's consent"):
            handle.update_victim(ethnicity="asian")
        assert handle.victim().ethnicity is None
        handle.update_victim(equality_consent=True, ethnicity="asian", sex=PREFER_NOT)
        victim = handle.victim()
        assert (victim.ethnicity, victim.sex, victim.religion) == ("asian", PREFER_NOT, None)
        assert _index_case(ws, case.case_id) == Equality(
            under_18=False, age_band="35_44", ethnicity="asian", sex=PREFER_NOT
        )
        handle.update_victim(equality_consent=False)
        victim = handle.victim()
        assert (victim.ethnicity, victim.sex) == (None, None)
        assert handle.audit_log()[-1].action == "victim updated"
    assert _index_case(ws, case.case_id) == Equality(under_18=False)  # under 18 needs no consent


def test_an_unknown_code_is_refused_in_one_line_and_nothing_is_saved(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        before = len(handle.audit_log())
        with pytest.raises(UserError, match="not one of the categories of ethnic group"):
            handle.update_victim(equality_consent=True, ethnicity="Zebediah")
        assert len(handle.audit_log()) == before
        assert handle.victim().equality_consent is None


def test_age_is_taken_at_the_offence_else_at_the_first_crime_report() -> None:
    born = date(2008, 6, 1)
    assert age_at_offence(born, date(2026, 5, 31)) == 17
    assert age_at_offence(born, date(2026, 6, 1)) == 18
    assert age_at_offence(born, None, [date(2026, 7, 1), date(2026, 5, 1)]) == 17
    assert age_at_offence(None, date(2026, 5, 31)) is None
    assert age_at_offence(born, None) is None
    assert [age_band_of(a) for a in (None, 0, 17, 18, 24, 25, 64, 65, 109)] == [
        None, "under_18", "under_18", "18_24", "18_24", "25_34", "55_64", "65_plus", "65_plus",
    ]  # fmt: skip


def test_a_child_at_the_offence_counts_as_under_18_from_the_index(ws: Workspace) -> None:
    scenario = copy.deepcopy(SCENARIO)
    scenario["case"]["victim_dob"] = "2008-03-01"  # type: ignore[index]  # 17 on 27 Feb 2026
    case = ws.import_scenario(scenario)
    assert _index_case(ws, case.case_id).under_18 is True
    with ws.open_case(case.case_id) as handle:
        handle.update_victim(equality_consent=True, disability="yes")
    assert _index_case(ws, case.case_id) == Equality(True, "under_18", disability="yes")


def test_the_index_holds_codes_not_names_or_birth_dates(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_victim(equality_consent=True, religion="sikh")
    conn = cipher.connect(ws_dir / "index.vcopidx", ws._keystore.index_key(), readonly=True)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(report_case)").fetchall()]
        row = conn.execute("SELECT * FROM report_case").fetchone()
    finally:
        conn.close()
    assert "date_of_birth" not in columns and "victim_name" not in columns
    assert "sikh" in row and "1990-05-01" not in row and "Zebediah Quillfeather" not in row


def _make_1_4(path: Path, key: bytes) -> None:
    conn = cipher.connect(path, key)
    for name in ("equality_consent", *characteristics()):
        conn.execute(f"ALTER TABLE victim DROP COLUMN {name}")
    conn.execute(f"PRAGMA user_version = {SchemaVersion(1, 4).encode()}")
    cipher.checkpoint(conn)
    conn.close()


def test_a_1_4_file_reads_as_not_recorded_then_migrates_to_1_5(ws: Workspace, ws_dir: Path) -> None:
    case = ws.import_scenario(SCENARIO)
    path = case_path(ws_dir, case.case_id)
    key = ws._keystore.case_key(case.case_id)
    assert key is not None
    events = ws.export_scenario(case.case_id)
    _make_1_4(path, key)
    ws.rebuild_index()  # the light path reads the older file as it is
    assert _index_case(ws, case.case_id) == Equality(under_18=False)
    assert ws.scenario(case.case_id).events  # the ORM read-only path too
    with ws.open_case(case.case_id) as handle:  # migrated on opening for writing
        assert handle.victim().ethnicity is None
        handle.update_victim(equality_consent=True, ethnicity="mixed")
    assert probe(path, key).version == LATEST == SchemaVersion(1, 5)
    assert _index_case(ws, case.case_id).ethnicity == "mixed"
    assert ws.export_scenario(case.case_id) == events


@pytest.mark.parametrize(
    ("victim", "message"),
    [
        ({"ethnicity": "asian"}, "only with the victim's consent"),
        ({"equality_consent": True, "sex": "Zebediah"}, "not one of the categories of sex"),
    ],
)
def test_a_new_case_is_held_to_the_same_rules(
    ws: Workspace, victim: dict[str, object], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        ws.create_case(victim_name="Zebediah Quillfeather", victim=victim)
    assert ws.list_cases() == []
    made = ws.create_case(
        victim_name="Zebediah Quillfeather", victim={"equality_consent": True, "sex": "male"}
    )
    with ws.open_case(made.case_id) as handle:
        assert handle.victim().sex == "male"
