"""Locks: one writer per case file, and one lock per workspace for the multi-file operations.

Case locks: a file beside the case file holding the writer's pid, host, boot id and process
start time. It is written complete under a temporary name and linked into place (`os.link`
fails if the lock exists), so a lock is never seen empty or half-written. A lock whose
process no longer runs (or whose pid was reused after a reboot, which the boot id and start
time reveal) is stale and is taken over; a lock from another machine cannot be checked from
here, so it is refused with a message saying whose it is.

The workspace lock (`WorkspaceLock`) is an OS advisory lock (`flock`) on `workspace.lock`:
shared for unlocking, reading and case writes, exclusive for changing the passphrase, backup,
restore, handover and erase. The OS drops it when a process dies, so it can never go stale.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from vcop_desktop.storage.errors import CaseInUseError, StorageEnvironmentError, environment_error

WORKSPACE_LOCK_FILE = "workspace.lock"
#: An unreadable case lock older than this was left by a crash between creating and writing it
#: (only possible where `os.link` is unsupported); younger, a writer may be mid-way.
_UNREADABLE_GRACE_SECONDS = 5.0


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def boot_id() -> str:
    """An id that changes at every reboot ('' where the OS does not say)."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        pass
    if sys.platform == "darwin":  # pragma: no cover - not run on the Linux CI
        import subprocess

        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                ["/usr/sbin/sysctl", "-n", "kern.boottime"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            )
            return out.stdout.strip()
    return ""


def process_start(pid: int) -> str:
    """When process `pid` started, in the OS's own units ('' if unknown): with the pid, it
    names one process, so a pid reused by another process is told apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""
    # Field 22 (starttime); the command name (field 2) may hold spaces, so split after ')'.
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""


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


def holder_is_dead(holder: dict[str, object]) -> bool:
    """True if a lock's holder (on this machine) certainly no longer runs."""
    if holder.get("host") != socket.gethostname():
        return False
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return False
    recorded_boot = holder.get("boot")
    if isinstance(recorded_boot, str) and recorded_boot and recorded_boot != boot_id():
        return True  # written before the last reboot: whoever holds that pid now is another
    if not _pid_alive(pid):
        return True
    started = holder.get("started")
    if isinstance(started, str) and started:
        now = process_start(pid)
        if now and now != started:
            return True  # the pid was reused by another process
    return False


def _me() -> dict[str, object]:
    pid = os.getpid()
    return {
        "pid": pid,
        "host": socket.gethostname(),
        "boot": boot_id(),
        "started": process_start(pid),
        "since": int(time.time()),
    }


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
        data = json.dumps(_me()).encode()
        for _attempt in range(3):
            try:
                created = self._create(data)
            except OSError as error:
                raise environment_error(error, f"open case {self.label}") from None
            if created:
                self._held = True
                return
            if not self._clear_if_stale():
                raise self._in_use_error()
        raise self._in_use_error()

    def _create(self, data: bytes) -> bool:
        """Create the lock complete, atomically; False if it already exists."""
        temp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                os.link(temp, self.path)
            except FileExistsError:
                return False
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                return self._create_exclusive(data)  # a file system without hard links
            return True
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()

    def _create_exclusive(self, data: bytes) -> bool:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        return True

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
            # Unreadable or empty: a crash between creating and writing it (old versions, or
            # file systems without links). A live writer finishes within milliseconds.
            try:
                age = time.time() - self.path.stat().st_mtime
            except FileNotFoundError:
                return True
            if age < _UNREADABLE_GRACE_SECONDS:
                time.sleep(0.05)
                return self._holder() == {}
            return self._remove_stale()
        if holder_is_dead(holder):
            return self._remove_stale()
        return False

    def _remove_stale(self) -> bool:
        # Rename first, so two processes clearing the same stale lock cannot remove a fresh one.
        grave = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.stale")
        try:
            self.path.rename(grave)
        except FileNotFoundError:
            return True
        with contextlib.suppress(OSError):
            grave.unlink()
        return True

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


class WorkspaceBusyError(CaseInUseError):
    """Another program holds the workspace lock for longer than we may wait."""


class WorkspaceLock:
    """The workspace's shared/exclusive lock, re-entrant within one `Workspace` object.

    One open file per holder; nested requests are counted. Asking for exclusive while holding
    shared converts the lock (and converts it back after). A read-only workspace folder cannot
    hold a lock file: nobody can change it then, so shared requests go ahead without one.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / WORKSPACE_LOCK_FILE
        self._fd: int | None = None
        self._mode: str | None = None  # "shared" or "exclusive"
        self._depth = 0
        self._guard = threading.RLock()

    @contextlib.contextmanager
    def shared(self, timeout: float = 60.0) -> Iterator[None]:
        with self._guard:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            if not self._open(exclusive=False):
                yield  # read-only folder: nothing can change
                return
            self._lock(exclusive=False, timeout=timeout)
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self._close()

    @contextlib.contextmanager
    def exclusive(self, timeout: float = 60.0) -> Iterator[None]:
        with self._guard:
            if self._depth and self._mode == "exclusive":
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            if self._depth:  # held shared by this object: convert, then convert back
                self._lock(exclusive=True, timeout=timeout)
                try:
                    yield
                finally:
                    self._lock(exclusive=False, timeout=timeout)
                return
            self._open(exclusive=True)
            self._lock(exclusive=True, timeout=timeout)
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                self._close()

    @contextlib.contextmanager
    def try_exclusive(self) -> Iterator[bool]:
        """Exclusive if nobody else holds the lock now (True), else nothing (False)."""
        with self._guard:
            if self._depth:
                yield self._mode == "exclusive"
                return
            try:
                if not self._open(exclusive=False):
                    yield False
                    return
            except StorageEnvironmentError:
                yield False
                return
            if not self._try(exclusive=True):
                self._close()
                yield False
                return
            self._mode = "exclusive"
            self._depth = 1
            try:
                yield True
            finally:
                self._depth = 0
                self._close()

    # -- the OS lock -----------------------------------------------------------------------

    def _open(self, *, exclusive: bool) -> bool:
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            return True
        except OSError as error:
            if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                with contextlib.suppress(OSError):
                    self._fd = os.open(self.path, os.O_RDONLY)
                    return True
                if not exclusive:
                    return False
            raise environment_error(error, "lock the workspace") from None

    def _try(self, *, exclusive: bool) -> bool:
        assert self._fd is not None
        if sys.platform == "win32":  # pragma: no cover - byte-range locks are exclusive only
            import msvcrt

            if self._mode is not None:
                return True
            try:
                msvcrt.locking(self._fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return False
            return True
        import fcntl

        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        try:
            fcntl.flock(self._fd, flags)
        except BlockingIOError:
            return False
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _lock(self, *, exclusive: bool, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while not self._try(exclusive=exclusive):
            if time.monotonic() >= deadline:
                if self._depth == 0:
                    self._close()
                raise WorkspaceBusyError(
                    "Another VCOP Desktop program is busy with this workspace (changing the "
                    "passphrase, a backup, a restore, a handover or an erase). Nothing was "
                    "changed; try again when it has finished."
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
        self._mode = "exclusive" if exclusive else "shared"

    def _close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # closing drops the OS lock
            self._fd = None
        self._mode = None
