"""A still picture of a layout, for reviewing the layout model (the real renderer, with
animations, is the rendering stage's job).

Reads:  the background's SVG and the placed objects.
Gives:  `compose_svg(background_svg, placed, recolor=None, hero_color=None)` → one SVG: the
        background, then every object in drawing order as a nested <svg> at its box, mirrored
        when flipped. OpenMoji files all use the ids "emoji", "color", "line"…; each object's
        ids get a prefix of their own so the combined document has unique ids.
        `render_png(svg, path, width)` writes a PNG with cairosvg.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from taleweaver.scene.assets import object_svg
from taleweaver.scene.layout import PlacedObject
from taleweaver.scene.layout_sizes import EMOJI_BOX

_SVG_NS = "http://www.w3.org/2000/svg"
_REF = re.compile(r"url\(#([^)]+)\)")


def _prefixed_children(markup: str, prefix: str) -> str:
    """The picture's inner markup with every id (and every reference to one) prefixed."""
    root = ET.fromstring(markup)
    for element in root.iter():
        if "id" in element.attrib:
            element.set("id", prefix + element.get("id"))
        for name, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(name, _REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))
            elif name.endswith("href") and value.startswith("#"):
                element.set(name, "#" + prefix + value[1:])
    return "".join(ET.tostring(child, encoding="unicode") for child in root)


def _inner(svg: str) -> str:
    """What is inside a document's outer <svg> element."""
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[start:svg.rindex("</svg>")]


def compose_svg(background_svg: str, placed: list[PlacedObject],
                hero_color: str | None = None) -> str:
    """Background plus objects as one 1280×800 SVG. `hero_color` recolors the hero's main fill."""
    parts = [f'<svg xmlns="{_SVG_NS}" width="1280" height="800" viewBox="0 0 1280 800">',
             _inner(background_svg)]
    for n, p in enumerate(sorted(placed, key=lambda p: p.z)):
        recolor = hero_color if p.role == "hero" else None
        body = _prefixed_children(object_svg(p.object_id, recolor), f"o{n}-")
        if p.flip:
            body = f'<g transform="matrix(-1 0 0 1 {EMOJI_BOX} 0)">{body}</g>'
        parts.append(f'<svg x="{p.x:.1f}" y="{p.y:.1f}" width="{p.scale:.1f}" height="{p.scale:.1f}" '
                     f'viewBox="0 0 {EMOJI_BOX} {EMOJI_BOX}" overflow="visible">{body}</svg>')
    parts.append("</svg>")
    return "".join(parts)


def render_png(svg: str, path, width: int = 640) -> None:
    import cairosvg

    cairosvg.svg2png(bytestring=svg.encode(), write_to=str(path), output_width=width,
                     output_height=round(width * 800 / 1280))
