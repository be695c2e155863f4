"""The victim's pronouns in letters: used where the letter has just named her and no one else
could be meant; an unrecognised or empty entry falls back to the name, never to a guess."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tests.letters.cases import CPS_DAYS, VICTIM, cps_facts, police_facts
from tests.letters.pdftext import pdf_text
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.facts import LetterFacts
from vcop_desktop.letters.kinds import KINDS
from vcop_desktop.letters.pdf import render_draft
from vcop_desktop.letters.pronouns import HE, SHE, THEY, parse_pronouns

NAME = VICTIM.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("she/her", SHE), ("She/Her", SHE), ("she", SHE), ("SHE/HER/HERS", SHE),
        (" he / him ", HE), ("He/Him/His", HE), ("he", HE),
        ("they/them", THEY), ("They/Them/Theirs", THEY), ("they", THEY),
        ("she/they", SHE), ("they/she", THEY), ("she, her.", SHE), ("(she/her)", SHE),
        ("", None), (None, None), ("   ", None), ("xe/xem", None), ("ze/hir", None),
        ("any", None), ("any pronouns", None), ("ask", None), ("Ms", None),
        ("she/her (Ms)", None), ("not recorded", None), ("her majesty", None),
    ],
)  # fmt: skip
def test_only_whole_known_sets_are_recognised(text: str | None, expected: object) -> None:
    assert parse_pronouns(text) is expected


#: Kinds drawn from the police case and the CPS case (each on its own letter date).
_CPS_KINDS = {"cps-complaint", "cps-complaint-stage2", "cps-complaint-iac", "phso-complaint",
              "cps-vrr", "wcu-complaint"}  # fmt: skip
_PRONOUN_WORDS = re.compile(r"\b(she|her|hers|he|him|his|they|them|their|theirs)\b", re.I)


def letter(kind: str, pronouns: str | None, **victim: object) -> tuple[LetterFacts, str]:
    """The letter as the agency reads it: drafted, made into a PDF, and read back."""
    who = replace(VICTIM, pronouns=pronouns, **victim)  # type: ignore[arg-type]
    extra = {"agency": "probation"} if kind == "provider-complaint" else {}
    if kind in _CPS_KINDS:
        facts = cps_facts(kind, victim=who, **extra)
    else:
        facts = police_facts(kind, victim=who, **extra)
    return facts, pdf_text(render_draft(draft_letter(facts)))


def _pronoun_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word in _PRONOUN_WORDS.findall(text):
        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return counts


@pytest.mark.parametrize("kind", [k.id for k in KINDS])
def test_each_kind_uses_her_pronouns_and_no_other(kind: str) -> None:
    _, neutral = letter(kind, None)
    for text, (subject, obj, possessive) in (
        ("she/her", ("she", "her", "her")),
        ("He/Him", ("he", "him", "his")),
        ("they/them", ("they", "them", "their")),
    ):
        facts, said = letter(kind, text)
        assert facts.pronouns is not None
        assert f"written authority to act for {obj}, dated 16 June 2026" in said, kind
        # Every pronoun word beyond what the neutral letter already says is one of hers.
        added = _pronoun_counts(said)
        for word, count in _pronoun_counts(neutral).items():
            added[word] -= count
        wrong = {w: n for w, n in added.items() if n and w not in (subject, obj, possessive)}
        assert wrong == {}, (kind, text, wrong)
        assert all(n >= 0 for n in added.values()), (kind, text, added)


@pytest.mark.parametrize("kind", [k.id for k in KINDS])
@pytest.mark.parametrize("pronouns", [None, "", "xe/xem", "any"])
def test_unknown_pronouns_fall_back_to_the_name_and_no_pronoun(
    kind: str, pronouns: str | None
) -> None:
    facts, said = letter(kind, pronouns)
    assert facts.pronouns is None
    assert "written authority to act, dated 16 June 2026" in said
    assert said == letter(kind, None)[1]  # word for word the letter with no pronouns
    # No gendered pronoun at all; "they"/"them" only in the Code's own wording of a duty
    # ("...at the interval agreed with them"), which speaks of victims in general.
    assert not re.search(r"\b(she|he|him|his|hers|xe|xem)\b", said, re.I), kind
    assert "act for them" not in said


def test_verbs_agree_with_they() -> None:
    _, stage2 = letter("cps-complaint-stage2", "they/them")
    assert "They are not satisfied with it, for the reasons below." in stage2
    _, she = letter("cps-complaint-stage2", "she/her")
    assert "She is not satisfied with it, for the reasons below." in she
    _, unknown = letter("cps-complaint-stage2", None)
    assert f"{NAME} is not satisfied with it, for the reasons below." in unknown
    access = {"interpreter_needed": True, "language": "Polish"}
    _, they_access = letter("police-complaint", "they", **access)
    assert "They need an interpreter (Polish) for any meeting or telephone call." in they_access
    _, he_access = letter("police-complaint", "he/him", **access)
    assert "He needs an interpreter (Polish) for any meeting or telephone call." in he_access
    _, language = letter("police-complaint", "they", language="Polish")
    assert "Their preferred language is Polish." in language
    # The section keeps its shape: the heading, then the paragraph.
    who = replace(VICTIM, pronouns="they", interpreter_needed=True, language="Polish")
    text = draft_letter(police_facts(victim=who)).text
    assert "\n# Access needs\n\nZoë Łukasz-Ğül has these access needs" in text
    assert "large print (18 point) for all letters.\nThey need an interpreter" in text


def test_a_pronoun_only_follows_the_name() -> None:
    # Without access needs, the interpreter sentence is the first of its section: the name.
    _, said = letter("police-complaint", "she/her", access_needs=None, interpreter_needed=True)
    assert f"{NAME} needs an interpreter" in said
    _, review = letter("police-complaint-review", "he/him")
    assert f"On behalf of {NAME}, I apply for a review of the outcome of his complaint" in review
    _, complaint = letter("cps-complaint", "they/them")
    assert "This complaint is about the service they received;" in complaint
    assert CPS_DAYS  # the CPS letters are dated as in the other tests


def test_time_statements_always_name_the_victim() -> None:
    # The suspect is listed just above the time statement: "he had not been told" could mean
    # either of them, so the statement names the victim whatever the pronouns.
    for kind in ("police-vrr", "cps-vrr"):
        facts, said = letter(kind, "he/him")
        statement = facts.timing(*facts.kind.deadline_duties).text
        assert NAME in statement, statement
        assert not re.search(r"\b(he|him|his)\b", statement)
        assert statement.split()[0] in said
