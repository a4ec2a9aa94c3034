"""Jungle: the tree canopy with hanging vines and a treehouse, a jungle river, and a waterfall
pouring into a pool. The chosen color goes into big jungle flowers and the treehouse roof."""

from __future__ import annotations

import math
import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Canvas, num

SKY = ("#A8E6CF", "#F1FBD9")
LEAF, LEAF_DARK, LEAF_LIGHT = "#2E8B3E", "#1F6B30", "#5DBB4F"
TRUNK = "#7A5236"


def big_leaf(c: Canvas, x: float, y: float, length: float, angle: float, fill: str) -> None:
    """A broad pointed leaf with a midrib, growing from (x, y) toward `angle` degrees."""
    a = math.radians(angle)
    ex, ey = x + math.cos(a) * length, y + math.sin(a) * length
    nx, ny = -math.sin(a) * length * 0.32, math.cos(a) * length * 0.32
    mx, my = (x + ex) / 2, (y + ey) / 2
    c.path(f"M{num(x)},{num(y)} Q{num(mx + nx)},{num(my + ny)} {num(ex)},{num(ey)} "
           f"Q{num(mx - nx)},{num(my - ny)} {num(x)},{num(y)} Z", fill=fill)
    c.line(x, y, ex - math.cos(a) * length * 0.15, ey - math.sin(a) * length * 0.15,
           stroke="#FFFFFF", stroke_width=num(max(3.0, length * 0.025)), opacity="0.35", stroke_linecap="round")


def _hibiscus(c: Canvas, st: Style, x: float, y: float, r: float) -> None:
    a = st.accent
    n.flower(c, x, y, r, a.main, center=st.tone("#FFEB3B"), outline=a.shade)


def _canopy_top(c: Canvas, st: Style, rng: random.Random) -> None:
    """Leaves crowding the top edge and vines hanging down from them."""
    for _ in range(rng.randint(5, 8)):
        x = rng.uniform(0, WIDTH)
        length = rng.uniform(180, 320)
        c.path(f"M{num(x)},-10 q{num(rng.uniform(-30, 30))},{num(length / 2)} {num(rng.uniform(-20, 20))},{num(length)}",
               fill="none", stroke=st.tone("#3E7D32"), stroke_width=9, stroke_linecap="round")
        for k in range(3):
            big_leaf(c, x + rng.uniform(-10, 10), length * (0.35 + 0.25 * k), 34, rng.choice((20, 160)), st.tone(LEAF_LIGHT))
    for k in range(14):
        x = -40 + k * 100 + rng.uniform(-20, 20)
        big_leaf(c, x, -30, rng.uniform(140, 200), rng.uniform(50, 130), st.tone(rng.choice((LEAF, LEAF_DARK, LEAF_LIGHT))))


def _side_plants(c: Canvas, st: Style, rng: random.Random, line, xs) -> None:
    for x in xs:
        g = height_at(line, x) + 30
        for ang in (-150, -120, -90, -60, -30):
            big_leaf(c, x, g, rng.uniform(120, 170), ang + rng.uniform(-10, 10), st.tone(rng.choice((LEAF, LEAF_LIGHT))))


@design("jungle_canopy")
def jungle_canopy(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 440

    def trees(c: Canvas) -> None:
        for _ in range(8):
            n.round_tree(c, rng.uniform(-40, WIDTH + 40), horizon + 40, rng.uniform(200, 300), st.tone("#4FA564"), st.tone(TRUNK))

    line = n.landscape(c, st, rng, SKY, horizon, [("#8FD19E", horizon + 20, 10)], ("#6DBE5A", "#3E9646"), 650, 12,
                       sun=False, cloud_count=(0, 1), behind_ground=trees)
    side = rng.choice((-1, 1))
    tx = rng.uniform(180, 300) if side < 0 else rng.uniform(980, 1100)
    g = height_at(line, tx) + 20
    # A great tree with a treehouse on its branches: crown, trunk, then the house in front.
    for dx, dy, r in ((-120, -560, 150), (110, -580, 160), (0, -650, 170)):
        c.circle(tx + dx, g + dy, r, fill=st.tone(LEAF if dy > -650 else LEAF_LIGHT))
    c.rect(tx - 45, g - 560, 90, 560, rx=30, fill=st.tone(TRUNK))
    c.path(f"M{num(tx - 45)},{num(g - 20)} q-50,10 -80,30 M{num(tx + 45)},{num(g - 20)} q50,10 80,30", fill="none",
           stroke=st.tone(TRUNK), stroke_width=26, stroke_linecap="round")
    hy = g - 380
    c.rect(tx - 120, hy, 240, 20, rx=8, fill=st.tone("#8D6E63"))
    c.rect(tx - 95, hy - 110, 190, 110, rx=10, fill=st.tone("#C19A6B"), stroke=st.tone("#8D6E63"), stroke_width=7)
    c.polygon([(tx - 130, hy - 100), (tx, hy - 190), (tx + 130, hy - 100)], fill=a.main, stroke=a.shade,
              stroke_width=9, stroke_linejoin="round")
    c.rect(tx - 30, hy - 80, 60, 70, rx=24, fill=st.tone("#5D4037"))
    c.path(f"M{num(tx + 70)},{num(hy + 20)} L{num(tx + 70)},{num(g - 10)}", stroke=st.tone("#A1887F"), stroke_width=6,
           stroke_dasharray="4 22", stroke_linecap="round")  # the rope ladder
    c.line(tx + 60, hy + 20, tx + 60, g - 10, stroke=st.tone("#A1887F"), stroke_width=5)
    c.line(tx + 82, hy + 20, tx + 82, g - 10, stroke=st.tone("#A1887F"), stroke_width=5)
    features = [Feature(x=tx - 150, y=g - 580, width=300, height=590, name="treehouse")]
    _canopy_top(c, st, rng)
    _side_plants(c, st, rng, line, [WIDTH - tx + side * 200])
    for _ in range(rng.randint(3, 5)):
        x = rng.uniform(80, WIDTH - 80)
        _hibiscus(c, st, x, height_at(line, x) + rng.uniform(40, 110), rng.uniform(18, 26))
    sky = Rect(0, 200, WIDTH, horizon - 260)
    regions = ground_regions(line, features, 280) + carve(sky, features, "sky", min_height=60)
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("jungle_river")
def jungle_river(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    horizon = 420

    def trees(c: Canvas) -> None:
        for _ in range(9):
            n.round_tree(c, rng.uniform(-40, WIDTH + 40), horizon + 40, rng.uniform(200, 280), st.tone("#4FA564"), st.tone(TRUNK))

    bank = n.landscape(c, st, rng, SKY, horizon, [("#8FD19E", horizon + 20, 10)], ("#6DBE5A", "#4EA04C"), 520, 10,
                       cloud_count=(1, 2), behind_ground=trees)
    # A wide brown-green river across the front, a muddy near bank below it.
    top, bottom = 600, 720
    c.path(f"M-20,{top} Q{WIDTH / 3},{top - 25} {WIDTH / 2},{top} T{WIDTH + 20},{top} L{WIDTH + 20},{bottom + 30} L-20,{bottom + 30} Z",
           fill=c.linear([(0, st.tone("#6FC2B0")), (1, st.tone("#3C8F86"))]))
    n.water_shine(c, rng, 40, top + 20, WIDTH - 80, bottom - top - 50, 8)
    for _ in range(rng.randint(2, 3)):  # lily pads
        x, y = rng.uniform(80, WIDTH - 80), rng.uniform(top + 30, bottom - 30)
        c.path(f"M{num(x)},{num(y)} L{num(x + 34)},{num(y - 8)} A36,16 0 1 1 {num(x + 34)},{num(y + 8)} Z",
               fill=st.tone("#66BB6A"), stroke=st.tone("#2E7D32"), stroke_width=4)
    near = n.wavy_line(rng, bottom + 10, 8, 9)
    n.band(c, near, st.tone("#8A6A4A"))
    # A rope bridge over the river, hung between two posts.
    bx = rng.uniform(420, 860)
    wood = st.tone("#A0703F")
    c.path(f"M{num(bx - 260)},{num(top - 30)} Q{num(bx)},{num(top + 40)} {num(bx + 260)},{num(top - 30)}", fill="none",
           stroke=wood, stroke_width=18, stroke_dasharray="26 8")
    c.path(f"M{num(bx - 260)},{num(top - 100)} Q{num(bx)},{num(top - 30)} {num(bx + 260)},{num(top - 100)}", fill="none",
           stroke=st.tone("#C8A676"), stroke_width=6)
    for px in (bx - 260, bx + 260):
        c.rect(px - 10, top - 120, 20, 110, rx=8, fill=st.tone("#6D4C41"))
    features = [Feature(x=bx - 280, y=top - 130, width=560, height=180, name="rope bridge")]
    _canopy_top(c, st, rng)
    _side_plants(c, st, rng, near, [rng.uniform(20, 80), rng.uniform(1200, 1260)])
    for _ in range(rng.randint(3, 5)):
        x = rng.uniform(60, WIDTH - 60)
        _hibiscus(c, st, x, height_at(bank, x) + rng.uniform(10, 50), rng.uniform(16, 22))
    water = Rect(0, top + 10, WIDTH, bottom - top - 10)
    sky = Rect(0, 200, WIDTH, horizon - 260)
    regions = (ground_regions(bank, features, 260) + carve(water, features, "water", min_height=60)
               + carve(sky, features, "sky", min_height=60))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(bank), water_zone=water, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("jungle_waterfall")
def jungle_waterfall(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    horizon = 400
    n.sky(c, st, rng, *SKY)
    n.clouds(c, st, rng, 10, 200, (1, 2))
    # Green cliffs with the falls pouring from a notch between them.
    fx = rng.uniform(480, 800)
    cliff = st.tone("#5E8F4E")
    c.path(f"M-20,{HEIGHT} L-20,{num(rng.uniform(160, 220))} Q{num(fx / 2)},{num(rng.uniform(120, 170))} "
           f"{num(fx - 110)},170 L{num(fx + 110)},170 Q{num((fx + WIDTH) / 2)},{num(rng.uniform(120, 170))} "
           f"{WIDTH + 20},{num(rng.uniform(160, 220))} L{WIDTH + 20},{HEIGHT} Z", fill=cliff)
    for _ in range(7):  # mossy ledges on the cliff
        x = rng.choice((rng.uniform(0, fx - 200), rng.uniform(fx + 200, WIDTH)))
        c.ellipse(x, rng.uniform(240, 440), rng.uniform(60, 110), 18, fill=st.tone("#77A863"))
    falls = c.linear([(0, st.tone("#E3F7FF")), (1, st.tone("#9FDCF2"))])
    c.rect(fx - 100, 160, 200, 420, rx=30, fill=falls)
    for k in range(5):
        x = fx - 70 + k * 35
        c.line(x, 190, x, 560, stroke="#FFFFFF", stroke_width=8, stroke_linecap="round", opacity="0.6",
               stroke_dasharray=f"{rng.randint(60, 120)} {rng.randint(20, 40)}")
    # The pool below, ringed by rocks, with foam where the falls land.
    pool_top, pool_bottom = 560, 700
    c.ellipse(fx, 630, 560, 90, fill=c.linear([(0, st.tone("#7FD1E6")), (1, st.tone("#3A9CC0"))]))
    for k in range(7):
        c.circle(fx - 90 + k * 30, 566 + (k % 2) * 8, 26, fill="#FFFFFF", opacity="0.85")
    line = [(-40.0, 660.0)]
    line += [(float(x), 720.0 + rng.uniform(-8, 8)) for x in range(0, WIDTH + 1, 160)]
    n.band(c, line[1:], c.linear([(0, st.tone("#6DBE5A")), (1, st.tone("#3E9646"))]))
    for x in (fx - 520, fx + 520):
        n.rock(c, x, 700, 160, 90, st.tone("#8A8F86"))
    features = [Feature(x=fx - 120, y=150, width=240, height=440, name="waterfall")]
    _canopy_top(c, st, rng)
    _side_plants(c, st, rng, line[1:], [rng.uniform(30, 120), rng.uniform(1160, 1250)])
    for _ in range(rng.randint(2, 4)):
        x = rng.choice((rng.uniform(60, fx - 300), rng.uniform(fx + 300, WIDTH - 60)))
        _hibiscus(c, st, x, rng.uniform(300, 470), rng.uniform(18, 24))
    ground = line[1:]
    water = Rect(fx - 380, pool_top + 40, 760, pool_bottom - pool_top - 80)
    # Open air in front of the cliffs counts as sky: birds and butterflies fly there.
    sky = Rect(0, 180, WIDTH, 360)
    regions = (ground_regions(ground, features, 260) + carve(water, features, "water", min_height=50)
               + carve(sky, features, "sky"))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(ground), water_zone=water, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))
