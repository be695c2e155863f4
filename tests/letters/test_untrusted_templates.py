"""An organisation's letter templates are untrusted data: they cannot hang the app, fill its
memory or read a file through a link, and the error names the template and its line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.letters.cases import police_facts
from vcop_desktop.errors import UserError
from vcop_desktop.letters import templates
from vcop_desktop.letters.draft import draft_letter


def _draft_with(tmp_path: Path, source: str) -> str:
    (tmp_path / "chaser.txt.j2").write_text(source, encoding="utf-8")
    return draft_letter(police_facts("chaser"), templates_dir=tmp_path).text


@pytest.mark.timeout(60)
def test_nested_loops_are_stopped_at_the_time_limit_naming_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "TIME_LIMIT_SECONDS", 0.5)
    source = (
        "Dear Sir\n"
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    )
    started = time.monotonic()
    with pytest.raises(UserError, match=r"chaser\.txt\.j2, line 2: .*stopped") as caught:
        _draft_with(tmp_path, source)
    assert time.monotonic() - started < 4
    assert str(tmp_path) in str(caught.value)


@pytest.mark.parametrize(
    "expression",
    [
        "'A' * 500000000",
        "500000000 * 'A'",
        "['A'] * 500000000",
        "'a'.ljust(500000000)",
        "'a'|center(500000000)",
        "'%500000000s' % 'a'",
        "'{:>500000000}'.format('a')",
        "'%500000000s'|format('a')",
        "10 ** 100000000",
    ],
)
def test_huge_values_are_refused_before_they_are_made(tmp_path: Path, expression: str) -> None:
    with pytest.raises(UserError, match=r"chaser\.txt\.j2, line 2: .*(limit|past)"):
        _draft_with(tmp_path, "Dear Sir\n{{ " + expression + " }}\n")


def test_output_past_the_size_limit_is_refused_naming_the_line(tmp_path: Path) -> None:
    source = "Dear Sir\nOK\n{% for i in range(100000) %}{{ 'A' * 1000 }}{% endfor %}\n"
    with pytest.raises(UserError, match=r"chaser\.txt\.j2, line 3: it writes more than"):
        _draft_with(tmp_path, source)


def test_an_ordinary_override_still_renders_and_is_reported(tmp_path: Path) -> None:
    (tmp_path / "chaser.txt.j2").write_text(
        '{% extends "_base.txt.j2" %}{% block body %}Ours: {{ 3 * 2 }} {{ "ab" * 2 }}.'
        "{% endblock %}",
        encoding="utf-8",
    )
    draft = draft_letter(police_facts("chaser"), templates_dir=tmp_path)
    assert "Ours: 6 abab." in draft.text
    assert draft.template_overrides == ("chaser.txt.j2",)
    assert draft_letter(police_facts("chaser")).template_overrides == ()


def test_a_symlinked_template_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LINE-FROM-ELSEWHERE\n", encoding="utf-8")
    letters = tmp_path / "letters"
    letters.mkdir()
    os.symlink(secret, letters / "chaser.txt.j2")
    with pytest.raises(UserError, match=r"is a link") as caught:
        draft_letter(police_facts("chaser"), templates_dir=letters)
    assert "SECRET-LINE" not in str(caught.value)


def test_a_template_through_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "chaser.txt.j2").write_text("SECRET-LINE-FROM-ELSEWHERE\n", encoding="utf-8")
    letters = tmp_path / "letters"
    letters.mkdir()
    os.symlink(real, letters / "sub")
    (letters / "chaser.txt.j2").write_text('{% include "sub/chaser.txt.j2" %}\n', "utf-8")
    with pytest.raises(UserError, match=r"is a link"):
        draft_letter(police_facts("chaser"), templates_dir=letters)
    os.symlink(real, tmp_path / "linked-letters")
    with pytest.raises(UserError, match=r"is a link"):
        draft_letter(police_facts("chaser"), templates_dir=tmp_path / "linked-letters")
