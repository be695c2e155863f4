"""One writer per case file: a lock file beside it holding the writer's pid and host.

`O_CREAT | O_EXCL` makes taking the lock atomic, also on network shares. A lock left by a
process that no longer runs on this machine is stale and is taken over; a lock from another
machine cannot be checked from here, so it is refused with a message saying whose it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from pathlib import Path

from vcop_desktop.storage.errors import CaseInUseError, environment_error


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) would terminate the process on Windows; ask the kernel instead.
    if sys.platform != "win32":
        return True
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(ctypes.get_last_error() == 5)  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return bool(code.value == 259)  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


class CaseLock:
    """A held lock; release it with `release()` or by using it as a context manager."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label
        self._held = False

    @classmethod
    def acquire(cls, file_path: Path, label: str) -> CaseLock:
        """Take the lock on `file_path`, or raise `CaseInUseError`. `label` names the case."""
        lock = cls(lock_path_for(file_path), label)
        lock._take()
        return lock

    def _take(self) -> None:
        me = {"pid": os.getpid(), "host": socket.gethostname(), "since": int(time.time())}
        for _attempt in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                if self._clear_if_stale():
                    continue
                raise self._in_use_error() from None
            except OSError as error:
                raise environment_error(error, f"open case {self.label}") from None
            try:
                os.write(fd, json.dumps(me).encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            self._held = True
            return
        raise self._in_use_error()

    def _holder(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def _clear_if_stale(self) -> bool:
        holder = self._holder()
        if holder == {}:
            return True  # released while we looked
        if holder is None:
            # Unreadable: a writer may be mid-way through creating it. Wait a moment.
            time.sleep(0.05)
            holder = self._holder()
            if holder == {}:
                return True
            if holder is None:
                return False
        pid = holder.get("pid")
        host = holder.get("host")
        if host == socket.gethostname() and isinstance(pid, int) and not _pid_alive(pid):
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return True
        return False

    def _in_use_error(self) -> CaseInUseError:
        holder = self._holder() or {}
        pid, host = holder.get("pid", "?"), holder.get("host", "?")
        if host == socket.gethostname():
            where = f"by another program on this computer (process {pid})"
        else:
            where = f"on another computer ({host}, process {pid})"
        return CaseInUseError(
            f"Case {self.label} is open {where}. Close it there and try again. If that program "
            f"has crashed on another computer, delete {self.path.name} once you are sure."
        )

    def release(self) -> None:
        if self._held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self._held = False

    def __enter__(self) -> CaseLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
