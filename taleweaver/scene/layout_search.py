"""The layout search: a first placement by zone and relation order, then a few hundred seeded
local moves that keep a move only when it lowers the scene's cost.

Reads:  the background metadata, the checked items and relations (layout.py).
Writes: the PlacedObject list (layout.py) in drawing order.

Copies. An item with count n gives n copies; a relation about that key holds for every copy
as subject, and names the first copy as object.

Attached copies. A copy that is on, riding, in or inside another, or held by another, is not
placed on its own: its position follows its anchor (the support, mount, container or holder)
with one free number, its offset along the anchor, which the search moves. Zones are not
asked of attached copies: a kitten on a boat is where the boat is. Before the search, sizes
are fitted to those relations: a held thing is at most HELD_SHARE of its holder (OVERHEAD_SHARE
when held over the head), a prop container, shelter or support grows to take what is in it,
under it or on it, a mount grows to carry its rider, and a character in another character's
space shrinks to fit it. Relations that put two things on one line (next_to, chasing,
between) or one above the other (under, below, above) may move a copy to another of its own
zones first: an owl beside a duckling comes down to the ground.

Cost (pixels, or pixel-like amounts):
  relations   the sum of each relation's violation (layout_relations.py)        × W_RELATION
  zones       how far each free copy is from its zone (layout_zones.py)        × W_ZONE
  frame       how far any drawn box sticks out of the canvas                    × W_FRAME
  overlap     for every pair of copies that is not attached one to the other and not in a
              relation that draws one over the other (on, in, behind, under …), the share of
              the smaller box the other covers beyond OVERLAP_FREE              × W_OVERLAP
  hero        how far the hero's center is from the middle third of the width, and the share
              of its box covered by things drawn over it beyond HERO_COVER_FREE
  features    the share of a free copy's box that covers the background's key features
  ground line how far a ground copy stands from the ground line (a light pull: things stand
              in the middle ground unless something asks otherwise)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from taleweaver.scene.assets import SceneObject, get_object
from taleweaver.scene.backgrounds.layout import BackgroundLayout
from taleweaver.scene.layout import LayoutItem, LayoutRelation, PlacedObject
from taleweaver.scene.layout_order import assign_facing, assign_z
from taleweaver.scene.layout_relations import covered_share, violation
from taleweaver.scene.layout_sizes import EMOJI_BOX, base_scale, depth_factor, drawing_box
from taleweaver.scene.layout_zones import (FRAME_MARGIN, allowed_placements, frame_cost,
                                           placement_for, sample_anchor, surface_y, zone_cost,
                                           zone_name)

ITERATIONS = 320           # local moves per scene
RESAMPLE_SHARE = 0.15      # share of moves that try a fresh spot in the copy's zone
STEP_PX = 110.0            # first step size; it shrinks to STEP_MIN_PX over the search
STEP_MIN_PX = 8.0
INITIAL_TRIES = 8          # samples tried for an unrelated copy's first spot

W_RELATION = 1.0
W_ZONE = 1.0
W_FRAME = 6.0
W_OVERLAP = 120.0          # a fully covered unrelated neighbour costs 120 px-equivalents
OVERLAP_FREE = 0.05
W_HERO_CENTER = 1.0
W_HERO_COVER = 300.0
HERO_COVER_FREE = 0.12
W_FEATURE = 40.0
W_GROUND_LINE = 0.04
HERO_FRONT = 0.15          # the hero's pull is to this share of the way from ground line to bottom

HELD_SHARE = 0.45          # a held thing is at most this share of its holder's size
OVERHEAD_SHARE = 0.6       # a thing held over the head is this share of the holder's size
CONTAINER_ROOM = 0.9       # what is inside takes at most this share of the container's drawing
SHELTER_ROOM = 1.4         # a prop something shelters under is at least this much taller
SUPPORT_ROOM = 1.1         # a prop things stand on is at least this much wider than they are
COVER_ROOM = 1.1           # a prop something is under (in the air or water) is this much wider
MOUNT_ROOM = 1.1           # a mount is at least this much wider than its rider

ATTACHING = ("on", "riding", "in", "inside", "holding")
OVERLAPPING = ATTACHING + ("behind", "in_front_of", "under", "below", "above")


@dataclass(eq=False)
class Copy:
    """One drawn copy of an item while the search runs (mutable)."""

    key: str
    copy: int
    obj: SceneObject
    role: str
    placement: str
    prior: float                 # px size of the 72-unit box before depth
    far: bool = False            # a far sky thing (sun, moon, cloud): drawn first
    anchor: "Copy | None" = None  # the copy this one is attached to
    how: str = ""                # the attaching relation, seen from this copy
    offset: float = 0.0          # position along the anchor, -1 … 1
    pose: str = "hand"           # a held thing: at the hand, overhead or before the face
    ax: float = 0.0              # center x of the drawing
    ay: float = 0.0              # its bottom (ground, surface) or its center y (elsewhere)
    scale: float = 0.0
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    facing: str = "front"
    z: int = 0
    children: list["Copy"] = field(default_factory=list)

    @property
    def drawn_facing(self) -> str:
        return self.obj.facing

    @property
    def placed_in(self) -> str:
        return "attached" if self.anchor is not None else self.placement

    def root(self) -> "Copy":
        c = self
        while c.anchor is not None:
            c = c.anchor
        return c

    def drawn_size(self) -> tuple[float, float]:
        left, top, right, bottom = drawing_box(self.obj.id)
        k = self.scale / EMOJI_BOX
        return (right - left) * k, (bottom - top) * k


# ------------------------------------------------------------------ building the copies

def _make_copies(bg: BackgroundLayout, items: list[LayoutItem]) -> dict[str, list[Copy]]:
    hero_item = next((i for i in items if i.role == "hero"), None)
    hero_obj = get_object(hero_item.object_id) if hero_item else None
    copies: dict[str, list[Copy]] = {}
    for item in items:
        obj = get_object(item.object_id)
        placement = placement_for(obj, bg)
        prior = base_scale(obj, item.role, hero_obj)
        far = obj.zone == ("sky",) and obj.size == "huge"
        copies[item.key] = [Copy(item.key, n, obj, item.role, placement, prior, far)
                            for n in range(item.count)]
    return copies


def _attach(copies: dict[str, list[Copy]], relations: list[LayoutRelation]) -> None:
    """Attach copies to their anchors (first attaching relation wins; no cycles)."""
    for rel in relations:
        if rel.relation not in ATTACHING:
            continue
        if rel.relation == "holding":
            anchors, children = copies[rel.subject][:1], copies[rel.objects[0]]
        else:
            anchors, children = copies[rel.objects[0]][:1], copies[rel.subject]
        paired = rel.relation == "holding" and len(copies[rel.subject]) == len(children) > 1
        for n, child in enumerate(children):
            # "the children held their kites": each child holds its own kite
            anchor = copies[rel.subject][n] if paired else anchors[0]
            if child.anchor is not None or anchor.root() is child:
                continue
            child.anchor, child.how = anchor, rel.relation
            if rel.relation == "holding":
                child.pose = _held_pose(relations, child.key, anchor.key)
            child.offset = 0.0 if len(children) == 1 or paired else -0.8 + 1.6 * n / (len(children) - 1)
            anchor.children.append(child)


def _held_pose(relations: list[LayoutRelation], held: str, holder: str) -> str:
    """"held it over her head" (also above the holder) → overhead; "held a leaf in front of
    her face" (also in front of the holder) → face; otherwise at the hand."""
    for rel in relations:
        if rel.subject == held and rel.objects == (holder,):
            if rel.relation == "above":
                return "overhead"
            if rel.relation == "in_front_of":
                return "face"
    return "hand"


SAME_LINE = ("next_to", "chasing", "between")


def _agree_placements(copies: dict[str, list[Copy]], relations: list[LayoutRelation],
                      bg: BackgroundLayout) -> None:
    """Relations that put two things on one line (beside, chasing, giving, between) make them
    share a placement when one of them allows the other's: the owl beside a duckling on the
    ground comes down to the ground, a butterfly chased by a puppy floats at its height."""
    for rel in relations:
        if rel.relation not in SAME_LINE + ("under", "below", "above", "behind", "in_front_of"):
            continue
        a, b = copies[rel.subject][0], copies[rel.objects[0]][0]
        if a.placement == b.placement or a.anchor is not None or b.anchor is not None:
            continue
        if rel.relation in ("under", "below", "above", "behind", "in_front_of"):
            _go_up_or_down(copies, rel.relation, a, b, bg)
            continue
        order = ((b, a), (a, b)) if a.role == "hero" else ((a, b), (b, a))
        for mover, partner in order:
            allowed = allowed_placements(mover.obj, bg)
            if partner.placement in allowed:
                new = partner.placement
            elif partner.placement == "ground" and "floating" in allowed:
                new = "floating"
            else:
                continue
            for c in copies[mover.key]:
                c.placement = new
            break


def _go_up_or_down(copies: dict[str, list[Copy]], relation: str, a: Copy, b: Copy,
                   bg: BackgroundLayout) -> None:
    """Under, below and above may need the subject off the ground or into the other's zone:
    a penguin under the sea ice swims; a fairy under a floating leaf floats; a bird above a
    tree on the ground flies; fireflies in front of a unicorn float down to it (the subject
    moves only to a placement its own zones allow)."""
    allowed = allowed_placements(a.obj, bg)
    new = None
    if relation in ("behind", "in_front_of"):  # fireflies in front of a unicorn's nose
        if a.placement == "sky" and b.placement == "ground" and "floating" in allowed:
            new = "floating"
    elif relation == "above":
        if a.placement == "ground" and b.placement == "ground":
            new = next((p for p in ("sky", "floating") if p in allowed), None)
    elif a.placement == "ground" and b.placement != "ground":
        new = next((p for p in ("water", "floating", "sky") if p in allowed), None)
    elif a.placement != "ground" and b.placement in ("floating", "water") and b.placement in allowed:
        new = b.placement
    if new is not None:
        for c in copies[a.key]:
            c.placement = new


def _drawn_share(obj_id: str) -> tuple[float, float]:
    left, top, right, bottom = drawing_box(obj_id)
    return (right - left) / EMOJI_BOX, (bottom - top) / EMOJI_BOX


def _fit_sizes(copies: dict[str, list[Copy]], relations: list[LayoutRelation]) -> None:
    """Fit sizes to the relations that need room (see the module docstring)."""
    on_it: dict[str, float] = {}  # support key -> total width of what stands on it
    for rel in relations:
        a, b = copies[rel.subject][0], copies[rel.objects[0]][0]
        aw, ah = _drawn_share(a.obj.id)
        bw, bh = _drawn_share(b.obj.id)
        if rel.relation == "holding":
            for held in copies[rel.objects[0]]:
                if held.pose == "overhead":  # an umbrella-like thing covers the holder
                    held.prior = OVERHEAD_SHARE * a.prior
                else:
                    held.prior = min(held.prior, HELD_SHARE * a.prior)
        elif rel.relation in ("in", "inside"):
            need = a.prior * max(aw / bw, ah / bh) / CONTAINER_ROOM
            if b.role in ("prop", "ambient"):
                for c in copies[rel.objects[0]]:
                    c.prior = max(c.prior, need)
            elif need > b.prior:
                for c in copies[rel.subject]:
                    c.prior *= b.prior / need
        elif rel.relation == "on" and b.role in ("prop", "ambient"):
            # a rock big enough to stand on, a raft wide enough for everyone on it
            riders = sum(c.prior * aw for c in copies[rel.subject])
            on_it[b.key] = on_it.get(b.key, 0.0) + riders / bw
            for c in copies[rel.objects[0]]:
                c.prior = max(c.prior, on_it[b.key] * SUPPORT_ROOM)
        elif rel.relation == "riding":
            need = a.prior * aw / bw * MOUNT_ROOM
            for c in copies[rel.objects[0]]:
                c.prior = max(c.prior, need)
        elif rel.relation == "under" and b.role in ("prop", "ambient"):
            if b.placement == "ground" and a.placement == "ground":
                need = a.prior * ah / bh * SHELTER_ROOM   # tall enough to stand under
            else:
                need = a.prior * aw / bw * COVER_ROOM     # wide enough to be under
            for c in copies[rel.objects[0]]:
                c.prior = max(c.prior, need)


# ------------------------------------------------------------------ geometry of one copy

def _set_box(c: Copy, bg: BackgroundLayout) -> None:
    """Scale and drawn box of a free copy from its anchor point."""
    if c.placement == "ground":
        c.scale = c.prior * depth_factor(bg.horizon_y, bg.ground_y_at(c.ax), c.ay)
    else:
        c.scale = c.prior
    w, h = c.drawn_size()
    if c.placement in ("ground", "surface"):
        if c.placement == "surface":
            c.ay = surface_y(bg, h)
        c.box = (c.ax - w / 2, c.ay - h, c.ax + w / 2, c.ay)
    else:
        c.box = (c.ax - w / 2, c.ay - h / 2, c.ax + w / 2, c.ay + h / 2)


def _side_of(holder: Copy, offset: float) -> int:
    if holder.facing == "right":
        return 1
    if holder.facing == "left":
        return -1
    return 1 if offset >= 0 else -1


def _set_attached_box(c: Copy) -> None:
    """Scale and drawn box of an attached copy from its anchor's box and its offset."""
    p = c.anchor
    root = c.root()
    c.scale = c.prior * (root.scale / root.prior if root.prior else 1.0)
    w, h = c.drawn_size()
    pl, pt, pr, pb = p.box
    pw, ph = pr - pl, pb - pt
    pcx, pcy = (pl + pr) / 2, (pt + pb) / 2
    if c.how == "on":
        cx, bottom = pcx + c.offset * 0.3 * pw, pt + 0.1 * ph
        c.box = (cx - w / 2, bottom - h, cx + w / 2, bottom)
    elif c.how == "riding":
        cx, bottom = pcx + c.offset * 0.12 * pw, pt + 0.35 * ph
        c.box = (cx - w / 2, bottom - h, cx + w / 2, bottom)
    elif c.how in ("in", "inside"):
        cx = pcx + c.offset * 0.8 * max(0.0, (pw - w) / 2)
        cy = min(pcy + 0.1 * ph, pb - h / 2)
        c.box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    else:  # held by its anchor: at the hand on the side the holder faces
        side = _side_of(p, c.offset)
        if c.pose == "overhead":
            cx, cy = pcx + side * 0.1 * pw, pt + 0.05 * ph - h / 2
        elif c.pose == "face":
            cx, cy = pcx + side * 0.15 * pw, pt + 0.35 * ph
        else:
            cx, cy = pcx + side * 0.3 * pw, pt + 0.62 * ph
        c.box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


# ------------------------------------------------------------------ the scene state

class Scene:
    """All copies with their relations, and the cost of where they are."""

    def __init__(self, bg: BackgroundLayout, items: list[LayoutItem],
                 relations: list[LayoutRelation]):
        self.bg = bg
        self.relations = relations
        self.by_key = _make_copies(bg, items)
        _attach(self.by_key, relations)
        _agree_placements(self.by_key, relations, bg)
        _fit_sizes(self.by_key, relations)
        self.copies = [c for key in self.by_key for c in self.by_key[key]]
        self.free = [c for c in self.copies if c.anchor is None]
        self.hero = next((c for c in self.copies if c.role == "hero"), None)
        # (subject copy, object copies) for every relation and copy of its subject
        self.checks = [(rel.relation, a, tuple(self.by_key[k][0] for k in rel.objects))
                       for rel in relations for a in self.by_key[rel.subject]]
        # pairs whose relation means drawing one over the other may overlap; every other
        # pair (siblings in one basket, a friend looked at) should keep apart
        may_overlap = set()
        for relation, a, bs in self.checks:
            if relation in OVERLAPPING:
                for b in bs:
                    may_overlap |= {(id(a), id(b)), (id(b), id(a))}
        for c in self.copies:
            if c.anchor is not None:
                may_overlap |= {(id(c), id(c.anchor)), (id(c.anchor), id(c))}
        self.unrelated = [(a, b) for i, a in enumerate(self.copies) for b in self.copies[i + 1:]
                          if (id(a), id(b)) not in may_overlap]
        # the hero's own things (what it holds, rides on …) may cover it
        self.hero_family = set()
        if self.hero is not None:
            root = self.hero.root()
            todo = [root]
            while todo:
                c = todo.pop()
                self.hero_family.add(id(c))
                todo.extend(c.children)

    def update(self) -> None:
        """Recompute every box, facing and drawing order from the free copies' anchors."""
        for c in self.free:
            _set_box(c, self.bg)
        attached = self._attached_in_order()
        for c in attached:
            _set_attached_box(c)
        assign_facing(self.copies, self.relations, self.bg.width)
        for c in attached:
            _set_attached_box(c)
        assign_z(self.copies, self.relations)

    def _attached_in_order(self) -> list[Copy]:
        out, todo = [], list(self.free)
        while todo:
            c = todo.pop(0)
            for child in c.children:
                out.append(child)
                todo.append(child)
        return out

    def cost(self) -> float:
        bg = self.bg
        total = 0.0
        for relation, a, bs in self.checks:
            total += W_RELATION * violation(relation, a, bs)
        for c in self.copies:
            total += W_FRAME * frame_cost(bg, c.box)
        for c in self.free:
            total += W_ZONE * zone_cost(c.placement, bg, c.box)
            if c.placement == "ground":
                g = bg.ground_y_at(c.ax)
                if c.role == "hero":  # the hero stands a little in front: bigger, nearer
                    g += HERO_FRONT * (bg.height - g)
                total += W_GROUND_LINE * abs(c.ay - g)
            for f in bg.features:
                total += W_FEATURE * covered_share(c.box, (f.x, f.y, f.right, f.bottom))
        for a, b in self.unrelated:
            share = max(covered_share(a.box, b.box), covered_share(b.box, a.box))
            if share > OVERLAP_FREE:
                total += W_OVERLAP * (share - OVERLAP_FREE)
        if self.hero is not None:
            total += W_HERO_CENTER * _outside_middle_third(self.hero.box, bg.width)
            total += W_HERO_COVER * max(0.0, hero_cover(self.hero, self.copies, self.hero_family) - HERO_COVER_FREE)
        return total


def _outside_middle_third(box, width: float) -> float:
    cx = (box[0] + box[2]) / 2
    return max(0.0, width / 3 - cx, cx - 2 * width / 3)


def hero_cover(hero, copies, family=frozenset()) -> float:
    """The share of the hero's drawn box covered by copies drawn over it (summed, at most 1),
    not counting what the hero holds or carries."""
    covered = sum(covered_share(hero.box, c.box) for c in copies
                  if c is not hero and c.z > hero.z and id(c) not in family)
    return min(covered, 1.0)


# ------------------------------------------------------------------ first placement

def _near_spot(c: Copy, other: Copy, relation: str, rng: random.Random, bg) -> tuple[float, float] | None:
    """A first anchor for c that roughly honours "c relation other" (other already placed)."""
    ol, ot, or_, ob = other.box
    ow, oh = or_ - ol, ob - ot
    ocx = (ol + or_) / 2
    w, h = c.drawn_size() if c.scale else (c.prior * 0.8, c.prior * 0.8)
    side = -1 if ocx > bg.width / 2 else 1
    if rng.random() < 0.25:
        side = -side
    grounded = c.placement in ("ground", "surface")
    same_y = other.ay if other.placement == c.placement and other.anchor is None else None
    if relation in ("next_to", "near", "looking_at", "giving_to", "chasing"):
        x = ocx + side * (ow / 2 + w / 2 + 12)
        y = same_y if same_y is not None else (ob if grounded else (ot + ob) / 2)
        return x, y
    if relation in ("under", "below"):
        if c.placement == "ground":
            return ocx, ob + 4
        return ocx, ob + h / 2 + 12
    if relation == "above":
        return ocx, (ot - 12 if grounded else ot - h / 2 - 12)
    if relation in ("behind", "in_front_of"):
        dy = -12 if relation == "behind" else 12
        y = (ob + dy) if c.placement == "ground" else (ot + ob) / 2
        return ocx + side * 0.4 * ow, y
    return None


def _first_placement(scene: Scene, rng: random.Random) -> None:
    bg = scene.bg
    placed: set[int] = set()

    def place(c: Copy, x: float, y: float) -> None:
        c.ax, c.ay = x, y
        _set_box(c, bg)
        placed.add(id(c))
        for child in _descendants(c):
            _set_attached_box(child)
            placed.add(id(child))

    order = sorted(scene.free, key=lambda c: (c.role != "hero", c.role == "ambient"))
    if scene.hero is not None:
        root = scene.hero.root()
        x, y = sample_anchor(root.placement, bg, root.prior, rng)
        place(root, bg.width / 2 + rng.uniform(-90, 90), y)
    # copies linked by a relation to something placed, in relation order, then the rest
    progress = True
    while progress:
        progress = False
        for relation, a, bs in scene.checks:
            for mover, other in ((a.root(), bs[0]), (bs[0].root(), a)):
                if id(mover) in placed or id(other) not in placed:
                    continue
                if relation == "between" and all(id(b) in placed for b in bs):
                    x = sum((b.box[0] + b.box[2]) / 2 for b in bs) / 2
                    y = sample_anchor(mover.placement, bg, mover.prior, rng)[1]
                    place(mover, x, y)
                    progress = True
                    continue
                spot = _near_spot(mover, other, relation, rng, bg) if mover is a.root() else None
                if spot is None:
                    spot = sample_anchor(mover.placement, bg, mover.prior, rng)
                place(mover, *spot)
                progress = True
    for c in order:
        if id(c) in placed:
            continue
        best, best_cost = None, math.inf
        for _ in range(INITIAL_TRIES):
            spot = sample_anchor(c.placement, bg, c.prior, rng)
            c.ax, c.ay = spot
            _set_box(c, bg)
            crowd = sum(covered_share(c.box, o.box) for o in scene.copies if id(o) in placed)
            if crowd < best_cost:
                best, best_cost = spot, crowd
        place(c, *best)


def _descendants(c: Copy) -> list[Copy]:
    out, todo = [], list(c.children)
    while todo:
        d = todo.pop(0)
        out.append(d)
        todo.extend(d.children)
    return out


# ------------------------------------------------------------------ the search

def _move(c: Copy, scene: Scene, rng: random.Random, step: float) -> tuple:
    """Change one copy a little (or try a fresh spot); returns what undoes it."""
    saved = (c.ax, c.ay, c.offset)
    if c.anchor is not None:
        c.offset = min(1.0, max(-1.0, c.offset + rng.gauss(0, 0.5)))
    elif rng.random() < RESAMPLE_SHARE:
        c.ax, c.ay = sample_anchor(c.placement, scene.bg, c.scale or c.prior, rng)
    else:
        c.ax += rng.gauss(0, step)
        if c.placement == "ground":
            c.ay += rng.gauss(0, step * 0.3)
        elif c.placement != "surface":
            c.ay += rng.gauss(0, step * 0.7)
    return saved


def _keep_in_frame(scene: Scene) -> None:
    """Last step: shift each free copy (with what is attached to it) fully into the canvas."""
    bg = scene.bg
    m = FRAME_MARGIN
    for root in scene.free:
        group = [root, *_descendants(root)]
        left = min(c.box[0] for c in group)
        right = max(c.box[2] for c in group)
        top = min(c.box[1] for c in group)
        bottom = max(c.box[3] for c in group)
        dx = max(0.0, m - left) - max(0.0, right - (bg.width - m))
        dy = max(0.0, m - top) - max(0.0, bottom - (bg.height - m))
        if dx or dy:
            root.ax += dx
            root.ay += dy
            scene.update()


def search_layout(bg: BackgroundLayout, items: list[LayoutItem],
                  relations: list[LayoutRelation], seed: int) -> list[PlacedObject]:
    rng = random.Random(f"layout/{bg.design_id}/{seed}")
    scene = Scene(bg, items, relations)
    _first_placement(scene, rng)
    scene.update()
    cost = scene.cost()
    movable = scene.copies
    for step_no in range(ITERATIONS):
        if cost <= 0.0:
            break
        step = STEP_MIN_PX + (STEP_PX - STEP_MIN_PX) * (1 - step_no / ITERATIONS)
        c = rng.choice(movable)
        saved = _move(c, scene, rng, step)
        scene.update()
        new_cost = scene.cost()
        if new_cost <= cost:
            cost = new_cost
        else:
            c.ax, c.ay, c.offset = saved
            scene.update()
    _keep_in_frame(scene)
    return _placed(scene)


def _placed(scene: Scene) -> list[PlacedObject]:
    out = []
    for c in sorted(scene.copies, key=lambda c: c.z):
        left, top, right, _ = drawing_box(c.obj.id)
        k = c.scale / EMOJI_BOX
        flip = c.facing != c.obj.facing and c.obj.facing != "front"
        # the drawing's left edge inside the box, after mirroring
        inner_left = (EMOJI_BOX - right) if flip else left
        out.append(PlacedObject(
            key=c.key, object_id=c.obj.id, x=c.box[0] - inner_left * k, y=c.box[1] - top * k,
            scale=c.scale, flip=flip, z=c.z, animation=c.obj.animation, box=c.box,
            facing=c.facing if c.obj.facing != "front" else "front",
            placed_in="attached" if c.anchor is not None else zone_name(c.placement, scene.bg),
            role=c.role, copy=c.copy))
    return out
