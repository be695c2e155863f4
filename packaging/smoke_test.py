"""Smoke-test a built bundle: run the frozen executable the way an advocate's laptop would.

    packaging/smoke-test dist/vcop-desktop          # POSIX wrapper
    python packaging/smoke_test.py BUNDLE_DIR        # anywhere; needs only the standard library

In a fresh temporary home (so no settings or data of the person running it are touched), with
no PYTHONPATH (so nothing can be borrowed from a checkout or virtualenv), it runs: `--version`;
`init` and `demo` with a cheap key derivation; `check`; `duties` on the bundled example;
`due --json` (the dashboard, which must parse and be non-empty); `letter` to PDF (must be a PDF
with pages); `screenshot`, which starts Qt offscreen and unlocks the workspace in the real
start and main windows (every PNG must exist and be non-empty); and finally the app's window
(`gui`, what no arguments means), which must still be running after 5 seconds.

Any stderr line not on ALLOWED_STDERR fails the test: a frozen app that warns about a missing
module, plugin or data file is broken even when it exits 0. Prints the bundle's size on disk and
its start-up times, and fails when the bundle is larger than --max-size-mb.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PASSPHRASE = "smoke test passphrase, not a secret"  # noqa: S105 - a throwaway demo workspace
TODAY = "2026-11-23"
CHEAP_KDF = ["--kdf-time", "1", "--kdf-memory", "8192"]  # the demo workspace needs no real KDF
SCREENS = ("unlock", "dashboard", "case-overview", "timeline", "events", "letter")

# Known, harmless stderr lines. Keep this short: every entry hides a class of messages.
ALLOWED_STDERR = (
    # Qt's offscreen platform cannot pass size hints to a window manager it does not have.
    re.compile(r"This plugin does not support propagateSizeHints\(\)"),
    # `letter` lists the facts the case record lacks; expected for demo cases.
    re.compile(r"vcop-desktop: gap: .+"),
)


class SmokeTestError(Exception):
    """A check failed; the message says which and shows the evidence."""


def executable(bundle: Path) -> Path:
    """The command-line executable inside a bundle, for each platform's layout."""
    candidates = [
        bundle / "vcop-desktop-cli.exe",  # Windows: the console twin of the windowed exe
        bundle / "Contents" / "MacOS" / "vcop-desktop",  # macOS .app
        bundle / "vcop-desktop",  # Linux
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise SmokeTestError(f"no vcop-desktop executable in {bundle}")


def size_on_disk(folder: Path) -> int:
    """Bytes of every file under `folder`, symlinks counted once (as links)."""
    total = 0
    for directory, _dirs, files in os.walk(folder):
        for name in files:
            total += (Path(directory) / name).lstat().st_size
    return total


class Runner:
    """Runs the executable with a clean environment and checks exit status and stderr."""

    def __init__(self, exe: Path, home: Path) -> None:
        self.exe = exe
        self.home = home
        # Nothing from the caller's Python, Qt or VCOP settings: the run must not depend on them.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "VCOP_"))}
        env.update(
            HOME=str(home),
            USERPROFILE=str(home),
            APPDATA=str(home / "AppData" / "Roaming"),
            LOCALAPPDATA=str(home / "AppData" / "Local"),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_RUNTIME_DIR=str(home / "runtime"),
            QT_QPA_PLATFORM="offscreen",
            VCOP_PASSPHRASE=PASSPHRASE,
        )
        (home / "runtime").mkdir(mode=0o700, exist_ok=True)
        self.env = env

    def __call__(self, *args: str, timeout: float = 120) -> tuple[str, float]:
        """Run `exe args...` in the temporary home; return stdout and the wall time."""
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [str(self.exe), *args],
                cwd=self.home,
                env=self.env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SmokeTestError(f"`{' '.join(args)}` did not finish in {timeout:.0f} s") from None
        elapsed = time.perf_counter() - started
        shown = " ".join(args)
        if done.returncode != 0:
            raise SmokeTestError(
                f"`{shown}` exited with status {done.returncode}\n"
                f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
            )
        unexpected = [
            line
            for line in done.stderr.splitlines()
            if line.strip() and not any(p.fullmatch(line.strip()) for p in ALLOWED_STDERR)
        ]
        if unexpected:
            raise SmokeTestError(
                f"`{shown}` wrote unexpected error output:\n" + "\n".join(unexpected[:40])
            )
        print(f"  ok  {shown}  ({elapsed:.2f} s)", flush=True)
        return done.stdout, elapsed

    def stays_up(self, seconds: float, *args: str) -> None:
        """Start the app as a user would (it runs until closed): it must still be running after
        `seconds`, with no error output; then it is terminated."""
        with tempfile.TemporaryFile("w+", encoding="utf-8") as stderr:
            process = subprocess.Popen(
                [str(self.exe), *args],
                cwd=self.home,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                status = process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                status = None
            finally:
                process.kill()
                process.wait()
            stderr.seek(0)
            errors = [
                line
                for line in stderr.read().splitlines()
                if line.strip() and not any(p.fullmatch(line.strip()) for p in ALLOWED_STDERR)
            ]
        shown = " ".join(args) or "(no arguments)"
        if status is not None:
            raise SmokeTestError(f"`{shown}` exited after less than {seconds:.0f} s: {errors}")
        if errors:
            raise SmokeTestError(f"`{shown}` wrote unexpected error output:\n" + "\n".join(errors))
        print(f"  ok  {shown}  (still running after {seconds:.0f} s, stopped)", flush=True)


def check_bank_holidays(run: Runner, home: Path) -> None:
    """Working days skip England and Wales bank holidays, which the `holidays` package loads by
    name at run time (the part of a frozen app most likely to be missing). An enhanced-rights
    victim must be told of an arrest within 1 working day: an arrest on Thursday 2 April 2026 is
    due on Tuesday 7 April, after Good Friday and Easter Monday; without the holiday data it
    would be due on Friday 3 April."""
    scenario = {
        "case": {"offence_date": "2026-04-02", "flags": ["domestic_abuse"]},
        "events": [
            {"id": "r", "type": "crime_reported", "date": "2026-04-02"},
            {"id": "arrest", "type": "suspect_arrested", "date": "2026-04-02"},
        ],
    }
    path = home / "easter.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    result = json.loads(run("duties", str(path), "--today", "2026-04-02")[0])
    due = {o["duty"]: o["due"] for o in result["obligations"]}
    if due.get("police.inform_arrest") != "2026-04-07":
        raise SmokeTestError(
            "bank holidays are not applied: police.inform_arrest due "
            f"{due.get('police.inform_arrest')}, expected 2026-04-07"
        )


def check_docx(path: Path) -> None:
    """A DOCX that holds the letter (python-docx found its default template in the bundle)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise SmokeTestError(f"{path} is not a DOCX: {error}") from None
    if b"Victims" not in body:
        raise SmokeTestError(f"{path} does not hold the letter")


def check_pdf(path: Path) -> int:
    """A complete PDF with at least one page; returns the page count."""
    if not path.is_file():
        raise SmokeTestError(f"{path} was not written")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise SmokeTestError(f"{path} does not start with %PDF-")
    if b"%%EOF" not in data[-1024:]:
        raise SmokeTestError(f"{path} has no %%EOF trailer (truncated?)")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if pages < 1:
        raise SmokeTestError(f"{path} has no pages")
    return pages


def check_pngs(folder: Path) -> None:
    for name in SCREENS:
        path = folder / f"{name}.png"
        if not path.is_file():
            raise SmokeTestError(f"screenshot {path} was not written")
        data = path.read_bytes()
        if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 2000:
            raise SmokeTestError(f"screenshot {path} is not a real PNG ({len(data)} bytes)")


def smoke(bundle: Path, max_size_mb: float, keep: bool) -> int:
    exe = executable(bundle)
    size_mb = size_on_disk(bundle) / 1e6
    print(f"bundle: {bundle}\nexecutable: {exe}", flush=True)
    if not any(bundle.rglob("_rl_accel*")):
        # reportlab would fall back to measuring text in Python: letters 2-4x slower
        raise SmokeTestError("reportlab's C speed-ups (_rl_accel) are missing from the bundle")
    with tempfile.TemporaryDirectory(prefix="vcop-smoke-") as temp:
        home = Path(temp)
        run = Runner(exe, home)
        workspace = home / "workspace"

        out, version_time = run("--version")
        if not re.fullmatch(r"vcop-desktop \d+\.\d+\.\d+\S*\s*", out):
            raise SmokeTestError(f"--version printed {out!r}")
        _, version_warm = run("--version")

        run("init", "--workspace", str(workspace), *CHEAP_KDF)
        run("demo", "--workspace", str(workspace), "--cases", "6", "--seed", "7",
            "--today", TODAY, *CHEAP_KDF)  # fmt: skip
        run("check", "--workspace", str(workspace))

        cases, _ = run("cases", "--workspace", str(workspace))
        codes = re.findall(r"^(\S+)\s+[0-9a-f]{32}\b", cases, flags=re.MULTILINE)
        if len(codes) != 6:
            raise SmokeTestError(f"`cases` listed {len(codes)} cases, expected 6:\n{cases}")

        example = next(bundle.rglob("resources/examples/*.json"), None)
        if example is None:
            raise SmokeTestError("the bundled example scenario is missing")
        if not json.loads(run("duties", str(example), "--today", TODAY)[0])["obligations"]:
            raise SmokeTestError("`duties` on the bundled example computed nothing")
        check_bank_holidays(run, home)

        due_text, due_time = run("due", "--workspace", str(workspace), "--json", "--today", TODAY)
        try:
            due = json.loads(due_text)
        except json.JSONDecodeError as error:
            raise SmokeTestError(f"`due --json` is not JSON: {error}\n{due_text[:500]}") from None
        if not isinstance(due, list) or not due or "duty" not in due[0]:
            raise SmokeTestError(f"`due --json` gave no obligations: {due_text[:500]}")

        pdf = home / "letter.pdf"
        run("letter", "--workspace", str(workspace), "--case", codes[0], "--kind",
            "police-complaint", "--today", TODAY, "--annex", "--out", str(pdf))  # fmt: skip
        pages = check_pdf(pdf)
        word = home / "letter.docx"
        run("letter", "--workspace", str(workspace), "--case", codes[0], "--kind",
            "police-complaint", "--today", TODAY, "--annex", "--out", str(word))  # fmt: skip
        check_docx(word)

        shots = home / "shots"
        _, gui_time = run("screenshot", "--workspace", str(workspace), "--out", str(shots),
                          "--today", TODAY)  # fmt: skip
        check_pngs(shots)
        # The Start-menu path (no arguments means `gui`), with its folders pinned to the
        # temporary home: platformdirs ignores APPDATA on Windows.
        run.stays_up(5, "gui", "--config-dir", str(home / "config"), "--workspace", str(workspace))
        if keep:
            kept = Path(tempfile.mkdtemp(prefix="vcop-smoke-kept-"))
            for path in [pdf, *sorted(shots.glob("*.png"))]:
                (kept / path.name).write_bytes(path.read_bytes())
            print(f"  kept the letter and screenshots in {kept}")

    print(f"\ndashboard: {len(due)} obligations due or overdue; letter: {pages} page(s)")
    print(f"bundle size on disk: {size_mb:.0f} MB (target under {max_size_mb:.0f} MB)")
    print(f"start-up, `--version`: {version_time:.2f} s first run, {version_warm:.2f} s again")
    print(f"`due --json` over 6 cases: {due_time:.2f} s")
    print(f"GUI offscreen (start, unlock, dashboard, case, letter; `screenshot`): {gui_time:.2f} s")
    if size_mb > max_size_mb:
        raise SmokeTestError(f"the bundle is {size_mb:.0f} MB, over the {max_size_mb:.0f} MB limit")
    print("SMOKE TEST PASSED")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke-test a built VCOP Desktop bundle.")
    parser.add_argument("bundle", type=Path, help="the folder packaging/build printed")
    parser.add_argument("--max-size-mb", type=float, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the letter PDF and screenshots")
    args = parser.parse_args(argv)
    try:
        return smoke(args.bundle.resolve(), args.max_size_mb, args.keep)
    except SmokeTestError as failure:
        print(f"SMOKE TEST FAILED: {failure}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
