"""Character names in a story: "Cocoa", "Captain Quill", "Grandma Brachiosaurus".

The small spaCy model tags many story nouns as proper nouns ("the castle cook/NNP") and
some names as common ones ("Cocoa/NN" at the start of a sentence), so a name is decided
over the whole story instead of token by token:
- a name word is a capitalized noun that is not in the character lexicon, not a title,
  and is seen capitalized somewhere other than the start of a sentence or a quote (or is
  tagged a proper noun and stands as a subject, object or possessor);
- a run of capitalized words starting with a title ("Captain Quill") names a character;
- any other run of several capitalized words ("Dinosaur Valley", "Enchanted Forest")
  names a place or a thing, not a character.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from taleweaver.language.characters import CharacterLexicon

NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos", "attr", "conj",
                          "dative", "oprd", "compound", "npadvmod", "ROOT"})


def _starts_sentence(token: Token) -> bool:
    previous = token.nbor(-1) if token.i > 0 else None
    return token.is_sent_start or previous is None or previous.text in {'"', "“", "‘", "'"} \
        or previous.is_sent_start and previous.is_punct


def _name_like(token: Token, lexicon: CharacterLexicon) -> bool:
    return (token.text[:1].isupper() and token.is_alpha and token.pos_ in ("PROPN", "NOUN")
            and lexicon.character(token.lower_) is None and not lexicon.title_gender(token.text)[0]
            and token.dep_ in NOMINAL_DEPS)


def _introduces_character(token: Token, lexicon: CharacterLexicon) -> bool:
    """ "Brumble the dragon", "Olive the little owl": a capitalized word followed by "the",
    maybe adjectives, and a character noun. (The small model tags such names as verbs.)"""
    doc = token.doc
    if token.is_stop or token.pos_ in ("ADP", "ADV", "CCONJ", "SCONJ", "PRON", "DET", "AUX"):
        return False
    i = token.i + 1
    if i >= len(doc) or doc[i].lower_ != "the":
        return False
    i += 1
    while i < len(doc) and doc[i].pos_ == "ADJ":
        i += 1
    return i < len(doc) and lexicon.character(doc[i].lower_) is not None


def find_name_words(docs: list[Doc], lexicon: CharacterLexicon) -> set[str]:
    """The capitalized words that are character names anywhere in the story."""
    names: set[str] = set()
    sentence_initial: dict[str, int] = {}
    for doc in docs:
        for token in doc:
            if not (token.text[:1].isupper() and token.is_alpha) or lexicon.character(token.lower_) is not None \
                    or lexicon.title_gender(token.text)[0]:
                continue
            if token.dep_ == "compound" and lexicon.character(token.head.lower_) is not None:
                continue        # "a Golden Bird": part of a description, not a name
            if _introduces_character(token, lexicon) or (
                    token.i > 0 and doc[token.i - 1].lower_ in ("named", "called") and not token.is_stop):
                names.add(token.text)
            elif _name_like(token, lexicon):
                if not _starts_sentence(token):
                    names.add(token.text)
                elif token.tag_ == "NNP" and token.dep_ != "ROOT":
                    sentence_initial[token.text] = sentence_initial.get(token.text, 0) + 1
    # A proper noun seen only at sentence starts counts when it comes back ("Snow piled up"
    # once is weather, not a character).
    names.update(word for word, count in sentence_initial.items() if count >= 2)
    return names


def capitalized_prefix(head: Token) -> list[Token]:
    """The capitalized compound words right before a noun: "Captain" in "Captain Quill",
    "Dinosaur" in "Dinosaur Valley", "Golden" in "a Golden Bird"."""
    prefix: list[Token] = []
    for child in reversed(list(head.lefts)):
        expected = (prefix[0].i if prefix else head.i) - 1
        if child.i != expected or child.dep_ not in ("compound", "flat", "nmod") \
                or not child.text[:1].isupper() or not child.is_alpha:
            break
        prefix.insert(0, child)
    return prefix
