"""The melody of a scene, played by the hero's lead instrument: the leitmotif first, then a
library melody written for the scene's progression, then the tonic, held in the final bar.

Guarantees, each made here and checked again by arrange_check.py:
  * on every strong beat the melody sounds a tone of that beat's chord (notes that the
    variation of the motif, or a cadence bar, puts on another note move to the nearest chord
    tone; how many moved is counted);
  * every note is inside the lead's register (the whole line moves by octaves to fit best,
    then any note still outside moves by octaves on its own).

Reads: the leitmotif, the scene's mode and chords, one library `Melody`.
Writes: the melody's `Note`s, the bars holding the motif and the number of notes moved.
"""

from __future__ import annotations

from taleweaver.sound.arrange_harmony import BarChord, fold_into
from taleweaver.sound.arrange_score import QUARTERS_PER_BAR, STRONG_BEATS, TICKS_PER_QUARTER, Note
from taleweaver.sound.leitmotif import MOTIF_BARS, Leitmotif, vary_motif
from taleweaver.sound.melody.library import Melody

DOWNBEAT_ACCENT = 6


def _strong_beats(note_start: int, note_end: int, bar_ticks: int, meter: str) -> list[int]:
    beats = []
    for bar in range(note_start // bar_ticks, (note_end - 1) // bar_ticks + 1):
        for share in STRONG_BEATS[meter]:
            tick = bar * bar_ticks + round(share * bar_ticks)
            if note_start <= tick < note_end:
                beats.append(tick)
    return beats


def _fit_to_chord(pitch: int, chords: list[frozenset[int]], lowest: int, highest: int) -> int:
    """The nearest pitch (semitones above the tonic) that is a tone of every chord it sounds
    over, or failing that of the first; ties go down. Pitches between `lowest` and `highest`
    (the lead's register) come first, so fitting does not push the line out of range."""
    for wanted in (chords, chords[:1]):
        for in_range in (True, False):
            for distance in range(7):
                for candidate in (pitch - distance, pitch + distance):
                    if (all(candidate % 12 in chord for chord in wanted)
                            and (not in_range or lowest <= candidate <= highest)):
                        return candidate
    return pitch


def _best_octave(pitches: list[int], register: tuple[int, int]) -> int:
    low, high = register
    outside = {shift: sum(not low <= p + shift <= high for p in pitches) for shift in (0, -12, 12, -24, 24)}
    return min(outside, key=lambda shift: (outside[shift], abs(shift)))


def play_melody(leitmotif: Leitmotif, mode: str, augmented: bool, melody: Melody,
                chords: list[BarChord], velocity: int) -> tuple[list[Note], tuple[int, int], bool, int]:
    """Returns (notes, (first motif bar, motif bars), augmented as played, notes moved)."""
    meter = leitmotif.meter
    if melody.meter != meter:
        raise ValueError(f"melody {melody.id} is in {melody.meter}, the story in {meter}")
    bars = len(chords)
    source_bar = QUARTERS_PER_BAR[meter] * melody.ticks_per_quarter      # a bar in library ticks
    if TICKS_PER_QUARTER % melody.ticks_per_quarter or TICKS_PER_QUARTER % leitmotif.ticks_per_quarter:
        raise ValueError(f"library ticks must divide {TICKS_PER_QUARTER} ticks a quarter")
    scale = TICKS_PER_QUARTER // melody.ticks_per_quarter
    bar_ticks = source_bar * scale

    # The motif takes the first bars, leaving at least the final bar for the tonic.
    room = max(1, bars - 1)
    if augmented and 2 * MOTIF_BARS > room:
        augmented = False
    motif = vary_motif(leitmotif, mode, augmented)
    motif_bars = min(room, MOTIF_BARS * (2 if augmented else 1))
    line: list[tuple[int, int | None, int]] = []            # (start, pitch above tonic, ticks), library ticks
    at = 0
    for pitch, ticks in motif:
        ticks = min(ticks, motif_bars * source_bar - at)
        if ticks <= 0:
            break
        line.append((at, pitch, ticks))
        at += ticks
    for bar in range(motif_bars, bars - 1):
        at = bar * source_bar
        for pitch, ticks in melody.bars[bar % len(melody.bars)]:
            line.append((at, pitch, ticks))
            at += ticks
    lowest, highest = (edge - leitmotif.tonic for edge in leitmotif.lead.register)
    sounding = [p for _, p, _ in line if p is not None]
    last = sounding[-1] if sounding else 0
    home = 12 * round(last / 12)                               # the tonic nearest the last note
    home = home + 12 if home < lowest else home - 12 if home > highest else home
    line.append(((bars - 1) * source_bar, home, source_bar))

    notes, moved = [], 0
    for start, pitch, ticks in line:
        if pitch is None:
            continue
        start, end = start * scale, (start + ticks) * scale
        beats = _strong_beats(start, end, bar_ticks, meter)
        if beats:
            fitted = _fit_to_chord(pitch, [chords[b // bar_ticks].pitch_classes for b in beats], lowest, highest)
            moved += fitted != pitch
            pitch = fitted
        accent = DOWNBEAT_ACCENT if start % bar_ticks == 0 else 0
        notes.append(Note(start, end - start, pitch, min(127, velocity + accent)))

    shift = leitmotif.tonic + _best_octave([leitmotif.tonic + n.pitch for n in notes], leitmotif.lead.register)
    notes = [Note(n.start, n.duration, fold_into(n.pitch + shift, leitmotif.lead.register), n.velocity) for n in notes]
    return notes, (0, motif_bars), augmented, moved
