"""The planner: a child's four choices become a few keywords for each of the five scenes."""

from __future__ import annotations

from taleweaver.contracts import Choices, ScenePlan, StoryPlan
from taleweaver.safety import screen_text
from taleweaver.story import prompts
from taleweaver.story.lm import StoryLM

PLAN_TOKENS = 96
PLAN_TEMPERATURE = 0.9
PLAN_ATTEMPTS = 4


class Planner:
    def __init__(self, lm: StoryLM | None = None):
        self.lm = lm or StoryLM("planner", max_sequences=1)

    def plan_story(self, choices: Choices, seed: int) -> StoryPlan | None:
        """A plan whose keywords all pass the safety screen, or None after a few attempts."""
        for attempt in range(PLAN_ATTEMPTS):
            text = self.lm.sample(prompts.planner_prompt(choices.model_dump()), 1, max_tokens=PLAN_TOKENS,
                                  temperature=PLAN_TEMPERATURE, seed=seed * 31 + attempt)[0]
            plan = prompts.parse_plan(text)
            if plan and screen_text(", ".join(w for words in plan for w in words)).safe:
                return StoryPlan(choices=choices, scenes=[ScenePlan(index=i, keywords=words) for i, words in enumerate(plan, 1)])
        return None
