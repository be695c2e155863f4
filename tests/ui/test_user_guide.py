"""The in-app user guide and About text, built from the loaded rule packs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vcop_desktop import __version__
from vcop_desktop.rules import default_rulebook, load_rulebook
from vcop_desktop.ui.text import long_date
from vcop_desktop.ui.user_guide import RIGHTS, UserGuideDialog, about_html, guide_html

ORGANISATION_PACK = """
[pack]
id = "local-2025"
series = "local"
title = "Our force's service standards"
in_force_from = 2025-01-01

[[rule]]
id = "local.callback"
owed_by = "police"
triggers = ["crime_reported"]
limit = { working_days = 3 }
what = "Call the victim back <within> 3 working days & say who is dealing with it."
source = "Local service standard 4.2"
"""


def _text(dialog: UserGuideDialog) -> str:
    """The visible text, with Qt's line and paragraph separators as plain spaces."""
    return " ".join(dialog.browser.toPlainText().replace("\u2028", " ").split())


def test_the_guide_explains_every_right_and_lists_every_duty(qtbot: Any) -> None:
    rulebook = default_rulebook()
    dialog = UserGuideDialog(rulebook)
    qtbot.addWidget(dialog)
    dialog.show()
    text = _text(dialog)

    for number in range(1, 13):
        title, explanation = RIGHTS[number]
        assert f"Right {number}: {title}" in text
        assert " ".join(explanation.split()) in text
    for pack in rulebook.packs:
        for rule in pack.rules:
            assert " ".join(rule.what.split()) in text, rule.id
            assert rule.id in text
            assert rule.source in text
    for heading in ("The victim's own deadlines", "Good practice", "How time is counted"):
        assert heading in text
    assert "bank holidays of England and Wales" in text


def test_limits_standard_and_enhanced_are_shown() -> None:
    html = guide_html(default_rulebook())
    # police.inform_arrest: 5 working days, 1 for enhanced-rights victims
    assert "within 5 working days (enhanced rights: 1 working day)" in html
    # an assumed figure is flagged as such
    assert "assumed, not confirmed" in html


def test_an_organisation_pack_appears_escaped(tmp_path: Path) -> None:
    (tmp_path / "local.toml").write_text(ORGANISATION_PACK, encoding="utf-8")
    html = guide_html(load_rulebook([tmp_path]))
    assert "Call the victim back &lt;within&gt; 3 working days &amp; say who" in html
    assert "<within>" not in html
    assert "Local service standard 4.2" in html


def test_the_guide_links_only_within_itself() -> None:
    html = guide_html(default_rulebook()) + about_html(default_rulebook())
    targets = re.findall(r"""(?:href|src)\s*=\s*["']([^"']*)""", html)
    assert targets, "the contents links are missing"
    assert all(target.startswith("#") for target in targets), targets
    anchors = set(re.findall(r'<a name="([^"]+)"', html))
    assert {target[1:] for target in targets} <= anchors


def test_the_browser_follows_no_external_links(qtbot: Any) -> None:
    dialog = UserGuideDialog(default_rulebook())
    qtbot.addWidget(dialog)
    assert not dialog.browser.openExternalLinks()


def test_about_names_version_packs_dates_sources_and_licence() -> None:
    rulebook = default_rulebook()
    html = about_html(rulebook)
    assert f"VCOP Desktop {__version__}" in html
    assert "GPL-3.0-or-later" in html
    for pack in rulebook.packs:
        assert pack.id in html
        assert long_date(pack.in_force_from) in html
        if pack.source_url:
            assert pack.source_url in html
    assert "Victims&#x27; Code 2020, Right 6" in html


def test_the_guide_explains_compliance_reports() -> None:
    html = guide_html(default_rulebook())
    assert 'href="#reports"' in html and 'name="reports"' in html
    for definition in ("due date</b> falls in it", "Wilson", "&lt;5", "judged on the report"):
        assert definition in html
