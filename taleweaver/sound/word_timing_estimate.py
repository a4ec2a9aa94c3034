"""Estimated phoneme timings, for voices that cannot report their own alignments.

The joe voice reports how many samples each phoneme got (see `voice_patch.py`), so narration
normally never needs this. A voice whose graph has no duration tensor (or a sentence whose
alignment piper could not pair with its phonemes) falls back to this estimate, and
`evaluate_narration.py` measures how far it is from the engine's own timings.

How: find where speech starts and ends in the sentence's energy envelope; find the silences
inside it long enough to be clause pauses and pin the text's commas (and ; :) to them; then
share the time between those pins among the phonemes by a weight per phoneme kind (a stress
mark takes no time, a length mark half a phoneme, a word gap a little, a clause pause a lot).

Reads: one sentence's phonemes (piper's list) and its audio. Writes: samples per phoneme in the
engine's format, so `word_timing.time_words` treats both alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_CLAUSE_PAUSES = set(",;:")
_STRESS = set("ˈˌ")
_PUNCTUATION = set(".,!?;:—–-…\"'()")
# espeak's English vowel symbols: vowels last longer than most consonants.
_VOWELS = set("aeiouæɐɑɒɔəɚɛɜɝɪʊʌᵻ")


@dataclass(frozen=True)
class EstimateSettings:
    """Tuned on dev-split sentences against the engine's alignments (evaluate_narration.py)."""

    frame: int = 256  # samples per envelope frame (the voice's hop: 11.6 ms at 22.05 kHz)
    silence_db: float = -25.0  # a frame this far below the loudest one is silence
    min_pause_s: float = 0.12  # a silence inside speech this long can be a clause pause
    vowel_weight: float = 1.4  # a vowel, against 1.0 for a consonant
    length_mark_weight: float = 0.5  # ː
    word_gap_weight: float = 0.0  # the space between two words
    pause_weight: float = 2.0  # , ; : when no silence was found for it


DEFAULT_SETTINGS = EstimateSettings()


def _weight(phoneme: str, settings: EstimateSettings) -> float:
    if phoneme in _STRESS:
        return 0.0
    if phoneme == "ː":
        return settings.length_mark_weight
    if phoneme.isspace():
        return settings.word_gap_weight
    if phoneme in _CLAUSE_PAUSES:
        return settings.pause_weight
    if phoneme in _PUNCTUATION:
        return 0.0
    return settings.vowel_weight if phoneme in _VOWELS else 1.0


def _silent_frames(audio: np.ndarray, settings: EstimateSettings) -> np.ndarray:
    frames = len(audio) // settings.frame
    if frames == 0:
        return np.ones(1, dtype=bool)
    blocks = audio[: frames * settings.frame].astype(np.float64).reshape(frames, settings.frame)
    rms = np.sqrt(np.mean(blocks**2, axis=1)) + 1e-9
    return 20 * np.log10(rms / rms.max()) < settings.silence_db


def _silences_inside(silent: np.ndarray, first: int, last: int, min_frames: int) -> list[tuple[int, int]]:
    """[start, end) frame runs of silence between the first and last speech frames."""
    runs, start = [], None
    for f in range(first, last + 1):
        if silent[f] and start is None:
            start = f
        elif not silent[f] and start is not None:
            if f - start >= min_frames:
                runs.append((start, f))
            start = None
    return runs


def _share(weights: list[float], start: int, end: int) -> list[int]:
    """Split the samples [start, end) among phonemes by weight; counts sum exactly."""
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(weights), float(len(weights))
    edges = [start]
    running = 0.0
    for w in weights:
        running += w
        edges.append(start + round((end - start) * running / total))
    return [b - a for a, b in zip(edges, edges[1:])]


def estimate_phoneme_samples(phonemes: list[str], audio: np.ndarray, sample_rate: int,
                             settings: EstimateSettings = DEFAULT_SETTINGS) -> list[int]:
    """Samples per phoneme for one sentence, in the engine's format: [start symbol, each
    phoneme, end symbol], summing to len(audio)."""
    silent = _silent_frames(audio, settings)
    speech = np.flatnonzero(~silent)
    if len(phonemes) == 0 or len(speech) == 0:
        return [0] + [0] * len(phonemes) + [len(audio)]
    first, last = int(speech[0]), int(speech[-1])
    speech_start, speech_end = first * settings.frame, (last + 1) * settings.frame

    # Where the voice would reach each phoneme with no pins: the weights' running share.
    weights = [_weight(p, settings) for p in phonemes]
    running = np.concatenate([[0.0], np.cumsum(weights)]) / max(sum(weights), 1e-9)
    guess_at = speech_start + running * (speech_end - speech_start)

    # Pin each clause pause to the nearest unused silence (in order, so pins never cross).
    min_frames = max(1, round(settings.min_pause_s * sample_rate / settings.frame))
    silences = _silences_inside(silent, first, last, min_frames)
    pins: list[tuple[int, int, int]] = []  # (pause phoneme, silence start sample, end sample)
    next_silence = 0
    for p, phoneme in enumerate(phonemes):
        if phoneme not in _CLAUSE_PAUSES or next_silence >= len(silences):
            continue
        middle = (guess_at[p] + guess_at[p + 1]) / 2
        best = min(range(next_silence, len(silences)),
                   key=lambda s: abs((silences[s][0] + silences[s][1]) * settings.frame / 2 - middle))
        pins.append((p, silences[best][0] * settings.frame, silences[best][1] * settings.frame))
        next_silence = best + 1

    counts = [0] * len(phonemes)
    segment_start_phoneme, segment_start_sample = 0, speech_start
    for p, silence_start, silence_end in pins:
        counts[segment_start_phoneme:p] = _share(weights[segment_start_phoneme:p], segment_start_sample, silence_start)
        counts[p] = silence_end - silence_start
        segment_start_phoneme, segment_start_sample = p + 1, silence_end
    counts[segment_start_phoneme:] = _share(weights[segment_start_phoneme:], segment_start_sample, speech_end)
    return [speech_start, *counts, len(audio) - speech_end]
