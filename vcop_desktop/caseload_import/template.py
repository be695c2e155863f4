"""The template spreadsheet to start from: the columns the mapping guesses at once, and a
second sheet saying how to fill them in (the first sheet is the one imported). Written with
XlsxWriter, as the reports are."""

from __future__ import annotations

import io
from typing import Final

from vcop_desktop.caseload_import.mapping import FIELD_LABELS, flag_label
from vcop_desktop.domain.vocabulary import FLAGS
from vcop_desktop.typed_dates import EXAMPLES

#: The template's columns, in order: (header, field key).
COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("Victim name", "victim_name"),
    ("Date of birth", "victim_dob"),
    ("Crime reference", "crime_reference"),
    ("Offence", "offence"),
    ("Offence date", "offence_date"),
    ("Flags", "flags"),
    ("Date reported", "event:crime_reported"),
    ("Date arrested", "event:suspect_arrested"),
    ("Date charged", "event:suspect_charged"),
    ("Date hearing listed", "event:hearing_listed"),
    ("Hearing date", "hearing_date"),
    ("Date closed", "event:case_closed"),
)
_DATE_COLUMNS: Final = frozenset(h for h, k in COLUMNS if "date" in k or k.startswith("event:"))


def template_xlsx() -> bytes:
    """The template workbook as bytes (saved by the caller, 0600 like every export)."""
    import xlsxwriter  # lazily: only the template needs it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    as_date = book.add_format({"num_format": "d mmm yyyy"})
    sheet = book.add_worksheet("Cases")
    for column, (header, _key) in enumerate(COLUMNS):
        sheet.write_string(0, column, header, bold)
        width = max(14, len(header) + 4)
        sheet.set_column(column, column, width, as_date if header in _DATE_COLUMNS else None)
    sheet.freeze_panes(1, 0)
    help_sheet = book.add_worksheet("How to fill in")
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    help_sheet.set_column(0, 0, 28)
    help_sheet.set_column(1, 1, 90, wrap)
    lines = [
        ("One row a case", "Fill in the Cases sheet, one row for each victim's case. "
                           "Only Victim name is needed; leave a cell empty when not known."),
        ("Dates", f"Type dates day first ({EXAMPLES}) or use Excel dates."),
        ("Flags", "Flag names separated by ';', e.g. 'Domestic abuse; Vulnerable'."),
        ("Hearing date", "Give the date the hearing was listed as well: the Witness Care "
                         "Unit's duty to tell the victim runs from that day."),
        ("Duplicates", "A case already in the workspace (same crime reference and date of "
                       "birth) is skipped, so the same file can be imported again."),
        ("The fields", ", ".join(FIELD_LABELS[k] for _h, k in COLUMNS)),
        ("Flag names", ", ".join(flag_label(f) for f in FLAGS)),
    ]  # fmt: skip
    for row, (what, text) in enumerate(lines):
        help_sheet.write_string(row, 0, what, bold)
        help_sheet.write_string(row, 1, text, wrap)
    book.close()
    return buffer.getvalue()
