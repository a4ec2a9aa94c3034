"""The hand-written mood lexicon (data/lexicons/arousal.yaml), loaded and checked once.

Reads: data/lexicons/arousal.yaml. Writes nothing. A malformed file (a word listed twice, a
value off the scale, an unknown section) is refused with a message naming the word, because a
silently overwritten YAML key would change the music without anyone noticing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from taleweaver.paths import DATA_DIR

LEXICON_PATH = DATA_DIR / "lexicons" / "arousal.yaml"
SECTIONS = ("arousal", "valence", "arousal_phrases", "intensifiers", "softeners", "negations", "sound_words")


class LexiconError(ValueError):
    """The mood lexicon file breaks one of its rules."""


@dataclass(frozen=True)
class MoodLexicon:
    arousal: dict[str, float]      # lemma -> 1 (calm) .. 5 (exciting); unlisted = 3
    valence: dict[str, float]      # word or lemma -> VADER scale, -4 (sad) .. +4 (happy)
    arousal_phrases: dict[tuple[str, ...], float]  # ("fast", "asleep") -> 1
    intensifiers: frozenset[str]
    softeners: frozenset[str]
    negations: frozenset[str]
    sound_words: frozenset[str]


class _NoDuplicateKeysLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys without a word; we want to hear about it."""


def _mapping_without_duplicates(loader, node, deep=False):
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    doubled = sorted(str(k) for k, n in Counter(keys).items() if n > 1)
    if doubled:
        raise LexiconError(f"{LEXICON_PATH.name}: listed twice in one section: {', '.join(doubled)}")
    return dict(loader.construct_pairs(node, deep=deep))


_NoDuplicateKeysLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                       _mapping_without_duplicates)


def _scores(section: str, raw: dict, low: float, high: float) -> dict[str, float]:
    scores = {}
    for word, value in raw.items():
        if not isinstance(value, (int, float)) or not low <= value <= high:
            raise LexiconError(f"{section}: '{word}' has value {value!r}; allowed: a number "
                               f"from {low} to {high}")
        scores[str(word).lower()] = float(value)
    return scores


def parse_lexicon(text: str) -> MoodLexicon:
    """Build a MoodLexicon from the YAML text of a lexicon file (checked, lower-cased)."""
    raw = yaml.load(text, Loader=_NoDuplicateKeysLoader) or {}
    unknown = set(raw) - set(SECTIONS)
    missing = set(SECTIONS) - set(raw)
    if unknown or missing:
        raise LexiconError(f"sections must be exactly {', '.join(SECTIONS)}; "
                           f"unknown: {sorted(unknown)}, missing: {sorted(missing)}")
    arousal = _scores("arousal", raw["arousal"], 1, 5)
    return MoodLexicon(
        arousal=arousal,
        valence=_scores("valence", raw["valence"], -4, 4),
        arousal_phrases={tuple(phrase.split()): value for phrase, value
                         in _scores("arousal_phrases", raw["arousal_phrases"], 1, 5).items()},
        **{name: frozenset(str(w).lower() for w in raw[name])
           for name in ("intensifiers", "softeners", "negations", "sound_words")},
    )


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON_PATH) -> MoodLexicon:
    return parse_lexicon(path.read_text(encoding="utf-8"))
