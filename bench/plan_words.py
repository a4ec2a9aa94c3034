"""How many of the planner's words lie outside the corpus's keywords, and how many it made up.

    chrt -r 1 .venv/bin/python bench/plan_words.py [--stories 120]

Plans the test-split choices with the seeds `taleweaver eval story` uses (the story's index),
keeping every word (Planner(known=None)), then counts the plan words that are not corpus
keywords (keywords.writer_vocabulary) and, of those, the ones keywords.is_known_word rejects as
made up. Prints the counts, the words, and the median seconds a plan takes (docs/story-generator.md, "Scene 1 too")."""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from taleweaver.contracts import Choices
from taleweaver.story.corpus import stories_in
from taleweaver.story.keywords import is_known_word, writer_vocabulary
from taleweaver.story.planner import Planner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=120, help="test-split choices to plan for")
    args = parser.parse_args()
    planner = Planner(known=None)
    plans = words = 0
    outside, made_up, plans_outside, plans_made_up = Counter(), Counter(), 0, 0
    is_known_word("loaded")  # load the word vectors before the clock starts
    seconds = []
    for i, ref in enumerate(stories_in("test")[:args.stories]):
        started = time.perf_counter()
        plan = planner.plan_story(Choices(**ref.choices), seed=i)
        seconds.append(time.perf_counter() - started)
        if plan is None:
            continue
        plans += 1
        plan_words = [w for scene in plan.scenes for w in scene.keywords]
        words += len(plan_words)
        new = [w for w in plan_words if w not in writer_vocabulary()]
        invented = [w for w in new if not is_known_word(w)]
        outside.update(new), made_up.update(invented)
        plans_outside += bool(new)
        plans_made_up += bool(invented)
    print(f"{plans} plans, {words} words; outside the corpus keywords: {sum(outside.values())} words in "
          f"{plans_outside} plans; made up: {sum(made_up.values())} words in {plans_made_up} plans; "
          f"median {statistics.median(seconds):.2f} s per plan (what sampling a plan again would cost)")
    print("made up:", ", ".join(sorted(made_up)))
    print("real, outside the corpus keywords:", ", ".join(sorted(set(outside) - set(made_up))))


if __name__ == "__main__":
    main()
