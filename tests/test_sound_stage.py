"""The sound stage (taleweaver/sound/stage.py) and `taleweaver sound`.

One short five-scene story is voiced, scored and mixed once for the module (about 10-20 s on
the shared 2-core machine): short sentences keep it fast. Its third scene is empty and its
fifth is longer than the (lowered) narration limit, so the same run shows how bad input is
handled. Mood is scored with the lexicon model alone here (no MiniLM load); the slow CLI test
runs the default. The melody library is a stand-in written below (one chord-tone melody per
progression, as in test_arrangement.py), so these tests do not need data/music/melodies.jsonl.

Everything is checked against the files themselves: durations read back with soundfile and
mido, silence and clipping with the mixer's check on the decoded audio, and the clock of the
word timings by finding the narration inside the mix by cross-correlation.
"""

import json
import subprocess
import sys

import mido
import numpy as np
import pytest
import soundfile
import yaml

from taleweaver.cli import main
from taleweaver.contracts import SCHEMA_VERSION, Choices, Scene, SpokenWord, Story
from taleweaver.paths import DATA_DIR
from taleweaver.sound import stage
from taleweaver.sound.arrange import arrange_story, write_midi
from taleweaver.sound.melody.harmony import chord_from_numeral
from taleweaver.sound.melody.library import Melody
from taleweaver.sound.mix import check_audio
from taleweaver.sound.mood import default_scorer
from taleweaver.sound.narration import VoiceNotFoundError
from taleweaver.sound.stage_scene import narratable_text
from taleweaver.story_file import StoryFileError, read_story_file
from taleweaver.sound.synth import SoundFontNotFoundError

SCENES = [
    "Pip the puppy woke up. The sun was warm.",
    "Pip ran to the pond. Splash! He jumped in.",
    "",  # empty: the voice is silent, the music still plays
    "A cow said moo. Pip wagged his tail.",
    "Pip curled up in bed. He yawned. He fell fast asleep. Good night, Pip.",
]
NARRATION_LIMIT = 55  # lowered for this story, so scene 5 (70 characters) is too long to read whole
SEED = 11


def _chord_tone_melodies() -> list[Melody]:
    """One melody per progression of the part library: root, third, fifth of each bar's chord."""
    melodies = []
    for progression in yaml.safe_load((DATA_DIR / "music" / "progressions.yaml").read_text(encoding="utf-8")):
        bars = []
        for numeral in progression["chords"]:
            chord = chord_from_numeral(numeral, progression["mode"])
            third = next(t for t in range(chord.root + 1, chord.root + 12) if t % 12 in chord.tones)
            fifth = next(t for t in range(third + 1, third + 12) if t % 12 in chord.tones)
            fifth = fifth - 12 if fifth > 17 else fifth
            bars.append(((chord.root, 12), (third, 12), (fifth, 24)) if progression["meter"] == "4/4"
                        else ((chord.root, 18), (third, 12), (fifth, 6)))
        melodies.append(Melody(id=f"{progression['id']}.middle.0", progression_id=progression["id"],
                               meter=progression["meter"], mode=progression["mode"], register="middle",
                               chords=tuple(progression["chords"]), bars=tuple(bars), ticks_per_quarter=12,
                               lowest=0, highest=17, chord_tone_rate=1.0, mean_logprob=-1.0))
    return melodies


MELODIES = _chord_tone_melodies()


def _story(texts=SCENES) -> Story:
    return Story(choices=Choices(theme="farm", hero="puppy", color="brown", adjective="kind"),
                 title="Pip and the Pond", ranker_score=0.0, source="corpus",
                 scenes=[Scene(index=i, text=text, keywords=[]) for i, text in enumerate(texts, start=1)])


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """(result, sound.json as read back, the scenes on_scene heard, output folder)."""
    out = tmp_path_factory.mktemp("sound")
    heard = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stage, "MOOD_USES_EMBEDDINGS", False)
        patch.setattr(stage, "MAX_NARRATED_CHARS", NARRATION_LIMIT)
        result = stage.make_sound(_story(), out, seed=SEED, on_scene=heard.append, melodies=MELODIES)
    return result, json.loads((out / "sound.json").read_text(encoding="utf-8")), heard, out


def _spoken(sound):
    return [scene for scene in sound["scenes"] if scene["words"]]


def test_every_scene_gets_its_mix_midi_and_narration_files(made):
    result, sound, _, out = made
    assert [scene["index"] for scene in sound["scenes"]] == [1, 2, 3, 4, 5]
    for n, scene in enumerate(sound["scenes"], start=1):
        assert (scene["audio"], scene["midi"], scene["narration"]) == (f"scene-{n}.ogg", f"scene-{n}.mid",
                                                                       f"narration-{n}.ogg")
        for name in (scene["audio"], scene["midi"], scene["narration"]):
            assert (out / name).stat().st_size > 0
    assert result.sound_json == out / "sound.json"
    assert not list(out.glob("*.wav"))  # the bundle carries OGG only


def test_sound_json_has_the_promised_fields(made):
    _, sound, _, _ = made
    assert sound["seed"] == SEED and sound["sample_rate"] == 22050
    for scene in sound["scenes"]:
        assert {"duration_s", "narration_s", "narration_offset_s", "mood", "tempo", "key", "instruments", "sfx",
                "words"} <= set(scene)
        assert 1 <= scene["mood"]["valence"] <= 5 and 1 <= scene["mood"]["arousal"] <= 5
        assert isinstance(scene["tempo"], int) and 40 <= scene["tempo"] <= 200
        assert scene["key"].split()[0] in {"C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"}
        assert scene["instruments"] and all(i["name"] and 0 <= i["program"] <= 127 for i in scene["instruments"])
        for word in scene["words"]:
            SpokenWord(**word)  # the bundle's contract for read-along words accepts them as they are


def test_on_scene_hears_every_scene_in_order(made):
    result, _, heard, _ = made
    assert [scene.index for scene in heard] == [1, 2, 3, 4, 5]
    assert heard == result.scenes


def test_words_are_the_scene_text_in_reading_order(made):
    _, sound, _, _ = made
    for scene in _spoken(sound):
        text = SCENES[scene["index"] - 1]
        assert all(text[w["char_start"]:w["char_end"]] == w["word"] for w in scene["words"])
        starts = [w["start"] for w in scene["words"]]
        assert starts == sorted(starts)
        assert all(w["start"] < w["end"] for w in scene["words"])


def test_the_first_word_starts_just_after_the_music_lead_in(made):
    _, sound, _, _ = made
    for scene in _spoken(sound):
        offset = scene["narration_offset_s"]
        assert 1.0 <= offset <= 3.0  # the arranger's lead-in
        # piper starts speaking a few tens of milliseconds into its audio
        assert offset <= scene["words"][0]["start"] <= offset + 0.4


def test_word_times_are_on_the_clock_of_the_full_mix(made):
    """Find where the narration sits inside scene-N.ogg by cross-correlation: it must be at
    narration_offset_s, the shift that was added to every word time."""
    _, sound, _, out = made
    for scene in _spoken(sound):
        mix, rate = soundfile.read(out / scene["audio"], dtype="float64")
        voice, _ = soundfile.read(out / scene["narration"], dtype="float64")
        mix = mix.mean(axis=1)
        size = 1 << int(np.ceil(np.log2(len(mix) + len(voice))))
        correlation = np.fft.irfft(np.fft.rfft(mix, size) * np.conj(np.fft.rfft(voice, size)), size)
        lag = int(np.argmax(correlation[:len(mix) - len(voice) + 1]))
        assert abs(lag / rate - scene["narration_offset_s"]) < 0.01


def test_effects_land_on_their_trigger_words_inside_the_scene(made):
    _, sound, _, _ = made
    effects = {scene["index"]: scene["sfx"] for scene in sound["scenes"]}
    assert [e["effect"] for e in effects[2]] == ["splash"] and [e["effect"] for e in effects[4]] == ["cow_moo"]
    for scene in sound["scenes"]:
        for effect in scene["sfx"]:
            word = next(w for w in scene["words"] if w["char_start"] == effect["char_start"])
            assert effect["start"] == word["start"] and effect["word"] == word["word"]
            assert scene["narration_offset_s"] <= effect["start"] < effect["start"] + effect["duration"] <= \
                scene["duration_s"] + 1e-6


def test_durations_match_the_files(made):
    _, sound, _, out = made
    for scene in sound["scenes"]:
        assert soundfile.info(out / scene["audio"]).duration == pytest.approx(scene["duration_s"], abs=0.01)
        assert soundfile.info(out / scene["narration"]).duration == pytest.approx(scene["narration_s"], abs=0.01)
        music_s = mido.MidiFile(out / scene["midi"]).length
        # The music covers lead-in + reading + at least a second of tail, and the mix holds all of it.
        assert music_s >= scene["narration_offset_s"] + scene["narration_s"] + 1.0 - 1e-6
        assert scene["duration_s"] >= music_s


def test_no_file_is_silent_or_clipped(made):
    _, sound, _, out = made
    for scene in sound["scenes"]:
        names = [scene["audio"]] + ([scene["narration"]] if scene["words"] else [])
        for name in names:
            audio, rate = soundfile.read(out / name, dtype="float32")
            check = check_audio(audio, rate)
            assert check.ok, f"{name}: {check.problem()}"
        assert not scene["checks"]["mix"]["silent"] and not scene["checks"]["mix"]["clipped"]


def test_an_empty_scene_has_a_silent_voice_and_music_that_still_plays(made):
    _, sound, _, out = made
    empty = sound["scenes"][2]
    assert empty["words"] == [] and empty["sfx"] == []
    assert empty["mood"] == {"valence": 3.0, "arousal": 3.0}
    assert empty["narration_s"] == pytest.approx(1.0, abs=0.01)
    voice, rate = soundfile.read(out / empty["narration"], dtype="float32")
    assert check_audio(voice, rate).silent and empty["checks"]["narration"]["silence_expected"]
    mix, rate = soundfile.read(out / empty["audio"], dtype="float32")
    assert check_audio(mix, rate).ok
    assert any("no words" in note for note in empty["notes"])


def test_a_scene_longer_than_the_voice_reads_is_narrated_up_to_its_last_whole_sentence(made):
    _, sound, _, _ = made
    long_scene = sound["scenes"][4]
    cut = narratable_text(SCENES[4], NARRATION_LIMIT)
    assert cut == "Pip curled up in bed. He yawned. He fell fast asleep."
    assert [w["word"] for w in long_scene["words"]][-2:] == ["fast", "asleep"]
    assert any("were narrated" in note for note in long_scene["notes"])


def test_narratable_text_keeps_whole_sentences_then_whole_words():
    assert narratable_text("Short. Text.", 100) == "Short. Text."
    assert narratable_text("One two. Three four five six.", 20) == "One two."
    assert narratable_text('"Hop!" said Bo. Then more words here.', 20) == '"Hop!" said Bo.'
    assert narratable_text("no sentence end here at all", 12) == "no sentence"
    text = "A long line. " * 500
    assert len(text) > stage.MAX_NARRATED_CHARS and len(narratable_text(text, stage.MAX_NARRATED_CHARS)) <= 5000


def test_the_music_is_what_arranging_the_whole_story_at_once_gives(made, tmp_path):
    _, sound, _, out = made
    moods = default_scorer(False).score_scenes(SCENES)
    arranged = arrange_story("puppy", "farm", moods, [scene["narration_s"] for scene in sound["scenes"]], SEED,
                             library=MELODIES)
    for n, arrangement in enumerate(arranged, start=1):
        assert write_midi(arrangement, tmp_path / "x.mid").read_bytes() == (out / f"scene-{n}.mid").read_bytes()
        assert sound["scenes"][n - 1]["tempo"] == arrangement.tempo_qpm


def test_a_missing_soundfont_says_how_to_install_it_before_any_work(monkeypatch, tmp_path):
    monkeypatch.setenv("TALEWEAVER_SOUNDFONT", str(tmp_path / "missing.sf2"))
    with pytest.raises(SoundFontNotFoundError, match="fluid-soundfont-gm.*make install"):
        stage.make_sound(_story(), tmp_path / "out", melodies=MELODIES)
    assert not (tmp_path / "out").exists()


def test_the_cli_says_in_one_line_how_to_install_a_missing_soundfont(monkeypatch, tmp_path, capsys):
    story_file = tmp_path / "story.json"
    story_file.write_text(_story().model_dump_json(), encoding="utf-8")
    monkeypatch.setenv("TALEWEAVER_SOUNDFONT", str(tmp_path / "missing.sf2"))
    assert main(["sound", str(story_file), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "apt-get install fluid-soundfont-gm" in error


def test_a_missing_voice_says_how_to_install_it(tmp_path):
    with pytest.raises(VoiceNotFoundError, match="pip install piper-tts.*make install"):
        stage.check_sound_tools(tmp_path / "no-voice.onnx")


def test_make_sound_takes_a_story_and_a_sensible_seed(tmp_path):
    with pytest.raises(TypeError, match="Story"):
        stage.make_sound({"title": "x"}, tmp_path)
    with pytest.raises(TypeError, match="seed"):
        stage.make_sound(_story(), tmp_path, seed="7")
    twice = _story().model_copy(update={"scenes": [Scene(index=1, text="Hi.", keywords=[])] * 5})
    with pytest.raises(ValueError, match="numbered 1 to 5"):
        stage.make_sound(twice, tmp_path)


def _write(tmp_path, data) -> str:
    path = tmp_path / "story.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_story_file_or_a_bundles_story_json_is_read(tmp_path):
    story = _story().model_dump(mode="json")
    assert read_story_file(_write(tmp_path, story)).title == "Pip and the Pond"
    bundle = {"schema_version": SCHEMA_VERSION, "story": story, "pages": []}
    assert read_story_file(_write(tmp_path, bundle)).scenes[1].text == SCENES[1]


@pytest.mark.parametrize("content,expected", [
    ('{"title": "Pip", "scenes": [', "not valid JSON"),
    ("[1, 2, 3]", "expected a JSON object"),
    ({**_story().model_dump(mode="json"), "schema_version": "0.9"}, "schema_version '0.9'; this taleweaver reads schema"),
    ({k: v for k, v in _story().model_dump(mode="json").items() if k != "schema_version"}, "has no schema_version"),
    ({**_story().model_dump(mode="json"), "scenes": []}, "scenes: List should have at least 5 items"),
    ({"schema_version": SCHEMA_VERSION, "story": "Pip"}, "story field must be a JSON object"),
])
def test_a_bad_story_file_is_one_line_and_exit_2(tmp_path, capsys, content, expected):
    path = _write(tmp_path, content)
    with pytest.raises(StoryFileError, match=expected.replace("(", r"\(").replace("[", r"\[")):
        read_story_file(path)
    assert main(["sound", path, "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("taleweaver sound: error:") and expected in error
    assert not (tmp_path / "out").exists()


def test_the_cli_refuses_a_missing_file_and_a_file_given_as_the_output_folder(tmp_path, capsys):
    assert main(["sound", str(tmp_path / "nope.json"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file" in capsys.readouterr().err
    story_file = _write(tmp_path, _story().model_dump(mode="json"))
    assert main(["sound", story_file, "--out", story_file]) == 2
    assert "is a file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["sound", story_file, "--out", str(tmp_path / "out"), "--seed", "abc"])
    assert exit_.value.code == 2 and capsys.readouterr().err.count("\n") == 1


@pytest.mark.slow
def test_taleweaver_sound_writes_a_playable_folder(tmp_path):
    """The command as a user runs it, with the default mood model (loads MiniLM: slow)."""
    if not (DATA_DIR / "music" / "melodies.jsonl").exists():
        pytest.skip("the melody library is not built yet (python -m taleweaver.sound.melody.build_library)")
    story_file = _write(tmp_path, _story(SCENES[:2] + ["Pip met a duck.", SCENES[3], "Pip fell asleep."])
                        .model_dump(mode="json"))
    result = subprocess.run([sys.executable, "-m", "taleweaver", "sound", story_file, "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    sound = json.loads((tmp_path / "out" / "sound.json").read_text(encoding="utf-8"))
    assert [scene["index"] for scene in sound["scenes"]] == [1, 2, 3, 4, 5]
    assert all((tmp_path / "out" / f"scene-{n}.ogg").is_file() for n in range(1, 6))
    assert result.stdout.count("scene ") >= 5
