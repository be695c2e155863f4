"""The extract file a manager merges across workspaces, read and written exactly (issue 21 §2:
the mutants of reports/extract.py that the report tests let live).

An extract that is read wrongly changes the figures of every merged report; one refused with
the wrong words leaves a manager not knowing which file or row is at fault.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vcop_desktop import __version__
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.errors import UserError
from vcop_desktop.reports.extract import (
    FORMAT,
    VERSION,
    _checksum,
    make_extract,
    merge_extracts,
    read_extract,
)

_MET = ObligationFact(
    "case-a", "police.refer_support", "police", 6, Category.CODE, date(2026, 3, 4),
    date(2026, 3, 2), "met_late", date(2026, 3, 6), "Gwent Heddlu Gŵent", True,
    ("hate_crime", "sexual_offence"), True,
)  # fmt: skip
_OPEN = ObligationFact(
    "case-b", "victim.vrr_request", "victim", None, Category.VICTIM, None, None, "open", None,
)  # fmt: skip
_SAME_CASE = _MET._replace(duty="police.inform_arrest", kind=Category.TARGET, right=None)
_FACTS = [_MET, _OPEN, _SAME_CASE]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _extract(**kw: Any) -> bytes:
    options: dict[str, Any] = {
        "made_on": date(2026, 4, 10),
        "start": date(2026, 1, 1),
        "end": date(2026, 3, 31),
        "packs": ["code-2024 (in force from 2024-05-31)"],
    }
    return make_extract(_FACTS, **(options | kw))


def test_the_checksum_is_sha256_of_the_canonical_json_so_other_tools_can_check_it() -> None:
    """A manager's own script checks an extract with sorted keys, no spaces and UTF-8: the
    app must compute exactly that, or a good file is called damaged elsewhere."""
    body = {"b": 1, "a": ["é", None]}
    canonical = '{"a":["é",null],"b":1}'.encode()
    assert _checksum(body) == hashlib.sha256(canonical).hexdigest()


def test_an_extract_holds_each_obligation_and_nothing_that_links_it_to_a_case() -> None:
    data = _extract()
    assert data.endswith(b"}\n") and "Gŵent".encode() in data  # UTF-8, not \\u escapes
    document = json.loads(data)
    stated = document.pop("sha256")
    assert stated == _checksum(document)
    assert re.fullmatch(r"[0-9a-f]{32}", document.pop("extract_id"))
    rows = document.pop("rows")
    assert document == {
        "format": "vcop-desktop-report-extract",
        "version": 2,
        "made_on": "2026-04-10",
        "made_by_app": __version__,
        "period": {"from": "2026-01-01", "to": "2026-03-31"},
        "packs": ["code-2024 (in force from 2024-05-31)"],
        "fields": [
            "case", "duty", "owed_by", "right", "kind", "due", "clock_start", "status",
            "met_on", "force", "enhanced", "flags", "reason_given",
            # format 2: the victim's categories for breakdowns (codes; none recorded here)
            "under_18", "age_band", "ethnicity", "sex", "disability", "religion",
            "sexual_orientation", "gender_reassignment",
        ],
    }  # fmt: skip
    assert all(row[-8:] == [None] * 8 for row in rows)
    rows = [row[:-8] for row in rows]
    keys = [row.pop(0) for row in rows]
    assert all(re.fullmatch(r"[0-9a-f]{16}", key) for key in keys)
    assert keys[0] == keys[2] != keys[1]  # one key per case, not per row
    assert "case-a" not in data.decode() and "case-b" not in data.decode()
    assert rows == [
        ["police.refer_support", "police", 6, "code", "2026-03-04", "2026-03-02", "met_late",
         "2026-03-06", "Gwent Heddlu Gŵent", True, ["hate_crime", "sexual_offence"], True],
        ["victim.vrr_request", "victim", None, "victim", None, None, "open", None, None, False,
         [], False],
        ["police.inform_arrest", "police", None, "targets", "2026-03-04", "2026-03-02",
         "met_late", "2026-03-06", "Gwent Heddlu Gŵent", True, ["hate_crime", "sexual_offence"],
         True],
    ]  # fmt: skip
    # Two extracts of one workspace cannot be linked case by case, nor taken for each other.
    again = json.loads(_extract())
    assert again["rows"][0][0] not in keys and again["extract_id"] != json.loads(data)["extract_id"]


def test_an_extract_of_all_time_says_it_has_no_period() -> None:
    document = json.loads(_extract(start=None, end=None, packs=[]))
    assert document["period"] == {"from": None, "to": None} and document["packs"] == []


def test_an_extract_reads_back_as_the_facts_it_was_made_from(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.json", _extract())
    extract = read_extract(path, prefix="x7")
    document = json.loads(path.read_bytes())
    assert extract.extract_id == document["extract_id"]
    assert extract.checksum == document["sha256"]
    assert extract.made_on == "2026-04-10"
    assert extract.packs == ("code-2024 (in force from 2024-05-31)",)
    keys = [f"x7:{row[0]}" for row in document["rows"]]
    assert list(extract.facts) == [
        fact._replace(case_key=key) for fact, key in zip(_FACTS, keys, strict=True)
    ]
    assert {f.case_key.partition(":")[0] for f in read_extract(path).facts} == {"x"}


def test_a_service_standard_anywhere_in_the_facts_is_left_out_and_the_rest_kept() -> None:
    standard = _OPEN._replace(duty="advocate.first_contact", owed_by="advocate")
    facts = [_MET, standard, _OPEN]
    rows = json.loads(make_extract(facts, made_on=date(2026, 4, 10), start=None, end=None,
                                   packs=[]))["rows"]  # fmt: skip
    assert [row[1] for row in rows] == ["police.refer_support", "victim.vrr_request"]


def _edited(tmp_path: Path, change: Any, name: str = "edited.json") -> Path:
    """An extract edited by hand (or by another tool) and given a fresh, matching checksum:
    only the app's own checks stand between it and the figures."""
    document = json.loads(_extract())
    del document["sha256"]
    change(document)
    document["sha256"] = _checksum(document)
    return _write(tmp_path, name, json.dumps(document).encode())


def _refusal(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_extract(path)
    return str(caught.value)


def _why(path: Path) -> str:
    message = _refusal(path)
    prefix = f"{path.name}: not a usable report extract ("
    assert message.startswith(prefix) and message.endswith("); nothing was written."), message
    return message.removeprefix(prefix).removesuffix("); nothing was written.")


def _set_row(index: int, value: object) -> Any:
    def change(document: dict[str, Any]) -> None:
        document["rows"][0][index] = value

    return change


@pytest.mark.parametrize(
    ("index", "value", "why"),
    [
        (0, 7, "row 1 lacks its case key, duty or agency"),
        (1, None, "row 1 lacks its case key, duty or agency"),
        (2, ["police"], "row 1 lacks its case key, duty or agency"),
        (3, True, "row 1 has a bad Right"),
        (3, "6", "row 1 has a bad Right"),
        (2, "advocate", "row 1 is a service standard, not a Code obligation"),
        (4, "codes", "row 1 has an unknown kind or status"),
        (7, "breached", "row 1 has an unknown kind or status"),
        (9, 12, "row 1 has a bad police force"),
        (10, 1, "row 1 has a bad yes/no value"),
        (12, None, "row 1 has a bad yes/no value"),
        (11, "hate_crime", "row 1 has bad flags"),
        (11, ["hate_crime", 3], "row 1 has bad flags"),
        (5, 20260304, "row 1 has a date that is not text"),
        (6, "2026-02-30", "row 1 has a bad date '2026-02-30'"),
        (8, "6 March", "row 1 has a bad date '6 March'"),
    ],
)
def test_a_bad_value_in_a_row_is_refused_naming_the_row(
    tmp_path: Path, index: int, value: object, why: str
) -> None:
    assert _why(_edited(tmp_path, _set_row(index, value))) == why


def test_a_row_of_the_wrong_shape_is_refused_naming_its_number(tmp_path: Path) -> None:
    def short_second_row(document: dict[str, Any]) -> None:
        document["rows"][1] = document["rows"][1][:-1]

    assert _why(_edited(tmp_path, short_second_row)) == "row 2 has the wrong shape"

    def row_as_object(document: dict[str, Any]) -> None:
        document["rows"][2] = {"case": "k"}

    assert _why(_edited(tmp_path, row_as_object)) == "row 3 has the wrong shape"


def test_values_a_row_may_leave_empty_are_read_as_empty(tmp_path: Path) -> None:
    def empty(document: dict[str, Any]) -> None:
        row = document["rows"][0]
        row[3] = row[5] = row[6] = row[8] = row[9] = None
        row[11] = []

    fact = read_extract(_edited(tmp_path, empty)).facts[0]
    assert (fact.right, fact.due, fact.clock_start, fact.met_on, fact.force, fact.flags) == (
        None, None, None, None, None, ()
    )  # fmt: skip


def _set(key: str, value: object) -> Any:
    def change(document: dict[str, Any]) -> None:
        document[key] = value

    return change


def _drop(key: str) -> Any:
    def change(document: dict[str, Any]) -> None:
        del document[key]

    return change


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (_set("format", "vcop-desktop-backup"), "it is not a VCOP Desktop report extract"),
        (_drop("version"), "it has no format version"),
        (_set("version", True), "it has no format version"),
        (_set("version", "1"), "it has no format version"),
        (_set("extract_id", ""), "it has no extract id"),
        (_set("extract_id", 42), "it has no extract id"),
        (_set("rows", {}), "it has no rows"),
        (_drop("rows"), "it has no rows"),
        (_set("packs", "code-2024"), "it has no rows"),
        (_set("fields", ["case", "duty"]), "its columns are not the ones this app writes"),
    ],
)
def test_a_file_that_is_not_a_whole_extract_is_refused_saying_what_is_wrong(
    tmp_path: Path, change: Any, why: str
) -> None:
    assert _why(_edited(tmp_path, change)) == why


def test_an_extract_without_packs_or_a_day_reads_with_none(tmp_path: Path) -> None:
    def bare(document: dict[str, Any]) -> None:
        del document["packs"], document["made_on"]

    extract = read_extract(_edited(tmp_path, bare))
    assert (extract.packs, extract.made_on) == ((), "")


def test_files_that_are_not_extracts_are_refused_in_one_line(tmp_path: Path) -> None:
    assert _why(_write(tmp_path, "a.json", b"\xff\xfe{")) == "it is not JSON"
    assert _why(_write(tmp_path, "b.json", b"[1, 2")) == "it is not JSON"
    assert _why(_write(tmp_path, "c.json", b"[1, 2]")) == (
        "it is not a VCOP Desktop report extract"
    )
    assert _refusal(tmp_path / "gone.json") == "gone.json: no such file; nothing was written."
    assert _refusal(tmp_path).startswith(f"{tmp_path.name}: cannot be read (")


def test_an_extract_from_a_newer_app_asks_for_an_update(tmp_path: Path) -> None:
    path = _edited(tmp_path, _set("version", VERSION + 1), "new.json")
    assert _refusal(path) == (
        f"new.json: made by a newer version of VCOP Desktop (extract format {VERSION + 1}; "
        f"this app reads up to {VERSION}); update the app. Nothing was written."
    )
    # The current version itself is read.
    assert read_extract(_edited(tmp_path, _set("format", FORMAT))).facts


def test_an_edited_extract_is_refused_as_damaged(tmp_path: Path) -> None:
    document = json.loads(_extract())
    document["rows"][0][7] = "met"
    path = _write(tmp_path, "x.json", json.dumps(document).encode())
    assert _why(path) == "it is damaged or was edited: its checksum does not match"
    del document["sha256"]
    path = _write(tmp_path, "y.json", json.dumps(document).encode())
    assert _why(path) == "it is damaged or was edited: its checksum does not match"


def test_merged_extracts_keep_their_cases_apart_and_their_packs_once(tmp_path: Path) -> None:
    """Two services' extracts may hold the same random key by chance; prefixed by the
    extract's place they stay two cases. Packs are listed once each, in order."""
    first = _write(tmp_path, "a.json", _extract(packs=["p1", "p2"]))
    second = _write(tmp_path, "b.json", _extract(packs=["p2", "p3"]))
    facts, packs = merge_extracts([first, second])
    assert packs == ["p1", "p2", "p3"]
    assert len(facts) == 6
    assert {f.case_key.partition(":")[0] for f in facts[:3]} == {"x1"}
    assert {f.case_key.partition(":")[0] for f in facts[3:]} == {"x2"}


def test_the_same_extract_merged_twice_is_refused(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.json", _extract())
    copy = _write(tmp_path, "b.json", first.read_bytes())
    with pytest.raises(UserError) as caught:
        merge_extracts([first, copy])
    assert str(caught.value) == (
        "b.json: the same extract as a.json; merging it twice would count its cases twice. "
        "Nothing was written."
    )

    # Given a new id but the same rows and checksum? The id alone is enough to refuse.
    def same_id(document: dict[str, Any]) -> None:
        document["extract_id"] = json.loads(first.read_bytes())["extract_id"]

    with pytest.raises(UserError, match=r"c\.json: the same extract as a\.json"):
        merge_extracts([first, _edited(tmp_path, same_id, "c.json")])
    with pytest.raises(UserError) as caught:
        merge_extracts([])
    assert str(caught.value) == "--merge needs at least one extract file."
