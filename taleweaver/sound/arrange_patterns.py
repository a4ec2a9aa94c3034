"""The accompanying parts of a scene: one-bar patterns of data/music/patterns.yaml played under
every bar of the scene's chords, with the final bar held on the tonic.

Reads: a pattern, the chord of every bar, the key (tonic, mode) and the instrument's register.
Writes: a list of `Note`s (ticks from the scene's start, pattern velocities before the scene's
loudness and fades are applied).
"""

from __future__ import annotations

import random

from taleweaver.sound.arrange_harmony import BarChord, fold_into, lowest_at_or_above
from taleweaver.sound.arrange_parts import Pattern, patterns
from taleweaver.sound.arrange_score import Note
from taleweaver.sound.melody.harmony import MODE_SCALES

# General MIDI percussion keys for the drum names of patterns.yaml (data/music/README.md).
DRUM_KEYS = {"kick": 36, "snare": 38, "clap": 39, "closed_hat": 42, "open_hat": 46, "ride": 51,
             "tambourine": 54, "shaker": 70, "woodblock": 76, "triangle": 81}
# The timekeeping voices that give a theme its colour: a pattern's hi-hat becomes the sea's
# shaker or the farm's woodblock when the theme lists its own. Kick, snare and clap stay.
TIMEKEEPERS = ("closed_hat", "open_hat", "ride", "shaker", "tambourine", "woodblock", "triangle")
# Where the lowest root of a chord voicing sits: a quarter of the way up the register, so the
# voicing above it has room before it folds back down.
VOICING_FLOOR = 0.25
FINAL_VOICING = (1, 3, 5, 8)


def is_swung(pattern: Pattern) -> bool:
    # The two swung 4/4 patterns (12 steps) must not sound over straight 16-step ones, and no
    # accompaniment or rhythm pattern is swung, so the arranger leaves them out.
    return pattern.meter == "4/4" and pattern.steps_per_bar == 12


def choose_pattern(role: str, meter: str, energy: int, rng: random.Random,
                   keep: tuple[str, ...] = ()) -> Pattern:
    """The pattern of `role` in `meter` whose energy is nearest; among equals the one in `keep`
    (the previous scene's, for smooth transitions), else one picked by `rng`."""
    candidates = [p for p in patterns() if p.role == role and p.meter == meter and not is_swung(p)]
    if not candidates:
        raise ValueError(f"no {role} pattern in {meter} in data/music/patterns.yaml")
    best = min(abs(p.energy - energy) for p in candidates)
    nearest = sorted((p for p in candidates if abs(p.energy - energy) == best), key=lambda p: p.id)
    kept = [p for p in nearest if p.id in keep]
    return kept[0] if kept else rng.choice(nearest)


def _passing_note(previous: int, next_bass: int, mode: str) -> int:
    """One scale step above or below the next bar's bass note, from the side nearer the note
    just played (data/music/README.md, "p")."""
    scale = MODE_SCALES["major" if mode == "pentatonic_major" else mode]
    above = next(n for n in range(next_bass + 1, next_bass + 13) if n % 12 in scale)
    below = next(n for n in range(next_bass - 1, next_bass - 13, -1) if n % 12 in scale)
    return above if abs(above - previous) < abs(below - previous) else below


def _chord_notes(chord: BarChord, tones, tonic: int, register: tuple[int, int], bass_line: bool) -> list[int]:
    """MIDI notes for one event's chord tone or voicing, inside the register."""
    low, high = register
    floor = low if bass_line else low + round((high - low) * VOICING_FLOOR)
    root = lowest_at_or_above((tonic + chord.root) % 12, floor)
    notes = []
    for tone in (tones if isinstance(tones, tuple) else (tones,)):
        if bass_line and tone == 1:                      # slash chords: the bass plays the slash note
            note = lowest_at_or_above((tonic + chord.bass) % 12, floor)
        else:
            note = root + chord.interval(tone)
        note = fold_into(note, register)
        if note not in notes:
            notes.append(note)
    return notes


def play_pitched(pattern: Pattern, chords: list[BarChord], tonic: int, mode: str,
                 register: tuple[int, int], bar_ticks: int) -> list[Note]:
    """A bass, accompaniment or rhythm pattern under every bar; the last bar holds the tonic
    chord (the bass its root) instead, so each scene ends at rest."""
    step = bar_ticks // pattern.steps_per_bar
    bass_line = pattern.role == "bass"
    notes: list[Note] = []
    for bar, chord in enumerate(chords):
        start = bar * bar_ticks
        if bar == len(chords) - 1:
            velocity = round(sum(e[3] for e in pattern.events) / len(pattern.events))
            tones = 1 if bass_line else FINAL_VOICING
            length = bar_ticks if pattern.role != "rhythm" else bar_ticks // 2
            notes += [Note(start, length, n, velocity) for n in _chord_notes(chord, tones, tonic, register, bass_line)]
            continue
        for offset, length, tone, velocity in pattern.events:
            if tone == "p":
                following = chords[bar + 1]
                next_bass = lowest_at_or_above((tonic + following.bass) % 12, register[0])
                previous = notes[-1].pitch if notes else next_bass
                pitches = [fold_into(_passing_note(previous, next_bass, mode), register)]
            else:
                pitches = _chord_notes(chord, tone, tonic, register, bass_line)
            notes += [Note(start + offset * step, length * step, p, velocity) for p in pitches]
    return notes


def play_drums(pattern: Pattern, bars: int, bar_ticks: int, percussion: tuple[str, ...]) -> list[Note]:
    """A drum pattern under every bar, its timekeepers swapped for the theme's percussion; the
    last bar is one kick with the theme's first timekeeper."""
    step = bar_ticks // pattern.steps_per_bar
    theme_timekeeper = next((name for name in percussion if name in TIMEKEEPERS), None)

    def key(name: str) -> int:
        if name in TIMEKEEPERS and name not in percussion and theme_timekeeper:
            name = theme_timekeeper
        return DRUM_KEYS[name]

    notes = []
    for bar in range(bars):
        start = bar * bar_ticks
        if bar == bars - 1:
            loudest = max(e[3] for e in pattern.events)
            notes.append(Note(start, step * 2, DRUM_KEYS["kick"], loudest))
            if theme_timekeeper:
                notes.append(Note(start, step * 2, DRUM_KEYS[theme_timekeeper], round(loudest * 0.8)))
            continue
        notes += [Note(start + offset * step, length * step, key(name), velocity)
                  for offset, length, name, velocity in pattern.events]
    return notes
