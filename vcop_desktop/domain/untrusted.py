"""Rules for data that comes from outside the workspace: one set, so every way in (a scenario
file, a handed-over case file, a settings file) refuses the same things.

Each check returns what is wrong, naming the kind of problem and never the content (it may be a
victim's name), or None. Callers add the place (``case.victim_name``, ``victim.name``).
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date

#: Dates outside these years are mistakes, and near year 9999 the engine's date arithmetic
#: would overflow: bounded where data comes in, so no such value reaches a case file.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
#: A name, a reference, an id: one line, and no one's name is longer.
MAX_NAME_CHARS = 500
#: A note or any other free text.
MAX_TEXT_CHARS = 100_000
#: JSON or TOML nested deeper than this is not something this app wrote.
MAX_DEPTH = 64

#: C0 and C1 controls but tab and line breaks (ESC redraws a terminal, NUL cuts C strings),
#: bidirectional overrides and isolates (U+202E shows text reversed: a name that lies about
#: itself), and lone surrogates (no UTF-8 form: they cannot be stored).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_LINE_BREAK = re.compile("[\n\r\u2028\u2029\x85]")


def text_problem(
    value: object, *, one_line: bool = True, limit: int = MAX_NAME_CHARS
) -> str | None:
    """Why `value` is not acceptable text (a string, at most `limit` characters, no control
    characters, one line unless `one_line` is False), or None."""
    if not isinstance(value, str):
        return f"expected a string, got {kind_of(value)}"
    if len(value) > limit:
        return f"is too long ({len(value):,} characters; at most {limit:,})"
    found = _FORBIDDEN.search(value)
    if found and "\ud800" <= found.group() <= "\udfff":
        code = ord(found.group())
        return f"holds a character that is not valid text (a lone surrogate, U+{code:04X})"
    if found:
        return f"holds control characters (the first is U+{ord(found.group()):04X})"
    if one_line and _LINE_BREAK.search(value):
        return "holds a line break (it must be one line)"
    return None


def date_problem(value: date) -> str | None:
    """Why `value` is out of the years the app accepts, or None."""
    if EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return None
    return f"{value.isoformat()} is out of range (years {EARLIEST_YEAR} to {LATEST_YEAR})"


def kind_of(value: object) -> str:
    """A value's JSON-ish kind, for messages that must not quote the value itself."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class UntrustedJsonError(ValueError):
    """Decoded text that is not JSON this app accepts (NaN, too deep, not JSON at all)."""


def _no_constant(name: str) -> object:
    raise UntrustedJsonError(f"{name} is not a number JSON allows")


def load_json(text: str | bytes) -> object:
    """Decode JSON strictly: no NaN or Infinity (Python's json accepts them), nothing nested
    deeper than `MAX_DEPTH` (a deep file would otherwise end in RecursionError)."""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise UntrustedJsonError(
            f"it is nested too deeply (more than {MAX_DEPTH} levels)"
        ) from None
    except UnicodeDecodeError:
        raise UntrustedJsonError("it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise UntrustedJsonError(str(error)) from None
    problem = depth_problem(value)
    if problem:
        raise UntrustedJsonError(problem)
    return value


def depth_problem(value: object, limit: int = MAX_DEPTH) -> str | None:
    """Why decoded `value` is nested too deeply, or None (walked without recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        if depth > limit:
            return f"it is nested too deeply (more than {limit} levels)"
        stack.extend((child, depth + 1) for child in children)
    return None


def load_toml(text: str) -> dict[str, object]:
    """Decode TOML, refusing nesting deeper than `MAX_DEPTH` as a `TOMLDecodeError` (the
    parser itself would end in RecursionError)."""
    try:
        value = tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(
            f"it is nested too deeply (more than {MAX_DEPTH} levels)"
        ) from None
    problem = depth_problem(value)
    if problem:
        raise tomllib.TOMLDecodeError(problem)
    return value
