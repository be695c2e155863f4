"""Load rule packs and check them against each other (format: resources/rules/README.md).

Each file is parsed by `pack_parser.parse_pack`; here the bundled packs, an organisation's packs
and installed law updates are put together into one `RuleBook`, whose problems (a duty in two
series, two packs of a series starting on one day...) name the file, as the parser's do.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from vcop_desktop.domain.risk import RiskForms
from vcop_desktop.domain.rules import RuleBook, RulePack
from vcop_desktop.paths import resources_dir
from vcop_desktop.rules.pack_parser import PackError, parse_pack
from vcop_desktop.rules.standards import FIGURES_FILE, apply_figures, figures_in


def bundled_rules_dir() -> Path:
    return resources_dir() / "rules"


def load_rulebook(
    extra_dirs: Sequence[Path] = (),
    *,
    bundled: bool = True,
    installed: Sequence[RulePack] = (),
    apply_org_figures: bool = True,
) -> RuleBook:
    """The bundled packs plus every `*.toml` pack in `extra_dirs`, validated together.

    `installed` are packs from signed law updates (`rules.update`): each replaces the bundled
    pack of the same id when its version is newer, or is added (a new Code, say). An
    organisation's figures for its service standards (`service-standards.toml` in a folder of
    `extra_dirs`: `rules.standards`) replace the defaults. The risk forms are the bundled ones
    and those in each folder's `risk-forms` subfolder."""
    from vcop_desktop.rules.risk_forms import load_forms, organisation_forms_dir

    files: list[Path] = []
    if bundled:
        files.extend(sorted(bundled_rules_dir().glob("*.toml")))
    for folder in extra_dirs:
        if not folder.is_dir():
            raise PackError(str(folder), None, "the rule pack folder does not exist")
        files.extend(sorted(p for p in folder.glob("*.toml") if p.name != FIGURES_FILE))
    packs = with_updates([load_pack(path) for path in files], installed)
    if apply_org_figures:
        figures, origin = figures_in(extra_dirs)
        packs = apply_figures(packs, figures, origin)
    forms = load_forms([organisation_forms_dir(folder) for folder in extra_dirs], bundled=bundled)
    return build_rulebook(packs, forms)


def with_updates(packs: Sequence[RulePack], updates: Iterable[RulePack]) -> list[RulePack]:
    """`packs` with each update's pack replacing the pack of its id when its version is newer
    (an older one is ignored: the app may bundle a newer revision), or added (a new Code)."""
    out = list(packs)
    for new in updates:
        index = next((i for i, held in enumerate(out) if held.id == new.id), None)
        if index is None:
            out.append(new)
        elif new.version > out[index].version:
            out[index] = new
    return out


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    """The bundled packs, loaded once per process."""
    return load_rulebook()


def build_rulebook(packs: Iterable[RulePack], forms: RiskForms | None = None) -> RuleBook:
    """Check packs against each other: unique ids, no two packs of a series starting on the same
    day, no duty defined in two series, and `told_by` naming duties that exist. `forms`: the
    risk forms (default: the bundled ones)."""
    packs = tuple(packs)
    seen_ids: dict[str, str] = {}
    series_starts: dict[tuple[str, date], str] = {}
    duty_series: dict[str, str] = {}
    for pack in packs:
        if pack.id in seen_ids:
            raise PackError(pack.origin, None, f"pack id {pack.id!r} is also used by "
                            f"{seen_ids[pack.id]}")  # fmt: skip
        seen_ids[pack.id] = pack.origin
        start_key = (pack.series, pack.in_force_from)
        if start_key in series_starts:
            raise PackError(
                pack.origin, None,
                f"series {pack.series!r} already has a pack in force from "
                f"{pack.in_force_from.isoformat()} ({series_starts[start_key]})",
            )  # fmt: skip
        series_starts[start_key] = pack.origin
        for rule in pack.rules:
            other = duty_series.setdefault(rule.id, pack.series)
            if other != pack.series:
                raise PackError(
                    pack.origin, rule.id,
                    f"this duty id is already defined by series {other!r}; "
                    "an organisation pack must use its own ids",
                )  # fmt: skip
    all_ids = {rule.id for pack in packs for rule in pack.rules}
    pending_ids: dict[str, str] = {}
    for pack in packs:
        for change in pack.pending:
            if change.id in pending_ids:
                raise PackError(pack.origin, change.id, f"pending change id is also used by "
                                f"{pending_ids[change.id]}")  # fmt: skip
            pending_ids[change.id] = pack.origin
            unknown = sorted(change.touches - all_ids)
            if unknown:
                raise PackError(pack.origin, change.id, f"touches unknown duty {unknown[0]!r}")
    for pack in packs:
        for rule in pack.rules:
            for duty in rule.told_by:
                if duty not in all_ids:
                    raise PackError(pack.origin, rule.id, f"told_by names unknown duty {duty!r}")
    if forms is None:
        from vcop_desktop.rules.risk_forms import default_forms

        forms = default_forms()
    return RuleBook(packs=packs, forms=forms)


def load_pack(path: Path) -> RulePack:
    """Read and validate one pack file."""
    origin = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PackError(origin, None, f"cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise PackError(origin, None, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise PackError(origin, None, f"is not valid TOML: {error}") from None
    return parse_pack(data, origin)
