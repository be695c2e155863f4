"""Signed law updates: one file that carries new or revised rule packs to an offline laptop.

The file is JSON: `{"format": "vcop-law-update/1", "payload": <base64>, "signature": <base64>}`.
The payload (the exact bytes signed, Ed25519) is JSON: `{"published": "YYYY-MM-DD", "note": "...",
"packs": [{"file": "name.toml", "text": "<the pack's TOML>"}]}`. Only the publisher's public
keys shipped under resources/law/ are trusted; the private key never leaves the publisher.

Every problem (not our format, cut short, unsigned, signed by another key, altered, a broken
pack) is one `LawUpdateError` line; nothing is installed by this module (see storage.law).
"""

from __future__ import annotations

import base64
import binascii
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vcop_desktop.domain.rules import RulePack
from vcop_desktop.errors import UserError
from vcop_desktop.input_files import read_input
from vcop_desktop.paths import resources_dir
from vcop_desktop.rules.pack_parser import PackError, parse_pack

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

FORMAT = "vcop-law-update/1"
SUFFIX = ".vcoplaw"
#: A law update is a few packs of text; anything far larger is not one.
MAX_BYTES = 4 * 1024 * 1024


class LawUpdateError(UserError):
    """A law update file is refused; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class LawUpdate:
    """A verified update: the packs it carries and the exact signed file, kept as installed."""

    published: date
    note: str
    packs: tuple[RulePack, ...]
    raw: bytes

    def describe(self) -> str:
        packs = ", ".join(f"{p.id} version {p.version}" for p in self.packs)
        return f"law update published {self.published.isoformat()}: {packs}"


def publisher_keys_dir() -> Path:
    return resources_dir() / "law"


def trusted_keys() -> list[Ed25519PublicKey]:
    """The publisher's public keys shipped with the app (one base64 raw key per `*.pub` line;
    more than one while a key is being rotated)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    keys: list[Ed25519PublicKey] = []
    for path in sorted(publisher_keys_dir().glob("*.pub")):
        for line in path.read_text(encoding="ascii").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                keys.append(Ed25519PublicKey.from_public_bytes(base64.b64decode(line)))
    return keys


def read_update(path: Path) -> LawUpdate:
    """Read and verify a law update file."""
    try:
        raw = read_input(path, "a law update file", MAX_BYTES)
    except UserError as error:
        raise LawUpdateError(str(error)) from None
    return verify_update(raw, path.name)


def verify_update(raw: bytes, name: str) -> LawUpdate:
    """Check the signature against the trusted keys, then every pack inside."""
    envelope = _json(raw, name, "the file")
    if not isinstance(envelope, Mapping) or envelope.get("format") != FORMAT:
        raise LawUpdateError(f"{name}: not a VCOP law update file")
    if not envelope.get("signature"):
        raise LawUpdateError(f"{name}: the law update is not signed; nothing was changed")
    payload = _b64(envelope.get("payload"), name, "payload")
    signature = _b64(envelope.get("signature"), name, "signature")
    if not _signed_by_publisher(payload, signature):
        raise LawUpdateError(
            f"{name}: the signature does not match the publisher's key (the file was altered "
            "or is not from the publisher); nothing was changed"
        )
    body = _json(payload, name, "the signed content")
    if not isinstance(body, Mapping):
        raise LawUpdateError(f"{name}: the signed content is not a law update")
    published = _published(body.get("published"), name)
    entries = body.get("packs")
    if not isinstance(entries, list) or not entries:
        raise LawUpdateError(f"{name}: the update carries no rule packs")
    packs: list[RulePack] = []
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("text"), str):
            raise LawUpdateError(f"{name}: a pack entry has no text")
        origin = f"{name}:{entry.get('file', 'pack')}"
        try:
            packs.append(parse_pack(tomllib.loads(entry["text"]), origin))
        except tomllib.TOMLDecodeError as error:
            raise LawUpdateError(f"rule pack {origin}: is not valid TOML: {error}") from None
        except PackError as error:
            raise LawUpdateError(str(error)) from None
    ids = [p.id for p in packs]
    if len(set(ids)) != len(ids):
        raise LawUpdateError(f"{name}: the update carries one pack twice")
    return LawUpdate(published, str(body.get("note", "")), tuple(packs), raw)


def sign_update(
    packs: Sequence[tuple[str, str]],
    private_key: Ed25519PrivateKey,
    *,
    published: date,
    note: str = "",
) -> bytes:
    """A signed update file from (file name, TOML text) pairs (the publisher's tool; tests sign
    with a throwaway key)."""
    payload = json.dumps(
        {
            "published": published.isoformat(),
            "note": note,
            "packs": [{"file": name, "text": text} for name, text in packs],
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")
    envelope = {
        "format": FORMAT,
        "payload": base64.b64encode(payload).decode("ascii"),
        "signature": base64.b64encode(private_key.sign(payload)).decode("ascii"),
    }
    return (json.dumps(envelope, indent=1) + "\n").encode("ascii")


def public_key_line(private_key: Ed25519PrivateKey) -> str:
    """The line for a `resources/law/*.pub` file that trusts this key."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _signed_by_publisher(payload: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature

    for key in trusted_keys():
        try:
            key.verify(signature, payload)
        except InvalidSignature:
            continue
        return True
    return False


def _json(raw: bytes, name: str, what: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise LawUpdateError(f"{name}: {what} is not text: not a law update file") from None
    except (json.JSONDecodeError, RecursionError):
        raise LawUpdateError(
            f"{name}: {what} is damaged or cut short (not complete JSON); nothing was changed"
        ) from None


def _b64(value: object, name: str, what: str) -> bytes:
    if not isinstance(value, str) or not value:
        raise LawUpdateError(f"{name}: the {what} is missing; nothing was changed")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise LawUpdateError(f"{name}: the {what} is damaged; nothing was changed") from None


def _published(value: object, name: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise LawUpdateError(f"{name}: the publication date is missing or invalid") from None
