"""The in-app user guide (Help menu) and the About text.

The guide is generated from the loaded rule packs rather than written as a static page, so it
can never disagree with what the engine computes: every duty the app tracks is listed under its
Right with the time limits and source the pack gives, and an organisation's own packs appear
too. Only the plain-English explanation of each Right is fixed text (the Victims' Code 2020).

Nothing here fetches anything: web addresses are shown as plain text, never as links, because
the app makes no network connections.
"""

from __future__ import annotations

import platform
from collections.abc import Iterable
from datetime import date
from html import escape

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from vcop_desktop import __version__
from vcop_desktop.domain.enhanced import GROUND_DESCRIPTIONS
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.rules import (
    AgreedInterval,
    ChildAwareDeadline,
    ClockStart,
    Rule,
    RuleBook,
    RulePack,
)
from vcop_desktop.domain.vocabulary import ADVOCATE_AGENCY, AGENCY_LABELS
from vcop_desktop.ui.text import long_date

CODE_SOURCE = (
    "Code of Practice for Victims of Crime in England and Wales (the Victims' Code), "
    "Ministry of Justice, 2020, in force from 1 April 2021: "
    "https://www.gov.uk/government/publications/the-code-of-practice-for-victims-of-crime"
)

# The twelve Rights of the Victims' Code 2020: the title as the Code words it, then what it
# means in practice, written for advocates and the victims they support.
RIGHTS: dict[int, tuple[str, str]] = {
    1: (
        "To be able to understand and to be understood",
        "Everyone who deals with the victim must communicate in simple, accessible language and "
        "check they have been understood. A victim who does not speak or understand English, "
        "or who is deaf or hard of hearing, can have an interpreter when reporting the crime, "
        "when interviewed, and when giving evidence, and can have key documents translated. "
        "The victim may bring someone to help them communicate, unless that is against the "
        "interests of justice.",
    ),
    2: (
        "To have the details of the crime recorded without unjustified delay",
        "When a victim reports a crime, the police must record it without unjustified delay. "
        "The victim can bring someone with them for support when reporting, and close "
        "relatives bereaved by crime can choose a family spokesperson. The Code sets no fixed "
        "number of days, so the app shows this duty as open until it is recorded as met.",
    ),
    3: (
        "To be provided with information when reporting the crime",
        "After reporting, the victim must get written confirmation: the crime reference "
        "number, the basic details of the offence, and contact details for the officer "
        "dealing with it (sent in a safe way where there is domestic abuse). They should also "
        "be told what to expect from the criminal justice process, including how the Code "
        "applies to them.",
    ),
    4: (
        "To be referred to services that support victims and have services and support "
        "tailored to your needs",
        "The police must assess the victim's needs, including whether they are entitled to "
        "enhanced rights, and pass their details to a victim support service within 2 working "
        "days unless the victim opts out (to a specialist service for enhanced-rights "
        "victims). Victims can also contact support services themselves at any time, whether "
        "or not they have reported the crime. The Witness Care Unit assesses the needs of a "
        "victim who is to give evidence and offers the Witness Service.",
    ),
    5: (
        "To be provided with information about compensation",
        "The victim must be told how to seek compensation: a compensation order the court can "
        "make against an offender, and the Criminal Injuries Compensation Scheme for victims "
        "of violent crime. They should be told not to wait for the outcome of a trial before "
        "applying to the Criminal Injuries Compensation Authority (CICA), because the "
        "application has its own time limit.",
    ),
    6: (
        "To be provided with information about the investigation and prosecution",
        "The police and the Crown Prosecution Service must keep the victim informed of key "
        "decisions: an arrest, an interview under caution, release on bail or under "
        "investigation and changes to bail, a charge, a decision not to charge or to stop the "
        "case, and any out-of-court disposal. The time limit is 5 working days, or 1 working "
        "day for victims entitled to enhanced rights. Where a suspect is not charged, the "
        "victim must be told how to ask for the decision to be reviewed (the Victims' Right "
        "to Review). The police scheme applies only where a suspect was interviewed under "
        "caution; it does not cover out-of-court disposals, cases where some charges were "
        "brought but not others (or a different offence was charged), or cases where the "
        "victim withdrew support. The CPS scheme covers decisions not to charge, to discontinue "
        "all charges, to offer no evidence, or to leave all charges on file. The victim and the "
        "police agree how often they will get updates.",
    ),
    7: (
        "To make a Victim Personal Statement",
        "The victim must be offered the chance to make a Victim Personal Statement explaining "
        "how the crime has affected them, and told how it will be used. If the defendant is "
        "convicted, the victim can ask to read it aloud in court or to have it read for them, "
        "and the court takes it into account before sentencing. It can be made or added to at "
        "any time before sentence.",
    ),
    8: (
        "To be given information about the trial, trial process and your role as a witness",
        "Where the victim is a witness, the Witness Care Unit must tell them the date, time "
        "and place of each hearing and whether they are needed to give evidence, the outcome "
        "of any application for special measures (such as a screen or a live link), and any "
        "bail decisions made by the court. The victim can ask to visit the court before the "
        "trial, and may be able to meet the prosecutor on the day.",
    ),
    9: (
        "To be given information about the outcome of the case and any appeals",
        "The victim must be told the verdict and the sentence, with an explanation of what "
        "the sentence means, and about any appeal. Where a Crown Court sentence may be too "
        "lenient, they should be told about the Unduly Lenient Sentence scheme. It covers only "
        "indictable-only and certain specified either-way offences, and the request must reach "
        "the Attorney General's Office within 28 days of sentence, in time to be considered: "
        "the limit is absolute, and the app warns a week before it ends.",
    ),
    10: (
        "To be paid expenses and have property returned",
        "A victim who gives evidence can claim reasonable travel expenses and some loss of "
        "earnings (through the Crown Prosecution Service for prosecution witnesses). Property "
        "the police took as evidence must be returned as soon as possible. The app does not "
        "track duties under this Right.",
    ),
    11: (
        "To be given information about the offender following a conviction",
        "Where the offender is sentenced for a specified violent or sexual offence to 12 months "
        "or more in custody, or is given a hospital order for such an offence, the victim must "
        "be referred to the "
        "Probation Service Victim Contact Scheme. A Victim Liaison Officer then keeps them "
        "informed about key stages of the sentence (such as release) and lets them ask for "
        "conditions on the offender's licence, for example not to contact them.",
    ),
    12: (
        "To make a complaint about your Rights not being met",
        "A victim who feels their Rights have not been met can complain to the organisation "
        "concerned, which must reply in time and explain how to take the complaint further. "
        "If they are still not satisfied, they can take the complaint to the Parliamentary and "
        "Health Service Ombudsman: since 29 January 2025 directly, without going through a "
        "Member of Parliament (Victims and Prisoners Act 2024, s.27). The victim's own time "
        "limits for escalating are listed "
        'under "The victim\'s own deadlines" below.',
    ),
}

_CLOCKS: dict[ClockStart, str] = {
    ClockStart.EVENT: "counted from the date of the event",
    ClockStart.RECEIVED: "counted from when the agency received the news (else the event's date)",
    ClockStart.VICTIM_TOLD: "counted from when the victim was told of the decision",
    ClockStart.OFFENCE_DATE: "counted from the date of the offence",
    ClockStart.COMPLAINT_AWARENESS: (
        "counted from when the victim first knew of the problem (recorded on the complaint; "
        "without it, the complaint's date, which is the latest it can be)"
    ),
    ClockStart.REQUEST: (
        "counted from the day the request was received, or the day the proof of identity, fee "
        "or clarification asked for came"
    ),
}

_STYLE = """
<style>
  body { font-size: 10.5pt; }
  h1 { font-size: 17pt; }
  h2 { font-size: 14pt; margin-top: 18px; }
  h3 { font-size: 11.5pt; margin-top: 12px; }
  .duty { margin-left: 12px; }
  .meta { color: #555555; }
  .warn { color: #8a4b00; }
  code { font-family: monospace; }
</style>
"""


def _agency(rule: Rule) -> str:
    if rule.owed_by is None:
        return "the organisation complained about"
    return AGENCY_LABELS.get(rule.owed_by, rule.owed_by.replace("_", " ").title())


def _limits(rule: Rule) -> str:
    """ "5 working days (enhanced rights: 1 working day), counted from ..." in words."""
    if isinstance(rule.schedule, AgreedInterval):
        return "at the interval agreed with the victim, until the investigation ends"
    if rule.limit is None:
        return "no fixed time limit: shown as open until it is recorded as met"
    text = f"within {rule.limit.describe()}"
    if rule.enhanced_limit is not None and rule.enhanced_limit != rule.limit:
        text += f" (enhanced rights: {rule.enhanced_limit.describe()})"
    elif rule.enhanced_limit is not None:
        text += " (the same for enhanced rights)"
    text += f", {_CLOCKS[rule.clock]}"
    if rule.due_on_business_day:
        text += "; a due day on a weekend or bank holiday moves to the next working day"
    if isinstance(rule.schedule, ChildAwareDeadline):
        text += (
            f"; if the victim was under {rule.schedule.adult_age} at the time, by their "
            f"{rule.schedule.child_deadline_age}th birthday where that is later"
        )
    return text


def _duty_html(rule: Rule, pack: RulePack, *, show_owed_by: bool = True) -> str:
    lines = [f"<b>{escape(rule.what)}</b>"]
    details = []
    if show_owed_by:
        details.append(f"Owed by: {escape(_agency(rule))}")
    details.append(f"Time limit: {escape(_limits(rule))}")
    details.append(f"Source: {escape(rule.source)}")
    lines.append("<br>".join(details))
    if rule.confidence == "assumed":
        note = f": {escape(rule.note)}" if rule.note else ""
        lines.append(f'<span class="warn">This time limit is assumed, not confirmed{note}</span>')
    if rule.category is Category.TARGET:
        lines.append(
            "<span class=\"warn\">The agency's own published target, not a Victims' Code "
            "time limit: missing it is not a breach of the Code.</span>"
        )
    elif rule.category is Category.PRACTICE:
        lines.append('<span class="warn">Good practice, not a legal duty.</span>')
    lines.append(
        f'<span class="meta">Duty id <code>{escape(rule.id)}</code> · rule pack '
        f"{escape(pack.id)} ({escape(_in_force(pack))})</span>"
    )
    return f'<p class="duty">{"<br>".join(lines)}</p>'


def _in_force(pack: RulePack) -> str:
    text = f"in force from {long_date(pack.in_force_from)}"
    if pack.in_force_until is not None:
        text += f" until {long_date(pack.in_force_until)}"
    return text


def _rules(rulebook: RuleBook) -> Iterable[tuple[Rule, RulePack]]:
    for pack in rulebook.packs:
        for rule in pack.rules:
            yield rule, pack


def guide_html(rulebook: RuleBook) -> str:
    """The whole guide as one HTML page, built from `rulebook`."""
    by_right: dict[int, list[tuple[Rule, RulePack]]] = {n: [] for n in RIGHTS}
    victims: list[tuple[Rule, RulePack]] = []
    practice: list[tuple[Rule, RulePack]] = []
    own_law: list[tuple[Rule, RulePack]] = []
    other: list[tuple[Rule, RulePack]] = []
    for rule, pack in _rules(rulebook):
        if rule.owed_by == ADVOCATE_AGENCY and rule.statutory:
            own_law.append((rule, pack))
        elif rule.category is Category.VICTIM:
            victims.append((rule, pack))
        elif rule.category is Category.PRACTICE:
            practice.append((rule, pack))
        elif rule.category is Category.CODE and rule.right in by_right:
            by_right[rule.right].append((rule, pack))
        else:
            other.append((rule, pack))

    parts = [
        _STYLE,
        "<h1>The Victims' Code, and what this app tracks</h1>",
        "<p>The Victims' Code gives every victim of crime in England and Wales twelve Rights. "
        "For each case, this app works out from the events you record which duties the police, "
        "the Crown Prosecution Service, the Witness Care Unit and Probation owe the victim, "
        "by when, and whether they were met; and which deadlines the victim must meet "
        "themselves. This page explains each Right in plain English and lists the duties the "
        "app tracks under it, with their time limits and where each comes from.</p>",
        f'<p class="meta">Source: {escape(CODE_SOURCE)}.<br>This guide explains the Code; it '
        "is not legal advice. Where this page and the Code differ, the Code is right.</p>",
        "<p><b>Contents:</b> "
        + " · ".join(f'<a href="#right-{n}">Right {n}</a>' for n in RIGHTS)
        + ' · <a href="#other">Reviews</a> · <a href="#victim">The victim\'s own deadlines</a>'
        ' · <a href="#practice">Good practice</a> · <a href="#time">How time is counted</a>'
        ' · <a href="#reports">Compliance reports</a></p>',
    ]
    for number, (title, explanation) in RIGHTS.items():
        parts.append(f'<h2><a name="right-{number}"></a>Right {number}: {escape(title)}</h2>')
        parts.append(f"<p>{escape(explanation)}</p>")
        duties = by_right[number]
        if duties:
            parts.append(f"<h3>What the app tracks under Right {number}</h3>")
            parts.extend(_duty_html(rule, pack) for rule, pack in duties)
        else:
            parts.append(
                f'<p class="meta">The app tracks no dated duty under Right {number}; record '
                "anything relevant as a note on the case.</p>"
            )

    parts.append('<h2><a name="other"></a>Scheme targets: the agencies\' own procedures</h2>')
    parts.append(
        "<p>Time limits an agency sets itself in its own published scheme rather than the Code: "
        "the police Victims' Right to Review (NPCC scheme) and the CPS's own target for a stage "
        "1 complaint reply. The app shows a miss as the agency not meeting its own target, "
        "never as a breach of the Code.</p>"
    )
    parts.extend(_duty_html(rule, pack) for rule, pack in other)
    if not other:
        parts.append('<p class="meta">None in the loaded rule packs.</p>')

    parts.append('<h2><a name="victim"></a>The victim\'s own deadlines</h2>')
    parts.append(
        "<p>These are time limits the victim must meet: asking for a review of a decision "
        "not to charge, asking for an unduly lenient sentence to be reviewed, applying for "
        "criminal injuries compensation, and taking a complaint further. Only the Unduly "
        "Lenient Sentence limit is absolute: a request that arrives late cannot be considered. "
        "The others leave room for discretion: police forces may accept a late Right to Review "
        "request; the CPS accepts one after 3 months only in exceptional circumstances; the "
        "CICA may extend its limit in exceptional circumstances; the review body and the CPS "
        "decide on late complaint escalations; the Ombudsman may accept a complaint after 12 "
        "months in special circumstances. Do not rely on discretion: the app shows these "
        "deadlines on the dashboard so a door does not close unnoticed.</p>"
    )
    parts.extend(_duty_html(rule, pack, show_owed_by=False) for rule, pack in victims)

    parts.append('<h2><a name="practice"></a>Good practice</h2>')
    parts.append(
        "<p>Steps that research or a police force's own plan shows make a difference, but that "
        "the law does not require. The app tracks them separately and never calls them a breach "
        "of the Code.</p>"
    )
    parts.extend(_duty_html(rule, pack) for rule, pack in practice)
    if not practice:
        parts.append('<p class="meta">None in the loaded rule packs.</p>')

    if own_law:
        parts.append("<h2>Your service's own duty in data protection law</h2>")
        parts.append(
            "<p>Not the Victims' Code: what the law asks of your service as the controller of "
            "the victim's data, such as answering their subject access request. Kept out of "
            "letters to agencies and out of compliance figures.</p>"
        )
        parts.extend(_duty_html(rule, pack, show_owed_by=False) for rule, pack in own_law)

    grounds = "".join(f"<li>{escape(text)}</li>" for text in GROUND_DESCRIPTIONS.values())
    parts.append(
        '<h2><a name="time"></a>How time is counted</h2>'
        "<p><b>Working days</b> are Monday to Friday, except the bank holidays of England and "
        "Wales (including substitute days and one-off bank holidays) and any closure days your "
        "organisation adds in Settings. Day 1 is the first working day after the event: an "
        "enhanced-rights victim must be told of an arrest within 1 working day, so an arrest "
        "on a Thursday must be passed on by Friday, or, if that Friday is Good Friday, by the "
        "Tuesday after Easter Monday. After an event on a Saturday, 1 working day means the "
        "Monday.</p>"
        "<p><b>Calendar days</b> count every day: 28 days from a letter dated 1 March is 29 "
        "March. <b>Months</b> end on the same day number, or on the last day of a shorter "
        "month: 3 months from 30 November is the end of February.</p>"
        "<p><b>Which date the clock starts from</b> depends on the duty: usually the event "
        "itself; for the Witness Care Unit, when it received the news from the court; for "
        "review requests, when the victim was told of the decision; for compensation, the date "
        "of the offence.</p>"
        "<p><b>Enhanced rights.</b> Some victims are entitled to enhanced rights: shorter time "
        "limits (usually 1 working day instead of 5) and referral to specialist support. The "
        "app applies them when the case records one of these grounds:</p>"
        f"<ul>{grounds}</ul>"
        '<p>A duty with no fixed time limit ("without unjustified delay") has no due date: '
        "the app shows it as open until you record that it was met.</p>"
        "<p><b>Which version of the Code applies.</b> The app judges each obligation by the "
        "rules in force on the day of the event that created it, so a new Code does not change "
        "past cases. That is the app's own choice: a new Code may come with commencement "
        "rules of its own (for example, applying to cases already under way), and those rules "
        "decide.</p>"
    )
    parts.append(
        '<h2><a name="reports"></a>Compliance reports</h2>'
        "<p>The <b>Reports</b> tab counts, across every case in this workspace, what the "
        "agencies did: for each agency (or police force, Right, duty, month, quarter), the "
        "obligations that fell due in the period, how many were met on time, met late, are "
        "still overdue, open or waived, and the on-time rate with its 95% confidence interval "
        "(Wilson). Lateness is in calendar days: the day it was met, or the report's day while "
        "overdue, minus the due date; the median and 90th percentile are shown.</p>"
        "<p>An obligation is in the period when its <b>due date</b> falls in it; a duty with "
        "no time limit is counted by the date its clock started, and listed apart. Each "
        "obligation is judged on the report's day: a duty met after that day counts as not "
        "met, and a case with events after that day is worked out from its events up to it. "
        "Code duties, scheme targets, good practice and the victim's own deadlines are "
        "separate figures, never added together.</p>"
        "<p>Where an agency gave a reason for a late or missed duty, record it on the case's "
        'timeline (<i>Case → Agency\'s reason…</i>): reports count "late or missed, reason given" '
        'apart from "no reason given" (a report judged on an earlier day counts a reason only '
        "from the day it was given), and letters quote it.</p>"
        "<p><b>Privacy.</b> Reports hold no names, crime references or dates of birth. In "
        'saved reports (CSV, Excel, PDF) a count from 1 to 4 shows as "&lt;5" (the number '
        'is a setting), and another count in the same row or column is hidden ("x") where a '
        "total would give the small one away. The tab itself shows you the exact counts. To "
        "combine the figures of several advocates, each saves an anonymised extract and one "
        "person merges them.</p>"
    )
    return "".join(parts)


def about_html(rulebook: RuleBook) -> str:
    """Version, the rule packs loaded (with in-force dates and sources), the law in force and
    what is pending, and the licence."""
    from vcop_desktop.storage.law import about_line

    packs = []
    for pack in rulebook.packs:
        sources = sorted({rule.source for rule in pack.rules})
        url = f"<br>{escape(pack.source_url)}" if pack.source_url else ""
        packs.append(
            f"<li><b>{escape(pack.title)}</b> ({escape(pack.id)}, {len(pack.rules)} duties), "
            f"{escape(_in_force(pack))}.<br>"
            f'<span class="meta">Sources: {escape("; ".join(sources))}{url}</span></li>'
        )
    try:
        from PySide6 import __version__ as pyside_version
    except ImportError:  # pragma: no cover - PySide6 always has it
        pyside_version = "?"
    return (
        f"{_STYLE}<h2>VCOP Desktop {escape(__version__)}</h2>"
        "<p>Victims' Code duties, deadlines and letters for independent victim advocates. "
        "Works offline: it makes no network connections.</p>"
        f"<p><b>Rule packs loaded</b></p><ul>{''.join(packs)}</ul>"
        f"<p>{escape(about_line(rulebook, date.today()))}</p>"
        "<p><b>Licence:</b> GNU General Public License, version 3 or any later version "
        "(GPL-3.0-or-later). VCOP Desktop is free software: you can redistribute it and/or "
        "modify it under those terms. It comes with no warranty.<br>"
        "The DejaVu fonts used in letters are under their own free licence.</p>"
        f'<p class="meta">Python {escape(platform.python_version())} · '
        f"Qt for Python {escape(pyside_version)}</p>"
    )


class UserGuideDialog(QDialog):
    """Help > User guide: the guide in a read-only browser that never loads anything."""

    def __init__(self, rulebook: RuleBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("VCOP Desktop user guide")
        self.browser = QTextBrowser(self)
        # Internal #anchors still scroll; nothing else is followed or fetched.
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(guide_html(rulebook))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(860, 720)

    def keep(self) -> dict[str, int]:
        """Where the reader was (the guide holds no case data), for reopening after a lock."""
        return {"scroll": self.browser.verticalScrollBar().value()}

    def restore(self, state: dict[str, int]) -> None:
        bar = self.browser.verticalScrollBar()
        value = int(state.get("scroll", 0))
        # The page is laid out once shown: scroll then.
        QTimer.singleShot(0, self, lambda: bar.setValue(value))
