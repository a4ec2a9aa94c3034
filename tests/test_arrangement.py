"""Arrangement (taleweaver/sound/arrange.py): a leitmotif per story, a MIDI file per scene.

Most tests run on a small melody library written here, one melody per progression that walks
the chord tones of every bar, so they do not need data/music/melodies.jsonl; the last test
uses the real library when it has been built. The MIDI files are read back with mido, and the
ranges and drum keys come from data/music/signatures.yaml and General MIDI, not from the
arranger's own records.
"""

import dataclasses
import random

import mido
import pytest
import yaml

from taleweaver.paths import DATA_DIR
from taleweaver.sound.arrange import (LEAD_IN_S, TAIL_S, arrange_scene, arrange_story, check_arrangement,
                                      choose_leitmotif, write_midi)
from taleweaver.sound.arrange_check import check_story, measure_arrangement
from taleweaver.sound.arrange_score import Note
from taleweaver.sound.leitmotif import MOTIF_BARS
from taleweaver.sound.melody.harmony import chord_from_numeral
from taleweaver.sound.melody.library import LIBRARY_PATH, Melody
from taleweaver.sound.mood import Mood

SIGNATURES = yaml.safe_load((DATA_DIR / "music" / "signatures.yaml").read_text(encoding="utf-8"))
PROGRESSIONS = yaml.safe_load((DATA_DIR / "music" / "progressions.yaml").read_text(encoding="utf-8"))
GM_DRUM_KEYS = {36, 38, 39, 42, 46, 51, 54, 70, 76, 81}
CALM, EXCITING, SAD = Mood(arousal=1.3, valence=3.8), Mood(arousal=4.7, valence=4.2), Mood(arousal=2.0, valence=1.3)


def _chord_tone_melody(progression: dict) -> Melody:
    """Root, third, fifth of each bar's chord (kept inside the middle register 0..17)."""
    bars = []
    for numeral in progression["chords"]:
        chord = chord_from_numeral(numeral, progression["mode"])
        root = chord.root
        third = next(t for t in range(root + 1, root + 12) if t % 12 in chord.tones)
        fifth = next(t for t in range(third + 1, third + 12) if t % 12 in chord.tones)
        fifth = fifth - 12 if fifth > 17 else fifth
        if progression["meter"] == "4/4":
            bars.append(((root, 12), (third, 6), (fifth, 6), (third, 24)))
        else:
            bars.append(((root, 18), (third, 12), (fifth, 6)))
    return Melody(id=f"{progression['id']}.middle.0", progression_id=progression["id"], meter=progression["meter"],
                  mode=progression["mode"], register="middle", chords=tuple(progression["chords"]),
                  bars=tuple(bars), ticks_per_quarter=12, lowest=0, highest=17, chord_tone_rate=1.0,
                  mean_logprob=-1.0)


LIBRARY = [_chord_tone_melody(p) for p in PROGRESSIONS]


def _scene(hero="pirate", theme="underwater", mood=Mood(3, 3), reading=20.0, seed=1, previous=None):
    leitmotif = choose_leitmotif(hero, theme, seed, library=LIBRARY)
    return arrange_scene(leitmotif, mood, reading, theme, seed, previous, library=LIBRARY)


def _read_back(scene, tmp_path, name="scene.mid") -> mido.MidiFile:
    return mido.MidiFile(write_midi(scene, tmp_path / name))


def _notes_by_track(midi: mido.MidiFile) -> list[tuple[int | None, int | None, list[tuple[int, int, int]]]]:
    """Per track: (channel, program, [(start tick, channel, pitch) of every note-on])."""
    tracks = []
    for track in midi.tracks:
        now, program, channel, notes = 0, None, None, []
        for message in track:
            now += message.time
            if message.type == "program_change":
                program, channel = message.program, message.channel
            elif message.type == "note_on" and message.velocity > 0:
                notes.append((now, message.channel, message.note))
        tracks.append((channel, program, notes))
    return tracks


def _tempo_bpm(midi: mido.MidiFile) -> float:
    tempos = [m.tempo for t in midi.tracks for m in t if m.type == "set_tempo"]
    assert len(tempos) == 1
    return mido.tempo2bpm(tempos[0])


def test_midi_length_matches_reading_time_plus_lead_in_and_tail_within_one_bar(tmp_path):
    for mood, reading in [(CALM, 31.0), (EXCITING, 12.5), (SAD, 0.0), (Mood(3, 3), 47.3)]:
        scene = _scene(mood=mood, reading=reading)
        midi = _read_back(scene, tmp_path)
        assert abs(midi.length - (LEAD_IN_S + reading + TAIL_S)) <= scene.bar_s
        assert midi.length >= LEAD_IN_S + reading          # the music never stops under the narrator


def test_exciting_scene_is_faster_louder_and_denser_than_a_calm_one(tmp_path):
    calm, exciting = _read_back(_scene(mood=CALM), tmp_path, "calm.mid"), \
        _read_back(_scene(mood=EXCITING), tmp_path, "exciting.mid")
    assert _tempo_bpm(exciting) > _tempo_bpm(calm) * 1.5

    def notes_per_second(midi):
        return sum(len(notes) for _, _, notes in _notes_by_track(midi)) / midi.length

    def loudest(midi):
        return max(m.velocity for t in midi.tracks for m in t if m.type == "note_on")

    assert notes_per_second(exciting) > 2 * notes_per_second(calm)
    assert loudest(exciting) > loudest(calm)


def test_sad_scene_is_in_a_minor_mode_and_its_last_chord_has_a_minor_third():
    for hero, theme in [("unicorn", "candy_land"), ("robot", "outer_space"), ("owl", "enchanted_forest")]:
        scene = _scene(hero, theme, mood=SAD)
        assert scene.mode in ("minor", "dorian")
        last_bar = (scene.bars - 1) * scene.bar_ticks
        held = {(n.pitch - scene.tonic) % 12 for n in scene.part("accompaniment").notes if n.start >= last_bar}
        assert 3 in held and 4 not in held


def test_happy_scene_is_in_a_major_third_mode():
    assert _scene(mood=Mood(3, 4.6)).mode in ("major", "lydian", "mixolydian", "pentatonic_major")


def test_every_note_of_every_part_is_in_its_instruments_range(tmp_path):
    rng = random.Random(5)
    for hero, lead in SIGNATURES["heroes"].items():
        theme = rng.choice(list(SIGNATURES["themes"]))
        ranges = {lead["lead"]["program"]: lead["lead"]["register"], lead["color"]["program"]: lead["color"]["register"],
                  SIGNATURES["themes"][theme]["pad"]["program"]: SIGNATURES["themes"][theme]["pad"]["register"],
                  SIGNATURES["themes"][theme]["bass"]["program"]: SIGNATURES["themes"][theme]["bass"]["register"]}
        moods = [Mood(rng.uniform(1, 5), rng.uniform(1, 5)) for _ in range(5)]
        scenes = arrange_story(hero, theme, moods, [rng.uniform(0, 40) for _ in moods], seed=rng.randint(0, 99),
                               library=LIBRARY)
        for i, scene in enumerate(scenes):
            for channel, program, notes in _notes_by_track(_read_back(scene, tmp_path, f"{hero}-{i}.mid")):
                if channel is None or channel == 9:
                    continue
                low, high = ranges[program]
                assert all(low <= pitch <= high for _, _, pitch in notes), (hero, theme, program)


def test_all_parts_share_one_meter_one_key_and_the_chords_of_the_progression(tmp_path):
    scene = _scene("dragon", "castle", mood=Mood(3.6, 3.5), reading=25.0)
    midi = _read_back(scene, tmp_path)
    metas = [m for t in midi.tracks for m in t if m.is_meta]
    assert [(m.numerator, m.denominator) for m in metas if m.type == "time_signature"] == \
        [tuple(int(x) for x in scene.meter.split("/"))]
    assert len([m for m in metas if m.type == "key_signature"]) == 1
    assert len({(p.meter, p.tonic, p.mode, p.progression_id) for p in scene.parts}) == 1
    for role in ("accompaniment", "rhythm"):
        for note in scene.part(role).notes:
            chord = chord_from_numeral(scene.chords[note.start // scene.bar_ticks], scene.mode)
            assert (note.pitch - scene.tonic) % 12 in chord.tones
    assert check_arrangement(scene) == []


def test_the_leitmotif_opens_every_scene_in_its_rhythm_and_twice_as_slow_when_calm():
    leitmotif = choose_leitmotif("kitten", "jungle", 11, library=LIBRARY)
    motif = [(p, t) for bar in leitmotif.bars for p, t in bar]
    ticks = 480 // leitmotif.ticks_per_quarter
    moods = [CALM, EXCITING, SAD, Mood(3, 3), Mood(2.0, 4.5)]
    scenes = arrange_story("kitten", "jungle", moods, [20.0] * 5, seed=11, library=LIBRARY)
    for mood, scene in zip(moods, scenes):
        factor = 2 if scene.motif_augmented else 1
        assert scene.motif_augmented == (mood.arousal < 2.5)
        assert scene.motif_bars == (0, MOTIF_BARS * factor)
        played = scene.part("melody").notes
        onsets, at = [], 0
        for pitch, length in motif:
            if pitch is not None:
                onsets.append((at * ticks * factor, length * ticks * factor, pitch))
            at += length
        for (start, length, pitch), note in zip(onsets, played):
            assert (note.start, note.duration) == (start, length)
            # moved to the scene's mode and onto the chord: a few semitones at most, by octaves aside
            assert min(abs(note.pitch - (leitmotif.tonic + pitch + 12 * k)) for k in (-1, 0, 1)) <= 3


def test_drums_are_on_channel_10_and_nothing_else_is(tmp_path):
    midi = _read_back(_scene("monkey", "jungle", mood=EXCITING), tmp_path)
    tracks = _notes_by_track(midi)
    drums = [notes for channel, _, notes in tracks if channel == 9]
    assert len(drums) == 1 and drums[0]
    assert {pitch for _, _, pitch in drums[0]} <= GM_DRUM_KEYS
    for channel, _, notes in tracks:
        assert all(note_channel == channel for _, note_channel, _ in notes)


def test_calm_scene_has_no_drums():
    assert "drums" not in {p.role for p in _scene(mood=CALM).parts}


def test_tempo_changes_at_most_20_percent_between_consecutive_scenes():
    moods = [CALM, EXCITING, CALM, EXCITING, Mood(5, 5)]
    scenes = arrange_story("superhero", "outer_space", moods, [15.0] * 5, seed=4, library=LIBRARY)
    for before, after in zip(scenes, scenes[1:]):
        assert abs(after.tempo_qpm - before.tempo_qpm) <= 0.2 * before.tempo_qpm
        assert (after.tonic, after.meter) == (before.tonic, before.meter)
    assert scenes[1].tempo_qpm > scenes[0].tempo_qpm        # it still follows the mood
    assert check_story(scenes) == []


def test_scenes_fade_in_and_out_at_their_boundaries():
    scene = _scene(mood=Mood(4, 4), reading=20.0)
    for part in scene.parts:
        first = [n.velocity for n in part.notes if n.start == 0]
        middle = [n.velocity for n in part.notes if scene.seconds(n.start) > 5 and n.start % scene.bar_ticks == 0]
        if first and middle:
            assert max(first) < max(middle)
    final = [n.velocity for p in scene.parts for n in p.notes if n.start >= (scene.bars - 1) * scene.bar_ticks]
    loudest = max(n.velocity for p in scene.parts for n in p.notes)
    assert max(final) < 0.8 * loudest


def test_every_scene_ends_on_the_tonic():
    for mood in (CALM, EXCITING, SAD):
        scene = _scene(mood=mood)
        assert chord_from_numeral(scene.chords[-1], scene.mode).root == 0
        assert (scene.part("melody").notes[-1].pitch - scene.tonic) % 12 == 0
        assert (scene.part("bass").notes[-1].pitch - scene.tonic) % 12 == 0


def test_same_seed_gives_the_same_midi_bytes_and_another_seed_other_music(tmp_path):
    def story_bytes(seed, folder):
        scenes = arrange_story("fairy", "snowy_mountain", [CALM, EXCITING, SAD], [10.0, 20.0, 30.0], seed,
                               library=LIBRARY)
        return [write_midi(s, tmp_path / folder / f"{i}.mid").read_bytes() for i, s in enumerate(scenes)]

    assert story_bytes(8, "a") == story_bytes(8, "b")
    assert story_bytes(8, "a") != story_bytes(9, "c")


def test_check_arrangement_finds_a_note_out_of_range_a_clash_and_a_wrong_length():
    scene = _scene("penguin", "farm", mood=Mood(3.5, 4))
    assert check_arrangement(scene) == []
    melody = scene.part("melody")
    high = melody.register[1]

    def with_melody(notes):
        parts = tuple(dataclasses.replace(p, notes=tuple(notes)) if p.role == "melody" else p for p in scene.parts)
        return dataclasses.replace(scene, parts=parts)

    out_of_range = with_melody([*melody.notes[:-1], dataclasses.replace(melody.notes[-1], pitch=high + 1)])
    assert any("outside its register" in p for p in check_arrangement(out_of_range))

    # every strong-beat melody note a half step above the chord's root: always a rub
    rubbing = [Note(n.start, n.duration, scene.tonic + 1, n.velocity) for n in melody.notes]
    problems = check_arrangement(with_melody(rubbing))
    assert any("clash rate" in p for p in problems)
    assert measure_arrangement(with_melody(rubbing)).clash_rate > 0.5

    too_short = dataclasses.replace(scene, reading_time_s=scene.reading_time_s + 3 * scene.bar_s)
    assert any("more than one bar" in p for p in check_arrangement(too_short))


def test_bad_input_gets_a_clear_error():
    leitmotif = choose_leitmotif("pirate", "underwater", 1, library=LIBRARY)
    with pytest.raises(ValueError, match="allowed heroes"):
        choose_leitmotif("pony", "underwater", 1, library=LIBRARY)
    with pytest.raises(ValueError, match="allowed themes"):
        arrange_scene(leitmotif, CALM, 10.0, "volcano", 1, library=LIBRARY)
    with pytest.raises(ValueError, match="reading_time_s"):
        arrange_scene(leitmotif, CALM, -1.0, "underwater", 1, library=LIBRARY)
    with pytest.raises(ValueError, match="reading_time_s"):
        arrange_scene(leitmotif, CALM, float("nan"), "underwater", 1, library=LIBRARY)
    with pytest.raises(ValueError, match="arousal"):
        arrange_scene(leitmotif, Mood(7, 3), 10.0, "underwater", 1, library=LIBRARY)
    with pytest.raises(ValueError, match="one reading time per mood"):
        arrange_story("pirate", "underwater", [CALM, SAD], [10.0], 1, library=LIBRARY)


@pytest.mark.skipif(not LIBRARY_PATH.exists(), reason="the melody library is not built yet")
def test_a_story_on_the_real_melody_library_keeps_every_guarantee(tmp_path):
    moods = [Mood(2.5, 3.5), Mood(3.2, 2.4), Mood(3.8, 3.0), Mood(2.2, 2.0), Mood(3.0, 4.2)]
    scenes = arrange_story("mermaid", "underwater", moods, [18.0, 22.0, 25.0, 16.0, 20.0], seed=3)
    assert check_story(scenes) == []
    for i, scene in enumerate(scenes):
        midi = _read_back(scene, tmp_path, f"{i}.mid")
        assert abs(midi.length - scene.target_s) <= scene.bar_s


def test_a_major_tune_moves_to_minor_degree_by_degree_and_back():
    from taleweaver.sound.arrange_harmony import move_to_mode

    major_scale = [0, 2, 4, 5, 7, 9, 11, 12, 14, 16]
    assert [move_to_mode(p, "major", "minor") for p in major_scale] == [0, 2, 3, 5, 7, 8, 10, 12, 14, 15]
    assert [move_to_mode(move_to_mode(p, "major", "dorian"), "dorian", "major") for p in major_scale] == major_scale
    assert move_to_mode(-1, "minor", "major") == -1          # the raised leading tone stays the leading tone
    assert {move_to_mode(p, "major", "pentatonic_major") % 12 for p in major_scale} <= {0, 2, 4, 7, 9}
