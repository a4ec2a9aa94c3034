"""The phrase lists (data/safety/lexicon.yaml): words and phrases that may never reach a child,
with their regular inflections, matched on whole words after normalize() has undone
look-alike letters, zero-width characters, leetspeak and spacing tricks.

Harmless phrases that contain a listed word ("a snowball fight", "fruit punch") are taken out
before matching, so the lists can stay strict about the word on its own.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from taleweaver.paths import DATA_DIR
from taleweaver.safety.normalize import normalize, words

LEXICON_PATH = DATA_DIR / "safety" / "lexicon.yaml"


def inflections(base: str) -> set[str]:
    """Regular forms of a listed word: -s, -es, -ed, -ing, -er, -y, and doubled consonants."""
    forms = {base, base + "s", base + "es", base + "ed", base + "ing", base + "er", base + "ers", base + "y"}
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing", base + "r", base + "rs"}
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    # stab -> stabbed, stabbing: a short word ending consonant-vowel-consonant doubles its end.
    if len(base) >= 3 and base[-1] not in "aeiouwy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing", base + base[-1] + "er"}
    return forms


class Lexicon:
    """The lists, ready for matching. `matches(tokens)` returns 'category: word' reasons."""

    def __init__(self, raw: dict):
        self.single: dict[str, str] = {}  # word form -> category
        self.phrases: list[tuple[tuple[str, ...], str]] = []
        for category, entries in raw["always_blocked"].items():
            self._add(entries, category)
        self._add(raw["unsafe_acts"], "unsafe_act")
        self._add(raw["real_names_and_brands"], "real_name_or_brand")
        self.labels = [tuple(words(normalize(p))) for p in raw.get("blocked_labels", [])]
        self.allowed = [tuple(words(normalize(p))) for p in raw.get("allowed_phrases", [])]
        self.harm_verbs = {w for w in raw["harm_verbs"] if " " not in w}
        self.harm_phrases = [tuple(p.split()) for p in raw["harm_verbs"] if " " in p]
        self.creatures = set(raw["creatures"])
        # alt-profanity-check learned from insults online that "pig", "cow" and "white" are
        # often abusive; in our stories they are farm animals and colors. The model does not
        # see these words; the lexicon catches insults built on them ("you pig").
        self.model_blind_spots = self.creatures | set(raw["model_blind_spots"])

    def _add(self, entries: list[str], category: str) -> None:
        for entry in entries:
            parts = tuple(words(normalize(entry)))
            if len(parts) == 1:
                for form in inflections(parts[0]):
                    self.single.setdefault(form, category)
            elif parts:
                self.phrases.append((parts, category))

    def without_allowed_phrases(self, tokens: list[str]) -> list[str]:
        """The tokens with every allowed phrase replaced by a gap ("pillow fight" -> "|")."""
        joined = " " + " ".join(tokens) + " "
        for phrase in self.allowed:
            joined = joined.replace(" " + " ".join(phrase) + " ", " | ")
        return joined.split()

    def matches(self, tokens: list[str]) -> list[str]:
        tokens = self.without_allowed_phrases(tokens)
        found = [f"{self.single[tok]}: {tok!r}" for tok in tokens if tok in self.single]
        joined = " " + " ".join(tokens) + " "
        for parts, category in self.phrases:
            if " " + " ".join(parts) + " " in joined:
                found.append(f"{category}: {' '.join(parts)!r}")
        return found

    def label_matches(self, tokens: list[str]) -> list[str]:
        """Scene-object and sound-effect names that are blocked as labels only."""
        joined = " " + " ".join(tokens) + " "
        return [f"blocked label: {' '.join(p)!r}" for p in self.labels if " " + " ".join(p) + " " in joined]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with open(LEXICON_PATH, encoding="utf-8") as f:
        return Lexicon(yaml.safe_load(f))
