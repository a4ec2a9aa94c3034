"""A tiny SVG writer for backgrounds: a list of elements plus the gradients they use.

Every background is drawn into one `Canvas` (1280×800, the scene size) and serialized with
`to_svg()`. Gradient ids carry a prefix so that a background can be inlined into a scene SVG
next to other drawings without id clashes.
"""

from __future__ import annotations

from itertools import count

WIDTH = 1280
HEIGHT = 800

Point = tuple[float, float]


def num(value: float) -> str:
    """Numbers with at most one decimal: enough precision, a compact file."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(attrs: dict) -> str:
    # Python names use underscores; SVG attributes use dashes (stroke_width -> stroke-width).
    parts = []
    for key, value in attrs.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{num(value) if isinstance(value, float) else value}"')
    return " ".join(parts)


def smooth_path(points: list[Point], close_to: float | None = None) -> str:
    """A path that passes smoothly through `points` (Catmull-Rom turned into cubic Béziers).

    With `close_to`, the path drops to that y at both ends and closes: a filled band such as
    a hill, a dune or the sea floor whose top edge is the curve."""
    if len(points) < 2:
        raise ValueError("a smooth path needs at least two points")
    d = [f"M{num(points[0][0])},{num(points[0][1])}"]
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d.append(f"C{num(c1[0])},{num(c1[1])} {num(c2[0])},{num(c2[1])} {num(p2[0])},{num(p2[1])}")
    if close_to is not None:
        d.append(f"L{num(points[-1][0])},{num(close_to)} L{num(points[0][0])},{num(close_to)} Z")
    return " ".join(d)


def polygon_points(points: list[Point]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


class Canvas:
    """Collects SVG elements in paint order (first added is furthest back)."""

    def __init__(self, id_prefix: str = "bg", width: int = WIDTH, height: int = HEIGHT):
        self.width = width
        self.height = height
        self._prefix = id_prefix
        self._ids = count(1)
        self._defs: list[str] = []
        self._body: list[str] = []

    # --- paint servers -------------------------------------------------------------------
    def linear(self, stops: list[tuple[float, str]], x1=0.0, y1=0.0, x2=0.0, y2=1.0,
               opacities: list[float] | None = None) -> str:
        """A linear gradient (top to bottom by default); returns the `url(#id)` to fill with."""
        gid = f"{self._prefix}-g{next(self._ids)}"
        self._defs.append(
            f'<linearGradient id="{gid}" x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}">'
            + self._stops(stops, opacities) + "</linearGradient>")
        return f"url(#{gid})"

    def radial(self, stops: list[tuple[float, str]], cx=0.5, cy=0.5, r=0.5,
               opacities: list[float] | None = None) -> str:
        """A radial gradient (glows, sun halos, cave light); returns the `url(#id)`."""
        gid = f"{self._prefix}-g{next(self._ids)}"
        self._defs.append(
            f'<radialGradient id="{gid}" cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}">'
            + self._stops(stops, opacities) + "</radialGradient>")
        return f"url(#{gid})"

    def clip_circle(self, cx: float, cy: float, r: float) -> str:
        """A circular clip (a window, a porthole); returns the `url(#id)` for clip-path."""
        cid = f"{self._prefix}-c{next(self._ids)}"
        self._defs.append(f'<clipPath id="{cid}"><circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}"/></clipPath>')
        return f"url(#{cid})"

    @staticmethod
    def _stops(stops, opacities) -> str:
        out = []
        for i, (offset, color) in enumerate(stops):
            opacity = "" if opacities is None else f' stop-opacity="{num(opacities[i])}"'
            out.append(f'<stop offset="{num(offset)}" stop-color="{color}"{opacity}/>')
        return "".join(out)

    # --- shapes --------------------------------------------------------------------------
    def add(self, tag: str, **attrs) -> None:
        self._body.append(f"<{tag} {_attrs(attrs)}/>")

    def rect(self, x, y, w, h, **attrs) -> None:
        self.add("rect", x=float(x), y=float(y), width=float(w), height=float(h), **attrs)

    def circle(self, cx, cy, r, **attrs) -> None:
        self.add("circle", cx=float(cx), cy=float(cy), r=float(r), **attrs)

    def ellipse(self, cx, cy, rx, ry, **attrs) -> None:
        self.add("ellipse", cx=float(cx), cy=float(cy), rx=float(rx), ry=float(ry), **attrs)

    def path(self, d: str, **attrs) -> None:
        self.add("path", d=d, **attrs)

    def polygon(self, points: list[Point], **attrs) -> None:
        self.add("polygon", points=polygon_points(points), **attrs)

    def line(self, x1, y1, x2, y2, **attrs) -> None:
        self.add("line", x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), **attrs)

    def open_group(self, **attrs) -> None:
        self._body.append(f"<g {_attrs(attrs)}>" if attrs else "<g>")

    def close_group(self) -> None:
        self._body.append("</g>")

    def to_svg(self) -> str:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}">')
        defs = f"<defs>{''.join(self._defs)}</defs>" if self._defs else ""
        return head + defs + "".join(self._body) + "</svg>"
