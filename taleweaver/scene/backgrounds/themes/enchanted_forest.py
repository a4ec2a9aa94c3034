"""Enchanted Forest: a mushroom glade, a forest stream with a little bridge, and a giant hollow
tree with a round door. The chosen color goes into mushroom caps, lanterns and the door."""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style, darken, lightness
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import WIDTH, Canvas, num

SKY = ("#BFE9E0", "#F3F8D8")
FAR_TREES = "#7FB59A"
MID_TREES = "#4E9A6F"
TRUNK = "#7A5A45"
FAR_GROUND = "#A8D49A"


def _tree_rows(c: Canvas, st: Style, rng: random.Random, horizon: float) -> None:
    """Two rows of round trees behind the clearing, paler with distance."""
    for color, base, size, count in ((FAR_TREES, horizon + 30, (120, 170), 9),
                                     (MID_TREES, horizon + 80, (170, 240), 6)):
        xs = sorted(rng.uniform(-40, WIDTH + 40) for _ in range(count))
        for x in xs:
            n.round_tree(c, x, base, rng.uniform(*size), st.tone(color), st.tone(darken(color, 0.3)))


def mushroom(c: Canvas, st: Style, x: float, ground: float, h: float, cap: str, outline: str,
             spots: bool = True) -> None:
    """A toadstool: a pale stem under a round cap with soft spots, outlined like an emoji."""
    stem = st.tone("#F4EBDD")
    c.rect(x - h * 0.14, ground - h * 0.62, h * 0.28, h * 0.62, rx=num(h * 0.1), fill=stem,
           stroke=st.tone("#B9A98F"), stroke_width=num(max(3.0, h * 0.035)))
    c.path(f"M{num(x - h * 0.5)},{num(ground - h * 0.55)} Q{num(x - h * 0.48)},{num(ground - h * 1.05)} "
           f"{num(x)},{num(ground - h * 1.05)} Q{num(x + h * 0.48)},{num(ground - h * 1.05)} "
           f"{num(x + h * 0.5)},{num(ground - h * 0.55)} Z", fill=cap, stroke=outline,
           stroke_width=num(max(4.0, h * 0.045)), stroke_linejoin="round")
    if spots:
        # White spots vanish on a white cap, so light caps get spots in their outline color.
        dot = "#FFFFFF" if lightness(cap) < 0.8 else outline
        for dx, dy, r in ((-0.22, 0.78, 0.08), (0.12, 0.9, 0.07), (0.26, 0.7, 0.06), (-0.05, 0.66, 0.05)):
            c.circle(x + dx * h, ground - dy * h, r * h, fill=dot, opacity="0.9")


def _fireflies(c: Canvas, st: Style, rng: random.Random, count: int, top: float, bottom: float) -> None:
    glow = c.radial([(0, "#FFF59D"), (1, "#FFF59D")], opacities=[0.7 if st.night else 0.45, 0.0])
    for _ in range(count):
        x, y = rng.uniform(60, WIDTH - 60), rng.uniform(top, bottom)
        c.circle(x, y, rng.uniform(12, 18), fill=glow)
        c.circle(x, y, 3.5, fill="#FFFDE7")


@design("mushroom_glade")
def mushroom_glade(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 430
    line = n.landscape(c, st, rng, SKY, horizon, [(FAR_GROUND, horizon + 20, 8)], ("#8BC97A", "#5FA35A"), 600, 10,
                       cloud_count=(1, 3), behind_ground=lambda c: _tree_rows(c, st, rng, horizon))
    # A ring of small mushrooms far back in the glade (a fairy ring).
    ring_x = rng.uniform(520, 760)
    for k in range(7):
        x = ring_x - 150 + k * 50
        mushroom(c, st, x, height_at(line, x) + 8 + (k % 2) * 10, rng.uniform(34, 46), a.main, a.shade, spots=False)
    side = rng.choice((-1, 1))
    big_x = 210 if side < 0 else WIDTH - 210
    g = height_at(line, big_x) + 60
    n.fern(c, big_x - 110 * side * -1, g, 110, st.tone("#3E8E4E"), rng)
    mushroom(c, st, big_x - 60, g, rng.uniform(210, 250), a.main, a.shade)
    mushroom(c, st, big_x + 85, g + 12, rng.uniform(120, 150), st.tone("#FFB74D"), st.tone("#B26A00"))
    features = [Feature(x=big_x - 200, y=g - 270, width=360, height=280, name="giant mushrooms")]
    far_side = WIDTH - big_x
    n.round_tree(c, far_side + 60 * side, height_at(line, far_side) + 70, 330, st.tone("#3F8D5B"), st.tone(TRUNK))
    features.append(Feature(x=far_side + 60 * side - 110, y=height_at(line, far_side) - 270, width=220,
                            height=340, name="old tree"))
    n.flowers(c, rng, lambda x: height_at(line, x) + 40, 380, 900, rng.randint(5, 8), a.main, a.shade,
              st.tone("#4C8C3F"))
    _fireflies(c, st, rng, rng.randint(6, 10), 250, 520)
    sky = Rect(0, 0, WIDTH, horizon - 120)
    regions = (ground_regions(line, features, 300) + carve(sky, features, "sky"))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("forest_stream")
def forest_stream(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 400
    bank = n.landscape(c, st, rng, SKY, horizon, [(FAR_GROUND, horizon + 20, 8)], ("#93CF7E", "#73B865"), 560, 10,
                       behind_ground=lambda c: _tree_rows(c, st, rng, horizon))
    # The stream crosses the front of the picture; its near bank is a strip of grass and stones.
    water_top, water_bottom = 640, 730
    c.rect(0, water_top - 12, WIDTH, water_bottom - water_top + 40,
           fill=c.linear([(0, st.tone("#7FD3E8")), (1, st.tone("#3D9DC4"))]))
    n.water_shine(c, rng, 40, water_top + 10, WIDTH - 80, water_bottom - water_top - 30, 9)
    near = n.wavy_line(rng, water_bottom + 20, 6, 9)
    n.band(c, near, st.tone("#6AAE5C"))
    for _ in range(rng.randint(4, 6)):
        x = rng.uniform(30, WIDTH - 30)
        n.rock(c, x, water_top + rng.uniform(8, 24), rng.uniform(50, 80), rng.uniform(24, 34), st.tone("#9EA7A0"))
    # A little arched bridge with lanterns in the chosen color.
    bx = rng.uniform(300, 980)
    wood = st.tone("#A97C50")
    c.path(f"M{num(bx - 170)},{num(water_bottom + 10)} Q{num(bx)},{num(water_top - 150)} {num(bx + 170)},{num(water_bottom + 10)}",
           fill="none", stroke=st.tone("#7B5533"), stroke_width=40, stroke_linecap="round")
    c.path(f"M{num(bx - 170)},{num(water_bottom + 10)} Q{num(bx)},{num(water_top - 150)} {num(bx + 170)},{num(water_bottom + 10)}",
           fill="none", stroke=wood, stroke_width=28, stroke_linecap="round")
    for px in (bx - 120, bx + 120):
        py = water_top - 40
        c.line(px, py + 50, px, py - 40, stroke=st.tone("#7B5533"), stroke_width=10, stroke_linecap="round")
        c.rect(px - 17, py - 76, 34, 40, rx=10, fill=a.main, stroke=a.shade, stroke_width=6)
    features = [Feature(x=bx - 190, y=water_top - 130, width=380, height=water_bottom - water_top + 150, name="bridge")]
    for x in (rng.uniform(40, 120), rng.uniform(1160, 1240)):
        n.round_tree(c, x, height_at(bank, x) + 20, 360, st.tone("#3F8D5B"), st.tone(TRUNK))
        features.append(Feature(x=x - 110, y=height_at(bank, x) - 340, width=220, height=360, name="tree"))
    n.flowers(c, rng, lambda x: height_at(near, x) + 15, 60, WIDTH - 60, rng.randint(4, 7), a.main, a.shade,
              st.tone("#4C8C3F"))
    sky = Rect(0, 0, WIDTH, horizon - 100)
    water = Rect(0, water_top, WIDTH, water_bottom - water_top)
    regions = (ground_regions(bank, features, 280) + carve(water, features, "water", min_height=50)
               + carve(sky, features, "sky"))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(bank), water_zone=water, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("hollow_tree")
def hollow_tree(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 420
    line = n.landscape(c, st, rng, SKY, horizon, [(FAR_GROUND, horizon + 20, 8)], ("#86C57A", "#5E9F58"), 620, 12,
                       behind_ground=lambda c: _tree_rows(c, st, rng, horizon))
    side = rng.choice((-1, 1))
    tx = rng.uniform(250, 330) if side < 0 else rng.uniform(950, 1030)
    g = height_at(line, tx) + 30
    bark, bark_dark = st.tone("#8A6248"), st.tone("#5E4030")
    # Crown first, then the trunk with spreading roots, then the hollow and its door.
    for dx, dy, r in ((-150, -560, 150), (150, -560, 150), (0, -650, 180), (-60, -500, 130), (90, -480, 120)):
        c.circle(tx + dx, g + dy, r, fill=st.tone("#3E8E55" if dy < -550 else "#357A49"))
    c.path(f"M{num(tx - 190)},{num(g)} Q{num(tx - 110)},{num(g - 30)} {num(tx - 100)},{num(g - 150)} "
           f"L{num(tx - 90)},{num(g - 460)} L{num(tx + 90)},{num(g - 460)} L{num(tx + 100)},{num(g - 150)} "
           f"Q{num(tx + 110)},{num(g - 30)} {num(tx + 190)},{num(g)} Z", fill=bark, stroke=bark_dark,
           stroke_width=8, stroke_linejoin="round")
    for dx in (-50, 10, 60):
        c.path(f"M{num(tx + dx)},{num(g - 440)} q{num(rng.uniform(-12, 12))},120 0,240", fill="none",
               stroke=bark_dark, stroke_width=6, stroke_linecap="round")
    door_w, door_h = 110, 150
    c.path(f"M{num(tx - door_w / 2)},{num(g - 10)} L{num(tx - door_w / 2)},{num(g - door_h + door_w / 2)} "
           f"A{num(door_w / 2)},{num(door_w / 2)} 0 0 1 {num(tx + door_w / 2)},{num(g - door_h + door_w / 2)} "
           f"L{num(tx + door_w / 2)},{num(g - 10)} Z", fill=a.main, stroke=a.shade, stroke_width=8)
    c.circle(tx + door_w * 0.28, g - 70, 8, fill=a.shade)
    c.circle(tx, g - 240, 34, fill=bark_dark)  # a round window into the hollow
    c.circle(tx, g - 240, 24, fill="#FFE082" if st.night else st.tone("#3B2A20"))
    features = [Feature(x=tx - 210, y=g - 830, width=420, height=840, name="hollow tree")]
    for k in range(rng.randint(3, 5)):
        x = tx + side * -1 * rng.uniform(220, 600)
        mushroom(c, st, x, height_at(line, x) + rng.uniform(20, 50), rng.uniform(40, 70),
                 a.main if k % 2 else st.tone("#FFB74D"), a.shade if k % 2 else st.tone("#B26A00"))
    _fireflies(c, st, rng, rng.randint(5, 9), 200, 520)
    sky = Rect(0, 0, WIDTH, horizon - 120)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))
