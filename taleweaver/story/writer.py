"""The writer: the choices and a plan become candidate stories (a title and five scenes)."""

from __future__ import annotations

from taleweaver.contracts import StoryPlan
from taleweaver.story import prompts
from taleweaver.story.lm import StoryLM

SCENE_TOKENS = 110  # a corpus scene is 30-80 tokens
STORY_TOKENS = 420  # our corpus stories run 180-330 tokens; the rest is room, not a target
WRITE_TEMPERATURE = 0.8


class Writer:
    def __init__(self, lm: StoryLM | None = None, max_candidates: int = 4):
        self.lm = lm or StoryLM("writer", max_sequences=max_candidates)

    def write_drafts(self, plan: StoryPlan, k: int, seed: int) -> list[tuple[str, list[str]] | None]:
        """k drafts, each (title, scenes) or None when the model's answer is malformed."""
        keywords = [scene.keywords for scene in plan.scenes]
        texts = self.lm.sample(prompts.writer_prompt(plan.choices.model_dump(), keywords), k,
                               max_tokens=STORY_TOKENS, temperature=WRITE_TEMPERATURE, seed=seed)
        return [prompts.parse_story(text) for text in texts]

    def rewrite_scene(self, plan: StoryPlan, title: str, scenes: list[str], index: int, k: int,
                      seed: int) -> list[str]:
        """k new versions of scene `index` (1-based), written after the story's title and the
        scenes before it, exactly as the writer would continue its own answer."""
        keywords = [scene.keywords for scene in plan.scenes]
        prompt = (prompts.writer_prompt(plan.choices.model_dump(), keywords)
                  + prompts.story_prefix(title, scenes[:index - 1]))
        texts = self.lm.sample(prompt, k, max_tokens=SCENE_TOKENS, temperature=WRITE_TEMPERATURE,
                               seed=seed, stop="\n")
        return [prompts.clean_scene(text) for text in texts]
