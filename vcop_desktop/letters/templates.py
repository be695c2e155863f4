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

Limits. A template is data from a folder anyone with the workspace can write (or a restored
backup), so it must not hang the app or fill its memory: rendering runs on its own thread with a
time limit (an over-long run is stopped inside the template, so the error names its line), the
text it makes is capped, and `*`, `**` and `%` refuse results past the cap before making them
(the sandbox already caps `range`). The organisation's folder is read without following links: a
linked template could print any file the user can read into a letter.
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
import types
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from vcop_desktop.errors import UserError
from vcop_desktop.input_files import read_own_file
from vcop_desktop.letters.facts import Missing
from vcop_desktop.letters.words import long_date
from vcop_desktop.paths import resources_dir

TEMPLATE_SUFFIX = ".txt.j2"
#: A letter is a few pages: a template that runs longer, or writes more, is broken or hostile.
TIME_LIMIT_SECONDS = 5.0
MAX_OUTPUT_CHARS = 1_000_000
#: The largest number a template may pass to a filter or method (a width, a count).
_MAX_ARGUMENT = 10_000
#: A printf or format-spec width of six digits or more ("%500000000s", "{:>500000000}").
_BIG_WIDTH = re.compile(r"%[-#0 +]*\d{6,}|\{[^{}]*:[^{}]*\d{6,}")


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


class TemplateLimitError(Exception):
    """A template went past a limit (time, size); raised inside the template where possible."""


class _BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with `*`, `**` and `%` and every call checked against the size limits."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | bytes | list | tuple)
                    and isinstance(count, int)
                    and len(seq) * count > MAX_OUTPUT_CHARS
                ):
                    raise TemplateLimitError(
                        f"repeating a text or list {count} times is past the letter size limit"
                    )
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise TemplateLimitError(f"a power of {right} is past the limit")
        elif operator == "%" and isinstance(left, str) and _BIG_WIDTH.search(left):
            raise TemplateLimitError("a format width is past the letter size limit")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_arguments(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and _BIG_WIDTH.search(owner):
            raise TemplateLimitError("a format width is past the letter size limit")
        return super().wrap_str_format(value)


def _check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """No call gets a number larger than the sandbox's own `range` cap ("x".ljust(10**9))."""
    for value in (*args, *kwargs.values()):
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and abs(value) > jinja2.sandbox.MAX_RANGE
        ):
            raise TemplateLimitError(
                f"the number {value} is past the limit ({jinja2.sandbox.MAX_RANGE})"
            )


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose numeric arguments (a width for `center`, `indent`...) are capped."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > _MAX_ARGUMENT:
                raise TemplateLimitError(f"the number {value} is past the limit ({_MAX_ARGUMENT})")
            if isinstance(value, str) and _BIG_WIDTH.search(value):
                raise TemplateLimitError("a format width is past the letter size limit")
        return function(*args, **kwargs)

    for marker in ("jinja_pass_arg",):  # keep Jinja's pass_context/pass_environment marks
        if hasattr(function, marker):
            setattr(bounded, marker, getattr(function, marker))
    return bounded


class _OrganisationLoader(jinja2.BaseLoader):
    """The organisation's folder (never through a link), then the bundled templates; it notes
    which names came from the organisation's folder, so the letter dialog can say so."""

    def __init__(self, override_dir: Path | None) -> None:
        self.override_dir = override_dir
        self.bundled = jinja2.FileSystemLoader(str(bundled_templates_dir()), encoding="utf-8")
        self.overridden: list[str] = []

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if self.override_dir is not None:
            found = _read_own_template(self.override_dir, template)
            if found is not None:
                if template not in self.overridden:
                    self.overridden.append(template)
                return found, str(self.override_dir / template), lambda: False
        return self.bundled.get_source(environment, template)


def _read_own_template(folder: Path, template: str) -> str | None:
    """The organisation's template `template`, or None if it has none; a link is refused."""
    parts = jinja2.loaders.split_template_path(template)
    try:
        data = read_own_file(folder, "/".join(parts), MAX_OUTPUT_CHARS)
    except UserError as error:
        raise jinja2.TemplateRuntimeError(str(error)) from None
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise jinja2.TemplateRuntimeError(f"{folder.joinpath(*parts)} is not UTF-8 text") from None


def make_environment(override_dir: Path | None = None) -> SandboxedEnvironment:
    """The sandboxed environment: the organisation's folder first, then the bundled templates."""
    env = _BoundedEnvironment(
        loader=_OrganisationLoader(override_dir),
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
    for name in ("center", "indent", "truncate", "wordwrap", "batch", "slice", "format"):
        env.filters[name] = _bounded_filter(env.filters[name])
    env.globals.pop("lipsum", None)  # filler text on demand: no use in a letter, a size risk
    env.tests["missing"] = _is_missing
    return env


def overridden_templates(env: SandboxedEnvironment) -> tuple[str, ...]:
    """The templates that came from the organisation's folder in this environment's renders."""
    loader = env.loader
    return tuple(loader.overridden) if isinstance(loader, _OrganisationLoader) else ()


def render_template(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any fault in it becomes a `UserError` naming the file and line."""
    try:
        template = env.get_template(name)
        return _render_bounded(template, context)
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
        frame, line = getattr(error, "where", None) or _template_frame(error.__traceback__)
        place = f"letter template {frame or name}" + (f", line {line}" if line else "")
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        raise UserError(f"{place}: {message}") from None


def _render_bounded(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """Render on a worker thread; past the time limit, stop it where it is (an exception raised
    into that thread lands on the template line it is running, which the error then names)."""
    result: list[str] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            size = 0
            parts: list[str] = []
            stream = template.generate(context)
            for part in stream:
                size += len(part)
                if size > MAX_OUTPUT_CHARS:
                    error = TemplateLimitError(
                        f"it writes more than {MAX_OUTPUT_CHARS:,} characters, far more than a "
                        "letter"
                    )
                    error.where = _suspended_line(stream)  # type: ignore[attr-defined]
                    raise error
                parts.append(part)
            result.append("".join(parts))
        except BaseException as error:  # handed to the caller's thread
            failure.append(error)

    worker = threading.Thread(target=work, name="letter-template", daemon=True)
    worker.start()
    worker.join(TIME_LIMIT_SECONDS)
    if worker.is_alive() and worker.ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(worker.ident), ctypes.py_object(_TemplateTimeoutError)
        )
        deadline = time.monotonic() + 2.0
        while worker.is_alive() and time.monotonic() < deadline:
            worker.join(0.05)
        if worker.is_alive():  # stuck inside one C call: give up on it, say so
            raise TemplateLimitError(
                f"it ran for more than {TIME_LIMIT_SECONDS:g} seconds and was stopped"
            )
    if failure:
        error = failure[0]
        if isinstance(error, _TemplateTimeoutError):
            raise TemplateLimitError(
                f"it ran for more than {TIME_LIMIT_SECONDS:g} seconds and was stopped"
            ).with_traceback(error.__traceback__)
        raise error
    return result[0]


def _suspended_line(stream: Any) -> tuple[str | None, int | None]:
    """The template line where a paused render stream stands (its innermost template frame)."""
    found: tuple[str | None, int | None] = (None, None)
    while stream is not None:
        frame = getattr(stream, "gi_frame", None)
        if frame is not None and frame.f_code.co_filename.endswith(TEMPLATE_SUFFIX):
            lines = [
                tuple(int(n) for n in pair.split("="))
                for pair in str(frame.f_globals.get("debug_info", "")).split("&")
                if "=" in pair
            ]
            line = next((t for t, c in reversed(lines) if c <= frame.f_lineno), None)
            found = (_short(frame.f_code.co_filename), line)
        stream = getattr(stream, "gi_yieldfrom", None)
    return found


class _TemplateTimeoutError(Exception):
    """Raised into a template's thread when it runs past the time limit."""


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
