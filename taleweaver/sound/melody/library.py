"""The melody library: melodies the model wrote offline for every progression of the part
library (data/music/melodies.jsonl, written by build_library.py). Reading only: nothing is
generated at story time.

Each melody is as many full bars as its progression has chords, in the progression's meter and
mode, one register window. Pitches are semitones above the tonic (0 = the tonic in the octave
the arranger picks; the registers below say how far up and down a melody may go), durations are
ticks of a twelfth of a quarter note (a 4/4 bar = 48, a 3/4 or 6/8 bar = 36), None is a rest.

    from taleweaver.sound.melody.library import melodies_for
    for m in melodies_for(progression_id="morning_meadow", register="middle"):
        m.bars[0]   # ((4, 12), (2, 6), (0, 6), (7, 24))
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from taleweaver.paths import DATA_DIR
from taleweaver.sound.melody.harmony import LIBRARY_MODES

LIBRARY_PATH = DATA_DIR / "music" / "melodies.jsonl"
LIBRARY_METERS = ("4/4", "3/4", "6/8")
# Lowest and highest pitch of each register, in semitones from the tonic. Every window is at
# most an octave and a half, so a melody always fits a lead instrument's register once the
# arranger picks the tonic's octave (data/music/signatures.yaml gives the instruments' ranges).
REGISTERS: dict[str, tuple[int, int]] = {"low": (-5, 12), "middle": (0, 17), "high": (7, 24)}


@dataclass(frozen=True)
class Melody:
    id: str                                                  # "<progression_id>.<register>.<n>"
    progression_id: str
    meter: str
    mode: str
    register: str
    chords: tuple[str, ...]                                   # the progression's chords, one per bar
    bars: tuple[tuple[tuple[int | None, int], ...], ...]      # per bar: (pitch or None, ticks)
    ticks_per_quarter: int
    lowest: int                                               # semitones from the tonic
    highest: int
    chord_tone_rate: float                                    # share of note time on the bar's chord tones
    mean_logprob: float                                       # how natural the model found it (nats/token)


@lru_cache(maxsize=1)
def load_library(path: Path = LIBRARY_PATH) -> tuple[Melody, ...]:
    if not Path(path).exists():
        raise FileNotFoundError(f"{path} is missing: build it with python -m taleweaver.sound.melody.build_library")
    melodies = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        melodies.append(Melody(
            id=row["id"], progression_id=row["progression_id"], meter=row["meter"], mode=row["mode"],
            register=row["register"], chords=tuple(row["chords"]),
            bars=tuple(tuple((p, t) for p, t in bar) for bar in row["bars"]),
            ticks_per_quarter=row["ticks_per_quarter"], lowest=row["lowest"], highest=row["highest"],
            chord_tone_rate=row["chord_tone_rate"], mean_logprob=row["mean_logprob"],
        ))
    return tuple(melodies)


def melodies_for(progression_id: str | None = None, meter: str | None = None, mode: str | None = None,
                 register: str | None = None) -> list[Melody]:
    """The library's melodies matching every given attribute (None = any), best first."""
    if meter is not None and meter not in LIBRARY_METERS:
        raise ValueError(f"meter {meter!r} is not one of {', '.join(LIBRARY_METERS)}")
    if mode is not None and mode not in LIBRARY_MODES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(LIBRARY_MODES)}")
    if register is not None and register not in REGISTERS:
        raise ValueError(f"register {register!r} is not one of {', '.join(REGISTERS)}")
    library = load_library()
    if progression_id is not None and progression_id not in {m.progression_id for m in library}:
        raise ValueError(f"progression {progression_id!r} has no melodies: the ids are those of "
                         "data/music/progressions.yaml (rebuild the library if one was added)")
    found = [m for m in library
             if (progression_id is None or m.progression_id == progression_id)
             and (meter is None or m.meter == meter)
             and (mode is None or m.mode == mode)
             and (register is None or m.register == register)]
    return sorted(found, key=lambda m: -(m.mean_logprob + m.chord_tone_rate))
