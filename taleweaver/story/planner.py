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
    def __init__(self, lm: StoryLM | None = None, vocabulary: frozenset[str] | None = None):
        self.lm = lm or StoryLM("planner", max_sequences=1)
        # With a vocabulary (e.g. story/keywords.py writer_vocabulary(), the words the writer
        # learned to place), plan words outside it are dropped. Off by default: on 16 test
        # choices it changed 7 plans and cost ranker score (0.848 -> 0.788) for no coverage,
        # since scene 1's repair already places the odd words (docs/story-generator.md,
        # "Scene 1 too, and plans in the writer's words"; bench/keyword_nudge.py --scene-one).
        self.vocabulary = vocabulary

    def plan_story(self, choices: Choices, seed: int) -> StoryPlan | None:
        """A plan whose keywords all pass the safety screen, or None after a few attempts.

        With a vocabulary, a word outside it is dropped from the plan (on the 120 test
        choices, 62 plans held one, 93 of 1,358 words: real words the corpus never uses such as
        "giraffe" or "orbit", and made-up ones such as "owlhead" or "sandpoof"). Dropping
        costs nothing, where sampling the plan again would cost about 2 s for half the stories;
        a plan is sampled again only when dropping would leave a scene with no word."""
        for attempt in range(PLAN_ATTEMPTS):
            text = self.lm.sample(prompts.planner_prompt(choices.model_dump()), 1, max_tokens=PLAN_TOKENS,
                                  temperature=PLAN_TEMPERATURE, seed=seed * 31 + attempt)[0]
            plan = prompts.parse_plan(text)
            if not plan or not screen_text(", ".join(w for words in plan for w in words)).safe:
                continue
            if self.vocabulary is not None:
                plan = [[word for word in words if word in self.vocabulary] for words in plan]
            if all(plan):
                return self.story_plan(choices, plan)
        return None

    @staticmethod
    def story_plan(choices: Choices, plan: list[list[str]]) -> StoryPlan:
        return StoryPlan(choices=choices, scenes=[ScenePlan(index=i, keywords=words) for i, words in enumerate(plan, 1)])
