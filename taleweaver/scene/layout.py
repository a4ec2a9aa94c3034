"""The layout model: where every object of a scene goes on its background.

    place_objects(background, items, relations, seed) -> [PlacedObject]

Reads:  the background's layout metadata (`BackgroundLayout`: horizon, ground line, water and
        sky zones, free regions, features), the objects to draw (`LayoutItem`: key, object id,
        role, count) and the relations between them (`LayoutRelation`: subject, relation,
        object keys), which the pipeline fills from the scene's relation graph.
Writes: one `PlacedObject` per drawn copy: the top-left corner (x, y) of its 72-unit
        OpenMoji box in canvas pixels, the box's size in pixels (scale), a horizontal mirror
        (flip), the drawing order (z, 0 = drawn first = furthest back) and its animation.

The model is a small seeded search (layout_search.py): an initial placement by zone and
relation order, then a few hundred local moves that lower a cost made of relation violations,
zone violations, overlap, frame and hero terms. Relations are judged on the drawn pixels'
boxes (layout_relations.py), sizes come from the size class and depth (layout_sizes.py),
zones from the background (layout_zones.py), facing and drawing order from the relations
(layout_order.py). The same inputs and seed always give the same layout. See docs/layout.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from taleweaver.scene.backgrounds.layout import BackgroundLayout

ROLES = ("hero", "character", "prop", "ambient")
RELATIONS = (
    "under", "on", "in", "inside", "above", "below", "behind", "in_front_of", "next_to", "near",
    "between", "holding", "riding", "chasing", "looking_at", "giving_to",
)
MAX_COUNT = 8  # copies of one item ("three fish"); more would crowd a picture


class LayoutInputError(ValueError):
    """Items or relations the layout cannot use; the message says what is allowed."""


@dataclass(frozen=True)
class LayoutItem:
    """One thing to draw: `key` names it in relations ("octopus", "friend"), `object_id` is its
    picture in the object index, `role` is hero, character, prop or ambient, and `count` draws
    that many copies (relations about the key hold for every copy)."""

    key: str
    object_id: str
    role: str = "prop"
    count: int = 1


@dataclass(frozen=True)
class LayoutRelation:
    """`subject` stands in `relation` to `objects` (one key; two for "between").

    Read it as a sentence: LayoutRelation("octopus", "under", ("boat",)) is "the octopus is
    under the boat"; LayoutRelation("hero", "holding", ("shell",)) is "the hero holds the
    shell"; LayoutRelation("hero", "giving_to", ("friend",)) is "the hero gives to the friend".
    """

    subject: str
    relation: str
    objects: tuple[str, ...]

    def __post_init__(self):
        if isinstance(self.objects, str):  # allow LayoutRelation("a", "on", "b")
            object.__setattr__(self, "objects", (self.objects,))


@dataclass(frozen=True)
class PlacedObject:
    """Where one copy of an item is drawn.

    x, y   top-left corner of the object's 72-unit OpenMoji box, in canvas pixels
    scale  the box's width and height in pixels (the SVG is drawn at scale/72)
    flip   mirror the drawing horizontally (about the box's vertical center line)
    z      drawing order, 0 first (furthest back); unique within a scene
    box    (left, top, right, bottom) of the drawn pixels on the canvas, after flip: what
           relations, overlap and frame checks are judged on
    facing which way the drawing looks after the flip: left, right or front
    placed_in  where the layout put it: ground, water, surface (floating on the water),
           sky, air (indoor open space), floating, or attached (on, riding, in or held by
           another object)
    copy   0 for the first copy of an item, 1, 2 … for the others
    """

    key: str
    object_id: str
    x: float
    y: float
    scale: float
    flip: bool
    z: int
    animation: str
    box: tuple[float, float, float, float]
    facing: str
    placed_in: str
    role: str
    copy: int = 0

    def to_dict(self) -> dict:
        return {"key": self.key, "copy": self.copy, "id": self.object_id, "role": self.role,
                "x": round(self.x, 1), "y": round(self.y, 1), "scale": round(self.scale, 1),
                "flip": self.flip, "z": self.z, "animation": self.animation,
                "placed_in": self.placed_in}


def check_inputs(items: list[LayoutItem], relations: list[LayoutRelation]) -> None:
    """Reject what the layout cannot draw, with a message that says what is allowed."""
    from taleweaver.scene.assets import get_object

    if not items:
        raise LayoutInputError("place_objects needs at least one LayoutItem to draw")
    keys = set()
    for item in items:
        if not isinstance(item, LayoutItem):
            raise LayoutInputError(f"items must be LayoutItem records, not {type(item).__name__}")
        if not item.key or item.key in keys:
            raise LayoutInputError(f"item key {item.key!r} is empty or used twice; every item needs its own key")
        keys.add(item.key)
        if item.role not in ROLES:
            raise LayoutInputError(f"item {item.key!r} has role {item.role!r}; allowed: {', '.join(ROLES)}")
        if not isinstance(item.count, int) or not 1 <= item.count <= MAX_COUNT:
            raise LayoutInputError(f"item {item.key!r} has count {item.count!r}; allowed: 1 to {MAX_COUNT}")
        get_object(item.object_id)  # raises UnknownObjectError naming the id
    if sum(1 for item in items if item.role == "hero") > 1:
        raise LayoutInputError("at most one item may have the role 'hero'")
    for rel in relations:
        if rel.relation not in RELATIONS:
            raise LayoutInputError(f"relation {rel.relation!r} is not known; allowed: {', '.join(RELATIONS)}")
        wanted = 2 if rel.relation == "between" else 1
        if len(rel.objects) != wanted:
            raise LayoutInputError(f"relation {rel.relation!r} takes {wanted} object key(s), got {list(rel.objects)}")
        for key in (rel.subject, *rel.objects):
            if key not in keys:
                raise LayoutInputError(f"relation {rel.subject} {rel.relation} {list(rel.objects)} names {key!r}, which is not an item key ({', '.join(sorted(keys))})")
        if rel.subject in rel.objects:
            raise LayoutInputError(f"relation {rel.relation!r} relates {rel.subject!r} to itself")


def place_objects(background: BackgroundLayout, items: list[LayoutItem],
                  relations: list[LayoutRelation], seed: int = 0) -> list[PlacedObject]:
    """Place every item on the background so the relations, zones, size priors, hero rules,
    frame and facing hold as well as they can. Deterministic for a seed. Returns the objects
    in drawing order (z ascending)."""
    from taleweaver.scene.layout_search import search_layout

    check_inputs(items, relations)
    return search_layout(background, list(items), list(relations), seed)
