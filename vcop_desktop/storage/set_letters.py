"""The letters folder in a backup set, signed: nothing from a backup disk is trusted unsigned.

A template in `letters/` rewrites every later letter, so a file planted in (or changed in) a
backup set must never reach the workspace. A backup lists each letters file with its SHA-256
in the manifest and signs that list with an HMAC under a key derived from the workspace's
master key (so only someone holding the passphrase the set was made under can sign one). A
restore checks the signature, then each file against its SHA-256, and brings back only the
files listed; anything else refuses the whole letters restore, with a line saying why.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from pathlib import Path

from vcop_desktop.storage.errors import StorageEnvironmentError

#: The label of the key (derived from the master key) that signs a set's letters list.
KEY_LABEL = "backup-letters"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def signature(key: bytes, files: dict[str, str]) -> str:
    """The HMAC-SHA256 of a set's letters list (relative name -> SHA-256)."""
    text = json.dumps({"letters": files}, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def verified(
    set_name: str, manifest: dict[str, object], key: bytes, found: dict[str, Path]
) -> dict[str, bytes]:
    """The set's letters files (relative name -> content) once every check passed: the list
    is signed with `key`, every file `found` in the set is listed, and each reads back with
    its SHA-256. Raises, naming the file, otherwise."""
    listed = manifest.get("letters")
    if not found and not listed:
        return {}
    refused = f"No letter settings were restored from {set_name}"
    if not isinstance(listed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and _SHA256.fullmatch(v)
        for k, v in listed.items()
    ):
        raise StorageEnvironmentError(
            f"{refused}: its letters folder is not signed (a backup made by an older version). "
            f"Copy the files you trust by hand from {set_name}/letters."
        )
    files: dict[str, str] = {str(k): str(v) for k, v in listed.items()}
    if not hmac.compare_digest(signature(key, files), str(manifest.get("letters_signature"))):
        raise StorageEnvironmentError(
            f"{refused}: the signature of its letters list does not match (the manifest was "
            "changed since the backup was made, or the set is another workspace's)."
        )
    for name in sorted(found):
        if name not in files:
            raise StorageEnvironmentError(
                f"{refused}: letters/{name} is not in the backup's manifest (a file added to "
                "the set since it was made)."
            )
    contents: dict[str, bytes] = {}
    for name, digest in sorted(files.items()):
        path = found.get(name)
        if path is None:
            raise StorageEnvironmentError(f"{refused}: letters/{name} is missing from the set.")
        data = path.read_bytes()
        if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), digest):
            raise StorageEnvironmentError(
                f"{refused}: letters/{name} was changed since the backup was made."
            )
        contents[name] = data
    return contents
