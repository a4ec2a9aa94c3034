"""Text measures shared by the corpus report and the story evaluation."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import yaml

from taleweaver.paths import DATA_DIR
from taleweaver.story.corpus_format import ADJECTIVE_FORMS, COLOR_FORMS, HERO_FORMS, _mentions, split_sentences

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def distinct_n(texts: list[str], n: int = 2) -> float:
    """Unique n-grams over all n-grams across the texts (words lowercased)."""
    grams, total = set(), 0
    for text in texts:
        w = words(text)
        for i in range(len(w) - n + 1):
            grams.add(tuple(w[i:i + n]))
            total += 1
    return len(grams) / max(1, total)


def repetition_rate(text: str, n: int = 3) -> float:
    """Share of a story's word trigrams that occur more than once in it (0 = no repeats)."""
    w = words(text)
    grams = [tuple(w[i:i + n]) for i in range(len(w) - n + 1)]
    if not grams:
        return 0.0
    counts = Counter(grams)
    return sum(c for c in counts.values() if c > 1) / len(grams)


def syllables(word: str) -> int:
    """Vowel groups, minus a silent final e: the usual estimate behind Flesch-Kincaid."""
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    sentences = [s for scene in text.split("\n") for s in split_sentences(scene)] or [text]
    w = words(text)
    if not w:
        return 0.0
    return 0.39 * len(w) / len(sentences) + 11.8 * sum(map(syllables, w)) / len(w) - 15.59


@lru_cache(maxsize=1)
def theme_words() -> dict[str, set[str]]:
    with open(DATA_DIR / "lexicons" / "theme_words.yaml", encoding="utf-8") as f:
        return {theme: set(ws) for theme, ws in yaml.safe_load(f).items()}


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def adherence(text: str, choices: dict[str, str]) -> dict[str, bool]:
    """Is each of the child's choices visibly reflected in the story text?
    hero/color/adjective: the word (or a form of it) appears; theme: two different setting
    words of that theme appear (data/lexicons/theme_words.yaml)."""
    found = {_stem(w) for w in words(text)} | set(words(text))
    theme_hits = theme_words()[choices["theme"]] & found
    return {
        "hero": _mentions(text, HERO_FORMS.get(choices["hero"], (choices["hero"],))),
        "theme": len(theme_hits) >= 2,
        "color": _mentions(text, COLOR_FORMS.get(choices["color"], (choices["color"],))),
        "adjective": _mentions(text, ADJECTIVE_FORMS[choices["adjective"]]),
    }
