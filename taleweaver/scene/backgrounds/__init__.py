"""Backgrounds drawn by our own code as SVG: 3 or more designs per theme, each with layout
metadata (ground line, water and sky zones, free regions, key features), seeded variation and
the child's color as accent.

    choose_background(theme, scene_text, graph_nouns=(), seed=0, previous=None) -> BackgroundChoice
    draw_background(design_id, color_hex, seed, time_of_day="day") -> (svg, BackgroundLayout)
    designs_for(theme) -> [DesignInfo]

Files: svg.py (writer), palette.py (colors), layout.py (metadata), regions.py (free regions),
nature.py (scenery pieces), themes/<theme>.py (the designs), registry.py (data file + drawings),
draw.py, choose.py, preview.py (contact sheet and docs page).
"""

from taleweaver.scene.backgrounds.choose import BackgroundChoice, choose_background
from taleweaver.scene.backgrounds.draw import color_hex_of, draw_background
from taleweaver.scene.backgrounds.layout import BackgroundLayout, Feature, Rect, Region
from taleweaver.scene.backgrounds.registry import DesignInfo, designs, designs_for

__all__ = ["BackgroundChoice", "BackgroundLayout", "DesignInfo", "Feature", "Rect", "Region",
           "choose_background", "color_hex_of", "designs", "designs_for", "draw_background"]
