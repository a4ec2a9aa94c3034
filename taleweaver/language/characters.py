"""The hand-written lexicon of story characters (data/lexicons/characters.yaml).

Reads the YAML once and answers the questions coreference asks about a noun: is it a
character, which gender does the word itself give, is it a group, a title, a time word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from taleweaver.paths import DATA_DIR

LEXICON_PATH = DATA_DIR / "lexicons" / "characters.yaml"

KINDS = ("person", "animal", "creature", "machine")
GENDERS = ("female", "male")


@dataclass(frozen=True)
class CharacterWord:
    """One noun of the lexicon: `mermaid`, `geese`, `crew`."""

    lemma: str            # the singular form: "goose"
    kind: str             # person | animal | creature | machine
    gender: str | None    # female | male | None when the word does not say
    plural: str           # "geese"
    group: bool = False   # crew, family: one noun, several characters ("they")


@dataclass(frozen=True)
class CharacterLexicon:
    words: dict[str, CharacterWord]        # singular and plural forms -> entry
    titles: dict[str, str | None]          # "princess" -> "female"
    gender_modifiers: dict[str, str]       # "mother" (as in "mother wren") -> "female"
    time_words: frozenset[str]
    weather_words: frozenset[str]
    impersonal_verbs: frozenset[str]
    action_nouns: frozenset[str]
    living_verbs: frozenset[str] = frozenset()   # "they climbed": characters, not things

    def character(self, word: str) -> CharacterWord | None:
        """The entry for a noun in either number, or None when it names a thing."""
        return self.words.get(word.lower())

    def is_plural_form(self, word: str) -> bool:
        entry = self.character(word)
        return entry is not None and word.lower() == entry.plural and entry.plural != entry.lemma

    def title_gender(self, word: str) -> tuple[bool, str | None]:
        """(is it a title, the gender it gives)."""
        key = word.lower().rstrip(".")
        return (key in self.titles, self.titles.get(key))


def _check_entry(lemma: str, raw: dict) -> CharacterWord:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{LEXICON_PATH}: {lemma!r} has kind {kind!r}; allowed: {', '.join(KINDS)}")
    gender = raw.get("gender")
    if gender is not None and gender not in GENDERS:
        raise ValueError(f"{LEXICON_PATH}: {lemma!r} has gender {gender!r}; allowed: {', '.join(GENDERS)} or none")
    plural = raw.get("plural")
    if not isinstance(plural, str) or not plural:
        raise ValueError(f"{LEXICON_PATH}: {lemma!r} needs a plural form")
    return CharacterWord(lemma=lemma, kind=kind, gender=gender, plural=plural, group=bool(raw.get("group")))


@lru_cache(maxsize=1)
def load_lexicon() -> CharacterLexicon:
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    words: dict[str, CharacterWord] = {}
    for lemma, entry in raw["characters"].items():
        word = _check_entry(lemma, entry)
        words[lemma] = word
        words.setdefault(word.plural, word)
    for title, gender in raw["titles"].items():
        if gender is not None and gender not in GENDERS:
            raise ValueError(f"{LEXICON_PATH}: title {title!r} has gender {gender!r}")
    return CharacterLexicon(
        words=words,
        titles=dict(raw["titles"]),
        gender_modifiers=dict(raw["gender_modifiers"]),
        time_words=frozenset(raw["time_words"]),
        weather_words=frozenset(raw["weather_words"]),
        impersonal_verbs=frozenset(raw["impersonal_verbs"]),
        action_nouns=frozenset(raw["action_nouns"]),
        living_verbs=frozenset(raw["living_verbs"]),
    )
