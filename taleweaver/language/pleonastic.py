"""Empty "it": "It was sunny", "it seemed", "It was time for bed", "It took all afternoon".

Such an "it" points at nothing and is never rewritten. The rules, in order:
- spaCy marks it as an expletive;
- its verb is impersonal (seem, appear, rain, snow, take + a time word ...);
- "it" + be + a noun ("It was his birthday", "it was the best party ever") in a statement,
  unless an "it" earlier in the same sentence pointed at a thing ("A goat trotted off with
  it, thinking it was a snack": both are the sock);
- "it" + be + an adjective of weather or surroundings ("It was hot"), unless a thing was
  named earlier in the same sentence ("She tried a peppermint, but it was hard and cold");
- "it" + be + adjective + a clause ("it was hard to see").
"""

from __future__ import annotations

from spacy.tokens import Token

from taleweaver.language.characters import CharacterLexicon


def is_empty_it(token: Token, lexicon: CharacterLexicon, *, thing_named_before: bool,
                earlier_it_was_a_thing: bool) -> bool:
    if token.lower_ != "it":
        return False
    if token.dep_ == "expl":
        return True
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    children = list(verb.children)
    if verb.lemma_ in lexicon.impersonal_verbs:
        if verb.lemma_ != "take":
            return True
        # "It took all afternoon": take + a time word
        return any(c.dep_ in ("dobj", "npadvmod") and c.lemma_ in lexicon.time_words for c in children)
    if verb.lemma_ != "be":
        return False
    is_question = verb.i < token.i          # "Is it treasure?", "What could it be?"
    attribute = next((c for c in children if c.dep_ == "attr"), None)
    if attribute is not None and attribute.pos_ in ("NOUN", "PROPN") and not is_question:
        return not earlier_it_was_a_thing
    complement = next((c for c in children if c.dep_ == "acomp"), None)
    if complement is not None:
        # "it was hard to climb" (but not "it was so small that nobody heard")
        result_clause = any(c.lower_ in ("so", "too") for c in complement.children)
        if not result_clause and (any(c.dep_ in ("xcomp", "ccomp") for c in complement.children) or
                                  any(c.dep_ in ("xcomp", "ccomp") and c.i > complement.i for c in children)):
            return True
        if complement.lower_ in lexicon.weather_words and not thing_named_before:
            return True
    return False
