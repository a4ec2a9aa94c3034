"""Write a scene's arrangement as a Standard MIDI File (type 1).

Track 0 is the conductor: tempo, time signature, key signature, and the end of the scene (the
last whole bar). Every part follows on its own track with its name, its program change and its
notes; drums sit on channel 10 (index 9). The bytes depend only on the arrangement, so the
same seed gives the same file.

Reads: a `SceneArrangement`.  Writes: the .mid file at `path`.
"""

from __future__ import annotations

from pathlib import Path

import mido

from taleweaver.sound.arrange_score import TICKS_PER_QUARTER, Part, SceneArrangement

# Key-signature names mido accepts, by the tonic's pitch class.
MAJOR_KEYS = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MINOR_KEYS = ("Cm", "C#m", "Dm", "Ebm", "Em", "Fm", "F#m", "Gm", "G#m", "Am", "Bbm", "Bm")
# A modal key is written with the signature of the major scale it borrows its notes from:
# D dorian has C major's signature. Semitones from the mode's tonic down to that major tonic.
PARENT_MAJOR = {"major": 0, "pentatonic_major": 0, "lydian": 5, "mixolydian": 7, "dorian": 2}


def key_signature(tonic: int, mode: str) -> str:
    if mode == "minor":
        return MINOR_KEYS[tonic % 12]
    return MAJOR_KEYS[(tonic - PARENT_MAJOR[mode]) % 12]


def _timed(events: list[tuple[int, int, mido.Message]]) -> list:
    """Absolute (tick, order, message) -> messages with delta times."""
    messages, now = [], 0
    for tick, _, message in sorted(events, key=lambda e: (e[0], e[1])):
        messages.append(message.copy(time=tick - now))
        now = tick
    return messages


def _part_track(part: Part, end: int) -> mido.MidiTrack:
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=f"{part.role}: {part.instrument}", time=0))
    track.append(mido.Message("program_change", channel=part.channel, program=part.program, time=0))
    events = []
    for note in part.notes:
        # Order within a tick: note-offs (0) before note-ons (1), so a repeated pitch restarts.
        events.append((note.start, 1, mido.Message("note_on", channel=part.channel, note=note.pitch,
                                                     velocity=note.velocity)))
        events.append((note.start + note.duration, 0, mido.Message("note_off", channel=part.channel,
                                                                    note=note.pitch, velocity=0)))
    track.extend(_timed(events))
    last = sum(m.time for m in track)
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - last)))
    return track


def write_midi(arrangement: SceneArrangement, path: str | Path) -> Path:
    """Write the arrangement to `path` (parent folders are made) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    end = arrangement.bars * arrangement.bar_ticks
    numerator, denominator = (int(x) for x in arrangement.meter.split("/"))
    conductor = mido.MidiTrack([
        mido.MetaMessage("track_name", name=f"{arrangement.hero} in {arrangement.theme}: "
                                            f"{arrangement.progression_id}", time=0),
        mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(arrangement.tempo_qpm), time=0),
        # MIDI clocks per metronome click: a quarter (24) in x/4, a dotted quarter (36) in 6/8.
        mido.MetaMessage("time_signature", numerator=numerator, denominator=denominator,
                         clocks_per_click=36 if denominator == 8 else 24, notated_32nd_notes_per_beat=8, time=0),
        mido.MetaMessage("key_signature", key=key_signature(arrangement.tonic, arrangement.mode), time=0),
        mido.MetaMessage("end_of_track", time=end),
    ])
    midi = mido.MidiFile(type=1, ticks_per_beat=TICKS_PER_QUARTER)
    midi.tracks.append(conductor)
    midi.tracks.extend(_part_track(part, end) for part in arrangement.parts)
    midi.save(path)
    return path

