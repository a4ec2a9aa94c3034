"""Arrangement: the background music of every scene, built around the hero's leitmotif.

    leitmotif = choose_leitmotif("pirate", "underwater", seed=7)
    scene = arrange_scene(leitmotif, mood, reading_time_s=21.4, theme="underwater", seed=7, previous=None)
    write_midi(scene, "scene-1.mid")
    check_arrangement(scene)            # [] when every guarantee holds

or for a whole story: `arrange_story(hero, theme, moods, reading_times, seed)`.

Reads: the scene's `Mood` (mood.py), its reading time (the narration's duration_s), the
leitmotif (leitmotif.py), the part library (data/music/*.yaml) and the melody library
(data/music/melodies.jsonl). Writes: a `SceneArrangement` (arrange_score.py); `write_midi`
turns it into a type-1 MIDI file.

How one scene is made:
  1. mood -> energy, tempo, allowed modes (arrange_mood.py); the tempo stays within 20 % of
     the previous scene's;
  2. a progression in the story's meter (the leitmotif's) nearest that energy and valence, in an
     allowed mode, preferring the theme's and hero's modes;
  3. length: lead-in + reading time + tail, rounded to whole bars; the progression repeats to
     fill them, the second-to-last bar leads home and the last is the tonic;
  4. parts: the hero's lead plays the motif then a library melody for the progression
     (arrange_melody.py); the theme's pad and bass and, from energy 3, the hero's color and the
     theme's percussion play the patterns (arrange_patterns.py);
  5. dynamics: loudness from arousal, a fade-in over the lead-in and a fade-out over the tail.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from taleweaver.sound.arrange_check import check_arrangement, check_story, measure_arrangement
from taleweaver.sound.arrange_harmony import MINOR_MODES, bar_chord, cadence_numeral, leads_home, tonic_numeral
from taleweaver.sound.arrange_melody import play_melody
from taleweaver.sound.arrange_midi import write_midi
from taleweaver.sound.arrange_mood import (allowed_modes, check_mood, energy_for, limit_tempo_change,
                                           loudness_for, melody_velocity_for, motif_is_augmented, roles_for,
                                           tempo_for)
from taleweaver.sound.arrange_parts import Progression, hero_signature, progressions, theme_signature
from taleweaver.sound.arrange_patterns import choose_pattern, play_drums, play_pitched
from taleweaver.sound.arrange_score import (DRUM_CHANNEL, QUARTERS_PER_BAR, TICKS_PER_QUARTER, Note, Part,
                                            SceneArrangement)
from taleweaver.sound.leitmotif import MOTIF_REGISTER, Leitmotif, choose_leitmotif
from taleweaver.sound.melody.library import Melody, load_library
from taleweaver.sound.mood import Mood

__all__ = ["arrange_scene", "arrange_story", "check_arrangement", "check_story", "choose_leitmotif",
           "measure_arrangement", "write_midi", "Leitmotif", "SceneArrangement"]

LEAD_IN_S = 1.75            # music alone before the narrator starts
TAIL_S = 1.75               # music after the narrator stops, as planned
MIN_TAIL_S = 1.0            # rounding to whole bars never leaves less than this after the narration
MIN_BARS = 2
MAX_READING_S = 600.0       # ten minutes: far beyond any scene; longer is a mistake upstream
FADE_IN_FROM = 0.45         # share of full velocity at the very start ...
FADE_OUT_TO = 0.4           # ... and at the very end
CHANNELS = {"melody": 0, "accompaniment": 1, "bass": 2, "rhythm": 3, "drums": DRUM_CHANNEL}
# How much each preference weighs when choosing a progression (lower total wins):
WRONG_MODE = 4.0            # a mode the valence does not allow
OTHER_MODE = 0.4            # a mode neither the theme nor the hero lists
SAME_AS_PREVIOUS = 0.6      # the previous scene's progression again
VALENCE_WEIGHT = 0.5        # per step of valence away from the scene's
VARIETY = 0.3               # the seed's random share, so two stories with the same moods differ


def _check_reading_time(reading_time_s) -> float:
    if not (isinstance(reading_time_s, (int, float)) and math.isfinite(reading_time_s)
            and 0 <= reading_time_s <= MAX_READING_S):
        raise ValueError(f"reading_time_s must be a number of seconds from 0 to {MAX_READING_S:g}, "
                         f"got {reading_time_s!r}")
    return float(reading_time_s)


def _library_melodies(library: Sequence[Melody] | None, meter: str) -> dict[str, list[Melody]]:
    by_progression: dict[str, list[Melody]] = {}
    for melody in (load_library() if library is None else library):
        if melody.meter == meter and melody.register == MOTIF_REGISTER:
            by_progression.setdefault(melody.progression_id, []).append(melody)
    for melodies in by_progression.values():
        melodies.sort(key=lambda m: (-(m.mean_logprob + m.chord_tone_rate), m.id))
    return by_progression


def choose_progression(mood: Mood, meter: str, hero: str, theme: str, rng: random.Random,
                       available: set[str], previous: SceneArrangement | None) -> Progression:
    """The progression in `meter` (with melodies in `available`) nearest the scene's mood."""
    modes = allowed_modes(mood)
    liked = set(theme_signature(theme).modes) | set(hero_signature(hero).preferred_modes)

    def cost(p: Progression) -> float:
        return (abs(p.energy - mood.arousal) + VALENCE_WEIGHT * abs(p.valence - mood.valence)
                + (WRONG_MODE if p.mode not in modes else 0) + (OTHER_MODE if p.mode not in liked else 0)
                + (SAME_AS_PREVIOUS if previous is not None and p.id == previous.progression_id else 0))

    candidates = [p for p in progressions() if p.meter == meter and p.id in available]
    if not candidates:
        raise ValueError(f"no progression in {meter} has melodies in the library")
    return min(candidates, key=lambda p: (cost(p) + VARIETY * rng.random(), p.id))


def scene_bars(reading_time_s: float, tempo_qpm: int, meter: str) -> int:
    """Whole bars closest to lead-in + reading + tail, never ending less than MIN_TAIL_S after
    the narration."""
    bar_s = QUARTERS_PER_BAR[meter] * 60.0 / tempo_qpm
    nearest = round((LEAD_IN_S + reading_time_s + TAIL_S) / bar_s)
    covering = math.ceil((LEAD_IN_S + reading_time_s + MIN_TAIL_S) / bar_s - 1e-9)
    return max(MIN_BARS, nearest, covering)


def scene_chords(progression: Progression, bars: int) -> list[str]:
    """The progression repeated over `bars`; the second-to-last bar leads home (unless it
    already does) and the last is the tonic chord."""
    chords = [progression.chords[bar % len(progression.chords)] for bar in range(bars)]
    last = bar_chord(chords[-1], progression.mode)
    # The final chord is the mode's own tonic in root position (a sad scene does not end on a
    # major chord because its progression turns to one mid-cycle).
    if not (last.root == 0 and last.bass == 0 and last.third == (3 if progression.mode in MINOR_MODES else 4)):
        chords[-1] = tonic_numeral(progression.mode)
    if bars >= 3 and not leads_home(bar_chord(chords[-2], progression.mode)):
        chords[-2] = cadence_numeral(progression.mode)
    return chords


def _fade(seconds: float, duration_s: float, bar_s: float) -> float:
    """Velocity share at a moment of the scene: rising from FADE_IN_FROM to full over the
    lead-in, and falling over TAIL_S to FADE_OUT_TO at the start of the final bar, whose held
    tonic chord then rings out softly into the next scene."""
    fade_in = FADE_IN_FROM + (1 - FADE_IN_FROM) * min(1.0, seconds / LEAD_IN_S)
    before_final_bar = duration_s - bar_s - seconds
    fade_out = FADE_OUT_TO + (1 - FADE_OUT_TO) * min(1.0, max(0.0, before_final_bar) / TAIL_S)
    return fade_in * fade_out


def _tidy(notes: list[Note], factor: float, seconds, duration_s: float, bar_s: float) -> tuple[Note, ...]:
    """Scale velocities by the loudness and the fades; one note per pitch at a time (a later
    note on the same pitch cuts the earlier one short; of two at once the louder stays)."""
    shaped = sorted((Note(n.start, n.duration, n.pitch,
                          max(1, min(127, round(n.velocity * factor * _fade(seconds(n.start), duration_s, bar_s)))))
                     for n in notes if n.duration > 0), key=lambda n: (n.start, n.pitch, -n.velocity))
    tidy: list[Note] = []
    sounding: dict[int, int] = {}                           # pitch -> index in tidy of its last note
    for note in shaped:
        index = sounding.get(note.pitch)
        if index is not None:
            earlier = tidy[index]
            if earlier.start == note.start:
                continue
            if earlier.start + earlier.duration > note.start:
                tidy[index] = Note(earlier.start, note.start - earlier.start, earlier.pitch, earlier.velocity)
        sounding[note.pitch] = len(tidy)
        tidy.append(note)
    return tuple(tidy)


def arrange_scene(leitmotif: Leitmotif, mood: Mood, reading_time_s: float, theme: str, seed: int,
                  previous: SceneArrangement | None = None,
                  library: Sequence[Melody] | None = None) -> SceneArrangement:
    """One scene's music. `previous` is the scene before (None for the first): the tempo stays
    within 20 % of it and its patterns are kept when they suit. `library` defaults to the stored
    melody library."""
    check_mood(mood)
    reading_time_s = _check_reading_time(reading_time_s)
    theme_parts = theme_signature(theme)
    if not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if previous is not None and (previous.tonic != leitmotif.tonic or previous.meter != leitmotif.meter):
        raise ValueError("previous scene was arranged with another leitmotif (key or meter differ)")
    rng = random.Random(f"scene:{leitmotif.source_id}:{theme}:{seed}")
    meter, tonic = leitmotif.meter, leitmotif.tonic

    melodies = _library_melodies(library, meter)
    progression = choose_progression(mood, meter, leitmotif.hero, theme, rng, set(melodies), previous)
    melody = rng.choice(melodies[progression.id][:3])
    energy = energy_for(mood)
    tempo = limit_tempo_change(tempo_for(mood), previous.tempo_qpm if previous else None)
    bars = scene_bars(reading_time_s, tempo, meter)
    numerals = scene_chords(progression, bars)
    chords = [bar_chord(n, progression.mode) for n in numerals]
    bar_ticks = QUARTERS_PER_BAR[meter] * TICKS_PER_QUARTER
    duration_s = bars * QUARTERS_PER_BAR[meter] * 60.0 / tempo

    def seconds(ticks: int) -> float:
        return ticks / TICKS_PER_QUARTER * 60.0 / tempo

    def part(role, instrument, register, notes, factor) -> Part:
        return Part(role=role, instrument=instrument.name if instrument else "Standard Drum Kit",
                    program=instrument.program if instrument else 0, channel=CHANNELS[role],
                    register=register, meter=meter, tonic=tonic, mode=progression.mode,
                    progression_id=progression.id, notes=_tidy(notes, factor, seconds, duration_s, duration_s / bars))

    melody_notes, motif_bars, augmented, moved = play_melody(
        leitmotif, progression.mode, motif_is_augmented(mood), melody, chords, melody_velocity_for(mood))
    parts = [part("melody", leitmotif.lead, leitmotif.lead.register, melody_notes, 1.0)]
    kept = previous.pattern_ids if previous is not None else ()
    loudness = loudness_for(mood)
    players = {"accompaniment": theme_parts.pad, "bass": theme_parts.bass, "rhythm": leitmotif.color}
    used: list[str] = []
    for role in roles_for(energy):
        pattern = choose_pattern(role, meter, energy, rng, kept)
        used.append(pattern.id)
        if role == "drums":
            parts.append(part("drums", None, None, play_drums(pattern, bars, bar_ticks, theme_parts.percussion),
                              loudness))
        else:
            instrument = players[role]
            notes = play_pitched(pattern, chords, tonic, progression.mode, instrument.register, bar_ticks)
            parts.append(part(role, instrument, instrument.register, notes, loudness))

    return SceneArrangement(
        hero=leitmotif.hero, theme=theme, seed=seed, mood=mood, progression_id=progression.id, meter=meter,
        mode=progression.mode, tonic=tonic, tempo_qpm=tempo, energy=energy, chords=tuple(numerals),
        lead_in_s=LEAD_IN_S, reading_time_s=reading_time_s, tail_s=TAIL_S, motif_bars=motif_bars,
        motif_augmented=augmented, melody_id=melody.id, fitted_notes=moved, parts=tuple(parts),
        pattern_ids=tuple(used))


def arrange_story(hero: str, theme: str, moods: Sequence[Mood], reading_times: Sequence[float], seed: int,
                  library: Sequence[Melody] | None = None) -> list[SceneArrangement]:
    """Every scene of a story, one leitmotif for all, each scene following the one before."""
    if len(moods) != len(reading_times):
        raise ValueError(f"one reading time per mood: got {len(moods)} moods and {len(reading_times)} times")
    if not moods:
        raise ValueError("a story needs at least one scene to arrange")
    leitmotif = choose_leitmotif(hero, theme, seed, library)
    scenes: list[SceneArrangement] = []
    for index, (mood, reading_time) in enumerate(zip(moods, reading_times)):
        scenes.append(arrange_scene(leitmotif, mood, reading_time, theme, seed * 100 + index,
                                    scenes[-1] if scenes else None, library))
    return scenes
