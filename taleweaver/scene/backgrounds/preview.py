"""Contact sheet of every background design, for review: `python -m taleweaver.scene.backgrounds.preview`.

Writes docs/img/backgrounds/<design>.png (320×200, each design in a different catalog color so
the sheet shows how accents look across colors), three time-of-day examples, and the page
docs/backgrounds.md listing every design, its metadata and the selection rule.
"""

from __future__ import annotations

import sys

import cairosvg

from taleweaver.catalog import entries
from taleweaver.paths import DOCS_DIR
from taleweaver.scene.backgrounds.choose import HINT_POINTS, KEYWORD_POINTS, NIGHT_WORDS, SUNSET_WORDS
from taleweaver.scene.backgrounds.draw import draw_background
from taleweaver.scene.backgrounds.registry import BACKGROUNDS_PATH, designs

IMG_DIR = DOCS_DIR / "img" / "backgrounds"
PAGE = DOCS_DIR / "backgrounds.md"
THUMB = (320, 200)
PREVIEW_SEED = 7
TIME_EXAMPLES = (("coral_reef", "night"), ("golden_dunes", "sunset"), ("barnyard", "night"))


def render_png(svg: str, path) -> None:
    cairosvg.svg2png(bytestring=svg.encode(), write_to=str(path), output_width=THUMB[0], output_height=THUMB[1])


def _zones(layout) -> str:
    counts = {}
    for r in layout.free_regions:
        counts[r.zone] = counts.get(r.zone, 0) + 1
    return ", ".join(f"{n} {z}" for z, n in sorted(counts.items()))


def build() -> list[str]:
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    colors = entries("color")
    rows, written = [], []
    for i, (design_id, info) in enumerate(designs().items()):
        color = colors[i % len(colors)]
        svg, layout = draw_background(design_id, color.hex, PREVIEW_SEED)
        path = IMG_DIR / f"{design_id}.png"
        render_png(svg, path)
        written.append(path.name)
        zones = " ".join(z for z, rect in (("water", layout.water_zone), ("sky", layout.sky_zone)) if rect) or "none"
        features = ", ".join(sorted({f.name for f in layout.features})) or "none"
        rows.append(f"| ![{info.name}](img/backgrounds/{design_id}.png) | `{design_id}`<br>{info.name}<br>"
                    f"{info.theme} · {color.id} | horizon {layout.horizon_y:.0f}, ground ≈{layout.ground_y:.0f}<br>"
                    f"zones: {zones}<br>free: {_zones(layout)}<br>features: {features} | "
                    f"{', '.join(info.keywords)}<br>*hints:* {', '.join(info.hints)} |")
    examples = []
    for design_id, time in TIME_EXAMPLES:
        svg, _ = draw_background(design_id, "gold", PREVIEW_SEED, time)
        path = IMG_DIR / f"{design_id}-{time}.png"
        render_png(svg, path)
        written.append(path.name)
        examples.append(f"![{design_id} at {time}](img/backgrounds/{path.name})")
    PAGE.write_text(_page(rows, examples), encoding="utf-8")
    return written


def _page(rows: list[str], examples: list[str]) -> str:
    themes = sorted({d.theme for d in designs().values()})
    return f"""# Backgrounds

Every scene is drawn on a background made by our own code (`taleweaver/scene/backgrounds/`),
as a 1280×800 SVG in a flat, rounded style that sits under the OpenMoji objects. There are
{len(designs())} designs, at least three for each of the {len(themes)} themes; their ids,
names, keywords and hints are written by hand in `{BACKGROUNDS_PATH.relative_to(BACKGROUNDS_PATH.parents[2])}`.

```python
from taleweaver.scene.backgrounds import choose_background, draw_background, designs_for

choice = choose_background("underwater", "They swam down to the old shipwreck.", seed=4)
svg, layout = draw_background(choice.design_id, "#E53935", seed=4, time_of_day=choice.time_of_day)
```

## What a design gives the layout stage

`draw_background` returns the SVG and a `BackgroundLayout`:

| field | meaning |
|---|---|
| `horizon_y` | where the far ground meets the sky or open water (objects shrink toward it) |
| `ground_line` | the front ground as points every 80 px from x=0 to x=1280; `ground_y_at(x)` reads it |
| `water_zone`, `sky_zone` | rectangles of open water and open sky, or `None` |
| `free_regions` | rectangles with a zone: `ground` (stand with the base on the bottom edge, which lies on the ground line), `water`, `sky`, `air` (inside a hall, cave or station) |
| `features` | named boxes of what makes the place (the wreck, the barn, the waterfall): free regions never overlap them |
| `keywords` | the design's keywords from the data file |

Free regions are computed from where the features were actually drawn for that seed.

## Variation and color

The seed moves and resizes clouds, rocks, plants, corals and key features (the wreck's side,
the barn's side, the window's place), changes counts, and shifts the whole palette slightly
(hue ±7°, lightness ±3.5%). The same design, color, seed and time of day always give the same
bytes. The child's color is the scene's accent (corals, flags, banners, mushroom caps, tents,
lollipops, crystals) and always appears with its exact catalog hex; every accent shape has a
darker outline of the same hue, so white, silver and yellow still show on snow and sand.

`time_of_day` is `day`, `sunset` or `night`: night gives a starry sky and a moon and lays a
blue dusk over the theme colors; the accent keeps its hex.

{' '.join(examples)}

## Choosing a design for a scene

`choose_background(theme, scene_text, graph_nouns=(), seed=0, previous=None)`:

1. Each design of the theme scores {KEYWORD_POINTS} points per keyword the scene says (a place:
   *shipwreck*, *cave*, *barn*) and {HINT_POINTS} per hint (a thing found there: *anchor*,
   *hay*). Words are the scene's spaCy lemmas and lowercased words, adjacent pairs as
   two-word phrases, and the relation graph's nouns.
2. With `previous` (the design of the scene before), the scene stays there unless another
   design has a keyword in this scene and scores higher: the story moved somewhere.
3. Otherwise the best score wins; ties and scenes without evidence get a seeded pick.
4. Time of day: {', '.join(sorted(NIGHT_WORDS))} give night; {', '.join(sorted(SUNSET_WORDS))}
   give sunset; otherwise day.

The result says why (`reason`: mentioned, hinted, continued, seeded) and which words matched.

## The designs

Rebuild the pictures and this page with `python -m taleweaver.scene.backgrounds.preview`
(seed {PREVIEW_SEED}; each design shown in a different catalog color).

| picture | design | layout | keywords |
|---|---|---|---|
""" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    written = build()
    total = sum((IMG_DIR / name).stat().st_size for name in written)
    print(f"wrote {len(written)} pictures ({total / 1e6:.2f} MB) to {IMG_DIR} and {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
