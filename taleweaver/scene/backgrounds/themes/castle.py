"""Fairy-Tale Castle: the castle with its towers and moat, the great hall inside, and the castle
garden with its hedge maze. The chosen color goes into flags, banners, the hall's carpet and
the garden's flowers."""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style, lightness
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Canvas, num

SKY = ("#9AD4FF", "#EAF6FF")
STONE, STONE_DARK, STONE_LIGHT = "#C9C3D6", "#9C95AD", "#E0DBEA"
GRASS = ("#8ED07A", "#5FAE55")


def flag(c: Canvas, st: Style, x: float, top: float, size: float = 1.0) -> None:
    """A pennant on a pole whose foot is at (x, top)."""
    a = st.accent
    c.line(x, top, x, top - 70 * size, stroke=st.tone("#6D4C41"), stroke_width=num(6 * size), stroke_linecap="round")
    c.path(f"M{num(x + 3)},{num(top - 68 * size)} Q{num(x + 40 * size)},{num(top - 72 * size)} {num(x + 70 * size)},{num(top - 52 * size)} "
           f"Q{num(x + 40 * size)},{num(top - 42 * size)} {num(x + 3)},{num(top - 36 * size)} Z",
           fill=a.main, stroke=a.shade, stroke_width=num(5 * size), stroke_linejoin="round")


def tower(c: Canvas, st: Style, x: float, ground: float, w: float, h: float, roof: str, roof_dark: str) -> None:
    """A round-topped stone tower with a cone roof, a window and a flag."""
    c.rect(x - w / 2, ground - h, w, h, fill=st.tone(STONE), stroke=st.tone(STONE_DARK), stroke_width=7)
    c.polygon([(x - w / 2 - 18, ground - h + 6), (x, ground - h - w * 1.1), (x + w / 2 + 18, ground - h + 6)],
              fill=roof, stroke=roof_dark, stroke_width=8, stroke_linejoin="round")
    c.rect(x - w * 0.14, ground - h + 50, w * 0.28, 56, rx=num(w * 0.14), fill=st.tone("#5C6BC0") if not st.night else "#FFD54F",
           stroke=st.tone(STONE_DARK), stroke_width=5)
    flag(c, st, x, ground - h - w * 1.1 + 4, 0.9)


@design("castle_gate")
def castle_gate(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 470
    line = n.landscape(c, st, rng, SKY, horizon, [("#A8DC96", horizon + 10, 14)], GRASS, 640, 8)
    cx = rng.uniform(520, 760)
    g = 560.0
    roof, roof_dark = st.tone("#5C6BC0"), st.tone("#3949AB")
    # Back towers, the wall with battlements, the gate and its drawbridge over the moat.
    for dx, w, h in ((-230, 90, 330), (230, 90, 330), (0, 110, 420)):
        tower(c, st, cx + dx, g - 60, w, h - 40, roof, roof_dark)
    wall_w = 420
    c.rect(cx - wall_w / 2, g - 240, wall_w, 240, fill=st.tone(STONE), stroke=st.tone(STONE_DARK), stroke_width=7)
    for k in range(8):
        c.rect(cx - wall_w / 2 + k * 56, g - 272, 36, 36, rx=6, fill=st.tone(STONE), stroke=st.tone(STONE_DARK), stroke_width=6)
    c.path(f"M{num(cx - 60)},{num(g)} L{num(cx - 60)},{num(g - 110)} A60,60 0 0 1 {num(cx + 60)},{num(g - 110)} L{num(cx + 60)},{num(g)} Z",
           fill=st.tone("#5D4037"))
    for dx in (-180, 180):
        c.rect(cx + dx - 30, g - 200, 60, 100, rx=8, fill=a.main, stroke=a.shade, stroke_width=6)  # banners
        c.polygon([(cx + dx - 30, g - 104), (cx + dx, g - 80), (cx + dx + 30, g - 104)], fill=a.main, stroke=a.shade,
                  stroke_width=6, stroke_linejoin="round")
    moat_top = g + 10
    c.rect(0, moat_top, WIDTH, 50, fill=st.tone("#5DB6E3"))
    n.water_shine(c, rng, 20, moat_top + 10, WIDTH - 40, 25, 6)
    c.rect(cx - 60, g - 4, 120, 70, fill=st.tone("#8D6E63"), stroke=st.tone("#5D4037"), stroke_width=6)  # drawbridge
    n.band(c, line, c.linear([(0, st.tone(GRASS[0])), (1, st.tone(GRASS[1]))]))
    features = [Feature(x=cx - 300, y=g - 590, width=600, height=600, name="castle")]
    for x in (rng.uniform(40, 160), rng.uniform(1120, 1240)):
        n.round_tree(c, x, height_at(line, x) + 20, 240, st.tone("#4FA564"), st.tone("#7A5236"))
    n.flowers(c, rng, lambda x: height_at(line, x) + 60, 40, WIDTH - 40, rng.randint(5, 8), a.main, a.shade, st.tone("#4C8C3F"))
    sky = Rect(0, 0, WIDTH, horizon - 80)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=Rect(0, moat_top, WIDTH, 50), sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))


@design("great_hall")
def great_hall(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    wall, wall_dark = st.tone("#D8CFE6"), st.tone("#B2A6C6")
    c.rect(0, 0, WIDTH, HEIGHT, fill=c.linear([(0, wall), (1, wall_dark)]))
    floor_y = 590
    # Tall arched windows with a view of the sky (or the night) between columns.
    n_windows = rng.choice((3, 4))
    xs = [WIDTH * (k + 1) / (n_windows + 1) for k in range(n_windows)]
    day = st.sky("#8FD0FF", "#DFF3FF")
    for x in xs:
        c.path(f"M{num(x - 60)},{floor_y - 200} L{num(x - 60)},150 A60,60 0 0 1 {num(x + 60)},150 L{num(x + 60)},{floor_y - 200} Z",
               fill=c.linear([(0, day[0]), (1, day[1])]), stroke=st.tone("#8C7FA3"), stroke_width=10)
        c.line(x, 100, x, floor_y - 200, stroke=st.tone("#8C7FA3"), stroke_width=6)
    for k in range(n_windows + 1):  # columns between the windows
        x = WIDTH * (k + 0.5) / (n_windows + 1)
        c.rect(x - 28, 40, 56, floor_y - 40, rx=12, fill=st.tone(STONE_LIGHT), stroke=st.tone(STONE_DARK), stroke_width=6)
    # Hanging banners in the chosen color between the windows.
    for k in range(n_windows + 1):
        x = WIDTH * (k + 0.5) / (n_windows + 1)
        c.path(f"M{num(x - 42)},70 L{num(x + 42)},70 L{num(x + 42)},250 L{num(x)},220 L{num(x - 42)},250 Z",
               fill=a.main, stroke=a.shade, stroke_width=7, stroke_linejoin="round")
        n.star5(c, x, 140, 20, a.light if lightness(a.main) < 0.8 else a.shade)
    c.rect(0, floor_y, WIDTH, HEIGHT - floor_y, fill=c.linear([(0, st.tone("#C2A98A")), (1, st.tone("#9C8266"))]))
    for k in range(1, 9):
        c.line(k * 150 - 40, floor_y, k * 190 - 260, HEIGHT, stroke=st.tone("#A58D70"), stroke_width=5)
    # The long carpet up to the throne, in the chosen color.
    tx = rng.uniform(420, 860)
    c.polygon([(tx - 60, floor_y + 30), (tx + 60, floor_y + 30), (tx + 170, HEIGHT + 5), (tx - 170, HEIGHT + 5)],
              fill=a.main, stroke=a.shade, stroke_width=7, stroke_linejoin="round")
    c.rect(tx - 80, floor_y - 10, 160, 40, rx=10, fill=st.tone("#B39DDB"), stroke=st.tone("#7E57C2"), stroke_width=5)
    c.path(f"M{num(tx - 60)},{floor_y - 10} L{num(tx - 60)},{floor_y - 190} Q{num(tx)},{floor_y - 250} {num(tx + 60)},{floor_y - 190} "
           f"L{num(tx + 60)},{floor_y - 10} Z", fill=st.tone("#FFC93C"), stroke=st.tone("#C99700"), stroke_width=8)
    c.rect(tx - 42, floor_y - 150, 84, 110, rx=16, fill=a.main, stroke=a.shade, stroke_width=6)
    features = [Feature(x=tx - 90, y=floor_y - 260, width=180, height=270, name="throne")]
    line = [(0.0, float(floor_y + 60)), (float(WIDTH), float(floor_y + 60))]
    air = Rect(0, 260, WIDTH, floor_y - 260)
    regions = ground_regions(line, features, 320) + carve(air, features, "air")
    return DrawnParts(horizon_y=floor_y, ground_line=tuple(line), water_zone=None, sky_zone=None,
                      free_regions=tuple(regions), features=tuple(features))


@design("castle_garden")
def castle_garden(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    horizon = 400
    roof, roof_dark = st.tone("#5C6BC0"), st.tone("#3949AB")

    def far_castle(c: Canvas) -> None:
        x = rng.uniform(200, 1080)
        for dx, h in ((-90, 200), (90, 200), (0, 260)):
            tower(c, st, x + dx, horizon + 40, 70, h, roof, roof_dark)

    line = n.landscape(c, st, rng, SKY, horizon, [("#A8DC96", horizon + 30, 8)], GRASS, 640, 8, behind_ground=far_castle)
    # The hedge maze: rounded green walls in rows, paler and lower as they go back.
    hedge, hedge_dark = st.tone("#3E8E4E"), st.tone("#2C6B3A")
    for row, (y, h, gap) in enumerate(((470, 40, 0.3), (520, 50, 0.6), (580, 64, 0.45))):
        gx = WIDTH * gap + rng.uniform(-80, 80)
        for x0, x1 in ((-20, gx - 60), (gx + 60, WIDTH + 20)):
            c.rect(x0, y - h, x1 - x0, h, rx=num(h / 2), fill=hedge if row % 2 else st.tone("#4A9C59"),
                   stroke=hedge_dark, stroke_width=6)
    # A fountain at the maze's heart.
    fx = rng.uniform(380, 900)
    c.ellipse(fx, 600, 130, 34, fill=st.tone(STONE), stroke=st.tone(STONE_DARK), stroke_width=6)
    c.ellipse(fx, 596, 110, 24, fill=st.tone("#7FD1F0"))
    c.rect(fx - 14, 480, 28, 110, rx=10, fill=st.tone(STONE), stroke=st.tone(STONE_DARK), stroke_width=5)
    c.ellipse(fx, 484, 56, 14, fill=st.tone(STONE), stroke=st.tone(STONE_DARK), stroke_width=5)
    for dx in (-1, 1):
        c.path(f"M{num(fx)},{num(470)} q{num(dx * 40)},-40 {num(dx * 70)},110", fill="none", stroke="#BDEBFF",
               stroke_width=7, stroke_linecap="round")
    features = [Feature(x=fx - 140, y=440, width=280, height=200, name="fountain")]
    n.band(c, line, c.linear([(0, st.tone(GRASS[0])), (1, st.tone(GRASS[1]))]))
    # Flower beds in the chosen color along the front.
    n.flowers(c, rng, lambda x: height_at(line, x) + 70, 30, WIDTH - 30, rng.randint(10, 14), a.main, a.shade,
              st.tone("#3F7F35"), size=(11, 16))
    sky = Rect(0, 0, WIDTH, horizon - 100)
    regions = ground_regions(line, features, 300) + carve(sky, features, "sky")
    return DrawnParts(horizon_y=horizon, ground_line=tuple(line), water_zone=None, sky_zone=sky,
                      free_regions=tuple(regions), features=tuple(features))
