"""The writer: the choices and a plan become candidate stories (a title and five scenes)."""

from __future__ import annotations

from taleweaver.contracts import StoryPlan
from taleweaver.story import prompts
from taleweaver.story.lm import StoryLM
from taleweaver.story.steer import KeywordSteer, SceneSteer, Word

SCENE_TOKENS = 110  # a corpus scene is 30-80 tokens
STORY_TOKENS = 420  # our corpus stories run 180-330 tokens; the rest is room, not a target
WRITE_TEMPERATURE = 0.8
# Scene rewrites decoded together at most (several scenes x versions; see rewrite_scenes).
REPAIR_SEQUENCES = 8
# Added to the logits of the next piece of a plan keyword the scene missed, while a rewrite of
# that scene has not written it yet (story/steer.py). 0 against 3 on the same drafts and seeds:
# docs/story-generator.md, "Nudging a rewrite towards its keywords" (bench/keyword_nudge.py).
KEYWORD_NUDGE = 3.0
# The same for drafts: while a draft writes scene N, towards scene N's plan keywords.
DRAFT_NUDGE = 3.0
# How fast the nudge grows: each token written while a keyword is still pending adds this share
# of the nudge (story/steer.py), so a word the scene has not placed by its end is pushed hard.
# Ramps 0, 0.05, 0.15, 0.3 and 0.5 on the same 16 test choices and seeds: 0.15 gave the most
# coverage and the best ranker score (docs/story-generator.md, "A nudge that grows";
# bench/keyword_nudge.py --ramps).
KEYWORD_RAMP = 0.15
DRAFT_RAMP = 0.15


class Writer:
    def __init__(self, lm: StoryLM | None = None, max_candidates: int = 4):
        self.lm = lm or StoryLM("writer", max_sequences=max(max_candidates, REPAIR_SEQUENCES))

    def write_drafts(self, plan: StoryPlan, k: int, seed: int, nudge: float = DRAFT_NUDGE,
                     ramp: float = DRAFT_RAMP) -> list[tuple[str, list[str]] | None]:
        """k drafts, each (title, scenes) or None when the model's answer is malformed. While a
        draft writes scene N, it is nudged towards the plan keywords of scene N it has not
        written yet (`nudge`, growing by `ramp` per token; 0 turns it off)."""
        keywords = [scene.keywords for scene in plan.scenes]
        words = [[self.word_spellings(word) for word in scene] for scene in keywords]
        texts = self.lm.sample_each([prompts.writer_prompt(plan.choices.model_dump(), keywords)], k,
                                    max_tokens=STORY_TOKENS, temperature=WRITE_TEMPERATURE, seed=seed,
                                    steers=[lambda: SceneSteer(words, ramp)] if nudge else None, nudge=nudge)[0]
        return [prompts.parse_story(text) for text in texts]

    @staticmethod
    def lm_prompt(plan: StoryPlan, title: str, scenes: list[str], index: int) -> str:
        """What the model reads to write scene `index` again: its own prompt and its answer so far."""
        keywords = [scene.keywords for scene in plan.scenes]
        return prompts.writer_prompt(plan.choices.model_dump(), keywords) + prompts.story_prefix(title, scenes[:index - 1])

    def word_spellings(self, word: str) -> Word:
        """The token ids that write `word` inside a sentence, lower-case and capitalised."""
        forms = dict.fromkeys(form for form in (word, word.capitalize()) if form.strip())
        return [self.lm.tokenize(" " + form) for form in forms]

    def rewrite_scenes(self, plan: StoryPlan, title: str, scenes: list[str], indices: list[int], k: int,
                       seeds: list[int], missing: dict[int, list[str]] | None = None,
                       nudge: float = KEYWORD_NUDGE, ramp: float = KEYWORD_RAMP,
                       openings: dict[int, str] | None = None) -> dict[int, list[str]]:
        """k new versions of each scene in `indices`, all written in one batch, each after the
        title and the scenes before it as they stand now. Version j of scene indices[i]
        samples with seed seeds[i] + j. `missing[index]`: the plan keywords that scene lacks;
        each version is nudged towards them until it has written them (`nudge`, growing by
        `ramp` per token). `openings[index]`: words every version of that scene starts with
        (written into the prompt; the model goes on from them)."""
        openings = openings or {}
        words = [[self.word_spellings(word) for word in (missing or {}).get(index, [])] for index in indices]
        steers = [(lambda scene_words=scene_words: KeywordSteer(scene_words, ramp)) if scene_words else None
                  for scene_words in words]
        lm_prompts = [self.lm_prompt(plan, title, scenes, index) + (" " + openings[index] if index in openings else "")
                      for index in indices]
        texts = self.lm.sample_each(lm_prompts, k, max_tokens=SCENE_TOKENS, temperature=WRITE_TEMPERATURE, seed=seeds,
                                    stop="\n", steers=steers, nudge=nudge)
        return {index: [prompts.clean_scene(openings.get(index, "") + text if index in openings else text)
                        for text in versions] for index, versions in zip(indices, texts)}
