"""Trace the scene repair of some test-split stories: for each rewrite batch, every version's
missed plan keywords, and the scene 1 and missed keywords of the final story.

    chrt -r 1 .venv/bin/python bench/repair_trace.py h1_123 h5_059

Each story is made with the seed `taleweaver eval story` gives it (its index in the test
split), so the trace explains that evaluation's rows. Not a test; it measures nothing about
speed. docs/story-generator.md ("Plan words matched as lemmas, and two repair rounds") quotes it.
"""

from __future__ import annotations

import argparse

from taleweaver.contracts import Choices
from taleweaver.story import generator as story_generator
from taleweaver.story import prompts
from taleweaver.story.corpus import stories_in


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="+", help="test-split story ids, e.g. h1_123")
    args = parser.parse_args()

    tests = stories_in("test")
    unknown = set(args.ids) - {ref.id for ref in tests}
    if unknown:
        parser.error(f"not test-split story ids: {', '.join(sorted(unknown))}")
    generator = story_generator.StoryGenerator()
    keep = generator.keep_best_version

    def traced(plan, title, scenes, index, versions, chosen, rewritten):
        keywords = plan.scenes[index - 1].keywords
        print(f"  scene {index} misses {story_generator.missing_keywords(keywords, scenes[index - 1])}; "
              f"merit {chosen.merit}; versions (whole scene?, missed): "
              f"{[(prompts.is_scene(v), story_generator.missing_keywords(keywords, v)) for v in dict.fromkeys(versions)]}")
        keep(plan, title, scenes, index, versions, chosen, rewritten)
        print(f"    kept: misses {story_generator.missing_keywords(keywords, scenes[index - 1])}; merit {chosen.merit}")

    generator.keep_best_version = traced
    for seed, ref in enumerate(tests):
        if ref.id not in args.ids:
            continue
        print(f"{ref.id} (seed {seed})")
        story = generator.create_story(Choices(**ref.choices), seed=seed)
        print(f"  plan {[scene.keywords for scene in story.scenes]}; rewritten {story.rewritten_scenes}; "
              f"ranker {story.ranker_score}")
        print(f"  scene 1: {story.scenes[0].text}")
        for scene in story.scenes:
            missed = story_generator.missing_keywords(scene.keywords, scene.text)
            if missed:
                print(f"  still missing in scene {scene.index}: {missed}")


if __name__ == "__main__":
    main()
