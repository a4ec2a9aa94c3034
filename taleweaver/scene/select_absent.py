"""What a scene's text says is NOT in the picture, so selection never draws it.

Reads:  one scene's resolved text (after coreference), parsed with the shared spaCy pipeline
        (`taleweaver.nlp.english()`), and the hand-written word lists of
        data/scene/ambient.yaml (empty places, clear-sky words).
Writes: `SceneEvidence`: for every noun lemma, its mentions and whether any of them puts the
        thing in the scene; the zones the text empties ("the pond was empty"); whether the
        sky is said to be clear.

A mention does not put a thing in the picture when it is
    negated      "no snow fell", "not even one leaf", "without a map", "no stars at all"
    compared     "like a little boat", "as tall as a tree"
    gone         "the snow stopped", "the scarf was gone", "the rain melted away"
    imagined     "dreaming of blue stars", "she imagined a castle"
    spoken       inside quotation marks: what characters say is not what we see
A noun with at least one plain mention is in the scene ("no fish came, then a fish swam by").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from taleweaver.scene.select_ambient import AmbientTable

NEGATORS = frozenset({"no", "not", "never", "without", "zero", "nor", "none"})
# Words allowed between a negator and its noun: "not even one leaf", "no more sweet apples".
NOUN_PHRASE_FILLERS = frozenset({"DET", "NUM", "ADJ", "ADV", "PART"})
# Not "than": "louder than the drums" compares with drums that are there.
COMPARERS = frozenset({"like", "as"})
GONE_VERBS = frozenset({"stop", "vanish", "disappear", "melt", "fade", "cease", "end"})
GONE_STATES = frozenset({"gone", "missing", "lost", "away"})
IMAGINE_VERBS = frozenset({"dream", "imagine", "pretend", "wish", "daydream"})
QUOTES = frozenset({'"', "“", "”", "``", "''"})
CLEAR_SKY_NOUNS = frozenset({"sky", "day", "night", "morning", "afternoon", "weather", "evening"})


@dataclass(frozen=True)
class Mention:
    """One occurrence of a noun in the scene."""

    lemma: str
    start: int            # character offset of the noun in the resolved text
    plural: bool          # "fireflies"
    modifier: str | None  # a compound word before it: "sun" in "sun hat"
    absent_because: str | None  # negated | compared | gone | imagined | spoken; None: in the scene


@dataclass
class SceneEvidence:
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    emptied_zones: set[str] = field(default_factory=set)  # "water", "sky", "nest"
    clear_sky: bool = False

    def present(self, lemma: str) -> bool | None:
        """True when some mention puts the thing in the scene, False when every mention rules
        it out, None when the parse has no noun with this lemma."""
        found = self.mentions.get(lemma)
        if not found:
            return None
        return any(m.absent_because is None for m in found)

    def why_absent(self, lemma: str) -> str | None:
        found = self.mentions.get(lemma) or []
        reasons = [m.absent_because for m in found]
        if not reasons or None in reasons:
            return None
        return reasons[0]

    def mention_at(self, span: tuple[int, int], lemma: str | None = None) -> Mention | None:
        """The noun mention inside the character span (the one with `lemma` when there are
        several: "cactus plants" holds "cactus" and "plants")."""
        inside = [m for found in self.mentions.values() for m in found if span[0] <= m.start < max(span[1], span[0] + 1)]
        for mention in inside:
            if mention.lemma == lemma:
                return mention
        return inside[-1] if inside else None


def _quoted(doc: Doc) -> set[int]:
    inside, quoted = False, set()
    for token in doc:
        if token.text in QUOTES:
            inside = not inside
        elif inside:
            quoted.add(token.i)
    return quoted


def _negated(noun: Token) -> bool:
    """A negator inside the noun's own phrase ("no snow", "not even one leaf") or governing
    it ("without a map")."""
    if any(child.lower_ in NEGATORS for child in noun.children if child.dep_ in ("det", "neg", "advmod", "preconj")):
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ == "without":
        return True
    i = noun.i - 1
    while i >= noun.sent.start:
        word = noun.doc[i]
        if word.lower_ in NEGATORS:
            return word.lower_ != "not" or not _verb_between(word, noun)
        if word.pos_ not in NOUN_PHRASE_FILLERS or word.text in (".", "!", "?", ";"):
            return False
        i -= 1
    return False


def _verb_between(negator: Token, noun: Token) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in negator.doc[negator.i + 1:noun.i])


def _compared(noun: Token) -> bool:
    """"like a little boat", "as tall as a tree"."""
    head = noun
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in COMPARERS


def _gone(noun: Token) -> bool:
    """"the snow stopped", "the scarf was gone"."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = noun.head
    if verb.lemma_.lower() in GONE_VERBS:
        return True
    if verb.lemma_ == "be":
        return any(c.dep_ in ("acomp", "advmod", "attr") and c.lower_ in GONE_STATES for c in verb.children)
    return False


def _imagined(noun: Token) -> bool:
    """Anywhere below a verb of imagining: "dreaming of blue stars"."""
    for ancestor in noun.ancestors:
        if ancestor.pos_ in ("VERB", "AUX") and ancestor.lemma_.lower() in IMAGINE_VERBS:
            return True
    return False


def _modifier(noun: Token) -> str | None:
    compounds = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN", "ADJ")]
    return compounds[-1].lower_ if compounds else None


def _is_empty(place: Token) -> bool:
    """"the pond was empty", "an empty nest", "the sky had no ..." is not counted here."""
    if any(c.dep_ == "amod" and c.lower_ == "empty" for c in place.children):
        return True
    if place.dep_ in ("nsubj", "nsubjpass") and place.head.lemma_ in ("be", "stay", "look", "seem", "become", "remain"):
        return any(c.dep_ in ("acomp", "attr") and c.lower_ == "empty" for c in place.head.children)
    return False


def _clear_sky(doc: Doc, words: frozenset[str]) -> bool:
    """"The sky was clear", "a sunny day", "a cloudless night"."""
    for token in doc:
        word = token.lower_
        if word in ("cloudless", "sunny"):
            return True
        if word not in words:
            continue
        if token.dep_ == "amod" and token.head.lemma_.lower() in CLEAR_SKY_NOUNS:
            return True
        if token.dep_ == "acomp" and any(c.dep_ == "nsubj" and c.lemma_.lower() in CLEAR_SKY_NOUNS
                                         for c in token.head.children):
            return True
    return False


def read_evidence(text: str, table: AmbientTable) -> SceneEvidence:
    """Parse one resolved scene text and say, noun by noun, what is really in the scene."""
    from taleweaver.nlp import english

    doc = english()(text)
    return evidence_from_doc(doc, table)


def evidence_from_doc(doc: Doc, table: AmbientTable) -> SceneEvidence:
    evidence = SceneEvidence()
    quoted = _quoted(doc)
    for token in doc:
        if token.pos_ != "NOUN":
            continue
        lemma = token.lemma_.lower()
        if token.i in quoted:
            why = "spoken"
        elif _negated(token):
            why = "negated"
        elif _compared(token):
            why = "compared"
        elif _gone(token):
            why = "gone"
        elif _imagined(token):
            why = "imagined"
        else:
            why = None
        mention = Mention(lemma=lemma, start=token.idx, plural=token.tag_ == "NNS",
                          modifier=_modifier(token), absent_because=why)
        evidence.mentions.setdefault(lemma, []).append(mention)
        if token.lower_ != lemma:  # "geese" is looked up as "goose" but the graph may keep either
            evidence.mentions.setdefault(token.lower_, []).append(mention)
        if token.i not in quoted and lemma in table.empty_places and _is_empty(token):
            evidence.emptied_zones.add(table.empty_places[lemma])
    evidence.clear_sky = _clear_sky(doc, table.clear_sky_words)
    return evidence
