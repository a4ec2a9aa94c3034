"""Which designs exist: the hand-written data file data/scene/backgrounds.yaml (id, theme, name,
keywords, hints) joined with the drawing function that each theme module registers.

A theme module marks each drawing function with `@design("coral_reef")`. The two lists must
match exactly; `designs()` says which side is missing something.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import yaml

from taleweaver.catalog import require_choice
from taleweaver.paths import DATA_DIR

BACKGROUNDS_PATH = DATA_DIR / "scene" / "backgrounds.yaml"
THEME_MODULES = ("underwater", "enchanted_forest", "outer_space", "snowy_mountain", "jungle",
                 "castle", "desert", "farm", "candy_land", "dinosaur_valley")

_DRAWERS: dict[str, Callable] = {}


def design(design_id: str):
    """Register the decorated function as the drawing of `design_id`."""
    def register(draw: Callable) -> Callable:
        if design_id in _DRAWERS:
            raise ValueError(f"background design {design_id!r} is drawn twice")
        _DRAWERS[design_id] = draw
        return draw
    return register


@dataclass(frozen=True)
class DesignInfo:
    id: str
    theme: str
    name: str
    keywords: tuple[str, ...]  # names of the place itself: a mention moves the scene here
    hints: tuple[str, ...]     # things typically found there: weaker evidence


@lru_cache(maxsize=1)
def designs() -> dict[str, DesignInfo]:
    """Every design, by id, in the order of the data file."""
    for name in THEME_MODULES:
        importlib.import_module(f"taleweaver.scene.backgrounds.themes.{name}")
    with open(BACKGROUNDS_PATH, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    out: dict[str, DesignInfo] = {}
    for item in raw["designs"]:
        require_choice("theme", item["theme"])
        if item["id"] in out:
            raise ValueError(f"{BACKGROUNDS_PATH.name}: design {item['id']!r} is listed twice")
        out[item["id"]] = DesignInfo(
            id=item["id"], theme=item["theme"], name=item["name"],
            keywords=tuple(w.lower() for w in item["keywords"]),
            hints=tuple(w.lower() for w in item.get("hints", ())))
    missing_drawing = sorted(set(out) - set(_DRAWERS))
    missing_data = sorted(set(_DRAWERS) - set(out))
    if missing_drawing or missing_data:
        raise RuntimeError(f"background designs out of step: no drawing for {missing_drawing}, "
                           f"not in {BACKGROUNDS_PATH.name}: {missing_data}")
    return out


def drawer(design_id: str) -> Callable:
    info = designs()
    if design_id not in info:
        raise ValueError(f"unknown background design {design_id!r}; allowed: {', '.join(info)}")
    return _DRAWERS[design_id]


def designs_for(theme: str) -> list[DesignInfo]:
    """The designs of one catalog theme, in the data file's order."""
    theme = require_choice("theme", theme).id
    return [d for d in designs().values() if d.theme == theme]

