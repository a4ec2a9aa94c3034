"""The third-person pronouns coreference rewrites, and what each form says about its referent.

First and second person ("I", "you", "we") are never rewritten: inside a quote they are the
speaker and the listener, and the story text is clearer with them left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass(frozen=True)
class PronounForm:
    word: str            # lower case: "her"
    number: str          # singular | plural
    gender: str | None   # female | male | neuter (it) | None (they)
    case: str            # subject | object | possessive | possessive_alone | reflexive


# "her" and "his" are both possessive and not; pronoun_form() decides from the tag.
_FORMS = {
    "he": ("singular", "male", "subject"),
    "him": ("singular", "male", "object"),
    "his": ("singular", "male", "possessive"),
    "himself": ("singular", "male", "reflexive"),
    "she": ("singular", "female", "subject"),
    "her": ("singular", "female", "object"),
    "hers": ("singular", "female", "possessive_alone"),
    "herself": ("singular", "female", "reflexive"),
    "it": ("singular", "neuter", "subject"),
    "its": ("singular", "neuter", "possessive"),
    "itself": ("singular", "neuter", "reflexive"),
    "they": ("plural", None, "subject"),
    "them": ("plural", None, "object"),
    "their": ("plural", None, "possessive"),
    "theirs": ("plural", None, "possessive_alone"),
    "themselves": ("plural", None, "reflexive"),
}

THIRD_PERSON = frozenset(_FORMS)


def _her_is_object(token: Token) -> bool:
    """ "led her home": the parser reads "her home"; after a verb, "home" is where she goes."""
    previous = token.nbor(-1) if token.i > 0 else None
    return token.head.lower_ == "home" and previous is not None and previous.pos_ == "VERB"


def pronoun_form(token: Token) -> PronounForm | None:
    """The form of a third-person pronoun token, or None for any other token."""
    word = token.lower_
    if word not in _FORMS or token.pos_ not in ("PRON", "DET"):
        return None
    number, gender, case = _FORMS[word]
    if word == "her" and token.tag_ == "PRP$" and not _her_is_object(token):
        case = "possessive"
    elif word == "his" and token.tag_ != "PRP$":
        case = "possessive_alone"       # "the hat was his"
    elif word == "it" and token.dep_ not in ("nsubj", "nsubjpass", "expl"):
        case = "object"
    return PronounForm(word=word, number=number, gender=gender, case=case)


def agrees(entity, form: PronounForm) -> bool:
    """Number, gender and animacy agreement between an entity and a pronoun.

    "they" wants several; "he"/"she" a character whose gender is that one or not yet known;
    "it" a thing, or an unnamed animal, creature or machine nobody has called he or she."""
    if form.number == "plural":
        return entity.plural
    if entity.plural:
        return False
    if form.gender == "neuter":
        return entity.kind is None or (entity.kind != "person" and entity.gender is None and not entity.name)
    return entity.kind is not None and entity.gender in (None, form.gender)
