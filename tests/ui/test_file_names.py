"""A letter's suggested file name reads as its title does (issue 18)."""

from __future__ import annotations

import pytest

from vcop_desktop.ui.file_dialogs import safe_file_name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("VC-2026-0001 CPS Victims' Right to Review", "VC-2026-0001 CPS Victims Right to Review"),
        (
            "VC-2026-0001 CPS Victims\u2019 Right to Review",
            "VC-2026-0001 CPS Victims Right to Review",
        ),
        ("Complaint: stage 2 / CPS", "Complaint stage 2 CPS"),
        ("a//b", "a-b"),
        ("...", "document"),
    ],
)
def test_a_title_becomes_a_file_name_without_stray_hyphens(title: str, name: str) -> None:
    assert safe_file_name(title) == name
