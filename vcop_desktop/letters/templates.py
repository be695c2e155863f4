"""Letter templates: Jinja2 files rendered in a sandbox, with organisation overrides.

Templates are data an organisation may edit, so they run in `SandboxedEnvironment` (no access to
Python internals) with `StrictUndefined` (a misspelt name is an error, not a silent blank). A
folder of the organisation's own templates is searched before the bundled ones, so a file there
with a bundled name overrides it and a new name adds a template.

Escaping. Templates produce the letter text format (`markup.py`), not reportlab markup: that is
what the advocate edits, and every character of it, typed or templated, is escaped for reportlab
in one place (`pdf.py`), so "O'Brien & Sons <x>" always prints literally. Jinja's `autoescape`
would instead put `&amp;` in front of the advocate. What a value could still break here is the
text format's own structure (a newline in a name starting a heading line or a bullet), so
`build_facts` puts every record value on one line; `finalize` prints `Missing` as its gap
marker and dates in words, and refuses `None` so a template cannot print "None" into a letter.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from vcop_desktop.errors import UserError
from vcop_desktop.letters.facts import Missing
from vcop_desktop.letters.words import long_date
from vcop_desktop.paths import resources_dir

TEMPLATE_SUFFIX = ".txt.j2"


def bundled_templates_dir() -> Path:
    return resources_dir() / "letters"


def _finalize(value: object) -> object:
    if value is None:
        raise jinja2.TemplateRuntimeError(
            "prints a value the case record does not have (None); test it with {% if %} first"
        )
    if isinstance(value, Missing):
        return str(value)
    if isinstance(value, date):
        return long_date(value)
    return value


def _long_date(value: object) -> str:
    if isinstance(value, date):
        return long_date(value)
    return str(value)


def _capfirst(value: object) -> str:
    text = str(value)
    return text[:1].upper() + text[1:]


def _is_missing(value: object) -> bool:
    return isinstance(value, Missing)


def make_environment(override_dir: Path | None = None) -> SandboxedEnvironment:
    """The sandboxed environment: the organisation's folder first, then the bundled templates."""
    search = [str(p) for p in (override_dir, bundled_templates_dir()) if p is not None]
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search, encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["long_date"] = _long_date
    env.filters["capfirst"] = _capfirst
    env.tests["missing"] = _is_missing
    return env


def render_template(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any fault in it becomes a `UserError` naming the file and line."""
    try:
        template = env.get_template(name)
        return template.render(context)
    except jinja2.TemplateNotFound as error:
        missing = error.name or name
        raise UserError(
            f"letter template {missing} not found (looked in the organisation's letters folder "
            "and the bundled templates)"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        where = _short(error.filename) or error.name or name
        raise UserError(f"letter template {where}, line {error.lineno}: {error.message}") from None
    except Exception as error:  # a template is data: any failure in it is the template's fault
        frame, line = _template_frame(error.__traceback__)
        place = f"letter template {frame or name}" + (f", line {line}" if line else "")
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        raise UserError(f"{place}: {message}") from None


def _template_frame(tb: types.TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost traceback frame that is a template line (Jinja rewrites them so)."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIX):
            found = (_short(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _short(filename: str | None) -> str | None:
    """A bundled template by its name; an organisation's by its full path, to find and fix it."""
    if not filename:
        return None
    path = Path(filename)
    return path.name if path.parent == bundled_templates_dir() else str(path)
