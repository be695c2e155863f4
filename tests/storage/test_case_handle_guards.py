"""A case record an advocate edits for months: event ids and order that stay stable, edits that
change only what was asked, refusals that name the case and write nothing, and documents whose
versions are kept apart (issue 21: survivors of the mutation run in `storage/case.py`)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.storage.conftest import SCENARIO, TODAY
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace
from vcop_desktop.storage.case import CaseHandle
from vcop_desktop.storage.case_rows import next_event_id, plain_fields


def _handle(ws: Workspace) -> CaseHandle:
    return ws.open_case(ws.import_scenario(SCENARIO).case_id)


def _written(handle: CaseHandle) -> int:
    return len(handle.audit_log())


def test_a_new_event_gets_the_first_free_id_after_the_count() -> None:
    assert next_event_id([]) == "e1"
    assert next_event_id(["e1", "e2"]) == "e3"
    assert next_event_id(["e2", "e3"]) == "e4"  # e3 is taken: never two events with one id
    assert next_event_id(["e1", "e3", "e4"]) == "e5"
    assert next_event_id(["x", "e2"]) == "e3"


def test_dates_in_fields_are_written_as_iso_text_and_the_rest_as_they_are() -> None:
    assert plain_fields({"on": date(2026, 3, 2), "duty": "x", "n": 3}) == {
        "on": "2026-03-02",
        "duty": "x",
        "n": 3,
    }
    assert plain_fields(None) == {}


def test_an_event_added_after_deletions_comes_last(ws: Workspace) -> None:
    """Events keep the order they were recorded in: one added after two deletions goes after
    every event still there, not into a gap."""
    with _handle(ws) as handle:
        handle.add_event("suspect_charged", date(2026, 3, 12))
        handle.add_event("suspect_charged", date(2026, 3, 13), event_id="late")
        handle.delete_event("e4")
        handle.delete_event("e3")
        added = handle.add_event("crime_reported", date(2026, 3, 1), note="second report")
        assert added.id == "e4"  # the first id free after the count (e1, e2, late)
        records = handle.events()
        assert [r.event.id for r in records] == ["e1", "e2", "late", "e4"]
        assert records[-1].note == "second report" and records[-1].recorded_by == "tester"
        assert [r.event.position for r in records] == [0, 1, 2, 3]


def test_editing_an_events_date_keeps_its_fields_and_note(ws: Workspace) -> None:
    with _handle(ws) as handle:
        handle.add_event("suspect_charged", date(2026, 3, 12), note="via OIC")
        handle.edit_event("e3", when=date(2026, 3, 7))
        edited = {r.event.id: r for r in handle.events()}["e3"]
        assert edited.event.date == date(2026, 3, 7)
        assert edited.event.fields == {"duty": "police.inform_arrest", "trigger": "e2"}
        handle.edit_event("e4", note="charged by CPS")
        charged = {r.event.id: r for r in handle.events()}["e4"]
        assert (charged.event.date, charged.note) == (date(2026, 3, 12), "charged by CPS")
        handle.edit_event("e4", when=date(2026, 3, 14))
        assert {r.event.id: r for r in handle.events()}["e4"].note == "charged by CPS"


def test_editing_an_events_fields_replaces_them_and_keeps_its_type_and_date(
    ws: Workspace,
) -> None:
    with _handle(ws) as handle:
        handle.add_event("crime_reported", date(2026, 3, 3))
        handle.edit_event("e3", fields={"duty": "police.inform_arrest", "trigger": "e2"})
        event = handle.edit_event("e3", fields={"duty": "police.refer_support", "trigger": "e4"})
        assert (event.type, event.date) == ("duty_met", date(2026, 3, 6))
        stored = {r.event.id: r.event for r in handle.events()}["e3"]
        assert stored.fields == {"duty": "police.refer_support", "trigger": "e4"}
        moved = handle.edit_event(
            "e3", when=date(2026, 3, 8), fields={"duty": "police.inform_arrest", "trigger": "e2"}
        )
        assert moved.date == date(2026, 3, 8)


def test_an_unknown_event_is_refused_by_name_and_nothing_is_written(ws: Workspace) -> None:
    with _handle(ws) as handle:
        before = _written(handle)
        for change in (
            lambda: handle.edit_event("e9", when=TODAY),
            lambda: handle.delete_event("e9"),
        ):
            with pytest.raises(UserError) as refused:
                change()
            assert str(refused.value) == f"Case {handle.case_code} has no event 'e9'."
        assert _written(handle) == before


def test_an_event_nothing_refers_to_can_be_deleted(ws: Workspace) -> None:
    with _handle(ws) as handle:
        handle.delete_event("e3")  # it refers to e2; nothing refers to it
        handle.delete_event("e2")
        assert [r.event.id for r in handle.events()] == ["e1"]


def test_a_missing_document_or_version_is_refused_by_name(ws: Workspace) -> None:
    with _handle(ws) as handle:
        first = handle.save_document("Complaint", b"v1", kind="complaint")
        other = handle.save_document("Other", b"o1", media_type="text/plain")
        before = _written(handle)
        with pytest.raises(UserError) as refused:
            handle.save_document("Complaint", b"v2", document_id=99)
        assert str(refused.value) == f"Case {handle.case_code} has no document 99."
        assert _written(handle) == before
        with pytest.raises(UserError) as missing:
            handle.document_version(first.document_id, 2)
        assert str(missing.value) == f"Case {handle.case_code} has no such document version."
        with pytest.raises(UserError):
            handle.document_version(99)
        second = handle.save_document("Complaint", b"v2", document_id=first.document_id)
        assert second.version == 2 and other.version == 1
        assert handle.document_version(other.document_id).content == b"o1"
        assert handle.document_version(other.document_id).media_type == "text/plain"
        docs = handle.documents()
        assert [(d.title, d.kind, n) for d, n in docs] == [
            ("Complaint", "complaint", 2),
            ("Other", "letter", 1),
        ]
        assert [(d.id, n) for d, n in handle.contents().documents] == [(d.id, n) for d, n in docs]
        log = handle.audit_log()[-1]
        assert (log.action, log.entity_key) == ("document saved", f"{first.document_id}v2")
        assert json.loads(log.after or "") == {"title": "Complaint", "version": 2, "bytes": 2}
        assert second.created_by == "tester"


@pytest.mark.parametrize(
    ("model", "name", "day"),
    [
        ("victim", "date_of_birth", date(1899, 12, 31)),
        ("victim", "date_of_birth", date(202, 5, 1)),
        ("case", "offence_date", date(2201, 1, 1)),
    ],
)
def test_a_date_outside_the_years_the_app_accepts_is_refused(
    ws: Workspace, model: str, name: str, day: date
) -> None:
    with _handle(ws) as handle:
        before = _written(handle)
        update = handle.update_victim if model == "victim" else handle.update_case
        with pytest.raises(UserError) as refused:
            update(**{name: day})
        assert str(refused.value) == (
            f"The {model} detail {name!r} ({day.isoformat()}) is not between 1900 and 2200; "
            "check it. Nothing was saved."
        )
        assert _written(handle) == before


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2200, 12, 31)])
def test_the_first_and_last_accepted_years_are_accepted(ws: Workspace, day: date) -> None:
    with _handle(ws) as handle:
        assert handle.update_victim(date_of_birth=day).date_of_birth == day


@pytest.mark.parametrize("name", ["id", "case_code", "shoe_size"])
def test_a_detail_that_is_not_the_advocates_to_change_is_refused(ws: Workspace, name: str) -> None:
    with _handle(ws) as handle:
        with pytest.raises(UserError) as refused:
            handle.update_case(**{name: "x"})
        assert str(refused.value) == f"{name!r} is not a case detail that can be changed."


def test_a_change_is_audited_with_the_values_before_and_after(ws: Workspace) -> None:
    with _handle(ws) as handle:
        handle.update_case(offence="ABH")
        row = handle.audit_log()[-1]
        assert (row.action, row.entity, row.entity_key) == ("case updated", "case", None)
        assert '"offence": "ABH"' in (row.after or "")
        assert json.loads(row.before or "") == {**json.loads(row.after or ""), "offence": None}
        note = handle.add_note("Called WCU.")
        noted = handle.audit_log()[-1]
        assert (noted.action, noted.entity, noted.entity_key) == (
            "note added",
            "note",
            str(note.id),
        )
        contact = handle.add_contact("wcu", name="Witness Care")
        added = handle.audit_log()[-1]
        assert (added.action, added.entity_key) == ("contact added", str(contact.id))


def test_closing_a_case_records_the_day_once(ws: Workspace) -> None:
    """The retention clock starts the day a case closes; closing it again does not move it."""
    with _handle(ws) as handle:
        closed = handle.update_case(status="closed")
        assert closed.closed_on == date.today()
        handle.update_case(closed_on=date(2026, 1, 5))
        assert handle.update_case(status="closed").closed_on == date(2026, 1, 5)
        given = handle.update_case(status="closed", closed_on=date(2026, 2, 1))
        assert given.closed_on == date(2026, 2, 1)
        assert handle.update_case(status="open").status == "open"


def test_a_reason_given_today_is_recorded(ws: Workspace) -> None:
    with _handle(ws) as handle:
        row = handle.record_good_reason(
            "police.refer_support", "e1", "Form lost", TODAY, today=TODAY
        )
        assert row.given_on == TODAY


def test_a_reason_for_an_obligation_not_yet_due_is_refused_saying_so(ws: Workspace) -> None:
    with _handle(ws) as handle:
        handle.add_event("suspect_charged", TODAY)
        due = [o for o in handle.obligations(TODAY).obligations if not o.status.is_breach]
        waiting = next(o for o in due if "_" in o.status.value)
        duty, trigger = waiting.key
        with pytest.raises(UserError) as refused:
            handle.record_good_reason(duty, trigger, "x", today=TODAY)
        assert str(refused.value) == (
            f"{duty} ({trigger}) is {waiting.status.value.replace('_', ' ')}: a reason is "
            "recorded only for an obligation met late or overdue."
        )


def test_a_cases_summary_is_read_from_the_case_file_as_it_now_is(ws: Workspace) -> None:
    """The dashboard and reports read the index, which is refreshed from this summary."""
    from vcop_desktop.storage.case_rows import read_case

    with _handle(ws) as handle:
        handle.update_victim(preferred_name="Zeb")
        closed = date(2026, 3, 5)  # closing records its `case_closed` event, that day
        handle.update_case(
            offence="ABH", police_force="Example Police", status="closed", closed_on=closed
        )
        handle.add_event("suspect_charged", date(2026, 3, 4))
        summary, scenario = read_case(handle.file)
        last = handle.audit_log()[-1].at
        assert (summary.case_id, summary.case_code) == (handle.case_id, handle.case_code)
        assert (summary.victim_name, summary.preferred_name) == ("Zebediah Quillfeather", "Zeb")
        assert (summary.crime_reference, summary.offence) == ("QX/55501/26", "ABH")
        assert (summary.status, summary.police_force) == ("closed", "Example Police")
        assert summary.flags == ("domestic_abuse",)
        assert summary.offence_date == date(2026, 2, 27)
        assert summary.event_count == 5 and len(scenario.events) == 5
        assert summary.last_event == date(2026, 3, 6)  # the latest event's day, not the last added
        assert summary.updated_at == last.isoformat(timespec="seconds")
        assert summary.retention.closed_on == date(2026, 3, 5)
        assert scenario.case.victim_dob == date(1990, 5, 1)
        assert scenario.case.victim_name == "Zebediah Quillfeather"
        listed = {c.case_id: c for c in ws.list_cases()}[handle.case_id]
        assert (listed.status, listed.event_count) == ("closed", 5)


def test_a_change_refreshes_the_cases_index_entry_at_once(ws: Workspace) -> None:
    with _handle(ws) as handle:
        handle.update_case(status="closed")
        handle.add_event("suspect_charged", date(2026, 3, 12))
        case_id = handle.case_id
    listed = {c.case_id: c for c in ws.list_cases(refresh=False)}[case_id]
    assert (listed.status, listed.event_count) == ("closed", 5)  # the closing is an event


def test_a_change_is_kept_when_its_index_entry_cannot_be_refreshed(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry stays marked stale and is read again later; the advocate's note is not lost."""
    with _handle(ws) as handle:

        def failing(*args: object) -> None:
            raise ValueError("the rules could not be read (injected)")

        monkeypatch.setattr(handle.context, "evaluate", failing)
        note = handle.add_note("Called WCU.")
        monkeypatch.undo()
        assert [n.text for n in handle.notes()] == ["Called WCU."] and note.id is not None
        case_id = handle.case_id
    assert {c.case_id: c for c in ws.list_cases()}[case_id].event_count == 3


def test_a_case_file_holding_an_invalid_event_is_named_as_damaged(ws: Workspace) -> None:
    from vcop_desktop.storage.case_rows import read_case
    from vcop_desktop.storage.errors import CaseFileError

    with _handle(ws) as handle:
        with handle.file.writing() as session:
            session.connection().exec_driver_sql(
                "UPDATE case_event SET type = 'alien_abduction' WHERE event_id = 'e2'"
            )
        with pytest.raises(CaseFileError) as damaged:
            read_case(handle.file)
        assert (damaged.value.path, damaged.value.kind) == (handle.file.path, "damaged")
        assert damaged.value.problem.startswith("holds an invalid event (")
        assert "alien_abduction" in damaged.value.problem


def test_a_case_file_missing_a_table_is_named_as_damaged(ws: Workspace) -> None:
    from vcop_desktop.storage.case_rows import read_case
    from vcop_desktop.storage.errors import CaseFileError

    with _handle(ws) as handle:
        with handle.file.writing() as session:
            session.connection().exec_driver_sql("DROP TABLE victim")
        with pytest.raises(CaseFileError) as damaged:
            read_case(handle.file)
        assert (damaged.value.path, damaged.value.kind) == (handle.file.path, "damaged")
        assert damaged.value.problem == "the file's contents cannot be read"


def test_an_invalid_event_is_refused_naming_the_case_and_where_it_would_go(
    ws: Workspace,
) -> None:
    with _handle(ws) as handle:
        with pytest.raises(UserError) as refused:
            handle.add_event("alien_abduction", TODAY)
        assert str(refused.value) == (
            f"Case {handle.case_code}: unknown event type 'alien_abduction' (events[3].type)"
        )


def test_an_events_row_keeps_its_id_type_and_date_in_their_own_columns_only(
    ws: Workspace,
) -> None:
    """The fields column holds the event's own fields: an id or date copied there would
    go stale when the event is edited."""
    from sqlmodel import select

    from vcop_desktop.storage.case_rows import fields_json
    from vcop_desktop.storage.models import CaseEvent

    with _handle(ws) as handle:
        handle.add_event("duty_met", TODAY, {"duty": "police.refer_support", "trigger": "e1"})
        with handle.file.reading() as session:
            rows = {r.event_id: r.fields for r in session.exec(select(CaseEvent)).all()}
        assert rows["e4"] == {"duty": "police.refer_support", "trigger": "e1"}
        assert rows["e1"] == {}
        event = {r.event.id: r.event for r in handle.events()}["e4"]
        assert fields_json(event) == rows["e4"]


def test_the_retention_clock_starts_on_a_case_closed_event_when_no_day_was_recorded(
    ws: Workspace,
) -> None:
    from vcop_desktop.storage.case_rows import read_case

    with _handle(ws) as handle:
        handle.add_event("case_closed", date(2026, 3, 10))
        assert read_case(handle.file)[0].retention.closed_on == date(2026, 3, 10)


def test_a_case_closed_without_a_day_is_taken_as_closed_when_last_changed(
    ws: Workspace,
) -> None:
    from vcop_desktop.storage.case_rows import read_case

    with _handle(ws) as handle:
        handle.update_case(status="closed", closed_on=None)
        changed = handle.audit_log()[-1].at.date()
        assert read_case(handle.file)[0].retention.closed_on == changed


def test_a_cases_last_update_is_its_latest_audited_change(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard's "updated" column: the latest change, not the day the case was made."""
    from datetime import UTC, datetime

    from vcop_desktop.storage import casefile
    from vcop_desktop.storage.case_rows import read_case

    with _handle(ws) as handle:
        later = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
        monkeypatch.setattr(casefile, "utc_now", lambda: later)
        handle.add_note("Called WCU.")
        assert read_case(handle.file)[0].updated_at == "2031-05-06T07:08:09+00:00"


def test_a_victim_under_18_on_the_offence_day_is_counted_a_child_after_turning_18(
    ws: Workspace,
) -> None:
    """The Code's enhanced rights for children go by the age at the offence (27 February),
    not at the report (2 March), when the victim had turned 18."""
    from vcop_desktop.storage.case_rows import read_case

    with _handle(ws) as handle:
        handle.update_victim(date_of_birth=date(2008, 3, 1))
        assert read_case(handle.file)[0].equality.under_18 is True


def test_a_cases_summary_carries_the_day_an_agencys_reason_was_given(ws: Workspace) -> None:
    from vcop_desktop.storage.case_rows import read_case

    with _handle(ws) as handle:
        handle.record_good_reason("police.refer_support", "e1", "Form lost", TODAY, today=TODAY)
        assert read_case(handle.file)[0].good_reasons == {("police.refer_support", "e1"): TODAY}


def test_a_case_with_no_events_yet_reads(ws: Workspace) -> None:
    from vcop_desktop.storage.case_rows import read_case

    case = ws.create_case(victim_name="A Sampleton")
    with ws.open_case(case.case_id) as handle:
        summary, scenario = read_case(handle.file)
        assert (summary.event_count, summary.last_event, scenario.events) == (0, None, ())
