"""Anonymised extracts: obligation rows a manager can merge across workspaces, no server.

An extract holds, for each obligation, its agency, police force, duty, Right, kind, dates,
status, the case's flags and enhanced rights, whether a reason is on record, and (from format
2) the case's equality-monitoring categories as codes (under 18 at the offence, and with the
victim's consent the age band and protected characteristics; `domain.equality`); cases are
told apart only by a random key made for this extract (so two extracts of one workspace
cannot be linked case by case). No names, crime references, dates of birth, case codes or
ids. No events either: the advocate's own records (contacts, risk answers, sharing without
consent) never leave the workspace this way, and the service's own `advocate.*` standards are
left out, since an extract is counted into Code compliance figures and they are not the Code.
It carries a random extract id, so merging the same extract twice is refused, and a
SHA-256 of its content, so a damaged or edited file is refused (a checksum, not a
signature: it catches damage and careless edits, not a determined forger).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vcop_desktop import __version__
from vcop_desktop.domain import equality
from vcop_desktop.domain.equality import BREAKDOWNS, NO_EQUALITY, Equality
from vcop_desktop.domain.report_facts import KIND_BY_WORD, KIND_WORDS, ObligationFact
from vcop_desktop.errors import UserError

FORMAT = "vcop-desktop-report-extract"
VERSION = 2  # 2: the equality categories (`_EQUALITY_FIELDS`); 1 is still read
#: Who owes the service's own standards (`advocate.*`, statutory false).
ADVOCATE = "advocate"
_STATUSES = frozenset({"open", "overdue", "met", "met_late", "waived", "not_applicable"})
_V1_FIELDS: tuple[str, ...] = (
    "case",
    "duty",
    "owed_by",
    "right",
    "kind",
    "due",
    "clock_start",
    "status",
    "met_on",
    "force",
    "enhanced",
    "flags",
    "reason_given",
)
#: Format 2's columns after `_V1_FIELDS`: `Equality` in order (codes, never labels or dates).
_EQUALITY_FIELDS = BREAKDOWNS
_FIELDS = (*_V1_FIELDS, *_EQUALITY_FIELDS)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _checksum(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def make_extract(
    facts: Sequence[ObligationFact],
    *,
    made_on: date,
    start: date | None,
    end: date | None,
    packs: Sequence[str],
) -> bytes:
    """The extract's bytes (JSON). Case keys are fresh random values, one per case."""
    keys: dict[str, str] = {}
    rows = []
    for fact in facts:
        if fact.owed_by == ADVOCATE:
            continue  # a service standard, never a Code compliance figure (protection.md)
        key = keys.get(fact.case_key)
        if key is None:
            key = keys[fact.case_key] = secrets.token_hex(8)
        rows.append(
            [
                key,
                fact.duty,
                fact.owed_by,
                fact.right,
                KIND_WORDS[fact.kind],
                _iso(fact.due),
                _iso(fact.clock_start),
                fact.status,
                _iso(fact.met_on),
                fact.force,
                fact.enhanced,
                list(fact.flags),
                fact.reason_given,
                *fact.equality,
            ]
        )
    body: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "extract_id": secrets.token_hex(16),
        "made_on": made_on.isoformat(),
        "made_by_app": __version__,
        "period": {"from": _iso(start), "to": _iso(end)},
        "packs": list(packs),
        "fields": list(_FIELDS),
        "rows": rows,
    }
    document = {**body, "sha256": _checksum(body)}
    return (json.dumps(document, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True, slots=True)
class Extract:
    extract_id: str
    checksum: str
    made_on: str
    packs: tuple[str, ...]
    facts: tuple[ObligationFact, ...]


def _bad(name: str, why: str) -> UserError:
    return UserError(f"{name}: not a usable report extract ({why}); nothing was written.")


def _day(value: object, name: str, row: int) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad(name, f"row {row} has a date that is not text")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _bad(name, f"row {row} has a bad date {value!r}") from None


def _equality(values: list[object], name: str, number: int) -> Equality:
    """A row's categories, each a known code or null: anything else (a name, a date) is
    refused, so an edited extract cannot carry what the app never writes."""
    if not values:
        return NO_EQUALITY  # format 1: not recorded
    under, band, *recorded = values
    bands = {b.code for b in equality.age_bands()}
    if under is not None and not isinstance(under, bool):
        raise _bad(name, f"row {number} has a bad under-18 value")
    if band is not None and band not in bands:
        raise _bad(name, f"row {number} has an unknown age band")
    for field, code in zip(equality.RECORDED, recorded, strict=True):
        if code is not None and (not isinstance(code, str) or equality.problem(field, code)):
            raise _bad(name, f"row {number} has an unknown {field.replace('_', ' ')}")
    return Equality(under, band, *recorded)  # type: ignore[arg-type]


def _row(raw: object, name: str, number: int, prefix: str, width: int) -> ObligationFact:
    if not isinstance(raw, list) or len(raw) != width:
        raise _bad(name, f"row {number} has the wrong shape")
    key, duty, owed_by, right, kind, due, start, status, met, force, enhanced, flags, why = raw[
        : len(_V1_FIELDS)
    ]
    if not (isinstance(key, str) and isinstance(duty, str) and isinstance(owed_by, str)):
        raise _bad(name, f"row {number} lacks its case key, duty or agency")
    if right is not None and (isinstance(right, bool) or not isinstance(right, int)):
        raise _bad(name, f"row {number} has a bad Right")
    if owed_by == ADVOCATE:
        raise _bad(name, f"row {number} is a service standard, not a Code obligation")
    if kind not in KIND_BY_WORD or status not in _STATUSES:
        raise _bad(name, f"row {number} has an unknown kind or status")
    if force is not None and not isinstance(force, str):
        raise _bad(name, f"row {number} has a bad police force")
    if not isinstance(enhanced, bool) or not isinstance(why, bool):
        raise _bad(name, f"row {number} has a bad yes/no value")
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise _bad(name, f"row {number} has bad flags")
    return ObligationFact(
        case_key=f"{prefix}:{key}",
        duty=duty,
        owed_by=owed_by,
        right=right,
        kind=KIND_BY_WORD[kind],
        due=_day(due, name, number),
        clock_start=_day(start, name, number),
        status=status,
        met_on=_day(met, name, number),
        force=force,
        enhanced=enhanced,
        flags=tuple(flags),
        reason_given=why,
        equality=_equality(raw[len(_V1_FIELDS) :], name, number),
    )


def read_extract(path: Path, prefix: str = "x") -> Extract:
    """Read and check one extract; anything wrong is one `UserError` line."""
    name = path.name
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise UserError(f"{name}: no such file; nothing was written.") from None
    except OSError as error:
        raise UserError(
            f"{name}: cannot be read ({error.strerror}); nothing was written."
        ) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad(name, "it is not JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(name, "it is not a VCOP Desktop report extract")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _bad(name, "it has no format version")
    if version > VERSION:
        raise UserError(
            f"{name}: made by a newer version of VCOP Desktop (extract format {version}; this "
            f"app reads up to {VERSION}); update the app. Nothing was written."
        )
    stated = data.pop("sha256", None)
    if not isinstance(stated, str) or stated != _checksum(data):
        raise _bad(name, "it is damaged or was edited: its checksum does not match")
    extract_id = data.get("extract_id")
    if not isinstance(extract_id, str) or not extract_id:
        raise _bad(name, "it has no extract id")
    rows = data.get("rows")
    packs = data.get("packs", [])
    if not isinstance(rows, list) or not isinstance(packs, list):
        raise _bad(name, "it has no rows")
    fields = list(_FIELDS if version >= 2 else _V1_FIELDS)
    if data.get("fields") != fields:
        raise _bad(name, "its columns are not the ones this app writes")
    facts = tuple(_row(raw, name, n, prefix, len(fields)) for n, raw in enumerate(rows, start=1))
    return Extract(
        extract_id=extract_id,
        checksum=stated,
        made_on=str(data.get("made_on", "")),
        packs=tuple(str(p) for p in packs),
        facts=facts,
    )


def merge_extracts(paths: Sequence[Path]) -> tuple[list[ObligationFact], list[str]]:
    """Every row of every extract, refusing an extract given twice (same id or content)."""
    if not paths:
        raise UserError("--merge needs at least one extract file.")
    seen: dict[str, str] = {}
    facts: list[ObligationFact] = []
    packs: list[str] = []
    for number, path in enumerate(paths, start=1):
        extract = read_extract(path, prefix=f"x{number}")
        for token in (extract.extract_id, extract.checksum):
            if token in seen:
                raise UserError(
                    f"{path.name}: the same extract as {seen[token]}; merging it twice would "
                    "count its cases twice. Nothing was written."
                )
        seen[extract.extract_id] = seen[extract.checksum] = path.name
        facts.extend(extract.facts)
        packs.extend(p for p in extract.packs if p not in packs)
    return facts, packs
