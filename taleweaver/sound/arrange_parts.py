"""The part library the arranger combines: progressions, one-bar patterns and instrument
signatures, read from data/music/*.yaml (README.md there explains every field).

Reads: data/music/progressions.yaml, patterns.yaml, signatures.yaml.
Writes: nothing; gives typed, read-only views (`Progression`, `Pattern`, `Instrument`,
`HeroSignature`, `ThemeSignature`) and rejects an unknown hero or theme with a clear error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from taleweaver.paths import DATA_DIR

MUSIC_DIR = DATA_DIR / "music"
METERS = ("4/4", "3/4", "6/8")
ROLES = ("bass", "drums", "accompaniment", "rhythm")


@dataclass(frozen=True)
class Progression:
    id: str
    mode: str
    meter: str
    energy: int                 # 1 calm .. 5 exciting
    valence: int                # 1 sad .. 5 happy
    tempo: tuple[int, int]      # beats a minute (a dotted quarter in 6/8)
    chords: tuple[str, ...]     # one Roman numeral per bar
    cadence: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    id: str
    role: str
    meter: str
    energy: int
    steps_per_bar: int
    events: tuple[tuple, ...]   # (step, length_in_steps, chord_tone | drum name | voicing, velocity)


@dataclass(frozen=True)
class Instrument:
    program: int                # General MIDI, 0-based
    name: str
    register: tuple[int, int]   # lowest, highest MIDI note, inclusive


@dataclass(frozen=True)
class HeroSignature:
    lead: Instrument            # plays the leitmotif and the melody
    color: Instrument           # plays the rhythm layer
    preferred_meters: tuple[str, ...]
    preferred_modes: tuple[str, ...]


@dataclass(frozen=True)
class ThemeSignature:
    pad: Instrument             # plays the accompaniment
    bass: Instrument
    percussion: tuple[str, ...]  # drum names of patterns.yaml
    modes: tuple[str, ...]


def _read(name: str):
    with open(MUSIC_DIR / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _instrument(raw: dict) -> Instrument:
    return Instrument(program=int(raw["program"]), name=raw["name"], register=tuple(raw["register"]))


@lru_cache(maxsize=1)
def progressions() -> tuple[Progression, ...]:
    return tuple(Progression(
        id=p["id"], mode=p["mode"], meter=p["meter"], energy=int(p["energy"]), valence=int(p["valence"]),
        tempo=tuple(p["tempo"]), chords=tuple(p["chords"]), cadence=p["cadence"], tags=tuple(p.get("tags", ())),
    ) for p in _read("progressions.yaml"))


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    return tuple(Pattern(
        id=p["id"], role=p["role"], meter=p["meter"], energy=int(p["energy"]),
        steps_per_bar=int(p["steps_per_bar"]),
        events=tuple(tuple(tuple(x) if isinstance(x, list) else x for x in e) for e in p["events"]),
    ) for p in _read("patterns.yaml"))


@lru_cache(maxsize=1)
def _signatures() -> dict:
    return _read("signatures.yaml")


def hero_names() -> tuple[str, ...]:
    return tuple(_signatures()["heroes"])


def theme_names() -> tuple[str, ...]:
    return tuple(_signatures()["themes"])


def hero_signature(hero: str) -> HeroSignature:
    heroes = _signatures()["heroes"]
    if hero not in heroes:
        raise ValueError(f"hero {hero!r} has no instrument signature; allowed heroes: {', '.join(heroes)}")
    raw = heroes[hero]
    return HeroSignature(lead=_instrument(raw["lead"]), color=_instrument(raw["color"]),
                         preferred_meters=tuple(raw["preferred_meters"]),
                         preferred_modes=tuple(raw.get("preferred_modes", ())))


def theme_signature(theme: str) -> ThemeSignature:
    themes = _signatures()["themes"]
    if theme not in themes:
        raise ValueError(f"theme {theme!r} has no instrument signature; allowed themes: {', '.join(themes)}")
    raw = themes[theme]
    return ThemeSignature(pad=_instrument(raw["pad"]), bass=_instrument(raw["bass"]),
                          percussion=tuple(raw["percussion"]), modes=tuple(raw["modes"]))


def progression_by_id(progression_id: str) -> Progression:
    for progression in progressions():
        if progression.id == progression_id:
            return progression
    raise ValueError(f"no progression {progression_id!r} in data/music/progressions.yaml")
