"""The equality-monitoring categories as data, and the labels a breakdown counts under."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from vcop_desktop.domain.enhanced import was_child_at_offence
from vcop_desktop.domain.equality import (
    BREAKDOWNS,
    NOT_RECORDED,
    PREFER_NOT,
    RECORDED,
    Equality,
    age_at_offence,
    age_bands,
    case_equality,
    characteristics,
    group_label,
    method_note,
    problem,
)
from vcop_desktop.domain.events import CaseFacts


def test_the_codes_travel_in_one_order_everywhere() -> None:
    # index columns, extract fields and report groupings all follow Equality's fields
    assert Equality._fields == BREAKDOWNS == ("under_18", "age_band", *RECORDED)


def test_every_characteristic_has_a_source_and_unique_codes() -> None:
    known = characteristics()
    assert tuple(known) == RECORDED
    for name, item in known.items():
        codes = [code for code, _ in item.categories]
        assert item.source and item.title, name
        assert len(set(codes)) == len(codes) and PREFER_NOT not in codes, name
    ethnic = known["ethnicity"]
    assert "ONS Census 2021" in ethnic.source and len(ethnic.categories) == 7  # + does not apply


def test_the_age_bands_cover_every_age_without_overlap() -> None:
    bands = age_bands()
    assert bands[0].low == 0 and bands[-1].high is None
    for earlier, later in pairwise(bands):
        assert earlier.high is not None and later.low == earlier.high + 1
    assert bands[0].code == "under_18" and bands[0].high == 17


def test_labels_and_problems() -> None:
    assert group_label("ethnicity", Equality()) == NOT_RECORDED
    assert group_label("sex", Equality(sex=PREFER_NOT)) == "Prefers not to say"
    assert group_label("under_18", Equality(under_18=True)) == "Under 18"
    assert group_label("under_18", Equality(under_18=False)) == "18 or over"
    assert group_label("age_band", Equality(age_band="25_34")) == "25 to 34"
    assert problem("sex", "female") is None and problem("sex", PREFER_NOT) is None
    assert problem("sex", "Zebediah") == "'Zebediah' is not one of the categories of sex"
    assert problem("shoe_size", "9") is not None


def test_without_consent_only_under_18_is_counted() -> None:
    recorded = {"ethnicity": "asian", "sex": "female"}
    born, offence = date(1990, 5, 1), date(2026, 2, 27)
    assert case_equality(recorded, False, born, offence) == Equality(under_18=False)
    assert case_equality(recorded, True, born, offence) == Equality(
        False, "35_44", ethnicity="asian", sex="female"
    )


def test_the_method_note_names_only_the_breakdowns_used() -> None:
    assert method_note(["agency", "month"]) == ""
    note = method_note(iter(["agency", "under_18", "religion"]))  # a generator, read once
    assert "under 18 at the offence" in note and "Religion or belief: ONS Census 2021" in note
    assert "Ethnic group" not in note


@settings(max_examples=300, deadline=None)
@given(
    st.dates(date(1920, 1, 1), date(2026, 12, 31)),
    st.dates(date(1990, 1, 1), date(2030, 12, 31)),
)
def test_under_18_agrees_with_the_engines_enhanced_rights_ground(born: date, offence: date) -> None:
    """With an offence date, a breakdown's "Under 18" is exactly the engine's ground for
    enhanced rights (a 29 February birthday included)."""
    age = age_at_offence(born, offence)
    if offence < born:
        assert age is None
        return
    facts = CaseFacts(offence_date=offence, victim_dob=born, flags=frozenset())
    assert (age is not None and age < 18) is was_child_at_offence(facts)
    assert case_equality({}, False, born, offence).under_18 is was_child_at_offence(facts)


def test_a_stray_text_in_a_file_is_never_counted_as_a_group() -> None:
    # a file edited by hand: a name where a code belongs
    recorded = {"ethnicity": "Zebediah Quillfeather", "sex": "female", "religion": 7}
    got = case_equality(recorded, True, None, None)
    assert (got.ethnicity, got.sex, got.religion) == (None, "female", None)
    assert group_label("ethnicity", Equality(ethnicity="Zebediah")) == NOT_RECORDED
    assert group_label("age_band", Equality(age_band="Zebediah")) == NOT_RECORDED


def test_without_an_offence_date_a_child_is_not_counted_under_18_only_banded() -> None:
    """The engine gives a child enhanced rights on the offence date alone; a breakdown must
    not count as "Under 18" a child it gave none. The age band may use the report's date."""
    born = date(2010, 6, 1)
    reported = [date(2026, 3, 2)]  # 15 when the crime was reported; no offence date
    facts = CaseFacts(offence_date=None, victim_dob=born, flags=frozenset())
    assert was_child_at_offence(facts) is False
    got = case_equality({}, True, born, None, reported)
    assert got.under_18 is None
    assert group_label("under_18", got) == NOT_RECORDED
    assert got.age_band == "under_18"  # the band still says how old the victim was
    with_offence = case_equality({}, True, born, date(2026, 2, 27), reported)
    assert with_offence.under_18 is True
