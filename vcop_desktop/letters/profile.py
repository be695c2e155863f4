"""Who letters come from: the organisation's letter settings in `<workspace>/letters/`.

The case file says nothing about the sender, so an organisation writes `sender.toml` once:

    [organisation]
    name = "Northdale Independent Advocacy"
    address = ["Unit 4, Canal Wharf", "Northdale", "ND1 4QT"]
    phone = "01632 960 123"
    email = "office@northdale-advocacy.example"

    [advocate]
    name = "Sam Advocate"
    role = "Independent Domestic Violence Adviser"
    email = "sam@northdale-advocacy.example"

    [recipients]            # by letter kind id or agency id: name and address lines
    police = ["Professional Standards Department", "Northdale Constabulary", "..."]

It holds no victim data, so it is a plain file. The same folder may hold template overrides.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vcop_desktop.domain.untrusted import load_toml
from vcop_desktop.errors import UserError
from vcop_desktop.input_files import SETTINGS_FILE_LIMIT, read_own_file
from vcop_desktop.letters.facts import SENDER_GAPS, SenderProfile
from vcop_desktop.storage.files import LETTERS_DIR

PROFILE_FILE = "sender.toml"


def sender_gaps(gaps: Iterable[str]) -> tuple[str, ...]:
    """The gaps of a draft that the sender's details would fill, in the order given."""
    return tuple(gap for gap in gaps if gap in SENDER_GAPS)


def letters_dir(workspace: Path) -> Path:
    """The organisation's letters folder in a workspace (templates and sender settings)."""
    return workspace / LETTERS_DIR


def load_profile(folder: Path) -> SenderProfile:
    """Read `sender.toml` from a letters folder; no file gives an empty profile (all gaps)."""
    path = folder / PROFILE_FILE
    raw = read_own_file(folder, PROFILE_FILE, SETTINGS_FILE_LIMIT)
    if raw is None:
        return SenderProfile()
    try:
        data = load_toml(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{path}: not valid TOML: {error}") from None
    org = _table(data, "organisation", path)
    adv = _table(data, "advocate", path)
    recipients = _table(data, "recipients", path)
    return SenderProfile(
        organisation=_str(org, "name", path),
        address=_lines(org, "address", path),
        phone=_str(org, "phone", path),
        email=_str(org, "email", path),
        advocate_name=_str(adv, "name", path),
        advocate_role=_str(adv, "role", path),
        advocate_phone=_str(adv, "phone", path),
        advocate_email=_str(adv, "email", path),
        recipients={key: _lines(recipients, key, path) for key in recipients},
    )


def with_user_settings(profile: SenderProfile, values: dict[str, Any]) -> SenderProfile:
    """The profile with the advocate's own settings (name, role, organisation) laid over it.

    `values` holds the app settings `organisation_name`, `organisation_address`,
    `advocate_name` and `advocate_role`; an empty value keeps the workspace's.
    """
    from dataclasses import replace

    address = tuple(
        line.strip() for line in str(values.get("organisation_address", "")).splitlines()
        if line.strip()
    )  # fmt: skip
    return replace(
        profile,
        organisation=values.get("organisation_name") or profile.organisation,
        address=address or profile.address,
        advocate_name=values.get("advocate_name") or profile.advocate_name,
        advocate_role=values.get("advocate_role") or profile.advocate_role,
    )


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise UserError(f"{path}: [{key}] must be a table")
    return value


def _str(table: dict[str, Any], key: str, path: Path) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise UserError(f"{path}: {key} must be text in quotes")
    return value


def _lines(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UserError(f'{path}: {key} must be a list of lines, e.g. ["line 1", "line 2"]')
    return tuple(value)
