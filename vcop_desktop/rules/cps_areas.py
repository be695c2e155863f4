"""The police forces of England and Wales and each one's CPS Area, as data
(`resources/cps-areas/cps-areas.toml`, with its source): the app's list of forces, and the
"CPS victim letters" report's breakdown by CPS Area (a case records its force, not its Area).

A force is matched by its name as advocates type it: case, punctuation, "&" and the words
"police", "constabulary", "service" and "the" do not matter ("Devon & Cornwall" is "Devon and
Cornwall Police"); a few other names are listed as aliases ("Met"). Anything else is
`NOT_KNOWN`: never a guess.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from vcop_desktop.paths import resources_dir

NOT_KNOWN: Final = "CPS Area not known"
_NOISE: Final = frozenset({"police", "constabulary", "service", "the"})


@dataclass(frozen=True, slots=True)
class CpsAreas:
    """The 14 Areas, the London label, and each force's Area (by its own name)."""

    areas: tuple[str, ...]
    london: str
    forces: dict[str, str]
    aliases: dict[str, str]
    source: str

    def area_of(self, force: str | None) -> str:
        """The force's CPS Area (or the London label), or `NOT_KNOWN`."""
        if not force:
            return NOT_KNOWN
        return _by_key().get(_key(force), NOT_KNOWN)


def _key(name: str) -> str:
    words = re.sub(r"[^a-z0-9 ]+", " ", name.lower().replace("&", " and ")).split()
    return " ".join(w for w in words if w not in _NOISE)


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    areas = cps_areas()
    found = {_key(force): area for force, area in areas.forces.items()}
    found.update({_key(alias): areas.forces[force] for alias, force in areas.aliases.items()})
    return found


@lru_cache(maxsize=1)
def cps_areas() -> CpsAreas:
    """The bundled data, read once."""
    with (resources_dir() / "cps-areas" / "cps-areas.toml").open("rb") as handle:
        data = tomllib.load(handle)
    london = str(data["london"])
    forces = {
        str(force): london if area == "london" else str(area)
        for force, area in data["forces"].items()
    }
    return CpsAreas(
        areas=tuple(str(a) for a in data["areas"]),
        london=london,
        forces=forces,
        aliases={str(k): str(v) for k, v in data["aliases"].items()},
        source=str(data["source"]["title"]),
    )


def police_forces() -> tuple[str, ...]:
    """The app's list of police forces, by their own names, in alphabetical order."""
    return tuple(sorted(cps_areas().forces))


def cps_area_of(force: str | None) -> str:
    """The CPS Area of a case's police force, or `NOT_KNOWN`."""
    return cps_areas().area_of(force)
