"""Building blocks for synthesizing sound effects with numpy and scipy: oscillators that
follow a pitch curve, noise, envelopes, filters and a way to place short events in time.

Every function takes and returns float64 numpy arrays of samples at `sr` samples per second;
`recipes.py` combines them into whole effects. Nothing here is random unless it is handed a
`numpy.random.Generator`, so a recipe with a seeded generator always gives the same samples.
"""

from __future__ import annotations

import numpy as np
from scipy import signal


def samples(duration_s: float, sr: int) -> int:
    return max(1, int(round(duration_s * sr)))


def curve(points: list[tuple[float, float]] | list[list[float]], n: int, sr: int, log: bool = False) -> np.ndarray:
    """A value per sample from breakpoints [(time_s, value), ...], straight lines between them
    (or straight lines in the logarithm, for pitches, so a glide sounds even to the ear)."""
    times = np.array([p[0] for p in points], dtype=float)
    values = np.array([p[1] for p in points], dtype=float)
    t = np.arange(n) / sr
    if log:
        return np.exp(np.interp(t, times, np.log(values)))
    return np.interp(t, times, values)


def phase_of(freq: np.ndarray, sr: int) -> np.ndarray:
    """Running phase (radians) of an oscillator whose frequency changes every sample."""
    return 2 * np.pi * np.cumsum(freq) / sr


def tone(freq: np.ndarray, sr: int, partials: list[float] | None = None, phase0: float = 0.0) -> np.ndarray:
    """Additive tone that follows a pitch curve. `partials` are the amplitudes of harmonics
    1, 2, 3...; harmonics above 0.45 * sr are left out so nothing folds back (aliases)."""
    partials = partials or [1.0]
    phase = phase_of(freq, sr) + phase0
    out = np.zeros_like(freq)
    for k, amp in enumerate(partials, start=1):
        if amp == 0:
            continue
        audible = (k * freq) < 0.45 * sr
        out += amp * np.sin(k * phase) * audible
    return out


def fm(carrier: np.ndarray, ratio: float, index: np.ndarray | float, sr: int) -> np.ndarray:
    """Two-operator FM: a sine at `carrier` Hz whose phase is pushed by a modulator at
    ratio * carrier; `index` (how far it is pushed) may change over time, which is what makes
    bells and springs brighten and then mellow."""
    mod = np.sin(phase_of(carrier * ratio, sr))
    return np.sin(phase_of(carrier, sr) + index * mod)


def bell_partials(freq: float, n: int, sr: int, ratios: list[float], decays_s: list[float],
                  amps: list[float]) -> np.ndarray:
    """A struck bell or chime: inharmonic sine partials, each dying away at its own rate."""
    t = np.arange(n) / sr
    out = np.zeros(n)
    for ratio, decay, amp in zip(ratios, decays_s, amps):
        f = freq * ratio
        if f < 0.45 * sr:
            out += amp * np.sin(2 * np.pi * f * t) * np.exp(-t / decay)
    return out


def white_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.standard_normal(n)


def brown_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """Deep rumbling noise (each sample a small random step from the last), kept centred."""
    x = np.cumsum(rng.standard_normal(n))
    x = signal.sosfilt(signal.butter(1, 0.0005, "highpass", output="sos"), x)
    return x / (np.max(np.abs(x)) + 1e-12)


def bandpass(x: np.ndarray, low_hz: float, high_hz: float, sr: int, order: int = 2) -> np.ndarray:
    nyquist = sr / 2
    low, high = max(low_hz, 5.0) / nyquist, min(high_hz, 0.95 * nyquist) / nyquist
    if low >= high:
        raise ValueError(f"band {low_hz}-{high_hz} Hz does not fit under {nyquist:.0f} Hz")
    return signal.sosfilt(signal.butter(order, [low, high], "bandpass", output="sos"), x)


def lowpass(x: np.ndarray, cutoff_hz: float, sr: int, order: int = 2) -> np.ndarray:
    cutoff = min(cutoff_hz, 0.95 * sr / 2) / (sr / 2)
    return signal.sosfilt(signal.butter(order, cutoff, "lowpass", output="sos"), x)


def highpass(x: np.ndarray, cutoff_hz: float, sr: int, order: int = 2) -> np.ndarray:
    cutoff = min(cutoff_hz, 0.9 * sr / 2) / (sr / 2)
    return signal.sosfilt(signal.butter(order, cutoff, "highpass", output="sos"), x)


def resonator(x: np.ndarray, freq_hz: float, q: float, sr: int) -> np.ndarray:
    """A single ringing resonance (a wooden body, a hollow shell) excited by `x`."""
    freq_hz = min(freq_hz, 0.45 * sr)
    b, a = signal.iirpeak(freq_hz, q, fs=sr)
    return signal.lfilter(b, a, x)


def moving_band(x: np.ndarray, centers_hz: np.ndarray, width_octaves: float, sr: int) -> np.ndarray:
    """Filter `x` through a band whose centre moves over time (a whoosh that rises, wind that
    swells). Done frame by frame in the short-time Fourier domain: each frame keeps a bell
    shaped band around the centre frequency at that moment. `centers_hz` has one value per
    sample of `x`."""
    nperseg = 512
    freqs, times, spec = signal.stft(x, fs=sr, nperseg=nperseg)
    frame_centers = np.interp(times * sr, np.arange(len(x)), centers_hz)
    log_f = np.log2(np.maximum(freqs, 1.0))[:, None]
    log_c = np.log2(np.maximum(frame_centers, 1.0))[None, :]
    gain = np.exp(-0.5 * ((log_f - log_c) / (width_octaves / 2)) ** 2)
    _, y = signal.istft(spec * gain, fs=sr, nperseg=nperseg)
    return y[: len(x)] if len(y) >= len(x) else np.pad(y, (0, len(x) - len(y)))


def envelope(n: int, sr: int, attack_s: float, release_s: float, hold_level: float = 1.0) -> np.ndarray:
    """Rise over attack_s, hold, fall over release_s (both ramps shaped like a half cosine,
    which sounds softer than a straight line)."""
    env = np.full(n, hold_level)
    a, r = min(samples(attack_s, sr), n), min(samples(release_s, sr), n)
    env[:a] *= 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, a))
    env[n - r:] *= 0.5 + 0.5 * np.cos(np.linspace(0, np.pi, r))
    return env


def decay(n: int, sr: int, time_s: float, attack_s: float = 0.002) -> np.ndarray:
    """A quick rise then an exponential fall: the shape of anything struck or plucked."""
    t = np.arange(n) / sr
    env = np.exp(-t / max(time_s, 1e-4))
    a = min(samples(attack_s, sr), n)
    env[:a] *= np.linspace(0, 1, a)
    return env


def place(out: np.ndarray, event: np.ndarray, start_s: float, sr: int, gain: float = 1.0) -> None:
    """Add `event` into `out` starting at start_s; whatever runs past the end is cut off."""
    start = int(round(start_s * sr))
    if start >= len(out) or start + len(event) <= 0:
        return
    end = min(len(out), start + len(event))
    out[max(start, 0):end] += gain * event[max(0, -start): end - start]
