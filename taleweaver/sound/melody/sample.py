"""Sampling melodies from the trained model, free or fitted to a progression.

``sample_free``   lets the model write whatever it likes after ``<s> M:.. K:..`` (used to measure
                  the model itself: nothing stops it writing a wrong note or a broken bar).
``sample_fitted`` writes exactly N complete bars over a progression's chords, one token at a
                  time, masking what the library cannot use:
                    - pitches outside the mode's scale or the register's window;
                    - on a strong beat (the downbeat, and the middle of a 4/4 or 6/8 bar), pitches
                      that are not tones of that bar's chord;
                    - in a bar whose chord borrows a note from outside the mode (bVII, iv in
                      major, II7 ...), the scale notes a semitone from that borrowed note;
                    - durations off the sixteenth-note grid or that would overrun the bar;
                    - a rest on a downbeat, and any bar line before the bar is full.
                  Within what is allowed the model's own probabilities decide.

Both return, per melody, the bars of (pitch, ticks) and the mean log-probability the unmasked
model gave to the tokens it chose (how natural the melody is to the model).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from taleweaver.sound.melody.harmony import MODE_SCALES, MODEL_MODE, Chord, beat_ticks, bar_length
from taleweaver.sound.melody.model import MelodyLSTM, collate, tune_features
from taleweaver.sound.melody.tokens import (
    BAR, BOS, EOS, HIGHEST_PITCH, LOWEST_PITCH, REST, TOKEN_ID, VOCAB, Bar, decode, is_duration, ticks_of,
)

GRID = 3  # ticks: a sixteenth note


@dataclass
class Sampled:
    bars: list[Bar]
    mean_logprob: float
    tokens: list[str]


def strong_beats(meter: str) -> set[int]:
    """Onsets (ticks into the bar) where a fitted melody must sound a chord tone."""
    length, beat = bar_length(meter), beat_ticks(meter)
    middle = {length // 2} if length // beat in (2, 4) else set()
    return {0} | middle


def allowed_pitch_classes(mode: str, chord: Chord | None) -> frozenset[int]:
    """The mode's scale, minus the scale notes a semitone from a note the chord borrows."""
    scale = MODE_SCALES[mode]
    if chord is None:
        return scale
    borrowed = chord.tones - scale
    clashing = {(t + d) % 12 for t in borrowed for d in (-1, 1)}
    return scale - clashing


def _step(model: MelodyLSTM, tokens_batch: list[list[str]], chords_batch, state):
    """Feed each sequence's last token; return log-probabilities of the next token [B, V]."""
    features = [tune_features(tokens, chords) for tokens, chords in zip(tokens_batch, chords_batch)]
    # tune_features computes position / chord over the whole prefix; only the last step is fed.
    batch = collate([{name: values[-1:] for name, values in f.items()} for f in features])
    logits, state = model(batch, state)
    return torch.log_softmax(logits[:, -1], dim=-1), state


def _prime(model, prefixes, chords_batch):
    """Run the model over each prefix but its last token (which _step feeds next)."""
    features = [tune_features(tokens, chords) for tokens, chords in zip(prefixes, chords_batch)]
    _, state = model(collate([{name: values[:-1] for name, values in f.items()} for f in features]))
    return state


@torch.no_grad()
def sample_free(model: MelodyLSTM, meter: str, mode: str, count: int, max_bars: int = 16,
                max_tokens: int = 400, temperature: float = 1.0, generator: torch.Generator | None = None) -> list[Sampled]:
    """Unconstrained samples with no chords given; stops at </s> or after max_bars bar lines."""
    prefixes = [[BOS, f"M:{meter}", f"K:{mode}"] for _ in range(count)]
    chords = [None] * count
    state = _prime(model, prefixes, chords)
    sequences, logprobs, done = prefixes, [[] for _ in range(count)], [False] * count
    for _ in range(max_tokens):
        logp, state = _step(model, sequences, chords, state)
        choice = torch.multinomial(torch.softmax(logp / temperature, dim=-1), 1, generator=generator)[:, 0]
        for i, token_id in enumerate(choice.tolist()):
            if done[i]:
                continue
            sequences[i].append(VOCAB[token_id])
            logprobs[i].append(float(logp[i, token_id]))
            done[i] = VOCAB[token_id] == EOS or sequences[i].count(BAR) >= max_bars
        if all(done):
            break
    results = []
    for tokens, lp in zip(sequences, logprobs):
        try:
            bars = decode(tokens)[2]
        except ValueError:
            bars = []  # the model broke the grammar: counted as a failure by the caller
        results.append(Sampled(bars, sum(lp) / max(1, len(lp)), tokens))
    return results


@torch.no_grad()
def sample_fitted(model: MelodyLSTM, meter: str, mode: str, chords: list[Chord], window: tuple[int, int],
                  count: int, temperature: float = 1.0, generator: torch.Generator | None = None) -> list[Sampled]:
    """``count`` melodies of len(chords) full bars in the library ``mode`` over ``chords``,
    every pitch inside ``window`` = (lowest, highest) semitones from the tonic."""
    if mode not in MODE_SCALES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(MODE_SCALES)}")
    low, high = window
    if not LOWEST_PITCH <= low < high <= HIGHEST_PITCH:
        raise ValueError(f"the window must lie inside {LOWEST_PITCH}..{HIGHEST_PITCH} semitones")
    length, strong = bar_length(meter), strong_beats(meter)
    model_mode = MODEL_MODE[mode]
    n_bars = len(chords)
    chord_lists = [list(chords)] * count
    prefixes = [[BOS, f"M:{meter}", f"K:{model_mode}"] for _ in range(count)]
    state = _prime(model, prefixes, chord_lists)
    sequences, logprobs = prefixes, [[] for _ in range(count)]
    bar_index, position = [0] * count, [0] * count
    while min(bar_index) < n_bars:
        logp, state = _step(model, sequences, chord_lists, state)
        mask = torch.full_like(logp, float("-inf"))
        for i in range(count):
            for token in _allowed_next(sequences[i][-1], position[i], length, strong, mode,
                                       chords[min(bar_index[i], n_bars - 1)], low, high, bar_index[i] >= n_bars):
                mask[i, TOKEN_ID[token]] = 0.0
        choice = torch.multinomial(torch.softmax(logp / temperature + mask, dim=-1), 1, generator=generator)[:, 0]
        for i, token_id in enumerate(choice.tolist()):
            if bar_index[i] >= n_bars:
                continue  # finished: its further steps are ignored
            token = VOCAB[token_id]
            sequences[i].append(token)
            logprobs[i].append(float(logp[i, token_id]))
            if token == BAR:
                bar_index[i], position[i] = bar_index[i] + 1, 0
            elif is_duration(token):
                position[i] += ticks_of(token)
    return [Sampled(decode(tokens + [EOS])[2], sum(lp) / len(lp), tokens + [EOS])
            for tokens, lp in zip(sequences, logprobs)]


def _allowed_next(last: str, position: int, length: int, strong: set[int], mode: str, chord: Chord,
                  low: int, high: int, finished: bool) -> list[str]:
    if finished:
        return [BAR]  # anything will do; the token is thrown away
    if last.startswith("n") or last == REST:  # a duration comes next
        return [f"d{t}" for t in range(GRID, length - position + 1, GRID)]
    if position >= length:
        return [BAR]
    pitch_classes = allowed_pitch_classes(mode, chord)
    if position in strong:
        on_chord = pitch_classes & chord.tones
        pitch_classes = on_chord or pitch_classes
    pitches = [f"n{p}" for p in range(low, high + 1) if p % 12 in pitch_classes]
    return pitches if position == 0 else pitches + [REST]
