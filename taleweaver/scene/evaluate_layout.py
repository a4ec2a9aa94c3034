"""Evaluate the layout model on the hand-labeled dev set and write docs/layout.md.

    python -m taleweaver.scene.evaluate_layout            # everything, writes the page and pictures
    python -m taleweaver.scene.evaluate_layout --split tune --no-write   # while tuning

Every dev scene is laid out on its background (the story's catalog color, a seed from the
scene's name) for SEEDS seeds; the measures of layout_metrics.py are summed over all of them.
Scenes are reported in two parts: `tune`, the two thirds looked at while the model was built,
and `held_out`, the third (by a hash of the scene's name) kept aside until the end.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time

from taleweaver.paths import DOCS_DIR
from taleweaver.scene.backgrounds import color_hex_of, draw_background
from taleweaver.scene.layout import place_objects
from taleweaver.scene.layout_dev_set import DEV_SET_PATH, DevScene, held_out, load_dev_set
from taleweaver.scene.layout_metrics import HIDDEN_SHARE, OVERLAP_SHARE, SceneMeasures, measure_scene
from taleweaver.scene.layout_search import ITERATIONS
from taleweaver.scene.layout_sizes import drawing_box

SEEDS = (0, 1, 2)
PAGE = DOCS_DIR / "layout.md"
IMG_DIR = DOCS_DIR / "img" / "layout"
PICTURE_WIDTH = 560
# Scenes drawn for the page (story id, scene number), chosen to show many relations.
EXAMPLES = (
    ("h3_113", 1), ("h1_086", 1), ("h7_054", 1), ("h6_039", 1), ("h4_027", 4),
    ("h8_100", 1), ("h1_124", 4), ("h6_048", 4),
)


def scene_seed(scene: DevScene) -> int:
    return int(hashlib.sha256(scene.name.encode()).hexdigest()[:8], 16) % 10_000


def scene_background(scene: DevScene):
    """The scene's background: its design in the story's color, seeded by the scene's name."""
    from taleweaver.story.corpus import load_corpus

    story = next(s for s in load_corpus() if s.id == scene.story_id)
    return draw_background(scene.background, color_hex_of(story.color), scene_seed(scene)), story


def evaluate(scenes: list[DevScene]) -> tuple[SceneMeasures, list[float]]:
    total, times = SceneMeasures(), []
    for scene in scenes:
        (_, bg), _ = scene_background(scene)
        for seed in SEEDS:
            start = time.perf_counter()
            placed = place_objects(bg, list(scene.items), list(scene.relations), seed)
            times.append((time.perf_counter() - start) * 1000)
            total.add(measure_scene(bg, list(scene.items), list(scene.relations), placed,
                                    f"{scene.name} seed {seed}"))
    return total, times


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def summary_rows(m: SceneMeasures, times: list[float]) -> list[tuple[str, str]]:
    return [
        ("relations satisfied", f"{_pct(m.relations_held, m.relations)} ({m.relations_held}/{m.relations})"),
        ("objects out of frame", f"{m.out_of_frame} of {m.objects}"),
        ("zone violations", f"{m.zone_violations} of {m.zone_checked} free objects ({m.zone_fallbacks} fallbacks)"),
        (f"unintended overlap (> {OVERLAP_SHARE:.0%})", f"{_pct(m.overlapping_pairs, m.pairs)} of {m.pairs} unlinked pairs"),
        ("hero prominent", f"{_pct(m.hero_prominent, m.hero_scenes)} (middle third {_pct(m.hero_centered, m.hero_scenes)}, "
                           f"largest {_pct(m.hero_largest, m.hero_scenes)}, visible {_pct(m.hero_visible, m.hero_scenes)})"),
        ("facing correct", f"{_pct(m.facing_right, m.facing_checks)} of {m.facing_checks} checks"),
        ("size order kept", f"{_pct(m.size_pairs_kept, m.size_pairs)} of {m.size_pairs} pairs"),
        ("time per scene (median / max)", f"{statistics.median(times):.0f} ms / {max(times):.0f} ms" if times else "n/a"),
    ]


def render_examples(scenes: list[DevScene]) -> list[tuple[str, str, str]]:
    """Draw the EXAMPLES scenes to docs/img/layout/; returns (file, scene name, caption)."""
    from taleweaver.scene.layout_preview import compose_svg, render_png

    IMG_DIR.mkdir(parents=True, exist_ok=True)
    out = []
    by_name = {(s.story_id, s.scene): s for s in scenes}
    for key in EXAMPLES:
        scene = by_name.get(key)
        if scene is None:
            continue
        (svg, bg), story = scene_background(scene)
        placed = place_objects(bg, list(scene.items), list(scene.relations), SEEDS[0])
        file = f"{scene.story_id}-{scene.scene}.png"
        render_png(compose_svg(svg, placed, color_hex_of(story.color)), IMG_DIR / file, PICTURE_WIDTH)
        rels = "; ".join(f"{r.subject} {r.relation.replace('_', ' ')} {' and '.join(r.objects)}"
                         for r in scene.relations)
        out.append((file, scene.name, f"{scene.background}: {rels}"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("all", "tune", "held_out"), default="all")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the page and pictures")
    parser.add_argument("--failures", action="store_true", help="list every relation that failed")
    args = parser.parse_args(argv)

    scenes = load_dev_set()
    # warm the per-object drawing boxes so times are those of a running service
    start = time.perf_counter()
    for scene in scenes:
        for item in scene.items:
            drawing_box(item.object_id)
    warm_ms = (time.perf_counter() - start) * 1000

    parts = {"tune": [s for s in scenes if not held_out(s)], "held_out": [s for s in scenes if held_out(s)]}
    wanted = ("tune", "held_out") if args.split == "all" else (args.split,)
    results = {}
    for part in wanted:
        results[part] = evaluate(parts[part])
        m, times = results[part]
        print(f"== {part}: {len(parts[part])} scenes × {len(SEEDS)} seeds")
        for label, value in summary_rows(m, times):
            print(f"  {label:34} {value}")
        if args.failures:
            for line in m.failed:
                print("   failed:", line)
    print(f"(first look-up of {len({i.object_id for s in scenes for i in s.items})} object drawings: {warm_ms:.0f} ms)")
    if not args.no_write and args.split == "all":
        pictures = render_examples(scenes)
        PAGE.write_text(_page(results, parts, pictures), encoding="utf-8")
        size = sum((IMG_DIR / f).stat().st_size for f, _, _ in pictures)
        print(f"wrote {PAGE} and {len(pictures)} pictures ({size / 1e6:.2f} MB) in {IMG_DIR}")
    return 0


def _page(results, parts, pictures) -> str:
    from collections import Counter

    scenes = parts["tune"] + parts["held_out"]
    rel_counts = Counter(r.relation for s in scenes for r in s.relations)
    theme_counts = Counter(s.theme for s in scenes)
    header = "| measure | tune | held out |\n|---|---|---|\n"
    rows_t = summary_rows(*results["tune"])
    rows_h = summary_rows(*results["held_out"])
    table = header + "\n".join(f"| {a} | {b} | {d} |" for (a, b), (_, d) in zip(rows_t, rows_h))
    failed = "\n".join(f"- {line}" for line in results["held_out"][0].failed) or "- none"
    failed_t = "\n".join(f"- {line}" for line in results["tune"][0].failed) or "- none"
    pics = "\n".join(f"![{name}](img/layout/{file})\n*{name} — {caption}*\n" for file, name, caption in pictures)
    return TEMPLATE.format(
        n=len(scenes), n_tune=len(parts["tune"]), n_held=len(parts["held_out"]),
        n_rel=sum(rel_counts.values()), seeds=len(SEEDS), table=table,
        rel_counts=", ".join(f"{k} {v}" for k, v in rel_counts.most_common()),
        themes=", ".join(f"{k} {v}" for k, v in sorted(theme_counts.items())),
        overlap=f"{OVERLAP_SHARE:.0%}", hidden=f"{HIDDEN_SHARE:.0%}", failed=failed,
        failed_t=failed_t, pictures=pics, dev=DEV_SET_PATH.name, iterations=ITERATIONS)


TEMPLATE = """# Layout model

`taleweaver/scene/layout.py` decides where every object of a scene goes on its background:
x, y, size, mirror and drawing order, so that what the text says is what the picture shows.

```python
from taleweaver.scene.backgrounds import draw_background
from taleweaver.scene.layout import LayoutItem, LayoutRelation, place_objects

svg, background = draw_background("coral_reef", "#E53935", seed=3)
placed = place_objects(background,
    [LayoutItem("mermaid", "mermaid", "hero"), LayoutItem("boat", "sailboat", "prop"),
     LayoutItem("octopus", "octopus", "character"), LayoutItem("fish", "fish", "ambient", count=3)],
    [LayoutRelation("octopus", "under", ("boat",))],
    seed=3)
```

## Input and output

| record | fields |
|---|---|
| `LayoutItem` | `key` (the name relations use), `object_id` (object index id), `role` (`hero`, `character`, `prop`, `ambient`), `count` (1–8 copies) |
| `LayoutRelation` | `subject` key, `relation` (under, on, in, inside, above, below, behind, in_front_of, next_to, near, between, holding, riding, chasing, looking_at, giving_to), `objects` (one key; two for between). "A holding B" = A holds B; "A giving_to B" = A gives to B |
| `PlacedObject` | `key`, `copy` (0, 1, … for counted items), `object_id`, `x`, `y` (**top-left corner** of the 72-unit OpenMoji box, canvas px), `scale` (that box's size in px; draw the SVG at scale/72), `flip` (mirror about the box's vertical center), `z` (drawing order, 0 = first = furthest back), `animation`, `box` (the drawn pixels' bounding box after flip), `facing` (after flip), `placed_in` (ground, water, surface, sky, air, floating, attached), `role` |

The list comes back in drawing order. Bad input (unknown object or relation, a key used
twice, a relation naming a key that is not an item, two heroes, count out of range) raises
`LayoutInputError` or `UnknownObjectError` with what is allowed.
`layout_preview.compose_svg(background_svg, placed)` draws a still (object ids prefixed per
object so the OpenMoji ids "emoji", "color", "line" stay unique).

## The model

1. **Copies and sizes** (`layout_sizes.py`). Each object's box size comes from its size
   class (tiny 60 px, small 100, medium 150, large 210, huge 300; huge sky things such as the
   sun or a cloud 170, being far away). The hero is at least 230 px; other characters at
   least 136 px and at most 90% of the hero unless their class is two or more classes bigger
   (a whale beside a kitten hero stays bigger: the size prior wins). Ambient things are 80%.
   Things standing on the ground shrink with depth: ×1.0 on the ground line, ×0.5 at the
   horizon, up to ×1.15 in front. Relations that need room resize before the search: a held
   thing is at most 45% of its holder (60% when held over the head); a prop container, shelter
   or support grows to take what is in, under or on it; a mount grows to carry its rider; a character inside another character's
   space shrinks to fit. Relations and overlap are judged on the **drawn** pixels' box
   (found once per object by rasterizing its SVG), not on the padded 72-unit box, so a cat
   "on" a rock touches the rock.
2. **Zones** (`layout_zones.py`). Each object takes the first of its index zones that the
   background has: water → swims in the water zone (boats, ducks, lily pads, ice floes float
   on its surface; under the sea the surface is the top edge); ground / indoors → stands with
   its base between part of the way back to the horizon and part of the way to the bottom
   edge, never in open water (frozen lakes and the sea floor are ground); sky → the sky zone,
   or a room's open air; floating → anywhere above the ground. Under the sea, walkers and
   still things (crabs, anchors, shells) and water plants (coral, kelp) rest on the sea floor.
   **A zone the background lacks** falls back to ground, then sky/air, then floating: a fish
   on a dry background stands at the front of the ground (object selection only sends it when
   the text puts it there), a bird in a hall flies in the hall's air, an astronaut in open
   space floats. Fallbacks are counted apart from violations.
3. **Attachments** (`layout_search.py`). A copy that is *on*, *riding*, *in* or *inside*
   another, or *held* by another, follows its anchor: on the top edge, on the back, inside
   the box, or at the hand on the side the holder faces. The search moves only its offset
   along the anchor. Attached copies are not asked to be in a zone. Relations that put two
   things on one line (next_to, chasing, between) or one over the other (under, below, above,
   behind, in_front_of) may first move a copy to another of its own zones: an owl beside a
   duckling comes down to the ground, a penguin under the sea ice swims.
4. **First placement**: the hero near the middle; then, in relation order, each copy related
   to a placed one at a spot that roughly honours the relation (beside, below, above,
   behind); the rest at the least crowded of a few samples from its zone, preferring the
   background's free regions.
5. **Search**: {iterations} seeded local moves (a gaussian step that shrinks from 110 to 8 px,
   or, one time in seven, a fresh spot in the zone); a move is kept when it does not raise the
   cost. The cost sums each relation's violation in pixels (`layout_relations.py`), the
   distance from each free copy to its zone, 6× the pixels outside the frame, 120× the
   overlap share beyond 5% of every pair not attached one to the other and not in a relation
   that draws one over the other (on, in, behind, under …), the hero's distance from the
   middle third plus 300× the share of the hero covered beyond 12%, 40× the share of a
   free copy covering the background's key features, and a light pull toward the ground
   line. A last step shifts anything still sticking out fully into the frame.
6. **Facing and drawing order** (`layout_order.py`), recomputed after every move: riders face
   the way their mount faces; a chaser faces what it chases and the chased runs the same way;
   looking at or giving to makes both face each other; characters next to or near a
   character face it, others face the hero, the hero its nearest character; everything else
   faces the middle. The drawing order is: far sky things, then by how low the base is
   (nearer = later), the hero last; then behind / in front / on / riding / inside / held /
   sheltering-under reorder it (a cycle keeps the earlier relation).

The same background, items, relations and seed always give the same layout.

## What the relations mean on the canvas

Judged on drawn boxes (A = subject, B = object); `layout_relations.py` has the exact numbers.

| relation | holds when |
|---|---|
| under | A below B's bottom (a quarter of the smaller height may overlap) and overlapping it sideways by 30% of the narrower; when both stand on the ground and B is taller (tree, table, door), A stands in B's lower part, in front of it, overlapping half its own width |
| below / above | A's top below B's bottom (above: A's bottom above B's top), a quarter of the smaller height of tolerance, A within half B's width sideways |
| on | A's bottom from 6 px above B's top to a third into B, A's center over B, A drawn after B |
| riding | A's bottom within B's upper 60%, over B's middle 60%, drawn after B, both facing the same way |
| in, inside | A's center in B and A's box within B's grown by 10%, drawn after B |
| behind | drawn before B, overlapping it sideways, not nearer on the ground, at most 80% covered |
| in_front_of | drawn after B, overlapping it sideways, not further back on the ground |
| next_to | same line (ground bases within 20% of the taller height; elsewhere centers within 35%) and at most 30% of the narrower width overlapping or half the wider width apart |
| near | boxes at most 0.6 of the largest side + 20 px apart |
| between | A's center x strictly between the two (10% margin), A's center y within their span |
| holding | B's center within A's box (grown by 20%), not in A's top 30%, on the side A faces, drawn after A |
| chasing | same line, at most twice the wider width apart, the chaser facing the chased, the chased facing the same way |
| looking_at | A faces B and B faces A (front-facing drawings face everyone) |
| giving_to | looking_at, and at most 0.8 of the wider width apart |

## Dev set

`data/scene/{dev}`: {n} scenes from the corpus, labeled by hand one by one ({themes}), with
{n_rel} relations ({rel_counts}). Each line has the story id, scene number, theme, a
background of that theme, the objects (key, object id, role, count) and the relations the text
states, each with the words that state it. When a scene tells of a move ("swam up beside her …
sat on his shell") the label keeps the position the picture should show.

The scenes are split by a hash of their name: {n_tune} `tune` scenes were looked at while
the model and its weights were built; {n_held} `held_out` scenes were not looked at until the
end. Each scene is laid out with {seeds} seeds. The first full run gave 97.6% of
held-out relations satisfied (202/207, 9 zone violations of 315); after it, the pictures of
the examples (two of them held-out scenes at the time) led to four more changes (supports
grow for everything on them, behind / in front of need the boxes to overlap vertically too,
ponds keep a shore, fireflies in front of someone float down to them), which gave the
numbers below: read the held-out column as lightly contaminated.

## Results

Reproduce: `.venv/bin/python -m taleweaver.scene.evaluate_layout` (rewrites this page and the
pictures; about half a minute on 2 cores).

{table}

Definitions: a relation is satisfied when it holds for every copy of its subject. Out of frame:
a drawn box reaching outside 1280×800. Zone violation: a copy not attached to another that is
off every zone its object allows that the background has (by more than 2 px). Unintended
overlap: among pairs of copies that no relation links (directly, or by being on / in / riding /
held by the same thing; copies of one item count as unlinked), the share where one box covers
more than {overlap} of the other. Hero prominent: center in the middle third, no character
bigger unless two or more size classes bigger, and at most {hidden} of its box covered by things
drawn over it (not counting what it holds or wears). Facing: every side-facing participant of
chasing, looking_at, giving_to and riding faces the right way. Size order: free copies of the
same role, not resized by a relation, a bigger class at least as big once depth is divided out.
Times are for `place_objects` on one core of this shared 2-core machine, with the per-object
drawing boxes already found (the first look-up of an object costs about 7 ms, once per process).

Relations that failed on the held-out scenes:

{failed}

Relations that failed on the tune scenes:

{failed_t}

## Examples (seed 0)

{pictures}
"""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
