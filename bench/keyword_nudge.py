"""Paired measurement of the keyword nudge in scene rewrites (story/writer.py KEYWORD_NUDGE).

    .venv/bin/python bench/keyword_nudge.py [--stories 16] [--first 0] [--nudges 0,3] [--out FILE.json]
    .venv/bin/python bench/keyword_nudge.py --choice-words [--nudges 3] ...
    .venv/bin/python bench/keyword_nudge.py --draft-nudges 0,3 ...
    .venv/bin/python bench/keyword_nudge.py --ramps 0,0.1 ...
    .venv/bin/python bench/keyword_nudge.py --scene-one ...
    .venv/bin/python bench/keyword_nudge.py --made-up ...

The first form compares nudge values; each arm nudges towards the missed keywords, and towards
the choice words the story lacks only if the generator does (StoryGenerator.nudge_choice_words).
The second compares, at one nudge value, rewrites nudged towards the missed keywords only
("words") against keywords plus the hero, color and adjective words the story does not show yet
("words+choices"). The third compares nudge values for the drafts (story/writer.py DRAFT_NUDGE:
while a draft writes scene N, towards scene N's keywords), rewrites nudged as the generator does;
there the drafts differ between arms, so the arms are compared over the same choices and seeds,
not the same drafts. The fourth compares how fast the nudge grows while a keyword is pending
(story/steer.py `ramp`; story/writer.py DRAFT_RAMP and KEYWORD_RAMP), the same value for drafts
and rewrites in each arm; the drafts differ between arms there too. The fifth (--scene-one)
compares, one at a time and together, plans kept to the corpus's keywords (the words the writer
was trained to place) and scene 1 written again when it misses a keyword
(StoryGenerator.repair_first_scene); the sixth (--made-up) compares, with scene 1 repaired, plans
with every word against plans without the words the planner made up (Planner.known,
keywords.is_known_word). Where a plan changes, its drafts differ too.

For each of N test-split choices (never trained on), from index --first on, one story per arm
with the same seed (the story's index, as `taleweaver eval story` uses): the drafts, the ranking
and the choice of draft are identical in every arm, so only the rewritten scenes 2-5 differ.
The arms take turns going first, so a slow minute on a shared machine falls on all of them.

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
    parser.add_argument("--first", type=int, default=0, help="skip this many test-split choices first")
    parser.add_argument("--nudges", default="0,3", help="comma-separated nudge values, one arm each")
    parser.add_argument("--out", default=None, help="JSON file for every story's text and numbers")
    parser.add_argument("--draft-nudges", default=None,
                        help="comma-separated nudge values for the drafts, one arm each (rewrites as the generator does)")
    parser.add_argument("--ramps", default=None,
                        help="comma-separated ramp values for drafts and rewrites, one arm each")
    parser.add_argument("--scene-one", action="store_true",
                        help="compare plans kept to corpus keywords, and the scene 1 repair, one at a time and together")
    parser.add_argument("--made-up", action="store_true",
                        help="compare plans with every word against plans without made-up words")
    parser.add_argument("--choice-words", action="store_true",
                        help="compare nudging without and with the choice words the story lacks")
    args = parser.parse_args()

    from taleweaver.story.generator import StoryGenerator, missing_keywords
    from taleweaver.story.writer import DRAFT_NUDGE, DRAFT_RAMP, KEYWORD_NUDGE, KEYWORD_RAMP

    generator = StoryGenerator()
    rewrite, write = generator.writer.rewrite_scenes, generator.writer.write_drafts
    from taleweaver.story.keywords import is_known_word, writer_vocabulary
    default_known = generator.planner.known
    values = [float(v) for v in args.nudges.split(",")]
    # An arm: (label, rewrite nudge, nudge towards the choice words the story lacks too, draft nudge,
    # rewrite ramp, draft ramp[, which plan words to keep, scene 1 repair on]; as the generator does when left out).
    keep = {"all": None, "corpus keywords": lambda word: word in writer_vocabulary(), "no made-up": is_known_word}
    if args.scene_one:
        arms = [(f"plan words {words}, scene 1 {'repaired' if first else 'as drafted'}",
                 KEYWORD_NUDGE, generator.nudge_choice_words, DRAFT_NUDGE, KEYWORD_RAMP, DRAFT_RAMP, words, first)
                for words, first in (("all", False), ("corpus keywords", False), ("all", True), ("corpus keywords", True))]
    elif args.made_up:
        arms = [(f"plan words {words}, scene 1 repaired", KEYWORD_NUDGE, generator.nudge_choice_words,
                 DRAFT_NUDGE, KEYWORD_RAMP, DRAFT_RAMP, words, True) for words in ("all", "no made-up")]
    elif args.draft_nudges:
        arms = [(f"draft nudge {v:g}", KEYWORD_NUDGE, generator.nudge_choice_words, v, KEYWORD_RAMP, DRAFT_RAMP)
                for v in (float(x) for x in args.draft_nudges.split(","))]
    elif args.ramps:
        arms = [(f"ramp {v:g}", KEYWORD_NUDGE, generator.nudge_choice_words, DRAFT_NUDGE, v, v)
                for v in (float(x) for x in args.ramps.split(","))]
    elif args.choice_words:
        at = values[0]
        arms = [(f"nudge {at:g} words", at, False, DRAFT_NUDGE, KEYWORD_RAMP, DRAFT_RAMP),
                (f"nudge {at:g} words+choices", at, True, DRAFT_NUDGE, KEYWORD_RAMP, DRAFT_RAMP)]
    else:  # as the generator does
        arms = [(f"nudge {v:g}", v, generator.nudge_choice_words, DRAFT_NUDGE, KEYWORD_RAMP, DRAFT_RAMP) for v in values]
    rows: dict[str, list[dict]] = {arm[0]: [] for arm in arms}
    generator.create_story(Choices(theme="farm", hero="bunny", color="yellow", adjective="cheerful"), seed=0)  # loads
    tests = stories_in("test")
    for i in range(args.first, min(args.first + args.stories, len(tests))):
        ref = tests[i]
        order = arms if i % 2 == 0 else arms[::-1]
        for label, value, choice_words, draft_value, ramp, draft_ramp, *switches in order:
            if switches:
                generator.planner.known, generator.repair_first_scene = keep[switches[0]], switches[1]
            else:  # as the generator does
                generator.planner.known, generator.repair_first_scene = default_known, True
            generator.writer.rewrite_scenes = functools.partial(rewrite, nudge=value, ramp=ramp)
            generator.writer.write_drafts = functools.partial(write, nudge=draft_value, ramp=draft_ramp)
            generator.nudge_choice_words = choice_words
            started = time.perf_counter()
            story = generator.create_story(Choices(**ref.choices), seed=i)
            seconds = time.perf_counter() - started
            scenes = [s.text for s in story.scenes]
            row = measure(story.title, scenes, ref.choices, generator.ranker)
            row.update(id=ref.id, seconds=seconds, coverage=story.keyword_coverage or 0.0,
                       rewritten=list(story.rewritten_scenes), title=story.title, scenes=scenes,
                       digit_starts=sum(scenes[n - 1][:1].isdigit() for n in story.rewritten_scenes),
                       missed=[missing_keywords(s.keywords, s.text) for s in story.scenes],
                       plan=[s.keywords for s in story.scenes])
            rows[label].append(row)
        print(f"[{i}] {ref.id}: " + "  ".join(
            f"{label}: coverage {rows[label][-1]['coverage']:.2f} ranker {rows[label][-1]['ranker_score']:.2f}"
            f" all four {rows[label][-1]['adherence_all']:d}" for label, *_ in arms), flush=True)
    for label, *_ in arms:
        r = rows[label]
        print(f"{label}: coverage {statistics.mean(x['coverage'] for x in r):.4f}, "
              f"ranker {statistics.mean(x['ranker_score'] for x in r):.4f}, "
              f"all four {statistics.mean(x['adherence_all'] for x in r):.0%} "
              f"(hero {statistics.mean(x['adherence']['hero'] for x in r):.0%}, "
              f"color {statistics.mean(x['adherence']['color'] for x in r):.0%}, "
              f"adjective {statistics.mean(x['adherence']['adjective'] for x in r):.0%}), "
              f"repetition {statistics.mean(x['repetition'] for x in r):.4f}, "
              f"FK {statistics.mean(x['fk_grade'] for x in r):.2f}, "
              f"rewritten {sum(len(x['rewritten']) for x in r)}, digit starts {sum(x['digit_starts'] for x in r)}, "
              f"median {statistics.median(x['seconds'] for x in r):.2f} s, "
              f"missed keywords by scene {[sum(len(x['missed'][n]) for x in r) for n in range(5)]}, "
              f"stories missing a keyword {sum(any(x['missed']) for x in r)}, "
              f"plan keywords {sum(len(s) for x in r for s in x['plan'])}")
    if len(arms) == 2:
        a, b = (rows[label] for label, *_ in arms)
        better = sum(y["coverage"] > x["coverage"] for x, y in zip(a, b))
        worse = sum(y["coverage"] < x["coverage"] for x, y in zip(a, b))
        print(f"per story, {arms[1][0]} against {arms[0][0]}: coverage higher in {better}, "
              f"lower in {worse}, equal in {len(a) - better - worse}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(rows, f, indent=1, default=float)


if __name__ == "__main__":
    main()
