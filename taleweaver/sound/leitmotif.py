"""The hero's leitmotif: the tune that tells a child "here comes my hero" in every scene.

A leitmotif is the hero's instruments (data/music/signatures.yaml: `lead` plays the motif and
the melody, `color` the rhythm layer) plus the first MOTIF_BARS bars of one library melody
(data/music/melodies.jsonl) in one of the hero's preferred meters and modes. It is chosen once
per story from the seed, and it fixes what every scene of the story shares: the meter and the
key (its tonic sits where the lead instrument sounds best).

Each scene plays it again, varied (`vary_motif`): moved to the scene's mode degree by degree,
and in notes twice as long when the scene is calm.

Reads: the hero's and theme's signatures; the melody library.
Writes: a `Leitmotif`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from taleweaver.sound.arrange_harmony import move_to_mode
from taleweaver.sound.arrange_parts import Instrument, hero_signature, theme_signature
from taleweaver.sound.melody.library import REGISTERS, Melody, load_library

MOTIF_BARS = 2
MOTIF_REGISTER = "middle"
# A motif is worth remembering when it has a few notes that move: at least this many notes and
# distinct pitches in its two bars (a held note or a drone is not a tune).
MIN_MOTIF_NOTES, MIN_MOTIF_PITCHES = 4, 3
# The seed picks among this many of the best-ranked candidates, so stories differ.
CHOICES = 8

Bar = tuple[tuple[int | None, int], ...]


@dataclass(frozen=True)
class Leitmotif:
    hero: str
    theme: str
    lead: Instrument            # plays the motif and the melody
    color: Instrument           # plays the rhythm layer
    meter: str                  # every scene of the story is in this meter
    mode: str                   # the mode the motif was written in
    tonic: int                  # MIDI note of the story's tonic, in the lead's register
    bars: tuple[Bar, ...]       # MOTIF_BARS bars of (semitones above the tonic or None, ticks)
    ticks_per_quarter: int
    source_id: str              # the library melody the motif opens


def _usable(melody: Melody) -> bool:
    notes = [pitch for bar in melody.bars[:MOTIF_BARS] for pitch, _ in bar if pitch is not None]
    return (len(melody.bars) >= MOTIF_BARS and len(notes) >= MIN_MOTIF_NOTES
            and len(set(notes)) >= MIN_MOTIF_PITCHES)


def _ranked(melodies: Sequence[Melody]) -> list[Melody]:
    # The library's own order (melodies_for): most natural to the model, most on chord tones.
    return sorted(melodies, key=lambda m: (-(m.mean_logprob + m.chord_tone_rate), m.id))


def choose_leitmotif(hero: str, theme: str, seed: int, library: Sequence[Melody] | None = None) -> Leitmotif:
    """The story's leitmotif, the same for the same (hero, theme, seed).

    `library` defaults to the stored melody library; tests pass a few Melody objects."""
    signature = hero_signature(hero)
    theme_signature(theme)                       # an unknown theme fails here, with the allowed ones
    if not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    melodies = [m for m in (load_library() if library is None else library)
                if m.register == MOTIF_REGISTER and _usable(m)]
    if not melodies:
        raise ValueError(f"the melody library has no usable {MOTIF_REGISTER}-register melody for a motif")
    rng = random.Random(f"leitmotif:{hero}:{theme}:{seed}")
    meters = list(signature.preferred_meters) + sorted({m.meter for m in melodies} - set(signature.preferred_meters))
    for meter in meters:                         # the hero's own meter first, its own modes first
        in_meter = [m for m in melodies if m.meter == meter]
        in_mode = [m for m in in_meter if m.mode in signature.preferred_modes]
        candidates = _ranked(in_mode or in_meter)
        if candidates:
            break
    source = rng.choice(candidates[:CHOICES])

    # The tonic sits so that the whole middle register of the library (REGISTERS, semitones
    # above the tonic) lies inside the lead instrument's register.
    low, high = signature.lead.register
    bottom, top = REGISTERS[MOTIF_REGISTER]
    tonic = rng.randint(low - bottom, max(low - bottom, high - top))
    return Leitmotif(hero=hero, theme=theme, lead=signature.lead, color=signature.color,
                     meter=source.meter, mode=source.mode, tonic=tonic,
                     bars=tuple(source.bars[:MOTIF_BARS]), ticks_per_quarter=source.ticks_per_quarter,
                     source_id=source.id)


def vary_motif(leitmotif: Leitmotif, mode: str, augmented: bool) -> list[tuple[int | None, int]]:
    """The motif as one line of (semitones above the tonic or None, ticks), moved into `mode`
    degree by degree, with every duration doubled when `augmented`. It lasts MOTIF_BARS bars,
    or twice that when augmented."""
    factor = 2 if augmented else 1
    return [(None if pitch is None else move_to_mode(pitch, leitmotif.mode, mode), ticks * factor)
            for bar in leitmotif.bars for pitch, ticks in bar]
