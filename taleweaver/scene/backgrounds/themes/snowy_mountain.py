"""Snowy Mountain: a sledding slope under the peaks, a frozen lake, a log cabin in the snow and
an ice cave. Everything is white and pale blue, so the chosen color (flags on the slope,
bunting over the lake, the cabin's door and shutters, the cave's crystals) always gets a darker
outline: white or silver still shows against snow."""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Canvas, num, smooth_path

SKY = ("#8FCBF0", "#E3F4FF")
SNOW, SNOW_SHADE = "#FFFFFF", "#D7E6F5"
ROCK = "#8C9DB5"
PINE = "#2E7D5B"


def _peaks(c: Canvas, st: Style, rng: random.Random, base: float) -> None:
    """A range of snow-capped mountains along the horizon."""
    xs = sorted(rng.uniform(-60, WIDTH + 60) for _ in range(rng.randint(4, 6)))
    for x in xs:
        h = rng.uniform(200, 330)
        n.mountain(c, x, base + 40, h * 1.5, h, st.tone(rng.choice((ROCK, "#7D8FAA", "#9AAAC0"))), st.tone(SNOW))


def _snowfall(c: Canvas, rng: random.Random, count: int) -> None:
    for _ in range(count):
        c.circle(rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT - 40), rng.uniform(3, 6), fill="#FFFFFF", opacity="0.85")


def _pines(c: Canvas, st: Style, rng: random.Random, line, xs, size) -> list[Feature]:
    out = []
    for x in xs:
        h = rng.uniform(*size)
        g = height_at(line, x) + 14
        n.pine_tree(c, x, g, h, st.tone(PINE), st.tone("#6D4C41"), st.tone(SNOW))
        out.append(Feature(x=x - h * 0.4, y=g - h, width=h * 0.8, height=h, name="pine tree"))
    return out


@design("snowy_slope")
def snowy_slope(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 380
    n.sky(c, st, rng, *SKY)
    n.sun_or_moon(c, st, rng.uniform(900, 1150), rng.uniform(80, 130), 46)
    n.clouds(c, st, rng, 20, 220, (1, 3))
    _peaks(c, st, rng, horizon)
    # The slope runs down from one side to the other.
    down = rng.choice((-1, 1))
    hi, lo = 440, 640
    left, right = (hi, lo) if down == 1 else (lo, hi)
    slope = [(-40 + i * 170, left + (right - left) * (i / 8) + rng.uniform(-10, 10)) for i in range(9)]
    n.band(c, n.wavy_line(rng, horizon + 80, 20, 7), st.tone(SNOW_SHADE))
    n.band(c, slope, c.linear([(0, st.tone(SNOW)), (1, st.tone(SNOW_SHADE))]))
    for k in range(3):  # sled tracks down the slope
        off = 40 + k * 26
        c.path(smooth_path([(x, y + off + 40) for x, y in slope[1:-1]]), fill="none",
               stroke=st.tone("#C5D8EC"), stroke_width=6, stroke_linecap="round")
    # Flags marking the run, in the chosen color.
    for i in (2, 4, 6):
        x = slope[i][0] + rng.uniform(-30, 30)
        g = height_at(slope, x) + 20
        c.line(x, g, x, g - 110, stroke=st.tone("#5D6D7E"), stroke_width=7, stroke_linecap="round")
        c.polygon([(x + 3, g - 108), (x + 60, g - 92), (x + 3, g - 74)], fill=a.main, stroke=a.shade,
                  stroke_width=6, stroke_linejoin="round")
    top_x = 80 if down == 1 else WIDTH - 80
    features = _pines(c, st, rng, slope, [top_x, top_x + 110 * down], (200, 250))
    _snowfall(c, rng, rng.randint(20, 35))
    sky = Rect(0, 0, WIDTH, horizon - 140)
    regions = ground_regions(slope, features, 280, max_width=170, max_rise=30) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(slope), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("frozen_lake")
def frozen_lake(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 360
    line = n.landscape(c, st, rng, SKY, horizon, [], (SNOW, SNOW_SHADE), 700, 8,
                       behind_ground=lambda c: _peaks(c, st, rng, horizon))
    # The far bank of snow and the ice of the lake between it and the near bank.
    bank = n.wavy_line(rng, 470, 10, 7)
    n.band(c, bank, st.tone(SNOW))
    ice_top, ice_bottom = 500, 690
    c.path(f"M-20,{ice_top + 30} Q{WIDTH / 2},{ice_top - 40} {WIDTH + 20},{ice_top + 30} "
           f"L{WIDTH + 20},{ice_bottom + 20} L-20,{ice_bottom + 20} Z",
           fill=c.linear([(0, st.tone("#BFE6F7")), (1, st.tone("#8CCBEB"))]))
    for _ in range(rng.randint(4, 6)):  # shiny streaks and skate marks on the ice
        x, y = rng.uniform(60, WIDTH - 200), rng.uniform(ice_top + 40, ice_bottom - 20)
        c.path(f"M{num(x)},{num(y)} q60,-20 140,0", fill="none", stroke="#FFFFFF", stroke_width=6,
               stroke_linecap="round", opacity="0.7")
    n.band(c, line, c.linear([(0, st.tone(SNOW)), (1, st.tone(SNOW_SHADE))]))
    # Bunting across the lake on two poles, flags alternating chosen color and white-blue.
    x0, x1 = rng.uniform(60, 200), rng.uniform(1080, 1220)
    y0 = height_at(bank, x0) + 10
    y1 = height_at(bank, x1) + 10
    for x, y in ((x0, y0), (x1, y1)):
        c.line(x, y, x, y - 190, stroke=st.tone("#6D4C41"), stroke_width=10, stroke_linecap="round")
    sag = 60
    c.path(f"M{num(x0)},{num(y0 - 180)} Q{num((x0 + x1) / 2)},{num((y0 + y1) / 2 - 180 + sag * 2)} {num(x1)},{num(y1 - 180)}",
           fill="none", stroke=st.tone("#5D6D7E"), stroke_width=4)
    for k in range(1, 12):
        t = k / 12
        x = x0 + (x1 - x0) * t
        y = (1 - t) ** 2 * (y0 - 180) + 2 * t * (1 - t) * ((y0 + y1) / 2 - 180 + sag * 2) + t ** 2 * (y1 - 180)
        fill = a.main if k % 2 else st.tone("#E3F2FD")
        c.polygon([(x - 20, y), (x + 20, y), (x, y + 36)], fill=fill, stroke=a.shade, stroke_width=4,
                  stroke_linejoin="round")
    features = _pines(c, st, rng, bank, [rng.uniform(300, 420), rng.uniform(860, 980)], (150, 190))
    _snowfall(c, rng, rng.randint(15, 30))
    ice = Rect(0, ice_top + 20, WIDTH, ice_bottom - ice_top - 20)
    sky = Rect(0, 0, WIDTH, horizon - 150)
    # Skaters stand on the ice: the ice surface is walkable ground in front of the far bank.
    walk = [(0.0, ice_bottom - 10.0), (float(WIDTH), ice_bottom - 10.0)]
    regions = ground_regions(walk, features, 250) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(walk), water_zone=ice, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("mountain_cabin")
def mountain_cabin(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 400
    line = n.landscape(c, st, rng, SKY, horizon, [(SNOW_SHADE, horizon + 60, 20)], (SNOW, SNOW_SHADE), 640, 12,
                       behind_ground=lambda c: _peaks(c, st, rng, horizon))
    side = rng.choice((-1, 1))
    cx = rng.uniform(260, 380) if side < 0 else rng.uniform(900, 1020)
    g = height_at(line, cx) + 16
    log, log_dark = st.tone("#A1673F"), st.tone("#6D4325")
    w, h = 340, 200
    c.rect(cx + 70, g - h - 150, 44, 110, rx=8, fill=st.tone("#8D6E63"))  # chimney
    for k in range(3):  # smoke puffs
        c.circle(cx + 92 + k * 18, g - h - 170 - k * 40, 18 + k * 6, fill="#FFFFFF", opacity="0.7")
    c.rect(cx - w / 2, g - h, w, h, rx=12, fill=log, stroke=log_dark, stroke_width=8)
    for k in range(1, 5):
        c.line(cx - w / 2 + 8, g - h + k * 40, cx + w / 2 - 8, g - h + k * 40, stroke=log_dark, stroke_width=5,
               stroke_linecap="round")
    roof = [(cx - w / 2 - 40, g - h + 10), (cx, g - h - 130), (cx + w / 2 + 40, g - h + 10)]
    c.polygon(roof, fill=st.tone("#7B4A2A"), stroke=st.tone("#5A3119"), stroke_width=10, stroke_linejoin="round")
    c.path(f"M{num(cx - w / 2 - 46)},{num(g - h + 14)} L{num(cx)},{num(g - h - 138)} L{num(cx + w / 2 + 46)},{num(g - h + 14)} "
           f"Q{num(cx + w / 4)},{num(g - h - 40)} {num(cx)},{num(g - h - 70)} Q{num(cx - w / 4)},{num(g - h - 40)} "
           f"{num(cx - w / 2 - 46)},{num(g - h + 14)} Z", fill=st.tone(SNOW), stroke=st.tone(SNOW_SHADE), stroke_width=6,
           stroke_linejoin="round")
    # The door and the shutters are the chosen color; the windows glow warm.
    c.rect(cx - 40, g - 130, 80, 130, rx=14, fill=a.main, stroke=a.shade, stroke_width=7)
    c.circle(cx + 22, g - 65, 7, fill=a.shade)
    for wx in (cx - 120, cx + 120):
        c.rect(wx - 34, g - 150, 68, 60, rx=8, fill=st.tone("#FFE082") if not st.night else "#FFD54F",
               stroke=log_dark, stroke_width=6)
        for sx in (wx - 52, wx + 38):
            c.rect(sx, g - 154, 14, 68, rx=5, fill=a.main, stroke=a.shade, stroke_width=4)
    features = [Feature(x=cx - w / 2 - 50, y=g - h - 240, width=w + 100, height=h + 250, name="cabin")]
    far_x = WIDTH - cx + side * 100
    features += _pines(c, st, rng, line, [far_x, far_x + 90 * side], (200, 260))
    _snowfall(c, rng, rng.randint(20, 35))
    sky = Rect(0, 0, WIDTH, horizon - 150)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("ice_cave")
def ice_cave(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    c.rect(0, 0, WIDTH, HEIGHT, fill=c.linear([(0, st.tone("#5C9FD1")), (1, st.tone("#2D5F9A"))]))
    # The cave mouth: daylight and snow outside, seen through a rounded opening.
    mx = rng.uniform(480, 800)
    c.rect(mx - 360, 120, 720, 700, fill=c.linear([(0, st.sky("#9ED3F5", "#E3F4FF")[0]), (1, st.sky("#9ED3F5", "#E3F4FF")[1])]))
    n.mountain(c, mx + rng.uniform(-60, 60), 520, 420, 220, st.tone("#A9C4DF"), st.tone("#FFFFFF"))
    ice, ice_dark = st.tone("#6FA8D6"), st.tone("#4A7FB5")
    c.path(f"M-20,-20 L{WIDTH + 20},-20 L{WIDTH + 20},{HEIGHT + 20} L{num(mx + 300)},{HEIGHT + 20} "
           f"C{num(mx + 330)},420 {num(mx + 220)},150 {num(mx)},150 C{num(mx - 220)},150 {num(mx - 330)},420 "
           f"{num(mx - 300)},{HEIGHT + 20} L-20,{HEIGHT + 20} Z", fill=ice)
    c.path(f"M{num(mx + 300)},{HEIGHT + 20} C{num(mx + 330)},420 {num(mx + 220)},150 {num(mx)},150 "
           f"C{num(mx - 220)},150 {num(mx - 330)},420 {num(mx - 300)},{HEIGHT + 20}", fill="none",
           stroke=ice_dark, stroke_width=22, stroke_linecap="round")
    for _ in range(rng.randint(6, 9)):  # icicles from the roof
        x = rng.uniform(40, WIDTH - 40)
        ln = rng.uniform(50, 110)
        c.path(f"M{num(x - 18)},-5 Q{num(x)},{num(ln * 1.4)} {num(x + 18)},-5 Z", fill=st.tone("#D6EEFF"),
               stroke=ice_dark, stroke_width=4)
    for _ in range(rng.randint(5, 8)):  # frosty streaks in the walls
        x, y = rng.choice((rng.uniform(30, mx - 330), rng.uniform(mx + 330, WIDTH - 30))), rng.uniform(120, 560)
        c.path(f"M{num(x)},{num(y)} q30,-40 70,-30", fill="none", stroke="#FFFFFF", stroke_width=8,
               stroke_linecap="round", opacity="0.5")
    line = n.wavy_line(rng, 650, 10, 9)
    n.band(c, line, c.linear([(0, st.tone("#EAF6FF")), (1, st.tone("#BFD9EE"))]))
    crystals = []
    for x in (rng.uniform(80, 200), rng.uniform(1080, 1200)):  # crystal clusters in the chosen color
        g = height_at(line, x) + 10
        crystals.append(Feature(x=x - 60, y=g - 140, width=120, height=150, name="ice crystals"))
        for k, (dx, h) in enumerate(((-30, 80), (0, 130), (32, 95))):
            c.polygon([(x + dx - 18, g), (x + dx - 12, g - h * 0.8), (x + dx, g - h), (x + dx + 12, g - h * 0.8),
                       (x + dx + 18, g)], fill=a.main if k != 1 else a.light, stroke=a.shade, stroke_width=6,
                      stroke_linejoin="round")
    features = [Feature(x=0, y=0, width=WIDTH, height=110, name="icicles")] + crystals
    air = Rect(0, 0, WIDTH, min(y for _, y in line) - 20)
    regions = ground_regions(line, features, 300) + carve(air, features, "air")
    return DrawnParts(horizon_y=560, ground_line=tuple(line), water_zone=None, sky_zone=None,
                      free_regions=tuple(regions), features=tuple(features))
