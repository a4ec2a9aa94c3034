"""Ducking: turn the music down while the narrator speaks, and back up in the pauses.

Reads: the narration (mono or stereo float audio) placed at `start` samples into a scene
of `length` samples. Writes nothing; returns the music's gain per sample (linear, 1.0 =
untouched), which the mixer multiplies into the music.

How (a sidechain ducker, computed offline):
1. The narration's level every 10 ms (RMS of each 10 ms frame, in dBFS).
2. A frame is speech when it is within `SPEECH_RANGE_DB` of the narration's loudest
   frames; quieter frames are breaths, room noise or silence.
3. Speech frames want the music `depth_db` down; other frames want it at 0 dB.
   A short hold bridges the gaps between words, so the music does not pump up and down
   inside a sentence; it only comes back in real pauses (between sentences, the lead-in,
   the tail).
4. The wanted gain is smoothed like an analogue compressor's envelope follower: falling
   with a 50 ms attack time constant, rising with a 300 ms release. Because the mix is
   computed offline we can look ahead: the duck starts two attack times (100 ms) before
   the voice, so it is most of the way down by the first syllable.
5. The 10 ms gain curve is interpolated to every sample (no steps, so no zipper noise).
"""

from __future__ import annotations

import math

import numpy as np

from taleweaver.sound.mix_loudness import as_channels

__all__ = ["DUCK_DEPTH_DB", "duck_gain", "speech_frames"]

FRAME_S = 0.010
DUCK_DEPTH_DB = -12.0  # music under the voice: 12 dB down, clearly behind it but still there
ATTACK_S = 0.050
RELEASE_S = 0.300
LOOK_AHEAD_S = 2 * ATTACK_S
HOLD_S = 0.150  # bridges the gap between two words; a sentence pause (0.4 s) still lets the music swell
SPEECH_RANGE_DB = 30.0  # frames this far below the loudest narration frames are not speech
SILENCE_DBFS = -60.0  # a frame below this is never speech, however quiet the narration


def speech_frames(narration: np.ndarray, sample_rate: int) -> np.ndarray:
    """True for each 10 ms frame of `narration` in which the voice is speaking."""
    voice = as_channels(narration).mean(axis=1)
    frame = max(1, round(FRAME_S * sample_rate))
    count = math.ceil(len(voice) / frame)
    padded = np.zeros(count * frame)
    padded[:len(voice)] = voice
    with np.errstate(divide="ignore"):
        level_db = 10.0 * np.log10((padded.reshape(count, frame) ** 2).mean(axis=1))
    if count == 0 or not np.isfinite(level_db).any():
        return np.zeros(count, dtype=bool)
    # "Loudest" is the 95th percentile, so one click cannot set the reference.
    reference_db = np.percentile(level_db[np.isfinite(level_db)], 95)
    return (level_db > reference_db - SPEECH_RANGE_DB) & (level_db > SILENCE_DBFS)


def duck_gain(narration: np.ndarray | None, start: int, length: int, sample_rate: int,
              depth_db: float = DUCK_DEPTH_DB) -> np.ndarray:
    """The music's gain (linear, float32, `length` samples) with the narration starting at
    sample `start`. No narration gives all ones."""
    if not -40.0 <= depth_db <= 0.0:
        raise ValueError(f"depth_db is how far the music goes down under the voice, -40 to 0 dB, got {depth_db}")
    gain = np.ones(length, dtype=np.float32)
    if narration is None or length == 0:
        return gain
    frame = max(1, round(FRAME_S * sample_rate))
    frames_in_scene = math.ceil(length / frame) + 1
    speaking = np.zeros(frames_in_scene, dtype=bool)
    voice = speech_frames(narration, sample_rate)
    first = start // frame
    end = min(frames_in_scene, first + len(voice))
    if end > first:
        speaking[first:end] = voice[:end - first]

    # Hold: a frame counts as speech if the voice spoke within the last HOLD_S.
    hold = round(HOLD_S / FRAME_S)
    held = speaking.copy()
    for lag in range(1, hold + 1):
        held[lag:] |= speaking[:-lag]
    # Look-ahead: start ducking before the voice.
    lead = round(LOOK_AHEAD_S / FRAME_S)
    ahead = held.copy()
    for lag in range(1, lead + 1):
        ahead[:-lag] |= held[lag:]

    wanted_db = np.where(ahead, depth_db, 0.0)
    smoothed_db = _follow(wanted_db)
    frame_times = np.arange(frames_in_scene) * frame
    return np.interp(np.arange(length), frame_times, 10.0 ** (smoothed_db / 20.0)).astype(np.float32)


def _follow(wanted_db: np.ndarray) -> np.ndarray:
    """One-pole smoothing with separate attack (going down) and release (coming back up)
    time constants. A loop over 10 ms frames: a minute of audio is only 6,000 steps."""
    attack = 1.0 - math.exp(-FRAME_S / ATTACK_S)
    release = 1.0 - math.exp(-FRAME_S / RELEASE_S)
    smoothed = np.empty_like(wanted_db)
    level = 0.0
    for index, target in enumerate(wanted_db):
        level += (target - level) * (attack if target < level else release)
        smoothed[index] = level
    return smoothed
