"""Breakdowns by under-18 at the offence and by each characteristic recorded with consent
(issue 22 §2): figures over a demo workspace equal a separate simple count made here (the
victim's row and the engine's obligations per case, labels read straight from the data
file); every cell of a breakdown is suppressed like any other table, including a cell that
could be worked out from the total and the others; extracts carry the codes (never names
or dates of birth) and old extracts still read as "not recorded".
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.cli import main
from vcop_desktop.domain.equality import Equality
from vcop_desktop.domain.obligations import Category, Status
from vcop_desktop.domain.report import ReportQuery, compute
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.domain.suppression import table_suppression
from vcop_desktop.errors import UserError
from vcop_desktop.reports.extract import make_extract, merge_extracts, read_extract
from vcop_desktop.reports.flat_formats import to_csv
from vcop_desktop.reports.run import build_run
from vcop_desktop.storage import KdfParams, Workspace

PASSPHRASE = "equality breakdown fixture passphrase"
TODAY = date(2026, 6, 30)
START, END = date(2025, 7, 1), date(2026, 6, 30)
PERIOD = ["--from", START.isoformat(), "--to", END.isoformat(), "--today", TODAY.isoformat()]
DATA = tomllib.loads(
    (Path(__file__).parents[2] / "resources" / "equality" / "categories.toml").read_text("utf-8")
)

#: Two children at the offence (the demo's victims are adults), one with consent.
CHILD = {
    "case": {"offence_date": "2026-03-01", "victim_dob": "2010-04-02", "flags": [],
             "victim_name": "Zebediah Quillfeather", "crime_reference": "QX/1/26"},
    "events": [{"id": "e1", "type": "crime_reported", "date": "2026-03-02"}],
}  # fmt: skip


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("equality") / "workspace"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        ws.add_demo_cases(60, seed=22, today=TODAY)
        for n in range(2):
            case = ws.import_scenario(CHILD)
            if n == 0:
                with ws.open_case(case.case_id) as handle:
                    handle.update_victim(equality_consent=True, ethnicity="black", sex="male")
    yield folder


@pytest.fixture
def ws(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    return str(demo_dir)


def _label(name: str, code: str | None) -> str:
    if code is None:
        return "(not recorded)"
    if code == "prefer_not":
        return "Prefers not to say"
    return dict(map(tuple, DATA[name]["categories"]))[code]


def _under_18(born: date | None, offence: date | None) -> str:
    if born is None or offence is None:
        return "(not recorded)"
    eighteenth = born.replace(year=born.year + 18)  # the demo's birthdays are all <= 28th
    return "Under 18" if offence < eighteenth else "18 or over"


def hand_count(demo_dir: Path, name: str) -> dict[str, tuple[int, int]]:
    """Per group of `name`: (Code duties due in the period, met on time), by hand."""
    counts: dict[str, tuple[int, int]] = {}
    with Workspace.open(demo_dir, PASSPHRASE) as workspace:
        for case in workspace.list_cases():
            with workspace.open_case(case.case_id) as handle:
                victim, record = handle.victim(), handle.case_record()
            if name == "under_18":
                group = _under_18(victim.date_of_birth, record.offence_date)
            else:
                group = _label(name, getattr(victim, name) if victim.equality_consent else None)
            for o in workspace.obligations(case.case_id, TODAY).obligations:
                if o.category is not Category.CODE or o.owed_by in ("victim", "advocate"):
                    continue
                if o.due is None or not START <= o.due <= END:
                    continue
                if o.clock_start is not None and o.clock_start > TODAY:
                    continue
                met = o.status in (Status.MET, Status.MET_LATE) and o.met_on is not None
                on_time = met and o.met_on is not None and o.met_on <= min(o.due, TODAY)
                due, kept = counts.get(group, (0, 0))
                counts[group] = (due + 1, kept + int(on_time))
    return counts


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", ["under_18", "ethnicity", "sex", "disability", "religion"])
def test_a_breakdown_equals_a_count_by_hand(
    ws: str, demo_dir: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    status, out, err = _run(capsys, "report", "--workspace", ws, *PERIOD, "--by", name,
                            "--format", "json")  # fmt: skip
    assert status == 0, err
    groups = {g["by"][name]: g for g in json.loads(out)["groups"] if name in g["by"]}
    expected = hand_count(demo_dir, name)
    assert sum(due for due, _ in expected.values()) > 100  # a real test
    assert len(expected) >= 2
    assert {k: (g["due"], g["met_on_time"]) for k, g in groups.items()} == expected


def test_the_children_count_under_18(ws: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "report", "--workspace", ws, "--from", "2026-01-01",
                          "--to", "2026-12-31", "--today", TODAY.isoformat(), "--by",
                          "under_18", "--format", "json")  # fmt: skip
    assert status == 0
    groups = {g["by"]["under_18"]: g for g in json.loads(out)["groups"]}
    assert groups["Under 18"]["cases"] == 2


# -- suppression on a crafted breakdown ------------------------------------------------------


def _fact(case: str, ethnicity: str, day: int) -> ObligationFact:
    due = date(2026, 2, day)
    return ObligationFact(
        case, "police.refer_support", "police", 4, Category.CODE, due, due, "met", due,
        equality=Equality(under_18=False, ethnicity=ethnicity),
    )  # fmt: skip


def test_a_cell_that_the_total_and_the_others_would_give_away_is_hidden() -> None:
    # 30 obligations for White British victims and 3 for Asian victims: 33 in all. "<5" for
    # the Asian row alone would be 33 - 30 = 3; so the 30 is hidden too, as "x".
    facts = [_fact(f"w{n}", "white_british", 1 + n % 20) for n in range(30)]
    facts += [_fact(f"a{n}", "asian", 3) for n in range(3)]
    query = ReportQuery(date(2026, 1, 1), date(2026, 3, 31), TODAY, by=("ethnicity",))
    report = compute(facts, query)
    asian, white = report.groups
    assert (asian.due, white.due, report.total.due) == (3, 30, 33)
    hidden = table_suppression([report], 5)
    assert hidden[asian]["due"] == "<5" and hidden[white]["due"] == "x"
    assert "due" not in hidden[report.total]
    # ...and so it reaches the files a commissioner is sent.
    run = build_run(facts, start=query.start, end=query.end, today=TODAY,
                    groupings=[("ethnicity",)])  # fmt: skip
    rows = list(csv.reader(io.StringIO(to_csv(run).decode("utf-8-sig"))))
    by_group = {row[1]: row for row in rows if row[0] == "Ethnic group"}
    assert by_group["Asian, Asian British or Asian Welsh"][2] == "<5"
    assert by_group["White: English, Welsh, Scottish, Northern Irish or British"][2] == "x"
    assert next(row for row in rows if row[0] == "All")[2] == "33"


# -- extracts ----------------------------------------------------------------------------------


def test_extracts_carry_the_codes_and_a_merged_report_breaks_down_by_them(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "e.json"
    assert _run(capsys, "report", "--workspace", ws, "--extract", "--out", str(path))[0] == 0
    text = path.read_text("utf-8")
    assert "Zebediah" not in text and "2010-04-02" not in text
    doc = json.loads(text)
    assert doc["version"] == 2 and doc["fields"][-8:] == [
        "under_18", "age_band", "ethnicity", "sex", "disability", "religion",
        "sexual_orientation", "gender_reassignment",
    ]  # fmt: skip
    facts, _packs = merge_extracts([path])
    assert any(f.equality.ethnicity == "black" and f.equality.under_18 for f in facts)
    status, out, _ = _run(capsys, "report", "--merge", str(path), *PERIOD, "--by", "ethnicity",
                          "--format", "json")  # fmt: skip
    assert status == 0
    merged = {g["by"]["ethnicity"]: g["due"] for g in json.loads(out)["groups"]}
    status, out, _ = _run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "ethnicity",
                          "--format", "json")  # fmt: skip
    assert merged == {g["by"]["ethnicity"]: g["due"] for g in json.loads(out)["groups"]}


def _old_extract(tmp_path: Path) -> Path:
    """A format-1 extract, as the app wrote before the categories."""
    fact = _fact("c1", "asian", 3)
    doc = json.loads(make_extract([fact], made_on=TODAY, start=None, end=None, packs=[]))
    del doc["sha256"]
    doc["version"] = 1
    doc["fields"] = doc["fields"][:-8]
    doc["rows"] = [row[:-8] for row in doc["rows"]]
    from vcop_desktop.reports.extract import _checksum

    doc["sha256"] = _checksum(doc)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), "utf-8")
    return path


def test_an_old_extract_reads_as_not_recorded(tmp_path: Path) -> None:
    (fact,) = read_extract(_old_extract(tmp_path)).facts
    assert fact.equality == Equality()
    run = build_run([fact], start=date(2026, 1, 1), end=date(2026, 3, 31), today=TODAY,
                    groupings=[("ethnicity",), ("under_18",)])  # fmt: skip
    assert [g.by for r in run.reports[:2] for g in r.groups] == [
        (("ethnicity", "(not recorded)"),),
        (("under_18", "(not recorded)"),),
    ]


@pytest.mark.parametrize(
    ("slot", "value", "message"),
    [(-6, "Zebediah Quillfeather", "unknown ethnicity"), (-7, "1990-05-01", "unknown age band"),
     (-8, "yes", "bad under-18")],
)  # fmt: skip
def test_an_extract_with_anything_but_a_known_code_is_refused(
    tmp_path: Path, slot: int, value: str, message: str
) -> None:
    from vcop_desktop.reports.extract import _checksum

    doc = json.loads(make_extract([_fact("c1", "asian", 3)], made_on=TODAY, start=None,
                                  end=None, packs=[]))  # fmt: skip
    del doc["sha256"]
    doc["rows"][0][slot] = value
    doc["sha256"] = _checksum(doc)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(UserError, match=message):
        read_extract(path)


def test_the_demo_records_known_codes_with_consent_on_some_cases() -> None:
    from vcop_desktop.domain.equality import RECORDED, problem
    from vcop_desktop.storage.demo import demo_cases

    drawn = [case.equality for case in demo_cases(40, 3, TODAY, frozenset())]
    consenting = [d for d in drawn if d["equality_consent"]]
    assert 10 < len(consenting) < 40
    assert all(set(d) == {"equality_consent"} for d in drawn if not d["equality_consent"])
    for d in consenting:
        assert all(problem(name, d[name]) is None for name in RECORDED)
    assert drawn == [case.equality for case in demo_cases(40, 3, TODAY, frozenset())]


def test_pdf_and_xlsx_say_how_a_breakdown_is_made_and_where_its_categories_come_from(
    ws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    from tests.letters.pdftext import pdf_text

    files = {fmt: tmp_path / f"r.{fmt}" for fmt in ("pdf", "xlsx")}
    for fmt, path in files.items():
        assert _run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "ethnicity",
                    "under_18", "--format", fmt, "--out", str(path))[0] == 0  # fmt: skip
    text = " ".join(pdf_text(files["pdf"].read_bytes()).split())
    assert "By ethnic group" in text and "By under 18 at the offence" in text
    assert "only where the victim consented" in text
    assert "ONS Census 2021, ethnic group (8 categories)" in text
    notes = {r[0]: r[1] for r in openpyxl.load_workbook(files["xlsx"])["Notes"].iter_rows(
        values_only=True)}  # fmt: skip
    assert "ONS Census 2021" in str(notes["Breakdowns"])
    # no breakdown by the victim: no note
    plain = tmp_path / "plain.xlsx"
    assert _run(capsys, "report", "--workspace", ws, *PERIOD, "--format", "xlsx", "--out",
                str(plain))[0] == 0  # fmt: skip
    assert "Breakdowns" not in {r[0] for r in openpyxl.load_workbook(plain)["Notes"].iter_rows(
        values_only=True)}  # fmt: skip


# -- the order a breakdown's groups are listed in ---------------------------------------------


def _aged(case: str, band: str | None, under_18: bool | None) -> ObligationFact:
    due = date(2026, 2, 2)
    return ObligationFact(
        case, "police.refer_support", "police", 4, Category.CODE, due, due, "met", due,
        equality=Equality(under_18=under_18, age_band=band),
    )  # fmt: skip


def test_age_bands_are_listed_youngest_first_and_not_recorded_last() -> None:
    """As text, "Under 18" sorts after "65 and over"; a reader expects the bands in order."""
    codes = [str(code) for code, *_ in DATA["age_band"]["bands"]]
    labels = [str(label) for _code, label, *_ in DATA["age_band"]["bands"]]
    facts = [_aged(f"c{n}", code, n == 0) for n, code in enumerate(reversed(codes))]
    facts.append(_aged("none", None, None))
    query = ReportQuery(START, END, TODAY, Category.CODE, ("age_band",))
    shown = [group.label() for group in compute(facts, query).groups]
    assert shown == [*labels, "(not recorded)"]
    assert sorted(labels) != labels  # text order would have listed them differently
    under = compute(facts, ReportQuery(START, END, TODAY, Category.CODE, ("under_18",)))
    assert [group.label() for group in under.groups] == [
        "Under 18", "18 or over", "(not recorded)",
    ]  # fmt: skip


def test_a_characteristic_is_listed_in_its_categories_order(
    ws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(capsys, "report", "--workspace", ws, *PERIOD, "--by", "sex",
                            "--format", "json")  # fmt: skip
    assert status == 0, err
    shown = [g["by"]["sex"] for g in json.loads(out)["groups"] if "sex" in g["by"]]
    order = [label for _code, label in DATA["sex"]["categories"]]
    order += ["Prefers not to say", "(not recorded)"]
    assert len(shown) >= 2
    assert shown == [label for label in order if label in shown]
