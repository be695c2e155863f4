"""Small file operations that must not leave half-written files behind."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import sys
from pathlib import Path

#: What an fsync of a folder answers where the OS or file system cannot do it (Windows, some
#: network shares): nothing to make durable there. Any other error (EIO, ENOSPC) is an error:
#: a change that may not be on the disk must never be reported as done.
_CANNOT_SYNC_FOLDERS = frozenset(
    {errno.EINVAL, errno.EBADF, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTSUP}
    | {getattr(errno, "EOPNOTSUPP", errno.ENOTSUP)}
)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where the OS cannot)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in _CANNOT_SYNC_FOLDERS:
            raise
    finally:
        os.close(fd)


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and every missing parent for the owner only (0700).

    `Path.mkdir(parents=True, mode=0o700)` gives the mode to the last folder alone: a restored
    `letters/` (sender details, the address book) was left readable by every local user."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=0o700, exist_ok=True)


def copy_into(source: int, target: int) -> None:
    """Copy an open file's bytes, from its start, to another open file: in the kernel
    (sendfile) on Linux, as `cp` does, else through a buffer (a backup of 1,000 small files
    took half as long again with a Python buffer)."""
    copied = 0
    if sys.platform.startswith("linux"):
        try:
            while done := os.sendfile(target, source, copied, 1 << 30):
                copied += done
            return
        except OSError as error:
            if copied or error.errno not in (errno.EINVAL, errno.ENOSYS):
                raise  # a file system without sendfile is copied below; any other error is one
    while chunk := os.read(source, 1 << 20):
        view = memoryview(chunk)
        while view:
            view = view[os.write(target, view) :]


def write_durably(path: Path, data: bytes) -> None:
    """Write a new file and fsync it (a backup copy: no rename needed, the set is renamed)."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def special_file(path: Path) -> bool:
    """Whether `path` is a device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO): such a file
    is written into, never renamed over. A rename put a regular file where the device was:
    `report --out /dev/null`, run as root, replaced the system's /dev/null."""
    try:
        mode = path.stat().st_mode  # through a symlink (/dev/stdout -> the terminal or pipe)
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_into(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then rename over `path`.

    A crash or a full disk leaves either the old file or the new one, never a mix. A device
    or a pipe is written into (`special_file`).
    """
    if special_file(path):
        _write_into(path, data)
        return
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def write_unseen(path: Path, data: bytes) -> None:
    """`atomic_write` for files given to someone (a report, an extract): the data goes into a
    file with no name (Linux O_TMPFILE), named only just before the rename, so a kill while
    writing leaves nothing readable beside `path`. Temporary files an earlier killed run left
    there are removed first (so at worst one run's leftover lives until the next run). Where
    unnamed files cannot be made or named, this is `atomic_write`; a device or a pipe is
    written into (`special_file`)."""
    if special_file(path):
        _write_into(path, data)
        return
    sweep_temporaries(path)
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not Path("/proc/self/fd").is_dir():
        atomic_write(path, data)
        return
    try:
        fd = os.open(path.parent, flag | os.O_WRONLY, 0o600)
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            atomic_write(path, data)  # a file system without O_TMPFILE
            return
        raise
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(f"/proc/self/fd/{fd}", temp, follow_symlinks=True)
        except OSError:  # some kernels and sandboxes refuse to name it (EXDEV, EPERM)
            atomic_write(path, data)
            return
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def sweep_temporaries(path: Path) -> list[Path]:
    """Remove the `.<name>.<hex>.tmp` files `atomic_write` leaves beside `path` if killed."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp")
    removed: list[Path] = []
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if pattern.fullmatch(entry.name) and entry.is_file() and not entry.is_symlink():
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def remove_quietly(path: Path) -> bool:
    """Delete a file if it is there; True if something was removed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def sidecars(path: Path) -> tuple[Path, Path, Path]:
    """The -wal, -shm and -journal files SQLite may keep beside a database."""
    return (
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
        path.with_name(path.name + "-journal"),
    )
