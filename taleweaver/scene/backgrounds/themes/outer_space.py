"""Outer Space: open space among planets, the surface of a moon, and inside a space station.

Space is always dark, so time of day changes little here. In open space the whole canvas is
sky (the layout's name for where things fly) and there is no ground: the ground line lies on
the bottom edge and there are no ground regions. The chosen color goes into a ringed planet,
the flag on the moon and the station's lights and stripes.
"""

from __future__ import annotations

import math
import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style, darken, lighten
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Canvas, num

SPACE_TOP, SPACE_BOTTOM = "#0E1446", "#2B1F63"


def _space(c: Canvas, st: Style, rng: random.Random) -> None:
    c.rect(0, 0, WIDTH, HEIGHT, fill=c.linear([(0, st.tone(SPACE_TOP)), (1, st.tone(SPACE_BOTTOM))]))
    for _ in range(rng.randint(2, 3)):  # soft nebula clouds
        color = rng.choice(("#7E57C2", "#42A5F5", "#EC407A"))
        glow = c.radial([(0, color), (1, color)], opacities=[0.28, 0.0])
        c.ellipse(rng.uniform(100, WIDTH - 100), rng.uniform(80, 600), rng.uniform(200, 340),
                  rng.uniform(120, 200), fill=glow)
    n.stars(c, rng, 0, 0, WIDTH, HEIGHT, rng.randint(60, 90))


def _planet(c: Canvas, x: float, y: float, r: float, fill: str, outline: str,
            ring: str | None = None, ring_outline: str | None = None, bands: bool = True) -> None:
    """A round planet with soft bands; with `ring`, a tilted ring in front and behind."""
    if ring:
        c.ellipse(x, y, r * 1.8, r * 0.45, fill="none", stroke=ring_outline, stroke_width=num(r * 0.22),
                  transform=f"rotate(-14 {num(x)} {num(y)})")
        c.ellipse(x, y, r * 1.8, r * 0.45, fill="none", stroke=ring, stroke_width=num(r * 0.14),
                  transform=f"rotate(-14 {num(x)} {num(y)})")
    c.circle(x, y, r, fill=fill, stroke=outline, stroke_width=num(max(4.0, r * 0.06)))
    if bands:
        for k, dy in enumerate((-0.35, 0.1, 0.45)):
            half = r * (1 - abs(dy)) * 0.85
            c.line(x - half, y + dy * r, x + half, y + dy * r, stroke=lighten(fill, 0.25) if k % 2 else darken(fill, 0.12),
                   stroke_width=num(r * 0.12), stroke_linecap="round")
    if ring:  # the front half of the ring crosses over the planet
        c.path(f"M{num(x - r * 1.8)},{num(y)} A{num(r * 1.8)},{num(r * 0.45)} 0 0 0 {num(x + r * 1.8)},{num(y)}",
               fill="none", stroke=ring_outline, stroke_width=num(r * 0.22), transform=f"rotate(-14 {num(x)} {num(y)})")
        c.path(f"M{num(x - r * 1.8)},{num(y)} A{num(r * 1.8)},{num(r * 0.45)} 0 0 0 {num(x + r * 1.8)},{num(y)}",
               fill="none", stroke=ring, stroke_width=num(r * 0.14), transform=f"rotate(-14 {num(x)} {num(y)})")


def _comet(c: Canvas, x: float, y: float, length: float) -> None:
    tail = c.linear([(0, "#FFFFFF"), (1, "#FFFFFF")], x1=1, y1=0, x2=0, y2=0, opacities=[0.7, 0.0])
    c.path(f"M{num(x)},{num(y - 14)} L{num(x - length)},{num(y - length * 0.35)} L{num(x)},{num(y + 14)} Z", fill=tail)
    c.circle(x, y, 16, fill="#FFF8E1", stroke="#FFE082", stroke_width=6)


@design("starry_space")
def starry_space(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    _space(c, st, rng)
    side = rng.choice((-1, 1))
    big = (WIDTH / 2 + side * rng.uniform(340, 420), rng.uniform(230, 330))
    r = rng.uniform(100, 125)
    _planet(c, big[0], big[1], r, a.main, a.shade, ring=st.tone("#FFE0A3"), ring_outline=st.tone("#C79A52"))
    small = (WIDTH / 2 - side * rng.uniform(380, 500), rng.uniform(560, 680))
    _planet(c, small[0], small[1], 60, st.tone("#4FC3F7"), st.tone("#1B6FA8"))
    c.circle(small[0] + 95 * side, small[1] - 70, 20, fill=st.tone("#CFD8DC"), stroke=st.tone("#78909C"), stroke_width=5)
    _comet(c, rng.uniform(700, 900), rng.uniform(90, 150), rng.uniform(180, 260))
    features = [Feature(x=big[0] - r * 1.9, y=big[1] - r * 1.1, width=r * 3.8, height=r * 2.2, name="ringed planet"),
                Feature(x=small[0] - 70, y=small[1] - 95, width=140 + 130, height=165, name="planet")
                if side > 0 else Feature(x=small[0] - 200, y=small[1] - 95, width=270, height=165, name="planet")]
    whole = Rect(0, 0, WIDTH, HEIGHT)
    return DrawnParts(horizon_y=HEIGHT, ground_line=((0, HEIGHT), (WIDTH, HEIGHT)), water_zone=None,
                      sky_zone=whole, free_regions=tuple(carve(whole, features, "sky", min_width=120)),
                      features=tuple(features))


@design("moon_surface")
def moon_surface(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    _space(c, st, rng)
    horizon = rng.uniform(470, 510)
    # A faraway blue planet hangs over the horizon.
    px = rng.uniform(200, 1080)
    _planet(c, px, rng.uniform(150, 220), rng.uniform(70, 90), st.tone("#42A5F5"), st.tone("#1565C0"))
    far = n.wavy_line(rng, horizon, 18, 7)
    n.band(c, far, st.tone("#8E8AA8"))
    line = n.wavy_line(rng, horizon + 120, 16, 9)
    n.band(c, line, c.linear([(0, st.tone("#C9C5DA")), (1, st.tone("#9D98B5"))]))
    for _ in range(rng.randint(5, 8)):  # craters
        x, y = rng.uniform(60, WIDTH - 60), rng.uniform(horizon + 150, HEIGHT - 30)
        w = rng.uniform(50, 120)
        c.ellipse(x, y, w, w * 0.28, fill=st.tone("#8A85A3"))
        c.ellipse(x, y + w * 0.06, w * 0.8, w * 0.2, fill=st.tone("#A7A2BF"))
    # The explorer's flag in the chosen color.
    fx = rng.choice((rng.uniform(140, 260), rng.uniform(1020, 1140)))
    g = height_at(line, fx) + 10
    c.line(fx, g, fx, g - 200, stroke=st.tone("#ECEFF1"), stroke_width=10, stroke_linecap="round")
    c.path(f"M{num(fx + 4)},{num(g - 196)} L{num(fx + 120)},{num(g - 178)} Q{num(fx + 100)},{num(g - 150)} "
           f"{num(fx + 120)},{num(g - 124)} L{num(fx + 4)},{num(g - 136)} Z", fill=a.main, stroke=a.shade,
           stroke_width=7, stroke_linejoin="round")
    n.star5(c, fx + 50, g - 160, 14, a.light)
    features = [Feature(x=fx - 20, y=g - 210, width=150, height=220, name="flag")]
    for _ in range(rng.randint(2, 4)):
        x = rng.uniform(80, WIDTH - 80)
        n.rock(c, x, height_at(line, x) + rng.uniform(30, 80), rng.uniform(50, 90), rng.uniform(30, 50), st.tone("#7D7896"))
    sky = Rect(0, 0, WIDTH, horizon - 30)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("space_station")
def space_station(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    """Inside the station: a curved wall with a big round window onto space, a tiled floor."""
    a = st.accent
    wall, wall_dark = st.tone("#DDE3EE"), st.tone("#AEB7C8")
    c.rect(0, 0, WIDTH, HEIGHT, fill=c.linear([(0, wall), (1, wall_dark)]))
    # Wall panels with rounded corners and a stripe of the chosen color.
    for k in range(5):
        c.rect(20 + k * 252, 40, 232, 500, rx=28, fill=st.tone("#E9EDF5"), stroke=st.tone("#B7C0D0"), stroke_width=6)
    c.rect(0, 470, WIDTH, 26, fill=a.main, stroke=a.shade, stroke_width=5)
    # The big round window.
    wx = rng.uniform(480, 800)
    wy, wr = 250, rng.uniform(150, 175)
    c.circle(wx, wy, wr + 26, fill=st.tone("#8C96AA"))
    c.circle(wx, wy, wr, fill=st.tone(SPACE_TOP))
    c.open_group(clip_path=c.clip_circle(wx, wy, wr))
    n.stars(c, rng, wx - wr * 0.7, wy - wr * 0.7, wr * 1.4, wr * 1.4, rng.randint(14, 22))
    _planet(c, wx + rng.uniform(-50, 50), wy + wr * 0.55, wr * 0.5, st.tone("#42A5F5"), st.tone("#1565C0"), bands=False)
    c.path(f"M{num(wx - wr * 0.6)},{num(wy - wr * 0.3)} A{num(wr * 0.7)},{num(wr * 0.7)} 0 0 1 {num(wx - wr * 0.2)},{num(wy - wr * 0.65)}",
           fill="none", stroke="#FFFFFF", stroke_width=10, stroke_linecap="round", opacity="0.5")
    c.close_group()
    for k in range(8):  # bolts around the frame
        ang = k * math.pi / 4
        c.circle(wx + math.cos(ang) * (wr + 13), wy + math.sin(ang) * (wr + 13), 6, fill=st.tone("#6B7488"))
    # Blinking control lights beside the window.
    for side in (-1, 1):
        bx = wx + side * (wr + 120)
        c.rect(bx - 55, 300, 110, 120, rx=18, fill=st.tone("#5D6A82"))
        for i in range(3):
            for j in range(2):
                lit = (i + j + int(rng.random() * 2)) % 2 == 0
                c.circle(bx - 30 + i * 30, 335 + j * 50, 11, fill=a.main if lit else st.tone("#90A4AE"),
                         stroke=a.shade if lit else st.tone("#607D8B"), stroke_width=4)
    floor_y = 600
    c.rect(0, floor_y, WIDTH, HEIGHT - floor_y, fill=c.linear([(0, st.tone("#9AA3B5")), (1, st.tone("#7A8397"))]))
    c.rect(0, floor_y - 10, WIDTH, 20, rx=10, fill=st.tone("#6B7488"))
    for k in range(1, 8):
        c.line(k * 170 - 40, floor_y + 12, k * 190 - 300, HEIGHT, stroke=st.tone("#8C95A8"), stroke_width=5)
    line = [(0.0, float(floor_y)), (float(WIDTH), float(floor_y))]
    features = [Feature(x=wx - wr - 30, y=wy - wr - 30, width=2 * wr + 60, height=2 * wr + 60, name="window")]
    air = Rect(0, 0, WIDTH, floor_y - 20)
    regions = ground_regions(line, features, 320) + carve(air, features, "air")
    return DrawnParts(horizon_y=floor_y, ground_line=tuple(line), water_zone=None, sky_zone=None,
                      free_regions=tuple(regions), features=tuple(features))
