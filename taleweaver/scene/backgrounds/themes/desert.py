"""Sunny Desert: golden dunes, an oasis with palms around a pool, and a camp of striped tents.
The chosen color goes into cactus flowers, the oasis rugs and the tents' stripes; light colors
get a darker outline so they still show on sand."""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import WIDTH, Canvas, num

SKY = ("#7FCBF5", "#FFF1C9")
SAND, SAND_DARK, SAND_FAR = "#F6CF7E", "#E0A852", "#F3DDA4"
CACTUS, CACTUS_DARK = "#5FAE5A", "#3E8A45"
PALM_TRUNK, PALM_LEAF = "#A77B4F", "#3FA34D"


def cactus(c: Canvas, st: Style, x: float, ground: float, h: float, flower: bool = True) -> None:
    """A saguaro with two bent arms and, on top, a flower in the chosen color."""
    fill, dark = st.tone(CACTUS), st.tone(CACTUS_DARK)
    w = h * 0.22
    arms = (f"M{num(x - w / 2)},{num(ground - h * 0.45)} h{num(-w * 0.9)} v{num(-h * 0.3)} "
            f"M{num(x + w / 2)},{num(ground - h * 0.6)} h{num(w * 0.9)} v{num(-h * 0.25)}")
    c.path(arms, fill="none", stroke=dark, stroke_width=num(w * 0.8 + 8), stroke_linecap="round", stroke_linejoin="round")
    c.path(arms, fill="none", stroke=fill, stroke_width=num(w * 0.8), stroke_linecap="round", stroke_linejoin="round")
    c.rect(x - w / 2, ground - h, w, h, rx=num(w / 2), fill=fill, stroke=dark, stroke_width=4)
    c.line(x, ground - h + w * 0.5, x, ground - 6, stroke=dark, stroke_width=3, opacity="0.6")
    if flower:
        n.flower(c, x, ground - h + 2, w * 0.45, st.accent.main, outline=st.accent.shade)


def _dunes(c: Canvas, st: Style, rng: random.Random, horizon: float) -> None:
    for base, color, amp in ((horizon, SAND_FAR, 30), (horizon + 70, "#F2C879", 40)):
        n.band(c, n.wavy_line(rng, base, amp, rng.randint(4, 6)), st.tone(color))


@design("golden_dunes")
def golden_dunes(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    horizon = 430
    line = n.landscape(c, st, rng, SKY, horizon, [], (SAND, SAND_DARK), 620, 30, cloud_count=(0, 2),
                       behind_ground=lambda c: _dunes(c, st, rng, horizon))
    for _ in range(rng.randint(4, 6)):  # wind ripples
        x, y = rng.uniform(40, WIDTH - 160), rng.uniform(680, 770)
        c.path(f"M{num(x)},{num(y)} q50,-16 110,0", fill="none", stroke=st.tone(SAND_DARK), stroke_width=5,
               stroke_linecap="round", opacity="0.6")
    features = []
    for x in sorted(rng.sample([120, 300, 980, 1160], 2)):
        x += rng.uniform(-30, 30)
        h = rng.uniform(170, 220)
        g = height_at(line, x) + 20
        cactus(c, st, x, g, h)
        features.append(Feature(x=x - h * 0.45, y=g - h - 20, width=h * 0.9, height=h + 24, name="cactus"))
    # A far pyramid or two, small on the horizon.
    px = rng.uniform(500, 800)
    c.polygon([(px - 90, horizon + 20), (px, horizon - 70), (px + 90, horizon + 20)], fill=st.tone("#E9C27A"),
              stroke=st.tone("#D6A95C"), stroke_width=6, stroke_linejoin="round")
    sky = Rect(0, 0, WIDTH, horizon - 90)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("oasis")
def oasis(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 430
    line = n.landscape(c, st, rng, SKY, horizon, [], (SAND, SAND_DARK), 680, 10, cloud_count=(0, 2),
                       behind_ground=lambda c: _dunes(c, st, rng, horizon))
    # The pool: a bright blue oval with a grassy rim, set into the sand.
    px = rng.uniform(520, 760)
    c.ellipse(px, 600, 330, 78, fill=st.tone("#7CC576"))
    c.ellipse(px, 600, 300, 62, fill=c.linear([(0, st.tone("#6FD3F0")), (1, st.tone("#2F9CCB"))]))
    n.water_shine(c, rng, px - 220, 575, 440, 40, 5)
    features = []
    for side in (-1, 1):
        x = px + side * rng.uniform(330, 400)
        h = rng.uniform(300, 360)
        top = n.palm_tree(c, x, 620, h, side * -0.18, st.tone(PALM_TRUNK), st.tone(PALM_LEAF))
        features.append(Feature(x=min(x, top[0]) - 140, y=top[1] - 60, width=abs(top[0] - x) + 280, height=620 - top[1] + 70,
                                name="palm tree"))
    # A rug spread by the water, in the chosen color with a lighter border.
    rx = px + rng.choice((-1, 1)) * 120
    c.path(f"M{num(rx - 90)},700 L{num(rx + 70)},700 L{num(rx + 100)},745 L{num(rx - 60)},745 Z", fill=a.main,
           stroke=a.shade, stroke_width=6, stroke_linejoin="round")
    c.path(f"M{num(rx - 70)},710 L{num(rx + 60)},710 L{num(rx + 80)},735 L{num(rx - 50)},735 Z", fill="none",
           stroke=a.light, stroke_width=4)
    for _ in range(rng.randint(2, 3)):
        x = rng.choice((rng.uniform(40, 140), rng.uniform(1140, 1240)))
        cactus(c, st, x, height_at(line, x) + 30, rng.uniform(90, 120))
    water = Rect(px - 220, 570, 440, 50)
    sky = Rect(0, 0, WIDTH, horizon - 90)
    regions = (ground_regions(line, features, 280) + carve(water, features, "water", min_height=40)
               + carve(sky, features, "sky"))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=water, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("desert_camp")
def desert_camp(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 440
    line = n.landscape(c, st, rng, SKY, horizon, [], (SAND, SAND_DARK), 650, 12, cloud_count=(0, 2),
                       behind_ground=lambda c: _dunes(c, st, rng, horizon))
    features = []
    xs = sorted(rng.sample([220, 420, 860, 1060], 2))
    for i, x in enumerate(xs):
        x += rng.uniform(-40, 40)
        g = height_at(line, x) + 16
        w, h = (300, 230) if i == 0 else (240, 190)
        cloth = st.tone("#FFF3E0")
        c.polygon([(x - w / 2, g), (x, g - h), (x + w / 2, g)], fill=cloth, stroke=st.tone("#C8A27A"), stroke_width=8,
                  stroke_linejoin="round")
        for k in (-1, 1):  # stripes in the chosen color
            c.polygon([(x + k * w * 0.16, g), (x, g - h), (x + k * w * 0.3, g)], fill=a.main, stroke=a.shade,
                      stroke_width=4, stroke_linejoin="round")
        c.polygon([(x - w * 0.1, g), (x, g - h * 0.45), (x + w * 0.1, g)], fill=st.tone("#6D4C41"))
        c.line(x, g - h, x, g - h - 50, stroke=st.tone("#6D4C41"), stroke_width=6, stroke_linecap="round")
        c.polygon([(x + 3, g - h - 50), (x + 44, g - h - 40), (x + 3, g - h - 30)], fill=a.main, stroke=a.shade,
                  stroke_width=4, stroke_linejoin="round")
        features.append(Feature(x=x - w / 2 - 10, y=g - h - 60, width=w + 20, height=h + 70, name="tent"))
    # A campfire ring between the tents, and lanterns on a string.
    fx = (xs[0] + xs[1]) / 2 + rng.uniform(-40, 40)
    g = height_at(line, fx) + 70
    for k in range(6):
        c.ellipse(fx - 60 + k * 24, g, 16, 10, fill=st.tone("#9E9E9E"))
    c.path(f"M{num(fx - 22)},{num(g - 4)} Q{num(fx)},{num(g - 70)} {num(fx + 22)},{num(g - 4)} Z", fill="#FF9800")
    c.path(f"M{num(fx - 11)},{num(g - 4)} Q{num(fx)},{num(g - 40)} {num(fx + 11)},{num(g - 4)} Z", fill="#FFEB3B")
    features.append(Feature(x=fx - 80, y=g - 80, width=160, height=95, name="campfire"))
    for _ in range(rng.randint(1, 2)):
        x = rng.choice((rng.uniform(40, 110), rng.uniform(1170, 1240)))
        cactus(c, st, x, height_at(line, x) + 30, rng.uniform(110, 150))
    sky = Rect(0, 0, WIDTH, horizon - 90)
    regions = ground_regions(line, features, 280) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))
