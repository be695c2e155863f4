"""A subject access bundle (issue 20 §3): every record the case file holds is in it, the files
are the owner's alone and nothing is written outside the chosen folder, other people's names are
highlighted and listed, and the export is audited (and, when asked, recorded as sent)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from tests.storage.conftest import PASSPHRASE
from vcop_desktop.cli import main
from vcop_desktop.domain.address_types import ADDRESS_SLOTS
from vcop_desktop.domain.events import Event
from vcop_desktop.letters.saved_draft import DRAFT_MEDIA_TYPE, SavedDraft
from vcop_desktop.storage import KdfParams, Workspace
from vcop_desktop.storage.models import case_metadata
from vcop_desktop.storage.recipient_choices import choose_recipient
from vcop_desktop.storage.subject_access import EXPORT_ACTION
from vcop_desktop.subject_access.bundle import DOCX_MEDIA_TYPE, docx_text
from vcop_desktop.subject_access.export import export, open_request, record_sent

TODAY = date(2026, 12, 3)
OFFICER = "DC Quarrington"
CONTACT = "Halvard Pemberton-Oakes"


def _docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


@pytest.fixture
def case(tmp_path: Path) -> Iterator[tuple[Workspace, Any]]:
    """A demo case with a row in every table of the case file."""
    workspace = Workspace.create(tmp_path / "ws", PASSPHRASE, kdf=KdfParams.cheap())
    [summary] = workspace.add_demo_cases(1, seed=3, today=TODAY)
    handle = workspace.open_case(summary.case_id)
    handle.update_case(officer_name=OFFICER)
    handle.update_victim(equality_consent=True, ethnicity="white_irish", religion="prefer_not")
    handle.add_note(f"Called {OFFICER}; Quarrington will ring back. {CONTACT} was copied in.")
    handle.add_contact("police", name=CONTACT, role="Witness care officer", notes="Prefers email")
    handle.add_event("subject_access_requested", date(2026, 11, 20))
    handle.safety_plan.add("Change the locks", "Halvard Pemberton-Oakes", date(2026, 12, 20))
    late = next(o for o in handle.obligations(TODAY).obligations if o.status.is_breach)
    handle.record_good_reason(
        late.duty, late.trigger, "Officer on leave", date(2026, 11, 1), today=TODAY
    )
    choose_recipient(handle, ADDRESS_SLOTS[0].id, "abcd1234")
    draft = SavedDraft(kind="chaser", text=f"Dear {OFFICER},\n\nWe wrote to Pemberton-Oakes.")
    saved = handle.save_document(
        "Chaser to the police", draft.encode(), media_type=DRAFT_MEDIA_TYPE
    )
    handle.save_document(
        "Chaser to the police", b"%PDF-1.4 not a real pdf", document_id=saved.document_id
    )
    handle.save_document("Chaser (Word)", _docx(f"Copy to {CONTACT}"), media_type=DOCX_MEDIA_TYPE)
    yield workspace, handle
    handle.close()
    workspace.close()


def _rows_in_file(handle: Any) -> dict[str, int]:
    with handle.file.reading() as session:
        connection = session.connection()
        return {
            table.name: connection.execute(
                sqlalchemy.select(sqlalchemy.func.count()).select_from(table)
            ).scalar_one()
            for table in case_metadata.sorted_tables
        }


def _export(handle: Any, out: Path, **kwargs: Any) -> Any:
    book = {"abcd1234": "Northdale Constabulary"}
    return export(handle, out, today=TODAY, address_book=book, **kwargs)


def test_the_bundle_holds_every_record_the_case_file_has(
    case: tuple[Workspace, Any], tmp_path: Path
) -> None:
    _, handle = case
    before = _rows_in_file(handle)
    assert all(n > 0 for n in before.values()), f"the fixture misses a table: {before}"
    out = tmp_path / "out"
    out.mkdir()
    done = _export(handle, out)
    data = json.loads(done.json.read_text(encoding="utf-8"))
    held = {name: len(rows) for name, rows in data["records"].items()}
    assert held == {name: n for name, n in before.items() if name != "vcop_meta"}
    assert len(data["obligations"]) == len(handle.obligations(TODAY).obligations)
    # each document version is a file beside the PDF, the draft as its letter's text
    names = sorted(p.relative_to(done.folder).as_posix() for p in done.attachments)
    assert names == [
        "documents/document-1-v1.txt", "documents/document-1-v2.pdf",
        "documents/document-2-v1.docx",
    ]  # fmt: skip
    assert (done.folder / names[0]).read_text(encoding="utf-8").startswith(f"Dear {OFFICER}")
    assert (done.folder / names[1]).read_bytes() == b"%PDF-1.4 not a real pdf"


def test_the_files_are_the_owners_alone_and_nothing_is_written_elsewhere(
    case: tuple[Workspace, Any], tmp_path: Path
) -> None:
    _, handle = case
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)}
    done = _export(handle, out)
    assert list(out.iterdir()) == [done.folder]
    assert done.folder.name == "subject-access-VC-2026-0001-2026-12-03"  # a code, never a name
    for path in [done.folder, *done.folder.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        assert mode == (0o700 if path.is_dir() else 0o600), path
    files = {p.relative_to(done.folder).as_posix() for p in done.folder.rglob("*") if p.is_file()}
    assert files == {
        "subject-access-VC-2026-0001-2026-12-03.pdf", "subject-access-VC-2026-0001-2026-12-03.json",
        "documents/document-1-v1.txt", "documents/document-1-v2.pdf",
        "documents/document-2-v1.docx",
    }  # fmt: skip
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(out)}
    assert {p.name for p in after - elsewhere} <= {"index.vcopidx-wal", "index.vcopidx-shm"}
    # a second copy the same day is a folder of its own
    assert _export(handle, out).folder.name.endswith("-2")


def test_other_peoples_names_are_listed_with_where_they_were_found(
    case: tuple[Workspace, Any], tmp_path: Path
) -> None:
    _, handle = case
    out = tmp_path / "out"
    out.mkdir()
    data = json.loads(_export(handle, out).json.read_text(encoding="utf-8"))
    listed = {p["name"]: p for p in data["to_redact_before_sending"]}
    victim = data["records"]["victim"][0]["name"]
    assert victim not in listed
    assert listed[OFFICER]["who"] == "officer in the case"
    assert listed[OFFICER]["found_in"]["Notes"] == 2  # "DC Quarrington" and "Quarrington"
    assert listed[OFFICER]["found_in"]["Letters and documents"] == 1  # the draft's text
    contact = listed[CONTACT]["found_in"]
    # the draft names the surname alone, the Word file the full name
    assert contact["Notes"] == 1 and contact["Letters and documents"] == 2
    assert contact["Your safety plan"] == 1
    # the address book names the agency the case's letters go to (stored by entry id)
    assert listed["Northdale Constabulary"]["found_in"] == {"Where letters on your case go": 1}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")
def test_the_pdf_reads_as_a_copy_for_the_victim_with_the_redaction_page_second(
    case: tuple[Workspace, Any], tmp_path: Path
) -> None:
    _, handle = case
    out = tmp_path / "out"
    out.mkdir()
    done = _export(handle, out)
    pages = subprocess.run(
        ["pdftotext", str(done.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert "Your personal information: a copy of what we hold" in pages[0]
    assert "For the advocate: to redact before sending" in pages[1]
    assert OFFICER in pages[1] and CONTACT in pages[1]
    text = "\n".join(pages)
    for heading in (
        "About you", "Your case", "What happened, as recorded", "Your risk assessments",
        "Information shared without your consent", "What is owed to you, and by when",
        "Your safety plan", "People at agencies on your case", "Notes",
        "Reasons agencies gave", "Letters and documents", "Record of changes",
    ):  # fmt: skip
        assert heading in text, heading
    assert "Officer on leave" in text and "Change the locks" in text
    # Equality-monitoring codes read as the victim chose them, never as the app's codes.
    assert "White: Irish" in text and "Prefers not to say" in text
    assert "white_irish" not in text and "prefer_not" not in text
    assert "Answer the victim's subject access" in text and "UK GDPR Art. 12(3)" in text


def test_the_export_is_audited_and_recorded_as_sent_naming_the_request(
    case: tuple[Workspace, Any], tmp_path: Path
) -> None:
    _, handle = case
    out = tmp_path / "out"
    out.mkdir()
    done = _export(handle, out)
    [audit] = [a for a in handle.audit_log() if a.action == EXPORT_ACTION]
    after = json.loads(audit.after or "{}")
    assert after["files"][0] == "subject-access-VC-2026-0001-2026-12-03.pdf"
    assert after["records"]["case_event"] == done.counts["case_event"]
    assert OFFICER not in (audit.after or "")  # what was made, never the data
    request = done.request
    assert request is not None
    sent = record_sent(handle, done, TODAY)
    assert (sent.type, sent.get_str("request")) == ("subject_access_sent", request)
    assert "records" in (sent.get_str("what") or "")
    status = {o.duty: o.status.value for o in handle.obligations(TODAY).obligations}
    assert status["advocate.subject_access"] == "met"
    assert open_request([r.event for r in handle.events()]) is None


def test_the_open_request_is_the_latest_not_yet_answered() -> None:
    def ev(i: str, kind: str, day: int, **fields: str) -> Event:
        return Event(i, kind, date(2026, 1, day), fields, position=day)

    asked = [ev("a", "subject_access_requested", 2), ev("b", "subject_access_requested", 9)]
    assert open_request(asked) == "b"
    assert open_request([*asked, ev("s", "subject_access_sent", 10, request="b")]) == "a"
    assert open_request([*asked, ev("s", "subject_access_sent", 10, what="all")]) is None
    assert open_request([*asked, ev("s", "subject_access_sent", 5, what="all")]) == "b"


def test_a_folder_that_is_not_there_is_one_line_and_nothing_is_recorded(
    case: tuple[Workspace, Any], tmp_path: Path
) -> None:
    _, handle = case
    with pytest.raises(Exception, match="no such folder") as raised:
        _export(handle, tmp_path / "missing")
    assert "\n" not in str(raised.value)
    assert not [a for a in handle.audit_log() if a.action == EXPORT_ACTION]


def test_the_text_of_a_word_file_is_searched() -> None:
    assert docx_text(_docx("Copy to Jo &amp; Sam")) == "Copy to Jo & Sam\n"
    assert docx_text(b"not a zip") is None


def test_the_command_makes_the_copy_and_records_it_sent(
    case: tuple[Workspace, Any], tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    workspace, handle = case
    code = handle.case_code
    handle.close()
    workspace.close()
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "out"
    out.mkdir()
    argv = ["subject-access", "--workspace", str(tmp_path / "ws"), "--case", code]
    assert main([*argv, "--out", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert main([*argv, "--out", str(tmp_path / "ws")]) == 2
    assert "inside the workspace folder" in capsys.readouterr().err
    assert main([*argv, "--out", str(out), "--today", "2026-12-03", "--record-sent"]) == 0
    said = capsys.readouterr().out
    assert "subject-access-VC-2026-0001-2026-12-03" in said and "recorded as sent" in said
    with Workspace.open(tmp_path / "ws", PASSPHRASE) as reopened:
        again = reopened.open_case(code)
        try:
            assert [r.event.type for r in again.events()][-1] == "subject_access_sent"
        finally:
            again.close()


def test_roles_and_agencies_typed_in_words_are_not_searched_word_by_word() -> None:
    from vcop_desktop.subject_access.names import pattern, spans, third_parties

    tables: dict[str, list[dict[str, object]]] = {
        "victim": [{"name": "Ada Okafor", "preferred_name": "Ada"}],
        "case_details": [{"officer_name": "DS Ruth Okafor-Hale"}],
        "case_event": [
            {"fields": {"with": "police", "approved_by": "team manager"}},
            {"fields": {"with": "Children's services", "approved_by": "Priya Venkataraman"}},
        ],
    }
    parties = {p.name: p for p in third_parties(tables)}
    assert set(parties) == {
        "DS Ruth Okafor-Hale", "team manager", "Children's services", "Priya Venkataraman",
    }  # fmt: skip
    assert parties["team manager"].variants == ("team manager",)
    assert set(parties["Priya Venkataraman"].variants) == {
        "Priya Venkataraman", "Venkataraman", "Priya",
    }  # fmt: skip
    found = pattern(list(parties.values()))
    text = "Ada spoke to the police; the manager and Ruth agreed. Venkataraman approved."
    assert [text[a:b] for a, b in spans(text, found)] == ["Ruth", "Venkataraman"]


def test_a_copy_whose_audit_row_cannot_be_written_is_taken_away_again(
    case: tuple[Workspace, Any], tmp_path: Path, monkeypatch: Any
) -> None:
    from vcop_desktop.errors import UserError
    from vcop_desktop.storage import subject_access

    def refuse(*args: Any) -> None:
        raise UserError("the case file is in use")

    monkeypatch.setattr(subject_access, "record_export", refuse)
    _, handle = case
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UserError, match="in use"):
        _export(handle, out)
    assert list(out.iterdir()) == []
