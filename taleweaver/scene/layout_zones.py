"""Zones: where on a background each object may go (fish in water, birds in the sky, trees on
the ground), how far a box is from its zone, and where to try an object first.

Reads:  an object's zones from the index (sky, water, ground, floating, indoors, in order of
        preference) and the background's metadata (ground line, horizon, water and sky
        zones, free regions).
Gives:  `placement_for(obj, background)` → one of PLACEMENTS, `zone_cost(...)` (0 when the
        box is in its zone, else roughly the pixels it is off) and `sample_anchor(...)`.

Placements:
  ground    stands with the bottom of its drawing on the ground, between a little in front
            of the horizon and a little in front of the ground line (further back = smaller)
  water     swims with its center inside the water zone (above the sea floor)
  surface   floats on the water's surface (boats, ducks, lily pads); under the sea the surface
            is the top edge of the picture
  sky       flies with its center inside the sky zone or, indoors, the room's open air
  floating  anywhere above the ground (butterflies, sparkles, bubbles, notes)

A zone the background lacks falls back: the object's next zone, then ground, then sky, then
floating. So a fish on a background without water stands at the front of the ground (the
object selection stage only sends it when the text puts it there, "the fish in the bowl"), a
bird in a hall flies in the hall's open air, and an astronaut in open space floats.
"""

from __future__ import annotations

import random

from taleweaver.scene.assets import SceneObject
from taleweaver.scene.backgrounds.layout import BackgroundLayout, Rect

PLACEMENTS = ("ground", "water", "surface", "sky", "floating")

# Water things that float on the surface rather than swim under it (written by hand from
# the object index: its water-zone objects that are boats, birds on water or floating things).
FLOATS_ON_SURFACE = frozenset({
    "sailboat", "ocean_liner", "canoe", "speedboat", "life_ring", "swan", "duck", "goose",
    "water_lily", "ice_floe", "iceberg", "island", "barrel", "lighthouse", "flamingo",
})
# Water plants grow from the bottom: they stand on the sea floor when there is one.
ROOTED_IN_WATER = frozenset({"coral", "seaweed"})
# Under the sea, things that walk or lie still (crabs, anchors, shells) rest on the sea floor.
SEA_FLOOR_ANIMATIONS = frozenset({"walk", "none"})

FRAME_MARGIN = 4          # drawn boxes keep this far inside the canvas
BASE_BACK_SHARE = 0.35    # ground objects may stand this share of the way back to the horizon …
POND_SHORE = 1.0          # a pond's drawn shore: this many of its zone heights above it
BASE_FRONT_SHARE = 0.4    # … and this share of the way from the ground line to the bottom edge


def is_underwater(bg: BackgroundLayout) -> bool:
    """Water covers (nearly) the whole picture: the scene is under the sea."""
    wz = bg.water_zone
    return wz is not None and wz.width * wz.height >= 0.9 * bg.width * bg.height


def is_frozen(bg: BackgroundLayout) -> bool:
    """Its water is ice that can be walked on (the snowy mountain's lake)."""
    return bg.theme == "snowy_mountain"


def has_ground(bg: BackgroundLayout) -> bool:
    return bool(bg.regions("ground"))


def sky_areas(bg: BackgroundLayout) -> list[Rect]:
    """The open sky, or the open air of an indoor place when it has no sky."""
    if bg.sky_zone is not None:
        return [bg.sky_zone]
    return list(bg.regions("air"))


def placement_for(obj: SceneObject, bg: BackgroundLayout) -> str:
    """Which of PLACEMENTS an object gets on this background (see the module docstring)."""
    underwater = is_underwater(bg)
    if underwater and has_ground(bg):
        if obj.id in ROOTED_IN_WATER:
            return "ground"
        if "ground" in obj.zone and obj.animation in SEA_FLOOR_ANIMATIONS:
            return "ground"
    for zone in obj.zone:
        if zone == "water" and bg.water_zone is not None:
            if obj.id in FLOATS_ON_SURFACE:
                return "surface"
            if obj.id in ROOTED_IN_WATER and has_ground(bg):
                return "ground"
            return "water"
        if zone in ("ground", "indoors") and has_ground(bg):
            return "ground"
        if zone == "sky" and sky_areas(bg):
            return "sky"
        if zone == "floating":
            return "floating"
    if has_ground(bg):
        return "ground"
    if sky_areas(bg):
        return "sky"
    return "floating"


def allowed_placements(obj: SceneObject, bg: BackgroundLayout) -> list[str]:
    """Every placement the object's own zones allow on this background (its chosen one may
    change to another of these when a relation asks for it: a bird "beside" a bunny on the
    ground comes down to the ground)."""
    allowed = []
    for zone in obj.zone:
        if zone == "water" and bg.water_zone is not None:
            allowed += ["water", "surface"]
        elif zone in ("ground", "indoors") and has_ground(bg):
            allowed.append("ground")
        elif zone == "sky" and sky_areas(bg):
            allowed.append("sky")
        elif zone == "floating":
            allowed.append("floating")
    if has_ground(bg) and (obj.id in ROOTED_IN_WATER or ("water" in obj.zone and is_underwater(bg))):
        allowed.append("ground")  # the sea floor
    return allowed


def zone_name(placement: str, bg: BackgroundLayout) -> str:
    """The word written in PlacedObject.placed_in (sky becomes air indoors)."""
    if placement == "sky" and bg.sky_zone is None:
        return "air"
    return placement


def ground_band(bg: BackgroundLayout, x: float) -> list[tuple[float, float]]:
    """The heights where a ground object at x may put its base: from part of the way back to
    the horizon to part of the way toward the bottom edge, minus open water (a stream or a pond
    is not ground; under the sea and on frozen lakes it is). A pond behind the ground line is
    taken to reach down to it (its front rim is the line) and up by its own height (the
    drawn shore is larger than the open-water rectangle): nobody stands in the pond."""
    g = bg.ground_y_at(x)
    lo = min(bg.horizon_y + BASE_BACK_SHARE * (g - bg.horizon_y), g)
    hi = min(g + BASE_FRONT_SHARE * (bg.height - g), bg.height - FRAME_MARGIN)
    wz = bg.water_zone
    if wz is None or is_underwater(bg) or is_frozen(bg) or not (wz.x <= x <= wz.right):
        return [(lo, hi)]
    # a pond drawn behind the ground line reaches down to it (its front rim is the line)
    # and its drawn shore reaches a little beyond the zone's open water
    water_top = wz.y - POND_SHORE * wz.height if wz.y < g else wz.y
    water_bottom = max(wz.bottom, g) if wz.y < g else wz.bottom
    pieces = [(lo, min(hi, water_top)), (max(lo, water_bottom), hi)]
    return [(a, b) for a, b in pieces if b - a >= 4] or [(lo, lo + 4)]


def _distance_to_band(value: float, band: list[tuple[float, float]]) -> float:
    best = float("inf")
    for a, b in band:
        if a <= value <= b:
            return 0.0
        best = min(best, a - value if value < a else value - b)
    return best


def _distance_to_rect(x: float, y: float, rect: Rect) -> float:
    dx = max(rect.x - x, 0.0, x - rect.right)
    dy = max(rect.y - y, 0.0, y - rect.bottom)
    return (dx * dx + dy * dy) ** 0.5


def surface_y(bg: BackgroundLayout, height: float) -> float:
    """Where a floating boat's bottom goes: a quarter of it below the water's top line; under
    the sea (the surface is above the picture) its hull shows at the top edge."""
    wz = bg.water_zone
    if wz is None:
        return bg.ground_y
    return max(wz.y + 0.25 * height, FRAME_MARGIN + height)


def zone_cost(placement: str, bg: BackgroundLayout, box: tuple[float, float, float, float]) -> float:
    """0 when the drawn box is in its placement's zone, else about how many pixels it is off."""
    left, top, right, bottom = box
    cx, cy = (left + right) / 2, (top + bottom) / 2
    if placement == "ground":
        return _distance_to_band(bottom, ground_band(bg, cx))
    if placement == "water":
        wz = bg.water_zone
        cost = _distance_to_rect(cx, cy, wz) if wz is not None else 0.0
        if is_underwater(bg):  # swim above the sea floor
            cost += max(0.0, cy - bg.ground_y_at(cx))
        return cost
    if placement == "surface":
        height = bottom - top
        return max(0.0, abs(bottom - surface_y(bg, height)) - 0.15 * height)
    if placement == "sky":
        areas = sky_areas(bg)
        return min(_distance_to_rect(cx, cy, r) for r in areas) if areas else 0.0
    # floating: anywhere above the ground
    return max(0.0, cy - bg.ground_y_at(cx))


def frame_cost(bg: BackgroundLayout, box: tuple[float, float, float, float]) -> float:
    """How many pixels the drawn box sticks out of the canvas (0 inside)."""
    left, top, right, bottom = box
    m = FRAME_MARGIN
    return (max(0.0, m - left) + max(0.0, m - top)
            + max(0.0, right - (bg.width - m)) + max(0.0, bottom - (bg.height - m)))


def sample_anchor(placement: str, bg: BackgroundLayout, height: float,
                  rng: random.Random) -> tuple[float, float]:
    """A first position for a free object: (center x, base y) on the ground and on the
    surface, (center x, center y) elsewhere. Ground objects prefer the free ground regions, so
    they do not stand in front of the barn or the wreck."""
    if placement == "ground":
        regions = bg.regions("ground")
        if regions:
            r = rng.choices(regions, weights=[r.width for r in regions])[0]
            x = rng.uniform(r.x + 0.2 * r.width, r.right - 0.2 * r.width)
        else:
            x = rng.uniform(0.15 * bg.width, 0.85 * bg.width)
        g = bg.ground_y_at(x)
        band = ground_band(bg, x)
        base = min(max(g + rng.uniform(-15, 40), band[0][0]), band[-1][1])
        if _distance_to_band(base, band) > 0:
            base = band[0][1]
        return x, base
    if placement == "surface":
        wz = bg.water_zone
        x = rng.uniform(wz.x + 80, wz.right - 80) if wz is not None and wz.width > 200 else bg.width / 2
        return x, surface_y(bg, height)
    if placement == "water" and bg.water_zone is not None:
        wz = bg.water_zone
        x = rng.uniform(wz.x + 0.1 * wz.width, wz.right - 0.1 * wz.width)
        low = min(wz.bottom, bg.ground_y_at(x) - 0.5 * height) if is_underwater(bg) else wz.bottom
        y = rng.uniform(wz.y + 0.5 * min(height, wz.height), max(wz.y + 0.5 * min(height, wz.height), low))
        return x, y
    if placement == "sky" and sky_areas(bg):
        areas = sky_areas(bg)
        r = rng.choices(areas, weights=[a.width * a.height for a in areas])[0]
        return rng.uniform(r.x + 0.1 * r.width, r.right - 0.1 * r.width), rng.uniform(r.y + 0.2 * r.height, r.bottom - 0.2 * r.height)
    x = rng.uniform(0.15 * bg.width, 0.85 * bg.width)
    top = height * 0.6
    return x, rng.uniform(top, max(top, bg.ground_y_at(x) - 0.6 * height))
