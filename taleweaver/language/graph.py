"""The relation graph stage: from scene text to entities and relations.

Reads: scene text (after coreference in the real pipeline; any text works) and, optionally,
the story's named characters ({"Pip": "penguin"}). Writes: a `SceneGraph` per scene or per
sentence (taleweaver/language/scene_graph.py). Uses the shared spaCy pipeline
`taleweaver.language.parsers.graph_parser()` and the word lists in data/language/relation_words.yaml.

    >>> graph = build_scene_graph("The crab and the fish hid under the rock.")
    >>> graph.triples()
    [('crab', 'under', 'rock'), ('fish', 'under', 'rock')]

Named characters: "Pip the penguin" gives an entity with lemma "penguin" and name "Pip";
later mentions of "Pip" in the same story are penguins too when the story's characters are
passed in (`story_characters` finds them in the whole story first).

Story memory (graph_memory.py): graph a story's scenes in reading order with one
`StoryMemory` (`build_story_scene_graphs` does it) and a scene inherits what earlier scenes
said: its setting ("Ginger padded in" -> into the cave named the scene before) and the kinds
of characters it names only by name ("Clover" -> the donkey of "The donkey was named Clover").
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from spacy.tokens import Doc, Span

from taleweaver.contracts import Story
from taleweaver.language.graph_nodes import QUOTES, Mentions, find_entities
from taleweaver.language.graph_words import RelationWords, relation_words
from taleweaver.language.graph_edges import find_relations, is_comparison
from taleweaver.language.graph_memory import StoryMemory
from taleweaver.language.scene_graph import SceneGraph
from taleweaver.language.parsers import graph_parser


def build_scene_graph(text: str, characters: Mapping[str, str] | None = None,
                      memory: StoryMemory | None = None) -> SceneGraph:
    """One graph for a whole scene: entities merged across its sentences.

    memory: the story's memory, when the scenes are graphed in reading order with one
    memory (see `build_story_scene_graphs`); None: the scene only remembers itself."""
    doc = _parse(text)
    memory = _next_scene(memory)
    graph = SceneGraph(text=text)
    for sent in doc.sents:
        _read_sentence(sent, graph, characters or {}, memory)
    return graph


def build_sentence_graphs(text: str, characters: Mapping[str, str] | None = None,
                          memory: StoryMemory | None = None) -> list[SceneGraph]:
    """One graph per sentence of `text` (spans are offsets inside each sentence).
    `memory` as in `build_scene_graph`."""
    doc = _parse(text)
    memory = _next_scene(memory)
    graphs = []
    for sent in doc.sents:
        doc.user_data["graph_offset"] = sent.start_char
        graph = SceneGraph(text=sent.text)
        _read_sentence(sent, graph, characters or {}, memory)
        graphs.append(graph)
    doc.user_data["graph_offset"] = 0
    return graphs


def build_story_scene_graphs(scene_texts: list[str],
                             characters: Mapping[str, str] | None = None) -> list[SceneGraph]:
    """One graph per scene, the scenes read in order with one `StoryMemory`, so a scene
    inherits its setting and its characters' kinds from the scenes before it. This is how a
    whole story should be graphed (after coreference, on the resolved scene texts)."""
    if isinstance(scene_texts, str) or not isinstance(scene_texts, (list, tuple)):
        raise TypeError(f"scene_texts must be a list of str, not {type(scene_texts).__name__}")
    memory = StoryMemory()
    return [build_scene_graph(text, characters, memory) for text in scene_texts]


def build_story_sentence_graphs(scene_texts: list[str],
                                characters: Mapping[str, str] | None = None) -> list[list[SceneGraph]]:
    """Like `build_story_scene_graphs`, one graph per sentence: a list per scene."""
    if isinstance(scene_texts, str) or not isinstance(scene_texts, (list, tuple)):
        raise TypeError(f"scene_texts must be a list of str, not {type(scene_texts).__name__}")
    memory = StoryMemory()
    return [build_sentence_graphs(text, characters, memory) for text in scene_texts]


def story_characters(scene_texts: list[str], hero: str | None = None,
                     hero_name: str | None = None) -> dict[str, str]:
    """Names the story gives its characters: {"Pip": "penguin", "Kiki": "parrot"}.

    Found where the text says what a name is ("Pip the penguin", "a parrot named Kiki",
    "her parrot Kiki", "Princess Elodie"); `hero_name` is `hero` when given.
    """
    found: dict[str, str] = {}
    if hero and hero_name:
        found[hero_name] = hero
    for text in scene_texts:
        for entity in build_scene_graph(text, found).entities:
            if entity.name and entity.lemma != entity.name.lower():
                found.setdefault(entity.name, entity.lemma)
                for part in entity.name.split()[1:]:  # "Princess Elodie" is also "Elodie"
                    found.setdefault(part, entity.lemma)
    return found


def build_story_graphs(story: Story) -> list[SceneGraph]:
    """One graph per scene of a `Story`, with the story's named characters resolved."""
    if not isinstance(story, Story):
        raise TypeError(f"build_story_graphs takes a taleweaver.contracts.Story, not {type(story).__name__}")
    texts = [scene.text for scene in story.scenes]
    characters = story_characters(texts, hero=story.choices.hero)
    return build_story_scene_graphs(texts, characters)


def _parse(text: str) -> Doc:
    if not isinstance(text, str):
        raise TypeError(f"scene text must be a str, not {type(text).__name__}")
    return graph_parser()(text)


def _next_scene(memory: StoryMemory | None) -> StoryMemory:
    memory = memory if memory is not None else StoryMemory()
    memory.start_scene()
    return memory


def _read_sentence(sent: Span, graph: SceneGraph, characters: Mapping[str, str],
                   memory: StoryMemory) -> None:
    """Add one sentence's entities and relations to `graph`. `memory` holds what the story
    named before this sentence, so "Her map fell in." can find the lake of the sentence
    before and "Clover" the donkey of an earlier scene; the sentence is added to it after."""
    words = relation_words()
    characters = memory.characters(characters, words.generic_characters)
    _repair_mistagged_verbs(sent, words.mistagged_verbs)
    _repair_verb_lemmas(sent, words.verb_lemmas)
    _repair_named_possessives(sent)
    _repair_manner_objects(sent, words.manner_words)
    _repair_missing_subjects(sent, characters)
    _repair_comma_participles(sent)
    mentions = find_entities(sent, graph, words, characters, _quoted_tokens(sent.doc), memory.kind_aliases())
    find_relations(sent, mentions, words, memory.setting())
    _learn_kind_aliases(sent, mentions, words, memory)
    # Everything the sentence named, and the places it only implied ("padded in": the cave,
    # which is then the latest place again), in text order.
    named = {**mentions.entity_at, **mentions.implied_at}
    for index in sorted(named):
        entity = graph.entity(named[index])
        if not entity.is_pronoun and not is_comparison(sent.doc[index]):
            memory.remember(entity.lemma, entity.name, mentions.is_character(entity.id))
            if entity.name and mentions.is_character(entity.id):
                memory.learn_kind(entity.name, entity.lemma)


def _learn_kind_aliases(sent: Span, mentions: Mentions, words: RelationWords, memory: StoryMemory) -> None:
    """"A longneck dinosaur", "the baby dinosaurs": a character noun that modifies another
    character noun is a short name for that kind in the rest of the story. Not when the kind
    is a word for any character ("a white goose friend": a later "goose" is not a friend)."""
    for token in sent:
        if (token.dep_ == "compound" and token.pos_ == "NOUN" and token.head.pos_ == "NOUN"
                and token.i not in mentions.quoted):
            modifier, kind = token.lemma_.lower(), token.head.lemma_.lower()
            if modifier in words.characters and kind in words.characters and kind not in words.generic_characters:
                memory.learn_alias(modifier, kind)


def _repair_mistagged_verbs(sent: Span, verbs: Mapping[str, str]) -> None:
    """"The octopus swam/NN under the boat": make "swam" the verb and "octopus" its subject."""
    for token in sent:
        if token.lower_ in verbs and token.pos_ == "NOUN":
            token.pos_, token.tag_, token.lemma_ = "VERB", "VBD", verbs[token.lower_]
            for child in token.lefts:
                if child.dep_ in ("compound", "amod", "nmod") and child.pos_ in ("NOUN", "PROPN"):
                    child.dep_ = "nsubj"


def _repair_verb_lemmas(sent: Span, lemmas: Mapping[str, str]) -> None:
    """spaCy's lemmatizer reads "stared" as "star": put the verb's real lemma back."""
    for token in sent:
        if token.lower_ in lemmas and token.pos_ in ("VERB", "AUX"):
            token.lemma_ = lemmas[token.lower_]


def _repair_named_possessives(sent: Span) -> None:
    """Coreference writes "her fence" as "Hopper the bunny's fence", and the parser often
    hangs the fence on the name as an apposition ("sat on Hopper/pobj ... fence/appos"). Give
    the possessed noun the name's place in the clause and hang the name on its kind."""
    for case in sent:
        if case.lower_ not in ("'s", "'") or case.dep_ != "case" or case.i - sent.start < 3:
            continue
        kind, the, name = case.head, case.doc[case.i - 2], case.doc[case.i - 3]
        if kind.i != case.i - 1 or the.lower_ != "the" or name.pos_ != "PROPN" or kind.dep_ != "poss":
            continue
        owned = kind.head
        if owned.i <= case.i or name.dep_ == "ROOT" or owned in name.ancestors or name.head == kind:
            continue  # already read as one noun phrase
        owned.head, owned.dep_ = name.head, name.dep_
        name.head, name.dep_ = kind, "compound"


def _repair_manner_objects(sent: Span, manner_words) -> None:
    """"held the violet tight": the parser makes "tight" the object and "violet" its compound."""
    for token in sent:
        if token.lower_ in manner_words and token.dep_ in ("dobj", "obj") and token.pos_ in ("NOUN", "PROPN"):
            thing = next((c for c in token.lefts if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")), None)
            if thing is None:
                continue
            verb = token.head
            for child in list(token.lefts):
                if child.dep_ == "det":
                    child.head = thing
            thing.head, thing.dep_ = verb, token.dep_
            token.head, token.dep_, token.pos_ = verb, "advmod", "ADV"


def _repair_missing_subjects(sent: Span, characters: Mapping[str, str]) -> None:
    """"The fairy/compound waves/VERB her wand", "Hyacinth/ADJ held the leaf": a verb with no
    subject whose only noun before it is a known name or a compound noun gets it as subject."""
    for verb in sent:
        if verb.pos_ != "VERB" or verb.dep_ not in ("ROOT", "conj") or verb.tag_ == "VB":
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
            continue
        before = [c for c in verb.lefts if c.dep_ not in ("punct", "cc", "det", "aux", "neg", "advmod")
                  or c.text in characters]
        if len(before) != 1:
            continue
        candidate = before[0]
        if (candidate.dep_ == "compound" and candidate.pos_ in ("NOUN", "PROPN")) or (
                candidate.text in characters and candidate.dep_ in ("advmod", "npadvmod", "amod")):
            candidate.dep_ = "nsubj"


def _repair_comma_participles(sent: Span) -> None:
    """"She slid down the dune, giggling, right behind the oranges": the parser reads the
    "-ing" word set off by a comma as a noun joined to "dune", and hangs "behind" on it. A bare
    "-ing" noun (no article, possessive or adjective) right after a comma is a participle of
    the clause's verb: make it one, so what hangs on it places the one who giggles."""
    for token in sent:
        if not (token.tag_ == "NN" and token.lower_.endswith("ing") and token.i > sent.start
                and token.doc[token.i - 1].text == "," and token.dep_ in ("conj", "appos", "npadvmod")):
            continue
        if any(c.dep_ in ("det", "poss", "amod", "nummod", "compound") for c in token.children):
            continue
        if token.lower_ in _noun_index():
            continue  # a real noun that ends in "-ing": "morning", "string", "ping"
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            continue
        token.pos_, token.tag_, token.dep_, token.head = "VERB", "VBG", "advcl", verb
        lemmas = graph_parser().get_pipe("lemmatizer").rule_lemmatize(token)  # "giggling" -> "giggle"
        token.lemma_ = lemmas[0] if lemmas else token.lower_


@lru_cache(maxsize=1)
def _noun_index() -> frozenset[str]:
    """Every noun spaCy's English lemmatizer knows as a noun."""
    return frozenset(graph_parser().get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"])


def _quoted_tokens(doc: Doc) -> set[int]:
    """Indexes of tokens inside quotation marks: what characters say is not in the picture."""
    inside, quoted = False, set()
    for token in doc:
        if token.text in QUOTES:
            inside = not inside
        elif inside:
            quoted.add(token.i)
    return quoted
