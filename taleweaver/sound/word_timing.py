"""Word timings for read-along highlighting, from per-phoneme sample counts.

The voice speaks phonemes, the page shows words. espeak (piper's phonemizer) writes one space
between its phoneme "words", but it glues short function words to their neighbours ("on the"
-> `ɔnðə`, "for a" -> `fɚɹə`) and may split one written word ("1,000" -> two). So the written
words are matched to the phoneme groups by a small dynamic program that compares lengths: each
written word's phoneme count (the word phonemized alone) against each group's phoneme count.
A group that holds several words is divided between them in proportion to those counts.

Reads: the scene text, each spoken sentence's phonemes and samples per phoneme (from the engine,
or estimated by `word_timing_estimate.py`), where each sentence starts in the scene audio, and
each word phonemized alone. Writes: one WordTiming per written word, in order, with times in
seconds and character offsets into the scene text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A written word: letters or digits, with inner apostrophes or hyphens ("didn't", "candy-cane").
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
# espeak marks that carry no sound of their own when counting a word's length.
_STRESS = set("ˈˌ")
# What espeak keeps of the text's punctuation (it becomes a pause, not part of a word).
_PUNCTUATION = set(".,!?;:—–-…\"'()")
# DP cost of letting one unit (word or group) share a match with another: small, so glued
# function words are merged, but larger than an ordinary length mismatch of a phoneme or so.
_MERGE_COST = 1.0
_MAX_WORDS_PER_GROUP = 4
_MAX_GROUPS_PER_WORD = 3


@dataclass(frozen=True)
class WordTiming:
    """One written word and when the voice says it. `text[char_start:char_end] == word`."""

    word: str
    start_s: float
    end_s: float
    char_start: int
    char_end: int


@dataclass(frozen=True)
class SpokenSentence:
    """One sentence as the voice spoke it: `phoneme_samples` has one count for the start
    symbol, one per phoneme (its trailing pad included) and one for the end symbol, and sums
    to the sentence's audio length. `start_sample` is where it begins in the scene audio."""

    phonemes: list[str]
    phoneme_samples: list[int]
    start_sample: int


@dataclass(frozen=True)
class _Group:
    """A run of phonemes between spaces: sentence number and the [first, last] phoneme
    positions that make sound (punctuation and spaces excluded)."""

    sentence: int
    first: int
    last: int
    length: int  # phonemes counted, stress marks excluded


def find_words(text: str) -> list[tuple[str, int, int]]:
    """The written words of a scene, each with its character span."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def phoneme_length(phonemes: str) -> int:
    """How many sounding phonemes a phoneme string has (stress marks, spaces, punctuation out)."""
    return sum(1 for p in phonemes if not (p in _STRESS or p in _PUNCTUATION or p.isspace()))


def _groups(sentences: list[SpokenSentence]) -> list[_Group]:
    groups = []
    for number, sentence in enumerate(sentences):
        first = None
        for position, phoneme in enumerate([*sentence.phonemes, " "]):
            sounding = not (phoneme.isspace() or phoneme in _PUNCTUATION)
            if sounding and first is None:
                first = position
            if sounding:
                last = position
            if phoneme.isspace() and first is not None:
                length = phoneme_length("".join(sentence.phonemes[first:last + 1]))
                groups.append(_Group(number, first, last, max(length, 1)))
                first = None
    return groups


def match_words_to_groups(word_lengths: list[int], group_lengths: list[int]) -> list[tuple[range, range]]:
    """Pair consecutive written words with consecutive phoneme groups, one-to-one, many-to-one
    or one-to-many, so that their phoneme counts agree best. Returns (words, groups) ranges
    that together cover every word and every group in order."""
    n, m = len(word_lengths), len(group_lengths)
    if n == 0 or m == 0:
        return [(range(0, n), range(0, m))] if n and m else []
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            moves = [(k, 1) for k in range(1, _MAX_WORDS_PER_GROUP + 1)]
            moves += [(1, l) for l in range(2, _MAX_GROUPS_PER_WORD + 1)]
            for k, l in moves:
                if i + k > n or j + l > m:
                    continue
                said = sum(word_lengths[i:i + k])
                heard = sum(group_lengths[j:j + l])
                step = abs(said - heard) + _MERGE_COST * (k - 1 + l - 1)
                if cost[i][j] + step < cost[i + k][j + l]:
                    cost[i + k][j + l] = cost[i][j] + step
                    back[i + k][j + l] = (i, j)
    if cost[n][m] == inf:
        # More words than the merges allow (or the reverse): one catch-all match keeps going.
        return [(range(0, n), range(0, m))]
    matches = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        matches.append((range(pi, i), range(pj, j)))
        i, j = pi, pj
    return matches[::-1]


def _phoneme_spans(sentence: SpokenSentence) -> list[tuple[int, int]]:
    """Scene-audio sample span of each phoneme (start and end symbols left out)."""
    spans, cursor = [], sentence.start_sample + sentence.phoneme_samples[0]
    for count in sentence.phoneme_samples[1:-1]:
        spans.append((cursor, cursor + count))
        cursor += count
    return spans


def time_words(text: str, sentences: list[SpokenSentence], word_phonemes: list[str],
               sample_rate: int) -> list[WordTiming]:
    """Time every written word of `text` (see the module docstring). `word_phonemes[i]` is the
    i-th word of `find_words(text)` phonemized alone."""
    words = find_words(text)
    if len(word_phonemes) != len(words):
        raise ValueError(f"{len(words)} words but {len(word_phonemes)} phonemizations")
    groups = _groups(sentences)
    if not words or not groups:
        return []
    spans = [_phoneme_spans(s) for s in sentences]
    word_lengths = [max(phoneme_length(p), 1) for p in word_phonemes]

    timings: list[WordTiming] = []
    for word_range, group_range in match_words_to_groups(word_lengths, [g.length for g in groups]):
        first_group, last_group = groups[group_range[0]], groups[group_range[-1]]
        if len(word_range) == 1 or first_group is not last_group:
            # One word (over one or more groups), or a rare many-to-many catch-all: the words
            # share the span in proportion to their lengths, like a glued group below.
            start = spans[first_group.sentence][first_group.first][0]
            end = spans[last_group.sentence][last_group.last][1]
            cuts = _proportional_cuts(start, end, [word_lengths[w] for w in word_range])
        else:
            cuts = _cuts_inside_group(spans[first_group.sentence], sentences[first_group.sentence].phonemes,
                                      first_group, [word_lengths[w] for w in word_range])
        for w, (start, end) in zip(word_range, cuts):
            word, char_start, char_end = words[w]
            timings.append(WordTiming(word, round(start / sample_rate, 3), round(end / sample_rate, 3),
                                      char_start, char_end))
    return timings


def _proportional_cuts(start: int, end: int, lengths: list[int]) -> list[tuple[int, int]]:
    total, cuts, done = sum(lengths), [], 0
    for length in lengths:
        a = start + (end - start) * done // total
        done += length
        cuts.append((a, start + (end - start) * done // total))
    return cuts


def _cuts_inside_group(spans: list[tuple[int, int]], phonemes: list[str], group: _Group,
                       lengths: list[int]) -> list[tuple[int, int]]:
    """Divide a glued group's phonemes between its words by their lengths, cutting at phoneme
    boundaries so each word gets the time the voice actually spent on its phonemes."""
    sounding = [p for p in range(group.first, group.last + 1) if phonemes[p] not in _STRESS]
    total, cuts, done, previous_end = sum(lengths), [], 0, group.first
    for number, length in enumerate(lengths):
        done += length
        if number == len(lengths) - 1:
            last = group.last
        else:
            # The sounding phoneme where this word's share ends (at least one per word).
            share = max(round(len(sounding) * done / total), number + 1)
            last = sounding[min(share, len(sounding)) - 1]
        first = previous_end if number == 0 else previous_end + 1
        first = min(first, last)
        cuts.append((spans[first][0], spans[last][1]))
        previous_end = last
    return cuts
