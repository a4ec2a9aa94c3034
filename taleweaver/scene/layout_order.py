"""Facing and drawing order: which way each character looks and what is drawn over what.

Reads:  the placed copies (their drawn boxes, placements, roles and the way their drawings
        face) and the scene's relations.
Writes: each copy's `facing` (left, right or front, after the flip) and its `z` (0 drawn first).

Facing (only drawings that face a side can turn; "front" drawings look at the viewer):
  1. a rider faces the way its mount faces;
  2. a chaser faces what it chases, and the chased runs the same way;
  3. someone looking at or giving to another faces it, and the other faces back;
  4. a character next to or near another character faces it;
  5. any other character faces the hero; the hero faces its nearest character;
  6. everything else faces the middle of the picture, so nothing swims out of it.
Drawing order: far sky things (sun, moon, clouds) first, then by how low the drawing's bottom
is (nearer the viewer = later), the hero last of all; then the relations reorder it: what is
behind is drawn before, what is in front, on, riding, inside or held is drawn after, and
what shelters under a taller thing is drawn after it. A cycle keeps the earlier relations.
"""

from __future__ import annotations

import heapq
from typing import Protocol

from taleweaver.scene.layout import LayoutRelation

SIDE_FACINGS = ("left", "right")


class Copy(Protocol):
    key: str
    role: str
    placement: str
    box: tuple[float, float, float, float]
    drawn_facing: str   # the way the drawing faces unflipped
    facing: str
    z: int


def _cx(c: Copy) -> float:
    return (c.box[0] + c.box[2]) / 2


def _toward(c: Copy, x: float) -> str:
    return "right" if x >= _cx(c) else "left"


def _nearest(c: Copy, others: list[Copy]) -> Copy | None:
    return min(others, key=lambda o: abs(_cx(o) - _cx(c)), default=None)


def assign_facing(copies: list[Copy], relations: list[LayoutRelation],
                  width: float) -> None:
    """Set every copy's `facing` by the rules of the module docstring (first rule wins)."""
    by_key: dict[str, list[Copy]] = {}
    for c in copies:
        by_key.setdefault(c.key, []).append(c)
    wanted: dict[int, str] = {}

    def want(c: Copy, way: str) -> None:
        if c.drawn_facing in SIDE_FACINGS and id(c) not in wanted:
            wanted[id(c)] = way

    def first(key: str) -> Copy:
        return by_key[key][0]

    # riders last, once their mounts are decided (rule 1 is applied after the loop below)
    for kind in ("chasing", "looking_at", "giving_to"):
        for rel in relations:
            if rel.relation != kind:
                continue
            target = first(rel.objects[0])
            for a in by_key[rel.subject]:
                way = _toward(a, _cx(target))
                want(a, way)
                if kind == "chasing":
                    want(target, way)
                else:
                    want(target, _toward(target, _cx(a)))
    people = [c for c in copies if c.role in ("hero", "character")]
    for kind in ("next_to", "near"):
        for rel in relations:
            if rel.relation != kind:
                continue
            target = first(rel.objects[0])
            if target.role not in ("hero", "character"):
                continue
            for a in by_key[rel.subject]:
                if a.role in ("hero", "character"):
                    want(a, _toward(a, _cx(target)))
                    want(target, _toward(target, _cx(a)))
    hero = next((c for c in copies if c.role == "hero"), None)
    for c in people:
        if c is hero:
            friend = _nearest(c, [o for o in people if o is not c])
            want(c, _toward(c, _cx(friend)) if friend else _toward(c, width / 2))
        elif hero is not None:
            want(c, _toward(c, _cx(hero)))
    for c in copies:
        want(c, _toward(c, width / 2))
    # rule 1: riders take their mount's way (which is now decided)
    for rel in relations:
        if rel.relation == "riding":
            mount = first(rel.objects[0])
            way = wanted.get(id(mount), mount.drawn_facing)
            if way in SIDE_FACINGS:
                for a in by_key[rel.subject]:
                    if a.drawn_facing in SIDE_FACINGS:
                        wanted[id(a)] = way
    for c in copies:
        c.facing = wanted.get(id(c), c.drawn_facing)


# Far sky things are drawn before everything else (they are the furthest away).
def _is_far_sky(c: Copy) -> bool:
    return c.placement == "sky" and getattr(c, "far", False)


def _priority(c: Copy) -> tuple[int, float]:
    if _is_far_sky(c):
        return (0, c.box[3])
    if c.role == "hero":
        return (2, c.box[3])
    return (1, c.box[3])


def _must_precede(rel: LayoutRelation, a: Copy, b: Copy) -> tuple[Copy, Copy] | None:
    """(earlier, later) for a relation between copies a (subject) and b (object), or None."""
    if rel.relation == "behind":
        return a, b
    if rel.relation in ("in_front_of", "on", "riding", "in", "inside"):
        return b, a
    if rel.relation == "holding":
        return a, b
    if rel.relation in ("under", "below") and a.placement == "ground" and b.placement == "ground":
        if b.box[3] - b.box[1] > a.box[3] - a.box[1]:
            return b, a
    return None


def assign_z(copies: list[Copy], relations: list[LayoutRelation]) -> None:
    """Set every copy's `z` (0 … n-1) by the drawing-order rules of the module docstring."""
    by_key: dict[str, list[Copy]] = {}
    for c in copies:
        by_key.setdefault(c.key, []).append(c)
    index = {id(c): i for i, c in enumerate(copies)}
    after: dict[int, set[int]] = {i: set() for i in range(len(copies))}
    incoming = [0] * len(copies)
    for rel in relations:
        if rel.relation == "between":
            continue
        for a in by_key[rel.subject]:
            for b in by_key[rel.objects[0]]:
                pair = _must_precede(rel, a, b)
                if pair is None:
                    continue
                u, v = index[id(pair[0])], index[id(pair[1])]
                if v not in after[u] and u not in _reachable(after, v):
                    after[u].add(v)
                    incoming[v] += 1
    heap = [(_priority(c), i) for i, c in enumerate(copies) if incoming[i] == 0]
    heapq.heapify(heap)
    z = 0
    while heap:
        _, i = heapq.heappop(heap)
        copies[i].z = z
        z += 1
        for j in after[i]:
            incoming[j] -= 1
            if incoming[j] == 0:
                heapq.heappush(heap, (_priority(copies[j]), j))


def _reachable(after: dict[int, set[int]], start: int) -> set[int]:
    """Every copy that must be drawn after `start` (to refuse an edge that makes a cycle)."""
    seen, todo = set(), [start]
    while todo:
        for j in after[todo.pop()]:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen
