"""The Reports tab: Code compliance across every case, with one-click presets, two charts drawn
with Qt painting (on-time rate per group with 95% whiskers; the monthly trend), a table, and
Save as PDF, XLSX or CSV. Manager's view: merge anonymised extracts from other workspaces.

The figures are computed on the storage worker from the workspace index (no case file is
opened); the table shows the advocate exact counts, the saved files suppress small ones.
The service report (the advocate's own standards) has a preset of its own: it reads each case
file on the worker and is shown in a table of its own, never beside Code compliance figures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcop_desktop.domain.equality import BREAKDOWNS
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import KIND_TITLES
from vcop_desktop.domain.report_groupings import KEY_RIGHTS
from vcop_desktop.reports.run import (
    GROUPING_TITLES,
    PRESETS,
    ReportRun,
    default_period,
    preset_named,
)
from vcop_desktop.reports.service import ServiceRun
from vcop_desktop.reports.vps import VpsRun
from vcop_desktop.ui.event_dialog import from_qdate, to_qdate
from vcop_desktop.ui.file_dialogs import save_bytes_as
from vcop_desktop.ui.live_label import LiveLabel
from vcop_desktop.ui.report_widgets import ReportChart, ReportTableModel, ServiceTableModel
from vcop_desktop.ui.tables import setup_table

_PRESET_BUTTONS = (
    ("quarter-by-agency", "&Quarter by agency"),
    ("moj-five-areas", "Mo&J five areas"),
    ("cps-victim-letters", "CPS &letters"),
    ("trend-by-month", "Trend by &month"),
    ("by-force", "&By police force"),  # B: its O is the VPS report's
)


class ReportsView(QWidget):
    """`host` is the main window: its `run` (the storage worker), `workspace`, `today` and
    `context.settings` are all this view needs."""

    def __init__(self, host: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.run_result: ReportRun | None = None
        self.extracts: list[Path] = []
        self.preset: str | None = None
        #: The service report or the VPS report: both (section, measure, value) tables.
        self.service_result: ServiceRun | VpsRun | None = None
        layout = QVBoxLayout(self)
        presets = QHBoxLayout()
        presets.addWidget(QLabel("<b>Reports:</b>"))
        # The shapes commissioners already read, each naming its origin, on a row of their own.
        shapes = QHBoxLayout()
        shapes.addWidget(QLabel("<b>In the shapes commissioners read:</b>"))
        self.preset_buttons: dict[str, QPushButton] = {}
        for key, text in _PRESET_BUTTONS:
            button = QPushButton(text)
            button.setToolTip(PRESETS[key].title)
            button.clicked.connect(lambda _=False, k=key: self.run_preset(k))
            (shapes if PRESETS[key].origin else presets).addWidget(button)
            self.preset_buttons[key] = button
        self.service_button = QPushButton("Serv&ice report (advocate's own standards)")
        self.service_button.setToolTip(
            "Referrals, first contact, risk, MARAC, safety plans and sharing, against the "
            "service's own standards: not Code compliance figures"
        )
        self.service_button.clicked.connect(self.run_service)
        presets.addWidget(self.service_button)
        # Alt+O: the page's other letters are all taken (the force report moved to B for it).
        self.vps_button = QPushButton("Victim Pers&onal Statement")
        self.vps_button.setToolTip(
            "Victim Personal Statement (Victims' Commissioner's standard): offered, when, why "
            "not, updates, reading it aloud, considered at sentence, told how it was used"
        )
        self.vps_button.setAccessibleName("Victim Personal Statement report")
        self.vps_button.clicked.connect(self.run_vps)
        shapes.addWidget(self.vps_button)
        shapes.addStretch(1)
        presets.addStretch(1)
        self.merge_button = QPushButton("Mer&ge extracts…")
        self.merge_button.setToolTip("A manager's report over anonymised extracts from others")
        self.merge_button.clicked.connect(self.choose_extracts)
        self.own_button = QPushButton("Back to this &workspace")
        self.own_button.clicked.connect(self.use_workspace)
        self.own_button.hide()
        presets.addWidget(self.merge_button)
        presets.addWidget(self.own_button)
        layout.addLayout(presets)
        layout.addLayout(shapes)

        options = QHBoxLayout()
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit, name in ((self.start, "Period from"), (self.end, "Period to")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of obligation")
        for kind in Category:
            self.kind.addItem(KIND_TITLES[kind], kind.value)
        self.grouping = QComboBox()
        self.grouping.setAccessibleName("Group by")
        for key, title in GROUPING_TITLES.items():
            if key not in BREAKDOWNS:  # those are the "Break down by" list's
                self.grouping.addItem(title, key)
        # A breakdown by the victim (under 18, characteristics recorded with consent) on top
        # of any report, the return presets included: issue 22 §2.
        self.breakdown = QComboBox()
        self.breakdown.setAccessibleName("Break down by the victim")
        self.breakdown.addItem("No breakdown", None)
        for key in BREAKDOWNS:
            self.breakdown.addItem(GROUPING_TITLES[key], key)
        self.breakdown.currentIndexChanged.connect(lambda _i: self.refresh(preset=self.preset))
        self.key_rights = QCheckBox("Only Rights 3, 4, 6, 7, 11")
        run = QPushButton("R&un")
        run.clicked.connect(self.refresh)
        for text, widget in (("From:", self.start), ("to:", self.end), ("Show:", self.kind),
                             ("By:", self.grouping)):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(widget)
            options.addWidget(label)
            options.addWidget(widget)
        options.addWidget(self.key_rights)
        options.addWidget(run)
        options.addStretch(1)
        layout.addLayout(options)
        victim_row = QHBoxLayout()  # its own row: the options row fills a 1024-pixel screen
        label = QLabel("Brea&k down by the victim:")
        label.setBuddy(self.breakdown)
        victim_row.addWidget(label)
        victim_row.addWidget(self.breakdown)
        victim_row.addStretch(1)
        layout.addLayout(victim_row)

        self.headline = LiveLabel("Report summary", "Choose a report above.")
        layout.addWidget(self.headline)
        split = QSplitter(Qt.Orientation.Vertical)
        charts = QWidget()
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        self.bars = ReportChart("On-time rate by agency")
        self.trend = ReportChart("Monthly trend")
        row.addWidget(self.bars, 3)
        row.addWidget(self.trend, 2)
        split.addWidget(charts)
        self.model = ReportTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, {1: "Westmoor Constabulary", 8: "reason given"}, stretch=1,
                    name="Report table")  # fmt: skip
        self.table.setSortingEnabled(False)  # the total first, then the groups in order
        split.addWidget(self.table)
        self.charts = charts
        self.service_model = ServiceTableModel(self)
        self.service_table = QTableView()
        self.service_table.setModel(self.service_model)
        setup_table(self.service_table, {1: "Median days from referral to first contact"},
                    stretch=2, name="Service report table")  # fmt: skip
        self.service_table.setSortingEnabled(False)  # in the report's order
        self.service_table.hide()
        split.addWidget(self.service_table)
        split.setSizes([300, 300, 0])
        layout.addWidget(split, 1)

        saves = QHBoxLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        saves.addWidget(self.note, 1)
        self.appendix = QCheckBox("Case appe&ndix (case codes only)")
        self.appendix.setToolTip("Add the late or missed obligations by case code to the PDF/XLSX")
        self.appendix.toggled.connect(lambda _on: self.refresh(preset=self.preset))
        saves.addWidget(self.appendix)
        self.save_buttons: dict[str, QPushButton] = {}
        kinds = (("pdf", "Save as &PDF…"), ("xlsx", "Save as &XLSX…"), ("csv", "Save as C&SV…"),
                 ("extract", "Save anonymised &extract…"))  # fmt: skip
        for fmt, text in kinds:
            button = QPushButton(text)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, f=fmt: self.save_as(f))
            saves.addWidget(button)
            self.save_buttons[fmt] = button
        layout.addLayout(saves)
        self._set_period(default_period(None, self.host.today))

    # -- choosing -------------------------------------------------------------------------------

    def _set_period(self, period: tuple[date, date]) -> None:
        self.start.setDate(to_qdate(period[0]))
        self.end.setDate(to_qdate(period[1]))

    def run_preset(self, key: str) -> None:
        key, preset = preset_named(key)  # an old name (a saved setting) still works
        groupings, rights = preset.groupings, preset.rights
        self.preset = key
        self._set_period(default_period(key, self.host.today))
        self.kind.setCurrentIndex(self.kind.findData(Category.CODE.value))
        self.grouping.setCurrentIndex(self.grouping.findData(groupings[0][0]))
        self.key_rights.setChecked(bool(rights))
        self.refresh(preset=key)

    def refresh(self, preset: str | None = None) -> None:
        """Compute the report on the storage worker and show it."""
        start, end = from_qdate(self.start.date()), from_qdate(self.end.date())
        if start > end:
            self.headline.setText("The period starts after it ends: choose the dates again.")
            return
        if not isinstance(preset, str):
            self.preset = None
        chosen = PRESETS[self.preset] if self.preset else None
        title = chosen.title if chosen else ""
        kind = Category(self.kind.currentData())
        grouping = str(self.grouping.currentData())
        rights = KEY_RIGHTS if self.key_rights.isChecked() else ()
        # A preset with its own duties (a return's shape) runs exactly as the CLI runs it.
        groupings = list(chosen.groupings) if chosen and chosen.duties else [(grouping,)]
        victim_by = self.breakdown.currentData()
        if victim_by and (victim_by,) not in groupings:
            groupings.append((victim_by,))
        duties = chosen.duties if chosen else ()
        today = self.host.today
        min_count = int(self.host.context.settings["report_min_count"])
        extracts = list(self.extracts)
        workspace = self.host.workspace
        with_appendix = self.appendix.isChecked() and not extracts
        if workspace is None and not extracts:
            return
        self._show_service(False)

        def job() -> ReportRun:
            from vcop_desktop.reports.run import build_run

            if extracts:
                from vcop_desktop.reports.extract import merge_extracts

                facts, packs = merge_extracts(extracts)
                source = f"{len(extracts)} extracts merged"
            else:
                from vcop_desktop.reports.source import workspace_facts

                found = workspace_facts(workspace, start, end, kind, today=today)
                facts, packs, source = found.facts, found.packs, "this workspace"
            quality = None  # the CPS letters' quality mark: from the case files only
            if chosen is not None and chosen.letter_quality and not extracts:
                from vcop_desktop.reports.letter_quality import workspace_quality

                quality = workspace_quality(workspace, facts, start=start, end=end, today=today)
            codes = (
                {c.case_id: c.case_code for c in workspace.list_cases()} if with_appendix else None
            )
            return build_run(facts, start=start, end=end, today=today, kind=kind,
                             groupings=groupings, rights=rights, duties=duties,
                             packs=packs, min_count=min_count, title=title, source=source,
                             case_codes=codes, preset=chosen, quality=quality)  # fmt: skip

        self.host.run(job, self.show_run, "make the report")

    def show_run(self, run: ReportRun) -> None:
        self.run_result = run
        self.model.set_run(run)
        self.table.resizeColumnsToContents()  # a few dozen rows at most: cheap
        by = run.reports[0].query.by[0] if run.reports else "agency"
        bars = run.reports[0] if run.reports and by != "month" else run.by_agency
        bar_by = bars.query.by[0] if bars.query.by else "agency"
        self.bars.set_groups(bars.groups, f"On-time rate by {GROUPING_TITLES[bar_by].lower()} "
                             "(95% interval)", trend=False)  # fmt: skip
        self.trend.set_groups(run.by_month.groups, "Monthly trend (on-time rate)", trend=True)
        t = run.total
        text = f"<b>{run.title}</b> — {t.due} obligations fell due in {t.cases} cases"
        if t.on_time_rate is not None and t.ci95:
            text += (
                f"; <b>{t.on_time_rate * 100:.0f}%</b> met on time (95% interval "
                f"{t.ci95[0] * 100:.0f}–{t.ci95[1] * 100:.0f}%)"
            )
        if t.median_days_late is not None:
            text += f"; those late a median of {t.median_days_late:g} days late"
        text += f". {t.late_reason_given} late or missed with the agency's reason on record."
        if run.quality is not None:  # beside timeliness, never merged with it
            q = run.quality.total
            text += (
                f" Letter quality (a separate measure): {q.due} letters sent with the "
                f"advocate's mark, {q.met_on_time} explaining the reasons clearly, "
                f"{q.overdue} not."
            )
        if run.status:  # a preset in a return's shape: its figures are not official statistics
            text += f" <i>{run.status}</i>"
        self.headline.setText(text)
        self.note.setText(
            f"Source: {run.source}. Saved files show counts under {run.min_count} as "
            f"&lt;{run.min_count} and carry no names, crime references or dates of birth."
        )
        for button in self.save_buttons.values():
            button.setEnabled(True)
        self.save_buttons["extract"].setEnabled(not self.extracts)

    # -- the service report -----------------------------------------------------------------

    def _case_report_asked(self) -> tuple[Any, date, date, date, int] | None:
        """What a report read from the case files needs (the workspace, the period shown, the
        day, the small-number threshold), or None with the reason shown."""
        start, end = from_qdate(self.start.date()), from_qdate(self.end.date())
        if start > end:
            self.headline.setText("The period starts after it ends: choose the dates again.")
            return None
        workspace = self.host.workspace
        if workspace is None:
            return None
        min_count = int(self.host.context.settings["report_min_count"])
        return workspace, start, end, self.host.today, min_count

    def run_service(self) -> None:
        """The service report over this workspace's cases for the period shown (computed on
        the storage worker: it reads each case file)."""
        asked = self._case_report_asked()
        if asked is None:
            return
        workspace, start, end, today, min_count = asked

        def job() -> ServiceRun:
            from vcop_desktop.reports.service import build_service_run, workspace_service_cases

            cases, forms, unread = workspace_service_cases(workspace, today)
            return build_service_run(cases, forms, start=start, end=end, today=today,
                                     min_count=min_count, unread=unread)  # fmt: skip

        self.host.run(job, self.show_service, "make the service report")

    def run_vps(self) -> None:
        """The VPS report over this workspace's cases for the period shown (on the storage
        worker: it reads each case file's events)."""
        asked = self._case_report_asked()
        if asked is None:
            return
        workspace, start, end, today, min_count = asked

        def job() -> VpsRun:
            from vcop_desktop.reports.vps import build_vps_run, workspace_vps_cases

            cases, unread = workspace_vps_cases(workspace)
            return build_vps_run(cases, start=start, end=end, today=today,
                                 min_count=min_count, unread=unread)  # fmt: skip

        self.host.run(job, self.show_service, "make the VPS report")

    def _show_service(self, on: bool) -> None:
        """The service report and the Code report never share the screen."""
        self.charts.setVisible(not on)
        self.table.setVisible(not on)
        self.service_table.setVisible(on)
        for widget in (self.appendix, self.kind, self.grouping, self.key_rights):
            widget.setEnabled(not on)  # Code report options: nothing to the service report
        if not on:
            self.service_result = None
            self.service_model.set_run(None)

    def show_service(self, run: ServiceRun | VpsRun) -> None:
        self.run_result = None
        self.model.set_run(None)
        self.service_result = run
        self.service_model.set_run(run)
        self._show_service(True)
        self.service_table.resizeColumnsToContents()
        text = f"<b>{run.title}</b> — recorded by the advocacy service; not official statistics. "
        if isinstance(run, VpsRun):
            text += (
                f"{run.figures.reported} cases reported in the period, "
                f"{run.figures.offered.yes} offered a VPS; {run.figures.sentenced} sentenced."
            )
        else:
            f = run.figures
            text += (
                f"{f.referrals} referrals received, {f.assessments} risk assessments, "
                f"{f.marac_referrals} MARAC referrals."
            )
        self.headline.setText(text)
        unread = f" {run.unread} case file(s) could not be read." if run.unread else ""
        self.note.setText(
            f"Source: this workspace.{unread} Saved files show counts under {run.min_count} as "
            f"&lt;{run.min_count} and carry no names, contacts or risk answers."
        )
        for fmt, button in self.save_buttons.items():
            button.setEnabled(fmt != "extract")

    def clear(self) -> None:
        """Forget the shown report (on lock: the appendix may hold case codes)."""
        self._show_service(False)
        self.run_result = None
        self.model.set_run(None)
        self.bars.set_groups([], "On-time rate by agency", trend=False)
        self.trend.set_groups([], "Monthly trend", trend=True)
        self.headline.setText("Choose a report above.")
        self.note.setText("")
        self.extracts = []
        self.own_button.hide()
        for button in self.save_buttons.values():
            button.setEnabled(False)

    # -- extracts ---------------------------------------------------------------------------------

    def choose_extracts(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Merge report extracts", str(Path.home()), "Report extracts (*.json)"
        )
        if paths:
            self.merge([Path(p) for p in paths])

    def merge(self, paths: list[Path]) -> None:
        self.extracts = paths
        self.own_button.show()
        self.refresh()

    def use_workspace(self) -> None:
        self.extracts = []
        self.own_button.hide()
        self.refresh()

    # -- saving -----------------------------------------------------------------------------------

    def default_name(self, fmt: str) -> str:
        """A file name with the period only: never a name or a case code."""
        if isinstance(self.service_result, VpsRun):
            from vcop_desktop.reports.vps import default_name as vps_name

            return vps_name(self.service_result, fmt)
        if self.service_result is not None:
            from vcop_desktop.reports.service import default_name

            return default_name(self.service_result, fmt)
        q = self.run_result.query if self.run_result else None
        period = f"{q.start.isoformat()}-to-{q.end.isoformat()}" if q else "report"
        if fmt == "extract":
            return f"vcop-extract-{period}.json"
        return f"vcop-report-{period}.{fmt}"

    def save_as(self, fmt: str, path: Path | None = None) -> None:
        if self.service_result is not None:
            self._save_service(fmt, self.service_result, path)
            return
        run = self.run_result
        if run is None:
            return
        filters = {"pdf": "PDF (*.pdf)", "xlsx": "Excel workbook (*.xlsx)",
                   "csv": "CSV (*.csv)", "extract": "Report extract (*.json)"}  # fmt: skip
        workspace = self.host.workspace
        organisation = str(self.host.context.settings["organisation_name"])
        q = run.query
        today = self.host.today

        def job() -> bytes:
            if fmt == "pdf":
                from vcop_desktop.reports.pdf import to_pdf

                data = to_pdf(run, organisation)
            elif fmt == "xlsx":
                from vcop_desktop.reports.xlsx import to_xlsx

                data = to_xlsx(run)
            elif fmt == "csv":
                from vcop_desktop.reports.flat_formats import to_csv

                data = to_csv(run)
            else:
                from vcop_desktop.reports.extract import make_extract
                from vcop_desktop.reports.source import workspace_facts

                found = workspace_facts(workspace, q.start, q.end, today=q.today)
                data = make_extract(found.facts, made_on=today, start=q.start, end=q.end,
                                    packs=found.packs)  # fmt: skip
            return data

        def done(data: bytes) -> None:
            saved = save_bytes_as(
                self, "Save report", self.default_name(fmt), filters[fmt], data, first=path
            )
            if saved is not None:
                self.note.setText(f"Saved {saved.name}.")

        self.host.run(job, done, "save it")

    def _save_service(self, fmt: str, run: ServiceRun | VpsRun, path: Path | None) -> None:
        filters = {"pdf": "PDF (*.pdf)", "xlsx": "Excel workbook (*.xlsx)", "csv": "CSV (*.csv)"}
        if fmt not in filters:
            return  # no extract of the service report
        organisation = str(self.host.context.settings["organisation_name"])

        def job() -> bytes:
            if isinstance(run, VpsRun):
                from vcop_desktop.reports import pdf_sections, vps, xlsx

                writers = {
                    "pdf": lambda: pdf_sections.to_vps_pdf(run, organisation),
                    "xlsx": lambda: xlsx.to_vps_xlsx(run),
                    "csv": lambda: vps.to_csv(run),
                }
                return writers[fmt]()  # fmt: skip
            if fmt == "pdf":
                from vcop_desktop.reports.pdf_sections import to_service_pdf

                return to_service_pdf(run, organisation)
            if fmt == "xlsx":
                from vcop_desktop.reports.xlsx import to_service_xlsx

                return to_service_xlsx(run)
            from vcop_desktop.reports.service import to_csv

            return to_csv(run)

        def done(data: bytes) -> None:
            saved = save_bytes_as(
                self, f"Save {run.title}", self.default_name(fmt), filters[fmt], data,
                first=path,
            )  # fmt: skip
            if saved is not None:
                self.note.setText(f"Saved {saved.name}.")

        self.host.run(job, done, "save it")
