#!/usr/bin/env python3
"""Set up and run VCOP Desktop with nothing but Python 3.11+.

    python3 tasks.py start   # make .venv, install, run the app's main job
    python3 tasks.py test    # make .venv, install, lint, type-check and run every test
    python3 tasks.py test --fast  # lint, then the domain, rules, letters and reports tests
    python3 tasks.py mutate [letters/timing.py ...] [--again]  # mutation tests (slow; not in CI)
    python3 tasks.py mutate-fast letters/timing.py[:survived] -- TESTS...  # after `mutate`

The virtual environment lives in .venv (or $VCOP_VENV); it is created once and reused.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VCOP_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"

# mypy is strict on these packages (the others are type-hinted and checked normally).
STRICT = ["vcop_desktop/domain", "vcop_desktop/rules", "vcop_desktop/storage"]
LINTED = ["vcop_desktop", "tests", "benchmarks", "packaging", "tools", "tasks.py"]
# The edit-run loop (`test --fast`): the engine, rules, letters and reports, no Qt and no storage.
FAST_TESTS = ["tests/domain", "tests/rules", "tests/letters", "tests/reports"]


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - the one check users on old Pythons see
        print("VCOP Desktop needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    command = argv[0] if argv else "start"
    ensure_venv()
    if command == "start":
        return run_app(argv[1:])
    if command == "test":
        return run_tests(argv[1:])
    if command == "setup":
        return 0
    if command == "mutate":
        return run_mutate(argv[1:])
    if command == "mutate-fast":
        return run_mutate_fast(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


def ensure_venv() -> None:
    """Create .venv and install the project with its dev tools, once per change of pyproject."""
    if not PYTHON.exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    if STAMP.exists() and STAMP.read_bytes() == pyproject:
        return
    print("Installing VCOP Desktop and its tools (first run only) ...", flush=True)
    check([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    check([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
    STAMP.write_bytes(pyproject)


def run_app(extra: list[str]) -> int:
    """The app's main job: the desktop app, on a demo workspace when there is none yet."""
    args = extra or ["gui", "--demo-if-new"]
    if (not extra or extra[0] == "gui") and not qt_system_libraries_ready():
        return 1
    return subprocess.call([PYTHON, "-m", "vcop_desktop", *args])


# -- the system libraries Qt's X11 platform plugin needs (Linux) --------------------------------

#: Debian/Ubuntu packages for the libraries Qt's xcb plugin needs, where the package name does
#: not follow from the library's (libxcb-icccm.so.4 -> libxcb-icccm4 does: see debian_package).
QT_XCB_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-util.so.0": "libxcb-util0",
}
#: Everything Qt 6's xcb plugin loads beyond a bare system, for the README and the hint line.
QT_XCB_ALL = (
    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-shape0 "
    "libxcb-render-util0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0 "
    "libxcb-render0 libxcb-util1 libxkbcommon-x11-0 libxkbcommon0 libx11-xcb1 libegl1 libgl1 "
    "libfontconfig1 libdbus-1-3"
)


def debian_package(soname: str) -> str:
    """The Debian package that ships a library: libfoo-bar.so.3 -> libfoo-bar3, and
    libxkbcommon-x11.so.0 -> libxkbcommon-x11-0 (a name ending in a digit takes a hyphen)."""
    if soname in QT_XCB_PACKAGES:
        return QT_XCB_PACKAGES[soname]
    stem, _, version = soname.partition(".so.")
    stem = stem.lower()
    return f"{stem}-{version}" if stem[-1:].isdigit() else f"{stem}{version}"


def missing_libraries(binaries: list[Path]) -> list[str]:
    """Libraries `ldd` cannot find for any of `binaries` (sonames, sorted, no repeats)."""
    missing: set[str] = set()
    for binary in binaries:
        if not binary.exists():
            continue
        result = subprocess.run(["ldd", str(binary)], capture_output=True, text=True)
        for line in result.stdout.splitlines():
            name, arrow, where = line.strip().partition("=>")
            if arrow and where.strip() == "not found":
                missing.add(name.strip())
    return sorted(missing)


def qt_xcb_binaries() -> list[Path]:
    """Qt's X11 platform plugin and the library it loads, in the virtual environment's PySide6."""
    found = subprocess.run(
        [PYTHON, "-c", "import PySide6, os; print(os.path.dirname(PySide6.__file__))"],
        capture_output=True, text=True,
    )  # fmt: skip
    qt = Path(found.stdout.strip()) / "Qt"
    return [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]


def qt_system_libraries_ready(binaries: list[Path] | None = None) -> bool:
    """On Linux, install what Qt's window plugin lacks (as root), or say the one line to run.

    Without them Qt aborts with "could not load the Qt platform plugin xcb", which names none
    of them. Elsewhere, with no display server, or with a platform chosen: nothing to check.
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    if shutil.which("ldd") is None:
        return True
    missing = missing_libraries(binaries if binaries is not None else qt_xcb_binaries())
    if not missing:
        return True
    packages = sorted({debian_package(name) for name in missing})
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        print(f"Installing what Qt needs to open a window: {' '.join(packages)} ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.call([apt, "update", "-qq"], env=env)
        subprocess.call([apt, "install", "-y", "-qq", *packages], env=env)
        still = missing_libraries(binaries if binaries is not None else qt_xcb_binaries())
        if not still:
            return True
        print(f"Qt still lacks {', '.join(still)} after apt-get; see its message above.",
              file=sys.stderr)  # fmt: skip
        return False
    if apt:
        print(
            f"Qt cannot open a window: the system lacks {', '.join(missing)}. Install them with\n"
            f"    sudo apt-get install -y {' '.join(packages)}\n"
            "then run `python3 tasks.py start` again.",
            file=sys.stderr,
        )
    else:
        print(
            f"Qt cannot open a window: the system lacks {', '.join(missing)}; install them "
            "with your system's package manager, then run `python3 tasks.py start` again.",
            file=sys.stderr,
        )
    return False


def run_tests(extra: list[str]) -> int:
    """Lint, types and every test (CI); `--fast`: lint and the tests with no Qt or storage.

    The full run spreads the tests over every core and lists its 20 slowest, so a slow one
    is seen the day it is added.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    fast = "--fast" in extra
    extra = [arg for arg in extra if arg != "--fast"]
    steps: list[tuple[str, list[str | Path]]] = [
        ("ruff check", [PYTHON, "-m", "ruff", "check", *present(LINTED)]),
        ("ruff format", [PYTHON, "-m", "ruff", "format", "--check", *present(LINTED)]),
    ]
    if fast:
        steps.append(("pytest (fast)", [PYTHON, "-m", "pytest", *(extra or present(FAST_TESTS))]))
    else:
        steps += [
            ("mypy (strict core)", [PYTHON, "-m", "mypy", *present(STRICT)]),
            ("mypy (app)", [PYTHON, "-m", "mypy", "vcop_desktop"]),
            # On every core (pytest-xdist): each worker its own process, Qt and temp folders.
            ("pytest", [PYTHON, "-m", "pytest", "-n", "auto", "--durations=20", *extra]),
        ]
    for name, command in steps:
        print(f"\n=== {name} ===", flush=True)
        status = subprocess.call(command, cwd=ROOT, env=env)
        if status == 5 and name.startswith("pytest"):
            print("pytest collected no tests: that is a failure, not a pass.", file=sys.stderr)
            return 1
        if status != 0:
            print(f"\n{name} failed (exit status {status}).", file=sys.stderr)
            return status
    print("\nAll checks passed.")
    return 0


def run_mutate(names: list[str]) -> int:
    """Mutation-test the modules [tool.mutmut] in pyproject.toml names, then score each module.

    One worker at the lowest priority: the machine is shared and the run takes a long while.
    Resumable: mutmut keeps each mutant's result in `mutants/` and tests only those not yet
    tested or whose function changed, so a stopped run goes on where it was. `names` narrow it:
    a module's path (`letters/timing.py`, `vcop_desktop/reports/run.py`) or mutmut's own names
    and globs (`vcop_desktop.domain.engine*`). A module's path runs only its mutants not yet
    tested, if some were; `--again` re-tests them all (after adding tests).
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HYPOTHESIS_PROFILE": "mutate"}
    nice = ["nice", "-n", "19"] if os.name != "nt" else []
    again = "--again" in names
    globs: list[str] = []
    for name in (n for n in names if n != "--again"):
        waiting = None if again else unchecked_mutants(name)
        globs += waiting if waiting else [mutant_glob(name)]
    status = subprocess.call(
        [*nice, BIN / "mutmut", "run", "--max-children", "1", *globs], cwd=ROOT, env=env
    )
    results = subprocess.run(
        [BIN / "mutmut", "results", "--all", "true"], cwd=ROOT, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    print()
    print(mutation_scores(results.stdout))
    print("Survivors: `mutmut results`; one diff: `mutmut show NAME`.")
    return status


def run_mutate_fast(args: list[str]) -> int:
    """Re-test a module's mutants (`letters/timing.py`; `letters/timing.py:survived` for those
    not killed last time, or not yet tested) against the tests after `--` only, in one pytest
    session (tools/mutate_fast.py): minutes where `mutate` takes hours, to see what new tests
    kill. Needs the `mutants/` folder a `mutate` run made; its results are printed, not stored.
    A mutant that crashes the interpreter counts as killed, and the run goes on after it."""
    if "--" not in args or args.index("--") in (0, len(args) - 1):
        print("usage: tasks.py mutate-fast MODULE[:survived]... -- TESTS...", file=sys.stderr)
        return 2
    split = args.index("--")
    mutants = ROOT / "mutants"
    if not (mutants / "mutmut-stats.json").is_file():
        print("No mutants yet: run `python3 tasks.py mutate MODULE` first.", file=sys.stderr)
        return 2
    try:
        todo = [name for arg in args[:split] for name in mutant_names(mutants, arg)]
    except (OSError, ValueError, KeyError) as error:
        print(f"No mutants for that module in mutants/ ({error}).", file=sys.stderr)
        return 2
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HYPOTHESIS_PROFILE": "mutate"}
    nice = ["nice", "-n", "19"] if os.name != "nt" else []
    runner = [*nice, str(PYTHON), str(ROOT / "tools" / "mutate_fast.py")]
    while todo:
        proc = subprocess.Popen(
            [*runner, *todo, "--", *args[split + 1 :]], cwd=mutants, env=env,
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stdout is not None
        ready, done = False, 0
        for line in proc.stdout:
            print(line, end="", flush=True)
            ready = ready or line.startswith("ready:")
            done += line.startswith(("killed", "SURVIVED", "NO TESTS"))
        status = proc.wait()
        if not ready:
            return status or 1  # the tests did not even collect: pytest said why
        todo = todo[done:]
        if todo:  # the interpreter died under this mutant
            print(f"killed   {todo[0]}  (crashed the interpreter)", flush=True)
            todo = todo[1:]
    return 0


def mutant_names(mutants: Path, arg: str) -> list[str]:
    """A module's mutants by name, from mutmut's results file (`letters/timing.py`, with
    `:survived` only those it last saw survive or never tested); anything else is one name."""
    path, _, which = arg.partition(":")
    if not path.endswith(".py"):
        return [arg]
    if not path.startswith("vcop_desktop/"):
        path = f"vcop_desktop/{path}"
    meta = json.loads((mutants / f"{path}.meta").read_text(encoding="utf-8"))
    codes: dict[str, int | None] = meta["exit_code_by_key"]
    return [name for name, code in codes.items() if which != "survived" or code in (0, None)]


def mutation_scores(results: str) -> str:
    """A table of mutants per module from `mutmut results --all true` output.

    The score is killed (timeouts count as killed) over all the module's mutants: a mutant with
    "no tests" is one no test looks at, so it counts against the module, not out of it.
    """
    totals: dict[str, dict[str, int]] = {}
    for line in results.splitlines():
        name, _, outcome = line.strip().rpartition(": ")
        if "__mutmut_" not in name:
            continue
        # vcop_desktop.reports.xlsx.x_write__mutmut_3 -> vcop_desktop.reports.xlsx (the module
        # is all before the mangled function name, which is the last dotted part).
        module = name.partition("__mutmut_")[0].rpartition(".")[0]
        counts = totals.setdefault(module, {})
        counts[outcome] = counts.get(outcome, 0) + 1
    lines = [
        f"{'module':36} {'mutants':>7} {'killed':>6} {'survived':>8} {'no tests':>8} {'score':>6}"
        "  other"
    ]
    waiting = []
    for module, counts in sorted(totals.items()):
        if set(counts) == {"not checked"}:
            waiting.append(module)
            continue
        total = sum(counts.values())
        killed = counts.get("killed", 0) + counts.get("timeout", 0)
        known = {"killed", "timeout", "survived", "no tests"}
        others = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k not in known)
        lines.append(
            f"{module.removeprefix('vcop_desktop.'):36} {total:7} {killed:6} "
            f"{counts.get('survived', 0):8} {counts.get('no tests', 0):8} {killed / total:6.0%}"
            f"  {others}".rstrip()
        )
    if waiting:
        lines.append("Not run yet: " + ", ".join(m.removeprefix("vcop_desktop.") for m in waiting))
    return "\n".join(lines)


def unchecked_mutants(name: str) -> list[str] | None:
    """The mutants of module `name` (`letters/timing.py`) not yet tested, by name, so that a
    stopped run of one module goes on where it was (mutmut re-tests every mutant a glob names).
    None when the module has no results yet or none is left (then the glob runs them all)."""
    if not name.endswith(".py"):
        return None
    path = name if name.startswith("vcop_desktop/") else f"vcop_desktop/{name}"
    meta = ROOT / "mutants" / f"{path}.meta"
    try:
        results = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    except (OSError, ValueError, KeyError):
        return None
    waiting = [key for key, code in results.items() if code is None]
    return waiting if waiting and len(waiting) < len(results) else None


def mutant_glob(name: str) -> str:
    """`letters/timing.py` -> `vcop_desktop.letters.timing.*`; anything else is mutmut's own."""
    if not name.endswith(".py"):
        return name
    module = name.removesuffix(".py").replace("\\", "/").replace("/", ".")
    if not module.startswith("vcop_desktop."):
        module = "vcop_desktop." + module
    return module + ".*"


def present(paths: list[str]) -> list[str]:
    """The paths that exist in this checkout (tools refuse a missing one)."""
    return [p for p in paths if (ROOT / p).exists()]


def check(command: list[str | Path]) -> None:
    status = subprocess.call(command)
    if status != 0:
        raise SystemExit(f"Command failed ({status}): {' '.join(map(str, command))}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
