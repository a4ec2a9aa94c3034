"""create_story: choices -> plan -> K drafts -> format and safety screen -> coherence ranker.

    Choices ──► Planner ──► StoryPlan ──► Writer ×K ──► parse ─► safety screen ─► ranker ──► Story

Only a draft that parsed and passed the safety screen can be returned. When a whole round of
K drafts fails, another round is sampled, up to MAX_ROUNDS; after that the child gets a story
from our hand-written corpus for the closest choices, marked `"source": "corpus"`.
"""

from __future__ import annotations

import random
import secrets
import time
from collections import defaultdict
from functools import lru_cache

from taleweaver.contracts import CandidateReport, Choices, Scene, ScenePlan, Story, StoryPlan
from taleweaver.safety import screen_story_texts
from taleweaver.story.keywords import keyword_in_scene, scene_lemmas
from taleweaver.story.ranker import story_text

DEFAULT_CANDIDATES = 4
MAX_ROUNDS = 3


def keyword_coverage(plan: StoryPlan, scenes: list[str]) -> float:
    """Share of the plan's keywords that appear (as a word or lemma) in their own scene."""
    hits = total = 0
    for scene_plan, text in zip(plan.scenes, scenes):
        lemmas = scene_lemmas(text)
        hits += sum(keyword_in_scene(k, lemmas) for k in scene_plan.keywords)
        total += len(scene_plan.keywords)
    return hits / total if total else 0.0


class StoryGenerator:
    """Holds the planner, writer and ranker, loaded once and reused for every story."""

    def __init__(self, max_candidates: int = DEFAULT_CANDIDATES):
        from taleweaver.story.planner import Planner
        from taleweaver.story.ranker import CoherenceRanker
        from taleweaver.story.writer import Writer

        self.planner = Planner()
        self.writer = Writer(max_candidates=max_candidates)
        self.ranker = CoherenceRanker()
        self.max_candidates = max_candidates
        # Seconds per stage of the last story (plan, write, screen, rank), for bench/story.py.
        self.last_timings: dict[str, float] = {}

    def create_story(self, choices: Choices | dict, seed: int | None = None, k: int = DEFAULT_CANDIDATES) -> Story:
        choices = choices if isinstance(choices, Choices) else Choices(**choices)
        if not 1 <= k <= self.max_candidates:
            raise ValueError(f"k must be between 1 and {self.max_candidates}")
        seed = secrets.randbelow(2**31) if seed is None else seed
        timings = self.last_timings = defaultdict(float)
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings[stage] += now - clock
            clock = now

        plan = self.planner.plan_story(choices, seed)
        lap("plan")
        if plan is None:
            return self.corpus_fallback(choices, seed, [], "the planner gave no usable plan")
        reports: list[CandidateReport] = []
        best: tuple[float, tuple[str, list[str]], CandidateReport] | None = None
        for round_ in range(MAX_ROUNDS):
            drafts = self.writer.write_drafts(plan, k, seed=seed * 1009 + round_ * k)
            lap("write")
            safe: list[tuple[tuple[str, list[str]], CandidateReport]] = []
            for draft in drafts:
                report = CandidateReport()
                reports.append(report)
                if draft is None:
                    report.rejected_by, report.reasons = "format", ["not a title and five scenes"]
                    continue
                verdict = screen_story_texts([draft[0], *draft[1]])
                if not verdict.safe:
                    report.rejected_by, report.reasons = verdict.layer, verdict.reasons
                    continue
                safe.append((draft, report))
            lap("screen")
            if safe:  # one batch through the ranker for all safe drafts of the round
                scores = self.ranker.score_texts([story_text(title, scenes) for (title, scenes), _ in safe])
                lap("rank")
                for (draft, report), score in zip(safe, scores):
                    report.ranker_score = round(score, 4)
                    report.keyword_coverage = round(keyword_coverage(plan, draft[1]), 4)
                    if best is None or report.ranker_score > best[0]:
                        best = (report.ranker_score, draft, report)
                lap("coverage")
            if best is not None:
                break
        if best is None:
            return self.corpus_fallback(choices, seed, reports, f"all {len(reports)} drafts failed the checks")
        score, (title, scenes), chosen = best
        chosen.chosen = True
        return Story(
            choices=choices, title=title, ranker_score=score, keyword_coverage=chosen.keyword_coverage,
            scenes=[Scene(index=i, text=text, keywords=plan.scenes[i - 1].keywords) for i, text in enumerate(scenes, 1)],
            source="generated", seed=seed, plan=plan, candidates=reports,
        )

    def corpus_fallback(self, choices: Choices, seed: int, reports: list[CandidateReport], why: str) -> Story:
        """A hand-written corpus story for the closest choices: honest, and never unsafe."""
        from taleweaver.story.corpus import load_corpus
        from taleweaver.story.keywords import KEYWORDS_PATH, load_keywords

        wanted = choices.model_dump()
        weights = {"hero": 4, "theme": 3, "adjective": 2, "color": 1}

        def closeness(story) -> int:
            return sum(w for kind, w in weights.items() if getattr(story, kind) == wanted[kind])

        stories = list(load_corpus())
        top = max(map(closeness, stories))
        pool = [s for s in stories if closeness(s) == top]
        rng = random.Random(seed)
        rng.shuffle(pool)
        story = next(s for s in pool if screen_story_texts([s.title, *s.scenes]).safe)
        keywords = load_keywords().get(story.id, [[]] * 5) if KEYWORDS_PATH.exists() else [[]] * 5
        matching = [kind for kind in weights if getattr(story, kind) == wanted[kind]]
        return Story(
            choices=choices, title=story.title, ranker_score=round(self.ranker.score(story.title, list(story.scenes)), 4),
            scenes=[Scene(index=i, text=t, keywords=keywords[i - 1]) for i, t in enumerate(story.scenes, 1)],
            source="corpus", seed=seed, candidates=reports,
            plan=StoryPlan(choices=choices, scenes=[ScenePlan(index=i, keywords=keywords[i - 1] or ["-"]) for i in range(1, 6)]),
            notes=[f"{why}; this is hand-written corpus story {story.id}, which matches the {', '.join(matching)}"],
        )


@lru_cache(maxsize=1)
def default_generator() -> StoryGenerator:
    return StoryGenerator()


def create_story(choices: Choices | dict, seed: int | None = None, k: int = DEFAULT_CANDIDATES) -> Story:
    """The Python API: an original, safety-screened five-scene story for the child's choices."""
    return default_generator().create_story(choices, seed=seed, k=k)
