"""Short wording a person reads in narrow places (timeline bars, calendar entries, events).

Pure Python. Built from a rule's `what` sentence, never from its internal id.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CUT = re.compile(r"[,:;(.]| - | – ")


@lru_cache(maxsize=1024)  # a long case's timeline and tables ask for the same few sentences
def short_what(what: str, limit: int = 48) -> str:
    """The first clause of a duty's description, at most `limit` characters.

    "Tell the victim that a suspect has been arrested, with reasons where applicable." ->
    "Tell the victim that a suspect has been arrested".
    """
    first = _CUT.split(what.strip(), maxsplit=1)[0].strip() or what.strip()
    if len(first) <= limit:
        return first
    # Too long: drop the words every "Tell the victim that a suspect has been ..." shares,
    # so that arrested, interviewed and released no longer all read "Tell the victim that a
    # suspect has…" (issue 18), then cut at a word.
    told = _TELL.match(first)
    if told:
        first = "Tell victim: " + _FILLER.sub("", first[told.end() :])
        if len(first) <= limit:
            return first
    cut = first[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


_TELL = re.compile(r"^Tell the victim (?:that |about |of )?")
_FILLER = re.compile(r"\b(?:has been|have been|the|a) ")
