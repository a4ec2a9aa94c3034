"""Rendering: an effect id to its samples.

Reads: the effect's recipe, parameters, duration and loudness class from the library.
Writes: float32 mono samples in [-1, 1], exactly round(duration_s * sample_rate) long, sounding
at the loudness class's level (measured while the sound is sounding, see `active_level`)
and never above PEAK_CEILING, with soft edges (no click at either end). The same effect id,
sample rate and seed always give the same samples; each is synthesized once per process.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

from taleweaver.sound.effects.library import load_library
from taleweaver.sound.effects.recipes import RECIPES
from taleweaver.sound.effects.synth import envelope, highpass

MIN_SAMPLE_RATE, MAX_SAMPLE_RATE = 8000, 96000
FADE_IN_S, FADE_OUT_S = 0.004, 0.03
# Headroom: no effect peaks above -1 dBFS, so it can never clip on its own.
PEAK_CEILING = 0.89
FRAME_S = 0.05


def active_level(samples: np.ndarray, sample_rate: int) -> float:
    """How loud a sound is while it sounds: the RMS over its 50 ms frames that are within
    20 dB of its loudest frame. Pauses between knocks or hoots do not make it count as
    quieter, so a soft knock and a soft hoot come out equally soft."""
    frame = max(1, int(FRAME_S * sample_rate))
    usable = len(samples) // frame * frame
    if usable == 0:
        return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    power = np.mean(np.square(samples[:usable].reshape(-1, frame), dtype=np.float64), axis=1)
    sounding = power[power >= power.max() * 0.01]
    return float(np.sqrt(np.mean(sounding)))


def render_effect(effect_id: str, sample_rate: int = 22050, seed: int = 0) -> np.ndarray:
    """The samples of one effect (a fresh copy: the caller may change it freely)."""
    if not isinstance(sample_rate, int) or not MIN_SAMPLE_RATE <= sample_rate <= MAX_SAMPLE_RATE:
        raise ValueError(f"sample_rate must be a whole number of Hz from {MIN_SAMPLE_RATE} to {MAX_SAMPLE_RATE}, got {sample_rate!r}")
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a whole number 0 or above, got {seed!r}")
    return _render(effect_id, sample_rate, seed).copy()


@lru_cache(maxsize=512)
def _render(effect_id: str, sample_rate: int, seed: int) -> np.ndarray:
    effect = load_library()[effect_id]
    # Each effect gets its own random stream, so adding an effect never changes another's sound.
    rng = np.random.default_rng([seed, zlib.crc32(effect_id.encode())])
    n = int(round(effect.duration_s * sample_rate))
    raw = np.asarray(RECIPES[effect.recipe](sample_rate, rng, effect.duration_s, **effect.params), dtype=np.float64)
    raw = np.pad(raw[:n], (0, max(0, n - len(raw))))
    # Take out any offset (DC) or rumble below hearing, which would waste headroom in the mix.
    raw = highpass(raw, 25, sample_rate, order=2)
    raw *= envelope(n, sample_rate, FADE_IN_S, FADE_OUT_S)
    peak, level = np.max(np.abs(raw)), active_level(raw, sample_rate)
    if not np.isfinite(peak) or peak < 1e-6:
        raise RuntimeError(f"effect {effect_id!r} rendered silent or broken (recipe {effect.recipe!r}); check its params")
    gain = min(effect.level / level, PEAK_CEILING / peak)
    out = (raw * gain).astype(np.float32)
    out.flags.writeable = False
    return out
