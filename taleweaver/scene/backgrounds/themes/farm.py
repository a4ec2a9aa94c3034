"""Busy Farm: the barnyard with its red barn, the muddy duck pond, and the fields with haystacks
and pumpkins. The barn stays barn-red (that is what a child expects); the chosen color goes into
the barn door trim, the fence flowers, the pond's water lilies and the scarecrow's shirt."""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import WIDTH, Canvas, num

SKY = ("#8ED3FF", "#EAF8FF")
GRASS = ("#9AD46F", "#6DB553")
FIELD_ROWS = ("#B8DB6A", "#E8D27A", "#A5CF60")
WOOD, WOOD_DARK = "#C7A06A", "#8D6B3E"


def _far_fields(c: Canvas, st: Style, rng: random.Random, horizon: float) -> None:
    for k, color in enumerate(FIELD_ROWS):
        n.band(c, n.wavy_line(rng, horizon + k * 28, 12, 5), st.tone(color))


def fence(c: Canvas, st: Style, line, x0: float, x1: float, lift: float = 10) -> None:
    """A wooden fence of rounded posts and two rails following the ground line."""
    wood, dark = st.tone(WOOD), st.tone(WOOD_DARK)
    for rail in (55, 95):
        pts = " ".join(f"L{num(x)},{num(height_at(line, x) + lift - rail)}" for x in range(int(x0), int(x1) + 1, 40))
        c.path("M" + pts[1:], fill="none", stroke=dark, stroke_width=16, stroke_linecap="round")
        c.path("M" + pts[1:], fill="none", stroke=wood, stroke_width=10, stroke_linecap="round")
    for x in range(int(x0), int(x1) + 1, 90):
        g = height_at(line, x) + lift
        c.rect(x - 9, g - 120, 18, 122, rx=9, fill=wood, stroke=dark, stroke_width=4)


@design("barnyard")
def barnyard(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 420
    line = n.landscape(c, st, rng, SKY, horizon, [], GRASS, 640, 10, behind_ground=lambda c: _far_fields(c, st, rng, horizon))
    side = rng.choice((-1, 1))
    bx = rng.uniform(260, 360) if side < 0 else rng.uniform(920, 1020)
    g = height_at(line, bx) + 10
    red, red_dark = st.tone("#D84A3A"), st.tone("#9E2F24")
    w, h = 360, 230
    c.rect(bx - w / 2, g - h, w, h, fill=red, stroke=red_dark, stroke_width=8)
    c.polygon([(bx - w / 2 - 24, g - h + 8), (bx - w * 0.3, g - h - 110), (bx + w * 0.3, g - h - 110), (bx + w / 2 + 24, g - h + 8)],
              fill=st.tone("#8E3B31"), stroke=st.tone("#6B2A22"), stroke_width=8, stroke_linejoin="round")
    # The big door, framed in white with an X, its trim in the chosen color.
    c.rect(bx - 80, g - 170, 160, 170, fill=red_dark, stroke=a.main, stroke_width=12)
    c.path(f"M{num(bx - 74)},{num(g - 164)} L{num(bx + 74)},{num(g - 6)} M{num(bx + 74)},{num(g - 164)} L{num(bx - 74)},{num(g - 6)}",
           stroke="#FFFFFF", stroke_width=10, stroke_linecap="round")
    c.rect(bx - 40, g - h - 70, 80, 56, rx=10, fill=st.tone("#FFF3C4"), stroke=a.main, stroke_width=8)  # hayloft
    c.rect(bx - 80, g - 170, 160, 170, fill="none", stroke=a.shade, stroke_width=3)
    features = [Feature(x=bx - w / 2 - 30, y=g - h - 120, width=w + 60, height=h + 130, name="barn")]
    fx0, fx1 = (bx + w / 2 + 40, WIDTH - 40) if side < 0 else (40, bx - w / 2 - 40)
    fence(c, st, line, fx0, fx1, 40)
    n.flowers(c, rng, lambda x: height_at(line, x) + 40, fx0, fx1, rng.randint(4, 6), a.main, a.shade, st.tone("#4C8C3F"))
    n.grass_tufts(c, rng, lambda x: height_at(line, x) + 60, 12, st.tone("#5CA543"))
    sky = Rect(0, 0, WIDTH, horizon - 90)
    regions = ground_regions(line, features, 280) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("farm_pond")
def farm_pond(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 400
    line = n.landscape(c, st, rng, SKY, horizon, [], GRASS, 560, 10, behind_ground=lambda c: _far_fields(c, st, rng, horizon))
    # A small barn far off, so the pond is clearly on the farm.
    fb = rng.uniform(150, 1130)
    c.rect(fb - 50, horizon - 10, 100, 70, fill=st.tone("#D84A3A"))
    c.polygon([(fb - 60, horizon - 6), (fb, horizon - 60), (fb + 60, horizon - 6)], fill=st.tone("#8E3B31"))
    # The pond with a muddy rim, lily pads and flowers in the chosen color.
    px = rng.uniform(520, 760)
    c.ellipse(px, 670, 470, 110, fill=st.tone("#9C7A54"))
    c.ellipse(px, 672, 440, 92, fill=c.linear([(0, st.tone("#7ACDE8")), (1, st.tone("#3F9BC4"))]))
    n.water_shine(c, rng, px - 300, 630, 600, 70, 6)
    for _ in range(rng.randint(3, 5)):
        x, y = px + rng.uniform(-330, 330), rng.uniform(640, 720)
        c.ellipse(x, y, 34, 13, fill=st.tone("#66BB6A"), stroke=st.tone("#2E7D32"), stroke_width=4)
        if rng.random() < 0.6:
            n.flower(c, x + 6, y - 8, 12, a.main, outline=a.shade)
    for x in (px - 470, px + 440):  # reeds at the pond's ends
        for k in range(5):
            c.line(x + k * 10, 690, x + k * 10 + rng.uniform(-10, 10), 590 - rng.uniform(0, 40), stroke=st.tone("#5E8C3A"),
                   stroke_width=7, stroke_linecap="round")
            c.rect(x + k * 10 - 6, 590 - rng.uniform(0, 30), 12, 36, rx=6, fill=st.tone("#7A5230"))
    n.round_tree(c, rng.choice((80, 1200)), height_at(line, 640) + 20, 280, st.tone("#4FA564"), st.tone("#7A5236"))
    water = Rect(px - 330, 620, 660, 110)
    sky = Rect(0, 0, WIDTH, horizon - 90)
    # The pond itself is the water zone: ducks swim on it, so it is not a feature to keep clear.
    regions = (ground_regions(line, [], 240) + carve(water, [], "water", min_height=50) + carve(sky, [], "sky"))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=water, sky_zone=sky,
                      free_regions=tuple(regions), features=())


@design("farm_fields")
def farm_fields(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 400
    line = n.landscape(c, st, rng, SKY, horizon, [], ("#B9D66A", "#8DBE4E"), 640, 10,
                       behind_ground=lambda c: _far_fields(c, st, rng, horizon))
    for k in range(6):  # furrows of the field running toward the horizon
        c.line(WIDTH / 2 + (k - 2.5) * 60, horizon + 90, WIDTH / 2 + (k - 2.5) * 320, 820, stroke=st.tone("#A3C25A"),
               stroke_width=10, stroke_linecap="round")
    features = []
    hx = rng.choice((rng.uniform(180, 280), rng.uniform(1000, 1100)))
    g = height_at(line, hx) + 20
    for dx, r in ((-70, 80), (70, 80), (0, 110)):  # the haystack
        c.path(f"M{num(hx + dx - r)},{num(g)} Q{num(hx + dx - r)},{num(g - r * 1.6)} {num(hx + dx)},{num(g - r * 1.6)} "
               f"Q{num(hx + dx + r)},{num(g - r * 1.6)} {num(hx + dx + r)},{num(g)} Z", fill=st.tone("#F2C94C"),
               stroke=st.tone("#C99A2E"), stroke_width=6)
    features.append(Feature(x=hx - 160, y=g - 190, width=320, height=200, name="haystack"))
    # A scarecrow in a shirt of the chosen color, on the other side.
    sx = WIDTH - hx + rng.uniform(-60, 60)
    sg = height_at(line, sx) + 10
    c.line(sx, sg, sx, sg - 230, stroke=st.tone("#8D6E63"), stroke_width=12, stroke_linecap="round")
    c.line(sx - 90, sg - 170, sx + 90, sg - 170, stroke=st.tone("#8D6E63"), stroke_width=10, stroke_linecap="round")
    c.path(f"M{num(sx - 60)},{num(sg - 180)} L{num(sx + 60)},{num(sg - 180)} L{num(sx + 45)},{num(sg - 80)} L{num(sx - 45)},{num(sg - 80)} Z",
           fill=a.main, stroke=a.shade, stroke_width=7, stroke_linejoin="round")
    c.circle(sx, sg - 215, 30, fill=st.tone("#F3D9A4"), stroke=st.tone("#C8A27A"), stroke_width=5)
    c.path(f"M{num(sx - 50)},{num(sg - 228)} L{num(sx + 50)},{num(sg - 228)} L{num(sx)},{num(sg - 290)} Z",
           fill=st.tone("#C99A2E"), stroke=st.tone("#8D6B3E"), stroke_width=5, stroke_linejoin="round")
    features.append(Feature(x=sx - 100, y=sg - 300, width=200, height=310, name="scarecrow"))
    for _ in range(rng.randint(4, 7)):  # pumpkins in the front row
        x = rng.uniform(380, 900)
        y = height_at(line, x) + rng.uniform(50, 130)
        c.ellipse(x, y, 34, 26, fill=st.tone("#F57C00"), stroke=st.tone("#BF5B00"), stroke_width=5)
        c.line(x, y - 24, x + 4, y - 38, stroke=st.tone("#4E7D2E"), stroke_width=7, stroke_linecap="round")
    sky = Rect(0, 0, WIDTH, horizon - 90)
    regions = ground_regions(line, features, 280) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))
