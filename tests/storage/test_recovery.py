"""Multi-file operations recover after a crash: each operation is killed (`os._exit` in a
forked child, so no clean-up code runs) just before each of its file-changing system calls in
turn; after every kill, the next unlock's recovery pass leaves `check` green with no case lost,
no orphan key, no blocking lock and no temporary file left. (Random SIGKILLs, 1,000 and more,
are in benchmarks/crash_kills.py.)"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.storage.crash_ops import OPERATIONS, Layout, prepare, run_op, verify
from vcop_desktop.errors import UserError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

_CHANGING = ("replace", "rename", "unlink", "remove", "link", "rmdir", "mkdir")
_KILLED = 86
_FAILED_CLEANLY = 87


def _arm(kill_at: int | None, *, fail: bool = False) -> Callable[[], int]:
    """Count the file-changing calls that would change something; die before number
    `kill_at` (or, with `fail`, make it raise an I/O error). Returns a function giving the
    count so far."""
    seen = [0]

    def wrap(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            target = args[0] if args else None
            effective = name in ("link", "mkdir") or (
                target is not None and "dir_fd" not in kwargs and os.path.lexists(target)
            )
            if effective:
                seen[0] += 1
                if kill_at is not None and seen[0] == kill_at:
                    if fail:
                        raise OSError(errno.EIO, "Input/output error (injected)")
                    os._exit(_KILLED)
            return real(*args, **kwargs)

        return call

    for name in _CHANGING:
        setattr(os, name, wrap(name, getattr(os, name)))
    return lambda: seen[0]


def _in_child(op: str, layout: Layout, kill_at: int | None, *, fail: bool = False) -> int:
    """Run `op` in a forked child; its exit status (or the count of calls when not killed)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        status = 1
        try:
            count = _arm(kill_at, fail=fail)
            try:
                run_op(op, layout)
            except UserError as error:
                if not fail:
                    raise
                message = str(error)
                assert "full" not in message and "Traceback" not in message, message
                os._exit(_FAILED_CLEANLY)
            os.write(write_end, str(count()).encode())
            status = 0
        except BaseException as error:
            os.write(2, f"{type(error).__name__}: {error}\n".encode())
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        written = pipe.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code in (_KILLED, _FAILED_CLEANLY):
        return -1
    assert code == 0, f"{op} failed in the child (status {code})"
    return int(written)


@pytest.mark.parametrize("op", OPERATIONS)
def test_a_kill_before_any_file_change_is_recovered(op: str, tmp_path: Path) -> None:
    pristine = Layout.under(tmp_path / "pristine")
    originals = prepare(pristine, cases=2)
    steps = _in_child(op, _copy(pristine, tmp_path / "count"), None)
    assert steps > 0
    # Half a dozen kill points spread over the operation keep CI fast; the benchmark
    # (benchmarks/crash_kills.py) kills at random points more than a thousand times.
    stride = max(1, steps // 6)
    points = sorted({*range(1, steps + 1, stride), steps})
    for kill_at in points:
        layout = _copy(pristine, tmp_path / f"kill-{kill_at}")
        assert _in_child(op, layout, kill_at) == -1
        verdict = verify(layout, originals)
        assert verdict.clean, (op, kill_at, steps, verdict)
        if kill_at == points[len(points) // 2]:
            run_op(op, layout)  # and the operation works again afterwards
            assert verify(layout, originals).clean
        shutil.rmtree(layout.workspace.parent)
    sys.stderr.write(f"{op}: {steps} file changes, killed at {len(points)} of them\n")


@pytest.mark.parametrize("op", OPERATIONS)
def test_an_io_error_at_any_file_change_is_reported_and_recovered(op: str, tmp_path: Path) -> None:
    """The same points, but the call fails with EIO: one clear message (not "disk full"),
    and after the next unlock nothing is lost."""
    pristine = Layout.under(tmp_path / "pristine")
    originals = prepare(pristine, cases=2)
    steps = _in_child(op, _copy(pristine, tmp_path / "count"), None)
    stride = max(1, steps // 3)
    for fail_at in sorted({*range(1, steps + 1, stride), steps}):
        layout = _copy(pristine, tmp_path / f"fail-{fail_at}")
        result = _in_child(op, layout, fail_at, fail=True)
        verdict = verify(layout, originals)
        assert verdict.clean, (op, fail_at, result, verdict)
        shutil.rmtree(layout.workspace.parent)


def _copy(source: Layout, root: Path) -> Layout:
    shutil.copytree(source.workspace.parent, root, symlinks=True)
    layout = Layout.under(root)
    # backup folders are registered by absolute path: point this copy at its own
    settings = layout.workspace / "workspace.json"
    settings.write_text(
        settings.read_text().replace(str(source.backups.resolve()), str(layout.backups.resolve()))
    )
    return layout
