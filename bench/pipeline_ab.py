"""Paired benchmark: this checkout's taleweaver/pipeline.py against the one of an older revision.

    .venv/bin/python bench/pipeline_ab.py --base REV [--runs 6]

Both page orders run in one process, alternately (base, this, base, this, ...), on the same
choices and seeds as bench/pipeline.py, so a slow minute on a shared 2-core machine falls on both
sides instead of on one. Only pipeline.py is taken from REV (read with `git show`); every stage it
calls is this checkout's, so this compares the way the pipeline orders its work, nothing else.
Prints each pair and the medians of "first page" and "whole bundle"."""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import CHOICE_SETS  # noqa: E402  (bench/pipeline.py)

import taleweaver.pipeline as this_pipeline  # noqa: E402
from taleweaver.contracts import Choices  # noqa: E402


def pipeline_at(revision: str, folder: Path):
    """The module taleweaver/pipeline.py as it was at `revision`, loaded beside this one."""
    source = subprocess.run(["git", "show", f"{revision}:taleweaver/pipeline.py"], check=True,
                            capture_output=True, text=True).stdout
    path = folder / "pipeline_base.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("taleweaver.pipeline_base", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def one_bundle(module, choices: Choices, seed: int, folder: Path) -> tuple[float, float]:
    """Seconds to the first page ready to play and to the whole bundle."""
    import time

    started = time.perf_counter()
    first: list[float] = []

    def heard(progress) -> None:
        if progress.pages_ready and not first:
            first.append(time.perf_counter() - started)

    module.create_story_bundle(choices, folder, seed=seed, on_progress=heard)
    return first[0], time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the git revision whose pipeline.py is the baseline")
    parser.add_argument("--runs", type=int, default=6, help="runs of each side")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-pipeline-ab-"))
    base = pipeline_at(args.base, work)
    warm = Choices(theme="farm", hero="bunny", color="yellow", adjective="cheerful")
    one_bundle(this_pipeline, warm, 0, work / "warm-up")  # first load of every model

    sides = {"base": (base, []), "this": (this_pipeline, [])}
    for run in range(args.runs):
        theme, hero, color, adjective = CHOICE_SETS[run % len(CHOICE_SETS)]
        choices = Choices(theme=theme, hero=hero, color=color, adjective=adjective)
        order = ("base", "this") if run % 2 == 0 else ("this", "base")  # neither side always goes first
        for side in order:
            module, times = sides[side]
            times.append(one_bundle(module, choices, 100 + run, work / f"{side}-{run}"))
        print(f"run {run + 1}: " + "  ".join(f"{side} first page {sides[side][1][-1][0]:.2f} s, bundle "
                                             f"{sides[side][1][-1][1]:.2f} s" for side in ("base", "this")), flush=True)
    for side, (_, times) in sides.items():
        print(f"{side}: first page median {statistics.median(t[0] for t in times):.2f} s, "
              f"whole bundle median {statistics.median(t[1] for t in times):.2f} s ({len(times)} runs)")


if __name__ == "__main__":
    main()
