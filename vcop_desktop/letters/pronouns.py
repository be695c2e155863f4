"""The victim's pronouns, as a letter uses them ("I act for her", "they are not satisfied").

The case record holds pronouns as free text ("she/her", "They/Them", "he"). Only entries made
wholly of the common English sets are used; anything else ("xe/xem", "any", "ask", "Ms", or
nothing at all) gives None, and the letter keeps to the victim's name or a wording that needs no
pronoun. A letter to an agency must never give the victim a pronoun they do not use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Pronouns:
    """One set of pronouns, with the verb agreement it takes ("they are", "she is")."""

    subject: str
    object: str
    possessive: str
    plural_verbs: bool = False

    def verb(self, singular: str, plural: str) -> str:
        """'is'/'are', 'needs'/'need': the form that agrees with the subject pronoun."""
        return plural if self.plural_verbs else singular


SHE: Final = Pronouns("she", "her", "her")
HE: Final = Pronouns("he", "him", "his")
THEY: Final = Pronouns("they", "them", "their", plural_verbs=True)

_WORDS: Final[dict[str, Pronouns]] = {
    **dict.fromkeys(("she", "her", "hers", "herself"), SHE),
    **dict.fromkeys(("he", "him", "his", "himself"), HE),
    **dict.fromkeys(("they", "them", "their", "theirs", "themself", "themselves"), THEY),
}
_SPLIT: Final = re.compile(r"[\s/,;|\\+&.()\[\]-]+")


def parse_pronouns(text: str | None) -> Pronouns | None:
    """The set a record's pronouns name, or None when they name no set this module knows.

    "she/her", "She/Her", "she", "he / him", "They/Them/Theirs" are recognised. A record that
    names two sets ("she/they") uses the first, which the person has said they use. Any word
    that is not one of these pronouns makes the whole entry unrecognised: guessing is worse than
    using the name.
    """
    words = [w for w in _SPLIT.split((text or "").lower()) if w and w not in ("and", "or")]
    if not words or any(w not in _WORDS for w in words):
        return None
    return _WORDS[words[0]]
