"""Limiter: bring every peak of the mix under the ceiling without clipping a single sample.

Reads: the mix, float, (samples,) or (samples, channels). Writes nothing; returns the
limited audio (same shape, float32) whose true peak is at most `ceiling_dbtp`
(-1 dBTP by default: the headroom a Vorbis encoder needs so the decoded file never clips).

A mix that is too loud is turned down smoothly, never clipped (clipping squares off the
waveform and sounds like distortion). How:
1. The peak each sample reaches, measured 4× oversampled so peaks between samples count
   (true peak), taken over both channels so the stereo image does not shift.
2. The gain each sample needs to stay under the ceiling (0 dB where it already does).
3. Hold that gain for `HOLD_S`, then let it come back up at `RELEASE_DB_PER_S`.
4. Look ahead: since the whole mix is known, the gain starts falling before each peak at
   `ATTACK_DB_PER_MS`, so it has arrived when the peak does (a limiter that only reacts
   would let the first few samples of each peak through).
Steps 3 and 4 are slopes in decibels, which reduce to running minimums (numpy's
`minimum.accumulate`), so the whole curve is computed without a Python loop over samples.
The result is checked; the rare overshoot from the gain moving under a peak is removed by
running the limiter again with a slightly lower ceiling.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from taleweaver.sound.mix_loudness import as_channels, sample_true_peaks

__all__ = ["CEILING_DBTP", "limit_peaks"]

CEILING_DBTP = -1.0
HOLD_S = 0.010
RELEASE_DB_PER_S = 30.0  # a 3 dB reduction recovers in 0.1 s
ATTACK_DB_PER_MS = 2.0  # a 6 dB reduction starts 3 ms before its peak
_MAX_PASSES = 4
_PASS_MARGIN_DB = 0.05


def limit_peaks(audio: np.ndarray, sample_rate: int, ceiling_dbtp: float = CEILING_DBTP) -> np.ndarray:
    """`audio` with its true peak brought to at most `ceiling_dbtp` (see the module notes)."""
    if not -20.0 <= ceiling_dbtp <= 0.0:
        raise ValueError(f"ceiling_dbtp is -20 to 0 dBTP, got {ceiling_dbtp}")
    samples = as_channels(audio)
    ceiling = 10.0 ** (ceiling_dbtp / 20.0)
    limited, target_db = samples, ceiling_dbtp
    for _ in range(_MAX_PASSES):
        peaks = sample_true_peaks(limited, above=10.0 ** (target_db / 20.0))
        if len(peaks) == 0 or peaks.max() <= ceiling:
            break
        limited = limited * _gain_curve(peaks, sample_rate, target_db)[:, np.newaxis]
        target_db -= _PASS_MARGIN_DB
    else:
        # Not reached in practice; if it ever is, a plain gain change still never clips.
        peak = sample_true_peaks(limited, above=ceiling).max()
        if peak > ceiling:
            limited = limited * (ceiling / peak)
    return limited.astype(np.float32).reshape(np.shape(audio))


def _gain_curve(peaks: np.ndarray, sample_rate: int, ceiling_dbtp: float) -> np.ndarray:
    """The gain per sample (linear) that keeps each sample's true peak under the ceiling."""
    with np.errstate(divide="ignore"):
        peak_db = 20.0 * np.log10(peaks)
    needed_db = np.minimum(0.0, ceiling_dbtp - peak_db)
    position = np.arange(len(needed_db), dtype=np.float64)

    hold = max(1, round(HOLD_S * sample_rate))
    # minimum_filter1d with this origin looks back over the last `hold` samples.
    held_db = ndimage.minimum_filter1d(needed_db, size=hold, origin=(hold - 1) // 2, mode="nearest")
    # Release: gain[n] = min over k <= n of held[k] + rate·(n - k).
    release = RELEASE_DB_PER_S / sample_rate
    released_db = np.minimum.accumulate(held_db - release * position) + release * position
    # Attack: gain[n] = min over k >= n of released[k] + rate·(k - n), a running minimum backwards.
    attack = ATTACK_DB_PER_MS * 1000.0 / sample_rate
    backwards = (released_db + attack * position)[::-1]
    attacked_db = np.minimum.accumulate(backwards)[::-1] - attack * position
    return 10.0 ** (np.minimum(attacked_db, 0.0) / 20.0)
