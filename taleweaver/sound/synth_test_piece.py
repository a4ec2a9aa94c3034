"""Test pieces for the synth and the mixer, written note by note with mido (never stored as
binary files).

`build_test_piece` is the benchmark piece: four tracks (melody, chords, bass, drums on
channel 10) looping a I-vi-IV-V progression in C major, 4/4, for a given length.
`build_drum_check` is a tiny piece for tests: one melody note, then a single drum hit
alone at a known time, so the drum's sound can be found in the audio.
"""

from __future__ import annotations

import mido

__all__ = ["build_drum_check", "build_test_piece"]

TICKS_PER_BEAT = 480
DRUM_CHANNEL = 9

# GM programs (0-based) and drum keys.
FLUTE, STRING_ENSEMBLE, ACOUSTIC_BASS, PIANO = 73, 48, 32, 0
KICK, SNARE, CLOSED_HIHAT = 36, 38, 42

# I - vi - IV - V in C: chord tones (for the pad) and roots (for the bass).
PROGRESSION = [(60, 64, 67), (57, 60, 64), (53, 57, 60), (55, 59, 62)]
# A melody of eighth notes over each chord, in C major (None is a rest).
MELODY = [
    [72, 74, 76, 79, 76, 74, 72, None],
    [69, 72, 76, 72, 69, 67, 69, None],
    [65, 69, 72, 77, 76, 74, 72, 69],
    [67, 71, 74, 79, 77, 74, 71, None],
]


def _track(name: str, channel: int, program: int | None, notes: list[tuple[float, float, int, int]],
           volume: int = 100, pan: int = 64) -> mido.MidiTrack:
    """A track from (start_beat, length_beats, key, velocity) notes."""
    track = mido.MidiTrack([mido.MetaMessage("track_name", name=name, time=0)])
    track.append(mido.Message("control_change", channel=channel, control=7, value=volume, time=0))
    track.append(mido.Message("control_change", channel=channel, control=10, value=pan, time=0))
    if program is not None:
        track.append(mido.Message("program_change", channel=channel, program=program, time=0))
    events = []
    for start, length, key, velocity in notes:
        on = round(start * TICKS_PER_BEAT)
        events.append((on, 1, key, velocity))
        events.append((on + max(1, round(length * TICKS_PER_BEAT)), 0, key, 0))
    events.sort(key=lambda event: (event[0], event[1]))  # note-offs before note-ons at one tick
    now = 0
    for tick, is_on, key, velocity in events:
        kind = "note_on" if is_on else "note_off"
        track.append(mido.Message(kind, channel=channel, note=key, velocity=velocity, time=tick - now))
        now = tick
    return track


def build_test_piece(seconds: float = 30.0, tempo_bpm: int = 120) -> mido.MidiFile:
    """The four-track benchmark piece, as close to `seconds` long as whole bars allow."""
    if not 1.0 <= seconds <= 600.0:
        raise ValueError(f"seconds is 1 to 600, got {seconds}")
    bars = max(1, round(seconds * tempo_bpm / 60.0 / 4))
    melody, chords, bass, drums = [], [], [], []
    for bar in range(bars):
        beat0 = bar * 4
        chord = PROGRESSION[bar % 4]
        for step, key in enumerate(MELODY[bar % 4]):
            if key is not None:
                melody.append((beat0 + step * 0.5, 0.45, key, 90))
        chords += [(beat0, 3.9, key, 60) for key in chord]
        root = chord[0] - 24
        bass += [(beat0, 1.4, root, 95), (beat0 + 1.5, 0.45, root, 80), (beat0 + 2, 1.9, root + 7, 90)]
        for beat in range(4):
            drums.append((beat0 + beat, 0.1, KICK if beat % 2 == 0 else SNARE, 100))
            drums += [(beat0 + beat, 0.1, CLOSED_HIHAT, 70), (beat0 + beat + 0.5, 0.1, CLOSED_HIHAT, 55)]

    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    conductor = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo_bpm), time=0),
                                mido.MetaMessage("time_signature", numerator=4, denominator=4, time=0)])
    midi.tracks += [conductor,
                    _track("melody", 0, FLUTE, melody, volume=105, pan=54),
                    _track("chords", 1, STRING_ENSEMBLE, chords, volume=80, pan=74),
                    _track("bass", 2, ACOUSTIC_BASS, bass, volume=100),
                    _track("drums", DRUM_CHANNEL, None, drums, volume=90)]
    return midi


def build_drum_check(drum_at_s: float = 1.0, drum_key: int = SNARE, drum_channel: int = DRUM_CHANNEL,
                     tempo_bpm: int = 120) -> mido.MidiFile:
    """A piano note at 0 s (0.25 s long), then one drum hit alone at `drum_at_s`.
    `drum_channel` lets a test play the same key on a melodic channel to compare."""
    beats_per_s = tempo_bpm / 60.0
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_BEAT)
    midi.tracks += [
        mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo_bpm), time=0)]),
        _track("melody", 0, PIANO, [(0.0, 0.25 * beats_per_s, 72, 90)]),
        _track("drum", drum_channel, None, [(drum_at_s * beats_per_s, 0.1, drum_key, 120)]),
    ]
    return midi
