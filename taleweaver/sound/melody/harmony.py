"""Scales and chords, counted in semitones above the tonic (0 = tonic), for the melody stage.

- ``MODE_SCALES``: the notes a melody in each part-library mode may use;
- ``chord_from_numeral``: a Roman numeral of data/music/progressions.yaml -> its chord tones;
- ``derive_bar_chord``: the triad a folk-tune bar outlines (the tunes carry no chord symbols,
  so the chord the model is conditioned on is read off the melody itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taleweaver.sound.melody.tokens import BAR_TICKS, Bar

MODE_SCALES: dict[str, frozenset[int]] = {
    "major": frozenset({0, 2, 4, 5, 7, 9, 11}),
    # Natural minor plus the leading tone: folk tunes in minor raise it, and the library's
    # minor progressions cadence on V / V7, whose third is that leading tone.
    "minor": frozenset({0, 2, 3, 5, 7, 8, 10, 11}),
    "dorian": frozenset({0, 2, 3, 5, 7, 9, 10}),
    "mixolydian": frozenset({0, 2, 4, 5, 7, 9, 10}),
    "lydian": frozenset({0, 2, 4, 6, 7, 9, 11}),
    "pentatonic_major": frozenset({0, 2, 4, 7, 9}),
}
LIBRARY_MODES = tuple(MODE_SCALES)

# The model was trained on the four modes the folk corpus has; lydian and pentatonic melodies are
# sampled as major and kept inside their own scale by the sampler's pitch mask.
MODEL_MODE = {"major": "major", "minor": "minor", "dorian": "dorian", "mixolydian": "mixolydian",
              "lydian": "major", "pentatonic_major": "major"}

QUALITIES = ("maj", "min", "dim")  # what the model is told; aug and sus chords count as maj

_NUMERAL = re.compile(r"^(?P<accidental>[b#])?(?P<numeral>VII|VI|V|IV|III|II|I|vii|vi|v|iv|iii|ii|i)"
                      r"(?P<quality>[°ø+])?(?P<suffix>maj7|7|6|sus2|sus4)?(?:/(?P<bass>[357]))?$")
_ROOTS_MAJOR = {"I": 0, "II": 2, "III": 4, "IV": 5, "V": 7, "VI": 9, "VII": 11}
_ROOTS_MINOR = {**_ROOTS_MAJOR, "III": 3, "VI": 8, "VII": 10}  # minor and dorian: lowered 3, 6, 7


@dataclass(frozen=True)
class Chord:
    root: int                 # semitones above the tonic, 0..11
    quality: str              # one of QUALITIES
    tones: frozenset[int]     # pitch classes above the tonic, 0..11


def chord_from_numeral(numeral: str, mode: str) -> Chord:
    """``V7`` in major -> Chord(root=7, quality='maj', tones={7, 11, 2, 5}); see data/music/README.md."""
    if mode not in MODE_SCALES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(LIBRARY_MODES)}")
    match = _NUMERAL.match(numeral)
    if not match:
        raise ValueError(f"{numeral!r} is not a Roman numeral chord as described in data/music/README.md")
    name = match["numeral"]
    roots = _ROOTS_MINOR if mode in ("minor", "dorian") else _ROOTS_MAJOR
    root = roots[name.upper()] + {"b": -1, "#": 1, None: 0}[match["accidental"]]
    symbol, suffix = match["quality"], match["suffix"]
    if symbol in ("°", "ø"):
        triad, quality = (0, 3, 6), "dim"
    elif symbol == "+":
        triad, quality = (0, 4, 8), "maj"
    elif name.isupper():
        triad, quality = (0, 4, 7), "maj"
    else:
        triad, quality = (0, 3, 7), "min"
    if suffix == "sus2":
        triad = (0, 2, 7)
    elif suffix == "sus4":
        triad = (0, 5, 7)
    extra = {"7": 9 if symbol == "°" else 10, "maj7": 11, "6": 9}.get(suffix or "")
    intervals = triad + ((extra,) if extra is not None else ())
    return Chord(root % 12, quality, frozenset((root + i) % 12 for i in intervals))


def beat_ticks(meter: str) -> int:
    """The length of one beat: a dotted quarter in compound meters (x/8), else a quarter (or half in 3/2)."""
    if meter.endswith("/8") and meter != "3/8":
        return 18
    return 24 if meter.endswith("/2") else 12


def diatonic_triads(mode: str) -> list[Chord]:
    """The triads built on each degree of the mode's scale (stacked scale thirds)."""
    scale = sorted(MODE_SCALES["minor" if mode == "minor" else mode] - ({11} if mode == "minor" else set()))
    chords = []
    for i, root in enumerate(scale):
        third, fifth = scale[(i + 2) % len(scale)], scale[(i + 4) % len(scale)]
        intervals = ((third - root) % 12, (fifth - root) % 12)
        quality = {(4, 7): "maj", (3, 7): "min", (3, 6): "dim"}.get(intervals)
        if quality:
            chords.append(Chord(root, quality, frozenset({root, third, fifth})))
    if mode == "minor":  # the harmonic-minor dominant that folk cadences use
        chords.append(Chord(7, "maj", frozenset({7, 11, 2})))
    return chords


def derive_bar_chord(bar: Bar, meter: str, mode: str) -> Chord | None:
    """The diatonic triad that best covers the bar's notes, weighting downbeat and beats.

    Score = sum of ticks of the notes that are chord tones, x2 on the downbeat, x1.5 on other
    beats. Ties go to the earlier chord in (tonic, dominant, subdominant, ...) order, the way a
    folk accompanist would guess. A bar of rests has no chord.
    """
    if mode not in MODE_SCALES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(LIBRARY_MODES)}")
    beat = beat_ticks(meter)
    notes, onset = [], 0
    for pitch, ticks in bar:
        if pitch is not None:
            weight = 2.0 if onset == 0 else 1.5 if onset % beat == 0 else 1.0
            notes.append((pitch % 12, ticks * weight))
        onset += ticks
    if not notes:
        return None
    preference = {0: 0, 7: 1, 5: 2}
    candidates = sorted(diatonic_triads(mode), key=lambda c: preference.get(c.root, 3))
    return max(candidates, key=lambda c: sum(w for pc, w in notes if pc in c.tones))


def bar_length(meter: str) -> int:
    if meter not in BAR_TICKS:
        raise ValueError(f"meter {meter!r} is not one of {', '.join(BAR_TICKS)}")
    return BAR_TICKS[meter]
