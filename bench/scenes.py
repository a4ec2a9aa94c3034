"""Benchmark: time to analyse, select, lay out and render one scene, and peak memory.

    .venv/bin/python bench/scenes.py [--runs 3] [--stories 10]

Not a test: it measures this machine and writes docs/bench-scenes.md. The target is at most
300 ms per scene (median) for language analysis + background + selection + layout + SVG
rendering on 2 cores, with the first load (spaCy pipelines, object index, safety lexicon)
excluded. The PNG still (cairosvg) is timed separately.

Stories: the first test-split corpus story of each theme (data/corpus/split.tsv). The language
stage reads a whole story at once (coreference needs every scene), so its time is divided
evenly among the story's five scenes. Each story is illustrated `--runs` times; caches that a
long-running server keeps (object drawings, label checks, layout boxes) stay warm between runs,
as they would in the web app.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from taleweaver.scene.backgrounds import choose_background, draw_background  # noqa: E402
from taleweaver.scene.backgrounds.draw import color_hex_of  # noqa: E402
from taleweaver.scene.layout import place_objects  # noqa: E402
from taleweaver.scene.render import render_scene  # noqa: E402
from taleweaver.scene.render_still import write_png  # noqa: E402
from taleweaver.scene.scene_language import read_story_language  # noqa: E402
from taleweaver.scene.select import select_objects  # noqa: E402
from taleweaver.story.corpus import load_corpus, split_of  # noqa: E402

STEPS = ("language", "background", "selection", "layout", "svg")


def bench_stories(count: int):
    seen, out = set(), []
    for story in load_corpus():
        if split_of(story.id) == "test" and story.theme not in seen:
            seen.add(story.theme)
            out.append(story)
    return out[:count]


def illustrate_timed(story, seed: int, png_dir: Path) -> list[dict[str, float]]:
    """The stage's steps for one story, timed step by step (the same calls illustrate.py makes)."""
    color = color_hex_of(story.color)
    started = time.perf_counter()
    language = read_story_language(list(story.scenes), hero=story.hero, hero_name=story.hero_name)
    per_scene_language = (time.perf_counter() - started) / len(language.scenes)
    rows, previous = [], None
    for scene in language.scenes:
        t0 = time.perf_counter()
        choice = choose_background(story.theme, scene.resolved_text, [e.lemma for e in scene.graph.entities],
                                   seed=seed, previous=previous)
        svg_bg, layout = draw_background(choice.design_id, color, seed, time_of_day=choice.time_of_day)
        previous = choice.design_id
        t1 = time.perf_counter()
        selection = select_objects(scene.resolved_text, scene.graph, layout, hero=story.hero,
                                   hero_name=language.hero_name, adjective=story.adjective, seed=seed)
        t2 = time.perf_counter()
        items = selection.items()
        placed = place_objects(layout, items, selection.relations, seed=seed + scene.index) if items else []
        t3 = time.perf_counter()
        svg = render_scene(svg_bg, placed, hero_color=color, credits=["bench"], relations=selection.relations)
        t4 = time.perf_counter()
        write_png(svg, png_dir / f"{story.id}-{scene.index}.png")
        t5 = time.perf_counter()
        rows.append({"language": per_scene_language, "background": t1 - t0, "selection": t2 - t1,
                     "layout": t3 - t2, "svg": t4 - t3, "png": t5 - t4, "objects": len(placed)})
    return rows


def ms(values) -> str:
    return f"{1000 * statistics.median(values):.0f}"


def p90(values) -> str:
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stories", type=int, default=10)
    parser.add_argument("--out", default="docs/bench-scenes.md")
    args = parser.parse_args()
    import tempfile

    stories = bench_stories(args.stories)
    png_dir = Path(tempfile.mkdtemp(prefix="bench-scenes-"))
    started = time.perf_counter()
    illustrate_timed(stories[0], 0, png_dir)  # first load: spaCy pipelines, indexes, lexicons
    first_load = time.perf_counter() - started

    rows = []
    for run in range(args.runs):
        for story in stories:
            rows.extend(illustrate_timed(story, run, png_dir))
    total = [sum(r[s] for s in STEPS) for r in rows]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "meets" if statistics.median(total) <= 0.300 else "misses"

    lines = [
        "# Benchmark: one illustrated scene",
        "",
        f"Reproduce: `.venv/bin/python bench/scenes.py --runs {args.runs} --stories {args.stories}` (writes this page).",
        "",
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        "2 CPU cores shared with other work (numbers move by ±20% between runs).",
        f"Stories: {', '.join(s.id for s in stories)} (the first test-split corpus story of each theme), "
        f"{args.runs} runs each, {len(rows)} scenes timed; the first illustration ({first_load:.1f} s, loading "
        "the spaCy pipelines, object index, safety lexicon and first drawings) is excluded.",
        "",
        f"**Median per scene (analysis + background + selection + layout + SVG): {ms(total)} ms** "
        f"(90th percentile {p90(total)} ms). Target: at most 300 ms, which this {verdict}.",
        "",
        "| step | median ms | 90th percentile ms |",
        "|---|---:|---:|",
    ]
    for step in STEPS:
        lines.append(f"| {step} | {ms([r[step] for r in rows])} | {p90([r[step] for r in rows])} |")
    lines += [
        f"| **total (SVG)** | **{ms(total)}** | **{p90(total)}** |",
        f"| PNG still, 1280×800 (cairosvg), separately | {ms([r['png'] for r in rows])} | {p90([r['png'] for r in rows])} |",
        "",
        f"Objects per scene: median {statistics.median(r['objects'] for r in rows):.0f}, "
        f"at most {max(r['objects'] for r in rows)}. Peak memory of the process: {peak_mb:.0f} MB.",
        "",
        "Steps: *language* is coreference over the story plus one relation graph per scene "
        "(taleweaver/scene/scene_language.py; the story's time divided by five); *background* is "
        "choose_background + draw_background; *selection* is select_objects (with its own small "
        "spaCy parse); *layout* is place_objects; *svg* is render_scene. See docs/scenes.md.",
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
