"""Safety screen v1: every text a child could see passes `screen_text` first.

Three layers, cheapest first; the first that objects decides, and says which it was:
  1. lexicon        word and phrase lists (data/safety/lexicon.yaml) with inflections, matched
                    after normalize() has undone look-alikes, spacing and leetspeak;
  2. profanity_model  alt-profanity-check's linear model, for insults the lists miss;
  3. product_rules  context from the dependency parse: a harm verb done to a creature
                    ("the pirate shot the parrot") is unsafe, the same verb done to a thing
                    ("the star shot across the sky") is not; unsafe acts a child could copy;
                    real names and brands; personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from taleweaver.nlp import english
from taleweaver.paths import DATA_DIR
from taleweaver.safety.normalize import normalize, words

# alt-profanity-check scores every corpus sentence under this (docs/corpus.md lists any that
# fail); above it a sentence reads as insulting or obscene.
PROFANITY_THRESHOLD = 0.90

_PERSONAL_DATA = [
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"), "an email address"),
    (re.compile(r"\b(?:https?://|www\.)\S+", re.I), "a web address"),
    (re.compile(r"(?<!\w)(?:\+?\d[\s().-]?){7,}\d\b"), "a phone number"),
    (re.compile(r"\b\d{1,5}\s+\w+\s+(?:street|st|avenue|ave|road|rd|lane|drive)\b", re.I), "a street address"),
]

# nsubjpass: in "the parrot was shot" the parrot is the one the harm is done to.
_OBJECT_DEPS = {"dobj", "obj", "pobj", "nsubjpass", "dative"}
# "them" and "it" are left out: in our stories they are mostly things ("squashed them flat").
_PRONOUN_TARGETS = {"him", "her", "me", "you", "us", "himself", "herself"}


@dataclass
class SafetyVerdict:
    safe: bool
    layer: str | None = None  # which layer objected: lexicon, profanity_model, product_rules
    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.safe


def _inflections(base: str) -> set[str]:
    forms = {base, base + "s", base + "es", base + "ed", base + "ing", base + "er", base + "ers", base + "y"}
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing", base + "r", base + "rs"}
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    # stab -> stabbed, stabbing: a short word ending consonant-vowel-consonant doubles its end.
    if len(base) >= 3 and base[-1] not in "aeiouwy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing", base + base[-1] + "er"}
    return forms


class _Lexicon:
    def __init__(self, raw: dict):
        self.single: dict[str, str] = {}  # word form -> category
        self.phrases: list[tuple[tuple[str, ...], str]] = []
        for category, entries in raw["always_blocked"].items():
            self._add(entries, category)
        self._add(raw["unsafe_acts"], "unsafe_act")
        self._add(raw["real_names_and_brands"], "real_name_or_brand")
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
                for form in _inflections(parts[0]):
                    self.single.setdefault(form, category)
            elif parts:
                self.phrases.append((parts, category))

    def matches(self, tokens: list[str]) -> list[str]:
        found = []
        for tok in tokens:
            if tok in self.single:
                found.append(f"{self.single[tok]}: {tok!r}")
        joined = " " + " ".join(tokens) + " "
        for parts, category in self.phrases:
            if " " + " ".join(parts) + " " in joined:
                found.append(f"{category}: {' '.join(parts)!r}")
        return found


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    with open(DATA_DIR / "safety" / "lexicon.yaml", encoding="utf-8") as f:
        return _Lexicon(yaml.safe_load(f))


@lru_cache(maxsize=1)
def _profanity_model():
    from profanity_check import predict_prob  # imported lazily: it loads a pickled model

    return predict_prob


def _harm_done_to_creature(text: str, lex: _Lexicon) -> list[str]:
    """Harm verbs whose object is a creature or a person (the context rule)."""
    found = []
    for token in english()(text):
        if token.pos_ != "VERB":
            continue
        if token.lemma_.lower() not in lex.harm_verbs and token.text.lower() not in lex.harm_verbs:
            continue
        targets = [c for c in token.children if c.dep_ in _OBJECT_DEPS]
        # "shot at the parrot": the target sits under a preposition.
        for prep in (c for c in token.children if c.dep_ == "prep"):
            targets += [c for c in prep.children if c.dep_ == "pobj"]
        for target in targets:
            lemma = target.lemma_.lower()
            following = target.nbor(1) if target.i + 1 < len(target.doc) else None
            if (target.text.lower() == "her" and following is not None and following.is_alpha
                    and following.pos_ not in {"ADP", "CCONJ", "SCONJ", "PART", "VERB", "AUX", "DET"}):
                continue  # "ate her clover": a possessive that the small parser took for an object
            if lemma in lex.creatures or target.text.lower() in _PRONOUN_TARGETS or target.pos_ == "PROPN":
                found.append(f"harm: {token.text!r} done to {target.text!r}")
    return list(dict.fromkeys(found))


def screen_text(text: str) -> SafetyVerdict:
    """Screen one text (a title, a scene, a sentence). Cheap layers run first."""
    lex = _lexicon()
    normalized = normalize(text)
    tokens = words(normalized)
    found = lex.matches(tokens)
    if found:
        return SafetyVerdict(False, "lexicon", found)
    for pattern, what in _PERSONAL_DATA:
        if pattern.search(text):
            return SafetyVerdict(False, "product_rules", [f"personal data: {what}"])
    # Sentence by sentence: over a whole scene the model adds up weak hints ("blow", "wet").
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", normalized) if s.strip()] or [normalized]
    views = [" ".join(t for t in words(s) if t not in lex.model_blind_spots) for s in sentences]
    score = float(max(_profanity_model()(views)))
    if score >= PROFANITY_THRESHOLD:
        return SafetyVerdict(False, "profanity_model", [f"profanity score {score:.2f}"])
    harms = _harm_done_to_creature(text, lex)
    harms += [f"harm: {' '.join(p)!r}" for p in lex.harm_phrases if " " + " ".join(p) + " " in " " + " ".join(tokens) + " "]
    if harms:
        return SafetyVerdict(False, "product_rules", harms)
    return SafetyVerdict(True)


def screen_story_texts(texts: list[str]) -> SafetyVerdict:
    """Screen a title and scenes together; the first failing text decides."""
    for text in texts:
        verdict = screen_text(text)
        if not verdict.safe:
            return verdict
    return SafetyVerdict(True)
