"""Loudness and true peak, measured the way broadcasters do (ITU-R BS.1770-4).

Reads: audio as float32/float64, shape (samples,) for mono or (samples, channels) for
stereo, linear full scale (1.0 = 0 dBFS). Writes nothing; returns numbers.

Integrated loudness (LUFS):
1. K-weighting: a high shelf (+4 dB above about 1.7 kHz, the head's effect) followed by a
   high-pass at about 38 Hz (the "RLB" curve). BS.1770 gives the coefficients for 48 kHz
   only; we design the same two filters for any sample rate from their analogue
   parameters (the derivation pyloudnorm and libebur128 use), which reproduces the
   standard's 48 kHz coefficients (a test checks this).
2. Mean square per channel over 400 ms blocks overlapping by 75 %; a block's loudness is
   -0.691 + 10·log10(Σ channels' mean squares) (left and right weigh 1).
3. Gating: drop blocks below -70 LUFS (absolute gate), then blocks more than 10 LU below
   the loudness of the blocks left (relative gate); average the rest's power.
A mono file is one channel, so it measures about 3 LU below the same sound on two
channels: that is why the mixer aims at -16 LUFS for stereo and -19 LUFS for mono
(the same perceived level on a phone's two speakers).

True peak (dBTP): the highest absolute sample after 4× oversampling (BS.1770 annex 2),
which catches the peaks that fall between samples and would clip after a lossy codec
or a digital-to-analogue converter.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import ndimage, signal

__all__ = ["ABSOLUTE_GATE_LUFS", "as_channels", "block_powers", "integrated_loudness", "k_weighting",
           "k_weighting_stages", "sample_true_peaks", "to_db", "true_peak"]

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
BLOCK_S = 0.400
BLOCK_STEP_S = 0.100  # 75 % overlap
TRUE_PEAK_OVERSAMPLING = 4
_PHASE_DELAY = 6  # samples: half of each 12-tap phase

# The analogue parameters behind BS.1770's two K-weighting stages.
_SHELF_HZ, _SHELF_GAIN_DB, _SHELF_Q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
_HIGHPASS_HZ, _HIGHPASS_Q = 38.13547087602444, 0.5003270373238773


def to_db(value: float) -> float:
    """20·log10 of an amplitude, -inf for zero."""
    return 20.0 * math.log10(value) if value > 0 else -math.inf


def as_channels(audio: np.ndarray) -> np.ndarray:
    """The same audio as a 2-D (samples, channels) float64 array (a view when possible)."""
    audio = np.asarray(audio)
    if audio.ndim == 1:
        audio = audio[:, np.newaxis]
    if audio.ndim != 2 or audio.shape[1] not in (1, 2):
        raise ValueError(f"audio is (samples,) mono or (samples, 2) stereo, got shape {audio.shape}")
    if not np.issubdtype(audio.dtype, np.floating):
        raise ValueError(f"audio is float samples in -1..1, got dtype {audio.dtype}")
    return audio.astype(np.float64, copy=False)


def k_weighting_stages(sample_rate: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The two K-weighting stages at `sample_rate`, [(shelf_b, shelf_a), (highpass_b, highpass_a)],
    in the form BS.1770 prints them (so they can be checked against its 48 kHz table)."""
    # Stage 1: high shelf.
    k = math.tan(math.pi * _SHELF_HZ / sample_rate)
    vh = 10.0 ** (_SHELF_GAIN_DB / 20.0)
    vb = vh ** 0.4996667741545416  # the shelf's mid-band gain, fitted to the standard's table
    a0 = 1.0 + k / _SHELF_Q + k * k
    shelf = (np.array([(vh + vb * k / _SHELF_Q + k * k) / a0, 2.0 * (k * k - vh) / a0,
                       (vh - vb * k / _SHELF_Q + k * k) / a0]),
             np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / _SHELF_Q + k * k) / a0]))
    # Stage 2: high-pass (numerator left unnormalized, as in the standard's table).
    k = math.tan(math.pi * _HIGHPASS_HZ / sample_rate)
    a0 = 1.0 + k / _HIGHPASS_Q + k * k
    highpass = (np.array([1.0, -2.0, 1.0]),
                np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / _HIGHPASS_Q + k * k) / a0]))
    return [shelf, highpass]


@functools.lru_cache(maxsize=8)
def k_weighting(sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """The K-weighting filter at `sample_rate` as one 4th-order filter (b, a)."""
    (shelf_b, shelf_a), (highpass_b, highpass_a) = k_weighting_stages(sample_rate)
    return np.convolve(shelf_b, highpass_b), np.convolve(shelf_a, highpass_a)


def block_powers(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """Σ over channels of the K-weighted mean square of each 400 ms block (75 % overlap).
    A clip shorter than one block is measured as one block of its own length."""
    samples = as_channels(audio)
    b, a = k_weighting(int(sample_rate))
    weighted_square = signal.lfilter(b, a, samples, axis=0) ** 2
    block = round(BLOCK_S * sample_rate)
    step = round(BLOCK_STEP_S * sample_rate)
    if len(samples) < block:
        return weighted_square.mean(axis=0).sum(keepdims=True) if len(samples) else np.zeros(0)
    # Running sums make every block's mean one subtraction.
    cumulative = np.concatenate([np.zeros((1, samples.shape[1])), np.cumsum(weighted_square, axis=0)])
    starts = np.arange(0, len(samples) - block + 1, step)
    return ((cumulative[starts + block] - cumulative[starts]) / block).sum(axis=1)


def _loudness_of_power(power: np.ndarray | float) -> np.ndarray | float:
    with np.errstate(divide="ignore"):
        return -0.691 + 10.0 * np.log10(power)


def integrated_loudness(audio: np.ndarray, sample_rate: int) -> float:
    """Gated integrated loudness in LUFS (BS.1770-4); -inf when nothing passes the -70 LUFS gate."""
    powers = block_powers(audio, sample_rate)
    loud_enough = powers[_loudness_of_power(powers) > ABSOLUTE_GATE_LUFS]
    if len(loud_enough) == 0:
        return -math.inf
    relative_gate = _loudness_of_power(loud_enough.mean()) + RELATIVE_GATE_LU
    kept = loud_enough[_loudness_of_power(loud_enough) > relative_gate]
    return float(_loudness_of_power(kept.mean()))


@functools.lru_cache(maxsize=1)
def _interpolation_phases() -> np.ndarray:
    """The 4× interpolation filter of BS.1770 annex 2 (48 taps, 12 per phase), designed as a
    windowed-sinc low-pass at the original Nyquist frequency; row k makes the k-th of the
    four values between two samples."""
    taps = signal.firwin(12 * TRUE_PEAK_OVERSAMPLING, 1.0 / TRUE_PEAK_OVERSAMPLING) * TRUE_PEAK_OVERSAMPLING
    return taps.reshape(-1, TRUE_PEAK_OVERSAMPLING).T


def sample_true_peaks(audio: np.ndarray, above: float | None = None) -> np.ndarray:
    """For each sample, the highest absolute value among it and its four oversampled values,
    across channels: a (samples,) array, linear.

    Exact wherever the true peak could exceed `above` (None: the highest sample, which is
    all that finding the overall true peak needs); elsewhere the sample's own magnitude
    (which is then at most `above` too). Only the samples near loud peaks are interpolated:
    an in-between value cannot exceed the loudest of its 12 neighbours times the phase's
    sum of |taps|, so quieter neighbourhoods are skipped. That makes the limiter's and the
    check's peak search several times faster than oversampling everything."""
    samples = as_channels(audio)
    peaks = np.abs(samples).max(axis=1)
    if len(peaks) == 0:
        return peaks
    if above is None:
        above = float(peaks.max())
    phases = _interpolation_phases()
    taps = phases.shape[1]
    bound = np.abs(phases).sum(axis=1).max()
    neighbourhood = ndimage.maximum_filter1d(peaks, size=taps + 1, mode="constant")
    candidates = np.flatnonzero(neighbourhood * bound > above)
    # padded[n + 12 - j] is samples[n + 6 - j]: the 12 samples the phase filters weigh for n.
    padded = np.pad(samples, ((_PHASE_DELAY, taps - _PHASE_DELAY), (0, 0)))
    offsets = taps - np.arange(taps)
    for chunk in np.array_split(candidates, max(1, len(candidates) // 65536)):
        windows = padded[chunk[:, np.newaxis] + offsets].transpose(0, 2, 1)  # (chunk, channels, taps)
        interpolated = windows @ phases.T  # (chunk, channels, 4 in-between values)
        peaks[chunk] = np.maximum(peaks[chunk], np.abs(interpolated).max(axis=(1, 2)))
    return peaks


def true_peak(audio: np.ndarray) -> float:
    """The highest absolute value after 4× oversampling (linear; 1.0 = 0 dBTP)."""
    peaks = sample_true_peaks(audio)
    return float(peaks.max()) if len(peaks) else 0.0
