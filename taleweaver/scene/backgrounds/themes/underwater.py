"""Under the Sea: a coral reef, a shipwreck, a deep-sea cave and a kelp forest.

All four are fully underwater: the water zone is the whole canvas, the ground line is the sea
floor, fish swim in the water regions above it and crabs, shells and chests stand on the
ground regions. The chosen color goes into corals, the wreck's torn flag, the cave's glowing
crystals and the sea stars of the kelp forest.
"""

from __future__ import annotations

import random

from taleweaver.scene.backgrounds import nature as n
from taleweaver.scene.backgrounds.layout import DrawnParts, Feature, Rect
from taleweaver.scene.backgrounds.palette import Style, darken, lighten, mix
from taleweaver.scene.backgrounds.regions import carve, ground_regions, height_at
from taleweaver.scene.backgrounds.registry import design
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Canvas, num, smooth_path

WHOLE = Rect(0, 0, WIDTH, HEIGHT)


def _open_water(c: Canvas, st: Style, rng: random.Random, top: str, bottom: str, rays: int) -> None:
    c.rect(0, 0, WIDTH, HEIGHT, fill=c.linear([(0, st.tone(top)), (1, st.tone(bottom))]))
    # The bright surface shimmer along the top edge.
    n.wave_band(c, -6, 10, rng.uniform(120, 180), st.tone(lighten(top, 0.35)), bottom=-40,
                phase=rng.uniform(0, 100), opacity="0.6")
    n.light_rays(c, rng, rays, 0, 620, "#FFFFFF" if not st.night else "#BFD4FF")


def _sea_floor(c: Canvas, st: Style, rng: random.Random, base: float, sand: str) -> list:
    far = n.wavy_line(rng, base - 70, 22, 8)
    n.band(c, far, st.tone(mix(sand, "#1E6FA8", 0.55)))
    line = n.wavy_line(rng, base, 14, 9)
    n.band(c, line, c.linear([(0, st.tone(sand)), (1, st.tone(darken(sand, 0.18)))]))
    for _ in range(rng.randint(5, 9)):  # ripples in the sand
        x, y = rng.uniform(40, WIDTH - 80), rng.uniform(base + 40, HEIGHT - 20)
        c.path(f"M{num(x)},{num(y)} q18,-8 36,0 q18,8 36,0", fill="none",
               stroke=st.tone(darken(sand, 0.12)), stroke_width=5, stroke_linecap="round")
    return line


def _branch_coral(c: Canvas, x: float, ground: float, h: float, fill: str, outline: str,
                  rng: random.Random) -> None:
    """Antler coral: a trunk with rounded arms, outlined by a wider stroke underneath."""
    arms = [f"M{num(x)},{num(ground)} L{num(x)},{num(ground - h)}"]
    for side in (-1, 1, -1, 1):
        y = ground - h * rng.uniform(0.25, 0.7)
        reach = h * rng.uniform(0.25, 0.45)
        arms.append(f"M{num(x)},{num(y)} Q{num(x + side * reach)},{num(y)} "
                    f"{num(x + side * reach)},{num(y - h * rng.uniform(0.25, 0.4))}")
    d = " ".join(arms)
    width = max(12.0, h * 0.12)
    c.path(d, fill="none", stroke=outline, stroke_width=num(width + 8), stroke_linecap="round",
           stroke_linejoin="round")
    c.path(d, fill="none", stroke=fill, stroke_width=num(width), stroke_linecap="round",
           stroke_linejoin="round")


def _brain_coral(c: Canvas, x: float, ground: float, w: float, fill: str) -> None:
    c.path(f"M{num(x - w / 2)},{num(ground)} A{num(w / 2)},{num(w * 0.42)} 0 0 1 {num(x + w / 2)},{num(ground)} Z",
           fill=fill)
    for k in (0.25, 0.5):
        c.path(f"M{num(x - w * k)},{num(ground - 4)} Q{num(x)},{num(ground - w * 0.5 * (1 - k) - 10)} "
               f"{num(x + w * k)},{num(ground - 4)}", fill="none", stroke=darken(fill, 0.15),
               stroke_width=5, stroke_linecap="round")


def _fan_coral(c: Canvas, x: float, ground: float, h: float, fill: str) -> None:
    c.path(f"M{num(x)},{num(ground)} C{num(x - h * 0.7)},{num(ground - h * 0.6)} {num(x - h * 0.4)},{num(ground - h * 1.1)} "
           f"{num(x)},{num(ground - h)} C{num(x + h * 0.4)},{num(ground - h * 1.1)} {num(x + h * 0.7)},{num(ground - h * 0.6)} "
           f"{num(x)},{num(ground)} Z", fill=fill, opacity="0.9")
    for dx in (-0.3, 0.0, 0.3):
        c.line(x, ground, x + dx * h, ground - h * 0.85, stroke=darken(fill, 0.2), stroke_width=4,
               stroke_linecap="round")


def _reef(c: Canvas, st: Style, rng: random.Random, x: float, ground: float, scale: float) -> Feature:
    """A cluster of corals around x; returns its box as a key feature."""
    a = st.accent
    others = [st.tone("#FF8A80"), st.tone("#FFB74D"), st.tone("#BA68C8"), st.tone("#F06292")]
    rng.shuffle(others)
    n.seaweed(c, x - 150 * scale, ground + 10, 150 * scale, st.tone("#43A047"), rng, 14)
    _fan_coral(c, x - 95 * scale, ground + 6, 160 * scale, others[0])
    _fan_coral(c, x + 120 * scale, ground + 6, 110 * scale, others[2])
    _branch_coral(c, x - 10 * scale, ground + 6, 220 * scale, a.main, a.shade, rng)
    _brain_coral(c, x + 75 * scale, ground + 8, 130 * scale, others[1])
    _branch_coral(c, x + 40 * scale, ground + 10, 120 * scale, st.accent_tone(a.light), a.shade, rng)
    _brain_coral(c, x - 70 * scale, ground + 10, 80 * scale, others[3])
    top = ground - 250 * scale
    return Feature(x=x - 175 * scale, y=top, width=350 * scale, height=ground + 12 - top, name="coral reef")


def _water_regions(ground_line, features) -> list:
    floor_top = min(y for _, y in ground_line)
    return carve(Rect(0, 0, WIDTH, floor_top - 20), list(features), "water", min_width=120)


@design("coral_reef")
def coral_reef(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    _open_water(c, st, rng, "#5ED3F3", "#0A6FB3", rng.randint(4, 6))
    line = _sea_floor(c, st, rng, 660, "#F4D9A6")
    n.bubbles(c, rng, 0, 40, WIDTH, 520, rng.randint(8, 14))
    ground_at = lambda x: height_at(line, x)
    for _ in range(rng.randint(5, 8)):  # far corals, pale with distance
        x = rng.uniform(0, WIDTH)
        _fan_coral(c, x, 600 + rng.uniform(-10, 20), rng.uniform(50, 90), st.tone("#7FB8D8"))
    left = rng.uniform(200, 330)
    right = rng.uniform(950, 1080)
    features = [_reef(c, st, rng, left, ground_at(left), rng.uniform(1.0, 1.15)),
                _reef(c, st, rng, right, ground_at(right), rng.uniform(0.85, 1.0))]
    for _ in range(rng.randint(2, 4)):  # small shells and pebbles between the reefs
        x = rng.uniform(420, 860)
        n.rock(c, x, ground_at(x) + 18, rng.uniform(30, 55), rng.uniform(16, 26), st.tone("#B0A18A"))
    return DrawnParts(
        horizon_y=590, ground_line=tuple(line), water_zone=WHOLE, sky_zone=None,
        free_regions=tuple(ground_regions(line, features, 300) + _water_regions(line, features)),
        features=tuple(features))


@design("shipwreck")
def shipwreck(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    _open_water(c, st, rng, "#4CB8E0", "#0B4F8A", rng.randint(3, 5))
    line = _sea_floor(c, st, rng, 670, "#E8CF9E")
    n.bubbles(c, rng, 0, 40, WIDTH, 500, rng.randint(6, 10))
    ground_at = lambda x: height_at(line, x)
    a = st.accent
    facing = rng.choice((-1, 1))  # which way the bow points
    cx = rng.uniform(360, 460) if facing == 1 else rng.uniform(820, 920)
    g = ground_at(cx)
    tilt = rng.uniform(-9, -4) * facing
    wood, plank = st.tone("#8D6E63"), st.tone("#5D4037")
    c.open_group(transform=f"rotate({num(tilt)} {num(cx)} {num(g)})")
    # The broken mast first, so the hull covers its foot.
    mast_x = cx - 40 * facing
    c.rect(mast_x - 11, g - 330, 22, 260, rx=8, fill=plank)
    c.rect(mast_x - 70, g - 290, 140, 16, rx=8, fill=plank)
    flag = [(mast_x + 8, g - 325), (mast_x + 8 + 95 * facing, g - 300), (mast_x + 8 + 60 * facing, g - 285),
            (mast_x + 8 + 85 * facing, g - 262), (mast_x + 8, g - 255)]
    c.polygon(flag, fill=a.main, stroke=a.shade, stroke_width=7, stroke_linejoin="round")
    hull = (f"M{num(cx - 260)},{num(g - 150)} L{num(cx + 260)},{num(g - 150)} "
            f"Q{num(cx + 250)},{num(g - 20)} {num(cx + 150)},{num(g + 20)} L{num(cx - 170)},{num(g + 20)} "
            f"Q{num(cx - 250)},{num(g - 30)} {num(cx - 260)},{num(g - 150)} Z")
    c.path(hull, fill=wood, stroke=plank, stroke_width=10, stroke_linejoin="round")
    for k in (1, 2, 3):
        c.line(cx - 250 + k * 6, g - 150 + k * 40, cx + 250 - k * 22, g - 150 + k * 40,
               stroke=plank, stroke_width=6, stroke_linecap="round")
    for k in range(4):
        c.circle(cx - 150 + k * 100, g - 110, 17, fill=st.tone("#0E3B66"), stroke=st.tone("#C9A227"), stroke_width=7)
    c.rect(cx - 270, g - 168, 540, 24, rx=12, fill=plank)
    c.close_group()
    # Sand drifted against the hull, and seaweed growing on it.
    c.ellipse(cx, g + 18, 330, 34, fill=st.tone("#E8CF9E"))
    for k in range(rng.randint(3, 5)):
        n.seaweed(c, cx - 230 + k * 110 + rng.uniform(-20, 20), g + 10, rng.uniform(90, 160),
                  st.tone("#2E7D32"), rng, 12)
    for _ in range(rng.randint(3, 6)):  # gold coins spilled on the sand
        x = cx + facing * rng.uniform(280, 360)
        c.ellipse(x, ground_at(x) + rng.uniform(14, 30), 13, 7, fill="#FFC93C", stroke="#C99700", stroke_width=3)
    feature = Feature(x=cx - 290, y=g - 350, width=580, height=390, name="shipwreck")
    other_side = 1080 if facing == 1 else 200
    n.rock(c, other_side, ground_at(other_side) + 20, rng.uniform(90, 140), rng.uniform(50, 80), st.tone("#7E8C99"))
    _branch_coral(c, other_side + 40, ground_at(other_side) + 12, 90, a.main, a.shade, rng)
    rocks = Feature(x=other_side - 80, y=ground_at(other_side) - 100, width=160, height=110, name="rocks")
    features = [feature, rocks]
    return DrawnParts(
        horizon_y=600, ground_line=tuple(line), water_zone=WHOLE, sky_zone=None,
        free_regions=tuple(ground_regions(line, features, 280) + _water_regions(line, features)),
        features=tuple(features))


@design("sea_cave")
def sea_cave(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    c.rect(0, 0, WIDTH, HEIGHT, fill=c.linear([(0, st.tone("#1F4E8C")), (1, st.tone("#0B1E45"))]))
    # The cave mouth glows: lighter open water far behind.
    mouth_x = rng.uniform(520, 760)
    glow = c.radial([(0, st.tone("#4FA3D9")), (1, st.tone("#1F4E8C"))], opacities=[0.9, 0.0])
    c.ellipse(mouth_x, 330, 380, 260, fill=glow)
    n.light_rays(c, rng, 2, 100, 560, "#9FD8FF")
    rock, rock_dark = st.tone("#3B3F6B"), st.tone("#262A4F")
    # Walls and roof: big rounded masses framing the scene.
    left_w, right_w = rng.uniform(170, 240), rng.uniform(170, 240)
    roof = [(-40, rng.uniform(90, 140)), (left_w, rng.uniform(60, 110)), (WIDTH / 2, rng.uniform(20, 60)),
            (WIDTH - right_w, rng.uniform(60, 110)), (WIDTH + 40, rng.uniform(90, 140))]
    c.path(smooth_path(roof, close_to=-20), fill=rock_dark)
    c.path(f"M-20,-20 L{num(left_w)},-20 C{num(left_w + 60)},260 {num(left_w - 40)},520 {num(left_w + 30)},{HEIGHT + 20} "
           f"L-20,{HEIGHT + 20} Z", fill=rock)
    rx = WIDTH - right_w
    c.path(f"M{WIDTH + 20},-20 L{num(rx)},-20 C{num(rx - 60)},240 {num(rx + 40)},540 {num(rx - 30)},{HEIGHT + 20} "
           f"L{WIDTH + 20},{HEIGHT + 20} Z", fill=rock)
    # Stalactites hanging from the roof.
    for _ in range(rng.randint(4, 7)):
        x = rng.uniform(left_w + 40, rx - 40)
        top = height_at(roof, x) - 5
        ln = rng.uniform(40, 90)
        c.path(f"M{num(x - 22)},{num(top)} Q{num(x)},{num(top + ln * 1.3)} {num(x + 22)},{num(top)} Z", fill=rock_dark)
    line = n.wavy_line(rng, 690, 12, 9)
    n.band(c, line, c.linear([(0, st.tone("#4A4E7A")), (1, st.tone("#2A2D52"))]))
    # Glowing crystals and anemones in the chosen color along the walls and floor.
    for x in (rng.uniform(60, left_w - 30), rng.uniform(rx + 30, WIDTH - 60)):
        g = height_at(line, x) + 8
        for k, (dx, h) in enumerate(((-26, 70), (0, 110), (28, 80))):
            c.polygon([(x + dx - 16, g), (x + dx - 10, g - h * 0.8), (x + dx, g - h), (x + dx + 10, g - h * 0.8),
                       (x + dx + 16, g)], fill=a.main if k != 1 else st.accent_tone(a.light),
                      stroke=a.shade, stroke_width=6, stroke_linejoin="round")
    halo = c.radial([(0, a.main), (1, a.main)], opacities=[0.35, 0.0])
    for _ in range(rng.randint(10, 16)):  # glowing specks drifting in the dark water
        x, y = rng.uniform(left_w, rx), rng.uniform(140, 560)
        c.circle(x, y, rng.uniform(10, 18), fill=halo)
        c.circle(x, y, rng.uniform(2.5, 4), fill=a.light)
    n.bubbles(c, rng, left_w, 200, rx - left_w, 380, rng.randint(5, 9))
    walls = [Feature(x=0, y=0, width=left_w + 40, height=HEIGHT, name="cave wall"),
             Feature(x=rx - 40, y=0, width=right_w + 40, height=HEIGHT, name="cave wall"),
             Feature(x=0, y=0, width=WIDTH, height=max(y for _, y in roof) + 20, name="cave roof")]
    water = carve(Rect(0, 0, WIDTH, min(y for _, y in line) - 20), walls, "water", min_width=120)
    return DrawnParts(
        horizon_y=620, ground_line=tuple(line), water_zone=WHOLE, sky_zone=None,
        free_regions=tuple(ground_regions(line, walls, 300) + water), features=tuple(walls))


@design("kelp_forest")
def kelp_forest(c: Canvas, st: Style, rng: random.Random) -> DrawnParts:
    a = st.accent
    _open_water(c, st, rng, "#6FD6D0", "#0D5C7A", rng.randint(5, 7))
    # Far kelp, pale with distance, then the floor, then near kelp in rich greens.
    for _ in range(rng.randint(9, 13)):
        n.seaweed(c, rng.uniform(0, WIDTH), 640, rng.uniform(380, 560), st.tone("#3E9C8C"), rng, 20)
    line = _sea_floor(c, st, rng, 675, "#D8C99B")
    clumps = sorted(rng.sample([150, 330, 960, 1130], 3))
    features = []
    for x in clumps:
        x += rng.uniform(-40, 40)
        g = height_at(line, x) + 12
        for k in range(rng.randint(3, 4)):
            h = rng.uniform(420, 600)
            n.seaweed(c, x + k * 22 - 30, g, h, st.tone(("#2E7D32", "#558B2F", "#388E3C")[k % 3]), rng, 26)
            for j in range(3):  # gas floats, the round bulbs that hold kelp up
                c.circle(x + k * 22 - 30 + rng.uniform(-14, 14), g - h * (0.35 + 0.2 * j), 9,
                         fill=st.tone("#9CCC65"))
        n.rock(c, x, g + 10, 120, 60, st.tone("#8C8A7E"))
        star_x = x + rng.uniform(-30, 30)
        n.star5(c, star_x, g - 48, 22, a.main, a.shade)
        features.append(Feature(x=x - 80, y=g - 620, width=160, height=630, name="kelp"))
    n.bubbles(c, rng, 0, 60, WIDTH, 500, rng.randint(8, 12))
    return DrawnParts(
        horizon_y=610, ground_line=tuple(line), water_zone=WHOLE, sky_zone=None,
        free_regions=tuple(ground_regions(line, features, 300) + _water_regions(line, features)),
        features=tuple(features))
