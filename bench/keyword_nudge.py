"""Paired measurement of the keyword nudge in scene rewrites (story/writer.py KEYWORD_NUDGE).

    .venv/bin/python bench/keyword_nudge.py [--stories 16] [--nudges 0,3] [--out FILE.json]

For each of the first N test-split choices (never trained on), one story per nudge value with
the same seed (the story's index, as `taleweaver eval story` uses): the drafts, the ranking and
the choice of draft are identical in every arm, so only the rewritten scenes 2-5 differ. The
arms take turns going first, so a slow minute on a shared machine falls on all of them.

Prints per arm: plan keyword coverage, ranker score, all four choices shown, repetition,
Flesch-Kincaid grade, scenes rewritten, rewritten scenes that start with a digit (the symptom
of the old prompt that ended in a space), and median seconds per story. Writes every story's
text and numbers to the JSON file so the stories can be read."""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import time

from taleweaver.contracts import Choices
from taleweaver.story.corpus import stories_in
from taleweaver.story.evaluate import measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=16, help="test-split choices to use")
    parser.add_argument("--nudges", default="0,3", help="comma-separated nudge values, one arm each")
    parser.add_argument("--out", default=None, help="JSON file for every story's text and numbers")
    args = parser.parse_args()

    from taleweaver.story.generator import StoryGenerator

    generator = StoryGenerator()
    rewrite = generator.writer.rewrite_scenes
    nudges = [float(v) for v in args.nudges.split(",")]
    rows: dict[float, list[dict]] = {v: [] for v in nudges}
    generator.create_story(Choices(theme="farm", hero="bunny", color="yellow", adjective="cheerful"), seed=0)  # loads
    for i, ref in enumerate(stories_in("test")[:args.stories]):
        order = nudges if i % 2 == 0 else nudges[::-1]
        for value in order:
            generator.writer.rewrite_scenes = functools.partial(rewrite, nudge=value)
            started = time.perf_counter()
            story = generator.create_story(Choices(**ref.choices), seed=i)
            seconds = time.perf_counter() - started
            scenes = [s.text for s in story.scenes]
            row = measure(story.title, scenes, ref.choices, generator.ranker)
            row.update(id=ref.id, seconds=seconds, coverage=story.keyword_coverage or 0.0,
                       rewritten=list(story.rewritten_scenes), title=story.title, scenes=scenes,
                       digit_starts=sum(scenes[n - 1][:1].isdigit() for n in story.rewritten_scenes))
            rows[value].append(row)
        print(f"[{i + 1}] {ref.id}: " + "  ".join(
            f"nudge {v:g} coverage {rows[v][-1]['coverage']:.2f} ranker {rows[v][-1]['ranker_score']:.2f}"
            for v in nudges), flush=True)
    for value in nudges:
        r = rows[value]
        print(f"nudge {value:g}: coverage {statistics.mean(x['coverage'] for x in r):.4f}, "
              f"ranker {statistics.mean(x['ranker_score'] for x in r):.4f}, "
              f"all four {statistics.mean(x['adherence_all'] for x in r):.0%}, "
              f"repetition {statistics.mean(x['repetition'] for x in r):.4f}, "
              f"FK {statistics.mean(x['fk_grade'] for x in r):.2f}, "
              f"rewritten {sum(len(x['rewritten']) for x in r)}, digit starts {sum(x['digit_starts'] for x in r)}, "
              f"median {statistics.median(x['seconds'] for x in r):.2f} s")
    if len(nudges) == 2:
        a, b = (rows[v] for v in nudges)
        better = sum(y["coverage"] > x["coverage"] for x, y in zip(a, b))
        worse = sum(y["coverage"] < x["coverage"] for x, y in zip(a, b))
        print(f"per story, nudge {nudges[1]:g} against {nudges[0]:g}: coverage higher in {better}, "
              f"lower in {worse}, equal in {len(a) - better - worse}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({f"{v:g}": rows[v] for v in nudges}, f, indent=1, default=float)


if __name__ == "__main__":
    main()
