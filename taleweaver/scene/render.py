"""Rendering one scene: background + placed objects -> one animated SVG.

    render_scene(background_svg, placed, hero_color=None, credits=(), title=None, relations=()) -> str

Reads:  the background's SVG (backgrounds/draw.py), the placed objects (layout.py:
        PlacedObject with x, y, scale, flip, z, animation, role) and the layout relations
        (to know what an attached thing hangs on), the chosen color for the hero's main fill,
        the asset credits.
Writes: a 1280×800 SVG document: <title>, <metadata> with the credits (and an XML comment,
        so they survive any viewer), a <style> with the animations (render_motion.py), the
        background, then every object in drawing order.

Each object becomes
    <g id="obj-N" class="tw-object" data-key=… data-object=… data-role=…>   what it is
      <g class="tw-m tw-m-KIND" style="animation-delay:…">                  motion, canvas px
        <g transform="translate(x y) scale(s)">                             placement
          <g class="tw-p tw-p-KIND" style="animation-delay:…">              pose, own box
            <g transform="matrix(-1 0 0 1 72 0)">                           mirror, if flipped
              … the OpenMoji drawing, every id prefixed "oN-" …
The animated groups never carry a transform attribute (a CSS transform would replace it).
OpenMoji files all use the same ids ("emoji", "color", "line"), so each object's ids and the
references to them get a prefix of their own: every id in the document is unique.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import lru_cache
from xml.sax.saxutils import escape

from taleweaver.scene.assets import object_svg
from taleweaver.scene.layout import LayoutRelation, PlacedObject
from taleweaver.scene.render_motion import PERIODS, STYLE, motion_for

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 1280, 800
EMOJI_BOX = 72
ATTACHING = ("on", "in", "inside", "riding")
_REF = re.compile(r"url\(#([^)]+)\)")


@lru_cache(maxsize=512)
def _drawing(object_id: str, recolor: str | None) -> str:
    """The OpenMoji drawing's inner markup with ids as the placeholder prefix "@@-", read and
    recolored once per process (parsing the file is the slow part)."""
    root = ET.fromstring(object_svg(object_id, recolor))
    for element in root.iter():
        if "id" in element.attrib:
            element.set("id", "@@-" + element.get("id"))
        for name, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(name, _REF.sub(lambda m: f"url(#@@-{m.group(1)})", value))
            elif name.endswith("href") and value.startswith("#"):
                element.set(name, "#@@-" + value[1:])
    return "".join(ET.tostring(child, encoding="unicode") for child in root).replace(f' xmlns="{SVG_NS}"', "")


def _inner(svg: str) -> str:
    """What is inside a document's outer <svg> element."""
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[start:svg.rindex("</svg>")]


def anchors(placed: list[PlacedObject], relations: Iterable[LayoutRelation]) -> dict[tuple[str, int], tuple[str, int]]:
    """For every attached copy (placed_in == "attached"), the copy it moves with: what it sits
    on, is in or rides, or who holds it. Copy i hangs on copy i of its anchor when there is one."""
    copies: dict[str, int] = {}
    for p in placed:
        copies[p.key] = max(copies.get(p.key, 0), p.copy + 1)
    anchor_key: dict[str, str] = {}
    for r in relations:
        if r.relation in ATTACHING and r.subject not in anchor_key:
            anchor_key[r.subject] = r.objects[0]
        elif r.relation == "holding" and r.objects[0] not in anchor_key:
            anchor_key[r.objects[0]] = r.subject
    out = {}
    for p in placed:
        if p.placed_in == "attached" and p.key in anchor_key and anchor_key[p.key] in copies:
            target = anchor_key[p.key]
            out[(p.key, p.copy)] = (target, p.copy if p.copy < copies[target] else 0)
    return out


def _motions(placed: list[PlacedObject], relations, seed: int) -> dict[tuple[str, int], tuple[str | None, float, str | None, float]]:
    """(motion class, its delay, pose class, its delay) per copy; attached copies take their
    anchor's motion and delay and keep no pose of their own."""
    rng = random.Random(f"motion/{seed}")
    own = {}
    for p in placed:
        m = motion_for(p.animation, p.role)
        own[(p.key, p.copy)] = (m.motion, -round(rng.uniform(0, PERIODS.get(m.motion, 1.0)), 2),
                                m.pose, -round(rng.uniform(0, PERIODS.get(m.pose, 1.0)), 2))
    hang = anchors(placed, relations)
    out = {}
    for copy in own:
        root, seen = copy, set()
        while root in hang and root not in seen:  # a crown on a rider on a whale moves with the whale
            seen.add(root)
            root = hang[root]
        if root == copy:
            out[copy] = own[copy]
        else:
            out[copy] = (own[root][0], own[root][1], None, 0.0)
    return out


def _object_markup(n: int, p: PlacedObject, body: str, motion) -> str:
    motion_class, motion_delay, pose_class, pose_delay = motion
    body = body.replace("@@-", f"o{n}-")
    if p.flip:
        body = f'<g transform="matrix(-1 0 0 1 {EMOJI_BOX} 0)">{body}</g>'
    if pose_class:
        body = f'<g class="tw-p tw-p-{pose_class}" style="animation-delay:{pose_delay}s">{body}</g>'
    k = p.scale / EMOJI_BOX
    body = f'<g transform="translate({p.x:.1f} {p.y:.1f}) scale({k:.4f})">{body}</g>'
    if motion_class:
        body = f'<g class="tw-m tw-m-{motion_class}" style="animation-delay:{motion_delay}s">{body}</g>'
    attrs = (f'id="obj-{n}" class="tw-object" data-key="{escape(p.key)}" data-copy="{p.copy}" '
             f'data-object="{p.object_id}" data-role="{p.role}" data-animation="{p.animation}"')
    return f"<g {attrs}>{body}</g>"


def render_scene(background_svg: str, placed: list[PlacedObject], hero_color: str | None = None,
                 credits: Iterable[str] = (), title: str | None = None,
                 relations: Iterable[LayoutRelation] = (), seed: int = 0) -> str:
    """One animated SVG for the scene (see the module docstring for its structure)."""
    if not isinstance(background_svg, str) or "<svg" not in background_svg:
        raise ValueError("background_svg must be SVG markup from draw_background")
    relations = list(relations)
    credits = [str(c) for c in credits]
    motions = _motions(placed, relations, seed)
    credit_text = " ".join(credits)
    parts = [f'<svg xmlns="{SVG_NS}" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">']
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    if credits:
        # "--" may not appear inside an XML comment
        parts.append(f"<!-- {escape(credit_text).replace('--', '- -')} -->")
        parts.append(f'<metadata><credits xmlns="https://taleweaver.invalid/credits">{escape(credit_text)}</credits></metadata>')
    parts.append(f"<style>{STYLE}</style>")
    parts.append(f'<g id="background">{_inner(background_svg)}</g>')
    parts.append('<g id="objects">')
    for n, p in enumerate(sorted(placed, key=lambda p: p.z)):
        recolor = hero_color if p.role == "hero" else None
        parts.append(_object_markup(n, p, _drawing(p.object_id, recolor), motions[(p.key, p.copy)]))
    parts.append("</g></svg>")
    return "".join(parts)
