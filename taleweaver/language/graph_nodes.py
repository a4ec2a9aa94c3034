"""Find the entities of one parsed sentence: the nodes of the relation graph.

Reads a spaCy sentence (`Span`) and the hand-written word lists; writes `Entity` nodes into
the `SceneGraph` and returns `Mentions`, which says for every token that names a thing which
entity it names. Relations (graph_edges.py) only ever talk to `Mentions`.

What becomes an entity:
- a noun that is not on the `not_entities` list (times, sounds, ideas...); compounds stay
  with their head ("stone bridges" -> bridge); "a pile of pillows" -> pillow;
- a named character: "Pip the penguin" -> lemma penguin, name Pip; "Princess Elodie" ->
  princess; a name the story introduced elsewhere (the `characters` map) gets its kind;
- he/she/it/they when they fill a role in the sentence (coreference rewrites them earlier
  in the real pipeline; here they stay pronoun nodes);
- body parts are not entities: "on her head" points at her (see `Mentions.of`).
Words inside quotation marks are speech, not scene, and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from taleweaver.catalog import entries
from taleweaver.language.graph_words import RelationWords, relation_words
from taleweaver.language.scene_graph import Entity, SceneGraph

PRONOUN_FORMS = {
    "he": "he", "him": "he", "his": "he", "himself": "he",
    "she": "she", "her": "she", "hers": "she", "herself": "she",
    "it": "it", "its": "it", "itself": "it",
    "they": "they", "them": "they", "their": "they", "themselves": "they",
}
# Roles in which a pronoun stands for a thing in the picture ("his" in "his hat" does not).
PRONOUN_ROLES = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos", "oprd"}
QUOTES = {'"', "“", "”", "``", "''"}
RELATIVE_PRONOUNS = {"who", "that", "which"}


@dataclass
class Mentions:
    """Which entity each token names, for one sentence.

    entity_at: token index -> entity id (heads, name parts, "the penguin" of "Pip the penguin").
    body_part_at: token index of a body-part noun -> (owner entity id, part lemma).
    characters: ids of entities that are people or animals (they can ride, hold, be company).
    quoted: token indexes inside quotation marks.
    implied_at: token index of a bare place word ("padded in") -> the place it implies (the
        cave named before); kept apart from entity_at, which only holds words that name.
    kind_aliases: short names the story uses for a kind it named in full ("longneck" ->
        "dinosaur" after "a longneck dinosaur"), from the story memory.
    """

    graph: SceneGraph
    entity_at: dict[int, str] = field(default_factory=dict)
    body_part_at: dict[int, tuple[str, str]] = field(default_factory=dict)
    characters: set[str] = field(default_factory=set)
    quoted: set[int] = field(default_factory=set)
    implied_at: dict[int, str] = field(default_factory=dict)
    kind_aliases: dict[str, str] = field(default_factory=dict)

    def of(self, token: Token | None) -> str | None:
        """The entity a token names; a body part names its owner."""
        if token is None:
            return None
        if token.i in self.body_part_at:
            return self.body_part_at[token.i][0]
        return self.entity_at.get(token.i)

    def part_of(self, token: Token) -> str | None:
        """The body part a token names ("back"), or None."""
        found = self.body_part_at.get(token.i)
        return found[1] if found else None

    def is_character(self, entity_id: str | None) -> bool:
        return entity_id in self.characters


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """The catalog's theme names -> the node they are drawn as: the head noun of the name
    ("Dinosaur Valley" -> valley, "Enchanted Forest" -> forest, as "the enchanted forest"
    written in lower case already is), or the whole name when its head only says "a realm"
    ("Candy Land": a land is not a thing to draw)."""
    realms = relation_words().realm_words
    found = {}
    for theme in entries("theme"):
        name = theme.name.lower()
        head = name.replace("-", " ").split()[-1]
        found[name] = name if head in realms else head
    return found


def find_entities(sent: Span, graph: SceneGraph, words: RelationWords,
                  characters: dict[str, str], quoted: set[int],
                  kind_aliases: dict[str, str] | None = None) -> Mentions:
    mentions = Mentions(graph=graph, quoted=quoted, kind_aliases=dict(kind_aliases or {}))
    consumed: set[int] = set()
    _find_named(sent, mentions, words, characters, consumed)
    for token in sent:
        if token.i in consumed or token.i in quoted or token.i in mentions.entity_at:
            continue
        if _is_noun(token) or _is_owned_body_part(token, words):
            _add_noun(token, mentions, words)
        elif token.pos_ == "PRON":
            _add_pronoun(token, mentions)
    _add_relative_pronouns(sent, mentions)
    return mentions


# --- nouns -----------------------------------------------------------------------------

def _is_noun(token: Token) -> bool:
    # The small parser tags some plain nouns NNP ("white geese"); a lower-case word is a noun.
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())


def _is_owned_body_part(token: Token, words: RelationWords) -> bool:
    """"on the goat's back/ADV": the parser sometimes tags a possessed body part as an adverb."""
    return token.lower_ in words.body_parts and any(c.dep_ == "poss" for c in token.children)


def noun_lemma(token: Token) -> str:
    if token.pos_ == "PROPN" and token.text.islower():
        token.pos_ = "NOUN"  # lets the rule lemmatizer turn "geese" into "goose"
        token.lemma_ = _relemmatize(token)
    if token.lemma_.lower() == token.lower_ and token.text.islower():
        # an irregular plural tagged singular ("geese/NN") keeps its plural as lemma
        irregular = _irregular_plurals().get(token.lower_)
        if irregular:
            token.lemma_ = irregular[0]
    return token.lemma_.lower()


@lru_cache(maxsize=1)
def _irregular_plurals() -> dict[str, list[str]]:
    """spaCy's own table of irregular noun forms ("geese" -> "goose"), read from the parser."""
    from taleweaver.language.parsers import graph_parser

    return dict(graph_parser().get_pipe("lemmatizer").lookups.get_table("lemma_exc")["noun"])


def _relemmatize(token: Token) -> str:
    from taleweaver.language.parsers import graph_parser

    lemmas = graph_parser().get_pipe("lemmatizer").rule_lemmatize(token)
    return lemmas[0] if lemmas else token.text.lower()


def _add_noun(token: Token, mentions: Mentions, words: RelationWords) -> None:
    lemma = noun_lemma(token)
    if token.dep_ == "compound" and _is_noun(token.head):
        return  # "stone bridges": the bridge is the thing
    lemma = mentions.kind_aliases.get(lemma, lemma)  # "the longneck" of "a longneck dinosaur"
    if lemma in words.body_parts or (lemma in words.region_nouns and _possessor(token) is not None):
        owner = _owner_of(token, mentions)  # "her middle", "by his side": the owner
        if owner:
            mentions.body_part_at[token.i] = (owner, lemma)
        return
    if lemma in words.not_entities or _is_bare_gerund(token):
        return
    if lemma in words.collective_nouns and _of_object(token) is not None:
        return  # "a pile of pillows": the pillows are drawn, the pile is how many
    entity = _entity(mentions, token, lemma, name=None)
    _add_attributes(entity, token, words)
    mentions.entity_at[token.i] = entity.id
    if lemma in words.characters:
        mentions.characters.add(entity.id)


def _is_bare_gerund(token: Token) -> bool:
    """"kept right on pecking": an -ing noun with no article is an action, not a thing."""
    return token.lower_.endswith("ing") and not any(
        c.dep_ in ("det", "poss", "amod", "nummod") for c in token.children)


def _possessor(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "poss"), None)


def _of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _owner_of(part: Token, mentions: Mentions) -> str | None:
    """The entity a body part belongs to: "her head" -> she, "Grandma's head" -> grandma."""
    for child in part.children:
        if child.dep_ == "poss":
            if child.lower_ in PRONOUN_FORMS:
                entity = _entity(mentions, child, PRONOUN_FORMS[child.lower_], name=None)
                mentions.characters.add(entity.id)
                return entity.id
            return mentions.entity_at.get(child.i) or _late_entity(child, mentions)
    back_of = _of_object(part)  # "the back of a big brown turtle"
    if back_of is not None:
        return mentions.entity_at.get(back_of.i) or _late_entity(back_of, mentions)
    return None


def _late_entity(token: Token, mentions: Mentions) -> str | None:
    """An owner noun that comes later in the sentence than its body part."""
    if _is_noun(token):
        _add_noun(token, mentions, relation_words())
    return mentions.entity_at.get(token.i)


def _add_attributes(entity: Entity, token: Token, words: RelationWords) -> None:
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "quantmod"):
            for word in [child, *child.conjuncts]:
                _add_attribute(entity, word, words)
                for grandchild in word.children:  # "bright orange": orange is under bright
                    if grandchild.dep_ in ("amod", "advmod", "compound"):
                        _add_attribute(entity, grandchild, words)
        if child.dep_ == "nummod":
            count = words.numbers.get(child.lower_) or (int(child.text) if child.text.isdigit() else None)
            if count:
                entity.count = count


def _add_attribute(entity: Entity, word: Token, words: RelationWords) -> None:
    text = word.lower_
    if text in words.attribute_words and text not in entity.attributes:
        entity.attributes.append(text)


# --- names -----------------------------------------------------------------------------

def _find_named(sent: Span, mentions: Mentions, words: RelationWords,
                characters: dict[str, str], consumed: set[int]) -> None:
    """Named characters: "Pip the penguin", "a marmot named Tilly", "Princess Elodie"."""
    places = place_names()
    for group in _name_groups(sent, words, characters, mentions.quoted):
        attributes = []
        while len(group) > 1 and group[0].lower_ in words.attribute_words:
            attributes.append(group.pop(0).lower_)  # "Little Milo", "Golden Bird"
        full = " ".join(t.text for t in group)
        kind_noun = _kind_beside(group, words)
        named = _named_noun(group)  # "a marmot named Tilly": the marmot is the entity
        name: str | None = full
        if full.lower() in places:  # "Candy Land", "Dinosaur Valley" (the valley, named)
            lemma = places[full.lower()]
            name = None if lemma == full.lower() else full
        elif named is not None:
            lemma = noun_lemma(named)
        elif kind_noun is not None:
            lemma = noun_lemma(kind_noun)
            known = characters.get(full)
            if lemma in words.generic_characters and known and known not in words.generic_characters:
                lemma = known  # coreference wrote "Sam the friend"; the story said "Sam the sloth"
            for token in kind_noun.children:
                if token.lower_ in words.attribute_words:
                    attributes.append(token.lower_)
        else:
            lemma = _kind_of_name(group, words, characters, multiword=len(group) + len(attributes) > 1)
            if lemma is None:
                continue  # a common noun with a capital ("Penguin Club"), not a character
        entity = _entity(mentions, group[-1], lemma, name=name)
        for word in attributes:
            if word not in entity.attributes:
                entity.attributes.append(word)
        for token in group + [t for t in (kind_noun, named) if t is not None]:
            mentions.entity_at[token.i] = entity.id
            consumed.add(token.i)
        if lemma in words.characters or (name is not None and lemma == name.lower()):
            mentions.characters.add(entity.id)


def _name_groups(sent: Span, words: RelationWords, characters: dict[str, str],
                 quoted: set[int]) -> list[list[Token]]:
    """Runs of capitalised proper nouns ("Mrs. Butterscotch", "Candy Land"). The small parser
    mistags names at the start of a sentence ("Georgie/VB the superhero", "Dilly/RB hopped"),
    so a capitalised word the story knows as a name, or one followed by "the <character>",
    counts too."""
    groups: list[list[Token]] = []
    current: list[Token] = []
    for token in sent:
        capitalised = token.text[:1].isupper() and token.text[1:].islower()
        is_name = (token.tag_ in ("NNP", "NNPS") and not token.text.islower()) or (
            token.lower_ in words.honorifics and token.text[:1].isupper()) or (
            capitalised and (token.text in characters or _followed_by_kind(token, words)))
        if is_name and token.i not in quoted:
            current.append(token)
            continue
        if current:
            groups.append(current)
        current = []
    if current:
        groups.append(current)
    return groups


def _followed_by_kind(token: Token, words: RelationWords) -> bool:
    """"Georgie the superhero": a capitalised word before "the <character>". Not an adverb
    that opens the sentence ("Now the otters slide"), which would become a name."""
    doc = token.doc
    return (token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "the"
            and token.lower_ not in words.not_entities and token.pos_ != "DET"
            and not _is_common_adverb(token.lower_)
            and noun_lemma(doc[token.i + 2]) in words.characters and token.i + 1 < len(doc))


def _is_common_adverb(word: str) -> bool:
    from taleweaver.language.parsers import graph_parser

    table = graph_parser().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return word in table["adv"]


def _kind_beside(group: list[Token], words: RelationWords) -> Token | None:
    """The noun that says what a named character is: "Pip the penguin", "her parrot Kiki",
    "her parrot, Kiki,", "Kismet, a fairy"."""
    doc = group[0].doc
    after = group[-1].i + 1
    if after < len(doc) and doc[after].lower_ == "the":
        for token in doc[after + 1: after + 5]:
            if _is_noun(token) and token.dep_ != "compound":
                return token if noun_lemma(token) in words.characters else None
            if token.pos_ not in ("ADJ", "NOUN", "PROPN") and token.lower_ not in words.attribute_words:
                break
    before = group[0].i - 1
    kind_before = None
    if before >= 0 and _is_noun(doc[before]) and noun_lemma(doc[before]) in words.characters:
        kind_before = doc[before]  # "her parrot Kiki"
        if noun_lemma(kind_before) not in words.generic_characters:
            return kind_before
    head = group[-1].head
    if (kind_before is None and group[-1].dep_ == "appos" and head.i < group[0].i and _is_noun(head)
            and noun_lemma(head) in words.characters):
        kind_before = head  # "Flora's parrot, Pepper, ruffled his feathers": set off by commas
        if noun_lemma(kind_before) not in words.generic_characters:
            return kind_before
    for token in group:
        for child in token.children:
            if child.dep_ == "appos" and _is_noun(child) and noun_lemma(child) in words.characters:
                return child
    if after + 1 < len(doc) and doc[after].text == "," and doc[after + 1].lower_ in ("a", "an"):
        # "her friend Tumble, a little mountain goat": a goat, not "friend" (the parser often
        # hangs the goat elsewhere)
        for token in doc[after + 2: after + 6]:
            if _is_noun(token) and token.dep_ != "compound":
                return token if noun_lemma(token) in words.characters else kind_before
            if token.pos_ not in ("ADJ", "NOUN", "PROPN") and token.lower_ not in words.attribute_words:
                break
    return kind_before


def _named_noun(group: list[Token]) -> Token | None:
    """"a marmot named Tilly" -> marmot; "The donkey was named Clover" -> donkey."""
    head = group[-1].head
    if head.lemma_ in ("name", "call") and head.dep_ == "acl" and _is_noun(head.head):
        return head.head
    if head.lemma_ in ("name", "call") and group[-1].dep_ in ("oprd", "attr", "xcomp"):
        return next((c for c in head.children if c.dep_ == "nsubjpass" and _is_noun(c)), None)
    return None


def _kind_of_name(group: list[Token], words: RelationWords, characters: dict[str, str],
                  multiword: bool) -> str | None:
    """What a name without an apposition stands for."""
    full = " ".join(t.text for t in group)
    for key in [full, *(t.text for t in reversed(group))]:  # the story said: "Atlas the dragon"
        if key in characters:
            return characters[key]
    last = group[-1].text.lower()
    first = group[0].lower_
    if multiword and first not in words.honorifics:
        if last in words.characters:
            return last  # "Grandma Bear"
        if _is_common_noun(last) and first not in words.titled_kinds:
            return None if last in words.not_entities else last  # "Echo Cave", "Reef School"
    if first in words.titled_kinds and (len(group) > 1 or first in words.characters):
        return words.titled_kinds[first]  # "Princess Elodie", "Grandma"
    if len(group) == 1 and first in words.characters:
        return first  # "the Queen"
    return full.lower()


def _is_common_noun(word: str) -> bool:
    from taleweaver.language.parsers import graph_parser

    table = graph_parser().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return word in table["noun"]


# --- pronouns ----------------------------------------------------------------------------

def _add_pronoun(token: Token, mentions: Mentions) -> None:
    form = PRONOUN_FORMS.get(token.lower_)
    if form is None or token.dep_ not in PRONOUN_ROLES:
        return
    if form == "it" and _is_empty_it(token):
        return
    entity = _entity(mentions, token, form, name=None)
    mentions.entity_at[token.i] = entity.id
    if form in ("he", "she"):
        mentions.characters.add(entity.id)


def _is_empty_it(token: Token) -> bool:
    """"It was a cloud" and "it was too big to ..." name nothing by themselves."""
    head = token.head
    return token.dep_ == "nsubj" and head.lemma_ == "be" and any(
        c.dep_ in ("attr", "acomp") for c in head.children)


def _add_relative_pronouns(sent: Span, mentions: Mentions) -> None:
    """"a fairy who lived in a flower": "who" is the fairy."""
    for token in sent:
        if token.lower_ in RELATIVE_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            clause = token.head
            if clause.dep_ == "relcl" and clause.head.i in mentions.entity_at:
                mentions.entity_at[token.i] = mentions.entity_at[clause.head.i]


# --- the graph's node list -------------------------------------------------------------------

def entity_for(mentions: Mentions, token: Token, lemma: str, name: str | None) -> Entity:
    """The graph's node for a thing the sentence only implies ("fell in": the lake named
    before); its span is the word that implies it."""
    return _entity(mentions, token, lemma, name)


def _same_name(one: str, other: str) -> bool:
    """"Princess Alma" and "Alma" name one character."""
    short, long = sorted((one.split(), other.split()), key=len)
    return all(word in long for word in short)


def _entity(mentions: Mentions, token: Token, lemma: str, name: str | None) -> Entity:
    """The scene's entity for (lemma, name): one node per thing, however often it is named."""
    graph = mentions.graph
    for entity in graph.entities:
        if entity.lemma == lemma and (name is None or entity.name is None or _same_name(entity.name, name)):
            if name and not entity.name:
                entity.name = name
            return entity
    start = token.idx - token.doc.user_data.get("graph_offset", 0)
    entity = Entity(id=f"e{len(graph.entities) + 1}", lemma=lemma, name=name,
                    span=(start, start + len(token.text)))
    graph.entities.append(entity)
    return entity
