"""The ambient table (data/scene/ambient.yaml): what each background already draws, and the
few ambient props that fit it at each time of day (fish on a reef, fireflies in a forest at
night).

Reads:  data/scene/ambient.yaml and the object index (every id is checked against it).
Gives:  `ambient_table()` -> AmbientTable with
            drawn_by_background(design, theme, time)  object ids the background paints
            ambient_candidates(design, theme, time)   [(object id, count)], best first
        and the hand-written word lists for contradictions (empty places, clear sky, night).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from taleweaver.paths import DATA_DIR

AMBIENT_PATH = DATA_DIR / "scene" / "ambient.yaml"
TIMES = ("day", "sunset", "night")
_DESIGN_FIELDS = ("draws", "draws_day", "draws_night", "day", "night")


class AmbientTableError(ValueError):
    """data/scene/ambient.yaml is malformed; the message names the entry and what is allowed."""


@dataclass(frozen=True)
class PlaceEntry:
    draws: tuple[str, ...] = ()
    draws_day: tuple[str, ...] = ()
    draws_night: tuple[str, ...] = ()
    day: tuple[tuple[str, int], ...] = ()
    night: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class AmbientTable:
    designs: dict[str, PlaceEntry]
    themes: dict[str, PlaceEntry]
    empty_places: dict[str, str]                 # "pond" -> "water"
    empty_leaves_out: dict[str, frozenset[str]]  # "water" -> {fish, duck, ...}
    clear_sky_words: frozenset[str]
    clear_sky_leaves_out: frozenset[str]
    night_leaves_out: frozenset[str]
    night_only_ambient: frozenset[str]

    def _entry(self, design: str, theme: str) -> PlaceEntry:
        return self.designs.get(design) or self.themes.get(theme) or PlaceEntry()

    def drawn_by_background(self, design: str, theme: str, time: str) -> frozenset[str]:
        """Object ids the background paints itself in this light (its sun, moon, clouds,
        rocks, trees): never added again as ambient props."""
        entry = self._entry(design, theme)
        sky = entry.draws_night if time == "night" else entry.draws_day
        return frozenset(entry.draws) | frozenset(sky)

    def ambient_candidates(self, design: str, theme: str, time: str) -> tuple[tuple[str, int], ...]:
        """Ambient props that fit the place at this time, best first: ((object id, count), ...)."""
        if time not in TIMES:
            raise ValueError(f"time of day {time!r} is not allowed; allowed: {', '.join(TIMES)}")
        entry = self._entry(design, theme)
        return entry.night if time == "night" else entry.day


def _ids(value, where: str, known: set[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise AmbientTableError(f"{where} must be a list of object ids")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise AmbientTableError(f"{where} names {', '.join(map(str, unknown))}, which are not object ids in data/scene/objects.yaml")
    return tuple(value)


def _props(value, where: str, known: set[str]) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, list):
        raise AmbientTableError(f"{where} must be a list like [fish 2, jellyfish 1]")
    out = []
    for item in value:
        parts = str(item).split()
        if len(parts) != 2 or not parts[1].isdigit() or not 1 <= int(parts[1]) <= 5:
            raise AmbientTableError(f"{where}: {item!r} must be written 'object_id count' with a count of 1 to 5")
        _ids([parts[0]], where, known)
        out.append((parts[0], int(parts[1])))
    return tuple(out)


def _entry(raw, where: str, known: set[str]) -> PlaceEntry:
    if not isinstance(raw, dict):
        raise AmbientTableError(f"{where} must be a mapping with fields {', '.join(_DESIGN_FIELDS)}")
    unknown = sorted(set(raw) - set(_DESIGN_FIELDS))
    if unknown:
        raise AmbientTableError(f"{where} has unknown field(s) {', '.join(unknown)}; allowed: {', '.join(_DESIGN_FIELDS)}")
    return PlaceEntry(
        draws=_ids(raw.get("draws", []), f"{where} draws", known),
        draws_day=_ids(raw.get("draws_day", []), f"{where} draws_day", known),
        draws_night=_ids(raw.get("draws_night", []), f"{where} draws_night", known),
        day=_props(raw.get("day", []), f"{where} day", known),
        night=_props(raw.get("night", []), f"{where} night", known))


def load_ambient_table(path: Path = AMBIENT_PATH) -> AmbientTable:
    """Read and check the table: every design and theme must exist, every id must be an object."""
    from taleweaver.catalog import allowed_ids
    from taleweaver.scene.assets import load_objects
    from taleweaver.scene.backgrounds import designs

    known = set(load_objects().objects)
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or "designs" not in raw:
        raise AmbientTableError(f"{path} must hold a 'designs' mapping")
    all_designs = designs()
    table_designs = {}
    for design, entry in raw["designs"].items():
        if design not in all_designs:
            raise AmbientTableError(f"{path.name}: {design!r} is not a background design; allowed: {', '.join(all_designs)}")
        table_designs[design] = _entry(entry, f"{path.name} design {design}", known)
    themes = set(allowed_ids("theme"))
    table_themes = {}
    for theme, entry in (raw.get("themes") or {}).items():
        if theme not in themes:
            raise AmbientTableError(f"{path.name}: {theme!r} is not a catalog theme; allowed: {', '.join(sorted(themes))}")
        table_themes[theme] = _entry(entry, f"{path.name} theme {theme}", known)
    empty_places = {}
    for zone, places in (raw.get("empty_places") or {}).items():
        for place in places:
            empty_places[place] = zone
    leaves_out = {zone: frozenset(_ids(ids, f"{path.name} empty_leaves_out {zone}", known))
                  for zone, ids in (raw.get("empty_leaves_out") or {}).items()}
    missing = sorted(set(empty_places.values()) - set(leaves_out))
    if missing:
        raise AmbientTableError(f"{path.name}: empty_leaves_out lacks {', '.join(missing)}")
    return AmbientTable(
        designs=table_designs, themes=table_themes, empty_places=empty_places,
        empty_leaves_out=leaves_out,
        clear_sky_words=frozenset(raw.get("clear_sky_words") or ()),
        clear_sky_leaves_out=frozenset(_ids(raw.get("clear_sky_leaves_out") or [], "clear_sky_leaves_out", known)),
        night_leaves_out=frozenset(_ids(raw.get("night_leaves_out") or [], "night_leaves_out", known)),
        night_only_ambient=frozenset(_ids(raw.get("night_only_ambient") or [], "night_only_ambient", known)))


@lru_cache(maxsize=1)
def ambient_table() -> AmbientTable:
    """The checked table, loaded once per process."""
    return load_ambient_table()
