"""The law as data: every deadline names the pack and version it was computed under; pending
changes are pack data shown on the deadlines they touch and never move a date; a new Code
arriving as a pack applies only to triggers on or after its in-force date."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.cli import main
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.events import Scenario
from vcop_desktop.domain.law_diff import obligation_moves, pending_moves
from vcop_desktop.domain.rules import RuleBook
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.rules import bundled_rules_dir, default_rulebook
from vcop_desktop.rules.loader import build_rulebook, with_updates
from vcop_desktop.rules.pack_parser import PackError, parse_pack

SCENARIOS = Path(__file__).parent.parent / "scenarios"
SENTENCE = SCENARIOS / "04-sentence-victim-contact.json"
NOTE = "the limit may become six months; until that is confirmed, ask within 28 days"


def scenario(events: list[dict[str, object]], **case: object) -> Scenario:
    return parse_scenario({"case": case, "events": events}, default_rulebook().duty_ids)


def _without_pending(book: RuleBook) -> RuleBook:
    return RuleBook(tuple(replace(p, pending=()) for p in book.packs))


def test_the_uls_pending_change_is_pack_data_as_the_catalogue_describes() -> None:
    (change,) = default_rulebook().pending
    assert change.id == "pending.uls_six_months"
    assert change.touches == frozenset({"victim.uls_request"})
    assert change.announced == date(2026, 4, 9)
    assert change.note == NOTE
    assert "29 April 2026" in change.known and "commencement date" in change.unknown


def test_duties_json_names_pack_version_and_the_pending_change_on_every_uls_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["duties", str(SENTENCE)]) == 0
    obligations = json.loads(capsys.readouterr().out)["obligations"]
    assert all(o["pack"] and o["pack_version"] == 1 for o in obligations)
    uls = [o for o in obligations if o["duty"] == "victim.uls_request"]
    assert uls and all(
        o["pending"] == [{"id": "pending.uls_six_months", "note": NOTE}] for o in uls
    )
    assert not any("pending" in o for o in obligations if o["duty"] != "victim.uls_request")


@pytest.mark.parametrize("sentenced", ["2026-01-30", "2026-09-04", "2027-02-26", "2028-02-29"])
def test_a_pending_change_never_moves_a_date(sentenced: str) -> None:
    case = scenario(
        [{"id": "s", "type": "sentence", "date": sentenced, "court": "crown"}],
        offence_date="2025-06-01",
    )
    today = date(2026, 10, 1)
    book = default_rulebook()
    with_pending = evaluate(case, today, book)
    without = evaluate(case, today, _without_pending(book))
    assert [(o.key, o.due, o.status) for o in with_pending.obligations] == [
        (o.key, o.due, o.status) for o in without.obligations
    ]
    (uls,) = [o for o in with_pending.obligations if o.duty == "victim.uls_request"]
    assert uls.pending and uls.limit == "28 calendar days"
    assert obligation_moves(without, with_pending)[0].changes() == [
        "pending change added: pending.uls_six_months"
    ]


def _pack_text(name: str) -> str:
    return (bundled_rules_dir() / name).read_text(encoding="utf-8")


def test_a_new_code_applies_only_to_triggers_on_or_after_its_in_force_date() -> None:
    text = (
        _pack_text("vcop-2020.toml")
        .replace('id = "vcop-2020"', 'id = "vcop-2027"', 1)
        .replace("in_force_from = 2021-04-01", "in_force_from = 2027-01-04", 1)
    )
    head, sep, tail = text.partition('id = "police.inform_arrest"')
    tail = tail.replace("working_days = 5", "working_days = 3", 1)
    new_code = parse_pack(tomllib.loads(head + sep + tail), "vcop-2027.toml")
    book = build_rulebook(with_updates(default_rulebook().packs, [new_code]))
    case = scenario(
        [
            {"id": "before", "type": "suspect_arrested", "date": "2026-12-31"},
            {"id": "after", "type": "suspect_arrested", "date": "2027-01-04"},
        ]
    )
    result = {
        o.trigger: o
        for o in evaluate(case, date(2027, 2, 1), book).obligations
        if o.duty == "police.inform_arrest"
    }
    assert (result["before"].pack, result["before"].limit) == ("vcop-2020", "5 working days")
    assert (result["after"].pack, result["after"].limit) == ("vcop-2027", "3 working days")


def test_a_new_version_ending_the_pending_change_is_listed_as_ended() -> None:
    text = _pack_text("victim-deadlines.toml").split("[[pending]]")[0]
    newer = parse_pack(tomllib.loads(text.replace("version = 1", "version = 2", 1)), "v2")
    after = build_rulebook(with_updates(default_rulebook().packs, [newer]))
    added, ended = pending_moves(default_rulebook(), after)
    assert added == () and [p.id for p in ended] == ["pending.uls_six_months"]
    # An older version than the one held is ignored.
    older = replace(newer, version=1)
    assert build_rulebook(with_updates(after.packs, [older])).pack(newer.id) == newer


@pytest.mark.parametrize(
    ("pending", "message"),
    [
        ("touches = []\n", "touches must be a non-empty list"),
        ('touches = ["victim.nothing"]\n', "touches unknown duty 'victim.nothing'"),
        ('touches = ["victim.uls_request"]\nannounced = "2026-04-09"\n', "must be a TOML date"),
        ('touches = ["victim.uls_request"]\nmoves = true\n', "unknown key(s) in pending: moves"),
    ],
)
def test_a_broken_pending_change_is_refused_by_name(pending: str, message: str) -> None:
    text = _pack_text("victim-deadlines.toml").split("[[pending]]")[0]
    entry = '[[pending]]\nid = "pending.x"\n' + pending
    if "announced" not in pending:
        entry += "announced = 2026-04-09\n"
    entry += 'what = "w"\nsource = "s"\nknown = "k"\nunknown = "u"\nnote = "n"\n'
    with pytest.raises(PackError) as caught:
        pack = parse_pack(tomllib.loads(text + entry), "p.toml")
        build_rulebook(with_updates(default_rulebook().packs, [replace(pack, version=2)]))
    assert message in str(caught.value) and "pending.x" in str(caught.value)


def test_a_pack_version_must_be_a_whole_number() -> None:
    text = _pack_text("good-practice.toml").replace("version = 1", "version = 0", 1)
    with pytest.raises(PackError, match="version must be a whole number of at least 1"):
        parse_pack(tomllib.loads(text), "g.toml")
