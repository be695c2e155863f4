"""What a case file holds, and that every change is audited in its own transaction."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.storage.conftest import SCENARIO, TODAY
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace


def test_import_keeps_name_and_crime_reference_and_exports_back(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    assert case.victim_name == "Zebediah Quillfeather"
    assert case.crime_reference == "QX/55501/26"
    assert case.case_code.startswith("VC-") and len(case.case_id) == 32
    assert ws.export_scenario(case.case_code) == SCENARIO


def test_events_are_added_edited_deleted_and_audited(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        charged = handle.add_event("suspect_charged", date(2026, 3, 12), note="via OIC")
        assert charged.id == "e4"
        handle.edit_event("e4", when=date(2026, 3, 13), note="date corrected")
        listed = {r.event.id: r for r in handle.events()}
        assert listed["e4"].event.date == date(2026, 3, 13)
        assert listed["e4"].note == "date corrected"
        assert listed["e4"].recorded_by == "tester"
        handle.delete_event("e4")
        assert "e4" not in {r.event.id for r in handle.events()}
        log = handle.audit_log()
        actions = [a.action for a in log]
        assert actions == [
            "case imported from a scenario file",
            "event added",
            "event edited",
            "event deleted",
        ]
        edited = log[2]
        assert json.loads(edited.before or "")["date"] == "2026-03-12"
        assert json.loads(edited.after or "")["date"] == "2026-03-13"
        assert json.loads(log[3].before or "")["event_id"] == "e4" and log[3].after is None


def test_invalid_events_are_refused_with_a_clear_message(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        with pytest.raises(UserError, match="unknown event type"):
            handle.add_event("alien_abduction", TODAY)
        with pytest.raises(UserError, match="interval_days"):
            handle.add_event("update_frequency_agreed", TODAY)
        with pytest.raises(UserError, match="not a known duty"):
            handle.add_event("duty_met", TODAY, {"duty": "police.nonsense", "trigger": "e2"})
        with pytest.raises(UserError, match="referred to by event 'e3'"):
            handle.delete_event("e2")
        assert len(handle.audit_log()) == 1  # nothing was written


def test_victim_case_notes_contacts_documents(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        handle.update_victim(
            preferred_name="Zeb",
            pronouns="they/them",
            safe_contact_method="text only",
            contact_warnings="never leave voicemail",
            consent_given_on=date(2026, 3, 2),
        )
        handle.update_case(urn="01XX0000000", officer_name="DC Example", offence="ABH")
        handle.add_note("Called WCU; no answer.")
        handle.add_contact("wcu", name="Witness Care Officer", phone="01632 960000")
        first = handle.save_document("Complaint", b"v1")
        second = handle.save_document("Complaint", b"v2", document_id=first.document_id)
        assert (first.version, second.version) == (1, 2)
        assert handle.document_version(first.document_id, 1).content == b"v1"
        assert handle.document_version(first.document_id).content == b"v2"
        assert handle.victim().contact_warnings == "never leave voicemail"
        assert handle.case_record().urn == "01XX0000000"
        assert [c.agency for c in handle.contacts()] == ["wcu"]
        with pytest.raises(UserError, match="not a victim detail"):
            handle.update_victim(shoe_size=9)
        with pytest.raises(UserError, match="open' or 'closed"):
            handle.update_case(status="archived")
        assert len(handle.audit_log()) == 7


def test_audit_log_is_append_only(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"), handle.file.writing() as s:
                s.connection().exec_driver_sql(statement)
        assert len(handle.audit_log()) == 1


def test_a_failed_write_leaves_no_change_and_no_audit_row(ws: Workspace) -> None:
    case = ws.import_scenario(SCENARIO)
    with ws.open_case(case.case_id) as handle:
        with pytest.raises(RuntimeError), handle._change() as session:
            from vcop_desktop.storage.models import Note

            session.add(Note(written_at=handle.audit_log()[0].at, author="x", text="lost"))
            raise RuntimeError("power cut")
        assert handle.notes() == [] and len(handle.audit_log()) == 1


def test_unknown_flags_are_refused(ws: Workspace) -> None:
    with pytest.raises(UserError, match="Unknown case flag"):
        ws.create_case(victim_name="A Sampleton", flags=["very_sad"])


def test_demo_is_deterministic_for_a_seed(ws: Workspace, tmp_path: object) -> None:
    from vcop_desktop.storage.demo import demo_cases

    known = ws.rulebook().duty_ids
    first = demo_cases(5, 11, TODAY, known)
    assert first == demo_cases(5, 11, TODAY, known)
    assert first != demo_cases(5, 12, TODAY, known)
    made = ws.add_demo_cases(12, seed=3, today=TODAY)
    assert len({c.flags for c in made}) > 3
    statuses = {o.status.value for c in made for o in ws.obligations(c.case_id, TODAY).obligations}
    assert {"met", "met_late", "overdue", "open"} <= statuses
