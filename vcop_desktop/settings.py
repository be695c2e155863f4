"""Settings, declared once: key, type, default and what it is for (Picard/qutebrowser style).

Stored as JSON in the config folder (platformdirs, or `--config-dir`). Defaults are never
written over a user's value; keys this version does not know are kept untouched so an older
and a newer version can share a file. Nothing here is victim data.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vcop_desktop.domain.untrusted import load_json
from vcop_desktop.errors import UserError

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _int_range(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None

    return check


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be text"


def _times(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and _TIME.fullmatch(v)
                                              for v in value):  # fmt: skip
        return "must be a list of times such as 09:00"
    return None


def _dates(value: Any) -> str | None:
    if not isinstance(value, list):
        return "must be a list of dates such as 2026-12-24"
    for item in value:
        try:
            date.fromisoformat(item)
        except (TypeError, ValueError):
            return f"{item!r} is not a date such as 2026-12-24"
    return None


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    default: Any
    label: str
    description: str
    check: Callable[[Any], str | None]
    group: str


SETTINGS: tuple[Setting, ...] = (
    Setting("idle_lock_minutes", 5, "Lock after idle (minutes)",
            "Hide everything and forget the keys after this long without input.",
            _int_range(1, 240), "Privacy"),
    Setting("due_soon_days", 7, "\"Due soon\" window (days)",
            "Obligations due within this many days are shown as due soon.",
            _int_range(1, 90), "Reminders"),
    Setting("reminder_times", ["09:00"], "Reminder times",
            "Times of day to check for newly due and overdue items while the app runs.",
            _times, "Reminders"),
    Setting("closure_days", [], "Extra closure days",
            "Days your organisation treats as non-working, on top of bank holidays.",
            _dates, "Calendar"),
    Setting("organisation_name", "", "Organisation name", "Shown as the sender on letters.",
            _text, "Letters"),
    Setting("organisation_address", "", "Organisation address",
            "The sender's address on letters, one line per line.", _text, "Letters"),
    Setting("advocate_name", "", "Your name", "Signs letters.", _text, "Letters"),
    Setting("advocate_role", "", "Your role", "Under your name on letters, e.g. IDVA.",
            _text, "Letters"),
    Setting("backup_folder", "", "Backup folder",
            "Where encrypted backups go: ideally a different disk.", _text, "Backups"),
    Setting("backup_every_hours", 24, "Back up every (hours)",
            "How often to back up the workspace while the app runs.",
            _int_range(1, 24 * 14), "Backups"),
    Setting("rules_folder", "", "Extra rule packs folder",
            "A folder of your organisation's own rule packs (TOML).", _text, "Calendar"),
    Setting("last_workspace", "", "Last workspace", "The workspace opened last time.",
            _text, "General"),
    Setting("report_min_count", 5, "Smallest count shown in exports",
            "Counts below this show as <N in report CSV, XLSX and PDF files.",
            _int_range(1, 100), "Reports"),
)  # fmt: skip

_BY_KEY = {s.key: s for s in SETTINGS}

#: The settings that sign letters (laid over the workspace's letters/sender.toml).
SENDER_KEYS = ("organisation_name", "organisation_address", "advocate_name", "advocate_role")


class Settings:
    """Typed access to the settings file. Every write goes to disk atomically."""

    FILE_NAME = "settings.json"

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / self.FILE_NAME
        self._values: dict[str, Any] = {}
        self.problems: list[str] = []
        self._load()

    def _load(self) -> None:
        try:
            raw = load_json(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            self.problems.append(f"{self.path} could not be read; defaults are used instead.")
            return
        if not isinstance(raw, dict):
            self.problems.append(f"{self.path} is not a settings file; defaults are used.")
            return
        for key, value in raw.items():
            setting = _BY_KEY.get(key)
            if setting is not None and setting.check(value) is not None:
                self.problems.append(f"Setting {setting.label!r} was invalid and was reset.")
                continue
            self._values[key] = value

    def __getitem__(self, key: str) -> Any:
        setting = _BY_KEY[key]
        value = self._values.get(key, setting.default)
        return list(value) if isinstance(value, list) else value

    def set(self, key: str, value: Any) -> None:
        """Validate and save one value; a bad value raises `UserError` and changes nothing."""
        setting = _BY_KEY.get(key)
        if setting is None:
            raise UserError(f"There is no setting called {key!r}.")
        problem = setting.check(value)
        if problem:
            raise UserError(f"{setting.label} {problem}.")
        self._values[key] = value
        self.save()

    def update(self, values: dict[str, Any]) -> None:
        """Set several values at once: all valid, or none changed."""
        for key, value in values.items():
            setting = _BY_KEY.get(key)
            if setting is None:
                raise UserError(f"There is no setting called {key!r}.")
            problem = setting.check(value)
            if problem:
                raise UserError(f"{setting.label} {problem}.")
        self._values.update(values)
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".json.tmp")
        try:
            with temp.open("w", encoding="utf-8") as handle:
                json.dump(self._values, handle, indent=2, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            temp.replace(self.path)
        except OSError as error:
            temp.unlink(missing_ok=True)
            raise UserError(
                f"Settings could not be saved to {self.path.parent} ({error.strerror})."
            ) from None

    def closure_days(self) -> list[date]:
        return [date.fromisoformat(d) for d in self["closure_days"]]

    def __iter__(self) -> Iterator[Setting]:
        return iter(SETTINGS)


def default_config_dir() -> Path:
    """The per-user config folder, resolved when asked (never at import)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("vcop-desktop", appauthor=False))
