"""The relation graph of a scene: what is in the picture and how the things relate.

    Entity   a character, animal or object the text mentions (one node per thing)
    Relation a spatial or interaction edge between entities, from a closed set
    SceneGraph  the entities and relations of one sentence or one scene

`SceneGraph.to_dict()` is what goes into `scenes.json`; docs/relation-graph.md describes
every field with examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The closed set of relations. Layout knows how to draw each of these, and nothing else.
SPATIAL_RELATIONS = (
    "under", "on", "in", "inside", "above", "below", "behind", "in_front_of",
    "next_to", "near", "between",
)
INTERACTION_RELATIONS = ("holding", "riding", "chasing", "looking_at", "giving_to")
RELATIONS = SPATIAL_RELATIONS + INTERACTION_RELATIONS

# Pronoun entities keep the pronoun as their lemma until coreference rewrites the text.
PRONOUN_LEMMAS = ("he", "she", "it", "they")


@dataclass
class Entity:
    """One thing in the scene.

    id: stable within its graph ("e1", "e2", ...).
    lemma: the head noun's lemma ("penguin"); a pronoun ("he") when the text only has one;
        the lower-cased name when a named character's kind is unknown ("mrs. butterscotch").
    name: the character's name when the text gives one ("Pip" in "Pip the penguin").
    attributes: color and size words, in text order ("big", "purple").
    count: how many ("three fish" -> 3); None when the text does not say.
    span: (start, end) character offsets of the first mention in the graph's text.
    """

    id: str
    lemma: str
    name: str | None = None
    attributes: list[str] = field(default_factory=list)
    count: int | None = None
    span: tuple[int, int] = (0, 0)

    @property
    def is_pronoun(self) -> bool:
        return self.name is None and self.lemma in PRONOUN_LEMMAS

    def to_dict(self) -> dict:
        return {"id": self.id, "lemma": self.lemma, "name": self.name,
                "attributes": list(self.attributes), "count": self.count, "span": list(self.span)}


@dataclass(frozen=True)
class Relation:
    """One edge: `subject` RELATION `object`, by entity id.

    between: the two entity ids of "between A and B" (object is then None).
    thing: for giving_to, the id of what is given ("gave a shell to the turtle":
        subject=girl, object=turtle, thing=shell).
    """

    subject: str
    relation: str
    object: str | None = None
    between: tuple[str, str] | None = None
    thing: str | None = None

    def __post_init__(self):
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}; allowed: {', '.join(RELATIONS)}")
        if self.relation == "between":
            if self.between is None or len(self.between) != 2 or self.object is not None:
                raise ValueError("a between relation needs exactly two `between` ids and no object")
        elif self.object is None:
            raise ValueError(f"a {self.relation} relation needs an object")
        if self.thing is not None and self.relation != "giving_to":
            raise ValueError("only giving_to carries a `thing`")

    def to_dict(self) -> dict:
        data = {"subject": self.subject, "relation": self.relation}
        if self.relation == "between":
            data["between"] = list(self.between)
        else:
            data["object"] = self.object
        if self.thing is not None:
            data["thing"] = self.thing
        return data


@dataclass
class SceneGraph:
    """Entities and relations of a piece of scene text (one sentence or a whole scene)."""

    text: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def entity(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(f"no entity {entity_id!r} in this graph")

    def add_relation(self, relation: Relation) -> None:
        """Add an edge once; self-loops ("the fox sat next to the fox") are dropped."""
        ids = {relation.subject, relation.object, relation.thing, *(relation.between or ())} - {None}
        if relation.subject in (relation.object, relation.thing) or not ids:
            return
        if relation not in self.relations:
            self.relations.append(relation)

    def triples(self) -> list[tuple]:
        """Relations as readable tuples of lemmas, e.g. ("crab", "under", "rock")."""
        lemma = {e.id: e.lemma for e in self.entities}
        out = []
        for r in self.relations:
            target = tuple(lemma[i] for i in r.between) if r.between else lemma[r.object]
            row = (lemma[r.subject], r.relation, target)
            out.append(row + (lemma[r.thing],) if r.thing else row)
        return out

    def to_dict(self) -> dict:
        return {"text": self.text,
                "entities": [e.to_dict() for e in self.entities],
                "relations": [r.to_dict() for r in self.relations]}
