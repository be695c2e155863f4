"""Reading a file the user named on the command line or in a dialog: one way, one-line errors.

Reads are bounded, so a device (`/dev/zero`) or an endless pipe is refused as too large rather
than read for ever, while a pipe with a real file behind it (`<(...)`) still works.
"""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from vcop_desktop.errors import UserError


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
