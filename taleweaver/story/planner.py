"""The planner: a child's four choices become a few keywords for each of the five scenes."""

from __future__ import annotations

from collections.abc import Callable

from taleweaver.contracts import Choices, ScenePlan, StoryPlan
from taleweaver.safety import screen_text
from taleweaver.story import prompts
from taleweaver.story.keywords import is_known_word
from taleweaver.story.lm import StoryLM

PLAN_TOKENS = 96
PLAN_TEMPERATURE = 0.9
PLAN_ATTEMPTS = 4


class Planner:
    def __init__(self, lm: StoryLM | None = None, known: Callable[[str], bool] | None = is_known_word):
        self.lm = lm or StoryLM("planner", max_sequences=1)
        # Plan words for which `known` is False are dropped (see plan_story); None keeps every
        # word (for bench/keyword_nudge.py --scene-one, which measures the difference).
        self.known = known

    def plan_story(self, choices: Choices, seed: int) -> StoryPlan | None:
        """A plan whose keywords all pass the safety screen, or None after a few attempts.

        A word the planner made up ("owlhead", "sandpoof") is dropped from the plan: the writer
        either misses it or writes it into the story as it is ("In the heart of the snowy
        mountain lived a owlhead"). Real words stay, whether or not our corpus uses them
        ("giraffe", "orbit"): limiting plans to the corpus's keywords changed 7 of 16 plans and
        cost ranker score (docs/story-generator.md, "Scene 1 too, and no made-up plan words").
        Dropping costs nothing, where sampling the plan again would cost 0.83 s median
        (bench/plan_words.py); a plan is
        sampled again only when dropping would leave a scene with no word."""
        for attempt in range(PLAN_ATTEMPTS):
            text = self.lm.sample(prompts.planner_prompt(choices.model_dump()), 1, max_tokens=PLAN_TOKENS,
                                  temperature=PLAN_TEMPERATURE, seed=seed * 31 + attempt)[0]
            plan = prompts.parse_plan(text)
            if not plan or not screen_text(", ".join(w for words in plan for w in words)).safe:
                continue
            if self.known is not None:
                plan = [[word for word in words if self.known(word)] for words in plan]
            if all(plan):
                return StoryPlan(choices=choices, scenes=[ScenePlan(index=i, keywords=words) for i, words in enumerate(plan, 1)])
        return None
