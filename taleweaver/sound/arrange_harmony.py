"""Harmony for the arranger: the chord of each bar, where its tones sit in an instrument's
register, the cadence that ends a scene, and moving a tune from one mode into another.

Every pitch here is either a pitch class above the tonic (0..11) or a MIDI note; the function
names say which. Chord spelling comes from the melody stage's `chord_from_numeral`, so the
melodies and the accompaniment read the Roman numerals of data/music/progressions.yaml the
same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from taleweaver.sound.melody.harmony import MODE_SCALES, chord_from_numeral

# Seven-note scales used to move a tune between modes degree by degree. Pentatonic major moves
# through its parent major scale; minor is the natural minor (its raised leading tone is a
# chromatic note of degree 7, kept raised when moved).
DEGREE_SCALES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "pentatonic_major": (0, 2, 4, 5, 7, 9, 11),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "minor": (0, 2, 3, 5, 7, 8, 10),
}
MINOR_MODES = ("minor", "dorian")          # modes with a minor third above the tonic
MAJOR_MODES = ("major", "pentatonic_major", "lydian", "mixolydian")


@dataclass(frozen=True)
class BarChord:
    """One bar's chord, in semitones: `root` and `bass` are pitch classes above the tonic;
    `third`, `fifth` and `seventh` are intervals above the root (seventh None for a triad; a
    sixth chord's sixth and a diminished seventh count as its seventh, as patterns.yaml says)."""

    numeral: str
    root: int
    third: int
    fifth: int
    seventh: int | None
    bass: int
    pitch_classes: frozenset[int]

    def interval(self, tone) -> int:
        """Semitones above the root for a pattern's chord tone: 1, 3, 5, 7 or 8.
        A 7 on a chord without a seventh plays the octave (data/music/README.md)."""
        if tone == 1:
            return 0
        if tone == 3:
            return self.third
        if tone == 5:
            return self.fifth
        if tone == 7:
            return self.seventh if self.seventh is not None else 12
        if tone == 8:
            return 12
        raise ValueError(f"chord tone {tone!r} is not one of 1, 3, 5, 7, 8")


@lru_cache(maxsize=512)
def bar_chord(numeral: str, mode: str) -> BarChord:
    chord = chord_from_numeral(numeral, mode)
    intervals = sorted((pc - chord.root) % 12 for pc in chord.tones)
    third = next((i for i in intervals if i in (3, 4)), None)
    if third is None:                      # sus chords: the 2nd or 4th takes the third's place
        third = next(i for i in intervals if i in (2, 5))
    fifth = next(i for i in intervals if i in (6, 7, 8))
    seventh = next((i for i in intervals if i in (9, 10, 11)), None)
    by_slash = {"3": third, "5": fifth, "7": seventh}
    slash = numeral.split("/")[1] if "/" in numeral else None
    bass = (chord.root + by_slash[slash]) % 12 if slash else chord.root
    return BarChord(numeral, chord.root, third, fifth, seventh, bass, chord.tones)


def tonic_numeral(mode: str) -> str:
    return "i" if mode in MINOR_MODES else "I"


def cadence_numeral(mode: str) -> str:
    """The chord that leads home in the second-to-last bar (data/music/README.md, Cadences):
    the dominant seventh in major and minor; the mode's own pull elsewhere (bVII in mixolydian,
    VII in dorian) and a plain V in lydian, whose V7 would bring back the fourth it raises."""
    return {"major": "V7", "pentatonic_major": "V7", "minor": "V7", "lydian": "V",
            "mixolydian": "bVII", "dorian": "VII"}[mode]


def leads_home(chord: BarChord) -> bool:
    """True for a chord that can already close on the tonic: a dominant (V, v, V7), the modal
    bVII, or the plagal IV / iv."""
    return chord.root in (7, 10, 5)


def lowest_at_or_above(pitch_class: int, floor: int) -> int:
    """The lowest MIDI note with this pitch class that is at or above `floor`."""
    return floor + (pitch_class - floor) % 12


def fold_into(note: int, register: tuple[int, int]) -> int:
    """Move a MIDI note by octaves into [lowest, highest]. Every register of signatures.yaml
    spans at least an octave, so there is always a place for it."""
    low, high = register
    if high - low < 11:
        raise ValueError(f"register {register} is narrower than an octave")
    while note > high:
        note -= 12
    while note < low:
        note += 12
    return note


def nearest_chord_tone(pitch: int, pitch_classes: frozenset[int]) -> int:
    """The chord tone nearest to `pitch` (both counted from the same tonic); ties go down."""
    for distance in range(7):
        for candidate in (pitch - distance, pitch + distance):
            if candidate % 12 in pitch_classes:
                return candidate
    raise ValueError("a chord without pitch classes")


def move_to_mode(pitch: int, from_mode: str, to_mode: str) -> int:
    """A tune's note (semitones above the tonic) moved to the same scale degree of another mode:
    the major third of a major tune becomes the minor third in minor. A note outside the scale
    keeps its distance from the degree below it, but never reaches the next degree."""
    for mode in (from_mode, to_mode):
        if mode not in DEGREE_SCALES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(DEGREE_SCALES)}")
    source, target = DEGREE_SCALES[from_mode], DEGREE_SCALES[to_mode]
    octave, pitch_class = divmod(pitch, 12)
    degree = max(d for d in range(7) if source[d] <= pitch_class)
    offset = pitch_class - source[degree]
    ceiling = target[degree + 1] - 1 if degree < 6 else 11
    moved = min(target[degree] + offset, max(ceiling, target[degree]))
    if to_mode == "pentatonic_major" and moved in (5, 11):
        moved = 4 if moved == 5 else 12     # the two notes pentatonic leaves out, to their neighbours
    return octave * 12 + moved


def in_mode(pitch: int, mode: str) -> bool:
    return pitch % 12 in MODE_SCALES[mode]
