"""Load, validate and install risk forms (TOML; format in resources/risk-forms/README.md).

A service adds the form it is licensed to use as a file (Settings -> Risk forms -> Add...);
validation lists every problem, one line each, because the person adding it has no developer
to ask. Installed forms are kept one file per version, so an assessment taken on an older
version is still read on the form it was taken on.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from vcop_desktop.domain.risk import BAND_NAMES, Band, Question, RiskForm, RiskForms
from vcop_desktop.errors import UserError
from vcop_desktop.paths import resources_dir

_FORM_KEYS = {"id", "title", "version", "high_at", "questions", "bands"}
_QUESTION_KEYS = {"id", "text", "weight"}
_FORM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_MAX_QUESTIONS = 200  # the scenario parser's limit on answers
_MAX_WEIGHT = 100
#: The folder inside an organisation's rule pack folder where its own forms are kept.
FORMS_SUBFOLDER = "risk-forms"


class RiskFormError(UserError):
    """A risk form file is broken: one line per problem, each naming the file."""

    def __init__(self, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        super().__init__("\n".join(f"risk form {origin}: {p}" for p in self.problems))


def bundled_forms_dir() -> Path:
    """resources/risk-forms, found as resources/rules is (inside the bundle when frozen)."""
    return resources_dir() / "risk-forms"


def organisation_forms_dir(rules_dir: Path) -> Path:
    """Where an organisation's own forms live: beside its rule packs."""
    return rules_dir / FORMS_SUBFOLDER


def read_form(path: Path) -> RiskForm:
    """Read and validate one form file, or raise `RiskFormError` listing every problem."""
    origin = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RiskFormError(origin, [f"cannot be read ({error.strerror})"]) from None
    except UnicodeDecodeError:
        raise RiskFormError(origin, ["is not UTF-8 text"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RiskFormError(origin, [f"is not valid TOML: {error}"]) from None
    return parse_form(data, origin)


def parse_form(data: Mapping[str, Any], origin: str) -> RiskForm:
    """Validate decoded TOML as a form."""
    problems: list[str] = []
    unknown = sorted(set(data) - _FORM_KEYS)
    if unknown:
        problems.append(f"unknown key(s): {', '.join(unknown)}")
    form_id = data.get("id")
    if not isinstance(form_id, str) or not _FORM_ID.fullmatch(form_id):
        problems.append("id must be lower-case letters, digits and hyphens (e.g. 'my-form-v1')")
        form_id = ""
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append("missing a text 'title'")
        title = ""
    version = _number(data.get("version"), 1)
    if version is None:
        problems.append("version must be a whole number of at least 1")
    questions = _questions(data.get("questions"), problems)
    total = sum(q.weight for q in questions)
    high_at = _number(data.get("high_at"), 1)
    if high_at is None:
        problems.append("high_at must be a whole number of at least 1")
    elif questions and high_at > total:
        problems.append(
            f"high_at {high_at} can never be reached: the questions' weights add up to {total}"
        )
    bands = _bands(data.get("bands"), problems)
    if problems or version is None or high_at is None:
        raise RiskFormError(origin, problems)
    return RiskForm(
        id=str(form_id),
        title=str(title).strip(),
        version=version,
        questions=questions,
        high_at=high_at,
        bands=bands,
        origin=origin,
    )


def _number(value: object, minimum: int) -> int | None:
    return value if isinstance(value, int) and _whole(value, minimum) else None


def _whole(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _questions(raw: object, problems: list[str]) -> tuple[Question, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append("needs a non-empty list of [[questions]]")
        return ()
    if len(raw) > _MAX_QUESTIONS:
        problems.append(f"has more than {_MAX_QUESTIONS} questions")
    out: list[Question] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        where = f"question {number}"
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: must be a table with id and text")
            continue
        unknown = sorted(set(entry) - _QUESTION_KEYS)
        if unknown:
            problems.append(f"{where}: unknown key(s): {', '.join(unknown)}")
        qid = entry.get("id")
        if not isinstance(qid, str) or not _QUESTION_ID.fullmatch(qid):
            problems.append(f"{where}: id must be lower-case letters, digits and underscores")
            continue
        where = f"question {number} ({qid})"
        if qid in seen:
            problems.append(f"{where}: the id is used twice")
        seen.add(qid)
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: missing a text 'text'")
            text = ""
        weight = entry.get("weight", 1)
        if not _whole(weight, 1) or weight > _MAX_WEIGHT:
            problems.append(f"{where}: weight must be a whole number from 1 to {_MAX_WEIGHT}")
            weight = 1
        out.append(Question(qid, " ".join(str(text).split()), int(weight)))
    return tuple(out)


def _bands(raw: object, problems: list[str]) -> tuple[Band, ...]:
    """`[bands]` standard/medium/high = [low, high] (both included), in that order, apart."""
    if raw is None:
        return ()
    if not isinstance(raw, Mapping) or not raw:
        problems.append("bands must be a table such as { standard = [0, 9], high = [14, 27] }")
        return ()
    unknown = sorted(set(raw) - set(BAND_NAMES))
    if unknown:
        problems.append(f"bands: unknown band(s) {', '.join(unknown)} (use standard, medium, high)")
    out: list[Band] = []
    for name in BAND_NAMES:
        span = raw.get(name)
        if span is None:
            continue
        if (
            not isinstance(span, list)
            or len(span) != 2
            or not all(_whole(v, 0) for v in span)
            or span[0] > span[1]
        ):
            problems.append(f"bands: {name} must be [lowest, highest] scores, lowest first")
            continue
        band = Band(name, int(span[0]), int(span[1]))
        if out and band.low <= out[-1].high:
            problems.append(
                f"bands: {name} ({band.low}-{band.high}) overlaps or comes before "
                f"{out[-1].name} ({out[-1].low}-{out[-1].high})"
            )
            continue
        out.append(band)
    return tuple(out)


def read_forms(folder: Path) -> list[RiskForm]:
    """Every `*.toml` form in a folder (none when it does not exist)."""
    if not folder.is_dir():
        return []
    return [read_form(path) for path in sorted(folder.glob("*.toml"))]


def load_forms(extra_dirs: Iterable[Path] = (), *, bundled: bool = True) -> RiskForms:
    """The bundled forms and those in `extra_dirs`. Two files with one id and version must
    hold the same form (a copy is harmless; two different forms under one name are not)."""
    found: list[RiskForm] = read_forms(bundled_forms_dir()) if bundled else []
    for folder in extra_dirs:
        found.extend(read_forms(folder))
    chosen: dict[tuple[str, int], RiskForm] = {}
    for form in found:
        held = chosen.setdefault((form.id, form.version), form)
        if not held.same_content(form):
            raise RiskFormError(
                form.origin,
                [f"{form.id} version {form.version} differs from the one in {held.origin}"],
            )
    return RiskForms.of(chosen.values())


@lru_cache(maxsize=1)
def default_forms() -> RiskForms:
    """The bundled forms, loaded once per process."""
    return load_forms()


def install_form(source: Path, folder: Path, known: RiskForms | None = None) -> RiskForm:
    """Validate a service's form file and copy it into `folder` (created if needed).

    Refused, with one line per problem: a broken file; an id and version already held with
    different content; a version older than one already held (a newer version is installed
    beside the old, which old assessments keep). Installing the same form again changes
    nothing. `known` defaults to the bundled forms and those already in `folder`.
    """
    form = read_form(source)
    held = known if known is not None else load_forms([folder])
    same = held.get(form.id, form.version)
    if same is not None and same.version == form.version:
        if same.same_content(form):
            return same
        raise RiskFormError(
            source.name,
            [
                f"{form.id} version {form.version} is already installed with different "
                "content; give this file a higher version"
            ],
        )
    newest = held.get(form.id)
    if newest is not None and newest.version > form.version:
        raise RiskFormError(
            source.name,
            [f"{form.id} version {newest.version} is already installed; this file is older"],
        )
    folder.mkdir(parents=True, exist_ok=True)
    from vcop_desktop.storage.fileops import atomic_write  # stdlib only: the one way to write

    atomic_write(folder / f"{form.id}.v{form.version}.toml", source.read_bytes())
    return form
