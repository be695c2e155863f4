"""Storage errors. Every one a user can cause is a `UserError` with a message saying what to do.

Messages name files by their case id or case code, never by anything personal.
"""

from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from vcop_desktop.errors import UserError


class WrongPassphraseError(UserError):
    """The passphrase does not unlock the keystore. Nothing was changed."""


class CaseInUseError(UserError):
    """Another program (here or on another machine) has the case open for writing."""


class CaseFileError(UserError):
    """A case file cannot be used: damaged, truncated, not ours, wrong key or a newer version.

    The file is left exactly as it was; `kind` is a short machine-readable word.
    """

    def __init__(self, path: Path, kind: str, problem: str) -> None:
        super().__init__(f"{path.name}: {problem}")
        self.path = path
        self.kind = kind
        self.problem = problem


class StorageEnvironmentError(UserError):
    """The disk or the folder refused: full, read-only, missing. Not a bug in the app."""


def environment_error(
    error: OSError, doing: str, *, unchanged: bool = True
) -> StorageEnvironmentError:
    """Turn an OSError into a plain message. `unchanged` only where the caller has rolled
    back: never claim "nothing was changed" after a partial change."""
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "the disk is full (or a file size limit was reached); free some space and try again"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "the folder is read-only or you do not have permission to write there"
    elif code == errno.ENOENT:
        why = "a file or folder it needs does not exist"
    elif code == errno.EIO:
        why = "the disk reported an input/output error (check the disk or its connection)"
    else:
        why = error.strerror or "the operating system refused"
    tail = " Nothing was changed." if unchanged else " Run 'vcop-desktop check' to see the state."
    return StorageEnvironmentError(f"Could not {doing}: {why}.{tail}")


def sqlite_environment_message(message: str) -> str | None:
    """Recognise SQLite's wording for environment failures (disk full, read-only, I/O)."""
    text = message.lower()
    if "database or disk is full" in text:
        return "the disk is full; free some space and try again"
    if "disk i/o error" in text:
        # SQLite does not pass on the OS's reason: say what is known, not "disk full".
        return (
            "the disk could not be written (an input/output error, or a file size limit was "
            "reached); check the disk, its connection and its free space"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return "the folder is read-only or you do not have permission to write there"
    if _LOCKED in text:
        return "another program is using the file; close it there and try again"
    return None


_LOCKED = "database is locked"


def cannot_write(error: BaseException) -> bool:
    """SQLite failed for want of a writable disk (full, failing, read-only, or no room for
    the WAL's shared-memory file), not because another program holds the file: reading may
    still work."""
    message = str(error)
    return sqlite_environment_message(message) is not None and _LOCKED not in message.lower()


P = ParamSpec("P")
R = TypeVar("R")


def _database_errors() -> tuple[type[Exception], ...]:
    """SQLCipher's errors, and SQLAlchemy's wrapper of them once the ORM is loaded: before
    that none can arise, and importing it here would load it on the light path."""
    import sqlcipher3

    orm = sys.modules.get("sqlalchemy.exc")
    wrapped: tuple[type[Exception], ...] = (orm.DBAPIError,) if orm is not None else ()
    return (sqlcipher3.Error, *wrapped)


def user_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service method so environment failures reach the user as plain messages.

    OSError and SQLite's "disk full", "read-only" and "locked" become
    `StorageEnvironmentError`; anything else is a bug and keeps its traceback.
    """

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        import sqlcipher3

        try:
            return function(*args, **kwargs)
        except UserError:
            raise
        except OSError as error:
            raise environment_error(error, "finish", unchanged=False) from None
        except _database_errors() as error:
            original = getattr(error, "orig", None) or error
            why = sqlite_environment_message(str(original))
            if why is None and isinstance(original, sqlcipher3.DatabaseError):
                text = str(original).lower()
                if "malformed" in text or "not a database" in text:
                    why = "a file of the workspace is damaged; run 'vcop-desktop check'"
            if why is None:
                raise
            raise StorageEnvironmentError(f"Could not finish: {why}.") from None

    return wrapper
