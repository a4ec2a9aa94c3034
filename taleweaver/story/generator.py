"""create_story: choices -> plan -> K drafts -> format check -> merit -> safety screen -> scene repair.

    Choices ──► Planner ──► StoryPlan ──► Writer ×K ──► parse ─► merit ─► safety screen ──► repair ──► Story

Only a draft that parsed and passed the safety screen can be returned. When a whole round of
K drafts fails, another round is sampled, up to MAX_ROUNDS; after that the child gets a story
from our hand-written corpus for the closest choices, marked `"source": "corpus"`.

Selection keeps the safe draft with the best merit: the coherence ranker's score, plus the
share of the plan's keywords found in their scenes, plus the share of the child's four choices
that the text shows (drafts are screened best first, and screening stops at the first safe
one). Then every scene that still misses some of its keywords is written again
(continuations of the same story up to that scene): scene 1 first and alone, only when it
misses one, then scenes 2-5 sampled together in one batch, and a scene that still misses one
gets a second batch; a new version replaces the old one when it passes the safety screen and
holds more of its keywords (the best merit among those that hold the most). A rewrite never
touches a scene before it, so each scene is final once the ones before it are: `on_page` says
so at once, and the pipeline paints and voices page 1 before pages 2-5 are repaired.
"""

from __future__ import annotations

import random
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from taleweaver.contracts import CandidateReport, Choices, Scene, ScenePlan, Story, StoryPlan
from taleweaver.safety import screen_story_texts
from taleweaver.story import prompts
from taleweaver.story.corpus_format import ADJECTIVE_FORMS, COLOR_FORMS, HERO_FORMS
from taleweaver.story.keywords import keyword_in_scene, scene_lemmas
from taleweaver.story.metrics import adherence
from taleweaver.story.ranker import story_text
from taleweaver.story.writer import REPAIR_SEQUENCES

DEFAULT_CANDIDATES = 4
MAX_ROUNDS = 3
# Rounds of scene rewrites for the scenes that miss plan keywords (see repair_scenes).
REPAIR_ROUNDS = 2
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


def scene_one_opening(scenes: list[str], longest: int = 12) -> str | None:
    """The words a new scene 1 starts with: the old scene 1 up to the last of the names it
    gives that scenes 2-5 use ("Sunny", "Mermaid Sugar"), or None when it gives none or that
    takes more than `longest` words. Scene 1 is written again after the title alone, so
    without them it may name the hero afresh: "Dweeble the puppy" in a story whose scenes 2-5
    call her Sunny (test choice h1_123, 2026-12-08)."""
    from taleweaver.nlp import english

    later = set(re.findall(r"[A-Z][a-z]+", " ".join(scenes[1:])))
    lower = set(re.findall(r"\b[a-z]+\b", " ".join(scenes)))
    # A name: a proper noun that the later scenes write capitalized, or another capitalized
    # word they repeat and the story never writes in lower case (the small parser tags "Pia"
    # at the start of "Pia the mermaid found..." as a verb); never an adverb or interjection
    # ("Suddenly", "Wow").
    ends = [t.idx + len(t.text) for t in english()(scenes[0])
            if t.text in later and t.text[:1].isupper() and not t.is_stop
            and (t.pos_ == "PROPN" or (t.pos_ not in ("ADV", "ADJ", "INTJ") and t.text.lower() not in lower))]
    if not ends:
        return None
    # The first run of names: up to the last name that follows the first with nothing but
    # names and small words between ("Mermaid Sugar"), not a name three sentences on.
    opening = scenes[0][:ends[0]]
    for end in ends[1:]:
        if len(scenes[0][len(opening):end].split()) > 2:
            break
        opening = scenes[0][:end]
    return opening if len(opening.split()) <= longest else None


def choice_words_missing(choices: Choices, title: str, scenes: list[str]) -> list[str]:
    """The hero, color and adjective words of the child's choices that the story does not show
    yet, each in its plain form ("mermaid"); any listed form counts as shown ("golden" for
    gold). The theme is shown by two setting words, not one, so it is left out."""
    shown = adherence(story_text(title, scenes), choices.model_dump())
    forms = {"hero": HERO_FORMS.get(choices.hero, (choices.hero,)),
             "color": COLOR_FORMS.get(choices.color, (choices.color,)),
             "adjective": ADJECTIVE_FORMS.get(choices.adjective, (choices.adjective,))}
    return [forms[kind][0] for kind in ("hero", "color", "adjective") if not shown[kind]]


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
        # Rewrites are nudged towards the plan keywords their scene missed; with this on, also
        # towards the hero, color and adjective words the whole story does not show yet. Off:
        # on 24 paired stories it showed all four choices in one story more but cost keyword
        # coverage and ranker score (bench/keyword_nudge.py --choice-words; docs/story-generator.md).
        self.nudge_choice_words = False
        # Scene 1 is written again when it misses a plan keyword (see repair_scenes); off, it
        # stays as drafted (for bench/keyword_nudge.py --scene-one, which measures the change).
        self.repair_first_scene = True

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
        best: tuple[tuple[str, list[str]], CandidateReport] | None = None  # (draft, report)
        for round_ in range(MAX_ROUNDS):
            drafts = self.writer.write_drafts(plan, k, seed=seed * 1009 + round_ * k)
            lap("write")
            judged: list[tuple[tuple[str, list[str]], CandidateReport]] = []
            for draft in drafts:
                report = CandidateReport()
                reports.append(report)
                if draft is None:
                    report.rejected_by, report.reasons = "format", ["not a title and five scenes"]
                    continue
                judged.append((draft, report))
            if judged:  # one batch through the ranker for all well-formed drafts of the round
                scores = self.ranker.score_texts([story_text(title, scenes) for (title, scenes), _ in judged])
                lap("rank")
                for (draft, report), score in zip(judged, scores):
                    self.judge(report, score, plan, *draft)
                lap("coverage")
            # Screen best first and stop at the first safe draft: the same story as screening
            # them all and keeping the best safe one, for a quarter of the screening when the
            # best draft is safe. (sorted is stable: among equals the earlier draft wins.)
            for draft, report in sorted(judged, key=lambda item: -item[1].merit):
                verdict = screen_story_texts([draft[0], *draft[1]])
                report.screened = True
                if not verdict.safe:
                    report.rejected_by, report.reasons = verdict.layer, verdict.reasons
                    continue
                best = (draft, report)
                break
            lap("screen")
            if best is not None:
                break
        if best is None:
            return self.corpus_fallback(choices, seed, reports, f"all {len(reports)} drafts failed the checks")
        (title, scenes), chosen = best
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
        """Write again the scenes that miss plan keywords, up to REPAIR_ROUNDS times, and keep
        the safe version that holds the most of them (see keep_best_version). Updates `chosen`
        to the final story.

        Scene 1 is written again only when it misses a keyword, and alone, before the others:
        page 1 then waits for one or two more small batches. Repairing it always cost about 2 s
        of the child's wait for 1 point of plan-keyword coverage (20 test choices, same drafts:
        81.1% with it, 80.1% without; first page 13.3 s -> 11.1 s median, docs/bench-pipeline.md);
        with drafts nudged towards their keywords scene 1 rarely misses one, and when it does
        it is the only thing between the child and a whole plan (docs/story-generator.md,
        "Scene 1 too"). Scenes 2-5 are written together in one batch (a batch of several costs
        far less than one after another: docs/bench-story.md), each after the scenes before it
        as they stand then, and the versions are judged in order. A scene that still misses a
        keyword gets a second batch; the scenes before it are final at once, and `on_page`
        hears of each page as soon as it and every page before it are final."""
        scenes, rewritten = list(scenes), []
        for round_ in range(REPAIR_ROUNDS if self.repair_first_scene else 0):
            first = self.rewrite_versions(plan, title, scenes, [1], k, seed, round_)
            if not first:
                break
            self.keep_best_version(plan, title, scenes, 1, first[1], chosen, rewritten)
        if on_page is not None:
            on_page(1, title, list(scenes))
        later, announced = list(range(2, len(scenes) + 1)), 1
        for round_ in range(REPAIR_ROUNDS):
            versions = self.rewrite_versions(plan, title, scenes, later, k, seed, round_)
            for index in sorted(versions):
                self.keep_best_version(plan, title, scenes, index, versions[index], chosen, rewritten)
            if round_ == REPAIR_ROUNDS - 1:
                break
            # Pages up to the first scene that still misses a keyword are final now.
            still = [i for i in later if missing_keywords(plan.scenes[i - 1].keywords, scenes[i - 1])]
            final = (still[0] - 1) if still else len(scenes)
            while on_page is not None and announced < final:
                announced += 1
                on_page(announced, title, list(scenes))
            if not still:
                break
            later = still
        while on_page is not None and announced < len(scenes):
            announced += 1
            on_page(announced, title, list(scenes))
        return scenes, sorted(set(rewritten))

    def rewrite_versions(self, plan: StoryPlan, title: str, scenes: list[str], indices: list[int],
                         k: int, seed: int, round_: int = 0) -> dict[int, list[str]]:
        """New versions of the scenes in `indices` that miss plan keywords, written in one batch:
        k each, or fewer when that many would not fit one batch (at least 2 each). `round_`
        (0, 1, ...) gives each repair round its own seeds."""
        # Each scene's missed keywords, found once (a spaCy parse per scene): they pick the
        # scenes to rewrite and are what each rewrite is nudged towards.
        lacks = {i: missing_keywords(plan.scenes[i - 1].keywords, scenes[i - 1]) for i in indices}
        missing = [i for i in indices if lacks[i]]
        if not missing:
            return {}
        each = k if k * len(missing) <= REPAIR_SEQUENCES else min(k, max(2, REPAIR_SEQUENCES // len(missing)))
        lacking = choice_words_missing(plan.choices, title, scenes) if self.nudge_choice_words else []
        opening = scene_one_opening(scenes) if 1 in missing else None
        return self.writer.rewrite_scenes(plan, title, scenes, missing, each,
                                          [seed * 7919 + index * k + round_ * 1_000_003 for index in missing],
                                          {i: list(dict.fromkeys(lacks[i] + lacking)) for i in missing},
                                          **({"openings": {1: opening}} if opening else {}))

    def keep_best_version(self, plan: StoryPlan, title: str, scenes: list[str], index: int, versions: list[str],
                          chosen: CandidateReport, rewritten: list[int]) -> None:
        """Put in place in `scenes` the safe version of scene `index` that holds the most of its
        plan keywords (more than the scene holds now), the one with the best merit among those;
        note it in `rewritten` and update `chosen` to the new story.

        The plan's keywords must appear in their scenes, so a version that holds more of them
        replaces the scene even when the ranker likes the story a little less: the merit rule
        used before (replace only when the merit rises) turned down, on the 120 test choices,
        versions that held the missing word in 3 of the 9 stories that still missed one
        (docs/story-generator.md, "Two repair rounds")."""
        scene_plan = plan.scenes[index - 1]
        missing = len(missing_keywords(scene_plan.keywords, scenes[index - 1]))
        trials = []
        for text in dict.fromkeys(versions):
            if not prompts.is_scene(text):
                continue
            left = len(missing_keywords(scene_plan.keywords, text))
            if left >= missing:
                continue  # only a whole scene that holds more of its keywords is worth ranking
            verdict = screen_story_texts([text])
            if not verdict.safe:
                self.last_rewrite_rejections[verdict.layer] += 1
                continue
            trials.append((left, text))
        if not trials:
            return
        fewest = min(left for left, _ in trials)
        trials = [text for left, text in trials if left == fewest]
        stories = [scenes[:index - 1] + [text] + scenes[index:] for text in trials]
        scores = self.ranker.score_texts([story_text(title, story) for story in stories])
        reports = []
        for score, story in zip(scores, stories):
            report = CandidateReport()
            self.judge(report, score, plan, title, story)
            reports.append(report)
        best = max(range(len(trials)), key=lambda i: reports[i].merit)  # the first among equals
        scenes[index - 1] = trials[best]
        for field in ("ranker_score", "keyword_coverage", "choices_shown", "merit"):
            setattr(chosen, field, getattr(reports[best], field))
        rewritten.append(index)

    def corpus_fallback(self, choices: Choices, seed: int, reports: list[CandidateReport], why: str) -> Story:
        """A hand-written corpus story for the closest choices: honest, and never unsafe."""
        from taleweaver.story.corpus import load_corpus
        from taleweaver.story.keywords import KEYWORDS_PATH, load_keywords

        wanted = choices.model_dump()
        weights = {"hero": 4, "theme": 3, "adjective": 2, "color": 1}

        def closeness(story) -> int:
            return sum(w for kind, w in weights.items() if getattr(story, kind) == wanted[kind])

        # The closest stories first, shuffled within each level of closeness; a level whose every
        # story the screen refuses falls through to the next (some choice sets have a single
        # closest story, e.g. pirate / dinosaur_valley / silly / green: h4_075, which the screen
        # refuses; found by bench/safety_threshold.py).
        rng = random.Random(seed)
        stories = list(load_corpus())
        rng.shuffle(stories)
        ordered = sorted(stories, key=closeness, reverse=True)  # stable: shuffled within a level
        story = next(s for s in ordered if screen_story_texts([s.title, *s.scenes]).safe)
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
