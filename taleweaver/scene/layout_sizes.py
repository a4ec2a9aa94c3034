"""How big each object is drawn: size class → pixels, the hero's boost, shrinking with depth,
and where the drawing actually sits inside OpenMoji's 72-unit box.

Reads:  the object index (size class, category, zone) and the OpenMoji SVG of each object.
Gives:  `base_scale(obj, role)` (px size of the 72-unit box at the front ground line),
        `depth_factor(background, x, base_y)` (1.0 on the ground line, smaller toward the
        horizon) and `drawing_box(obj_id)` (the drawing's bounding box inside the 72-unit box).
"""

from __future__ import annotations

import io
from functools import lru_cache

from taleweaver.scene.assets import SceneObject, object_svg

EMOJI_BOX = 72  # OpenMoji's viewBox is 0 0 72 72

# Size of the 72-unit box in canvas pixels (canvas 1280×800) for each real-world size class,
# at the front ground line. Picture-book sizes, not true ratios: a ladybug must still be
# visible and a whale must still fit the frame.
SIZE_PX = {"tiny": 60, "small": 100, "medium": 150, "large": 210, "huge": 300}

# Huge things of the sky (sun, moon, planets, clouds) are far away: drawn this size instead.
FAR_SKY_PX = 170

HERO_MIN_PX = 230       # the hero is drawn at least this big …
CHARACTER_MIN_PX = 136  # … and other characters at least this big, so a mouse friend reads
CHARACTER_MAX_SHARE = 0.9  # another character is at most this share of the hero's size …
OVERSIZE_RANKS = 2      # … unless its size class is this many classes bigger (a whale beside
                        # a kitten hero stays bigger than the kitten: the size prior wins)
AMBIENT_SHARE = 0.8     # ambient props (fish of the reef, clouds) are drawn a little smaller

DEPTH_NEAREST = 0.5     # scale at the horizon …
DEPTH_MAX = 1.15        # … and the most an object in the foreground may grow
MIN_DEPTH_PX = 60       # the horizon is taken at least this far above the ground line


def base_scale(obj: SceneObject, role: str, hero: SceneObject | None = None) -> float:
    """The px size of the object's 72-unit box on the front ground line, before depth."""
    px = float(SIZE_PX[obj.size])
    if obj.size == "huge" and obj.zone == ("sky",):
        px = FAR_SKY_PX
    if role == "hero":
        return max(px, HERO_MIN_PX)
    if role == "character":
        px = max(px, CHARACTER_MIN_PX)
        if hero is not None and obj.size_rank < hero.size_rank + OVERSIZE_RANKS:
            px = min(px, base_scale(hero, "hero") * CHARACTER_MAX_SHARE)
        return px
    if role == "ambient":
        return px * AMBIENT_SHARE
    return px


def depth_factor(horizon_y: float, ground_y: float, base_y: float) -> float:
    """How much an object standing with its base at `base_y` shrinks: 1.0 on the ground line
    (`ground_y`), DEPTH_NEAREST at the horizon, growing a little in front of the ground line."""
    # indoors the floor's back edge can be the ground line itself: keep some depth anyway
    horizon_y = min(horizon_y, ground_y - MIN_DEPTH_PX)
    span = ground_y - horizon_y
    factor = DEPTH_NEAREST + (1.0 - DEPTH_NEAREST) * (base_y - horizon_y) / span
    return min(max(factor, DEPTH_NEAREST), DEPTH_MAX)


@lru_cache(maxsize=None)
def drawing_box(obj_id: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the drawn pixels inside the 72-unit box, for an object
    facing as drawn. Relations ("on", "under") are judged on what is drawn, not on the padded
    box, so a cat on a rock touches the rock. Found once per object by rasterizing it."""
    import cairosvg
    from PIL import Image

    png = cairosvg.svg2png(bytestring=object_svg(obj_id).encode(), output_width=EMOJI_BOX * 2,
                           output_height=EMOJI_BOX * 2)
    bbox = Image.open(io.BytesIO(png)).getchannel("A").getbbox()
    if bbox is None:  # an empty drawing: use the whole box
        return (0.0, 0.0, float(EMOJI_BOX), float(EMOJI_BOX))
    return tuple(v / 2 for v in bbox)  # type: ignore[return-value]
