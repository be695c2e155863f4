"""The police forces and their CPS Areas (issue 22 §1): the data names its source, lists the
14 Areas, maps every force of the app's list to one of them (or to London, which the force
alone cannot split), and a force is matched as advocates type it, never guessed."""

from __future__ import annotations

import tomllib

import pytest

from vcop_desktop.paths import resources_dir
from vcop_desktop.rules.cps_areas import NOT_KNOWN, cps_area_of, cps_areas, police_forces


def test_the_data_names_its_source_and_the_14_areas() -> None:
    raw = (resources_dir() / "cps-areas" / "cps-areas.toml").read_text("utf-8")
    assert "Source:" in raw and "cps.gov.uk" in raw
    data = cps_areas()
    assert len(data.areas) == len(set(data.areas)) == 14
    assert {"CPS London North", "CPS London South"} <= set(data.areas)


def test_every_force_of_the_apps_list_has_its_cps_area() -> None:
    data = cps_areas()
    forces = police_forces()
    assert len(forces) == 43  # the territorial forces of England and Wales
    for force in forces:
        area = cps_area_of(force)
        assert area in data.areas or area == data.london, force
    # Every Area but London's two has a force; London's forces count under the London label.
    used = {cps_area_of(f) for f in forces}
    assert used == (set(data.areas) - {"CPS London North", "CPS London South"}) | {data.london}
    assert cps_area_of("Metropolitan Police Service") == data.london
    assert cps_area_of("City of London Police") == data.london


def test_every_alias_names_a_listed_force() -> None:
    with (resources_dir() / "cps-areas" / "cps-areas.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    assert set(raw["aliases"].values()) <= set(raw["forces"])


@pytest.mark.parametrize(
    ("typed", "area"),
    [
        ("Devon & Cornwall", "CPS South West"),
        ("devon and cornwall police", "CPS South West"),
        ("Dyfed Powys", "CPS Cymru-Wales"),
        ("The Met", "CPS London (North or South)"),
        ("Hampshire Constabulary", "CPS Wessex"),
        ("Thames Valley", "CPS Thames and Chiltern"),
        ("Bedfordshire Police", "CPS Thames and Chiltern"),
        ("Northshire Police", NOT_KNOWN),  # the demo's made-up force
        ("West", NOT_KNOWN),  # part of a name is not a name
        ("", NOT_KNOWN),
        (None, NOT_KNOWN),
    ],
)
def test_a_force_is_matched_as_typed_and_never_guessed(typed: str | None, area: str) -> None:
    assert cps_area_of(typed) == area
