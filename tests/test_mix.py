"""Render and mix: MIDI through the General MIDI SoundFont, ducking, loudness, limiting, OGG."""

import math

import numpy as np
import pytest
import soundfile
from scipy import signal

from taleweaver.sound.mix import (AudioCheckError, SilentMixError, check_audio, mix_scene, target_loudness,
                                  write_ogg)
from taleweaver.sound.mix_limiter import limit_peaks
from taleweaver.sound.mix_loudness import integrated_loudness, k_weighting_stages, true_peak
from taleweaver.sound.synth import DEFAULT_SOUNDFONT, SoundFontNotFoundError, load_soundfont, render_midi
from taleweaver.sound.synth_test_piece import CLOSED_HIHAT, SNARE, build_drum_check, build_test_piece

RATE = 22050
needs_soundfont = pytest.mark.skipif(not DEFAULT_SOUNDFONT.is_file(),
                                     reason="fluid-soundfont-gm is not installed (apt-get install fluid-soundfont-gm)")


def db(value):
    return 20 * math.log10(value) if value > 0 else -math.inf


def rms(audio):
    return float(np.sqrt(np.mean(np.asarray(audio, dtype=np.float64) ** 2)))


def seconds(audio, start, end):
    return audio[round(start * RATE):round(end * RATE)]


def spectral_centroid(audio):
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    spectrum = np.abs(np.fft.rfft(mono))
    return float((spectrum * np.fft.rfftfreq(len(mono), 1 / RATE)).sum() / spectrum.sum())


def tone(frequency, duration, amplitude, channels=2):
    wave = amplitude * np.sin(2 * np.pi * frequency * np.arange(round(duration * RATE)) / RATE)
    return np.repeat(wave[:, None], channels, axis=1).astype(np.float32) if channels == 2 else wave.astype(np.float32)


def speech_like(bursts, total, seed=0):
    """Mono 'narration': noise band-passed to 1-4 kHz, syllable-modulated, during `bursts`
    ((start, end) seconds), silent elsewhere. Nothing below 1 kHz, so a 220 Hz music tone can
    be measured in the mix separately."""
    rng = np.random.default_rng(seed)
    noise = signal.sosfilt(signal.butter(6, [1000, 4000], "bandpass", fs=RATE, output="sos"),
                           rng.normal(size=round(total * RATE)))
    time = np.arange(len(noise)) / RATE
    syllables = 0.6 + 0.4 * np.abs(np.sin(2 * np.pi * 3 * time))
    on = np.zeros(len(noise))
    for start, end in bursts:
        on[round(start * RATE):round(end * RATE)] = 1.0
    voice = noise * syllables * on
    return (0.3 * voice / np.abs(voice).max()).astype(np.float32)


def in_band(audio, low, high):
    """The part of `audio` between low and high Hz (mono)."""
    mono = audio.mean(axis=1) if audio.ndim == 2 else audio
    band = signal.sosfiltfilt(signal.butter(4, [low, high], "bandpass", fs=RATE, output="sos"), mono)
    return band


@pytest.fixture(scope="module")
def soundfont():
    """FluidR3 loads once for the whole module (about 0.7 s)."""
    return load_soundfont(sample_rate=RATE)


@pytest.fixture(scope="module")
def short_music(soundfont):
    return render_midi(build_test_piece(seconds=4.0), RATE)


# --- loudness measure -------------------------------------------------------------------

def test_k_weighting_matches_the_48_khz_coefficients_printed_in_bs1770():
    (shelf_b, shelf_a), (highpass_b, highpass_a) = k_weighting_stages(48000)
    np.testing.assert_allclose(shelf_b, [1.53512485958697, -2.69169618940638, 1.19839281085285], atol=1e-9)
    np.testing.assert_allclose(shelf_a, [1.0, -1.69065929318241, 0.73248077421585], atol=1e-9)
    np.testing.assert_allclose(highpass_b, [1.0, -2.0, 1.0])
    np.testing.assert_allclose(highpass_a, [1.0, -1.99004745483398, 0.99007225036621], atol=1e-9)


@pytest.mark.parametrize("rate", [48000, 22050])
def test_a_minus_20_dbfs_sine_on_both_channels_measures_minus_20_lufs_and_mono_3_lu_less(rate):
    # BS.1770's calibration: a 0 dBFS 997 Hz sine in one channel reads -3.01 LUFS.
    wave = 0.1 * np.sin(2 * np.pi * 997 * np.arange(5 * rate) / rate)
    assert integrated_loudness(np.stack([wave, wave], axis=1), rate) == pytest.approx(-20.0, abs=0.1)
    assert integrated_loudness(wave, rate) == pytest.approx(-23.01, abs=0.1)


def test_gating_ignores_silence_so_pauses_do_not_lower_the_loudness():
    # Half of this clip is silence: a plain average would read 3 LU lower; the gates drop
    # the silent blocks (only the few blocks straddling an edge still count).
    wave = tone(997, 3.0, 0.1)
    with_pause = np.concatenate([wave, np.zeros((6 * RATE, 2), np.float32), wave])
    assert integrated_loudness(with_pause, RATE) == pytest.approx(integrated_loudness(wave, RATE), abs=0.5)


def test_true_peak_finds_the_peak_between_samples():
    # At a quarter of the sample rate with a 45° phase every sample is at ±0.707 of the real peak.
    wave = np.sin(2 * np.pi * 0.25 * np.arange(4000) + np.pi / 4)
    assert np.abs(wave).max() == pytest.approx(0.707, abs=0.001)
    assert true_peak(wave) == pytest.approx(1.0, abs=0.02)


# --- synth ------------------------------------------------------------------------------

@needs_soundfont
def test_tiny_midi_with_a_melody_and_a_drum_hit_renders_non_silent_stereo(soundfont):
    audio = render_midi(build_drum_check(drum_at_s=1.0), RATE, tail_s=0.5)
    assert audio.dtype == np.float32 and audio.ndim == 2 and audio.shape[1] == 2
    assert len(audio) == pytest.approx(1.55 * RATE, abs=0.05 * RATE)  # last note-off at 1.05 s + tail
    assert not check_audio(audio, RATE).silent
    assert db(rms(seconds(audio, 0.0, 0.25))) > -40  # the melody note


@needs_soundfont
def test_drum_hit_on_channel_10_is_audible_at_its_time(soundfont):
    audio = render_midi(build_drum_check(drum_at_s=1.0, drum_key=SNARE), RATE)
    before, hit = seconds(audio, 0.8, 0.98), seconds(audio, 1.0, 1.3)
    assert db(rms(hit)) > -40
    assert db(rms(hit)) > db(rms(before)) + 40  # the melody has died away; the snare alone sounds


@needs_soundfont
def test_channel_10_plays_the_drum_kit_not_a_piano(soundfont):
    # The same key on a melodic channel is a piano note; on channel 10 it is a hi-hat,
    # whose sound sits far higher in the spectrum.
    as_drum = seconds(render_midi(build_drum_check(drum_key=CLOSED_HIHAT, drum_channel=9), RATE), 1.0, 1.3)
    as_piano = seconds(render_midi(build_drum_check(drum_key=CLOSED_HIHAT, drum_channel=0), RATE), 1.0, 1.3)
    assert db(rms(as_drum)) > -60
    assert spectral_centroid(as_drum) > 2 * spectral_centroid(as_piano)


@needs_soundfont
def test_a_midi_file_on_disk_renders_like_the_same_piece_in_memory(soundfont, tmp_path):
    piece = build_test_piece(seconds=2.0)
    piece.save(tmp_path / "scene-1.mid")
    np.testing.assert_array_equal(render_midi(tmp_path / "scene-1.mid", RATE), render_midi(piece, RATE))


def test_missing_soundfont_says_how_to_install_it(tmp_path):
    with pytest.raises(SoundFontNotFoundError, match=r"apt-get install fluid-soundfont-gm.*make install"):
        render_midi(build_drum_check(), RATE, soundfont=tmp_path / "FluidR3_GM.sf2")


def test_a_file_that_is_not_midi_is_rejected_clearly(tmp_path):
    not_midi = tmp_path / "scene-1.mid"
    not_midi.write_text("la la la")
    with pytest.raises(ValueError, match="not a readable Standard MIDI file"):
        render_midi(not_midi, RATE)


# --- mix --------------------------------------------------------------------------------

def test_music_ducks_at_least_8_db_under_speech_and_comes_back_in_the_gaps():
    music = tone(220, 8.0, 0.2)
    narration = speech_like([(0.0, 2.0), (4.0, 5.0)], 5.0)  # speech, a 2 s pause, speech
    mix = mix_scene(music, narration, 1.0, [], RATE)  # the voice enters at 1 s
    music_band = in_band(mix, 180, 260)  # the narration has nothing below 1 kHz
    lead_in = db(rms(seconds(music_band, 0.3, 0.85)))
    speaking = db(rms(seconds(music_band, 1.5, 2.8)))
    pause = db(rms(seconds(music_band, 4.0, 4.8)))
    after = db(rms(seconds(music_band, 7.0, 7.8)))
    assert lead_in - speaking >= 8
    assert lead_in - pause < 1.5
    assert lead_in - after < 1.0


def test_loudness_lands_within_1_lu_of_the_stereo_and_mono_targets():
    narration = speech_like([(0.0, 2.5)], 3.0)
    stereo = mix_scene(tone(330, 4.0, 0.05), narration, 0.5, [], RATE)
    mono = mix_scene(tone(330, 4.0, 0.05, channels=1), narration, 0.5, [], RATE)
    assert stereo.ndim == 2 and mono.ndim == 1
    assert integrated_loudness(stereo, RATE) == pytest.approx(target_loudness(2), abs=1.0)
    assert integrated_loudness(mono, RATE) == pytest.approx(target_loudness(1), abs=1.0)
    assert target_loudness(2) == -16.0 and target_loudness(1) == -19.0


@needs_soundfont
def test_rendered_music_with_narration_mixes_to_target_without_clipping(short_music):
    mix = mix_scene(short_music, speech_like([(0.5, 3.0)], 3.0), 0.5, [], RATE)
    report = check_audio(mix, RATE)
    assert report.ok
    assert report.lufs == pytest.approx(-16.0, abs=1.0)
    assert report.true_peak_dbtp <= -1.0


def test_limiter_keeps_a_deliberately_loud_mix_under_minus_1_dbtp():
    rng = np.random.default_rng(3)
    loud = np.clip(rng.normal(scale=2.0, size=(2 * RATE, 2)), -8, 8).astype(np.float32)  # peaks near +18 dBFS
    limited = limit_peaks(loud, RATE)
    assert db(true_peak(limited)) <= -1.0
    assert not check_audio(limited, RATE).clipped


def test_limiting_turns_a_loud_tone_down_instead_of_distorting_it():
    loud = tone(440, 1.0, 2.0, channels=1)  # +6 dBFS: clipping would square it off
    limited = limit_peaks(loud, RATE)
    steady = limited[RATE // 4:]  # after the gain has settled
    spectrum = np.abs(np.fft.rfft(steady * np.hanning(len(steady))))
    frequencies = np.fft.rfftfreq(len(steady), 1 / RATE)
    fundamental = spectrum[np.abs(frequencies - 440) < 5].max()
    third_harmonic = spectrum[np.abs(frequencies - 1320) < 5].max()
    assert db(true_peak(limited)) <= -1.0
    assert db(third_harmonic / fundamental) < -40  # hard clipping at -1 dBFS gives about -13 dB


def test_a_mix_whose_peaks_would_clip_after_normalizing_is_limited():
    # A quiet pad with loud clicks: reaching -16 LUFS pushes the clicks far past full scale.
    pad = tone(200, 3.0, 0.02)
    click = np.zeros((200, 2), np.float32)
    click[:20] = 0.9
    mix = mix_scene(pad, None, 0.0, [(click, 1.0, 0.0), (click, 2.0, 0.0)], RATE)
    report = check_audio(mix, RATE)
    assert report.true_peak_dbtp <= -1.0 and not report.clipped


def test_effects_are_mixed_in_at_their_start_time():
    quiet_music = tone(220, 3.0, 0.05)
    chime = tone(2000, 0.3, 0.3)
    mix = mix_scene(quiet_music, None, 0.0, [(chime, 2.0, -3.0)], RATE)
    chime_band = in_band(mix, 1800, 2200)
    assert db(rms(seconds(chime_band, 2.05, 2.25))) > db(rms(seconds(chime_band, 1.0, 1.9))) + 30


def test_the_scene_lasts_until_its_last_layer_ends():
    mix = mix_scene(tone(220, 2.0, 0.1), speech_like([(0, 1.0)], 1.0), 1.5, [(tone(880, 0.5, 0.1), 2.0, 0.0)], RATE)
    assert len(mix) == round(2.5 * RATE)


def test_the_mix_starts_and_ends_at_zero_so_it_does_not_click():
    mix = mix_scene(tone(220, 2.0, 0.5), None, 0.0, [], RATE)
    assert np.abs(mix[0]).max() < 1e-3 and np.abs(mix[-1]).max() < 1e-3


def test_silent_input_is_refused_with_a_clear_error():
    silence = np.zeros((2 * RATE, 2), np.float32)
    with pytest.raises(SilentMixError, match="silent"):
        mix_scene(silence, silence[:, 0], 0.5, [], RATE)
    with pytest.raises(SilentMixError, match="nothing to mix"):
        mix_scene(None, None, 0.0, [], RATE)


def test_bad_layers_are_rejected_with_what_is_allowed():
    music = tone(220, 1.0, 0.1)
    with pytest.raises(ValueError, match="float samples"):
        mix_scene(music, (np.ones(RATE) * 1000).astype(np.int16), 0.0, [], RATE)
    with pytest.raises(ValueError, match="narration_start_s is a time in seconds"):
        mix_scene(music, None, -1.0, [], RATE)
    with pytest.raises(ValueError, match=r"\(audio, start_s, gain_db\)"):
        mix_scene(music, None, 0.0, [music], RATE)
    with pytest.raises(ValueError, match="stereo"):
        mix_scene(np.zeros((RATE, 5), np.float32), None, 0.0, [], RATE)
    with pytest.raises(ValueError, match="sample_rate"):
        mix_scene(music, None, 0.0, [], 22050.5)


# --- check and OGG ----------------------------------------------------------------------

def test_check_audio_reports_levels_and_flags_silence_and_clipping():
    fine = check_audio(tone(997, 1.0, 0.5), RATE)
    assert fine.ok and fine.peak_dbfs == pytest.approx(-6.02, abs=0.05)
    assert fine.rms_dbfs == pytest.approx(-9.03, abs=0.05)
    assert check_audio(np.zeros(RATE, np.float32), RATE).silent
    assert check_audio(tone(997, 1.0, 1.5), RATE).clipped
    flat_topped = np.clip(tone(997, 1.0, 2.0), -0.95, 0.95)  # clipped, then kept under full scale
    assert check_audio(flat_topped, RATE).clipped


def test_the_ogg_round_trips_with_soundfile_at_the_right_duration(tmp_path):
    mix = mix_scene(tone(440, 2.5, 0.2), speech_like([(0.2, 1.5)], 1.5), 0.5, [], RATE)
    decoded_check = write_ogg(tmp_path / "scene-1.ogg", mix, RATE)
    info = soundfile.info(tmp_path / "scene-1.ogg")
    assert (info.format, info.subtype, info.samplerate, info.channels) == ("OGG", "VORBIS", RATE, 2)
    assert info.duration == pytest.approx(2.5, abs=0.01)
    decoded, _ = soundfile.read(tmp_path / "scene-1.ogg", dtype="float32")
    assert decoded.shape == mix.shape
    assert decoded_check.ok and decoded_check.lufs == pytest.approx(-16.0, abs=1.0)


def test_writing_silent_or_clipped_audio_is_refused_and_leaves_no_file(tmp_path):
    with pytest.raises(AudioCheckError, match="silent"):
        write_ogg(tmp_path / "silent.ogg", np.zeros((RATE, 2), np.float32), RATE)
    with pytest.raises(AudioCheckError, match="clipped"):
        write_ogg(tmp_path / "clipped.ogg", tone(440, 1.0, 1.2), RATE)
    assert list(tmp_path.iterdir()) == []
