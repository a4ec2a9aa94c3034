"""Object selection: which things a scene's picture shows.

    select_objects(resolved_text, graph, background, hero, ...) -> Selection

Reads:  the scene's text after coreference (pronouns already replaced by who they mean), its
        relation graph (taleweaver/language: entities and relations), the chosen background's
        layout (design, theme, time of day, keywords), the catalog hero (and the hero's name,
        when the story gives one), the adjective (for the safety policy) and a seed.
Writes: a `Selection`: the objects to draw (key, object id, role, count, where each came
        from), the relations between them as `LayoutRelation`s for the layout model, and
        every noun that is not drawn with the reason (no picture in the library, drawn by the
        background, the text rules it out, scary, ...), which goes into scenes.json.

The rules, in order, for each entity of the graph:
  1. Look its noun up in the object library (`find_object`, a compound first: "sun hat").
     No picture: skipped and reported, never an error.
  2. The text must put it in the scene: not negated, compared, gone, imagined or spoken
     (select_absent.py). The time of day, a clear sky and an empty place rule out more
     ("the sun" at night, rain when "the sky was clear", fish when "the pond was empty").
  3. The hero: the entity that is the catalog hero's picture (by name when the story names
     the hero). Coreference has already rewritten "she" to "Coral the mermaid", so the hero is
     found in every scene that mentions them in any way.
  4. Not something the background already is or paints: "the shipwreck" on the shipwreck
     design, the sun in a sky that has one (unless the text relates it to something).
  5. Not scary (the index's `scary` flag: shark, snake, crocodile, spider) unless the safety
     policy allows it for the tone (docs/safety.md allows none today), and its names pass the
     safety screen's label check.
  6. Counts: "three fish" -> 3, "the fireflies" -> a few; at most MAX_COPIES.
Then the graph's relations between chosen things become LayoutRelations, the hero's stand-in
props are added (the pirate's flag), and up to AMBIENT_ITEMS ambient props that fit the
background fill the scene (select_ambient.py, data/scene/ambient.yaml).
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

import yaml

from taleweaver.language.scene_graph import Entity, SceneGraph
from taleweaver.paths import DATA_DIR
from taleweaver.scene.assets import SceneObject, find_object, get_object, hero_object, hero_props
from taleweaver.scene.backgrounds.layout import BackgroundLayout
from taleweaver.scene.layout import LayoutItem, LayoutRelation
from taleweaver.scene.select_absent import SceneEvidence, read_evidence
from taleweaver.scene.select_ambient import ambient_table

MAX_TEXT_ITEMS = 7     # things from the text in one picture (the hero included)
MAX_COPIES = 5         # "twenty fish" still draws five
AMBIENT_ITEMS = 2      # ambient props per scene, at most
CROWDED_COPIES = 10    # no ambient props once the text already asks for this many copies
PLURAL_COPIES = {"tiny": 3, "small": 3, "medium": 2, "large": 2, "huge": 1}  # "the fireflies"
CHARACTER_CATEGORIES = ("character", "person", "animal")

# Scary objects the safety policy (docs/safety.md) allows for a tone, by adjective. The policy
# names no scary animal for any adjective, so every scary object stays out of the pictures.
SCARY_ALLOWED_BY_ADJECTIVE: dict[str, frozenset[str]] = {}

# Relations that attach a thing to one other thing: a subject keeps only its first one.
ATTACHING = ("on", "in", "inside", "riding")
ABSENT_REASONS = {
    "negated": "the text says it is not there",
    "compared": "only named in a comparison",
    "gone": "the text says it is gone",
    "imagined": "only imagined or dreamed of",
    "spoken": "only named in what a character says",
}
# Head nouns that only say "some kind of" the word before them: "cactus plants" are cacti.
GENERIC_HEADS = frozenset({"plant", "thing", "bush", "patch"})
ABSTRACT_NOUNS_PATH = DATA_DIR / "lexicons" / "abstract_nouns.yaml"
BACKGROUND_GROUPS = {"places", "substances", "light"}
PART_GROUPS = {"body_parts", "object_parts"}


@dataclass(frozen=True)
class SelectedObject:
    """One thing to draw. `source` is where it came from: "text" (the scene names it),
    "hero_prop" (drawn with a stand-in hero picture) or "ambient" (fits the place)."""

    key: str
    object_id: str
    role: str           # hero | character | prop | ambient (the layout's roles)
    count: int
    source: str
    word: str | None = None         # the noun or name in the text
    entities: tuple[str, ...] = ()  # the graph entity ids it draws (the hero may have several)


@dataclass(frozen=True)
class SkippedNoun:
    """A noun of the scene that is not drawn, and why."""

    word: str
    reason: str
    entity: str | None = None
    object_id: str | None = None  # the picture it would have had, when it has one


@dataclass
class Selection:
    objects: list[SelectedObject] = field(default_factory=list)
    relations: list[LayoutRelation] = field(default_factory=list)
    skipped: list[SkippedNoun] = field(default_factory=list)
    dropped_relations: list[str] = field(default_factory=list)  # graph edges not drawn, readable
    notes: list[str] = field(default_factory=list)               # e.g. "no ambient fish: the pond is empty"

    @property
    def hero_present(self) -> bool:
        return any(o.role == "hero" for o in self.objects)

    def items(self) -> list[LayoutItem]:
        """The objects as the layout model's input."""
        return [LayoutItem(o.key, o.object_id, o.role, o.count) for o in self.objects]

    def to_dict(self) -> dict:
        return {"objects": [asdict(o) for o in self.objects],
                "relations": [{"subject": r.subject, "relation": r.relation, "objects": list(r.objects)}
                              for r in self.relations],
                "skipped": [asdict(s) for s in self.skipped],
                "dropped_relations": list(self.dropped_relations),
                "notes": list(self.notes)}


@lru_cache(maxsize=1)
def _noun_groups() -> dict[str, str]:
    """lemma -> its group in data/lexicons/abstract_nouns.yaml (body_parts, places, abstract...)."""
    raw = yaml.safe_load(ABSTRACT_NOUNS_PATH.read_text(encoding="utf-8"))
    return {str(word): group for group, words in raw.items() for word in words}


@lru_cache(maxsize=None)
def _label_problem(object_id: str) -> str | None:
    """Why the safety screen refuses this object's names ("label 'killer whale': death"), or None."""
    from taleweaver.safety.screen import screen_labels

    verdict = screen_labels(list(get_object(object_id).names))
    return None if verdict.safe else "; ".join(verdict.reasons)


def _no_picture_reason(lemma: str) -> str:
    group = _noun_groups().get(lemma)
    if group in PART_GROUPS:
        return "a part of its owner, drawn with it"
    if group in BACKGROUND_GROUPS:
        return "a place or stuff the background draws"
    if group is not None:
        return "not a thing to draw"
    return "no picture in the object library"


def _unsafe_reason(obj: SceneObject, adjective: str | None) -> str | None:
    if obj.scary and obj.id not in SCARY_ALLOWED_BY_ADJECTIVE.get(adjective or "", frozenset()):
        return f"scary: the safety policy does not allow a {obj.id} for a {adjective or 'story'} tone"
    problem = _label_problem(obj.id)
    return f"its names fail the safety screen ({problem})" if problem else None


def _key_for(word: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", word.lower()).strip("_") or "thing"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def _ruled_out(table, background: BackgroundLayout, evidence: SceneEvidence) -> dict[str, str]:
    """Object ids the scene's light, weather or emptiness rules out, with the reason."""
    out: dict[str, str] = {}
    if background.time_of_day == "night":
        out.update({i: "it is night" for i in table.night_leaves_out})
    if evidence.clear_sky:
        out.update({i: "the sky is clear" for i in table.clear_sky_leaves_out})
    for zone in sorted(evidence.emptied_zones):
        out.update({i: f"the text says the {zone} is empty" for i in table.empty_leaves_out.get(zone, ())})
    return out


def _lookup(entity: Entity, evidence: SceneEvidence, text: str) -> tuple[SceneObject | None, str | None]:
    """The entity's picture, trying its compound first ("sun hat"), and that modifier. When our
    parse and the graph's disagree about the noun ("cactus plants" read as a verb), the word
    just before it is tried as the modifier."""
    mention = evidence.mention_at(entity.span, entity.lemma)
    if mention is not None:
        modifier = mention.modifier
    else:
        before = re.findall(r"[A-Za-z]+", text[:entity.span[0]])
        modifier = before[-1].lower() if before else None
    if modifier and entity.lemma in GENERIC_HEADS and find_object(f"{modifier} {entity.lemma}") is None:
        kind = find_object(modifier)
        if kind is not None:
            return kind, modifier
    return find_object(entity.lemma, modifier), modifier


def _count(entity: Entity, obj: SceneObject, evidence: SceneEvidence) -> int:
    if entity.count:
        return max(1, min(MAX_COPIES, entity.count))
    mention = evidence.mention_at(entity.span, entity.lemma)
    if mention is not None and mention.plural and obj.id != "family":
        return PLURAL_COPIES[obj.size]
    return 1


def _is_the_hero(entity: Entity, obj: SceneObject | None, hero_id: str | None, hero_name: str | None) -> bool:
    """The hero is named by the hero's name ("Captain Wanda", "Wanda") or, unnamed, by the
    hero's picture ("the mermaid"); another name on the same picture is someone else."""
    if hero_id is None:
        return False
    if hero_name and entity.name:
        return bool(set(hero_name.split()) & set(entity.name.split()))
    return obj is not None and obj.id == hero_id


def select_objects(resolved_text: str, graph: SceneGraph, background: BackgroundLayout, hero: str | None = None,
                   hero_name: str | None = None, adjective: str | None = None, seed: int = 0) -> Selection:
    """Choose what the scene's picture shows (see the module docstring for the rules)."""
    if not isinstance(resolved_text, str):
        raise TypeError(f"resolved_text must be the scene's text as a str, not {type(resolved_text).__name__}")
    if not isinstance(graph, SceneGraph):
        raise TypeError(f"graph must be a taleweaver.language.scene_graph.SceneGraph, not {type(graph).__name__}")
    table = ambient_table()
    evidence = read_evidence(resolved_text, table)
    hero_id = hero_object(hero).id if hero else None
    drawn = table.drawn_by_background(background.design_id, background.theme, background.time_of_day)
    ruled_out = _ruled_out(table, background, evidence)
    related = {i for r in graph.relations for i in (r.subject, r.object, r.thing, *(r.between or ())) if i}
    keywords = set(background.keywords)

    selection = Selection()
    chosen: list[tuple[int, SelectedObject]] = []  # (priority, object): lower is drawn first when crowded
    taken: set[str] = set()
    hero_item: SelectedObject | None = None
    hero_key = _key_for(hero, taken) if hero else None
    for entity in graph.entities:
        word = entity.name or entity.lemma
        if entity.is_pronoun:
            selection.skipped.append(SkippedNoun(word, "a pronoun coreference could not resolve", entity.id))
            continue
        obj, modifier = _lookup(entity, evidence, resolved_text)
        if _is_the_hero(entity, obj, hero_id, hero_name):
            if hero_item is None:  # every mention of the hero is one picture
                hero_name = hero_name or entity.name
                hero_item = SelectedObject(hero_key, hero_id, "hero", 1, "text", word, (entity.id,))
            else:
                hero_item = replace(hero_item, entities=hero_item.entities + (entity.id,))
            continue
        if obj is None:
            reason = _no_picture_reason(entity.lemma)
            if entity.name and entity.lemma == entity.name.lower():
                reason = "a name whose kind the story never says"
            selection.skipped.append(SkippedNoun(word, reason, entity.id))
            continue
        in_relation = entity.id in related
        absent = None if entity.name else evidence.why_absent(entity.lemma)
        phrase = f"{modifier} {entity.lemma}" if modifier else entity.lemma
        if absent:
            reason = ABSENT_REASONS[absent]
        elif obj.id in ruled_out:
            reason = ruled_out[obj.id]
        elif obj.category not in CHARACTER_CATEGORIES and (entity.lemma in keywords or phrase in keywords):
            reason = f"the background is this place ({background.design_id})"
        elif obj.id in drawn and not in_relation:
            reason = f"the background already draws it ({background.design_id})"
        else:
            reason = _unsafe_reason(obj, adjective)
        if reason:
            selection.skipped.append(SkippedNoun(word, reason, entity.id, obj.id))
            continue
        if obj.category in CHARACTER_CATEGORIES:
            role, priority, count = "character", 1 if in_relation else 2, _count(entity, obj, evidence)
        else:
            role, priority, count = "prop", 3 if in_relation else 4, _count(entity, obj, evidence)
        key = _key_for(entity.name or entity.lemma, taken)
        chosen.append((priority, SelectedObject(key, obj.id, role, count, "text", word, (entity.id,))))

    if hero_item is not None:
        chosen.append((0, hero_item))
    chosen.sort(key=lambda pair: pair[0])  # stable: text order within a priority
    for _, obj in chosen[MAX_TEXT_ITEMS:]:
        selection.skipped.append(SkippedNoun(obj.word or obj.key, "too many things for one picture",
                                             obj.entities[0] if obj.entities else None, obj.object_id))
    selection.objects = [obj for _, obj in chosen[:MAX_TEXT_ITEMS]]
    selection.relations = _relations(graph, selection)
    _add_hero_prop(selection, hero, ruled_out, taken)
    _add_ambient(selection, table, background, evidence, ruled_out, drawn, adjective, seed, taken)
    return selection


def _relations(graph: SceneGraph, selection: Selection) -> list[LayoutRelation]:
    """The graph's edges between chosen things, as LayoutRelations. A thing is attached (on, in,
    inside, riding) to one other thing at most, and held by one holder at most; anything else
    is reported in `dropped_relations`."""
    key_of = {entity: o.key for o in selection.objects for entity in o.entities}
    lemma = {e.id: (e.name or e.lemma) for e in graph.entities}
    out: list[LayoutRelation] = []
    attached: set[str] = set()
    held: set[str] = set()
    seen_pairs: set[tuple[str, str]] = set()

    def add(subject: str, relation: str, objects: tuple[str, ...]) -> bool:
        if subject in objects or len(set(objects)) != len(objects):
            return False
        if relation in ATTACHING and subject in attached:
            return False
        if relation == "holding" and objects[0] in held:
            return False
        pair = (subject, objects[0])
        if relation not in ("between", "holding", "giving_to") and (pair in seen_pairs or pair[::-1] in seen_pairs):
            return False  # one spatial relation per pair: "on" and "in" the same thing cannot both be drawn
        rel = LayoutRelation(subject, relation, objects)
        if rel in out:
            return True
        out.append(rel)
        seen_pairs.add(pair)
        if relation in ATTACHING:
            attached.add(subject)
        if relation == "holding":
            held.add(objects[0])
        return True

    for r in graph.relations:
        ids = r.between if r.relation == "between" else (r.object,)
        readable = f"{lemma.get(r.subject)} {r.relation} {' and '.join(lemma.get(i, '?') for i in ids)}"
        if r.subject not in key_of or any(i not in key_of for i in ids):
            selection.dropped_relations.append(f"{readable} (not both drawn)")
            continue
        if not add(key_of[r.subject], r.relation, tuple(key_of[i] for i in ids)):
            selection.dropped_relations.append(f"{readable} (cannot be drawn with the others)")
            continue
        if r.relation == "giving_to" and r.thing in key_of:
            add(key_of[r.subject], "holding", (key_of[r.thing],))  # the giver holds the gift out
    return out


def _add_hero_prop(selection: Selection, hero: str | None, ruled_out: dict[str, str], taken: set[str]) -> None:
    """A stand-in hero picture (the pirate is a bearded sailor) reads as the hero with its first
    prop in hand (the pirate flag), unless the scene already gives the hero something to hold."""
    hero_item = next((o for o in selection.objects if o.role == "hero"), None)
    if hero_item is None or not hero:
        return
    if any(r.subject == hero_item.key and r.relation in ("holding", "giving_to") for r in selection.relations):
        return
    present = {o.object_id for o in selection.objects}
    for prop in hero_props(hero):
        if prop.id in present or prop.id in ruled_out:
            continue
        key = _key_for(prop.id, taken)
        selection.objects.append(SelectedObject(key, prop.id, "prop", 1, "hero_prop"))
        selection.relations.append(LayoutRelation(hero_item.key, "holding", (key,)))
        return


def _add_ambient(selection: Selection, table, background: BackgroundLayout, evidence: SceneEvidence,
                 ruled_out: dict[str, str], drawn: frozenset[str], adjective: str | None, seed: int,
                 taken: set[str]) -> None:
    copies = sum(o.count for o in selection.objects)
    if copies >= CROWDED_COPIES:
        return
    present = {o.object_id for o in selection.objects}
    fitting = []
    for object_id, count in table.ambient_candidates(background.design_id, background.theme, background.time_of_day):
        obj = get_object(object_id)
        if object_id in present or object_id in drawn:
            continue
        if object_id in ruled_out:
            selection.notes.append(f"no ambient {object_id}: {ruled_out[object_id]}")
            continue
        if background.time_of_day != "night" and object_id in table.night_only_ambient:
            continue
        said_absent = [n for n in obj.names if evidence.present(n) is False]
        if said_absent:
            selection.notes.append(f"no ambient {object_id}: {ABSENT_REASONS[evidence.why_absent(said_absent[0])]} ({said_absent[0]})")
            continue
        if _unsafe_reason(obj, adjective):
            continue
        fitting.append((object_id, count))
    rng = random.Random(f"ambient/{background.design_id}/{seed}")
    slots = min(AMBIENT_ITEMS, len(fitting))
    picked = sorted(rng.sample(range(len(fitting)), slots))
    for index in picked:
        object_id, count = fitting[index]
        count = max(1, min(count, CROWDED_COPIES - copies))
        copies += count
        selection.objects.append(SelectedObject(_key_for(f"ambient_{object_id}", taken), object_id, "ambient", count, "ambient"))
