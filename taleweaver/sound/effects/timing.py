"""Timing: each chosen effect starts when the narrator says the word that triggers it.

Reads: `EffectCue`s (character offsets of their trigger words in the scene text) and the
narration's word timings: any objects with word, start_s, end_s, char_start and char_end
(taleweaver.sound.narration's WordTiming has them).
Writes: `TimedEffect`s in time order, each starting at the start of its trigger word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from taleweaver.sound.effects.choose import EffectCue
from taleweaver.sound.effects.library import load_library


class TimedWord(Protocol):
    word: str
    start_s: float
    end_s: float
    char_start: int
    char_end: int


@dataclass(frozen=True)
class TimedEffect:
    """Play `effect_id` from start_s for duration_s; it lands on `trigger_word`."""

    effect_id: str
    start_s: float
    duration_s: float
    trigger_word: str


def _word_for(cue: EffectCue, words: list[TimedWord]) -> TimedWord:
    """The spoken word covering the cue's first character, else the nearest word before it
    (a cue can fall on a piece of a word the narration timed as one: "Beep-beep-boop")."""
    for word in words:
        if word.char_start <= cue.char_start < word.char_end:
            return word
    before = [w for w in words if w.char_start <= cue.char_start]
    return max(before, key=lambda w: w.char_start) if before else min(words, key=lambda w: w.char_start)


def time_cues(cues: Iterable[EffectCue], words: Iterable[TimedWord]) -> list[TimedEffect]:
    """One TimedEffect per cue, starting when its trigger word starts, in time order."""
    cues, words = list(cues), list(words)
    if not cues:
        return []
    if not words:
        raise ValueError("time_cues needs the narration's word timings to place effects; got none")
    for word in words:
        missing = [name for name in ("word", "start_s", "end_s", "char_start", "char_end") if not hasattr(word, name)]
        if missing:
            raise TypeError(f"word timings need word, start_s, end_s, char_start, char_end; {word!r} lacks {missing}")
    library = load_library()
    timed = []
    for cue in cues:
        word = _word_for(cue, words)
        timed.append(TimedEffect(cue.effect_id, round(float(word.start_s), 3), library[cue.effect_id].duration_s, cue.trigger_word))
    return sorted(timed, key=lambda t: t.start_s)
