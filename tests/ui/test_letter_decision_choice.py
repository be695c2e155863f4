"""The letter dialog lets the advocate choose which decision a letter answers (issue 21).

Driven through the real dialog, with a draft job that gathers the real facts from synthetic
events: the choice made in the "Decision" box is the decision the drafted letter answers, for
escalations and review requests alike; the latest is chosen until the advocate picks another.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.letters.cases import _facts, ev, evaluation_of
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.facts import DecisionFact
from vcop_desktop.rules import default_rulebook
from vcop_desktop.ui.letter_dialog import LetterDialog

LETTER_DAY = "2026-06-03"


def two_decisions(against: str, reply: str) -> list[dict[str, Any]]:
    """Two complaints, or two decisions, each answered (1 April and 1 June 2026)."""
    return [
        ev("r", "crime_reported", "2026-03-02"),
        ev("c1", "complaint_made", "2026-03-16", against=against),
        ev("a1", reply, "2026-04-01", complaint="c1"),
        ev("c2", "complaint_made", "2026-05-04", against=against),
        ev("a2", reply, "2026-06-01", complaint="c2"),
    ]


KINDS = [
    ("cps-complaint-stage2", "cps", "cps_complaint_stage1_reply"),
    ("cps-complaint-iac", "cps", "cps_complaint_stage2_reply"),
    ("police-complaint-review", "police", "police_complaint_outcome"),
    ("phso-complaint", "cps", "complaint_final_response"),
    ("police-vrr", "police", "police_decision_no_charge"),
    ("cps-vrr", "cps", "cps_discontinued"),
]


def open_dialog(
    qtbot: Any, events: list[dict[str, Any]], kind: str, today: str = LETTER_DAY
) -> tuple[LetterDialog, list[Any]]:
    """The real dialog; its draft job records what it was asked for and the facts it used."""
    known, evaluation = evaluation_of(events, today, flags=["sexual_offence"])
    asked: list[Any] = []

    def make_draft(
        letter: Any, agency: str | None, decision: str | None, annex: bool, matters: Any
    ) -> tuple[Any, str]:
        facts = _facts(letter.id, known, evaluation, agency=agency, decision_id=decision)
        asked.append((decision, facts))
        return draft_letter(facts, annex=annex), ""

    everything = parse_scenario({"case": {}, "events": events}, default_rulebook().duty_ids)
    dialog = LetterDialog(
        everything.events,  # the whole record, as the window passes it
        lambda job, done, doing: done(job()),
        make_draft,
        lambda *a: 1,
        lambda *a: b"",
        kind_id=kind,
        today=date.fromisoformat(today),
    )
    qtbot.addWidget(dialog)
    return dialog, asked


@pytest.mark.parametrize(("kind", "against", "reply"), KINDS)
def test_the_advocate_chooses_which_decision_a_letter_answers(
    qtbot: Any, kind: str, against: str, reply: str
) -> None:
    dialog, asked = open_dialog(qtbot, two_decisions(against, reply), kind)
    assert dialog.current_kind().id == kind
    box = dialog.decision
    assert box.isEnabled() and [box.itemData(i) for i in range(box.count())] == ["a1", "a2"]
    assert box.currentData() == "a2"  # the latest, until the advocate picks another
    assert "1 June 2026" in box.currentText()
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    decision, facts = asked[-1]
    assert decision == "a2"
    assert isinstance(facts.decision, DecisionFact) and facts.decision.event_id == "a2"

    box.setCurrentIndex(box.findData("a1"))
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    decision, facts = asked[-1]
    assert decision == "a1"
    assert isinstance(facts.decision, DecisionFact) and facts.decision.event_id == "a1"
    if facts.kind.escalates:
        assert facts.complaint is not None and facts.complaint.event_id == "c1"
    assert dialog.to_keep().decision == "a1"  # kept with the saved draft, to reopen with it


def test_a_decision_dated_the_letters_day_is_offered_and_a_later_one_is_not(qtbot: Any) -> None:
    events = [
        *two_decisions("cps", "cps_complaint_stage1_reply"),
        ev("a3", "cps_complaint_stage1_reply", "2026-06-10", complaint="c2"),  # after the letter
    ]
    # Written on 1 June, the day of the second reply: it is offered (and chosen); the reply
    # recorded for 10 June is not, since a letter of 1 June cannot answer it.
    dialog, asked = open_dialog(qtbot, events, "cps-complaint-stage2", today="2026-06-01")
    box = dialog.decision
    assert [box.itemData(i) for i in range(box.count())] == ["a1", "a2"]
    assert box.currentData() == "a2"
    qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    decision, facts = asked[-1]
    assert decision == "a2" and facts.decision.event_id == "a2"
