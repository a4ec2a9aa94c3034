"""How a scene's mood becomes music: tempo, energy (which patterns and parts play), mode and
loudness. Plain tables and straight lines, so docs/arrangement.md can show them as they are.

Reads: a `Mood` (arousal 1 calm .. 5 exciting, valence 1 sad .. 5 happy; taleweaver/sound/mood.py).
Writes: numbers and names the arranger uses; nothing is stored.
"""

from __future__ import annotations

import math

from taleweaver.sound.arrange_harmony import MAJOR_MODES, MINOR_MODES
from taleweaver.sound.mood import HIGHEST, LOWEST, Mood

# Tempo in quarter notes a minute for every meter (in 6/8 the felt beat, a dotted quarter, runs at
# two thirds of this: 44..88). A straight line over arousal: a lullaby at 66, a chase at 132.
SLOWEST_QPM, FASTEST_QPM = 66, 132
# Consecutive scenes never change tempo by more than this share of the earlier tempo.
MAX_TEMPO_CHANGE = 0.20
# Valence below SAD_BELOW picks a minor-third mode (minor, dorian); at or above HAPPY_FROM a
# major-third one; in between both are allowed and the progressions' own valence decides.
SAD_BELOW, HAPPY_FROM = 2.75, 3.25
# Energy 1-2 plays bass + accompaniment under the melody; from 3 the rhythm layer and drums join
# (the README of data/music suggests the same).
BAND_FROM_ENERGY = 3


def check_mood(mood: Mood) -> Mood:
    if not isinstance(mood, Mood):
        raise TypeError(f"mood must be a taleweaver.sound.mood.Mood, got {type(mood).__name__}")
    for axis in ("arousal", "valence"):
        value = getattr(mood, axis)
        if not (isinstance(value, (int, float)) and math.isfinite(value) and LOWEST <= value <= HIGHEST):
            raise ValueError(f"mood.{axis} must be a number from {LOWEST:g} to {HIGHEST:g}, got {value!r}")
    return mood


def tempo_for(mood: Mood) -> int:
    """Quarter notes a minute, from arousal: 1 -> 66, 3 -> 99, 5 -> 132."""
    share = (mood.arousal - LOWEST) / (HIGHEST - LOWEST)
    return int(SLOWEST_QPM + share * (FASTEST_QPM - SLOWEST_QPM) + 0.5)      # halves round up


def limit_tempo_change(tempo: int, previous_tempo: int | None) -> int:
    """Keep a scene's tempo within MAX_TEMPO_CHANGE of the scene before it."""
    if previous_tempo is None:
        return tempo
    lowest = math.ceil(previous_tempo * (1 - MAX_TEMPO_CHANGE))
    highest = math.floor(previous_tempo * (1 + MAX_TEMPO_CHANGE))
    return min(max(tempo, lowest), highest)


def energy_for(mood: Mood) -> int:
    """The part library's energy step (1..5) nearest the scene's arousal (2.5 -> 3)."""
    return min(5, max(1, int(mood.arousal + 0.5)))


def allowed_modes(mood: Mood) -> tuple[str, ...]:
    """Sad scenes get a minor-third mode, happy ones a major-third mode, the middle either."""
    if mood.valence < SAD_BELOW:
        return MINOR_MODES
    if mood.valence >= HAPPY_FROM:
        return MAJOR_MODES
    return MINOR_MODES + MAJOR_MODES


def loudness_for(mood: Mood) -> float:
    """A factor on the patterns' own velocities (which already grow with energy): 0.75 .. 1.1."""
    return 0.75 + 0.35 * (mood.arousal - LOWEST) / (HIGHEST - LOWEST)


def melody_velocity_for(mood: Mood) -> int:
    """The lead's velocity on weak beats, 58 (calm) .. 94 (exciting); downbeats get a little more."""
    return round(58 + 9 * (mood.arousal - LOWEST))


def roles_for(energy: int) -> tuple[str, ...]:
    """Which accompanying parts play (the melody always does)."""
    if energy >= BAND_FROM_ENERGY:
        return ("accompaniment", "bass", "rhythm", "drums")
    return ("accompaniment", "bass")


def motif_is_augmented(mood: Mood) -> bool:
    """Calm scenes (arousal under 2.5) hear the leitmotif in notes twice as long."""
    return mood.arousal < 2.5
