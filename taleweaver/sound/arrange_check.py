"""Checks an arrangement keeps its promises, reading only its notes, chords and timings (not how
they were made), so a mistake anywhere in the arranger shows up here.

`check_arrangement(scene) -> list[str]`: the problems, [] when all hold:
  * every part is in the scene's key, meter and progression, and its harmony parts (pad, bass,
    rhythm) play tones of each bar's chord;
  * every pitched note is inside its instrument's register; drums and only drums on channel 10;
  * the length is within one bar of lead-in + reading time + tail, and covers the narration;
  * the melody rarely rubs against the chord on a strong beat (a clash: a melody note a half
    step from a chord tone that is not itself a chord tone); the rate may be at most MAX_CLASH_RATE.
`check_story(scenes)` adds the transitions: same tonic and meter, tempo within 20 %.
`measure_arrangement(scene)` gives the numbers behind the checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from taleweaver.sound.arrange_harmony import bar_chord
from taleweaver.sound.arrange_mood import MAX_TEMPO_CHANGE
from taleweaver.sound.arrange_patterns import DRUM_KEYS
from taleweaver.sound.arrange_score import DRUM_CHANNEL, STRONG_BEATS, Note, SceneArrangement

MAX_CLASH_RATE = 0.05
HARMONY_ROLES = ("accompaniment", "rhythm")


@dataclass(frozen=True)
class ArrangementMeasures:
    length_error_s: float          # MIDI length minus target (lead-in + reading + tail)
    length_error_bars: float
    out_of_range_notes: int        # pitched notes outside their instrument's register
    strong_beat_notes: int         # melody notes sounding on a strong beat (counted once per beat)
    clashes: int                   # of those, half-step rubs against the chord
    non_chord_tones: int           # of those, notes that are not chord tones at all
    notes_per_second: float        # all parts together: how dense the music is

    @property
    def clash_rate(self) -> float:
        return self.clashes / self.strong_beat_notes if self.strong_beat_notes else 0.0

    @property
    def non_chord_rate(self) -> float:
        return self.non_chord_tones / self.strong_beat_notes if self.strong_beat_notes else 0.0


def _chord_at(scene: SceneArrangement, tick: int) -> frozenset[int]:
    bar = min(tick // scene.bar_ticks, scene.bars - 1)
    return bar_chord(scene.chords[bar], scene.mode).pitch_classes


def _strong_beats_of(scene: SceneArrangement, note: Note) -> list[int]:
    ticks = []
    for bar in range(note.start // scene.bar_ticks, (note.start + note.duration - 1) // scene.bar_ticks + 1):
        for share in STRONG_BEATS[scene.meter]:
            tick = bar * scene.bar_ticks + round(share * scene.bar_ticks)
            if note.start <= tick < note.start + note.duration:
                ticks.append(tick)
    return ticks


def _is_clash(pitch_class: int, chord: frozenset[int]) -> bool:
    return pitch_class not in chord and any((pitch_class - tone) % 12 in (1, 11) for tone in chord)


def measure_arrangement(scene: SceneArrangement) -> ArrangementMeasures:
    out_of_range = sum(1 for part in scene.parts if part.register is not None
                       for note in part.notes if not part.register[0] <= note.pitch <= part.register[1])
    strong = clashes = non_chord = 0
    for part in scene.parts:
        if part.role != "melody":
            continue
        for note in part.notes:
            for tick in _strong_beats_of(scene, note):
                chord = _chord_at(scene, tick)
                pitch_class = (note.pitch - scene.tonic) % 12
                strong += 1
                non_chord += pitch_class not in chord
                clashes += _is_clash(pitch_class, chord)
    error = scene.duration_s - scene.target_s
    total_notes = sum(len(part.notes) for part in scene.parts)
    return ArrangementMeasures(length_error_s=error, length_error_bars=error / scene.bar_s,
                               out_of_range_notes=out_of_range, strong_beat_notes=strong, clashes=clashes,
                               non_chord_tones=non_chord, notes_per_second=total_notes / scene.duration_s)


def check_arrangement(scene: SceneArrangement) -> list[str]:
    problems = []
    end = scene.bars * scene.bar_ticks
    if not any(part.role == "melody" and part.notes for part in scene.parts):
        problems.append("there is no melody")
    for part in scene.parts:
        name = f"{part.role} ({part.instrument})"
        declared = (part.meter, part.tonic, part.mode, part.progression_id)
        if declared != (scene.meter, scene.tonic, scene.mode, scene.progression_id):
            problems.append(f"{name} is in meter/tonic/mode/progression {declared}, the scene in "
                            f"{(scene.meter, scene.tonic, scene.mode, scene.progression_id)}")
        if (part.role == "drums") != (part.channel == DRUM_CHANNEL):
            problems.append(f"{name} is on channel {part.channel + 1}: drums, and only drums, belong on "
                            f"channel {DRUM_CHANNEL + 1}")
        if any(n.start < 0 or n.duration <= 0 or n.start + n.duration > end for n in part.notes):
            problems.append(f"{name} has notes before the start, of no length, or past the last bar")
        if any(not 1 <= n.velocity <= 127 for n in part.notes):
            problems.append(f"{name} has velocities outside 1..127")
        if part.role == "drums":
            unknown = sorted({n.pitch for n in part.notes} - set(DRUM_KEYS.values()))
            if unknown:
                problems.append(f"{name} plays keys that are not drums of the part library: {unknown}")
            continue
        low, high = part.register
        outside = [n.pitch for n in part.notes if not low <= n.pitch <= high]
        if outside:
            problems.append(f"{name}: {len(outside)} notes outside its register {low}-{high} "
                            f"(e.g. {outside[0]})")
        if part.role in HARMONY_ROLES:
            off = [n for n in part.notes if (n.pitch - scene.tonic) % 12 not in _chord_at(scene, n.start)]
        elif part.role == "bass":       # passing notes are fine between beats; strong beats are chord tones
            off = [n for n in part.notes if _strong_beats_of(scene, n)
                   and any((n.pitch - scene.tonic) % 12 not in _chord_at(scene, t) for t in _strong_beats_of(scene, n))]
        else:
            off = []
        if off:
            problems.append(f"{name}: {len(off)} notes are not tones of their bar's chord")

    measures = measure_arrangement(scene)
    if abs(measures.length_error_s) > scene.bar_s:
        problems.append(f"the music lasts {scene.duration_s:.2f} s, more than one bar ({scene.bar_s:.2f} s) "
                        f"from lead-in + reading + tail = {scene.target_s:.2f} s")
    if scene.duration_s < scene.lead_in_s + scene.reading_time_s:
        problems.append(f"the music ({scene.duration_s:.2f} s) stops before the narration ends "
                        f"({scene.lead_in_s + scene.reading_time_s:.2f} s)")
    if measures.clash_rate > MAX_CLASH_RATE:
        problems.append(f"strong-beat clash rate {measures.clash_rate:.3f} ({measures.clashes} of "
                        f"{measures.strong_beat_notes}) is above {MAX_CLASH_RATE}")
    return problems


def check_story(scenes: list[SceneArrangement]) -> list[str]:
    """Every scene's problems (prefixed "scene N:") plus the transitions between scenes."""
    problems = [f"scene {i + 1}: {p}" for i, scene in enumerate(scenes) for p in check_arrangement(scene)]
    for i, (before, after) in enumerate(zip(scenes, scenes[1:]), start=2):
        if (before.tonic, before.meter) != (after.tonic, after.meter):
            problems.append(f"scene {i}: changes key or meter from the scene before")
        change = abs(after.tempo_qpm - before.tempo_qpm) / before.tempo_qpm
        if change > MAX_TEMPO_CHANGE + 1e-9:
            problems.append(f"scene {i}: tempo changes by {change:.0%} ({before.tempo_qpm} -> "
                            f"{after.tempo_qpm}), more than {MAX_TEMPO_CHANGE:.0%}")
    return problems
