"""Benchmark: from "create" to a playable bundle, with the time spent in each stage.

    .venv/bin/python bench/pipeline.py [--runs 5]

Not a test: it measures this machine and writes docs/bench-pipeline.md. Targets (issue 5):
the first playable scene within 12 s and the whole bundle within 20 s, median on 2 cores.

"First scene ready" is the moment page 1 has both its picture and its sound. Today the stages
run one after another over all five scenes (story, then every picture, then every page's
sound), and the bundle appears only when complete, so the first scene is not yet served
before the whole bundle: both times are reported, and the gap is the work left for streaming.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from taleweaver.contracts import Choices
from taleweaver.pipeline import create_story_bundle

CHOICE_SETS = [
    ("underwater", "mermaid", "purple", "silly"), ("castle", "dragon", "gold", "sleepy"),
    ("outer_space", "robot", "silver", "curious"), ("farm", "puppy", "brown", "kind"),
    ("jungle", "monkey", "green", "clumsy"), ("snowy_mountain", "penguin", "white", "brave"),
    ("candy_land", "unicorn", "pink", "magical"),
]


def one_bundle(choices: Choices, seed: int, folder: Path) -> dict[str, float]:
    """Seconds from the start to: the end of each stage, scene 1 ready, and the whole bundle."""
    started = time.perf_counter()
    marks: dict[str, float] = {}
    pictured: set[int] = set()

    def heard(progress) -> None:
        now = time.perf_counter() - started
        marks[f"end:{progress.stage}"] = now  # the last message of a stage is its end
        if progress.stage == "scenes" and progress.scene and progress.done:
            pictured.add(progress.scene)
        if progress.stage == "sound" and progress.scene == 1 and "Recorded" in progress.message and 1 in pictured:
            marks.setdefault("first_scene", now)

    create_story_bundle(choices, folder, seed=seed, on_progress=heard)
    marks["bundle"] = time.perf_counter() - started
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default="docs/bench-pipeline.md")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-pipeline-"))
    started = time.perf_counter()
    one_bundle(Choices(theme="farm", hero="bunny", color="yellow", adjective="cheerful"), 0, work / "warm-up")
    first_load = time.perf_counter() - started

    runs = []
    for run in range(args.runs):
        theme, hero, color, adjective = CHOICE_SETS[run % len(CHOICE_SETS)]
        marks = one_bundle(Choices(theme=theme, hero=hero, color=color, adjective=adjective), 100 + run, work / f"run-{run}")
        runs.append(marks)
        print(f"run {run + 1}: " + "  ".join(f"{k} {v:.2f}" for k, v in marks.items()), flush=True)

    def median(key: str) -> float:
        return statistics.median(m[key] for m in runs)

    stage_ends = ["end:story", "end:scenes", "end:sound", "end:bundle"]
    durations = {}
    for before, after in zip(["start", *stage_ends], stage_ends):
        durations[after.split(":")[1]] = statistics.median(
            m[after] - (0.0 if before == "start" else m[before]) for m in runs)
    lines = [
        "# Benchmark: create → playable bundle", "",
        f"`.venv/bin/python bench/pipeline.py --runs {args.runs}` on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {args.runs} bundles with different choices, after one warm-up bundle "
        f"(first load included there: {first_load:.1f} s). Medians.", "",
        "| measure | median | min | max | target |", "|---|---|---|---|---|",
        f"| first scene ready (picture + sound of page 1) | {median('first_scene'):.2f} s | "
        f"{min(m['first_scene'] for m in runs):.2f} | {max(m['first_scene'] for m in runs):.2f} | ≤ 12 s |",
        f"| whole bundle written | {median('bundle'):.2f} s | {min(m['bundle'] for m in runs):.2f} | "
        f"{max(m['bundle'] for m in runs):.2f} | ≤ 20 s |", "",
        "Time per stage (median):", "",
        "| stage | seconds |", "|---|---|",
        *(f"| {stage} | {seconds:.2f} |" for stage, seconds in durations.items()), "",
        "The stages run one after another, so page 1 is ready only after every picture is painted; "
        "and the bundle becomes visible (atomic rename) only when complete. Serving page 1 while later "
        "pages are made needs the pipeline to go page by page and the web app to stream pages.",
        "Timings depend on the machine's load; this is a 2-core machine shared with other work.", "",
    ]
    Path(args.out).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
