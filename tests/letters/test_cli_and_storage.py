"""The `letter` command over a real (cheap-KDF) workspace, and letters kept in the case file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.letters.cases import POLICE_EVENTS
from tests.letters.pdftext import pdf_metadata, pdf_text
from vcop_desktop.cli import main
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.letters.case_source import facts_for_case, save_letter
from vcop_desktop.letters.draft import PDF_MEDIA_TYPE, TEXT_MEDIA_TYPE, draft_letter
from vcop_desktop.letters.kinds import kind_by_id
from vcop_desktop.letters.pdf import render_draft
from vcop_desktop.letters.profile import load_profile
from vcop_desktop.storage import KdfParams, Workspace

PASSPHRASE = "letters test passphrase"
SENDER_TOML = """
[organisation]
name = "Northdale Independent Advocacy"
address = ["Unit 4, Canal Wharf", "Northdale", "ND1 4QT"]

[advocate]
name = "Siobhán Ní Bhraonáin"
role = "ISVA"

[recipients]
police = ["Professional Standards Department", "Northdale Constabulary", "1 Station Road"]
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "ws"
    events = parse_scenario({"events": POLICE_EVENTS}).events
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap(), actor="tester") as ws:
        summary = ws.create_case(
            victim_name="Zoë Łukasz-Ğül",
            crime_reference="ND/26/011234",
            offence="rape",
            offence_date=date(2026, 6, 14),
            flags=["sexual_offence"],
            events=events,
            victim={"written_authority_on": date(2026, 6, 16)},
            case={"police_force": "Northdale Constabulary", "officer_name": "DC Tomasz Wróbel"},
        )
    (folder / "letters").mkdir()
    (folder / "letters" / "sender.toml").write_text(SENDER_TOML, encoding="utf-8")
    yield folder, summary.case_code


def test_list_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["letter", "--list-kinds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines][:2] == ["police-complaint", "cps-complaint"]
    assert len(lines) == 11


def test_letter_command_makes_the_pdf_and_lists_gaps(
    workspace: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, code = workspace
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "vrr.pdf"
    status = main(
        [
            "letter",
            "--workspace",
            str(folder),
            "--case",
            code,
            "--kind",
            "police-vrr",
            "--today",
            "2026-11-23",
            "--out",
            str(out),
            "--annex",
        ]
    )
    captured = capsys.readouterr()
    assert status == 0, captured.err
    text = pdf_text(out.read_bytes())
    assert "that period ends on 9 January 2027" in " ".join(text.split())
    assert "1 Station Road" in text
    assert "Annex" in text
    assert (
        pdf_metadata(out.read_bytes())["/Title"]
        == f"Police Victims' Right to Review request ({code})"
    )
    gaps = [line for line in captured.err.splitlines() if line.startswith("vcop-desktop: gap: ")]
    assert "vcop-desktop: gap: suspect name(s)" in gaps
    assert "vcop-desktop: gap: URN" not in " ".join(gaps)  # a police letter does not ask for it
    assert str(out) in captured.out and code in captured.out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--kind", "chaser"], "letter needs --case, --out"),
        (["--case", "X", "--kind", "bogus", "--out", "x.pdf"], "unknown letter kind 'bogus'"),
        (
            ["--case", "X", "--kind", "chaser", "--out", "x.pdf", "--today", "23/11/2026"],
            "--today: '23/11/2026' is not a date",
        ),
    ],
)
def test_letter_command_errors_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["letter", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_drafts_and_pdfs_are_kept_in_the_case_file(workspace: tuple[Path, str]) -> None:
    folder, code = workspace
    sender = load_profile(folder / "letters")
    with Workspace.open(folder, PASSPHRASE) as ws, ws.open_case(code) as case:
        facts = facts_for_case(case, kind_by_id("chaser"), sender, today=date(2026, 11, 23))
        draft = draft_letter(facts)
        edited = draft.text.replace("Thank you for your help.", "Many thanks.")
        first = save_letter(case, draft, text=draft.text)
        document_id = first[0].document_id
        later = save_letter(
            case, draft, text=edited, pdf=render_draft(draft, edited), document_id=document_id
        )
        assert [v.version for v in (*first, *later)] == [1, 2, 3]
        docs = case.documents()
        assert [(d.title, d.kind, latest) for d, latest in docs] == [
            ("Request for an overdue update or information", "chaser", 3)
        ]
        assert case.document_version(document_id, 2).content.decode() == edited
        assert case.document_version(document_id, 2).media_type == TEXT_MEDIA_TYPE
        pdf = case.document_version(document_id)
        assert pdf.media_type == PDF_MEDIA_TYPE
        assert "Many thanks." in pdf_text(pdf.content)


def test_an_unbroken_run_longer_than_a_line_gets_break_points() -> None:
    """reportlab splits an over-long word a character at a time (quadratic time); `inline`
    gives it spaces. Ordinary words and addresses are left alone."""
    from vcop_desktop.letters.pdf import inline

    assert inline("alice.example@charity.org.uk") == "alice.example@charity.org.uk"
    broken = inline("Q" * 1000)
    assert max(len(w) for w in broken.split()) <= 30 and broken.replace(" ", "") == "Q" * 1000


def test_a_recorded_good_reason_reaches_the_letter(workspace: tuple[Path, str]) -> None:
    folder, code = workspace
    sender = load_profile(folder / "letters")
    with Workspace.open(folder, PASSPHRASE) as ws, ws.open_case(code) as case:
        case.record_good_reason(
            "police.inform_interview", "p5", "the officer was on leave", date(2026, 7, 10),
            today=date(2026, 11, 23),
        )  # fmt: skip
        facts = facts_for_case(
            case, kind_by_id("police-complaint"), sender, today=date(2026, 11, 23)
        )
    text = draft_letter(facts).text
    assert "The police gave this reason on 10 July 2026: \u201cthe officer was on leave\u201d." in (
        " ".join(text.split())
    )


def test_letter_refuses_to_write_into_the_workspace(
    workspace: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    folder, code = workspace
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    status = main(["letter", "--workspace", str(folder), "--case", code, "--kind", "chaser",
                   "--out", str(folder / "letter.pdf")])  # fmt: skip
    assert status == 2
    assert "inside the workspace folder" in capsys.readouterr().err
    assert not (folder / "letter.pdf").exists()


def test_the_letter_command_uses_the_case_s_address_book_entry(
    workspace: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from vcop_desktop.storage.address_book import make_entry, save_book
    from vcop_desktop.storage.recipient_choices import choose_recipient

    folder, code = workspace
    entry = make_entry("police", "Northdale Police", ["Ladywell House", "9 Chosen Street"])
    save_book(folder / "letters", [entry])
    with Workspace.open(folder, PASSPHRASE) as ws, ws.open_case(code) as case:
        choose_recipient(case, "police", entry.id)
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "complaint.pdf"
    argv = ["letter", "--workspace", str(folder), "--case", code, "--kind", "police-complaint"]
    assert main([*argv, "--today", "2026-11-23", "--out", str(out)]) == 0, capsys.readouterr().err
    text = pdf_text(out.read_bytes())
    assert "9 Chosen Street" in text  # the case's choice wins over sender.toml's [recipients]
    assert "1 Station Road" not in text


def test_the_pronouns_on_the_case_record_reach_the_letter(workspace: tuple[Path, str]) -> None:
    folder, code = workspace
    sender = load_profile(folder / "letters")
    kind = kind_by_id("police-complaint")
    with Workspace.open(folder, PASSPHRASE) as ws, ws.open_case(code) as case:
        plain = draft_letter(facts_for_case(case, kind, sender, today=date(2026, 11, 23))).text
        case.update_victim(pronouns="She/Her")
        hers = draft_letter(facts_for_case(case, kind, sender, today=date(2026, 11, 23))).text
    assert "written authority to act, dated 16 June 2026" in plain
    assert "written authority to act for her, dated 16 June 2026" in hers


@pytest.mark.parametrize(
    ("name", "extra"), [("letter.docx", []), ("letter.out", ["--format", "docx"])]
)
def test_the_letter_command_writes_docx(
    workspace: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    extra: list[str],
) -> None:
    import io

    import docx

    folder, code = workspace
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    out = tmp_path / name
    argv = ["letter", "--workspace", str(folder), "--case", code, "--kind", "police-complaint"]
    assert main([*argv, "--today", "2026-11-23", "-o", str(out), *extra]) == 0
    assert str(out) in capsys.readouterr().out
    document = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ND/26/011234" in text and "1 Station Road" in text
    props = document.core_properties
    assert props.title == "Complaint to the police about Victims' Code breaches"
    assert props.author == "Northdale Independent Advocacy"
