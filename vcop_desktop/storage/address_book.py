"""The workspace's address book of agencies: `<workspace>/letters/address-book.toml`.

Police forces, CPS Areas, Witness Care Units, the IOPC, police and crime commissioners, the
Ombudsman and other providers, each with a name and a postal address. It holds no victim data
(agencies' public addresses), so it is a plain file beside `sender.toml`, shared by everyone
who uses the workspace, readable by the command line without unlocking, and editable by hand:

    [[agency]]
    id = "5f0c2a91"
    type = "police"
    name = "Northdale Constabulary"
    address = ["Police Headquarters", "1 Station Road", "Northdale", "ND1 1AA"]

Entries keep a stable `id`: a case stores the id it chose, so renaming or moving an entry
changes every case's letters, and deleting it leaves a visible gap (never a crash). Writes go
through `atomic_write`; a save applies the editor's changes to the file as it is now, so two
advocates editing different entries at once both keep theirs.
"""

from __future__ import annotations

import json
import secrets
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vcop_desktop.domain.address_types import ADDRESS_TYPES
from vcop_desktop.domain.untrusted import load_toml
from vcop_desktop.errors import UserError
from vcop_desktop.input_files import SETTINGS_FILE_LIMIT, read_own_file
from vcop_desktop.storage.errors import environment_error
from vcop_desktop.storage.fileops import atomic_write

BOOK_FILE = "address-book.toml"
#: Limits that keep a hand-edited (or damaged) file from filling a letter with junk.
MAX_ENTRIES = 2000
MAX_LINES = 12
MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class AddressEntry:
    """One agency: where letters to it go."""

    id: str
    type: str
    name: str
    address: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        """The name, then the address, one line each: the letter's recipient block."""
        return (self.name, *self.address)

    @property
    def type_label(self) -> str:
        return ADDRESS_TYPES.get(self.type, self.type)


def new_entry_id(taken: Iterable[str] = ()) -> str:
    """A short random id that no entry in `taken` has."""
    used = set(taken)
    while True:
        candidate = secrets.token_hex(4)
        if candidate not in used:
            return candidate


def make_entry(
    type_: str, name: str, address: str | Sequence[str], *, entry_id: str | None = None
) -> AddressEntry:
    """A checked entry from what was typed (the address as text, one line per line, or lines).

    Raises `UserError` naming what is wrong: the name is needed, the type must be known.
    """
    if type_ not in ADDRESS_TYPES:
        raise UserError(f"{type_!r} is not a kind of agency the address book knows.")
    clean_name = _one_line(name)
    if not clean_name:
        raise UserError("Give the agency's name.")
    raw = address.splitlines() if isinstance(address, str) else list(address)
    lines = tuple(line for line in (_one_line(item) for item in raw) if line)
    if len(lines) > MAX_LINES:
        raise UserError(f"An address has at most {MAX_LINES} lines.")
    if len(clean_name) > MAX_TEXT or any(len(line) > MAX_TEXT for line in lines):
        raise UserError(f"A name or address line has at most {MAX_TEXT} characters.")
    return AddressEntry(entry_id or new_entry_id(), type_, clean_name, lines)


def book_path(letters_folder: Path) -> Path:
    return letters_folder / BOOK_FILE


def load_book(letters_folder: Path) -> list[AddressEntry]:
    """The entries in file order; no file is an empty book. A file that cannot be read or
    is malformed is a `UserError` naming the file, and is left untouched."""
    path = book_path(letters_folder)
    raw = read_own_file(letters_folder, BOOK_FILE, SETTINGS_FILE_LIMIT)
    if raw is None:
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: cannot be read ({error})") from None
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}") from None
    rows = data.get("agency", [])
    if not isinstance(rows, list) or len(rows) > MAX_ENTRIES:
        raise UserError(f"{path}: [[agency]] entries expected (at most {MAX_ENTRIES})")
    entries: list[AddressEntry] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{path}: entry {number}"
        if not isinstance(row, dict):
            raise UserError(f"{where} is not a table")
        entry_id, type_, name = row.get("id"), row.get("type"), row.get("name")
        address = row.get("address", [])
        if not isinstance(entry_id, str) or not entry_id.strip() or entry_id in seen:
            raise UserError(f"{where} needs an id of its own")
        if not isinstance(name, str) or not isinstance(type_, str):
            raise UserError(f"{where} needs a type and a name in quotes")
        if isinstance(address, str):
            address = [address]
        if not isinstance(address, list) or not all(isinstance(a, str) for a in address):
            raise UserError(f'{where}: address must be a list of lines, e.g. ["line 1", "line 2"]')
        try:
            entries.append(make_entry(type_, name, address, entry_id=entry_id))
        except UserError as error:
            raise UserError(f"{where}: {error}") from None
        seen.add(entry_id)
    return entries


def save_book(letters_folder: Path, entries: Sequence[AddressEntry]) -> None:
    """Write the whole book atomically (a crash leaves the old file or the new one)."""
    out = [
        "# VCOP Desktop address book: where letters to agencies go. No victim data here.",
        "# Edit it in the app (Tools > Address book) or by hand; keep each id as it is.",
        "",
    ]
    for entry in entries:
        out += [
            "[[agency]]",
            f"id = {_toml_string(entry.id)}",
            f"type = {_toml_string(entry.type)}",
            f"name = {_toml_string(entry.name)}",
            "address = [" + ", ".join(_toml_string(line) for line in entry.address) + "]",
            "",
        ]
    try:
        letters_folder.mkdir(parents=True, exist_ok=True)
        atomic_write(book_path(letters_folder), "\n".join(out).encode("utf-8"))
    except OSError as error:
        raise environment_error(error, "save the address book") from None


def apply_edits(
    original: Sequence[AddressEntry],
    edited: Sequence[AddressEntry],
    current: Sequence[AddressEntry],
) -> list[AddressEntry]:
    """What the editor changed (from `original` to `edited`), applied to the book as it is
    now (`current`): added entries are appended, edited ones replaced, removed ones dropped.
    Entries someone else added or changed meanwhile are kept."""
    before = {e.id: e for e in original}
    after = {e.id: e for e in edited}
    removed = set(before) - set(after)
    changed = {i: e for i, e in after.items() if i in before and before[i] != e}
    result = [changed.get(e.id, e) for e in current if e.id not in removed]
    present = {e.id for e in result}
    result += [e for e in edited if e.id not in before and e.id not in present]
    return result


def update_book(
    letters_folder: Path, original: Sequence[AddressEntry], edited: Sequence[AddressEntry]
) -> list[AddressEntry]:
    """Apply an editor's changes to the file on disk and return the book as saved."""
    merged = apply_edits(original, edited, load_book(letters_folder))
    save_book(letters_folder, merged)
    return merged


def _one_line(value: str) -> str:
    """One line of printable text: control characters dropped, runs of spaces made one."""
    return " ".join("".join(c for c in value if c.isprintable() or c.isspace()).split())


def _toml_string(value: str) -> str:
    """A TOML basic string. JSON's escapes (\\" \\\\ \\n \\t \\uXXXX) are TOML's too; TOML
    also wants DEL escaped, which JSON leaves as it is."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
