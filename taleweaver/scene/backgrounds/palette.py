"""Colors of a background: the theme's own tones, a seeded palette shift, the time of day, and
the child's chosen color as the accent that makes the scene theirs.

A design never writes a hex value straight into the picture: it asks `Style.tone(base)` for a
theme color (shifted for this seed and darkened at night) and uses `Style.accent` for the
chosen color. The accent keeps the catalog hex exactly (it is the story's signature) and adds a
lighter and a darker companion, so that white, silver or yellow accents still show against
snow or sand: every accent shape gets an outline in `accent.shade`.
"""

from __future__ import annotations

import colorsys
import random
from dataclasses import dataclass

TIMES_OF_DAY = ("day", "sunset", "night")
# What night and sunset light mixes into every theme color, and how much.
_NIGHT_BLUE, _NIGHT_MIX = "#1B2452", 0.5
_SUNSET_GLOW, _SUNSET_MIX = "#FF8A65", 0.16


def rgb(hex_color: str) -> tuple[float, float, float]:
    h = hex_color.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"colors are written #RRGGBB, got {hex_color!r}")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02X}" for c in (r, g, b))


def mix(a: str, b: str, t: float) -> str:
    """`t` of the way from color a to color b."""
    ra, rb = rgb(a), rgb(b)
    return to_hex(*(x + (y - x) * t for x, y in zip(ra, rb)))


def lighten(color: str, t: float) -> str:
    return mix(color, "#FFFFFF", t)


def darken(color: str, t: float) -> str:
    return mix(color, "#000000", t)


def shift(color: str, hue: float = 0.0, light: float = 0.0, sat: float = 0.0) -> str:
    """Turn the hue by `hue` degrees and move lightness and saturation by the given amounts."""
    h, l, s = colorsys.rgb_to_hls(*rgb(color))
    h = (h + hue / 360) % 1.0
    l = max(0.0, min(1.0, l + light))
    s = max(0.0, min(1.0, s + sat))
    return to_hex(*colorsys.hls_to_rgb(h, l, s))


def lightness(color: str) -> float:
    return colorsys.rgb_to_hls(*rgb(color))[1]


@dataclass(frozen=True)
class Accent:
    """The chosen color and its two companions."""

    main: str   # the catalog hex, unchanged
    light: str  # highlights, glows, the lit side
    shade: str  # outlines, shadows, the dark side

    @classmethod
    def of(cls, color_hex: str) -> "Accent":
        main = color_hex.upper()
        rgb(main)  # validates the form
        l = lightness(main)
        # Light colors (white, silver, yellow) get a clearly darker, slightly cool outline so they
        # stand out on snow and sand; darker colors get a deeper version of themselves.
        shade = mix(darken(main, 0.42), "#37474F", 0.25) if l > 0.7 else darken(main, 0.38)
        light = lighten(main, 0.45) if l < 0.85 else mix(main, "#FFF8E1", 0.5)
        return cls(main=main, light=light, shade=shade)


class Style:
    """Everything a design needs to pick colors for one seed: the accent, the palette shift
    and the time of day."""

    def __init__(self, accent_hex: str, rng: random.Random, time_of_day: str = "day"):
        if time_of_day not in TIMES_OF_DAY:
            raise ValueError(f"time of day {time_of_day!r} is not allowed; allowed: {', '.join(TIMES_OF_DAY)}")
        self.accent = Accent.of(accent_hex)
        self.time = time_of_day
        # One small shift for the whole picture keeps its colors in harmony.
        self._hue = rng.uniform(-7, 7)
        self._light = rng.uniform(-0.035, 0.035)

    @property
    def night(self) -> bool:
        return self.time == "night"

    def tone(self, base: str) -> str:
        """A theme color as it looks in this picture: seed-shifted, then lit for the time of day."""
        color = shift(base, hue=self._hue, light=self._light)
        if self.time == "night":
            return mix(color, _NIGHT_BLUE, _NIGHT_MIX)
        if self.time == "sunset":
            return mix(color, _SUNSET_GLOW, _SUNSET_MIX)
        return color

    def sky(self, top: str, bottom: str) -> tuple[str, str]:
        """The two ends of a sky gradient: the design's day sky, or a sunset or night sky."""
        if self.time == "night":
            return "#121A3D", "#2E3A78"
        if self.time == "sunset":
            return mix(top, "#7E57C2", 0.55), mix(bottom, "#FFB74D", 0.65)
        return self.tone(top), self.tone(bottom)

    def accent_tone(self, color: str) -> str:
        """Accent companions dim a little at night; the signature color itself never changes."""
        return mix(color, _NIGHT_BLUE, 0.2) if self.time == "night" else color
