"""What the sound stage records about one scene, and the two small rules it applies to the
scene's text and word timings on the way.

Reads: a scene's narration word timings (narration.py's WordTiming, on the clock of the
narration file) and effect cues (effects/choose.py's EffectCue).
Writes: a `SceneSound` (what sound.json holds for the scene) and, with `shift_words`, word
timings moved onto the clock of the scene's full mix.

Two clocks: the narration file `narration-N.ogg` starts with the voice; the full mix
`scene-N.ogg` starts with the music's lead-in, and the voice enters `narration_offset_s`
later. The story player plays the full mix and highlights words, so every time in a
SceneSound (words, effects) is on the mix's clock.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from taleweaver.sound.word_timing import WordTiming

# Where a text may be cut without cutting a sentence: after . ! ? (and a closing quote).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*(?=\s)")


def narratable_text(text: str, limit: int) -> str:
    """The part of a scene's text the voice will read: all of it when it is at most `limit`
    characters; otherwise the longest beginning that ends with a whole sentence (or, with no
    sentence end in reach, a whole word). Always a prefix of `text`, so character offsets into
    it are offsets into the scene's text."""
    if len(text) <= limit:
        return text
    head = text[:limit + 1]  # +1: a sentence ending exactly at the limit is followed by a space
    ends = [m.end() for m in _SENTENCE_END.finditer(head) if m.end() <= limit]
    if ends:
        return text[:ends[-1]]
    space = head.rfind(" ", 0, limit + 1)
    return text[:space].rstrip() if space > 0 else text[:limit]


def shift_words(words: list[WordTiming], offset_s: float) -> list[WordTiming]:
    """The same words, `offset_s` seconds later: from the narration's clock to the mix's."""
    return [dataclasses.replace(w, start_s=round(w.start_s + offset_s, 3), end_s=round(w.end_s + offset_s, 3))
            for w in words]


@dataclass(frozen=True)
class SoundEffectCue:
    """An effect in the finished mix: it starts at `start_s` (mix clock), when the voice
    says `word` (scene text[char_start:char_end])."""

    effect: str
    word: str
    char_start: int
    char_end: int
    start_s: float
    duration_s: float

    def as_dict(self) -> dict:
        return {"effect": self.effect, "word": self.word, "char_start": self.char_start, "char_end": self.char_end,
                "start": self.start_s, "duration": self.duration_s}


@dataclass(frozen=True)
class SceneSound:
    """One scene's sound, as written to sound.json (see `as_dict` for the field names)."""

    index: int
    mix_file: str  # file names relative to the output folder
    midi_file: str
    narration_file: str
    duration_s: float  # length of scene-N.ogg
    narration_s: float  # length of narration-N.ogg: the reading time
    narration_offset_s: float  # where the voice starts in scene-N.ogg (the music's lead-in)
    arousal: float  # 1 calm .. 5 exciting
    valence: float  # 1 sad .. 5 happy
    tempo: int  # quarter notes a minute
    key: str  # "D dorian"
    meter: str
    instruments: list[dict]  # role, name, General MIDI program and channel of every part
    sfx: list[SoundEffectCue]
    words: list[WordTiming]  # on the mix's clock
    timing_source: str  # "engine" or "estimated" (narration.py)
    checks: dict[str, dict]  # "mix" / "narration": the decoded file's loudness, peaks, silent, clipped
    notes: list[str] = field(default_factory=list)  # what was done about bad input, in plain words

    def as_dict(self) -> dict:
        return {
            "index": self.index,
            "audio": self.mix_file, "midi": self.midi_file, "narration": self.narration_file,
            "duration_s": self.duration_s, "narration_s": self.narration_s,
            "narration_offset_s": self.narration_offset_s,
            "mood": {"valence": round(self.valence, 3), "arousal": round(self.arousal, 3)},
            "tempo": self.tempo, "key": self.key, "meter": self.meter, "instruments": self.instruments,
            "sfx": [cue.as_dict() for cue in self.sfx],
            "words": [{"word": w.word, "start": w.start_s, "end": w.end_s,
                       "char_start": w.char_start, "char_end": w.char_end} for w in self.words],
            "timing_source": self.timing_source,
            "checks": self.checks,
            "notes": self.notes,
        }
