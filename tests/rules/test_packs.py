"""Rule packs: the bundled ones load, broken ones are reported precisely, new Codes date in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.rules import PackError, load_pack, load_rulebook
from vcop_desktop.rules.loader import bundled_rules_dir

CATALOGUE_IDS = {
    "police.record_crime", "police.written_confirmation", "police.needs_assessment",
    "police.refer_support", "police.compensation_info", "police.offer_vps",
    "police.agree_updates", "police.inform_not_investigating", "police.inform_arrest",
    "police.inform_interview", "police.inform_release", "police.inform_bail",
    "police.inform_rui", "police.inform_bail_change", "police.inform_charge",
    "police.inform_no_charge", "police.inform_disposal", "police.update",
    "cps.inform_no_charge", "cps.inform_discontinued", "cps.inform_charge_altered",
    "cps.inform_no_evidence", "cps.inform_left_on_file", "wcu.inform_hearing",
    "wcu.inform_court_bail", "wcu.inform_must_give_evidence", "wcu.needs_assessment",
    "wcu.inform_special_measures", "wcu.inform_verdict", "wcu.inform_sentence",
    "wcu.inform_appeal", "wcu.refer_vcs", "probation.vlo_contact", "provider.complaint_reply",
    "cps.complaint_stage1_reply", "police.vrr_acknowledge", "police.vrr_outcome",
    "victim.police_vrr", "victim.cps_vrr_prompt", "victim.cps_vrr", "victim.uls_request",
    "victim.cica_apply", "victim.police_complaint_review", "victim.cps_complaint_stage2",
    "victim.cps_complaint_iac", "victim.phso_complaint", "practice.hate_crime_src",
    "practice.colleague_supervisor_visit", "practice.colleague_esafety_report",
    "practice.colleague_inform_slt", "practice.colleague_notify_staff_association",
    "practice.colleague_trm", "practice.colleague_leaflet",
    "practice.colleague_impact_statements",
    # the advocate's own service standards (protection.md)
    "advocate.first_contact", "advocate.risk_assessment", "advocate.marac_referral",
    "advocate.safety_plan", "advocate.safety_plan_review", "advocate.risk_review",
    "advocate.sharing_review",
    # the service's duty as controller (data-protection.toml, issue 20 §3)
    "advocate.subject_access", "advocate.subject_access_extended",
}  # fmt: skip

GOOD_RULE = """
[[rule]]
id = "local.callback"
owed_by = "police"
triggers = ["crime_reported"]
limit = { working_days = 3 }
what = "Call the victim back."
source = "Local service standard"
"""


def pack_text(body: str = GOOD_RULE, **header: str) -> str:
    fields = {"id": '"local-2026"', "series": '"local"', "title": '"Local standards"',
              "in_force_from": "2026-01-01", **header}  # fmt: skip
    lines = "\n".join(f"{k} = {v}" for k, v in fields.items())
    return f"[pack]\n{lines}\n{body}"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_packs_cover_the_whole_catalogue() -> None:
    book = load_rulebook()
    assert book.duty_ids == CATALOGUE_IDS
    by_id = {p.id: p for p in book.packs}
    assert by_id["vcop-2020"].in_force_from == date(2021, 4, 1)
    assert all(not r.statutory for r in by_id["good-practice-2024"].rules)
    assert all(r.source for p in book.packs for r in p.rules)
    assert {p.name for p in bundled_rules_dir().glob("*.toml")} >= {
        "vcop-2020.toml",
        "good-practice.toml",
    }


def test_organisation_pack_adds_rules(tmp_path: Path) -> None:
    write(tmp_path, "local.toml", pack_text())
    book = load_rulebook([tmp_path])
    scenario = parse_scenario(
        {"events": [{"id": "r", "type": "crime_reported", "date": "2026-03-06"}]}, book.duty_ids
    )
    result = evaluate(scenario, date(2026, 3, 7), book)
    callback = [o for o in result.obligations if o.duty == "local.callback"]
    assert [(o.due, o.pack) for o in callback] == [(date(2026, 3, 11), "local-2026")]


@pytest.mark.parametrize(
    ("body", "rule", "problem"),
    [
        (GOOD_RULE.replace('triggers = ["crime_reported"]', 'triggers = ["crime_reportd"]'),
         "local.callback", "unknown event type 'crime_reportd'"),
        (GOOD_RULE.replace("working_days = 3", "fortnights = 3"), "local.callback",
         "unknown unit 'fortnights'"),
        (GOOD_RULE.replace('owed_by = "police"\n', ""), "local.callback",
         "exactly one of owed_by or owed_by_field"),
        (GOOD_RULE.replace('what = "Call the victim back."\n', ""), "local.callback",
         "missing a text 'what'"),
        (GOOD_RULE + 'when = { flags_any = ["grumpy"] }\n', "local.callback",
         "unknown flag 'grumpy'"),
        (GOOD_RULE + "enhanced_limit = { working_days = 9 }\n", "local.callback",
         "enhanced_limit is longer than the standard limit"),
        (GOOD_RULE + "colour = 1\n", "local.callback", "unknown key(s) in rule: colour"),
        (GOOD_RULE + GOOD_RULE, "local.callback", "duplicate rule id"),
        (GOOD_RULE.replace('id = "local.callback"', 'id = "police.inform_arrest"'),
         "police.inform_arrest", "already defined by series 'victims-code'"),
    ],
)  # fmt: skip
def test_broken_pack_names_file_rule_and_problem(
    tmp_path: Path, body: str, rule: str, problem: str
) -> None:
    write(tmp_path, "local.toml", pack_text(body))
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path])
    message = str(caught.value)
    assert "local.toml" in message
    assert f"rule {rule}" in message
    assert problem in message


def test_pack_level_problems(tmp_path: Path) -> None:
    write(tmp_path, "syntax.toml", "[pack\nid=")
    with pytest.raises(PackError, match=r"syntax\.toml: is not valid TOML"):
        load_pack(tmp_path / "syntax.toml")
    write(tmp_path, "nodate.toml", pack_text(in_force_from='"2026-01-01"'))
    with pytest.raises(PackError, match="in_force_from must be a TOML date"):
        load_pack(tmp_path / "nodate.toml")
    with pytest.raises(PackError, match="folder does not exist"):
        load_rulebook([tmp_path / "missing"])


NEW_CODE = """
[pack]
id = "vcop-test-2027"
series = "victims-code"
title = "A hypothetical new Code"
in_force_from = 2027-01-01

[[rule]]
id = "police.inform_arrest"
right = 5
owed_by = "police"
triggers = ["suspect_arrested"]
limit = { working_days = 10 }
enhanced_limit = { working_days = 2 }
what = "Tell the victim about the arrest."
source = "Hypothetical Victims' Code 2027"
"""


def test_each_trigger_is_judged_by_the_pack_in_force_on_its_date(tmp_path: Path) -> None:
    write(tmp_path, "vcop-2027.toml", NEW_CODE)
    book = load_rulebook([tmp_path])
    events = [
        {"id": "old", "type": "suspect_arrested", "date": "2026-12-31"},
        {"id": "new", "type": "suspect_arrested", "date": "2027-01-01"},
        {"id": "r", "type": "crime_reported", "date": "2027-01-04"},
    ]
    case = {"offence_date": "2027-01-02", "flags": ["crime_of_violence"]}
    scenario = parse_scenario({"case": case, "events": events}, book.duty_ids)
    result = {o.key: o for o in evaluate(scenario, date(2027, 1, 5), book).obligations}
    old, new = result[("police.inform_arrest", "old")], result[("police.inform_arrest", "new")]
    # 31 Dec 2026 + 5 working days (1 Jan is a bank holiday) under the 2020 Code.
    assert (old.due, old.pack, old.right) == (date(2027, 1, 8), "vcop-2020", 6)
    # 1 Jan 2027 (a holiday) + 10 working days under the new Code.
    assert (new.due, new.pack, new.right) == (date(2027, 1, 15), "vcop-test-2027", 5)
    # Duties the new Code does not define are not carried over from the old one.
    assert ("police.record_crime", "r") not in result
    # Other series (the victim's own deadlines) carry on regardless: offence 2 Jan 2027 + 2 years.
    cica = result[("victim.cica_apply", "r")]
    assert (cica.due, cica.pack) == (date(2029, 1, 2), "victim-deadlines-2015")


def test_two_packs_of_a_series_cannot_start_the_same_day(tmp_path: Path) -> None:
    write(tmp_path, "clash.toml", NEW_CODE.replace("2027-01-01", "2021-04-01"))
    with pytest.raises(PackError, match="already has a pack in force from 2021-04-01"):
        load_rulebook([tmp_path])
