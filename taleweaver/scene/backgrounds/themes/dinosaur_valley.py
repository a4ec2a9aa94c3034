"""Dinosaur Valley: a fern valley under a far volcano, bubbling springs with steam, and a nest of
eggs under a cliff with a cave. The chosen color goes into big prehistoric flowers, the eggs'
spots and the crystals of the spring."""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Canvas, num

SKY = ("#FFD59E", "#FFF4DA")
GROUND = ("#A9C76A", "#7DA84C")
FERN = "#3F8F3A"
ROCK, ROCK_DARK = "#B08B6E", "#86664E"


def volcano(c: Canvas, st: Style, x: float, base: float, w: float, h: float) -> None:
    """A gentle far volcano with a puff of smoke (never lava: this valley is friendly)."""
    c.path(f"M{num(x - w / 2)},{num(base)} L{num(x - w * 0.12)},{num(base - h)} L{num(x + w * 0.12)},{num(base - h)} "
           f"L{num(x + w / 2)},{num(base)} Z", fill=st.tone("#A1887F"), stroke=st.tone("#A1887F"), stroke_width=10,
           stroke_linejoin="round")
    for k in range(3):
        c.circle(x + k * 26 - 10, base - h - 30 - k * 40, 26 + k * 10, fill="#FFFFFF", opacity="0.7")


def _valley_back(c: Canvas, st: Style, rng: random.Random, horizon: float) -> None:
    volcano(c, st, rng.uniform(300, 980), horizon + 40, 420, 220)
    n.band(c, n.wavy_line(rng, horizon + 20, 26, 6), st.tone("#C6D98F"))
    for _ in range(6):  # far palm-like cycads
        x = rng.uniform(0, WIDTH)
        n.palm_tree(c, x, horizon + 60, rng.uniform(110, 150), rng.uniform(-0.1, 0.1), st.tone("#9C7D5A"), st.tone("#6FAE5A"))


def _big_flower(c: Canvas, st: Style, x: float, ground: float) -> None:
    c.line(x, ground, x, ground - 80, stroke=st.tone("#4C8C3F"), stroke_width=8, stroke_linecap="round")
    n.flower(c, x, ground - 86, 26, st.accent.main, center=st.tone("#FFE082"), outline=st.accent.shade)


@design("fern_valley")
def fern_valley(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    horizon = 420
    line = n.landscape(c, st, rng, SKY, horizon, [], GROUND, 630, 14, behind_ground=lambda c: _valley_back(c, st, rng, horizon))
    features = []
    for x in sorted(rng.sample([110, 300, 980, 1170], 3)):
        x += rng.uniform(-30, 30)
        g = height_at(line, x) + 30
        n.fern(c, x, g, rng.uniform(170, 220), st.tone(FERN), rng)
        features.append(Feature(x=x - 200, y=g - 220, width=400, height=230, name="giant fern"))
    for _ in range(rng.randint(3, 5)):
        x = rng.uniform(420, 860)
        _big_flower(c, st, x, height_at(line, x) + rng.uniform(60, 130))
    for _ in range(rng.randint(1, 2)):
        x = rng.uniform(400, 880)
        n.rock(c, x, height_at(line, x) + 40, rng.uniform(70, 110), rng.uniform(40, 60), st.tone(ROCK))
    sky = Rect(0, 0, WIDTH, horizon - 150)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("bubbling_springs")
def bubbling_springs(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 420
    line = n.landscape(c, st, rng, SKY, horizon, [], GROUND, 560, 10, behind_ground=lambda c: _valley_back(c, st, rng, horizon))
    # Warm turquoise pools ringed with stone, bubbles rising, steam curling up.
    features = []
    pools = sorted(rng.sample([300, 640, 980], 2))
    for i, x in enumerate(pools):
        x += rng.uniform(-40, 40)
        y = 670 if i == 0 else 640
        rx, ry = (250, 70) if i == 0 else (190, 52)
        c.ellipse(x, y, rx + 20, ry + 14, fill=st.tone(ROCK), stroke=st.tone(ROCK_DARK), stroke_width=6)
        c.ellipse(x, y + 4, rx, ry, fill=c.linear([(0, st.tone("#7FE0D5")), (1, st.tone("#2FA8A0"))]))
        for _ in range(5):
            bx = x + rng.uniform(-rx * 0.6, rx * 0.6)
            c.circle(bx, y + rng.uniform(-ry * 0.3, ry * 0.4), rng.uniform(6, 12), fill="#FFFFFF", opacity="0.7")
        for k in range(3):
            sx = x - 60 + k * 60
            c.path(f"M{num(sx)},{num(y - ry)} q-20,-40 0,-80 t0,-80", fill="none", stroke="#FFFFFF", stroke_width=10,
                   stroke_linecap="round", opacity="0.45")
        for dx in (-rx - 10, rx + 10):  # crystals in the chosen color at the pool's rim
            c.polygon([(x + dx - 14, y + 6), (x + dx, y - 50), (x + dx + 14, y + 6)], fill=a.main, stroke=a.shade,
                      stroke_width=5, stroke_linejoin="round")
        features.append(Feature(x=x - rx - 30, y=y - ry - 60, width=2 * rx + 60, height=2 * ry + 80, name="spring"))
    for _ in range(rng.randint(1, 2)):
        x = rng.choice((rng.uniform(40, 120), rng.uniform(1160, 1240)))
        n.fern(c, x, height_at(line, x) + 150, 150, st.tone(FERN), rng)
    # The big front pool is open water (something may wade or swim there), so it is the water
    # zone rather than a feature; the steaming back pool is the feature to keep in view.
    front, features = features[0], features[1:]
    water = Rect(front.x + 110, front.y + 100, front.width - 220, 40)
    sky = Rect(0, 0, WIDTH, horizon - 150)
    regions = (ground_regions(line, features, 240) + carve(sky, features, "sky")
               + carve(water, features, "water", min_width=80, min_height=30))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=water, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("nest_cliff")
def nest_cliff(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 430
    n.sky(c, st, rng, *SKY)
    n.sun_or_moon(c, st, rng.uniform(560, 760), rng.uniform(90, 140), 50)
    n.clouds(c, st, rng, 20, 250, (1, 3))
    side = rng.choice((-1, 1))
    # A tall rounded cliff on one side with a cave mouth at its foot.
    edge = rng.uniform(420, 520)
    x0 = -20 if side < 0 else WIDTH + 20
    x1 = edge if side < 0 else WIDTH - edge
    c.path(f"M{num(x0)},{HEIGHT} L{num(x0)},{num(rng.uniform(80, 140))} Q{num((x0 + x1) / 2)},{num(rng.uniform(40, 90))} "
           f"{num(x1)},{num(rng.uniform(160, 220))} Q{num(x1 + side * -30)},{num(420)} {num(x1)},{HEIGHT} Z",
           fill=c.linear([(0, st.tone(ROCK)), (1, st.tone(ROCK_DARK))]))
    for k in range(4):  # rock strata
        y = 230 + k * 90
        c.line(x0, y, x1 - side * 40, y + rng.uniform(-10, 10), stroke=st.tone(ROCK_DARK), stroke_width=7,
               stroke_linecap="round", opacity="0.5")
    cave_x = (x0 + x1) / 2 + side * 20
    c.path(f"M{num(cave_x - 110)},640 Q{num(cave_x - 110)},470 {num(cave_x)},470 Q{num(cave_x + 110)},470 {num(cave_x + 110)},640 Z",
           fill=st.tone("#3E2C22"))
    line = n.wavy_line(rng, 640, 10, 9)
    n.band(c, line, c.linear([(0, st.tone(GROUND[0])), (1, st.tone(GROUND[1]))]))
    # The nest of eggs on the open side, eggs spotted with the chosen color.
    nx = edge + 240 if side < 0 else WIDTH - edge - 240
    g = height_at(line, nx) + 30
    c.ellipse(nx, g, 150, 42, fill=st.tone("#A47B4C"), stroke=st.tone("#6E4E2C"), stroke_width=7)
    for dx in (-60, 0, 60):
        c.ellipse(nx + dx, g - 40, 36, 48, fill=st.tone("#FFF8E7"), stroke=st.tone("#C9B79C"), stroke_width=5)
        c.circle(nx + dx - 10, g - 52, 8, fill=a.main, stroke=a.shade, stroke_width=3)
        c.circle(nx + dx + 12, g - 30, 6, fill=a.main, stroke=a.shade, stroke_width=3)
    c.path(f"M{num(nx - 150)},{num(g - 6)} Q{num(nx)},{num(g + 40)} {num(nx + 150)},{num(g - 6)}", fill="none",
           stroke=st.tone("#8A6238"), stroke_width=14, stroke_linecap="round")
    # The cliff with its cave: objects may enter the cave, but free regions leave it in view.
    cliff = (Feature(x=0, y=0, width=x1 + 30, height=HEIGHT, name="cliff with cave") if side < 0
             else Feature(x=x1 - 30, y=0, width=WIDTH - x1 + 30, height=HEIGHT, name="cliff with cave"))
    nest = Feature(x=nx - 160, y=g - 100, width=320, height=150, name="nest")
    features = [cliff, nest]
    for _ in range(rng.randint(2, 3)):
        x = rng.uniform(WIDTH - 200, WIDTH - 40) if side < 0 else rng.uniform(40, 200)
        _big_flower(c, st, x, height_at(line, x) + rng.uniform(40, 100))
    sky = Rect(0, 0, WIDTH, horizon - 150)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))
