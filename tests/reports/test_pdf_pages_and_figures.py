"""What every report PDF carries besides its tables (issue 21 §2: mutants of reports/pdf.py
that the PDF tests let live).

- Page numbers on every report, and no letter's "Our ref:" in a report's footer.
- The VPS report says how many case files could not be read (its figures leave them out).
- Each rule pack in use is named; a high on-time rate gives its interval exactly (the lower
  bound drawn from 84% to 85% lived: every fixture's interval started below 50%).
- A CPS letters PDF keeps its not-official status and tables before the quality mark.
- A bar whose rate would give another agency's hidden count away is not drawn.
- The charts are drawn at the width of the page they are placed on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from tests.letters.pdftext import pdf_text
from tests.reports.test_flat_formats_presets import _cps_run
from tests.reports.test_pdf_charts import _by_area, shapes
from tests.reports.test_pdf_story import _cell_looks, _code_run
from tests.reports.test_report_outputs_exact import FACTS
from tests.reports.test_service_exports_exact import RUN as SERVICE_RUN
from tests.reports.test_vps_preset import END, START, TODAY, _case
from vcop_desktop.domain.equality import method_note
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.domain.vps_report import compute
from vcop_desktop.reports.pdf import to_pdf
from vcop_desktop.reports.pdf_charts import bar_chart, trend_chart
from vcop_desktop.reports.pdf_sections import to_service_pdf, to_vps_pdf
from vcop_desktop.reports.run import NOT_OFFICIAL, PRESETS, ReportRun, build_run
from vcop_desktop.reports.vps import VpsRun


def _moj_run(**kw: Any) -> ReportRun:
    preset = PRESETS["moj-five-areas"]
    return build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31),
                     today=date(2026, 3, 10), groupings=list(preset.groupings), min_count=1,
                     preset=preset, **kw)  # fmt: skip


def _vps_run(unread: int = 0) -> VpsRun:
    report = ("crime_reported", "2026-01-05", {})
    cases = [_case(str(n), report) for n in range(3)]
    return VpsRun(compute(cases, start=START, end=END, today=TODAY), min_count=1, unread=unread)


@pytest.mark.parametrize(
    "make",
    [
        lambda: to_pdf(_code_run()),
        lambda: to_pdf(_moj_run()),
        lambda: to_service_pdf(SERVICE_RUN),
        lambda: to_vps_pdf(_vps_run()),
    ],
    ids=["code", "preset", "service", "vps"],
)
def test_every_report_pdf_numbers_its_pages_and_carries_no_letter_reference(make: Any) -> None:
    text = pdf_text(make())
    assert "Page 1 of " in text
    assert "Our ref" not in text


def test_the_vps_pdf_says_how_many_case_files_could_not_be_read() -> None:
    text = pdf_text(to_vps_pdf(_vps_run(unread=2)))
    assert "Not read. 2 case file(s) could not be read and are left out." in text
    assert "Not read" not in pdf_text(to_vps_pdf(_vps_run()))


def test_a_vps_pdf_without_an_organisation_starts_with_its_status() -> None:
    seen: list[list[Any]] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        seen.append([f.text for f in story[:2] if isinstance(f, Paragraph)])
        assert self.author == ""
        return original(self, story, **kw)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SimpleDocTemplate, "build", build)
        to_vps_pdf(_vps_run())
    assert seen[0][1].startswith(f"<b>{NOT_OFFICIAL}</b> Period: ")


def test_each_rule_pack_in_use_is_named_on_the_report() -> None:
    for data in (to_pdf(_code_run(packs=["p1", "p2"])), to_pdf(_moj_run(packs=["p1", "p2"]))):
        assert "Rule packs: p1; p2. Made with VCOP Desktop." in pdf_text(data)


def test_a_high_on_time_rate_gives_its_interval_exactly() -> None:
    """20 of 20 on time: 100%, Wilson 95% interval 84–100% (0.8389 by hand)."""
    facts = [
        ObligationFact(f"k{n}", "police.refer_support", "police", 4, Category.CODE,
                       date(2026, 3, 4), date(2026, 3, 2), "met", date(2026, 3, 3))
        for n in range(20)
    ]  # fmt: skip
    run = build_run(facts, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), groupings=[("agency",)], title="T")  # fmt: skip
    text = pdf_text(to_pdf(run))
    assert "100% were met on time (95% CI 84–100%)" in text
    assert text.count("100% (84–100)") == 2  # the total's row and the police row
    preset = PRESETS["moj-five-areas"]
    area = build_run(facts, start=date(2026, 3, 1), end=date(2026, 3, 31),
                     today=date(2026, 3, 10), groupings=list(preset.groupings),
                     duties=preset.duties, preset=preset)  # fmt: skip
    assert "100% (84–100)" in pdf_text(to_pdf(area))


def test_the_cps_pdf_keeps_its_status_and_tables_before_the_quality_mark(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[str]] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        seen.append([type(f).__name__ + ":" + getattr(f, "text", "")[:40] for f in story])
        return original(self, story, **kw)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    to_pdf(_cps_run())
    story = seen[0]
    status = story.index(f"Paragraph:<b>{NOT_OFFICIAL}</b>"[:50])
    quality = next(n for n, s in enumerate(story) if s.startswith("KeepTogether"))
    assert story[0] == "Paragraph:CPS"
    assert status < story.index("Table:") < quality


def test_the_cps_quality_table_is_top_aligned_and_padded_in_every_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables: list[Table] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        tables.extend(x for f in story for x in getattr(f, "_content", []) if isinstance(x, Table))
        return original(self, story, **kw)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    to_pdf(_cps_run())
    (quality,) = tables
    heading = [("DejaVuSans", 7.5, "TOP", "LEFT", 2, 2, 6, 6)] * 4
    row = [("DejaVuSans", 7.5, "TOP", "LEFT", 2, 2, 6, 6)] + [
        ("DejaVuSans", 7.5, "TOP", "RIGHT", 2, 2, 6, 6)] * 3  # fmt: skip
    assert _cell_looks(quality) == [heading, row, row, row]


def test_a_bar_whose_rate_would_give_another_agencys_hidden_count_away_is_not_drawn() -> None:
    """Police 5 met and 2 overdue (the 2 hidden); CPS 5 met and 6 overdue: the 6 would give
    the 2 away from the total, so it is hidden, and with it the CPS rate its row alone would
    show."""
    facts = [
        f if f.force == "Eastvale" else f._replace(owed_by="cps")
        for f in _by_area("Eastvale", "Westmoor", "police.refer_support", "police")
    ]
    run = build_run(facts, start=date(2026, 2, 1), end=date(2026, 3, 31),
                    today=date(2026, 4, 10), title="T", min_count=5)  # fmt: skip
    drawn = shapes(bar_chart(run.by_agency.groups, run, 300.0))
    assert [s[3] for s in drawn if s[0] == "S" and s[3].startswith("not shown")] == [
        "not shown (small counts)"] * 2  # fmt: skip
    assert not [s for s in drawn if s[0] == "R"]


def test_the_charts_are_drawn_at_the_width_they_are_given() -> None:
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), title="T", min_count=1)  # fmt: skip
    bars = bar_chart(run.by_agency.groups, run, 480.0)
    trend = trend_chart(run.by_month.groups, run, 480.0)
    assert (bars.width, bars.height) == (480.0, 180.0)
    assert (trend.width, trend.height) == (480.0, 160.0)


def test_a_presets_tables_are_in_the_small_cell_style_like_every_other_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A heading or group name in reportlab's default 10-point Helvetica would overrun its
    narrow column."""
    styles: list[set[str]] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        for table in (f for f in story if isinstance(f, Table)):
            styles.append({c.style.name for row in table._cellvalues for c in row
                           if isinstance(c, Paragraph)})  # fmt: skip
        return original(self, story, **kw)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    to_pdf(_moj_run())
    assert styles == [{"cell"}] * 3  # all; by MoJ return area; by agency


def test_a_breakdown_by_the_victim_says_how_it_was_worked_out_after_the_method(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[tuple[str, str]]] = []
    original = SimpleDocTemplate.build

    def build(self: SimpleDocTemplate, story: list[Any], **kw: Any) -> Any:
        seen.append([(f.style.name, f.text) for f in story if isinstance(f, Paragraph)])
        return original(self, story, **kw)

    monkeypatch.setattr(SimpleDocTemplate, "build", build)
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), groupings=[("under_18",)], title="T")  # fmt: skip
    to_pdf(run)
    paragraphs = seen[0]
    method = next(n for n, (_s, text) in enumerate(paragraphs) if text.startswith("<b>Method"))
    assert paragraphs[method + 2] == ("small", method_note(["under_18"]))
    to_pdf(_code_run())
    assert not any(text.startswith("Breakdowns by the victim") for _s, text in seen[1])


def test_the_headline_gives_no_rate_when_the_table_hides_a_count_of_the_total() -> None:
    """Police: 8 on time, 2 late (hidden), 6 overdue (hidden too, or 16 - 8 - 6 would give
    the 2 away); CPS: 5 on time, 5 late, none overdue. The police's hidden 6 is the only
    overdue count, so the total's 6 is hidden in the table: a rate in the headline, over 26,
    would give it away. The total's row alone hides nothing."""

    def fact(n: int, owed_by: str, status: str) -> ObligationFact:
        due = date(2026, 3, 4)
        met = {"met": due, "met_late": date(2026, 3, 6)}.get(status)
        return ObligationFact(f"k{n}", "x.duty", owed_by, 4, Category.CODE, due,
                              date(2026, 3, 2), status, met)  # fmt: skip

    plan = [("police", "met")] * 8 + [("police", "met_late")] * 2 + [("police", "overdue")] * 6
    plan += [("cps", "met")] * 5 + [("cps", "met_late")] * 5
    facts = [fact(n, owed_by, status) for n, (owed_by, status) in enumerate(plan)]
    run = build_run(facts, start=date(2026, 3, 1), end=date(2026, 3, 31),
                    today=date(2026, 3, 10), groupings=[("agency",)], title="T")  # fmt: skip
    assert run.shown(run.total, "overdue") == "x"
    text = pdf_text(to_pdf(run))
    assert "26 obligations fell due in 26 cases." in text
    assert "were met on time" not in text
