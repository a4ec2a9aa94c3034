"""A learned edge model for the relation graph: candidates from the parse, kept by a logistic model.

The hand-written rules (graph_edges.py) decide every edge themselves. This module instead
proposes **candidate edges** for a parsed sentence with high recall and lets a small logistic
regression (models/relation_edges.json, trained by `python -m taleweaver.language.train_edges`)
keep those it scores at or above the model's threshold. Candidates:

- every edge the rules drew for the sentence (the only source of `between`, `giving_to` and
  of places the sentence only implies, "Her map fell in.");
- a spatial preposition (data/language/relation_words.yaml's `prepositions`, plus "in front
  of", "next to", "close to", "on top of", "at the edge / top / bottom of", "around", "at",
  "after", "with", "of", "to" after gripping or sticking verbs) pairs each entity of its
  object with every other entity node of the sentence;
- an interaction verb (holding, riding, chasing, watching verbs; "take") pairs each entity of
  its direct object with every other entity node of the sentence.

Each candidate carries a few readable features (`sentence_candidates`): the proposed
relation, the trigger word, the dependency path from the subject's token to the trigger, the
kind of each entity (character, container, surface...), the verb's class (placing, finding,
searching...), token distance, and whether the rules drew it.

Measured (docs/relation-graph.md, "Learned edge model (2026-12-07)"): it does not beat the
rules, so graph.py does not use it. To try it, graph inside `recording(load_model())`:
each sentence's edges are then the kept candidates.

    >>> from taleweaver.language.graph import build_scene_graph
    >>> with recording(load_model()):
    ...     build_scene_graph("The crab hid under the rock.").triples()
    [('crab', 'under', 'rock')]
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from taleweaver.language.graph_edges import (
    _RelationFinder, _governing_verb, _is_preposition, _list_continued, _pobj_of, _region_owner, conjuncts)
from taleweaver.language.graph_nodes import Mentions
from taleweaver.language.graph_words import RelationWords
from taleweaver.language.scene_graph import Relation, SceneGraph
from taleweaver.paths import MODELS_DIR

MODEL_PATH = MODELS_DIR / "relation_edges.json"
MAX_PATH = 5  # longer dependency paths are all "long"


@dataclass
class Candidate:
    """One proposed edge of a sentence graph, by entity id, with its features."""

    subject: str
    relation: str
    object: str | None = None
    between: tuple[str, str] | None = None
    thing: str | None = None
    features: list[str] = field(default_factory=list)
    rule: bool = False
    length: int = 99  # dependency path length subject -> trigger -> object (the shortest kept)

    @property
    def key(self) -> tuple:
        return (self.subject, self.relation, self.object, self.between, self.thing)

    def to_relation(self) -> Relation:
        return Relation(self.subject, self.relation, self.object, self.between, self.thing)


# --- candidates -----------------------------------------------------------------------------

def sentence_candidates(sent: Span, mentions: Mentions, words: RelationWords,
                        rule_relations: list[Relation]) -> list[Candidate]:
    """Every candidate edge of one parsed sentence (after the rules ran on it), features set."""
    finder = _RelationFinder(mentions, words)
    graph = mentions.graph
    tokens_of: dict[str, list[Token]] = {}
    for token in sent:
        entity = mentions.of(token)
        if entity is not None and token.i not in mentions.quoted:
            tokens_of.setdefault(entity, []).append(token)
    found: dict[tuple, Candidate] = {}

    def propose(subject: str, relation: str, obj: str, trigger: Token, obj_token: Token) -> None:
        if subject == obj:
            return
        best = None
        for s_token in tokens_of.get(subject, []):
            length = len(_path(s_token, trigger)) + len(_path(trigger, obj_token))
            if best is None or length < best[0]:
                best = (length, s_token)
        if best is None:
            return
        length, s_token = best
        key = (subject, relation, obj, None, None)
        old = found.get(key)
        if old is not None and old.length <= length:
            return
        features = _parse_features(s_token, trigger, obj_token, relation, finder, words)
        found[key] = Candidate(subject, relation, obj, features=features, length=length)

    for token in sent:
        if token.i in mentions.quoted:
            continue
        for relation, trigger, targets in _triggers(token, mentions, words):
            for obj_token in targets:
                obj = mentions.of(obj_token)
                if obj is None:
                    continue
                for subject in tokens_of:
                    propose(subject, relation, obj, trigger, obj_token)

    for relation in rule_relations:
        key = (relation.subject, relation.relation, relation.object, relation.between, relation.thing)
        if key not in found:
            found[key] = Candidate(relation.subject, relation.relation, relation.object, relation.between,
                                   relation.thing, features=["trigger=RULE_ONLY"])
        found[key].rule = True

    out = []
    for candidate in found.values():
        candidate.features = _common_features(candidate, graph, mentions, words) + candidate.features
        out.append(candidate)
    return out


def _triggers(token: Token, mentions: Mentions, words: RelationWords) -> list[tuple[str, Token, list[Token]]]:
    """(proposed relation, trigger token, object tokens) for one token of the sentence."""
    lemma, word = token.lemma_.lower(), token.lower_
    out = []
    if token.pos_ in ("VERB", "AUX"):
        objects = [o for c in token.children if c.dep_ in ("dobj", "obj") for o in conjuncts(c)]
        passive = [o for c in token.children if c.dep_ == "nsubjpass" for o in conjuncts(c)]
        objects += passive  # "the ball was chased by the puppy": the model sees the path
        up = any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children)
        if lemma in words.holding_verbs or (lemma in words.picking_up_verbs and up) or lemma == "take":
            out.append(("holding", token, objects))
        if lemma in words.riding_verbs:
            out.append(("riding", token, objects))
        if lemma in words.chasing_verbs:
            out.append(("chasing", token, objects))
        if lemma in words.looking_verbs:
            out.append(("looking_at", token, objects))
        return out
    if not (_is_preposition(token) or token.dep_ == "prep"):
        return out
    pobj = _pobj_of(token)
    if pobj is None:
        return out
    targets = [*conjuncts(pobj), *_list_continued(pobj)]
    verb = _governing_verb(token)
    verb_lemma = verb.lemma_.lower() if verb is not None else ""
    region = pobj.lower_
    if region in words.region_nouns or region in ("top", "front", "back"):
        inner = _region_owner(pobj, words)
        if inner is not None:
            targets = conjuncts(inner)
            if region == "front" and word == "in":
                return [("in_front_of", token, targets)]
            if region == "top":
                return [("on", token, targets)]
            if region == "back" and word in ("on", "onto"):
                return [("riding", token, targets), ("on", token, targets)]
            if region in words.region_under:
                return [("under", token, targets)]
            if word == "at":
                return [("near" if region in words.region_at_near else "in", token, targets)]
    relation = words.prepositions.get(word)
    if word == "to" and token.head.lower_ in ("next", "close"):
        relation = "next_to" if token.head.lower_ == "next" else "near"
    if relation is not None and relation != "between":
        out.append((relation, token, targets))
        if word in ("on", "onto", "upon"):
            out.append(("riding", token, targets))
    if word in ("on", "onto", "to") and verb_lemma in words.gripping_verbs:
        out.append(("holding", token, targets))
    if word == "to" and verb_lemma in words.sticking_verbs:
        out.append(("on", token, targets))
    if word == "around":
        out.append(("on", token, targets))
    if word == "at":
        out.append(("looking_at" if verb_lemma in words.looking_at_verbs else "near", token, targets))
    if word == "after":
        out.append(("chasing", token, targets))
    if word == "with":
        out.append(("holding", token, targets))
    if word == "of" and token.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        holder = token.head.head if token.head.lower_ == "full" else token.head
        if mentions.of(holder) is not None:
            # "a jar of sand": the contents are in the container (subject and object swapped)
            out.append(("in~of", holder, targets))
    return out


def _common_features(candidate: Candidate, graph: SceneGraph, mentions: Mentions,
                     words: RelationWords) -> list[str]:
    relation = candidate.relation
    skind = _kind(candidate.subject, graph, mentions, words)
    okind = _kind(candidate.object, graph, mentions, words) if candidate.object else "none"
    rule = "1" if candidate.rule else "0"
    return ["bias", f"rel={relation}", f"rule={rule}", f"rel={relation}|rule={rule}",
            f"skind={skind}", f"okind={okind}", f"rel={relation}|skind={skind}", f"rel={relation}|okind={okind}",
            f"rel={relation}|skind={skind}|okind={okind}"]


def _parse_features(subject: Token, trigger: Token, obj: Token, relation: str,
                    finder: _RelationFinder, words: RelationWords) -> list[str]:
    word = trigger.lemma_.lower() if trigger.pos_ in ("VERB", "AUX") else trigger.lower_
    spath = _path_string(subject, trigger)
    opath = _path_string(trigger, obj)
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else _governing_verb(trigger)
    vclass = _verb_class(verb, words)
    distance = abs(subject.i - obj.i)
    bucket = next(b for b in (1, 2, 3, 5, 8, 12, 999) if distance <= b)
    imagined = verb is not None and finder.is_imagined(verb)
    sentence_subject = subject.dep_ in ("nsubj", "nsubjpass") and subject.head.dep_ == "ROOT"
    return [f"trig={word}", f"rel={relation}|trig={word}", f"spath={spath}", f"rel={relation}|spath={spath}",
            f"trig={word}|spath={spath}", f"opath={opath}", f"vclass={vclass}", f"vclass={vclass}|spath={spath}",
            f"rel={relation}|vclass={vclass}", f"dist<={bucket}", f"order={'sf' if subject.i < obj.i else 'of'}",
            f"imagined={int(imagined)}", f"sdep={subject.dep_}", f"subj_is_sentence_subject={int(sentence_subject)}",
            f"trig_head={trigger.head.pos_}"]


def _kind(entity_id: str, graph: SceneGraph, mentions: Mentions, words: RelationWords) -> str:
    entity = graph.entity(entity_id)
    lemma = entity.lemma
    if entity.is_pronoun:
        return "pronoun"
    if mentions.is_character(entity_id):
        return "character"
    for kind, members in (("garment", words.garments), ("container", words.containers),
                          ("enterable", words.enterable_places), ("open_place", words.open_places),
                          ("surface", words.surfaces), ("rideable", words.rideables), ("sky", words.sky_things),
                          ("at_place", words.at_places)):
        if lemma in members:
            return kind
    return "thing"


def _verb_class(verb: Token | None, words: RelationWords) -> str:
    if verb is None:
        return "none"
    lemma = verb.lemma_.lower()
    for name, members in (("placing", words.placing_verbs), ("finding", words.finding_verbs),
                          ("searching", words.searching_verbs), ("shaping", words.shaping_verbs),
                          ("wearing", words.wearing_verbs), ("holding", words.holding_verbs),
                          ("mounting", words.mounting_verbs), ("moving", words.chasing_after_verbs),
                          ("inverted", words.inverted_verbs)):
        if lemma in members:
            return name
    return "be" if lemma == "be" else "other"


def _path(a: Token, b: Token) -> list[str]:
    """Dependency path from a to b: labels going up ("nsubj<") then down (">prep")."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    in_b = {t.i for t in up_b}
    common = next((t for t in up_a if t.i in in_b), None)
    if common is None:
        return ["far"] * (MAX_PATH + 1)
    ups = [f"{t.dep_}<" for t in up_a[:[t.i for t in up_a].index(common.i)]]
    downs = [f">{t.dep_}" for t in reversed(up_b[:[t.i for t in up_b].index(common.i)])]
    return ups + downs


def _path_string(a: Token, b: Token) -> str:
    steps = _path(a, b)
    return "long" if len(steps) > MAX_PATH else " ".join(steps) or "same"


def finish(candidates: list[Candidate]) -> list[Candidate]:
    """"in~of" (contents of a container) proposals are turned around: subject is the contents."""
    out = []
    for c in candidates:
        if c.relation == "in~of":
            c = Candidate(c.object, "in", c.subject, features=[f.replace("in~of", "in_of") for f in c.features],
                          rule=False, length=c.length)
        out.append(c)
    merged: dict[tuple, Candidate] = {}
    for c in out:
        if c.key in merged:
            merged[c.key].features = sorted(set(merged[c.key].features) | set(c.features))
            merged[c.key].rule = merged[c.key].rule or c.rule
        else:
            merged[c.key] = c
    return list(merged.values())


# --- the model ------------------------------------------------------------------------------

@dataclass
class EdgeModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, candidate: Candidate) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(candidate.features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def keep(self, candidate: Candidate) -> bool:
        return self.probability(candidate) >= self.threshold

    def to_json(self, extra: dict | None = None) -> str:
        data = {"threshold": self.threshold, "bias": self.bias,
                "weights": {f: round(w, 5) for f, w in sorted(self.weights.items()) if abs(w) >= 1e-5}}
        data.update(extra or {})
        return json.dumps(data, indent=0, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "EdgeModel":
        data = json.loads(text)
        return cls(data["weights"], data["bias"], data["threshold"])


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> EdgeModel:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: rebuild it with `python -m taleweaver.language.train_edges`")
    return EdgeModel.from_json(path.read_text(encoding="utf-8"))


# --- wiring ---------------------------------------------------------------------------------

# While training, `recording()` collects each sentence graph's candidates here, by id(graph).
_RECORDED: dict[int, tuple[SceneGraph, list[Candidate]]] | None = None


def decide_edges(sent: Span, mentions: Mentions, words: RelationWords, graph: SceneGraph, first: int,
                 model: EdgeModel | None) -> list[Candidate]:
    """After the rules have added `graph.relations[first:]` for `sent`: build the candidates,
    record them when training, and with a model replace the sentence's edges by the kept ones."""
    rule_relations = graph.relations[first:]
    candidates = finish(sentence_candidates(sent, mentions, words, rule_relations))
    if _RECORDED is not None:
        _RECORDED.setdefault(id(graph), (graph, []))[1].extend(candidates)
    if model is not None:
        del graph.relations[first:]
        for candidate in candidates:
            if model.keep(candidate):
                graph.add_relation(candidate.to_relation())
    return candidates


class recording:
    """`with recording(model) as found:` every sentence graph built inside is graphed by the
    rules as usual and leaves its candidates in `found[id(graph)] = (graph, candidates)`; with
    a model, the sentence's edges are then replaced by the candidates it keeps. (It wraps
    graph.py's `find_relations` for the duration; training uses it without a model.)"""

    def __init__(self, model: EdgeModel | None = None):
        self.model = model

    def __enter__(self) -> dict:
        global _RECORDED
        from taleweaver.language import graph as graph_module

        self._graph_module, self._rules = graph_module, graph_module.find_relations

        def find_and_decide(sent, mentions, words, memory=None):
            first = len(mentions.graph.relations)
            self._rules(sent, mentions, words, memory)
            decide_edges(sent, mentions, words, mentions.graph, first, self.model)

        graph_module.find_relations = find_and_decide
        _RECORDED = {}
        return _RECORDED

    def __exit__(self, *exc) -> None:
        global _RECORDED
        self._graph_module.find_relations = self._rules
        _RECORDED = None


def is_recording() -> bool:
    return _RECORDED is not None
