"""Finding the free regions of a design from what it drew: the zone's rectangle minus the key
features, cut into columns. Designs call these after drawing, with the features' real
positions, so the metadata always matches the picture of that seed."""

from __future__ import annotations

from taleweaver.scene.backgrounds.layout import Rect, Region
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Point

MARGIN = 16  # free regions keep this far from the canvas edges


def height_at(points: tuple[Point, ...] | list[Point], x: float) -> float:
    """The height of a line of points at x (straight between points, flat beyond the ends)."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
    return points[-1][1]


def _columns(x_from: float, x_to: float, blockers: list[Rect]) -> list[tuple[float, float]]:
    edges = {x_from, x_to}
    for b in blockers:
        for x in (b.x, b.right):
            if x_from < x < x_to:
                edges.add(x)
    xs = sorted(edges)
    return list(zip(xs, xs[1:]))


def carve(area: Rect, blockers: list[Rect], zone: str, min_width: float = 100,
          min_height: float = 80) -> list[Region]:
    """Free rectangles of `area` that touch no blocker: for each column between blocker edges
    the tallest free stretch, with neighbouring columns of the same stretch merged."""
    area = _inside_canvas(area)
    pieces: list[tuple[float, float, float, float]] = []  # x0, x1, top, bottom
    for x0, x1 in _columns(area.x, area.right, blockers):
        over = sorted((b for b in blockers if b.x < x1 and x0 < b.right), key=lambda b: b.y)
        top, best = area.y, (0.0, 0.0)
        for b in over:
            if b.y > top and b.y - top > best[1] - best[0]:
                best = (top, min(b.y, area.bottom))
            top = max(top, b.bottom)
        if area.bottom - top > best[1] - best[0]:
            best = (top, area.bottom)
        if best[1] - best[0] <= 0:
            continue
        if pieces and pieces[-1][1] == x0 and pieces[-1][2:] == best:
            pieces[-1] = (pieces[-1][0], x1, *best)
        else:
            pieces.append((x0, x1, *best))
    return [Region(x=a, y=t, width=b - a, height=bt - t, zone=zone)
            for a, b, t, bt in pieces if b - a >= min_width and bt - t >= min_height]


def _inside_canvas(area: Rect) -> Rect:
    x0, y0 = max(area.x, MARGIN), max(area.y, MARGIN)
    x1, y1 = min(area.right, WIDTH - MARGIN), min(area.bottom, HEIGHT - MARGIN)
    return Rect(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0))


def ground_regions(ground_line: list[Point] | tuple[Point, ...], blockers: list[Rect],
                   headroom: float, x_from: float = 24, x_to: float = 1256,
                   max_width: float = 300, max_rise: float = 24,
                   min_width: float = 90, min_height: float = 90) -> list[Region]:
    """Stretches of ground where something can stand: the region's bottom edge sits on the
    ground line (its highest point over the stretch, so nothing sinks into a hill), its height
    is the free headroom above, stopped by any feature hanging over it. A stretch whose ground
    rises or falls more than `max_rise` is split, so the bottom edge stays on the ground."""
    regions = []
    for x0, x1 in _columns(x_from, x_to, blockers):
        for a, b in _flat_stretches(ground_line, x0, x1, max_width, max_rise):
            ground = min(height_at(ground_line, x) for x in _samples(a, b))
            top = max(MARGIN, ground - headroom)
            blocked = False
            for blk in blockers:
                if blk.x < b and a < blk.right and blk.y < ground:
                    if blk.bottom > ground - min_height:
                        blocked = True  # the feature stands right here
                        break
                    top = max(top, blk.bottom)
            if not blocked and b - a >= min_width and ground - top >= min_height:
                regions.append(Region(x=a, y=top, width=b - a, height=ground - top, zone="ground"))
    return regions


def _samples(a: float, b: float, n: int = 9) -> list[float]:
    return [a + (b - a) * i / (n - 1) for i in range(n)]


def _flat_stretches(line, x0: float, x1: float, max_width: float,
                    max_rise: float) -> list[tuple[float, float]]:
    """Split [x0, x1] into pieces no wider than max_width over which the ground varies at most
    max_rise."""
    out, start = [], x0
    while x1 - start > 1:
        end = min(x1, start + max_width)
        while end - start > 40:
            ys = [height_at(line, x) for x in _samples(start, end)]
            if max(ys) - min(ys) <= max_rise:
                break
            end = start + (end - start) * 0.7
        out.append((start, end))
        start = end
    return out
