"""create_story: choices -> plan -> K drafts -> format and safety screen -> selection -> scene repair.

    Choices ──► Planner ──► StoryPlan ──► Writer ×K ──► parse ─► safety screen ─► merit ──► repair ──► Story

Only a draft that parsed and passed the safety screen can be returned. When a whole round of
K drafts fails, another round is sampled, up to MAX_ROUNDS; after that the child gets a story
from our hand-written corpus for the closest choices, marked `"source": "corpus"`.

Selection keeps the draft with the best merit: the coherence ranker's score, plus the share of
the plan's keywords found in their scenes, plus the share of the child's four choices that the
text shows. Then every scene that still misses some of its keywords is written again (K
continuations of the same story up to that scene, in one batch); a new version replaces the
old one only when it passes the safety screen and raises the whole story's merit. Repair goes
in scene order and never touches a scene before the one it rewrites, so each scene is final
once its turn is over: `on_page` says so at once, and the pipeline paints and voices page 1
while pages 2-5 are still being repaired.
"""

from __future__ import annotations

import random
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from taleweaver.contracts import CandidateReport, Choices, Scene, ScenePlan, Story, StoryPlan
from taleweaver.safety import screen_story_texts
from taleweaver.story.keywords import keyword_in_scene, scene_lemmas
from taleweaver.story.metrics import adherence
from taleweaver.story.ranker import story_text

DEFAULT_CANDIDATES = 4
MAX_ROUNDS = 3
# Merit = ranker score + COVERAGE_WEIGHT * keyword coverage + CHOICES_WEIGHT * choices shown.
# All three lie in [0, 1]. Keywords weigh as much as coherence because the plan is the
# story's skeleton; a missing choice costs a quarter of CHOICES_WEIGHT.
COVERAGE_WEIGHT = 1.0
CHOICES_WEIGHT = 0.5


def keyword_coverage(plan: StoryPlan, scenes: list[str]) -> float:
    """Share of the plan's keywords that appear (as a word or lemma) in their own scene."""
    hits = total = 0
    for scene_plan, text in zip(plan.scenes, scenes):
        lemmas = scene_lemmas(text)
        hits += sum(keyword_in_scene(k, lemmas) for k in scene_plan.keywords)
        total += len(scene_plan.keywords)
    return hits / total if total else 0.0


def missing_keywords(keywords: list[str], text: str) -> list[str]:
    lemmas = scene_lemmas(text)
    return [k for k in keywords if not keyword_in_scene(k, lemmas)]


def choices_shown(choices: Choices, title: str, scenes: list[str]) -> float:
    """Share of the child's four choices visible in the text (story/metrics.py adherence)."""
    shown = adherence(story_text(title, scenes), choices.model_dump())
    return sum(shown.values()) / len(shown)


# on_page(index, title, scenes): scene `index` (1-based) is final; `scenes` is the whole story so far.
PageCallback = Callable[[int, str, list[str]], None]


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
        # Seconds per stage of the last story (plan, write, screen, rank, coverage, repair; "pages" is
        # the time spent in the caller's on_page), for bench/story.py.
        self.last_timings: dict[str, float] = {}
        # Scene rewrites of the last story that the safety screen refused, by layer (a
        # rewrite is not a candidate, so it has no CandidateReport); for bench/safety_at_scale.py.
        self.last_rewrite_rejections: dict[str, int] = {}

    def create_story(self, choices: Choices | dict, seed: int | None = None, k: int = DEFAULT_CANDIDATES,
                     on_page: PageCallback | None = None) -> Story:
        """`on_page(index, title, scenes)` is called as soon as scene `index` is final, with
        the whole story as it stands (the scenes after `index` may still be rewritten), so a
        caller can paint and voice page 1 while pages 2-5 are still being repaired. A corpus
        fallback calls it for no page: the caller makes every page from the returned Story."""
        choices = choices if isinstance(choices, Choices) else Choices(**choices)
        if not 1 <= k <= self.max_candidates:
            raise ValueError(f"k must be between 1 and {self.max_candidates}")
        seed = secrets.randbelow(2**31) if seed is None else seed
        timings = self.last_timings = defaultdict(float)
        self.last_rewrite_rejections = defaultdict(int)
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
        best: tuple[float, tuple[str, list[str]], CandidateReport] | None = None  # (merit, draft, report)
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
                    self.judge(report, score, plan, *draft)
                    if best is None or report.merit > best[0]:
                        best = (report.merit, draft, report)
                lap("coverage")
            if best is not None:
                break
        if best is None:
            return self.corpus_fallback(choices, seed, reports, f"all {len(reports)} drafts failed the checks")
        _, (title, scenes), chosen = best
        chosen.chosen = True

        def page_final(index: int, title: str, scenes: list[str]) -> None:
            lap("repair")
            on_page(index, title, scenes)
            lap("pages")  # the caller's time (painting, voicing) is not the story stage's

        scenes, rewritten = self.repair_scenes(plan, title, scenes, chosen, k, seed,
                                               page_final if on_page is not None else None)
        lap("repair")
        return Story(
            choices=choices, title=title, ranker_score=chosen.ranker_score,
            keyword_coverage=chosen.keyword_coverage, rewritten_scenes=rewritten,
            scenes=[Scene(index=i, text=text, keywords=plan.scenes[i - 1].keywords) for i, text in enumerate(scenes, 1)],
            source="generated", seed=seed, plan=plan, candidates=reports,
        )

    @staticmethod
    def judge(report: CandidateReport, score: float, plan: StoryPlan, title: str, scenes: list[str]) -> None:
        """Fill in a candidate's ranker score, keyword coverage, choices shown and merit."""
        report.ranker_score = round(score, 4)
        report.keyword_coverage = round(keyword_coverage(plan, scenes), 4)
        report.choices_shown = choices_shown(plan.choices, title, scenes)
        report.merit = round(report.ranker_score + COVERAGE_WEIGHT * report.keyword_coverage
                             + CHOICES_WEIGHT * report.choices_shown, 4)

    def repair_scenes(self, plan: StoryPlan, title: str, scenes: list[str], chosen: CandidateReport,
                      k: int, seed: int, on_page: PageCallback | None = None) -> tuple[list[str], list[int]]:
        """Write again, in order, each scene that misses plan keywords; keep a new version only
        when it is safe and the whole story's merit rises. Updates `chosen` to the final story.
        A rewrite only changes its own scene, so once scene `index` is settled it is final and
        `on_page` hears of it before the next scene is rewritten."""
        scenes, rewritten = list(scenes), []
        for index, scene_plan in enumerate(plan.scenes, 1):
            self.rewrite_scene(plan, title, scenes, index, chosen, k, seed, rewritten)
            if on_page is not None:
                on_page(index, title, list(scenes))
        return scenes, rewritten

    def rewrite_scene(self, plan: StoryPlan, title: str, scenes: list[str], index: int, chosen: CandidateReport,
                      k: int, seed: int, rewritten: list[int]) -> None:
        """Repair scene `index` in place in `scenes` when a safe rewrite holds more of its plan
        keywords and raises the story's merit; note it in `rewritten`."""
        scene_plan = plan.scenes[index - 1]
        missing = missing_keywords(scene_plan.keywords, scenes[index - 1])
        if not missing:
            return
        versions = self.writer.rewrite_scene(plan, title, scenes, index, k, seed=seed * 7919 + index * k)
        trials = []
        for text in dict.fromkeys(versions):
            if not text or len(missing_keywords(scene_plan.keywords, text)) >= len(missing):
                continue  # only a version that holds more of its keywords is worth ranking
            verdict = screen_story_texts([text])
            if not verdict.safe:
                self.last_rewrite_rejections[verdict.layer] += 1
                continue
            trials.append(text)
        if not trials:
            return
        stories = [scenes[:index - 1] + [text] + scenes[index:] for text in trials]
        scores = self.ranker.score_texts([story_text(title, story) for story in stories])
        best = None
        for text, story, score in zip(trials, stories, scores):
            report = CandidateReport()
            self.judge(report, score, plan, title, story)
            if report.merit > (best or chosen).merit:
                best, scenes[index - 1] = report, text
        if best is not None:
            for field in ("ranker_score", "keyword_coverage", "choices_shown", "merit"):
                setattr(chosen, field, getattr(best, field))
            rewritten.append(index)

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


def create_story(choices: Choices | dict, seed: int | None = None, k: int = DEFAULT_CANDIDATES,
                 on_page: PageCallback | None = None) -> Story:
    """The Python API: an original, safety-screened five-scene story for the child's choices.
    `on_page`: see StoryGenerator.create_story."""
    return default_generator().create_story(choices, seed=seed, k=k, on_page=on_page)
