"""What each relation means on the canvas, judged on the drawn boxes of two placed objects.

Reads:  two (or, for "between", three) shapes with `box` (left, top, right, bottom in canvas
        pixels, y down), `z` (drawing order), `facing` (left, right or front after the flip)
        and `placed_in` (ground, water, …; "ground" means standing on the ground).
Gives:  `violation(relation, a, bs)`: 0.0 when "a <relation> bs" holds, else roughly how many
        pixels it is off (a wrong drawing order or facing counts as a fixed amount). The search
        lowers it; the evaluation calls `holds`. `facing_checks` lists, for the relations that
        involve looking at someone, whether each participant that can face faces the right way.

The meanings (A is the subject, B the object; w, h a box's width and height):
  under       A below B (15% of the smaller height may overlap), at most the taller height apart, and overlapping it sideways by 30%
              of the narrower; when both stand on
              the ground and B is taller (a tree, a table, an umbrella), A stands in B's lower
              part in front of it instead: sheltered under it
  below       like under, without the sideways overlap (A within half B's width of B)
  above       A's bottom at most 15% (of the smaller height) below B's top, A within half
              B's width of B sideways
  on          A's bottom rests on B's top (from 6 px above to a third of the way down into B),
              A's center over B, A drawn in front of B
  riding      like on, lower into the mount's back and over its middle, facing its way
  in, inside  A's center inside B and A's box within B's (grown by a tenth), drawn in front
  behind      A drawn before B, the boxes overlapping (by 15% of the smaller width and
              height), not further forward on the ground, and not covered by B for more than
              80% of its box (it peeks out)
  in_front_of A drawn after B, the boxes overlapping the same way, not further back on the
              ground
  next_to     on the same line (bases within a fifth of the taller height on the ground,
              centers within a third elsewhere) and adjacent: overlapping by at most 30% of
              the narrower width or apart by at most half the wider width
  near        the boxes at most 0.6 of the largest side (+20 px) apart
  between     A's center strictly between B1's and B2's centers sideways (10% margin), and
              vertically within their span
  holding     the held thing (B) is at A's hands: its center inside A's box (grown by a fifth
              each way, so a thing held overhead counts), on the side A faces, drawn after A
  chasing     same line as next_to, at most twice the wider width apart, both facing the same
              way with A behind B (A's back toward nothing, its face toward B)
  looking_at  A faces B and B faces A (each only if its drawing faces a side)
  giving_to   looking_at, and near enough to hand over (apart at most 0.6 of the wider width)
"""

from __future__ import annotations

from typing import Protocol

Box = tuple[float, float, float, float]

ORDER_MISS = 100.0   # a wrong drawing order counts as this many pixels off
FACING_MISS = 80.0   # a participant facing the wrong way counts as this many pixels off
VERTICAL_SLACK = 0.15  # under/below/above: this share of the smaller height may overlap
FACING_RELATIONS = ("chasing", "looking_at", "giving_to", "riding")


class Shape(Protocol):
    box: Box
    z: int
    facing: str
    placed_in: str


def _w(b: Box) -> float:
    return b[2] - b[0]


def _h(b: Box) -> float:
    return b[3] - b[1]


def _cx(b: Box) -> float:
    return (b[0] + b[2]) / 2


def _cy(b: Box) -> float:
    return (b[1] + b[3]) / 2


def _sideways_overlap(a: Box, b: Box) -> float:
    """Overlap of the two boxes' x ranges in pixels (negative: the gap between them)."""
    return min(a[2], b[2]) - max(a[0], b[0])


def _box_distance(a: Box, b: Box) -> float:
    dx = max(0.0, a[0] - b[2], b[0] - a[2])
    dy = max(0.0, a[1] - b[3], b[1] - a[3])
    return (dx * dx + dy * dy) ** 0.5


def _outside(value: float, low: float, high: float) -> float:
    """How far value is outside [low, high] (0 inside)."""
    return max(0.0, low - value, value - high)


def covered_share(a: Box, b: Box) -> float:
    """The share of a's box that b's box covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max(_w(a) * _h(a), 1.0)


def direction(facing: str) -> int:
    """+1 facing right, -1 facing left, 0 facing the viewer."""
    return 1 if facing == "right" else -1 if facing == "left" else 0


def _faces(a: Shape, target_x: float) -> bool:
    d = direction(a.facing)
    dx = target_x - _cx(a.box)
    return d == 0 or abs(dx) < 5 or dx * d > 0


def _order(a: Shape, b: Shape) -> float:
    """ORDER_MISS unless a is drawn after (in front of) b."""
    return 0.0 if a.z > b.z else ORDER_MISS


def _same_line(a: Shape, b: Shape) -> float:
    if a.placed_in == "ground" and b.placed_in == "ground":
        return max(0.0, abs(a.box[3] - b.box[3]) - 0.2 * max(_h(a.box), _h(b.box)))
    return max(0.0, abs(_cy(a.box) - _cy(b.box)) - 0.35 * max(_h(a.box), _h(b.box)))


def _is_shelter(a: Shape, b: Shape) -> bool:
    return a.placed_in == "ground" and b.placed_in == "ground" and _h(b.box) > _h(a.box)


def _under(a: Shape, b: Shape, sideways_needed: bool) -> float:
    A, B = a.box, b.box
    if _is_shelter(a, b):
        miss = _outside(A[1], B[1] + 0.35 * _h(B), float("inf")) + _order(a, b)
        miss += max(0.0, 0.5 * _w(A) - _sideways_overlap(A, B))
        return miss + max(0.0, A[3] - B[3] - 0.25 * _h(A))  # not far in front of it
    m = min(_h(A), _h(B))
    miss = max(0.0, (B[3] - VERTICAL_SLACK * m) - A[1])
    if sideways_needed:
        miss += max(0.0, 0.3 * min(_w(A), _w(B)) - _sideways_overlap(A, B))
        miss += max(0.0, A[1] - B[3] - max(_h(A), _h(B)))  # close under it, not far below
    else:
        miss += _outside(_cx(A), B[0] - 0.5 * _w(B), B[2] + 0.5 * _w(B))
    return miss


def _above(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    m = min(_h(A), _h(B))
    return max(0.0, A[3] - (B[1] + VERTICAL_SLACK * m)) + _outside(_cx(A), B[0] - 0.5 * _w(B), B[2] + 0.5 * _w(B))


def _on(a: Shape, b: Shape, riding: bool) -> float:
    A, B = a.box, b.box
    if riding:
        miss = _outside(A[3], B[1], B[1] + 0.6 * _h(B))
        miss += _outside(_cx(A), B[0] + 0.2 * _w(B), B[2] - 0.2 * _w(B))
        da, db = direction(a.facing), direction(b.facing)
        if da and db and da != db:
            miss += FACING_MISS
    else:
        miss = _outside(A[3], B[1] - 6, B[1] + 0.35 * _h(B))
        miss += _outside(_cx(A), B[0], B[2])
    return miss + _order(a, b)


def _inside(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    gx, gy = 0.1 * _w(B), 0.1 * _h(B)
    miss = _outside(_cx(A), B[0], B[2]) + _outside(_cy(A), B[1], B[3])
    miss += max(0.0, B[0] - gx - A[0]) + max(0.0, A[2] - B[2] - gx)
    miss += max(0.0, B[1] - gy - A[1]) + max(0.0, A[3] - B[3] - gy)
    return miss + _order(a, b)


def _level_overlap(a: Box, b: Box) -> float:
    """Overlap of the two boxes' y ranges in pixels (negative: the gap between them)."""
    return min(a[3], b[3]) - max(a[1], b[1])


def _overlapping(A: Box, B: Box) -> float:
    """How far two boxes are from overlapping by 15% of the smaller width and height."""
    return (max(0.0, 0.15 * min(_w(A), _w(B)) - _sideways_overlap(A, B))
            + max(0.0, 0.15 * min(_h(A), _h(B)) - _level_overlap(A, B)))


def _behind(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    miss = _order(b, a) + _overlapping(A, B)
    if a.placed_in == "ground" and b.placed_in == "ground":
        miss += max(0.0, A[3] - B[3] - 4)
    return miss + 200 * max(0.0, covered_share(A, B) - 0.8)


def _in_front_of(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    miss = _order(a, b) + _overlapping(A, B)
    if a.placed_in == "ground" and b.placed_in == "ground":
        miss += max(0.0, B[3] - A[3] - 4)
    return miss


def _next_to(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    gap = -_sideways_overlap(A, B)
    return _same_line(a, b) + _outside(gap, -0.3 * min(_w(A), _w(B)), 0.5 * max(_w(A), _w(B)))


def _near(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    reach = 0.6 * max(_w(A), _h(A), _w(B), _h(B)) + 20
    return max(0.0, _box_distance(A, B) - reach)


def _between(a: Shape, b1: Shape, b2: Shape) -> float:
    x1, x2 = sorted((_cx(b1.box), _cx(b2.box)))
    margin = 0.1 * (x2 - x1)
    top = min(b1.box[1], b2.box[1])
    bottom = max(b1.box[3], b2.box[3])
    miss = _outside(_cx(a.box), x1 + margin, x2 - margin)
    if x2 - x1 < 1:
        miss += 50  # two things in one place have no between
    return miss + _outside(_cy(a.box), top, bottom)


def _holding(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    gx, gy = 0.2 * _w(A), 0.2 * _h(A)
    miss = _outside(_cx(B), A[0] - gx, A[2] + gx) + _outside(_cy(B), A[1] - gy, A[3] + gy)
    d = direction(a.facing)
    if d:
        miss += max(0.0, -(_cx(B) - _cx(A)) * d)
    return miss + _order(b, a)


def _facing_each_other(a: Shape, b: Shape) -> float:
    return FACING_MISS * (facing_misses("looking_at", a, (b,)))


def _chasing(a: Shape, b: Shape) -> float:
    A, B = a.box, b.box
    gap = -_sideways_overlap(A, B)
    miss = _same_line(a, b) + max(0.0, gap - 2 * max(_w(A), _w(B)))
    return miss + FACING_MISS * facing_misses("chasing", a, (b,))


def facing_checks(relation: str, a: Shape, bs: tuple[Shape, ...]) -> list[bool]:
    """For chasing, looking_at, giving_to and riding: one True/False per participant whose
    drawing faces a side (front-facing drawings face everyone and are not counted)."""
    if relation not in FACING_RELATIONS:
        return []
    b = bs[0]
    da, db = direction(a.facing), direction(b.facing)
    checks = []
    if relation in ("looking_at", "giving_to"):
        if da:
            checks.append(_faces(a, _cx(b.box)))
        if db:
            checks.append(_faces(b, _cx(a.box)))
    elif relation == "chasing":
        # the chaser faces the chased; the chased runs the same way (away from the chaser)
        way = da or db
        if da:
            checks.append(_faces(a, _cx(b.box)))
        if db:
            checks.append(db == way and (_cx(b.box) - _cx(a.box)) * db >= -5)
    elif relation == "riding" and da and db:
        checks.append(da == db)
    return checks


def facing_misses(relation: str, a: Shape, bs: tuple[Shape, ...]) -> int:
    return sum(1 for ok in facing_checks(relation, a, bs) if not ok)


def violation(relation: str, a: Shape, bs: tuple[Shape, ...]) -> float:
    """0.0 when "a relation bs" holds on the canvas, else about how many pixels it is off."""
    b = bs[0]
    if relation == "under":
        return _under(a, b, sideways_needed=True)
    if relation == "below":
        return _under(a, b, sideways_needed=False)
    if relation == "above":
        return _above(a, b)
    if relation == "on":
        return _on(a, b, riding=False)
    if relation == "riding":
        return _on(a, b, riding=True)
    if relation in ("in", "inside"):
        return _inside(a, b)
    if relation == "behind":
        return _behind(a, b)
    if relation == "in_front_of":
        return _in_front_of(a, b)
    if relation == "next_to":
        return _next_to(a, b)
    if relation == "near":
        return _near(a, b)
    if relation == "between":
        return _between(a, b, bs[1])
    if relation == "holding":
        return _holding(a, b)
    if relation == "chasing":
        return _chasing(a, b)
    if relation == "looking_at":
        return _facing_each_other(a, b)
    if relation == "giving_to":
        reach = 0.6 * max(_w(a.box), _w(b.box))
        return _facing_each_other(a, b) + max(0.0, _box_distance(a.box, b.box) - reach)
    raise ValueError(f"unknown relation {relation!r}")


def holds(relation: str, a: Shape, bs: tuple[Shape, ...], tolerance: float = 1.0) -> bool:
    return violation(relation, a, bs) <= tolerance
