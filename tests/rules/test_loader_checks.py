"""Every validation check of rules/loader.py, each with a minimal broken pack (issue 11).

An organisation editing its own pack has no developer to ask, so each message must name the
file, the rule (where there is one) and the problem.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.domain.rules import (
    ClockStart,
    Limit,
    LimitUnit,
    Rule,
    RuleBook,
    RulePack,
)
from vcop_desktop.rules import PackError, load_pack, load_rulebook
from vcop_desktop.rules.loader import build_rulebook
from vcop_desktop.rules.pack_parser import parse_pack

HEADER = """[pack]
id = "local-2026"
series = "local"
title = "Local standards"
in_force_from = 2026-01-01
"""

RULE = """
[[rule]]
id = "local.callback"
owed_by = "police"
triggers = ["crime_reported"]
limit = { working_days = 3 }
what = "Call the victim back."
source = "Local service standard"
"""


def rule_with(*extra: str, drop: str = "") -> str:
    """The good rule with lines added (and one line removed)."""
    lines = [line for line in RULE.splitlines() if not (drop and line.startswith(drop))]
    return "\n".join([*lines, *extra]) + "\n"


TOLD_BY_PAIR = "told_by is needed with, and only with, clock 'victim_told'"
LIMIT_FORM = (
    "limit must be one of { working_days = N }, { days = N }, { months = N } or { years = N }"
)
WHOLE_DAYS = "limit: days must be a whole number of at least 1"

RULE_PROBLEMS: list[tuple[str, str]] = [
    (rule_with("right = true"), "right must be a whole number (or left out)"),
    (rule_with("right = 13"), "right 13 is not a Victims' Code right (1 to 12)"),
    (rule_with("right = 0"), "right 0 is not a Victims' Code right (1 to 12)"),
    (rule_with('owed_by_field = "against"'), "give exactly one of owed_by or owed_by_field"),
    (rule_with("owed_by = 3", drop="owed_by"), "owed_by must be an agency name"),
    (rule_with('owed_by_field = "against"', drop="owed_by"),
     "owed_by_field 'against' is not a field of crime_reported"),
    (rule_with('clock = "sunrise"'),
     "clock 'sunrise' is not one of: event, received, victim_told, offence_date, "
     "complaint_awareness, request"),
    (rule_with('told_by = "police.inform_arrest"', 'clock = "victim_told"'),
     "told_by must be a list of duty ids"),
    (rule_with('clock = "victim_told"'), TOLD_BY_PAIR),
    (rule_with('told_by = ["police.inform_arrest"]'), TOLD_BY_PAIR),
    (rule_with('told_by = ["police.nothing"]', 'clock = "victim_told"'),
     "told_by names unknown duty 'police.nothing'"),
    (rule_with("limit = 3", drop="limit"), LIMIT_FORM),
    (rule_with("limit = { days = 3, working_days = 3 }", drop="limit"), LIMIT_FORM),
    (rule_with("limit = { days = 0 }", drop="limit"), WHOLE_DAYS),
    (rule_with("limit = { days = true }", drop="limit"), WHOLE_DAYS),
    (rule_with("enhanced_limit = { working_days = 1 }", drop="limit"),
     "enhanced_limit given without a standard limit"),
    (rule_with("enhanced_limit = { days = 1 }"), "limit and enhanced_limit must use the same unit"),
    (rule_with('schedule = { kind = "child_aware", adult_age = 18, child_deadline_age = 20 }'),
     "the child_aware schedule needs clock 'offence_date'"),
    (rule_with('schedule = { kind = "agreed_interval", renewed_by = "update_received", '
               'ends_at = ["case_closed"] }'), "an agreed_interval schedule takes no limit"),
    (rule_with('waived_by_opt_out = "everything"'),
     "waived_by_opt_out 'everything' is not a known scope"),
    (rule_with('confidence = "likely"'), "confidence must be 'confirmed' or 'assumed'"),
    (rule_with('statutory = "yes"'), "statutory must be true or false"),
    (rule_with('category = "gossip"'),
     "category 'gossip' is not one of: code, target, practice, victim"),
    (rule_with('category = "victim"'), "category 'victim' is for, and only for, owed_by 'victim'"),
    (rule_with('category = "target"'), "a target rule must have statutory = false"),
    (rule_with('category = "code"', "statutory = false"),
     "a code rule must have statutory = true"),
    (rule_with('applies_if = { flags_any = ["kidnap"] }'),
     "applies_if needs a not_applicable_reason in plain English"),
    (rule_with('applies_if = { flags_any = ["kidnap"] }', 'not_applicable_reason = "  "'),
     "applies_if needs a not_applicable_reason in plain English"),
    (rule_with("enhanced_limit = { working_days = 9 }"),
     "enhanced_limit is longer than the standard limit"),
    (rule_with("enhanced_limit = { working_days = 0 }"),
     "enhanced_limit: working_days must be a whole number of at least 1"),
    (rule_with("enhanced_limit = { fortnights = 1 }"), "enhanced_limit: unknown unit 'fortnights'"),
    (rule_with("limit = { fortnights = 1 }", drop="limit"), "limit: unknown unit 'fortnights'"),
    (rule_with("colour = 1", "size = 2"), "unknown key(s) in rule: colour, size"),
    (rule_with(drop="owed_by"), "give exactly one of owed_by or owed_by_field"),
    (rule_with('triggers = ["lunch"]', drop="triggers"), "triggers: unknown event type 'lunch'"),
    (rule_with(drop="what"), "missing a text 'what'"),
    (rule_with() + rule_with(), "duplicate rule id in this pack"),
    (rule_with('applies_if = { flags_any = ["grumpy"] }', 'not_applicable_reason = "r"'),
     "unknown flag 'grumpy'"),
    # conditions
    (rule_with("when = 1"), "a condition must be a table such as { flags_any = [...] }"),
    (rule_with("when = {}"), "a condition must be a table such as { flags_any = [...] }"),
    (rule_with("when = { flags_any = [] }"), "flags_any must be a non-empty list of flags"),
    (rule_with('when = { flags_any = "kidnap" }'), "flags_any must be a non-empty list of flags"),
    (rule_with('when = { field = "court", equals = [1] }'),
     "equals must be text, a number or true/false"),
    (rule_with('when = { field = "custody_months", at_least = "12" }'),
     "at_least must be a whole number"),
    (rule_with('when = { field = "custody_months", at_least = true }'),
     "at_least must be a whole number"),
    (rule_with('when = { case_has = "shoe_size" }'),
     "case_has must be one of ['offence_date', 'victim_dob']"),
    (rule_with('when = { prior_event = ["lunch"] }'), "prior_event: unknown event type 'lunch'"),
    (rule_with("when = { all = [] }"), "all must be a non-empty list of conditions"),
    (rule_with('when = { any = { flags_any = ["kidnap"] } }'),
     "any must be a non-empty list of conditions"),
    (rule_with('when = { not = { flags_any = ["grumpy"] } }'), "unknown flag 'grumpy'"),
    (rule_with('when = { all = [{ flags_any = ["grumpy"] }] }'), "unknown flag 'grumpy'"),
    (rule_with('when = { maybe = true }'), "unknown condition {'maybe': True}"),
    # met_by
    (rule_with('met_by = "crime_reported"'), "met_by must be a list"),
    (rule_with('met_by = ["crime_reported"]'), "each met_by entry must be a table { event = ... }"),
    (rule_with('met_by = [{ event = "crime_reported", colour = 1 }]'),
     "unknown key(s) in met_by: colour"),
    (rule_with('met_by = [{ event = "lunch" }]'), "met_by.event: unknown event type 'lunch'"),
    (rule_with('met_by = [{ event = "crime_reported", from = "anyone" }]'),
     'met_by.from can only be "owed_by"'),
    (rule_with('met_by = [{ event = "police_vrr_requested", decision_field = "choice" }]'),
     "'choice' is not a field of police_vrr_requested"),
    # schedules
    (rule_with("schedule = 1"), "schedule must be a table with a 'kind'"),
    (rule_with('schedule = { kind = "lunar" }'), "unknown schedule kind 'lunar'"),
    (rule_with('schedule = { kind = "agreed_interval", renewed_by = "update_received", '
               'ends_at = ["case_closed"], colour = 1 }', drop="limit"),
     "unknown key(s) in schedule: colour"),
    (rule_with('schedule = { kind = "agreed_interval", renewed_by = "update_received", '
               "ends_at = [] }", drop="limit"), "ends_at must be a non-empty list of event types"),
    (rule_with('schedule = { kind = "child_aware", adult_age = 18, child_deadline_age = 0 }',
               'clock = "offence_date"'), "adult_age and child_deadline_age must be ages"),
    (rule_with('schedule = { kind = "child_aware", adult_age = true, child_deadline_age = 20 }',
               'clock = "offence_date"'), "adult_age and child_deadline_age must be ages"),
    (rule_with('schedule = { kind = "child_aware", adult_age = 18, child_deadline_age = 20, '
               "colour = 1 }", 'clock = "offence_date"'), "unknown key(s) in schedule: colour"),
    (rule_with('schedule = { kind = "agreed_interval", renewed_by = "lunch", '
               'ends_at = ["case_closed"] }', drop="limit"),
     "renewed_by: unknown event type 'lunch'"),
    # triggers and text
    (rule_with('triggers = "crime_reported"', drop="triggers"),
     "triggers must be a non-empty list of event types"),
    (rule_with("triggers = []", drop="triggers"),
     "triggers must be a non-empty list of event types"),
    (rule_with('source = "  "', drop="source"), "missing a text 'source'"),
    (rule_with('clock = "request"'),
     "clock 'request' needs a request or clock_from field on crime_reported"),
    (rule_with('due_on_business_day = "yes"'), "due_on_business_day must be true or false"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "problem"), RULE_PROBLEMS)
def test_each_rule_check_names_file_rule_and_problem(
    tmp_path: Path, body: str, problem: str
) -> None:
    (tmp_path / "local.toml").write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path])
    assert str(caught.value) == f"rule pack local.toml, rule local.callback: {problem}"
    assert caught.value.problem == problem
    assert caught.value.origin == "local.toml"
    assert caught.value.rule == "local.callback"


@pytest.mark.parametrize(
    ("text", "rule", "problem"),
    [
        ("rule = [1]\n" + HEADER, "#1", "each [[rule]] must be a table"),
        (HEADER + RULE + '[[rule]]\nid = ""\n', "#2", "missing a text 'id'"),
        (HEADER + RULE + "[[rule]]\nid = 4\n", "#2", "missing a text 'id'"),
    ],
)
def test_rules_without_an_id_are_named_by_position(
    tmp_path: Path, text: str, rule: str, problem: str
) -> None:
    (tmp_path / "local.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path])
    assert str(caught.value) == f"rule pack local.toml, rule {rule}: {problem}"


PACK_PROBLEMS: list[tuple[str, str]] = [
    (RULE, "missing the [pack] table"),
    ('pack = "local"\n' + RULE, "missing the [pack] table"),
    (HEADER + "colour = 1\n" + RULE, "unknown key(s) in [pack]: colour"),
    (HEADER.replace('id = "local-2026"\n', "") + RULE, "missing a text 'id'"),
    (HEADER.replace('series = "local"\n', "") + RULE, "missing a text 'series'"),
    (HEADER.replace("in_force_from = 2026-01-01\n", "") + RULE,
     "missing in_force_from (a date such as 2021-04-01)"),
    (HEADER.replace("2026-01-01", "2026-01-01T10:00:00"),
     "in_force_from must be a TOML date such as 2021-04-01 (no quotes)"),
    (HEADER + "in_force_until = 2025-12-31\n" + RULE, "in_force_until is before in_force_from"),
    (HEADER + 'in_force_until = "2027-01-01"\n' + RULE,
     "in_force_until must be a TOML date such as 2021-04-01 (no quotes)"),
    (HEADER + 'statutory = "no"\n' + RULE, "[pack] statutory must be true or false"),
    (HEADER, "has no [[rule]] entries"),
    ("rule = 1\n" + HEADER, "has no [[rule]] entries"),
    (HEADER + RULE + "[extra]\nx = 1\n[more]\ny = 2\n", "unknown table(s): extra, more"),
    (HEADER.replace('title = "Local standards"\n', "") + RULE, "missing a text 'title'"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "problem"), PACK_PROBLEMS)
def test_each_pack_check_names_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "local.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "local.toml")
    assert str(caught.value) == f"rule pack local.toml: {problem}"
    assert caught.value.rule is None


def test_file_level_problems(tmp_path: Path) -> None:
    (tmp_path / "latin1.toml").write_bytes(HEADER.encode() + b"# caf\xe9\n" + RULE.encode())
    with pytest.raises(PackError) as caught:
        load_pack(tmp_path / "latin1.toml")
    assert str(caught.value) == "rule pack latin1.toml: is not UTF-8 text"
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(PackError, match=r"^rule pack folder\.toml: cannot be read \("):
        load_pack(tmp_path / "folder.toml")


def test_two_packs_with_one_id(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(HEADER + RULE, encoding="utf-8")
    other = HEADER.replace('series = "local"', 'series = "other"').replace(
        "2026-01-01", "2027-01-01"
    )
    (tmp_path / "b.toml").write_text(other + RULE.replace("local.callback", "other.x"), "utf-8")
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path])
    assert str(caught.value) == "rule pack b.toml: pack id 'local-2026' is also used by a.toml"


def test_good_pack_values(tmp_path: Path) -> None:
    text = (
        HEADER
        + "in_force_until = 2026-12-31\nstatutory = false\n"
        + rule_with(
            "enhanced_limit = { working_days = 3 }",
            'category = "target"',
            'confidence = "assumed"',
            'note = "why"',
            "right = 12",
        )
        + rule_with("limit = { years = 2 }", drop="limit").replace("local.callback", "local.b")
    )
    (tmp_path / "local.toml").write_text(text, encoding="utf-8")
    pack = load_pack(tmp_path / "local.toml")
    assert (pack.in_force_from, pack.in_force_until) == (date(2026, 1, 1), date(2026, 12, 31))
    first, second = pack.rules
    assert (first.statutory, first.category.value, first.confidence, first.note, first.right) == (
        False, "target", "assumed", "why", 12,
    )  # fmt: skip
    assert first.enhanced_limit == Limit(LimitUnit.WORKING_DAYS, 3)
    assert second.limit == Limit(LimitUnit.MONTHS, 24)
    assert second.category.value == "practice"  # not statutory, not the victim's: good practice


def test_limit_descriptions() -> None:
    assert Limit(LimitUnit.WORKING_DAYS, 1).describe() == "1 working day"
    assert Limit(LimitUnit.WORKING_DAYS, 5).describe() == "5 working days"
    assert Limit(LimitUnit.DAYS, 28).describe() == "28 calendar days"
    assert Limit(LimitUnit.MONTHS, 1).describe() == "1 month"


# -- which pack is in force -----------------------------------------------------------------------


def make_pack(pack_id: str, start: date, until: date | None, what: str) -> RulePack:
    rule = Rule(
        id="local.x", pack=pack_id, right=None, owed_by="police", owed_by_field=None,
        triggers=frozenset({"crime_reported"}), what=what, source="s", statutory=True,
        clock=ClockStart.EVENT,
    )  # fmt: skip
    return RulePack(pack_id, "local", "t", start, until, (rule,))


def test_in_force_until_is_exact_to_the_day() -> None:
    pack = make_pack("p", date(2020, 1, 1), date(2020, 12, 31), "old")
    assert not pack.in_force_on(date(2019, 12, 31))
    assert pack.in_force_on(date(2020, 1, 1))
    assert pack.in_force_on(date(2020, 12, 31))
    assert not pack.in_force_on(date(2021, 1, 1))
    book = RuleBook((pack,))
    assert book.packs_in_force(date(2020, 12, 31)) == (pack,)
    assert book.packs_in_force(date(2021, 1, 1)) == ()


def test_newest_pack_in_force_governs_and_an_ended_one_gives_way() -> None:
    old = make_pack("old", date(2020, 1, 1), None, "old")
    new = make_pack("new", date(2022, 1, 1), date(2022, 12, 31), "new")
    for order in ((old, new), (new, old)):
        book = RuleBook(order)
        assert book.packs_in_force(date(2021, 12, 31)) == (old,)
        assert book.packs_in_force(date(2022, 1, 1)) == (new,)
        assert book.packs_in_force(date(2023, 1, 1)) == (old,)
        # Descriptions come from the newest definition, whatever the order of loading.
        rule = book.rule("local.x")
        assert rule is not None and rule.what == "new"
        assert book.rule("local.nothing") is None


def test_build_rulebook_accepts_good_packs() -> None:
    pack = parse_pack(
        {"pack": {"id": "p", "series": "s", "title": "t", "in_force_from": date(2020, 1, 1)},
         "rule": [{"id": "s.x", "owed_by": "police", "triggers": ["crime_reported"],
                   "what": "w", "source": "s"}]},
        "p.toml",
    )  # fmt: skip
    assert build_rulebook([pack]).duty_ids == {"s.x"}


# -- the bundled packs, parsed afresh (not the process-wide cached book) --------------------------


def test_bundled_conditions_and_schedules_parse_to_what_the_catalogue_says() -> None:
    from vcop_desktop.domain.rules import (
        AgreedInterval,
        AllOf,
        AnyOf,
        CaseHas,
        ChildAwareDeadline,
        FieldAtLeast,
        FieldEquals,
        FlagsAny,
        MetBy,
        Not,
        PriorEvent,
    )

    book = load_rulebook()
    rule = {r.id: r for p in book.packs for r in p.rules}
    assert rule["wcu.refer_vcs"].when == AllOf((
        FlagsAny(frozenset({"violent_or_sexual_offence", "sexual_offence"})),
        AnyOf((FieldAtLeast("custody_months", 12), FieldEquals("hospital_order", True))),
    ))  # fmt: skip
    uls = rule["victim.uls_request"]
    assert uls.when == FieldEquals("court", "crown")
    assert uls.applies_if == Not(FieldEquals("uls_eligible", False))
    assert (uls.limit, uls.met_by) == (Limit(LimitUnit.DAYS, 28), (MetBy("uls_requested"),))
    vrr = rule["victim.police_vrr"]
    assert vrr.applies_if == PriorEvent(frozenset({"suspect_interviewed_under_caution"}))
    assert (vrr.clock, vrr.told_by) == (ClockStart.VICTIM_TOLD, {"police.inform_no_charge"})
    assert vrr.met_by == (MetBy("police_vrr_requested", decision_field="decision"),)
    assert vrr.not_applicable_reason == (
        "The police Right to Review applies only where a suspect was interviewed under caution "
        "before the decision."
    )
    assert rule["police.inform_arrest"].not_applicable_reason == ""  # text, never None
    assert rule["police.inform_arrest"].note == ""
    cica = rule["victim.cica_apply"]
    assert cica.when == CaseHas("offence_date")
    assert (cica.clock, cica.limit) == (ClockStart.OFFENCE_DATE, Limit(LimitUnit.MONTHS, 24))
    assert cica.schedule == ChildAwareDeadline(adult_age=18, child_deadline_age=20)
    update = rule["police.update"]
    assert update.schedule == AgreedInterval(
        "interval_days", "update_received",
        frozenset({"suspect_charged", "police_decision_no_charge", "cps_decision_no_charge",
                   "decision_not_to_investigate", "out_of_court_disposal", "case_closed"}),
    )  # fmt: skip
    assert (update.waived_by_opt_out, update.limit) == ("updates", None)
    reply = rule["provider.complaint_reply"]
    assert (reply.owed_by, reply.owed_by_field, reply.confidence) == (None, "against", "assumed")
    assert reply.met_by == (
        MetBy("complaint_reply_received", from_owed_by=True, decision_field="complaint"),
        MetBy("police_complaint_outcome", if_owed_by="police", decision_field="complaint"),
        MetBy("cps_complaint_stage1_reply", if_owed_by="cps", decision_field="complaint"),
    )
    arrest = rule["police.inform_arrest"]
    assert (arrest.limit, arrest.enhanced_limit, arrest.right, arrest.statutory) == (
        Limit(LimitUnit.WORKING_DAYS, 5), Limit(LimitUnit.WORKING_DAYS, 1), 6, True,
    )  # fmt: skip
    target = rule["police.vrr_outcome"]
    assert (target.category.value, target.statutory, target.right) == ("target", False, None)
    assert rule["practice.hate_crime_src"].category.value == "practice"
    assert rule["victim.cps_vrr"].category.value == "victim"
    assert rule["wcu.inform_hearing"].clock is ClockStart.RECEIVED


def test_a_freshly_loaded_book_gives_the_catalogue_examples() -> None:
    import json

    from tests.domain.test_examples import SCENARIOS, comparable
    from vcop_desktop.domain.engine import evaluate
    from vcop_desktop.domain.scenario import parse_scenario

    book = load_rulebook()
    for path in SCENARIOS:
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
        scenario = parse_scenario(json.loads(path.read_text()), book.duty_ids)
        assert scenario.today is not None
        got = evaluate(scenario, scenario.today, book).to_dict()
        assert comparable(got["obligations"]) == comparable(expected["obligations"]), path.name  # type: ignore[arg-type]


def test_clashes_between_packs_name_both_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(HEADER + RULE, encoding="utf-8")
    clash = HEADER.replace("local-2026", "local-b") + RULE.replace("local.callback", "local.b")
    (tmp_path / "b.toml").write_text(clash, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path], bundled=False)
    assert str(caught.value) == (
        "rule pack b.toml: series 'local' already has a pack in force from 2026-01-01 (a.toml)"
    )
    (tmp_path / "b.toml").unlink()
    (tmp_path / "a.toml").write_text(
        HEADER + RULE.replace("local.callback", "police.inform_arrest")
    )
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path])
    assert str(caught.value) == (
        "rule pack a.toml, rule police.inform_arrest: this duty id is already defined by series "
        "'victims-code'; an organisation pack must use its own ids"
    )


@pytest.mark.parametrize("right", [1, 12])
def test_rights_one_to_twelve_are_accepted(tmp_path: Path, right: int) -> None:
    (tmp_path / "local.toml").write_text(HEADER + rule_with(f"right = {right}"), "utf-8")
    parsed = load_pack(tmp_path / "local.toml").rules[0]
    assert (parsed.right, parsed.category.value) == (right, "code")  # statutory: a Code duty


def test_the_victims_own_deadline_category(tmp_path: Path) -> None:
    body = rule_with('owed_by = "victim"', 'category = "victim"', drop="owed_by")
    (tmp_path / "local.toml").write_text(HEADER + body, "utf-8")
    assert load_pack(tmp_path / "local.toml").rules[0].category.value == "victim"


def test_schedules_read_their_fields(tmp_path: Path) -> None:
    from vcop_desktop.domain.rules import AgreedInterval, ChildAwareDeadline

    interval = (
        'schedule = { kind = "agreed_interval", renewed_by = "update_received", '
        'ends_at = ["case_closed"]%s }'
    )
    child = 'schedule = { kind = "child_aware", adult_age = 1, child_deadline_age = 1 }'
    bodies = [
        rule_with(interval % "", drop="limit"),
        rule_with(interval % ', interval_field = "days_between"', drop="limit"),
        rule_with(child, 'clock = "offence_date"'),
    ]
    schedules = []
    for i, body in enumerate(bodies):
        (tmp_path / f"p{i}.toml").write_text(HEADER + body, "utf-8")
        schedules.append(load_pack(tmp_path / f"p{i}.toml").rules[0].schedule)
    ends = frozenset({"case_closed"})
    assert schedules == [
        AgreedInterval("interval_days", "update_received", ends),  # the default field
        AgreedInterval("days_between", "update_received", ends),
        ChildAwareDeadline(adult_age=1, child_deadline_age=1),
    ]


def test_pack_header_values(tmp_path: Path) -> None:
    same_day = HEADER + "in_force_until = 2026-01-01\n" + 'source_url = "https://example.org/x"\n'
    (tmp_path / "a.toml").write_text(same_day + RULE, "utf-8")
    pack = load_pack(tmp_path / "a.toml")  # in force for one day only: allowed
    assert (pack.title, pack.series, pack.origin) == ("Local standards", "local", "a.toml")
    assert (pack.in_force_until, pack.source_url) == (date(2026, 1, 1), "https://example.org/x")
    (tmp_path / "b.toml").write_text(HEADER + RULE, "utf-8")
    assert load_pack(tmp_path / "b.toml").source_url == ""


def test_a_missing_pack_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path / "missing"])
    assert (
        str(caught.value)
        == f"rule pack {tmp_path / 'missing'}: the rule pack folder does not exist"
    )


# -- the vocabulary the advocate's service standards added (issue 19) ---------------------------

WHEN_HIGH = '{ field = "risk", equals = "high" }'
NEW_VOCABULARY_PROBLEMS: list[tuple[str, str]] = [
    (rule_with("when = { high_risk = false }"), "high_risk can only be true"),
    (rule_with('when = { after_event = ["marac_referral"], within_months = 0 }'),
     "within_months must be a whole number of at least 1"),
    (rule_with('when = { after_event = ["marac_referal"], within_months = 12 }'),
     "after_event: unknown event type 'marac_referal'"),
    (rule_with('when = { trigger = ["nope"] }'), "trigger: unknown event type 'nope'"),
    (rule_with('met_by = [{ event = "contact", field = "outcome" }]'),
     "met_by: give field and equals together"),
    (rule_with('met_by = [{ event = "contact", field = "mood", equals = "x" }]'),
     "'mood' is not a field of contact"),
    (rule_with("limit_when = []"), "limit_when must be a list of { name, when, limit } tables"),
    (rule_with(f'limit_when = [{{ name = "urgent", when = {WHEN_HIGH} }}]'),
     "limit_when 'urgent' needs a limit"),
    (rule_with('limit_when = [{ name = "urgent", limit = { working_days = 1 } }]'),
     "limit_when 'urgent' needs a 'when' condition"),
    (rule_with(f'limit_when = [{{ name = "urgent", when = {WHEN_HIGH}, limit = {{ days = 1 }} }}]'),
     "limit_when 'urgent' must use the limit's unit"),
    (rule_with(f'limit_when = [{{ name = "limit", when = {WHEN_HIGH}, '
               'limit = { working_days = 1 } }]'),
     "limit_when name 'limit' is used twice"),
    (rule_with(f'limit_when = [{{ name = "urgent", when = {WHEN_HIGH}, '
               'limit = { working_days = 1 } }]', drop="limit ="),
     "limit_when given without a standard limit"),
    (rule_with('schedule = { kind = "agreed_interval", interval_field = "review_days", '
               'renewed_by = "safety_plan_reviewed", ends_at = ["case_closed"], '
               'default_interval = 0 }', drop="limit ="),
     "default_interval must be a whole number of days, 1-366"),
    (rule_with('schedule = { kind = "agreed_interval", interval_field = "review_days", '
               'renewed_by = "safety_plan_reviewed", ends_at = ["case_closed"], '
               'renewed_from = "victim" }', drop="limit ="),
     'renewed_from must be "owed_by" or "anyone"'),
]  # fmt: skip


@pytest.mark.parametrize(("body", "problem"), NEW_VOCABULARY_PROBLEMS)
def test_each_new_vocabulary_check_names_file_rule_and_problem(
    tmp_path: Path, body: str, problem: str
) -> None:
    (tmp_path / "local.toml").write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_rulebook([tmp_path])
    assert str(caught.value) == f"rule pack local.toml, rule local.callback: {problem}"
