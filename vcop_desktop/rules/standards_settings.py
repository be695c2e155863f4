"""The service standards as a Settings page shows and changes them: each with its figures as
they stand and their defaults, read from the rule packs; written as the organisation's figures
file (`standards.FIGURES_FILE`) in its rule pack folder.

Apart from `standards.py` because it loads whole rule books (`loader.py`), which themselves
apply an organisation's figures through `standards.py`.
"""

from __future__ import annotations

from pathlib import Path

from vcop_desktop.rules.loader import load_rulebook
from vcop_desktop.rules.standards import (
    FIGURES_FILE,
    Figure,
    Figures,
    ServiceStandard,
    check_figures,
    figures_of,
    is_own_standard,
    parse_figures,
)
from vcop_desktop.storage.fileops import atomic_write  # stdlib only: the one way to write


def read_standards(rules_dir: Path | None = None) -> tuple[ServiceStandard, ...]:
    """The service standards as they stand: each with its figures (current and default).
    `rules_dir` is the organisation's rule pack folder (None, or a folder not made yet: the
    defaults; `write_standards` makes it)."""
    defaults = {r.id: r for p in load_rulebook(apply_org_figures=False).packs for r in p.rules}
    current = load_rulebook([rules_dir] if rules_dir is not None and rules_dir.is_dir() else [])
    out: list[ServiceStandard] = []
    for pack in current.packs:
        for rule in pack.rules:
            if not is_own_standard(rule):
                continue
            base = figures_of(defaults.get(rule.id, rule))
            figures = tuple(
                Figure(name, label, unit, amount, base.get(name, (amount, unit, label))[0])
                for name, (amount, unit, label) in figures_of(rule).items()
            )
            out.append(ServiceStandard(rule.id, rule.what, figures, rule.source))
    return tuple(out)


def write_standards(rules_dir: Path, figures: Figures) -> Path:
    """Check the figures and write the organisation's figures file into `rules_dir`; the
    figures given replace the whole file (a Settings page passes every figure it shows).

    Only figures that differ from the defaults are written; when none do the file is removed
    (every standard is back to "organisation default"). Raises `FiguresError` naming every
    problem; nothing is written then. Returns the file's path.
    """
    standards = {s.id: s for s in read_standards(None)}
    parse_figures({"standards": {k: dict(v) for k, v in figures.items()}}, FIGURES_FILE)
    check_figures(load_rulebook(apply_org_figures=False).packs, figures, FIGURES_FILE)
    lines = [
        "# The organisation's own figures for its service standards (written by Settings).",
        "# Each figure replaces the organisation default; see rules/standards.py.",
    ]
    for duty in sorted(figures):
        defaults = {f.name: f.default for f in standards[duty].figures}
        changed = {n: a for n, a in sorted(figures[duty].items()) if a != defaults.get(n)}
        if changed:
            lines.append(f'\n[standards."{duty}"]')
            lines.extend(f"{name} = {amount}" for name, amount in changed.items())
    path = rules_dir / FIGURES_FILE
    if not any(line.startswith("\n[standards") for line in lines):
        path.unlink(missing_ok=True)
        return path
    rules_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
