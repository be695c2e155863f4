"""A paragraph longer than about a page is set as several (reportlab re-wraps the rest of a
paragraph at each page it spans: a pasted 100,000-character name made letters take minutes).
The words and their order must not change."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vcop_desktop.letters.pdf import _PIECE, _pieces

WORDS = st.text(alphabet="abcdefghij Q", min_size=0, max_size=3 * _PIECE)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=4))
def test_pieces_keep_every_word_in_order_and_stay_short(lines: list[str]) -> None:
    pieces = _pieces(lines)
    # the same characters in the same order (only spaces may be added or moved to a cut)
    assert "".join("".join(p) for p in pieces).replace(" ", "") == "".join(lines).replace(" ", "")
    for piece in pieces:
        # a piece is one cut line, or whole lines adding up to at most about a page
        assert len(piece) == 1 or sum(len(line) for line in piece) <= _PIECE


def test_short_paragraphs_are_left_whole() -> None:
    lines = ["Dear Sir or Madam,", "I write on behalf of my client."]
    assert _pieces(lines) == [lines]


def test_a_long_name_letter_is_cut_between_words() -> None:
    name = "Q" * 100_000
    pieces = _pieces([f"My client, {name}, was not told."])
    assert len(pieces) > 10
    assert all(len(line) <= _PIECE for piece in pieces for line in piece)
    assert "".join("".join(p) for p in pieces).replace(" ", "") == (
        f"My client, {name}, was not told.".replace(" ", "")
    )
