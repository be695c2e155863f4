"""A rough passphrase strength estimate for the first-run meter.

Not a security boundary (Argon2id is): a nudge towards long passphrases. Scores 0-4 from an
entropy estimate, with penalties for the commonest patterns.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_COMMON = ("password", "passw0rd", "qwerty", "123456", "letmein", "welcome", "iloveyou",
           "admin", "monkey", "dragon", "football", "abc123")  # fmt: skip
LABELS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")
MINIMUM_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Strength:
    score: int  # 0..4
    bits: float
    advice: str

    @property
    def label(self) -> str:
        return LABELS[self.score]

    @property
    def acceptable(self) -> bool:
        return self.score >= 2


def estimate(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, 0.0, f"Use at least {MINIMUM_LENGTH} characters.")
    pool = 0
    pool += 26 if re.search(r"[a-z]", passphrase) else 0
    pool += 26 if re.search(r"[A-Z]", passphrase) else 0
    pool += 10 if re.search(r"\d", passphrase) else 0
    pool += 33 if re.search(r"[^A-Za-z0-9]", passphrase) else 0
    distinct = len(set(passphrase))
    bits = (
        len(passphrase)
        * math.log2(max(pool, 2))
        * min(1.0, distinct / max(len(passphrase) * 0.5, 1))
    )
    lowered = passphrase.lower()
    if any(word in lowered for word in _COMMON):
        bits /= 3
    if re.fullmatch(r"(.)\1*", passphrase):
        bits = min(bits, 4)
    score = 0 if bits < 28 else 1 if bits < 40 else 2 if bits < 60 else 3 if bits < 80 else 4
    if len(passphrase) < MINIMUM_LENGTH:
        score = min(score, 1)
        advice = f"Use at least {MINIMUM_LENGTH} characters; a few unrelated words work well."
    elif score < 3:
        advice = "Longer is stronger: add another word or two."
    else:
        advice = "Good. Keep it somewhere safe: it cannot be recovered."
    return Strength(score, round(bits, 1), advice)
