"""What we measure on a melody (bars of (pitch or None, ticks), pitches in semitones from the tonic).

Used by the report (evaluate.py) and as the library's filters (build_library.py).
"""

from __future__ import annotations

from taleweaver.sound.melody.harmony import MODE_SCALES, Chord, beat_ticks, bar_length
from taleweaver.sound.melody.tokens import Bar


def pitches(bars: list[Bar]) -> list[int]:
    return [p for bar in bars for p, _ in bar if p is not None]


def in_scale_rate(bars: list[Bar], mode: str) -> float:
    """Share of notes whose pitch class is in the mode's scale (harmony.MODE_SCALES)."""
    notes = pitches(bars)
    return sum(p % 12 in MODE_SCALES[mode] for p in notes) / len(notes) if notes else 0.0


def pitch_range(bars: list[Bar]) -> int:
    """Semitones from the lowest to the highest note."""
    notes = pitches(bars)
    return max(notes) - min(notes) if notes else 0


def complete_bar_share(bars: list[Bar], meter: str) -> float:
    """Share of bars whose notes and rests add up to exactly one bar of the meter."""
    length = bar_length(meter)
    return sum(sum(t for _, t in bar) == length for bar in bars) / len(bars) if bars else 0.0


def beat_onset_share(bars: list[Bar], meter: str) -> float:
    """Share of the beats of the complete bars on which a note or rest starts (1.0 = no beat is
    tied over or syncopated; folk dance tunes sit near 1.0)."""
    length, beat = bar_length(meter), beat_ticks(meter)
    hits = total = 0
    for bar in bars:
        if sum(t for _, t in bar) != length:
            continue
        onsets, position = set(), 0
        for _, ticks in bar:
            onsets.add(position)
            position += ticks
        beats = range(0, length, beat)
        hits += sum(b in onsets for b in beats)
        total += len(beats)
    return hits / total if total else 0.0


def longest_bar_run(bars: list[Bar]) -> int:
    """The most times one bar is played in a row (1 = no bar repeats straight away)."""
    best = run = 1 if bars else 0
    for previous, bar in zip(bars, bars[1:]):
        run = run + 1 if bar == previous else 1
        best = max(best, run)
    return best


def repeated_bar_share(bars: list[Bar]) -> float:
    """Share of bars that repeat some earlier bar exactly (motivic repetition; 0 = all new)."""
    seen, repeats = set(), 0
    for bar in bars:
        key = tuple(bar)
        repeats += key in seen
        seen.add(key)
    return repeats / len(bars) if bars else 0.0


def chord_tone_rate(bars: list[Bar], chords: list[Chord]) -> float:
    """Share of note time (ticks) spent on tones of the bar's chord."""
    on = total = 0
    for bar, chord in zip(bars, chords):
        for pitch, ticks in bar:
            if pitch is not None:
                total += ticks
                on += ticks * (pitch % 12 in chord.tones)
    return on / total if total else 0.0


def describe(bars: list[Bar], meter: str, mode: str) -> dict[str, float]:
    return {
        "in_scale_rate": in_scale_rate(bars, mode),
        "pitch_range": pitch_range(bars),
        "complete_bar_share": complete_bar_share(bars, meter),
        "beat_onset_share": beat_onset_share(bars, meter),
        "longest_bar_run": longest_bar_run(bars),
        "repeated_bar_share": repeated_bar_share(bars),
        "notes_per_bar": len(pitches(bars)) / len(bars) if bars else 0.0,
    }
