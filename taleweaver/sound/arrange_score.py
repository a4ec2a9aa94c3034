"""The score a scene's arrangement is written into: notes, parts and the whole arrangement.

Times are MIDI ticks from the start of the scene, TICKS_PER_QUARTER to a quarter note; the
tempo turns them into seconds. Pitches are MIDI notes (60 = middle C); drum notes are General
MIDI percussion keys on channel 10 (index 9).
"""

from __future__ import annotations

from dataclasses import dataclass

from taleweaver.sound.mood import Mood

TICKS_PER_QUARTER = 480
QUARTERS_PER_BAR = {"4/4": 4, "3/4": 3, "6/8": 3}
# Where the strong beats fall, as a share of the bar: the downbeat, and mid-bar in 4/4 and 6/8
# (the melody library fits its strong beats the same way).
STRONG_BEATS = {"4/4": (0.0, 0.5), "3/4": (0.0,), "6/8": (0.0, 0.5)}
DRUM_CHANNEL = 9            # "channel 10" of General MIDI, counted from 0
PITCH_NAMES = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


@dataclass(frozen=True)
class Note:
    start: int        # ticks from the start of the scene
    duration: int     # ticks
    pitch: int        # MIDI note, or a GM percussion key in the drum part
    velocity: int     # 1..127


@dataclass(frozen=True)
class Part:
    """One instrument's line: every part of a scene shares the scene's key, meter and
    progression, and says so, so that check_arrangement can compare."""

    role: str                           # melody | accompaniment | bass | rhythm | drums
    instrument: str                     # General MIDI name
    program: int                        # General MIDI, 0-based
    channel: int                        # 0-based; drums on DRUM_CHANNEL
    register: tuple[int, int] | None    # lowest, highest MIDI note; None for drums
    meter: str
    tonic: int                          # MIDI note of the key's tonic (the lead's octave)
    mode: str
    progression_id: str
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class SceneArrangement:
    hero: str
    theme: str
    seed: int
    mood: Mood
    progression_id: str
    meter: str
    mode: str
    tonic: int                          # MIDI note of the tonic, in the lead's octave
    tempo_qpm: int                      # quarter notes a minute (whatever the meter)
    energy: int                         # 1..5, the patterns' energy step
    chords: tuple[str, ...]             # one Roman numeral per bar, the final bar on the tonic
    lead_in_s: float                    # music before the narration starts
    reading_time_s: float               # the narration's length
    tail_s: float                       # music planned after the narration ends
    motif_bars: tuple[int, int]         # (first bar, number of bars) holding the leitmotif
    motif_augmented: bool               # the motif in notes twice as long (calm scenes)
    melody_id: str                      # the library melody that carries the scene after the motif
    fitted_notes: int                   # melody notes moved onto a chord tone at a strong beat
    pattern_ids: tuple[str, ...]        # the part library patterns the accompanying parts play
    parts: tuple[Part, ...]

    @property
    def bars(self) -> int:
        return len(self.chords)

    @property
    def bar_ticks(self) -> int:
        return QUARTERS_PER_BAR[self.meter] * TICKS_PER_QUARTER

    @property
    def bar_s(self) -> float:
        return QUARTERS_PER_BAR[self.meter] * 60.0 / self.tempo_qpm

    @property
    def duration_s(self) -> float:
        """The length of the MIDI file: whole bars."""
        return self.bars * self.bar_s

    @property
    def target_s(self) -> float:
        """What the length aims at: lead-in + reading time + tail."""
        return self.lead_in_s + self.reading_time_s + self.tail_s

    @property
    def key(self) -> str:
        return f"{PITCH_NAMES[self.tonic % 12]} {self.mode.replace('_', ' ')}"

    def seconds(self, ticks: int) -> float:
        return ticks / TICKS_PER_QUARTER * 60.0 / self.tempo_qpm

    def part(self, role: str) -> Part:
        for part in self.parts:
            if part.role == role:
                return part
        raise KeyError(f"this arrangement has no {role} part; it has {', '.join(p.role for p in self.parts)}")

    def summary(self) -> dict:
        """What sound.json records about the music of a scene."""
        return {"tempo": self.tempo_qpm, "key": self.key, "meter": self.meter,
                "progression": self.progression_id, "bars": self.bars,
                "duration_s": round(self.duration_s, 3), "narration_start_s": self.lead_in_s,
                "instruments": [{"role": p.role, "name": p.instrument, "program": p.program,
                                 "channel": p.channel} for p in self.parts]}
