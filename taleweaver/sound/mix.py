"""Mix: one scene's music, narration and sound effects into the file the child hears.

Reads: the scene's rendered music (`synth.render_midi`), its narration audio and where it
starts, and its sound effects with their start times and gains — all float arrays at the
same `sample_rate`, shape (samples,) for mono or (samples, 2) for stereo, linear full scale.
Writes: `write_ogg` writes the finished mix as OGG Vorbis with soundfile (no ffmpeg), after
checking that it is neither silent nor clipped.

`mix_scene` does, in order:
1. Places every layer on one timeline; the scene lasts until the last layer ends.
2. Ducks the music under the narration (`mix_duck.py`: 12 dB down while the voice speaks,
   50 ms attack, 300 ms release, back up in the pauses).
3. Adds the narration and the effects (each at its start time, with its gain in dB).
4. Normalizes the loudness to -16 LUFS for stereo, -19 LUFS for mono (`mix_loudness.py`,
   ITU-R BS.1770-4 with gating; the usual targets for speech on phones and podcasts, and
   both sound equally loud because a mono file measures 3 LU lower).
5. Limits the true peak to -1 dBTP (`mix_limiter.py`), so nothing clips, not even after
   Vorbis encoding; if limiting took the loudness more than 0.5 LU under the target, makes
   up the difference once and limits again.
6. Fades in over 10 ms and out over 50 ms so the scene starts and stops without a click.
Stereo comes out when any layer is stereo (mono layers are copied to both sides); otherwise
mono. The result is float32.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import soundfile

from taleweaver.sound.mix_check import AudioCheck, AudioCheckError, check_audio
from taleweaver.sound.mix_duck import DUCK_DEPTH_DB, duck_gain
from taleweaver.sound.mix_limiter import CEILING_DBTP, limit_peaks
from taleweaver.sound.mix_loudness import as_channels, integrated_loudness

__all__ = ["AudioCheck", "AudioCheckError", "SilentMixError", "check_audio", "mix_scene",
           "target_loudness", "write_ogg"]

TARGET_LUFS_STEREO = -16.0
TARGET_LUFS_MONO = -19.0
FADE_IN_S = 0.010
FADE_OUT_S = 0.050
MAKEUP_TOLERANCE_LU = 0.5
MAX_SCENE_S = 600.0
MAX_EFFECT_GAIN_DB = 24.0
# libsndfile's 0 (best quality) .. 1 (smallest). 0.4 gives about 100 kbit/s for 22 kHz stereo,
# clean for voice and music, and encodes a quarter faster than the default.
VORBIS_COMPRESSION = 0.4


class SilentMixError(AudioCheckError):
    """Every layer of the scene is silent, so there is nothing to set a loudness for."""


def target_loudness(channels: int) -> float:
    """The loudness the mixer aims at: -16 LUFS for stereo, -19 LUFS for mono."""
    return TARGET_LUFS_STEREO if channels == 2 else TARGET_LUFS_MONO


def mix_scene(music: np.ndarray | None, narration: np.ndarray | None, narration_start_s: float,
              effects: Sequence[tuple[np.ndarray, float, float]], sample_rate: int, *,
              duck_db: float = DUCK_DEPTH_DB, target_lufs: float | None = None,
              ceiling_dbtp: float = CEILING_DBTP) -> np.ndarray:
    """Mix one scene (see the module notes). `effects` is a list of (audio, start_s, gain_db).

    Returns float32, (samples, 2) when any layer is stereo else (samples,), at `sample_rate`,
    loudness-normalized to `target_lufs` (None: -16 stereo / -19 mono) and true-peak limited
    to `ceiling_dbtp`. Raises SilentMixError when all layers together are silent, ValueError
    for a malformed layer (with what is allowed).
    """
    _check_sample_rate(sample_rate)
    music_layer = None if music is None else _layer(music, "music")
    voice = None if narration is None else _layer(narration, "narration")
    voice_start = _start_sample(narration_start_s, sample_rate, "narration_start_s")
    placed_effects = []
    for number, effect in enumerate(effects):
        if not (isinstance(effect, (tuple, list)) and len(effect) == 3):
            raise ValueError(f"effect {number} must be (audio, start_s, gain_db), got {type(effect).__name__}")
        audio, start_s, gain_db = effect
        if not (isinstance(gain_db, numbers.Real) and -math.inf < gain_db <= MAX_EFFECT_GAIN_DB):
            raise ValueError(f"effect {number} gain_db must be a number up to +{MAX_EFFECT_GAIN_DB:.0f} dB, "
                             f"got {gain_db!r}")
        placed_effects.append((_layer(audio, f"effect {number}"),
                               _start_sample(start_s, sample_rate, f"effect {number} start_s"),
                               10.0 ** (gain_db / 20.0)))

    layers = [(music_layer, 0)] if music_layer is not None else []
    if voice is not None:
        layers.append((voice, voice_start))
    layers += [(audio, start) for audio, start, _ in placed_effects]
    if not layers:
        raise SilentMixError("the scene has no music, no narration and no effects: nothing to mix")
    length = max(start + len(audio) for audio, start in layers)
    if length > MAX_SCENE_S * sample_rate:
        raise ValueError(f"the scene would last {length / sample_rate:.0f} s; a scene is at most {MAX_SCENE_S:.0f} s")
    channels = max(audio.shape[1] for audio, _ in layers)

    mix = np.zeros((length, channels), dtype=np.float64)
    if music_layer is not None:
        gain = duck_gain(voice, voice_start, len(music_layer), sample_rate, duck_db)
        mix[:len(music_layer)] += music_layer * gain[:, np.newaxis]
    if voice is not None:
        mix[voice_start:voice_start + len(voice)] += voice
    for audio, start, gain in placed_effects:
        mix[start:start + len(audio)] += audio * gain

    target = target_loudness(channels) if target_lufs is None else float(target_lufs)
    if not -40.0 <= target <= -6.0:
        raise ValueError(f"target_lufs is -40 to -6 LUFS, got {target}")
    mix = _normalize_and_limit(mix, sample_rate, target, ceiling_dbtp)
    _fade(mix, sample_rate)
    return mix[:, 0].copy() if channels == 1 else mix


def write_ogg(path: str | os.PathLike, audio: np.ndarray, sample_rate: int) -> AudioCheck:
    """Write `audio` as OGG Vorbis at `path` and return the check of the file as decoded.

    Refuses (AudioCheckError, nothing left on disk) audio that is silent or clipped, before
    encoding and again after decoding, since a lossy codec can push peaks up a little."""
    _check_sample_rate(sample_rate)
    before = check_audio(audio, sample_rate)
    if not before.ok:
        raise AudioCheckError(f"refusing to write {path}: {before.problem()}")
    path = Path(path)
    soundfile.write(path, np.asarray(audio, dtype=np.float32), sample_rate, format="OGG", subtype="VORBIS",
                    compression_level=VORBIS_COMPRESSION)
    decoded, decoded_rate = soundfile.read(path, dtype="float32")
    after = check_audio(decoded, decoded_rate)
    if not after.ok:
        path.unlink(missing_ok=True)
        raise AudioCheckError(f"refusing to keep {path}: after Vorbis encoding {after.problem()}")
    return after


def _normalize_and_limit(mix: np.ndarray, sample_rate: int, target: float, ceiling_dbtp: float) -> np.ndarray:
    loudness = integrated_loudness(mix, sample_rate)
    if loudness == -math.inf:
        raise SilentMixError("the scene mix is silent (below the -70 LUFS gate): the music rendered no "
                             "sound, the narration is empty and there are no audible effects")
    mix = limit_peaks(mix * 10.0 ** ((target - loudness) / 20.0), sample_rate, ceiling_dbtp)
    # Limiting a very peaky mix lowers its loudness; make up for it once.
    shortfall = target - integrated_loudness(mix, sample_rate)
    if shortfall > MAKEUP_TOLERANCE_LU:
        mix = limit_peaks(mix * 10.0 ** (shortfall / 20.0), sample_rate, ceiling_dbtp)
    return as_channels(mix).astype(np.float32)


def _fade(mix: np.ndarray, sample_rate: int) -> None:
    """Raised-cosine fade in and out, in place (shortened for clips shorter than both)."""
    for seconds, at_start in ((FADE_IN_S, True), (FADE_OUT_S, False)):
        count = min(len(mix) // 2, round(seconds * sample_rate))
        if count == 0:
            continue
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, count))).astype(mix.dtype)[:, np.newaxis]
        if at_start:
            mix[:count] *= ramp
        else:
            mix[-count:] *= ramp[::-1]


def _layer(audio, name: str) -> np.ndarray:
    """A layer as (samples, channels) float64, or a ValueError saying what is allowed."""
    array = np.asarray(audio)
    if array.dtype.kind in "iu":
        raise ValueError(f"{name} must be float samples in -1..1, got {array.dtype} "
                         "(divide int16 audio by 32768)")
    try:
        samples = as_channels(array)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    if not np.isfinite(samples).all():
        raise ValueError(f"{name} contains NaN or infinite samples")
    return samples


def _start_sample(start_s, sample_rate: int, name: str) -> int:
    if not (isinstance(start_s, numbers.Real) and math.isfinite(start_s) and 0 <= start_s <= MAX_SCENE_S):
        raise ValueError(f"{name} is a time in seconds from 0 to {MAX_SCENE_S:.0f}, got {start_s!r}")
    return round(start_s * sample_rate)


def _check_sample_rate(sample_rate) -> None:
    if not isinstance(sample_rate, (int, np.integer)) or not 8000 <= sample_rate <= 96000:
        raise ValueError(f"sample_rate is a whole number of Hz from 8000 to 96000, got {sample_rate!r}")
