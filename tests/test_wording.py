"""Short wording: readable, bounded, never an internal id."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vcop_desktop.wording import short_what


def test_first_clause() -> None:
    assert (
        short_what(
            "Tell the victim that a suspect has been arrested, with reasons where applicable."
        )
        == "Tell the victim that a suspect has been arrested"
    )
    assert short_what("Record the crime without unjustified delay.") == (
        "Record the crime without unjustified delay"
    )


@given(st.text(min_size=1, max_size=300))
def test_bounded(text: str) -> None:
    assert len(short_what(text)) <= 48


def test_no_two_duties_share_a_short_label() -> None:
    """Timeline bars (40 characters) and calendar titles (48) tell every duty apart: arrested and
    interviewed once both read "Tell the victim that a suspect has…" (issue 18)."""
    from vcop_desktop.rules import load_rulebook

    whats = {rule.id: rule.what for pack in load_rulebook([]).packs for rule in pack.rules}
    for limit in (40, 48):
        labels: dict[str, str] = {}
        for duty, what in whats.items():
            label = short_what(what, limit)
            assert len(label) <= limit
            assert label not in labels, (label, duty, labels.get(label))
            labels[label] = duty
    assert short_what(whats["police.inform_arrest"], 40) == "Tell victim: suspect arrested"
