"""Reusable pieces of scenery in the flat, rounded style of the OpenMoji objects drawn on top:
skies, sun and moon, clouds, hills, trees, rocks, flowers, water and bubbles.

Each function draws one thing onto a Canvas at a given place and size; anything random comes
from the `rng` passed in, so a seed repeats its picture. Colors come in already toned by the
design's Style (see palette.py).
"""

from __future__ import annotations

import math
import random

from taleweaver.scene.backgrounds.palette import Style, darken, lighten
from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Canvas, Point, num, smooth_path


# --- sky -----------------------------------------------------------------------------------
def sky(c: Canvas, st: Style, rng: random.Random, top: str, bottom: str,
        height: float = HEIGHT) -> None:
    """The sky gradient down to `height`; at night it is dotted with stars."""
    a, b = st.sky(top, bottom)
    c.rect(0, 0, WIDTH, height, fill=c.linear([(0, a), (1, b)]))
    if st.night:
        stars(c, rng, 0, 0, WIDTH, min(height, 520) * 0.8, rng.randint(26, 40))


def stars(c: Canvas, rng: random.Random, x: float, y: float, w: float, h: float, n: int,
          color: str = "#FFF6C8") -> None:
    """Small twinkles: mostly dots, a few four-pointed sparkles."""
    for _ in range(n):
        sx, sy = x + rng.uniform(0, w), y + rng.uniform(0, h)
        if rng.random() < 0.25:
            sparkle(c, sx, sy, rng.uniform(6, 11), color)
        else:
            c.circle(sx, sy, rng.uniform(1.6, 3.4), fill=color, opacity=num(rng.uniform(0.6, 1.0)))


def sparkle(c: Canvas, x: float, y: float, r: float, color: str, **attrs) -> None:
    """A four-pointed twinkle with soft, pinched sides."""
    k = r * 0.22
    d = (f"M{num(x)},{num(y - r)} Q{num(x + k)},{num(y - k)} {num(x + r)},{num(y)} "
         f"Q{num(x + k)},{num(y + k)} {num(x)},{num(y + r)} Q{num(x - k)},{num(y + k)} {num(x - r)},{num(y)} "
         f"Q{num(x - k)},{num(y - k)} {num(x)},{num(y - r)} Z")
    c.path(d, fill=color, **attrs)


def star5(c: Canvas, x: float, y: float, r: float, fill: str, stroke: str | None = None) -> None:
    """A chubby five-pointed star (rounded joins)."""
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.5
        ang = -math.pi / 2 + i * math.pi / 5
        pts.append((x + rad * math.cos(ang), y + rad * math.sin(ang)))
    c.polygon(pts, fill=fill, stroke=stroke or fill, stroke_width=r * 0.18, stroke_linejoin="round")


def sun_or_moon(c: Canvas, st: Style, x: float, y: float, r: float) -> None:
    """A round sun with a soft halo by day, a low orange sun at sunset, a pale moon at night."""
    if st.night:
        glow = c.radial([(0, "#FFF6D5"), (1, "#FFF6D5")], opacities=[0.35, 0.0])
        c.circle(x, y, r * 1.9, fill=glow)
        c.circle(x, y, r, fill="#FFF3C4")
        c.circle(x - r * 0.3, y - r * 0.2, r * 0.22, fill="#EFE0A8")
        c.circle(x + r * 0.35, y + r * 0.3, r * 0.15, fill="#EFE0A8")
        return
    core = "#FFB74D" if st.time == "sunset" else "#FFE066"
    halo = c.radial([(0, core), (1, core)], opacities=[0.45, 0.0])
    c.circle(x, y, r * 2.0, fill=halo)
    c.circle(x, y, r, fill=core, stroke=lighten(core, 0.4), stroke_width=r * 0.12)


def cloud(c: Canvas, x: float, y: float, size: float, fill: str = "#FFFFFF",
          opacity: float = 0.92) -> tuple[float, float, float, float]:
    """A puffy cloud centred on x with its flat bottom at y; returns its box (x, y, w, h)."""
    s = size
    c.open_group(fill=fill, opacity=num(opacity))
    c.rect(x - s, y - s * 0.5, s * 2, s * 0.5, rx=num(s * 0.25))
    c.circle(x - s * 0.5, y - s * 0.45, s * 0.45)
    c.circle(x + s * 0.05, y - s * 0.7, s * 0.6)
    c.circle(x + s * 0.6, y - s * 0.4, s * 0.4)
    c.close_group()
    return (x - s, y - s * 1.3, s * 2, s * 1.3)


def clouds(c: Canvas, st: Style, rng: random.Random, top: float, bottom: float,
           count: tuple[int, int] = (2, 4)) -> None:
    """A few clouds spread across the sky band [top, bottom], never all in one place."""
    n = rng.randint(*count)
    fill = "#DDE3F5" if st.night else "#FFE9DA" if st.time == "sunset" else "#FFFFFF"
    slots = sorted(rng.sample(range(8), n))
    for slot in slots:
        x = 80 + slot * 160 + rng.uniform(-30, 30)
        size = rng.uniform(40, 70)
        cloud(c, x, rng.uniform(top + size * 1.3, bottom), size, fill,
              0.5 if st.night else 0.9)


# --- land ----------------------------------------------------------------------------------
def wavy_line(rng: random.Random, base_y: float, amp: float, n: int = 7,
              x0: float = -40, x1: float = WIDTH + 40) -> list[Point]:
    """Points across the canvas around base_y, each up to `amp` higher or lower."""
    return [(x0 + (x1 - x0) * i / (n - 1), base_y + rng.uniform(-amp, amp)) for i in range(n)]


def band(c: Canvas, points: list[Point], fill: str, bottom: float = HEIGHT + 10, **attrs) -> None:
    """A filled band whose top edge is a smooth curve through `points` (hills, dunes, sea floor)."""
    c.path(smooth_path(points, close_to=bottom), fill=fill, **attrs)


def mountain(c: Canvas, x: float, base: float, w: float, h: float, fill: str,
             snow: str | None = None) -> None:
    """A soft-topped mountain; with `snow`, a wavy snow cap."""
    peak = (x, base - h)
    d = (f"M{num(x - w / 2)},{num(base)} L{num(x - w * 0.08)},{num(peak[1] + h * 0.06)} "
         f"Q{num(x)},{num(peak[1] - h * 0.03)} {num(x + w * 0.08)},{num(peak[1] + h * 0.06)} "
         f"L{num(x + w / 2)},{num(base)} Z")
    c.path(d, fill=fill, stroke=fill, stroke_width=8, stroke_linejoin="round")
    if snow:
        cap = h * 0.3
        sx = w * 0.08 + (w / 2 - w * 0.08) * (cap - h * 0.06) / (h * 0.94)
        y = peak[1] + cap
        d = (f"M{num(x - w * 0.08)},{num(peak[1] + h * 0.06)} Q{num(x)},{num(peak[1] - h * 0.03)} "
             f"{num(x + w * 0.08)},{num(peak[1] + h * 0.06)} L{num(x + sx)},{num(y)} "
             f"Q{num(x + sx * 0.5)},{num(y - cap * 0.25)} {num(x + sx * 0.2)},{num(y)} "
             f"Q{num(x - sx * 0.2)},{num(y + cap * 0.2)} {num(x - sx * 0.45)},{num(y - cap * 0.15)} "
             f"Q{num(x - sx * 0.75)},{num(y + cap * 0.15)} {num(x - sx)},{num(y)} Z")
        c.path(d, fill=snow, stroke=snow, stroke_width=6, stroke_linejoin="round")


def round_tree(c: Canvas, x: float, ground: float, h: float, leaf: str, trunk: str) -> None:
    """A lollipop-shaped leafy tree: a short trunk under three overlapping round puffs."""
    c.rect(x - h * 0.06, ground - h * 0.5, h * 0.12, h * 0.5, rx=num(h * 0.04), fill=trunk)
    r = h * 0.28
    c.circle(x - r * 0.6, ground - h * 0.6, r * 0.85, fill=darken(leaf, 0.12))
    c.circle(x + r * 0.6, ground - h * 0.58, r * 0.8, fill=darken(leaf, 0.06))
    c.circle(x, ground - h * 0.75, r, fill=leaf)
    c.circle(x - r * 0.3, ground - h * 0.83, r * 0.35, fill=lighten(leaf, 0.18))


def pine_tree(c: Canvas, x: float, ground: float, h: float, green: str, trunk: str,
              snow: str | None = None) -> None:
    """Three stacked, rounded triangles; with `snow`, white tips on each tier."""
    c.rect(x - h * 0.05, ground - h * 0.18, h * 0.1, h * 0.18, fill=trunk)
    for i, (top, bot, half) in enumerate(((0.0, 0.42, 0.22), (0.22, 0.64, 0.3), (0.42, 0.86, 0.38))):
        y0, y1 = ground - h + top * h, ground - h + bot * h
        c.polygon([(x, y0), (x + half * h, y1), (x - half * h, y1)], fill=darken(green, 0.05 * i),
                  stroke=darken(green, 0.05 * i), stroke_width=h * 0.05, stroke_linejoin="round")
        if snow:
            c.polygon([(x, y0), (x + half * h * 0.38, y0 + (y1 - y0) * 0.38),
                       (x, y0 + (y1 - y0) * 0.3), (x - half * h * 0.38, y0 + (y1 - y0) * 0.38)],
                      fill=snow, stroke=snow, stroke_width=h * 0.03, stroke_linejoin="round")


def palm_tree(c: Canvas, x: float, ground: float, h: float, lean: float, trunk: str,
              leaf: str) -> tuple[float, float]:
    """A curved trunk and drooping fronds; returns the crown's point."""
    top = (x + lean * h, ground - h)
    c.path(f"M{num(x)},{num(ground)} Q{num(x + lean * h * 0.1)},{num(ground - h * 0.6)} {num(top[0])},{num(top[1])}",
           fill="none", stroke=trunk, stroke_width=num(h * 0.07), stroke_linecap="round")
    for ang in (-165, -130, -95, -60, -20, 15, 195):
        a = math.radians(ang)
        ex, ey = top[0] + math.cos(a) * h * 0.42, top[1] + math.sin(a) * h * 0.3 + h * 0.14
        mx, my = top[0] + math.cos(a) * h * 0.25, top[1] + math.sin(a) * h * 0.3 - h * 0.06
        c.path(f"M{num(top[0])},{num(top[1])} Q{num(mx)},{num(my)} {num(ex)},{num(ey)}",
               fill="none", stroke=leaf, stroke_width=num(h * 0.075), stroke_linecap="round")
    c.circle(top[0], top[1] + h * 0.02, h * 0.045, fill=darken(trunk, 0.2))
    return top


def fern(c: Canvas, x: float, ground: float, h: float, color: str, rng: random.Random) -> None:
    """A fan of arching fronds, each a thick stem with a row of rounded leaflets."""
    for k in range(rng.randint(4, 6)):
        ang = math.radians(-160 + k * (140 / 5) + rng.uniform(-8, 8))
        length = h * rng.uniform(0.75, 1.0)
        ex, ey = x + math.cos(ang) * length, ground + math.sin(ang) * length * 0.95
        cx, cy = x + math.cos(ang) * length * 0.4, ground - length * 0.75
        shade = darken(color, rng.uniform(0.0, 0.15))
        c.path(f"M{num(x)},{num(ground)} Q{num(cx)},{num(cy)} {num(ex)},{num(ey)}", fill="none",
               stroke=shade, stroke_width=num(h * 0.14), stroke_linecap="round", stroke_dasharray=f"{num(h*0.1)} {num(h*0.03)}")


def rock(c: Canvas, x: float, ground: float, w: float, h: float, fill: str) -> None:
    """A rounded boulder sitting on the ground, with a lighter top."""
    d = (f"M{num(x - w / 2)},{num(ground)} C{num(x - w / 2)},{num(ground - h * 0.9)} {num(x - w * 0.2)},{num(ground - h)} "
         f"{num(x + w * 0.05)},{num(ground - h)} C{num(x + w * 0.35)},{num(ground - h)} {num(x + w / 2)},{num(ground - h * 0.6)} "
         f"{num(x + w / 2)},{num(ground)} Z")
    c.path(d, fill=fill)
    c.ellipse(x - w * 0.08, ground - h * 0.72, w * 0.18, h * 0.12, fill=lighten(fill, 0.2))


def flower(c: Canvas, x: float, y: float, r: float, petal: str, center: str = "#FFD54F",
           outline: str | None = None) -> None:
    """Five round petals around a center."""
    for i in range(5):
        a = -math.pi / 2 + i * 2 * math.pi / 5
        c.circle(x + math.cos(a) * r * 0.62, y + math.sin(a) * r * 0.62, r * 0.48, fill=petal,
                 stroke=outline, stroke_width=num(r * 0.1) if outline else None)
    c.circle(x, y, r * 0.36, fill=center)


def flowers(c: Canvas, rng: random.Random, ground_at, x0: float, x1: float, n: int,
            petal: str, outline: str, stem: str, size: tuple[float, float] = (9, 14)) -> None:
    """A scatter of small stemmed flowers standing on the ground line between x0 and x1."""
    for _ in range(n):
        x = rng.uniform(x0, x1)
        g = ground_at(x) + rng.uniform(2, 10)
        r = rng.uniform(*size)
        c.line(x, g, x, g - r * 2.2, stroke=stem, stroke_width=num(r * 0.3), stroke_linecap="round")
        flower(c, x, g - r * 2.2, r, petal, outline=outline)


def grass_tufts(c: Canvas, rng: random.Random, ground_at, n: int, color: str,
                x0: float = 0, x1: float = WIDTH) -> None:
    for _ in range(n):
        x = rng.uniform(x0, x1)
        g = ground_at(x) + rng.uniform(4, 14)
        s = rng.uniform(8, 14)
        c.path(f"M{num(x - s)},{num(g)} Q{num(x - s * 0.6)},{num(g - s * 1.3)} {num(x - s * 0.2)},{num(g - s * 1.6)} "
               f"Q{num(x)},{num(g - s * 0.6)} {num(x + s * 0.3)},{num(g - s * 1.9)} "
               f"Q{num(x + s * 0.6)},{num(g - s * 0.8)} {num(x + s)},{num(g)} Z", fill=color)


# --- water ---------------------------------------------------------------------------------
def wave_band(c: Canvas, y: float, amp: float, wavelength: float, fill: str,
              bottom: float = HEIGHT + 10, phase: float = 0.0, x0: float = -60,
              x1: float = WIDTH + 60, **attrs) -> None:
    """Water whose top edge is a row of soft rounded waves starting at y."""
    d = [f"M{num(x0)},{num(bottom)} L{num(x0)},{num(y)}"]
    x = x0 - phase
    while x < x1:
        d.append(f"q{num(wavelength / 4)},{num(-amp)} {num(wavelength / 2)},0 "
                 f"q{num(wavelength / 4)},{num(amp)} {num(wavelength / 2)},0")
        x += wavelength
    d.append(f"L{num(x)},{num(bottom)} Z")
    c.path(" ".join(d), fill=fill, **attrs)


def bubbles(c: Canvas, rng: random.Random, x: float, y: float, w: float, h: float, n: int) -> None:
    for _ in range(n):
        r = rng.uniform(4, 12)
        bx, by = x + rng.uniform(0, w), y + rng.uniform(0, h)
        c.circle(bx, by, r, fill="#FFFFFF", fill_opacity="0.18", stroke="#FFFFFF",
                 stroke_opacity="0.7", stroke_width=num(max(2.0, r * 0.22)))
        c.circle(bx - r * 0.35, by - r * 0.35, r * 0.22, fill="#FFFFFF", opacity="0.8")


def light_rays(c: Canvas, rng: random.Random, n: int, top: float, bottom: float,
               color: str = "#FFFFFF") -> None:
    """Slanted, fading shafts of light from the surface."""
    grad = c.linear([(0, color), (1, color)], opacities=[0.22, 0.0])
    for _ in range(n):
        x = rng.uniform(40, WIDTH - 120)
        w = rng.uniform(40, 110)
        slant = rng.uniform(60, 200)
        c.polygon([(x, top), (x + w, top), (x + w + slant + w * 0.6, bottom), (x + slant, bottom)], fill=grad)


def seaweed(c: Canvas, x: float, ground: float, h: float, color: str, rng: random.Random,
            width: float = 16) -> None:
    """A wavy ribbon of seaweed or kelp, thick with a rounded tip."""
    pts = [(x, ground)]
    for i in range(1, 6):
        pts.append((x + (1 if i % 2 else -1) * rng.uniform(8, 20), ground - h * i / 5))
    c.path(smooth_path(pts), fill="none", stroke=color, stroke_width=num(width), stroke_linecap="round")


def water_shine(c: Canvas, rng: random.Random, x: float, y: float, w: float, h: float, n: int,
                color: str = "#FFFFFF") -> None:
    """Short rounded highlight dashes on a water surface."""
    for _ in range(n):
        sx, sy = x + rng.uniform(0, w - 60), y + rng.uniform(0, h)
        c.line(sx, sy, sx + rng.uniform(24, 60), sy, stroke=color, stroke_width=6,
               stroke_linecap="round", opacity="0.55")


def landscape(c: Canvas, st: Style, rng: random.Random, sky_colors: tuple[str, str],
              horizon: float, far: list[tuple[str, float, float]], ground: tuple[str, str],
              ground_y: float, ground_amp: float = 14, sun: bool = True,
              cloud_count: tuple[int, int] = (2, 4), behind_ground=None) -> list[Point]:
    """The usual outdoor backdrop: sky (sun or moon, clouds), rows of far hills, front ground.

    `far` lists (color, base_y, amplitude) from the furthest row to the nearest;
    `behind_ground(c)` draws whatever stands between them and the front ground (tree rows,
    far houses). Returns the front ground's top edge, which the design uses as its ground line."""
    sky(c, st, rng, *sky_colors, height=HEIGHT)
    if sun:
        sun_or_moon(c, st, rng.choice((rng.uniform(140, 330), rng.uniform(950, 1140))),
                    rng.uniform(90, 150), rng.uniform(44, 58))
    clouds(c, st, rng, 20, horizon - 120, cloud_count)
    for color, base, amp in far:
        band(c, wavy_line(rng, base, amp, rng.randint(5, 8)), st.tone(color))
    if behind_ground is not None:
        behind_ground(c)
    line = wavy_line(rng, ground_y, ground_amp, 9)
    band(c, line, c.linear([(0, st.tone(ground[0])), (1, st.tone(ground[1]))]))
    return line
