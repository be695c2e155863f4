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
