"""Reading a file the user named on the command line or in a dialog: one way, one-line errors.

Reads are bounded, so a device (`/dev/zero`) or an endless pipe is refused as too large rather
than read for ever, while a pipe with a real file behind it (`<(...)`) still works.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

from vcop_desktop.errors import UserError

#: The letters folder's settings files (sender, address book) are a few KB.
SETTINGS_FILE_LIMIT = 1024 * 1024


def read_input(path: Path, what: str, limit: int) -> bytes:
    """The bytes of `path` (or standard input for "-"), at most `limit` of them; a `UserError`
    naming the file and saying what is wrong otherwise (`what`: "a scenario file")."""
    name = "stdin" if str(path) == "-" else str(path)
    try:
        if name == "stdin":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with path.open("rb") as stream:
                data = stream.read(limit + 1)
    except FileNotFoundError:
        raise UserError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{name}: is a folder, not {what}") from None
    except OSError as error:
        if error.errno == errno.EISDIR:
            raise UserError(f"{name}: is a folder, not {what}") from None
        raise UserError(f"{name}: cannot be read ({error.strerror})") from None
    if len(data) > limit:
        raise UserError(f"{name}: too large to be {what} (over {limit // (1024 * 1024)} MB)")
    return data


def read_own_file(folder: Path, relative: str, limit: int) -> bytes | None:
    """The bytes of a real file at `relative` under `folder` (the workspace's letters folder),
    None if there is none. A link anywhere on the way is refused, never followed: a link planted
    there once printed /etc/passwd into a letter (issue 17)."""
    parts = [part for part in relative.replace("\\", "/").split("/") if part]
    steps = [folder, *(folder.joinpath(*parts[: i + 1]) for i in range(len(parts)))]
    for step in steps:
        try:
            mode = os.lstat(step).st_mode
        except FileNotFoundError:
            return None
        except OSError as error:
            raise UserError(f"{step}: cannot be read ({error.strerror})") from None
        if stat.S_ISLNK(mode):
            raise UserError(
                f"{step} is a link; the letters folder is read only from real files. "
                "Replace the link with a copy of the file."
            )
    path = steps[-1]
    if not stat.S_ISREG(os.lstat(path).st_mode):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise UserError(f"{path}: cannot be read ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UserError(f"{path}: too large (over {limit // 1024} KB)")
    return data
