"""Layout metadata of a drawn background: where the ground is, where water and sky are, and
where objects may go without covering what makes the place recognizable.

The layout stage reads this to put fish in water, birds in the sky and trees on the ground.
All coordinates are canvas pixels (1280×800), y growing downward.

Zones of a free region (the same words as the object index's zones):
  ground  objects stand with their base on the region's bottom edge, which lies on the ground line
  water   objects swim or float anywhere inside the region (inside the water zone)
  sky     objects fly or float inside the region (inside the sky zone)
  air     the open space of an indoor or enclosed place (a hall, a cave): no sky, no water
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from taleweaver.scene.backgrounds.svg import HEIGHT, WIDTH, Point

REGION_ZONES = ("ground", "water", "sky", "air")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, other: "Rect", tolerance: float = 0.5) -> bool:
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance and other.bottom <= self.bottom + tolerance)

    def overlaps(self, other: "Rect") -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)


@dataclass(frozen=True)
class Region(Rect):
    """A free rectangle and what kind of object may use it (see the zones above)."""

    zone: str = "ground"

    def __post_init__(self):
        if self.zone not in REGION_ZONES:
            raise ValueError(f"zone {self.zone!r} is not allowed; allowed: {', '.join(REGION_ZONES)}")


@dataclass(frozen=True)
class Feature(Rect):
    """A key part of the design (the shipwreck, the barn, the cave mouth) that objects should
    not cover. Its name lets a later stage place things "in the barn" or "by the wreck"."""

    name: str = ""


@dataclass(frozen=True)
class BackgroundLayout:
    design_id: str
    theme: str
    horizon_y: float                 # where the far ground meets sky or open water
    ground_line: tuple[Point, ...]   # the front ground objects stand on, left to right
    water_zone: Rect | None          # open water (the sea, a pond, a river), if any
    sky_zone: Rect | None            # open sky (or open space), if any
    free_regions: tuple[Region, ...]
    features: tuple[Feature, ...]
    keywords: tuple[str, ...] = ()
    width: int = WIDTH
    height: int = HEIGHT
    time_of_day: str = "day"

    def ground_y_at(self, x: float) -> float:
        """The ground line's height at x (linear between its points, flat beyond its ends)."""
        pts = self.ground_line
        if x <= pts[0][0]:
            return pts[0][1]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if x <= x1:
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
        return pts[-1][1]

    @property
    def ground_y(self) -> float:
        """A single ground height: the ground line's mean, for callers that want one number."""
        return sum(y for _, y in self.ground_line) / len(self.ground_line)

    def regions(self, zone: str) -> tuple[Region, ...]:
        return tuple(r for r in self.free_regions if r.zone == zone)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ground_line"] = [list(p) for p in self.ground_line]
        return data


@dataclass(frozen=True)
class DrawnParts:
    """What a design function returns besides the pixels; the registry adds id, theme and
    keywords to make a BackgroundLayout."""

    horizon_y: float
    ground_line: tuple[Point, ...]
    water_zone: Rect | None
    sky_zone: Rect | None
    free_regions: tuple[Region, ...]
    features: tuple[Feature, ...] = field(default_factory=tuple)
