"""Product rules: what the word lists cannot see on their own.

- personal data: phone numbers, email and web addresses, street addresses, PO boxes;
- harm done to someone: a harm verb whose object, in the dependency parse, is a creature or a
  person ("the pirate shot the parrot", "the parrot was shot") is unsafe; the same verb done to
  a thing ("the star shot across the sky", "she kicked the ball") is not.

Reads the raw text (the patterns) and its spaCy parse; writes a list of reasons.
"""

from __future__ import annotations

import re

from taleweaver.nlp import english
from taleweaver.safety.lexicon import Lexicon

_STREET = r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Close|Way|Court|Crescent|Place|Grove|Terrace|Gardens)"
PERSONAL_DATA = [
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"), "an email address"),
    (re.compile(r"\b(?:https?://|www\.)\S+", re.I), "a web address"),
    # Seven or more digits with the usual separators: "555-0142", "(212) 555-0187".
    (re.compile(r"(?<![\w.,])\+?\(?\d(?:[\s().-]{0,2}\d){6,}\b"), "a phone number"),
    (re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+", re.I), "a postal address"),
    # A house number before a capitalized street name: "12 Oak Road", "38 Cherry Tree Close".
    # Capitals are required so that "5 trees by the road" is not an address.
    (re.compile(r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}" + _STREET + r"\b"), "a street address"),
]

# nsubjpass: in "the parrot was shot" the parrot is the one the harm is done to.
_OBJECT_DEPS = {"dobj", "obj", "pobj", "nsubjpass", "dative"}
# "them" and "it" are left out: in our stories they are mostly things ("squashed them flat").
_PRONOUN_TARGETS = {"him", "her", "me", "you", "us", "himself", "herself"}
# Eating is harm only when a creature is eaten: a named thing ("Tingleberry Tarts") or a place
# the eating happens ("bugs on the rose bush") is food and setting, not a victim.
_FOOD_VERBS = {"eat", "ate", "eaten"}


def personal_data(text: str) -> list[str]:
    return [f"personal data: {what}" for pattern, what in PERSONAL_DATA if pattern.search(text)]


def harm_done_to_someone(text: str, lex: Lexicon) -> list[str]:
    """Harm verbs whose object is a creature or a person (the context rule)."""
    found = []
    for token in english()(text):
        if token.pos_ != "VERB":
            continue
        verb = token.lemma_.lower()
        if verb not in lex.harm_verbs and token.text.lower() not in lex.harm_verbs:
            continue
        eating = verb in _FOOD_VERBS or token.text.lower() in _FOOD_VERBS
        targets = [c for c in token.children if c.dep_ in _OBJECT_DEPS]
        if not eating:
            # "shot at the parrot": the target sits under a preposition.
            for prep in (c for c in token.children if c.dep_ == "prep"):
                targets += [c for c in prep.children if c.dep_ == "pobj"]
        for target in targets:
            lemma = target.lemma_.lower()
            following = target.nbor(1) if target.i + 1 < len(target.doc) else None
            if (target.text.lower() == "her" and following is not None and following.is_alpha
                    and following.pos_ not in {"ADP", "CCONJ", "SCONJ", "PART", "VERB", "AUX", "DET"}):
                continue  # "ate her clover": a possessive that the small parser took for an object
            named = target.pos_ == "PROPN" and not eating
            if lemma in lex.creatures or target.text.lower() in _PRONOUN_TARGETS or named:
                found.append(f"harm: {token.text!r} done to {target.text!r}")
    return list(dict.fromkeys(found))


def harm_phrases(tokens: list[str], lex: Lexicon) -> list[str]:
    joined = " " + " ".join(tokens) + " "
    return [f"harm: {' '.join(p)!r}" for p in lex.harm_phrases if " " + " ".join(p) + " " in joined]
