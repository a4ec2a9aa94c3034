"""Measuring a layout: how well one placed scene keeps its relations, zones, frame, hero and
facing rules. Used by the evaluation (evaluate_layout.py) and the tests.

Reads:  the background metadata, the items and relations asked for, and the PlacedObjects.
Gives:  `measure_scene(...)` → `SceneMeasures` (counts, so scenes can be summed).

Definitions (on the drawn boxes of PlacedObject.box):
  relation satisfied  layout_relations.holds for every copy of the subject (1 px tolerance)
  out of frame        a drawn box reaching outside the 1280×800 canvas
  zone violation      a copy not attached to another whose box is off every zone its object
                      allows that the background has (by more than 2 px); copies whose zones
                      the background lacks are counted as fallbacks, not violations
  unintended overlap  a pair of copies that no relation links (directly, or by being on, in,
                      riding or held by the same thing), where one box covers more than
                      OVERLAP_SHARE of the other's; copies of one item count as unlinked
  hero prominent      the hero's center is in the middle third of the width, no character is
                      drawn bigger unless its size class is at least two classes bigger, and
                      things drawn over it cover at most HIDDEN_SHARE of its box (not counting
                      what it holds or wears)
  facing              layout_relations.facing_checks for chasing, looking_at, giving_to, riding
  size order          for pairs of free copies of the same role (characters are drawn at least
                      a minimum size, ambient things a little smaller) that no relation resizes,
                      a bigger size class is drawn at least as big once depth is divided out
"""

from __future__ import annotations

from dataclasses import dataclass

from taleweaver.scene.assets import get_object
from taleweaver.scene.backgrounds.layout import BackgroundLayout
from taleweaver.scene.layout import LayoutItem, LayoutRelation, PlacedObject
from taleweaver.scene.layout_relations import covered_share, facing_checks, holds
from taleweaver.scene.layout_sizes import depth_factor
from taleweaver.scene.layout_zones import allowed_placements, zone_cost

OVERLAP_SHARE = 0.2
HIDDEN_SHARE = 0.2
ZONE_TOLERANCE = 2.0
ATTACHING = ("on", "riding", "in", "inside", "holding")
RESIZING = ("in", "inside", "holding", "riding", "under")


@dataclass
class SceneMeasures:
    relations: int = 0
    relations_held: int = 0
    objects: int = 0
    out_of_frame: int = 0
    zone_checked: int = 0
    zone_violations: int = 0
    zone_fallbacks: int = 0
    pairs: int = 0
    overlapping_pairs: int = 0
    hero_scenes: int = 0
    hero_centered: int = 0
    hero_largest: int = 0
    hero_visible: int = 0
    hero_prominent: int = 0
    facing_checks: int = 0
    facing_right: int = 0
    size_pairs: int = 0
    size_pairs_kept: int = 0
    failed: tuple[str, ...] = ()

    def add(self, other: "SceneMeasures") -> None:
        for name, value in vars(other).items():
            if name == "failed":
                self.failed = self.failed + value
            else:
                setattr(self, name, getattr(self, name) + value)


def _groups(items: list[LayoutItem], relations: list[LayoutRelation]) -> dict[str, str]:
    """Items joined by attaching relations (on, in, riding, holding) share a group."""
    parent = {i.key: i.key for i in items}

    def find(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for r in relations:
        if r.relation in ATTACHING:
            parent[find(r.subject)] = find(r.objects[0])
    return {k: find(k) for k in parent}


def measure_scene(bg: BackgroundLayout, items: list[LayoutItem], relations: list[LayoutRelation],
                  placed: list[PlacedObject], name: str = "") -> SceneMeasures:
    m = SceneMeasures()
    by_key: dict[str, list[PlacedObject]] = {}
    for p in placed:
        by_key.setdefault(p.key, []).append(p)
    for ps in by_key.values():
        ps.sort(key=lambda p: p.copy)

    failed = []
    for r in relations:
        bs = tuple(by_key[k][0] for k in r.objects)
        ok = all(holds(r.relation, a, bs) for a in by_key[r.subject])
        m.relations += 1
        m.relations_held += ok
        if not ok:
            failed.append(f"{name}: {r.subject} {r.relation} {' '.join(r.objects)}")
        for a in by_key[r.subject]:
            checks = facing_checks(r.relation, a, bs)
            m.facing_checks += len(checks)
            m.facing_right += sum(checks)
    m.failed = tuple(failed)

    for p in placed:
        m.objects += 1
        left, top, right, bottom = p.box
        if left < -0.5 or top < -0.5 or right > bg.width + 0.5 or bottom > bg.height + 0.5:
            m.out_of_frame += 1
        if p.placed_in == "attached":
            continue
        allowed = allowed_placements(get_object(p.object_id), bg)
        if not allowed:
            m.zone_fallbacks += 1
            continue
        m.zone_checked += 1
        if min(zone_cost(z, bg, p.box) for z in allowed) > ZONE_TOLERANCE:
            m.zone_violations += 1

    linked = {(r.subject, k) for r in relations for k in r.objects}
    linked |= {(b, a) for a, b in linked}
    group = _groups(items, relations)
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            if a.key != b.key and ((a.key, b.key) in linked or group[a.key] == group[b.key]):
                continue
            m.pairs += 1
            if max(covered_share(a.box, b.box), covered_share(b.box, a.box)) > OVERLAP_SHARE:
                m.overlapping_pairs += 1

    hero = next((p for p in placed if p.role == "hero"), None)
    if hero is not None:
        m.hero_scenes = 1
        cx = (hero.box[0] + hero.box[2]) / 2
        centered = bg.width / 3 <= cx <= 2 * bg.width / 3
        hero_obj = get_object(hero.object_id)
        area = (hero.box[2] - hero.box[0]) * (hero.box[3] - hero.box[1])
        largest = all((p.box[2] - p.box[0]) * (p.box[3] - p.box[1]) <= area * 1.001
                      or get_object(p.object_id).size_rank >= hero_obj.size_rank + 2
                      for p in placed if p.role == "character")
        own = {r.objects[0] for r in relations if r.subject == hero.key and r.relation == "holding"}
        own |= {r.subject for r in relations if r.objects[0] == hero.key and r.relation in ("on", "riding")}
        cover = min(1.0, sum(covered_share(hero.box, p.box) for p in placed
                             if p.z > hero.z and p.key not in own))
        visible = cover <= HIDDEN_SHARE
        m.hero_centered, m.hero_largest, m.hero_visible = int(centered), int(largest), int(visible)
        m.hero_prominent = int(centered and largest and visible)

    resized = {r.subject for r in relations if r.relation in RESIZING}
    resized |= {k for r in relations if r.relation in RESIZING for k in r.objects}
    free = [p for p in placed if p.placed_in != "attached" and p.key not in resized
            and p.role != "hero"]

    def normalized(p: PlacedObject) -> float:
        if p.placed_in != "ground":
            return p.scale
        cx = (p.box[0] + p.box[2]) / 2
        return p.scale / depth_factor(bg.horizon_y, bg.ground_y_at(cx), p.box[3])

    for i, a in enumerate(free):
        for b in free[i + 1:]:
            ra, rb = get_object(a.object_id).size_rank, get_object(b.object_id).size_rank
            if ra == rb or a.role != b.role:
                continue
            big, small = (a, b) if ra > rb else (b, a)
            m.size_pairs += 1
            m.size_pairs_kept += normalized(big) >= normalized(small) - 0.5
    return m
