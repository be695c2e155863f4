"""Settings: declared once, typed, validated; defaults never overwrite user values."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.errors import UserError
from vcop_desktop.settings import SETTINGS, Settings


def test_defaults_and_round_trip(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    assert settings["idle_lock_minutes"] == 5
    assert settings["due_soon_days"] == 7
    settings.set("due_soon_days", 10)
    settings.set("closure_days", ["2026-12-24"])
    again = Settings(tmp_path)
    assert again["due_soon_days"] == 10
    assert again.closure_days() == [date(2026, 12, 24)]
    assert again["idle_lock_minutes"] == 5
    stored = json.loads((tmp_path / "settings.json").read_text())
    assert "idle_lock_minutes" not in stored  # defaults are not written over


def test_invalid_values_are_refused_and_nothing_changes(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    with pytest.raises(UserError, match="from 1 to 240"):
        settings.set("idle_lock_minutes", 0)
    with pytest.raises(UserError, match="not a date"):
        settings.update({"due_soon_days": 3, "closure_days": ["24/12/2026"]})
    assert settings["due_soon_days"] == 7
    with pytest.raises(UserError, match="no setting"):
        settings.set("colour", "blue")


def test_unknown_keys_kept_and_bad_file_reported(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"future_option": 1, "due_soon_days": "x"}')
    settings = Settings(tmp_path)
    assert settings["due_soon_days"] == 7
    assert settings.problems
    settings.set("advocate_name", "A. Advocate")
    assert json.loads((tmp_path / "settings.json").read_text())["future_option"] == 1
    (tmp_path / "settings.json").write_text("{not json")
    assert Settings(tmp_path).problems


def test_every_setting_has_a_description() -> None:
    assert all(s.description and s.label for s in SETTINGS)
    assert len({s.key for s in SETTINGS}) == len(SETTINGS)
