"""Candy Land: gumdrop hills with lollipop trees, a chocolate river with a candy-cane bridge, and
a gingerbread village. Everything is sweet pastel; the chosen color goes into lollipop swirls,
gumdrops, the bridge's stripes and the houses' icing trim."""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style, lightness
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import WIDTH, Canvas, num

SKY = ("#FFC6E4", "#FFF3FA")
HILLS = (("#F8BBD9", 30), ("#D7B8F3", 26))
GROUND = ("#FFE0EE", "#F7B9D5")
CHOCOLATE, CHOCOLATE_DARK = "#8B5A3C", "#5E3A24"


def lollipop(c: Canvas, st: Style, x: float, ground: float, h: float, swirl: str, outline: str) -> None:
    """A lollipop tree: a striped stick under a round candy with a spiral."""
    r = h * 0.28
    c.line(x, ground, x, ground - h + r, stroke=st.tone("#FFFFFF"), stroke_width=num(h * 0.07), stroke_linecap="round")
    c.line(x, ground, x, ground - h + r, stroke=st.tone("#F48FB1"), stroke_width=num(h * 0.07),
           stroke_dasharray=f"{num(h * 0.05)} {num(h * 0.05)}")
    cy = ground - h + r
    c.circle(x, cy, r, fill="#FFFFFF", stroke=outline, stroke_width=num(max(4.0, r * 0.08)))
    c.path(f"M{num(x)},{num(cy)} m0,-{num(r * 0.15)} a{num(r * 0.15)},{num(r * 0.15)} 0 1 1 0,{num(r * 0.3)} "
           f"a{num(r * 0.4)},{num(r * 0.4)} 0 1 1 0,-{num(r * 0.75)} a{num(r * 0.7)},{num(r * 0.7)} 0 1 1 0,{num(r * 1.45)}",
           fill="none", stroke=swirl, stroke_width=num(r * 0.22), stroke_linecap="round")


def gumdrop(c: Canvas, x: float, ground: float, w: float, fill: str, outline: str) -> None:
    c.path(f"M{num(x - w / 2)},{num(ground)} Q{num(x - w / 2)},{num(ground - w)} {num(x)},{num(ground - w)} "
           f"Q{num(x + w / 2)},{num(ground - w)} {num(x + w / 2)},{num(ground)} Z", fill=fill, stroke=outline,
           stroke_width=num(max(3.0, w * 0.06)))
    c.ellipse(x - w * 0.15, ground - w * 0.65, w * 0.1, w * 0.16, fill="#FFFFFF", opacity="0.6")


def _candy_far(c: Canvas, st: Style, rng: random.Random, horizon: float) -> None:
    for k, (color, amp) in enumerate(HILLS):
        n.band(c, n.wavy_line(rng, horizon + k * 50, amp, rng.randint(5, 7)), st.tone(color))


def _sprinkles(c: Canvas, st: Style, rng: random.Random, line, count: int) -> None:
    for _ in range(count):
        x = rng.uniform(20, WIDTH - 20)
        y = height_at(line, x) + rng.uniform(30, 140)
        color = rng.choice(("#FF8A80", "#80D8FF", "#FFE57F", "#B9F6CA", "#EA80FC"))
        c.line(x, y, x + rng.uniform(-10, 10), y + rng.uniform(-10, 10), stroke=st.tone(color), stroke_width=6,
               stroke_linecap="round")


@design("gumdrop_hills")
def gumdrop_hills(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 420
    line = n.landscape(c, st, rng, SKY, horizon, [], GROUND, 640, 16, behind_ground=lambda c: _candy_far(c, st, rng, horizon))
    # Big gumdrops on the hills behind, some in the chosen color.
    for k in range(rng.randint(4, 6)):
        x = rng.uniform(60, WIDTH - 60)
        fill = a.main if k % 2 == 0 else st.tone(rng.choice(("#81D4FA", "#FFD54F", "#A5D6A7")))
        gumdrop(c, x, horizon + 70 + rng.uniform(0, 30), rng.uniform(60, 90), fill, a.shade if k % 2 == 0 else st.tone("#8E7CC3"))
    features = []
    for x in sorted(rng.sample([130, 300, 980, 1150], 3)):
        x += rng.uniform(-30, 30)
        h = rng.uniform(240, 300)
        g = height_at(line, x) + 20
        lollipop(c, st, x, g, h, a.main, a.shade)
        features.append(Feature(x=x - h * 0.3, y=g - h - 6, width=h * 0.6, height=h + 10, name="lollipop tree"))
    _sprinkles(c, st, rng, line, 24)
    sky = Rect(0, 0, WIDTH, horizon - 80)
    regions = ground_regions(line, features, 280) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("chocolate_river")
def chocolate_river(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 400
    bank = n.landscape(c, st, rng, SKY, horizon, [], GROUND, 560, 10, behind_ground=lambda c: _candy_far(c, st, rng, horizon))
    top, bottom = 620, 720
    c.path(f"M-20,{top} Q{WIDTH / 4},{top - 20} {WIDTH / 2},{top} T{WIDTH + 20},{top} L{WIDTH + 20},{bottom + 30} L-20,{bottom + 30} Z",
           fill=c.linear([(0, st.tone(CHOCOLATE)), (1, st.tone(CHOCOLATE_DARK))]))
    for _ in range(rng.randint(5, 8)):  # creamy swirls on the chocolate
        x, y = rng.uniform(40, WIDTH - 140), rng.uniform(top + 20, bottom - 20)
        c.path(f"M{num(x)},{num(y)} q30,-14 60,0 t60,0", fill="none", stroke=st.tone("#B98563"), stroke_width=6,
               stroke_linecap="round")
    near = n.wavy_line(rng, bottom + 14, 6, 9)
    n.band(c, near, st.tone("#F7B9D5"))
    # A candy-cane bridge: a striped arch in the chosen color and white.
    bx = rng.uniform(330, 950)
    arch = f"M{num(bx - 190)},{num(bottom + 10)} Q{num(bx)},{num(top - 170)} {num(bx + 190)},{num(bottom + 10)}"
    c.path(arch, fill="none", stroke=a.shade, stroke_width=38, stroke_linecap="round")
    c.path(arch, fill="none", stroke="#FFFFFF", stroke_width=28, stroke_linecap="round")
    stripe = a.main if lightness(a.main) < 0.85 else st.tone("#F48FB1")
    c.path(arch, fill="none", stroke=stripe, stroke_width=28, stroke_dasharray="22 22")
    features = [Feature(x=bx - 210, y=top - 110, width=420, height=bottom - top + 130, name="candy bridge")]
    for x in (rng.uniform(60, 160), rng.uniform(1120, 1220)):
        lollipop(c, st, x, height_at(bank, x) + 16, 230, a.main, a.shade)
        features.append(Feature(x=x - 70, y=height_at(bank, x) - 220, width=140, height=240, name="lollipop tree"))
    water = Rect(0, top + 10, WIDTH, bottom - top - 10)
    sky = Rect(0, 0, WIDTH, horizon - 80)
    regions = (ground_regions(bank, features, 260) + carve(water, features, "water", min_height=50)
               + carve(sky, features, "sky"))
    return DrawnParts(horizon_y=horizon, ground_line=tuple(bank), water_zone=water, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("candy_village")
def candy_village(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 420
    line = n.landscape(c, st, rng, SKY, horizon, [], GROUND, 650, 10, behind_ground=lambda c: _candy_far(c, st, rng, horizon))
    features = []
    ginger, ginger_dark = st.tone("#C98B52"), st.tone("#8F5A2E")
    for i, x in enumerate(sorted(rng.sample([230, 560, 900, 1100], 2))):
        x += rng.uniform(-30, 30)
        g = height_at(line, x) + 14
        w, h = (280, 190) if i == 0 else (240, 170)
        c.rect(x - w / 2, g - h, w, h, rx=14, fill=ginger, stroke=ginger_dark, stroke_width=7)
        # Icing roof in white, its wavy edge and gumdrops on top in the chosen color.
        c.polygon([(x - w / 2 - 26, g - h + 10), (x, g - h - 130), (x + w / 2 + 26, g - h + 10)], fill="#FFFFFF",
                  stroke=st.tone("#E0C3D4"), stroke_width=8, stroke_linejoin="round")
        c.path(" ".join(f"M{num(x - w / 2 - 20 + k * 30)},{num(g - h + 8)} q15,22 30,0" for k in range((w + 40) // 30)),
               fill="none", stroke=a.main, stroke_width=9, stroke_linecap="round")
        gumdrop(c, x, g - h - 122, 40, a.main, a.shade)
        c.rect(x - 32, g - 100, 64, 100, rx=26, fill=st.tone("#7B4A2A"))
        for wx in (x - w * 0.32, x + w * 0.32):
            c.circle(wx, g - h * 0.55, 24, fill=st.tone("#FFF59D") if not st.night else "#FFD54F", stroke="#FFFFFF", stroke_width=6)
        features.append(Feature(x=x - w / 2 - 30, y=g - h - 150, width=w + 60, height=h + 160, name="gingerbread house"))
    for _ in range(rng.randint(2, 3)):
        x = rng.uniform(40, WIDTH - 40)
        if not any(f.x - 20 < x < f.right + 20 for f in features):
            lollipop(c, st, x, height_at(line, x) + 20, rng.uniform(150, 190), a.main, a.shade)
    _sprinkles(c, st, rng, line, 18)
    sky = Rect(0, 0, WIDTH, horizon - 80)
    regions = ground_regions(line, features, 280) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))
