"""Drawing one background: `draw_background(design_id, color_hex, seed)`.

Reads the design's drawing function (registry.py) and writes SVG markup plus the layout
metadata of exactly that picture. The same (design, color, seed, time of day) always gives the
same bytes; another seed moves clouds, rocks, plants and features and shifts the palette.
"""

from __future__ import annotations

import random

from taleweaver.catalog import entries
from taleweaver.scene.backgrounds.layout import BackgroundLayout
from taleweaver.scene.backgrounds.palette import Style
from taleweaver.scene.backgrounds.registry import designs, drawer
from taleweaver.scene.backgrounds.regions import height_at
from taleweaver.scene.backgrounds.svg import WIDTH, Canvas


def color_hex_of(color: str) -> str:
    """Accept a catalog color id ("blue") or a #RRGGBB hex and return the hex."""
    for entry in entries("color"):
        if color == entry.id:
            return entry.hex  # type: ignore[return-value]
    if isinstance(color, str) and color.startswith("#") and len(color) == 7:
        return color.upper()
    allowed = ", ".join(e.id for e in entries("color"))
    raise ValueError(f"color {color!r} is neither a catalog color ({allowed}) nor a #RRGGBB hex")


def _on_canvas(line) -> tuple[tuple[float, float], ...]:
    """The ground line resampled every 80 px from the left edge to the right edge."""
    return tuple((float(x), round(height_at(line, x), 1)) for x in range(0, WIDTH + 1, 80))


def draw_background(design_id: str, color_hex: str, seed: int,
                    time_of_day: str = "day") -> tuple[str, BackgroundLayout]:
    """Draw `design_id` with the chosen color as accent. Returns (svg markup, layout).

    `time_of_day` is "day", "sunset" or "night" (choose_background reads it from the text)."""
    draw = drawer(design_id)
    info = designs()[design_id]
    rng = random.Random(f"{design_id}/{seed}")  # str seeds are stable across runs and machines
    style = Style(color_hex_of(color_hex), rng, time_of_day)
    canvas = Canvas(id_prefix=f"bg-{design_id.replace('_', '-')}")
    parts = draw(canvas, style, rng)
    layout = BackgroundLayout(
        design_id=design_id, theme=info.theme, horizon_y=parts.horizon_y,
        ground_line=_on_canvas(parts.ground_line), water_zone=parts.water_zone,
        sky_zone=parts.sky_zone, free_regions=tuple(parts.free_regions),
        features=tuple(parts.features), keywords=info.keywords, time_of_day=time_of_day)
    return canvas.to_svg(), layout
