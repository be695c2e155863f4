"""Process-wide protections, applied once at start (`cli.main`, which the GUI also runs).

- No core dumps: a crash must not write the master key or case data to disk
  (RLIMIT_CORE 0). On Windows, Windows Error Reporting may still write a minidump of a crashed
  process; advise organisations to disable WER local dumps for the app (LocalDumps registry
  key, DumpCount 0) — documented, not settable from a user process.
- Files readable by the user alone: umask 077, so every file and folder the app creates is
  0600/0700 on POSIX. On Windows files inherit the user profile's ACL (private by default).
"""

from __future__ import annotations

import contextlib
import os


def harden_process() -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.name == "posix":
        os.umask(0o077)
