"""Measure the synth and the mixer; the numbers in docs/sound-mix.md come from here.

    .venv/bin/python -m taleweaver.sound.mix_report [--json docs/sound-mix.json] [--repeats 3]

What it measures, on this machine's CPU (one process, one thread of work):
- SoundFont load time: the first `load_soundfont()` in the process (the file may already be
  in the operating system's page cache; a cold disk read is slower).
- Render speed: the 30-second, four-track test piece (melody, strings, bass, drums on
  channel 10; `synth_test_piece.py`), as seconds of audio per second of compute (best of
  `--repeats`, the usual way to time on a shared machine).
- Mixing speed: `mix_scene` on that music with a narrated scene and two effects, and
  `write_ogg` of the result, again as seconds of audio per second of compute.
- Loudness reached and true peak of the mix (BS.1770, `mix_loudness.py`).
- Ducking depth: the music's level while the narrator speaks, in the pauses between
  sentences, and before/after the narration, each against the same stretch of the
  unducked music (so the piece's own loud and quiet bars cancel out).
The narration is the real voice (piper + joe, deterministic settings) when it is installed;
otherwise a speech-shaped noise stand-in, and the report says which.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path

import numpy as np

from taleweaver.sound import synth
from taleweaver.sound.mix import check_audio, mix_scene, write_ogg
from taleweaver.sound.mix_duck import FRAME_S, duck_gain, speech_frames
from taleweaver.sound.mix_loudness import integrated_loudness, to_db
from taleweaver.sound.synth_test_piece import build_test_piece

SAMPLE_RATE = 22050
PIECE_S = 30.0
NARRATION_START_S = 2.0
SCENE_TEXT = ("Once upon a time, a brave little dragon lived in a cave by the sea. "
              "Every morning she flew over the sparkling waves to say hello to the fish. "
              "One day she found a shiny blue shell on the sand, and it began to sing! "
              "The dragon smiled and sang along, and the whole beach joined in.")


def narration_audio() -> tuple[np.ndarray, str]:
    """The scene read by the real voice if installed, else a stand-in (and which it is)."""
    try:
        from taleweaver.sound.narration import Narrator, VoiceNotFoundError
        with Narrator() as narrator:
            if narrator.sample_rate != SAMPLE_RATE:
                raise VoiceNotFoundError(f"the voice speaks at {narrator.sample_rate} Hz")
            speech = narrator.speak(SCENE_TEXT, noise_scale=0.0, noise_w_scale=0.0)
        return speech.audio.astype(np.float32) / 32768.0, "piper joe voice (noise off)"
    except Exception as error:  # no voice here: measure with a stand-in rather than nothing
        rng = np.random.default_rng(0)
        seconds = 16.0
        time_s = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
        syllables = np.abs(np.sin(2 * np.pi * 2.5 * time_s))
        sentences = ((time_s % 4.0) < 3.4).astype(float)  # 3.4 s sentences, 0.6 s pauses
        voice = rng.normal(size=len(time_s)) * syllables * sentences
        return (0.3 * voice / np.abs(voice).max()).astype(np.float32), f"speech-shaped noise ({error})"


def effect_sounds() -> list[tuple[np.ndarray, float, float]]:
    """Two short effects: a chime and a soft thump, timed inside the narration."""
    time_s = np.arange(round(0.6 * SAMPLE_RATE)) / SAMPLE_RATE
    chime = (0.4 * np.sin(2 * np.pi * 1568 * time_s) * np.exp(-time_s * 6)).astype(np.float32)
    thump = (0.6 * np.sin(2 * np.pi * 70 * time_s) * np.exp(-time_s * 15)).astype(np.float32)
    return [(chime, NARRATION_START_S + 9.0, -6.0), (thump, NARRATION_START_S + 4.0, -3.0)]


def best_time(function, repeats: int) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def ducking_depth(music: np.ndarray, voice: np.ndarray, start: int) -> dict[str, float]:
    """Music level after ducking minus before, in dB, over speech / pauses / outside the voice."""
    gain = duck_gain(voice, start, len(music), SAMPLE_RATE)
    ducked = music * gain[:, np.newaxis]
    frame = round(FRAME_S * SAMPLE_RATE)
    region = np.full(len(music), "outside", dtype=object)
    region[start:start + len(voice)] = "pause"
    for index, speaking in enumerate(speech_frames(voice, SAMPLE_RATE)):
        if speaking:
            region[start + index * frame:start + (index + 1) * frame] = "speech"
    region = region[:len(music)]
    depth = {}
    for name in ("speech", "pause", "outside"):
        mask = region == name
        depth[name] = to_db(math.sqrt(np.mean(ducked[mask] ** 2))) - to_db(math.sqrt(np.mean(music[mask] ** 2)))
    depth["speech_share"] = float(np.mean(region[start:start + len(voice)] == "speech"))
    return depth


def measure(repeats: int = 3) -> dict:
    started = time.perf_counter()
    synth.load_soundfont(sample_rate=SAMPLE_RATE)
    load_s = time.perf_counter() - started

    piece = build_test_piece(PIECE_S)
    render_s, music = best_time(lambda: synth.render_midi(piece, SAMPLE_RATE), repeats)
    music_s = len(music) / SAMPLE_RATE

    voice, voice_source = narration_audio()
    start = round(NARRATION_START_S * SAMPLE_RATE)
    effects = effect_sounds()
    mix_s, mix = best_time(lambda: mix_scene(music, voice, NARRATION_START_S, effects, SAMPLE_RATE), repeats)
    mix_length_s = len(mix) / SAMPLE_RATE
    with tempfile.TemporaryDirectory() as folder:
        write_s, decoded_check = best_time(lambda: write_ogg(Path(folder) / "scene-1.ogg", mix, SAMPLE_RATE),
                                           repeats)
    check = check_audio(mix, SAMPLE_RATE)
    depth = ducking_depth(music, voice, start)
    return {
        "machine_note": "best of %d runs on a shared 2-core CPU" % repeats,
        "sample_rate": SAMPLE_RATE,
        "soundfont": str(synth.soundfont_path()),
        "soundfont_load_s": round(load_s, 3),
        "render": {"piece": "4 tracks (flute, strings, bass, drums ch. 10), 120 bpm",
                   "audio_s": round(music_s, 2), "compute_s": round(render_s, 3),
                   "audio_s_per_compute_s": round(music_s / render_s, 1)},
        "mix": {"narration": voice_source, "narration_s": round(len(voice) / SAMPLE_RATE, 2),
                "effects": len(effects), "audio_s": round(mix_length_s, 2), "compute_s": round(mix_s, 3),
                "audio_s_per_compute_s": round(mix_length_s / mix_s, 1),
                "write_ogg_s": round(write_s, 3)},
        "loudness": {"target_lufs": -16.0, "reached_lufs": round(integrated_loudness(mix, SAMPLE_RATE), 2),
                     "true_peak_dbtp": round(check.true_peak_dbtp, 2), "peak_dbfs": round(check.peak_dbfs, 2),
                     "decoded_ogg_lufs": round(decoded_check.lufs, 2),
                     "decoded_ogg_peak_dbfs": round(decoded_check.peak_dbfs, 2),
                     "silent": check.silent, "clipped": check.clipped},
        "ducking_db": {"while_speaking": round(depth["speech"], 2),
                       "in_sentence_pauses": round(depth["pause"], 2),
                       "before_and_after_narration": round(depth["outside"], 2),
                       "speech_share_of_narration": round(depth["speech_share"], 3)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    result = measure(max(1, arguments.repeats))
    text = json.dumps(result, indent=2)
    print(text)
    if arguments.json:
        arguments.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
