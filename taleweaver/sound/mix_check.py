"""Audio check: is a finished file audible, and is it free of clipping?

Reads: audio, float, (samples,) or (samples, channels), linear full scale. Writes nothing;
returns an AudioCheck. The mixer runs it before writing a scene and again on the decoded
file, and refuses (AudioCheckError) a file that is silent or clipped.

Silent: nothing reaches the -70 LUFS loudness gate, or the RMS is below -60 dBFS.
Clipped: a sample at or beyond full scale (|x| >= 1.0), or a "flat top": three or more
samples in a row stuck at the file's peak while that peak is within 1 dB of full scale,
the trace a waveform keeps when it was clipped earlier and scaled down afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from taleweaver.sound.mix_loudness import as_channels, integrated_loudness, to_db, true_peak

__all__ = ["AudioCheck", "AudioCheckError", "check_audio"]

SILENT_RMS_DBFS = -60.0
FULL_SCALE = 1.0
FLAT_TOP_RUN = 3
FLAT_TOP_NEAR_FULL_SCALE_DB = -1.0


class AudioCheckError(ValueError):
    """The audio is silent or clipped and must not be written."""


@dataclass(frozen=True)
class AudioCheck:
    peak_dbfs: float  # highest sample, dBFS (-inf for digital silence)
    rms_dbfs: float  # over the whole file and all channels
    lufs: float  # integrated loudness, BS.1770-4 (-inf when nothing passes the gate)
    silent: bool
    clipped: bool
    true_peak_dbtp: float = -math.inf  # highest value between samples too (4× oversampled)

    @property
    def ok(self) -> bool:
        return not (self.silent or self.clipped)

    def problem(self) -> str | None:
        """A sentence saying what is wrong, or None when the audio is fine."""
        if self.silent:
            return (f"the audio is silent (loudness {self.lufs:.1f} LUFS, RMS {self.rms_dbfs:.1f} dBFS; "
                    f"audible means above -70 LUFS and {SILENT_RMS_DBFS:.0f} dBFS RMS)")
        if self.clipped:
            return (f"the audio is clipped (peak {self.peak_dbfs:.2f} dBFS; samples must stay below "
                    f"0 dBFS and show no flat tops)")
        return None


def check_audio(audio: np.ndarray, sample_rate: int) -> AudioCheck:
    """Measure `audio` and say whether it is silent or clipped."""
    samples = as_channels(audio)
    if not np.isfinite(samples).all():
        raise AudioCheckError("the audio contains NaN or infinite samples")
    magnitude = np.abs(samples)
    peak = float(magnitude.max()) if samples.size else 0.0
    rms = float(np.sqrt(np.mean(samples ** 2))) if samples.size else 0.0
    lufs = integrated_loudness(samples, sample_rate) if samples.size else -math.inf
    silent = lufs == -math.inf or to_db(rms) < SILENT_RMS_DBFS
    clipped = peak >= FULL_SCALE or (to_db(peak) >= FLAT_TOP_NEAR_FULL_SCALE_DB and _has_flat_top(magnitude, peak))
    return AudioCheck(peak_dbfs=to_db(peak), rms_dbfs=to_db(rms), lufs=lufs, silent=bool(silent),
                      clipped=bool(clipped), true_peak_dbtp=to_db(true_peak(samples)))


def _has_flat_top(magnitude: np.ndarray, peak: float) -> bool:
    """Three or more consecutive samples of one channel within a hair of the peak."""
    at_peak = magnitude >= peak * (1.0 - 1e-6)
    for channel in at_peak.T:
        run = channel[:-2] & channel[1:-1] & channel[2:] if len(channel) >= FLAT_TOP_RUN else np.zeros(0, bool)
        if run.any():
            return True
    return False
