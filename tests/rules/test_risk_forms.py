"""Risk forms as data: the built-in form, validation one line per problem, installing a form."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vcop_desktop.domain.risk import RiskForms, band, is_high_risk, score
from vcop_desktop.rules.risk_forms import (
    RiskFormError,
    bundled_forms_dir,
    install_form,
    load_forms,
    read_form,
)

GOOD = """
id = "local-form"
title = "Our form"
version = 1
high_at = 3

[bands]
standard = [0, 1]
high = [3, 4]

[[questions]]
id = "q_one"
text = "First?"

[[questions]]
id = "q_two"
text = "Second?"
weight = 2

[[questions]]
id = "q_three"
text = "Third?"
"""


def write(folder: Path, text: str, name: str = "form.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_built_in_form_covers_the_contracts_areas_at_14() -> None:
    form = read_form(bundled_forms_dir() / "risk-factors-v1.toml")
    assert (form.id, form.version, form.high_at) == ("risk-factors-v1", 1, 14)
    assert len(form.questions) == 25 and all(q.weight == 1 for q in form.questions)
    ids = form.question_ids
    for area in ("injury_now", "fears_being_killed", "fears_for_others", "fears_more_harm",
                 "isolated", "low_mood_or_suicidal", "separation", "child_contact_dispute",
                 "stalking", "pregnant_or_new_baby", "harms_children_or_animals", "escalating",
                 "controls_money", "strangulation", "sexual_abuse", "threatened_to_kill",
                 "weapons", "threatens_children", "breached_orders", "criminal_record",
                 "drink_or_drugs", "threatens_suicide", "mental_health", "controlling_jealous",
                 "abuses_others"):  # fmt: skip
        assert area in ids
    assert [band(form, s) for s in (0, 9, 10, 13, 14, 25)] == [
        "standard", "standard", "medium", "medium", "high", "high"]  # fmt: skip


def test_scoring_weights_and_professional_judgement(tmp_path: Path) -> None:
    form = read_form(write(tmp_path, GOOD))
    assert score(form, {"q_one": True, "q_two": True, "q_three": False}) == 3
    assert score(form, {"q_two": True, "unknown": True}) == 2
    assert is_high_risk(form, 3, None) and not is_high_risk(form, 2, None)
    assert is_high_risk(form, 0, "high") and is_high_risk(None, None, "high")
    assert not is_high_risk(None, 99, None)  # no form, no threshold to cross
    assert (band(form, 2), band(form, 4)) == (None, "high")


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (lambda t: t.replace('id = "local-form"', 'id = "Local Form"'), "id must be lower-case"),
        (lambda t: t.replace("version = 1", "version = 0"), "version must be a whole number"),
        (lambda t: t.replace("high_at = 3", "high_at = 5"),
         "high_at 5 can never be reached: the questions' weights add up to 4"),
        (lambda t: t.replace("weight = 2", "weight = 0"), "question 2 (q_two): weight must be"),
        (lambda t: t.replace('id = "q_three"', 'id = "q_one"'),
         "question 3 (q_one): the id is used twice"),
        (lambda t: t.replace("high = [3, 4]", "high = [1, 4]"), "bands: high (1-4) overlaps"),
        (lambda t: t.replace("high = [3, 4]", "high = [4, 3]"), "bands: high must be [lowest"),
        (lambda t: t.replace("[bands]", "[bands]\nsevere = [5, 6]"), "unknown band(s) severe"),
        (lambda t: t + '\nauthor = "x"\n', "unknown key(s): author"),
        (lambda t: t.replace('title = "Our form"', ""), "missing a text 'title'"),
    ],
)  # fmt: skip
def test_each_problem_is_one_clear_line(tmp_path: Path, edit: object, problem: str) -> None:
    path = write(tmp_path, edit(GOOD))  # type: ignore[operator]
    with pytest.raises(RiskFormError) as caught:
        read_form(path)
    assert any(problem in line for line in str(caught.value).splitlines())
    assert all(line.startswith("risk form form.toml: ") for line in str(caught.value).splitlines())


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("version = 1", "version = -1").replace("weight = 2", "weight = true")
    with pytest.raises(RiskFormError) as caught:
        read_form(write(tmp_path, text))
    assert len(caught.value.problems) == 2


def test_install_copies_a_valid_form_and_the_rulebook_scores_on_it(tmp_path: Path) -> None:
    from vcop_desktop.rules import load_rulebook

    rules = tmp_path / "rules"
    rules.mkdir()
    installed = install_form(write(tmp_path, GOOD), rules / "risk-forms")
    assert (rules / "risk-forms" / "local-form.v1.toml").read_text(encoding="utf-8") == GOOD
    assert installed.id == "local-form"
    book = load_rulebook([rules])
    assert book.forms.ids == {"risk-factors-v1", "local-form"}
    # installing the same form again changes nothing
    assert install_form(write(tmp_path, GOOD), rules / "risk-forms").same_content(installed)


def test_install_refuses_a_clash_unless_newer(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    install_form(write(tmp_path, GOOD), folder)
    changed = GOOD.replace('text = "First?"', 'text = "First, reworded?"')
    with pytest.raises(RiskFormError, match="already installed with different content"):
        install_form(write(tmp_path, changed), folder)
    newer = changed.replace("version = 1", "version = 2")
    install_form(write(tmp_path, newer), folder)
    forms = load_forms([folder])
    assert forms.get("local-form").version == 2  # type: ignore[union-attr]
    assert forms.get("local-form", 1).questions[0].text == "First?"  # type: ignore[union-attr]
    with pytest.raises(RiskFormError, match="version 2 is already installed; this file is older"):
        install_form(write(tmp_path, GOOD.replace('"First?"', '"Older?"')), folder,
                     known=RiskForms.of([read_form(folder / "local-form.v2.toml")]))  # fmt: skip
    with pytest.raises(RiskFormError):
        install_form(write(tmp_path, "id = 'broken'"), folder)
    assert sorted(p.name for p in folder.iterdir()) == ["local-form.v1.toml", "local-form.v2.toml"]


def test_a_different_built_in_form_under_its_id_is_refused(tmp_path: Path) -> None:
    text = (bundled_forms_dir() / "risk-factors-v1.toml").read_text(encoding="utf-8")
    with pytest.raises(RiskFormError, match="already installed with different content"):
        install_form(write(tmp_path, text.replace("high_at = 14", "high_at = 10")), tmp_path / "f")


def test_forms_are_found_inside_the_frozen_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert bundled_forms_dir() == tmp_path / "resources" / "risk-forms"
