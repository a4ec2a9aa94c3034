"""The story generator with the committed models: planner, writer, safety screen, ranker."""

import pytest

from taleweaver.contracts import CandidateReport, Choices, ScenePlan, Story, StoryPlan
from taleweaver.safety import screen_story_texts
from taleweaver.story.generator import (CHOICES_WEIGHT, COVERAGE_WEIGHT, StoryGenerator, choice_words_missing,
                                        keyword_coverage)

CHOICES = Choices(theme="underwater", hero="mermaid", color="purple", adjective="silly")


@pytest.fixture(scope="module")
def generator():
    return StoryGenerator()


@pytest.fixture(scope="module")
def story(generator):
    return generator.create_story(CHOICES, seed=11)


def test_a_story_has_a_title_and_five_scenes_that_pass_the_safety_screen(story):
    assert isinstance(story, Story) and story.title
    assert [s.index for s in story.scenes] == [1, 2, 3, 4, 5]
    assert all(s.text.strip() for s in story.scenes)
    assert screen_story_texts([story.title, *(s.text for s in story.scenes)]).safe
    assert story.source in {"generated", "corpus"}
    assert 0.0 <= story.ranker_score <= 1.0


def test_the_plan_gives_each_scene_its_keywords(story):
    assert story.plan is not None
    assert [s.keywords for s in story.scenes] == [p.keywords for p in story.plan.scenes]
    assert all(1 <= len(s.keywords) <= 6 for s in story.scenes)


def test_the_returned_candidate_has_the_best_merit_of_all_safe_drafts(story):
    judged = [c for c in story.candidates if c.merit is not None and c.rejected_by is None]
    chosen = [c for c in story.candidates if c.chosen]
    assert story.source == "generated"
    assert len(chosen) == 1 and chosen[0].merit == max(c.merit for c in judged)
    assert chosen[0].screened
    assert chosen[0].ranker_score == story.ranker_score
    assert chosen[0].keyword_coverage == story.keyword_coverage
    assert story.keyword_coverage == pytest.approx(keyword_coverage(story.plan, [s.text for s in story.scenes]), abs=1e-4)
    assert chosen[0].merit == pytest.approx(chosen[0].ranker_score + COVERAGE_WEIGHT * chosen[0].keyword_coverage
                                            + CHOICES_WEIGHT * chosen[0].choices_shown, abs=2e-4)


def test_a_rewritten_scene_is_one_line_of_the_same_story(generator, story):
    versions = generator.writer.rewrite_scenes(story.plan, story.title, [s.text for s in story.scenes], [3], 2, [1])[3]
    assert len(versions) == 2 and all(v and "\n" not in v for v in versions)


def test_scenes_written_again_together_each_continue_their_own_story_so_far(generator, story):
    # One batch reads the story once for every scene it rewrites (the prompts share their
    # beginning). A scene asked for twice, with the same seeds, gets the same versions twice:
    # both read exactly the same tokens, shared or not.
    scenes = [s.text for s in story.scenes]
    together = generator.writer.lm.sample_each(
        [generator.writer.lm_prompt(story.plan, story.title, scenes, index) for index in (2, 4, 4, 5)],
        2, max_tokens=40, temperature=0.8, seed=[7, 8, 8, 9], stop="\n")
    assert together[1] == together[2]
    assert len({tuple(v) for v in together}) == 3 and all(len(v) == 2 and all(v) for v in together)
    versions = generator.writer.rewrite_scenes(story.plan, story.title, scenes, [2, 4, 5], 2, [7, 8, 9])
    assert sorted(versions) == [2, 4, 5] and all(len(v) == 2 and all("\n" not in t for t in v) for v in versions.values())


def test_a_scene_written_again_from_given_opening_words_starts_with_them(generator, story):
    scenes = [s.text for s in story.scenes]
    versions = generator.writer.rewrite_scenes(story.plan, story.title, scenes, [1], 2, [3],
                                               openings={1: "Pia the mermaid"})[1]
    assert len(versions) == 2 and all(v.startswith("Pia the mermaid") for v in versions)
    assert all(len(v.split()) > 4 for v in versions)  # the model went on from the opening


def test_scene_one_opening_is_the_old_scene_1_up_to_the_names_the_later_scenes_use():
    from taleweaver.story.generator import scene_one_opening

    assert scene_one_opening(["Sunny Sunny was a puppy from the desert. She had curly fur.",
                              "Sunny was looking for it again."]) == "Sunny Sunny"
    assert scene_one_opening(["Mermaid Sugar was the queen of Sugar Kingdom. Suddenly she swam.",
                              "Mermaid Sugar tried to float back. Suddenly it rained."]) == "Mermaid Sugar"
    assert scene_one_opening(["Pia the mermaid found a purple shell.", "Pia sang a silly song."]) == "Pia"
    assert scene_one_opening(["The fish swam. Bubbles rose.", "Bubbles popped and more bubbles came."]) is None
    assert scene_one_opening(["Once upon a time in the big blue sea there lived a small fish called Bob.",
                              "Bob swam."]) is None  # too long to impose


def test_a_rewrite_is_nudged_towards_the_keywords_its_scene_missed(generator, story):
    # The same seeds with and without the nudge: a word the scene never used ("trampoline")
    # appears in the nudged versions (a large nudge, so the test does not hang on luck), and
    # once used it is nudged no more, so it is not repeated word after word. " trampoline" is
    # three tokens: every piece after the first is nudged too, so the word is written whole.
    scenes = [s.text for s in story.scenes]
    plain = generator.writer.rewrite_scenes(story.plan, story.title, scenes, [3], 3, [5], nudge=0.0)[3]
    nudged = generator.writer.rewrite_scenes(story.plan, story.title, scenes, [3], 3, [5],
                                             {3: ["trampoline"]}, nudge=30.0)[3]
    assert not any("trampoline" in v.lower() for v in plain)
    assert all("trampoline" in v.lower() for v in nudged)
    assert all(v.lower().count("trampoline") <= 2 for v in nudged)
    lm = generator.writer.lm
    assert generator.writer.word_spellings("trampoline") == [lm.tokenize(" trampoline"), lm.tokenize(" Trampoline")]
    assert len(lm.tokenize(" trampoline")) == 3


def test_a_draft_is_nudged_towards_each_scenes_own_keywords(generator, story):
    # "trampoline" planned for scene 2 only. The writer is trained to use its plan, so without
    # the nudge some drafts use it already (2 of these 3), not all. With the nudge every draft
    # writes it in scene 2 (a large nudge, so the test does not hang on luck), and none is
    # pushed to write it in scene 1, which is steered towards its own keywords only.
    keywords = [scene.keywords for scene in story.plan.scenes]
    keywords[1] = ["trampoline"]
    plan = StoryPlan(choices=story.choices, scenes=[ScenePlan(index=i, keywords=kw) for i, kw in enumerate(keywords, 1)])
    plain = generator.writer.write_drafts(plan, 3, seed=11, nudge=0.0)
    nudged = generator.writer.write_drafts(plan, 3, seed=11, nudge=30.0)
    assert not all(d and "trampoline" in d[1][1].lower() for d in plain)
    drafts = [d for d in nudged if d]
    assert drafts and all("trampoline" in d[1][1].lower() for d in drafts)
    assert not any("trampoline" in d[1][0].lower() for d in drafts)
    assert all(d[1][1].lower().count("trampoline") <= 2 for d in drafts)


def test_a_scene_missing_its_keywords_is_replaced_by_a_safe_version_that_holds_them(generator, monkeypatch):
    plan = StoryPlan(choices=CHOICES, scenes=[ScenePlan(index=i, keywords=kw) for i, kw in enumerate(
        [["shell"], ["octopus"], ["bubble"], ["song"], ["home"]], 1)])
    scenes = ["Pia the mermaid found a purple shell.", "She met a friend.", "They blew a bubble.",
              "Pia sang a silly song.", "They swam home."]
    unsafe = "The octopus had blood on its arms."
    good = "A silly purple octopus waved hello to Pia."
    asked = []

    def rewrite_scenes(plan, title, scenes, indices, k, seeds, missing=None, **options):
        asked.append(list(indices))
        assert missing == {2: ["octopus"]}  # each rewrite is told which keywords its scene lacks
        return {index: [unsafe, good][:k] for index in indices}

    monkeypatch.setattr(generator.writer, "rewrite_scenes", rewrite_scenes)
    chosen = CandidateReport()
    generator.judge(chosen, generator.ranker.score("Pia", scenes), plan, "Pia", scenes)
    pages = []
    repaired, rewritten = generator.repair_scenes(plan, "Pia", scenes, chosen, 2, seed=1,
                                                  on_page=lambda index, title, now: pages.append((index, now)))
    assert rewritten == [2] and repaired[1] == good and repaired[0] == scenes[0]
    assert asked == [[2]]  # of scenes 2-5, only scene 2 misses a keyword
    assert chosen.keyword_coverage == 1.0
    # Each scene is announced once it is final: page 1 before scene 2 was rewritten, and every
    # announced scene is the one the story keeps.
    assert [index for index, _ in pages] == [1, 2, 3, 4, 5]
    assert pages[0][1][1] == "She met a friend." and pages[1][1][1] == good
    assert [now[index - 1] for index, now in pages] == repaired


def test_choice_words_the_story_lacks_are_named_in_their_plain_form():
    shown = ["Pia the mermaid found a purple shell.", "It was a silly day."]
    assert choice_words_missing(CHOICES, "Pia", shown) == []
    # Any listed form counts as shown: "golden" is a form of gold.
    assert choice_words_missing(CHOICES, "Pia", ["Pia swam to a shell.", "It was quiet."]) == ["mermaid", "purple", "silly"]
    gold = Choices(theme="castle", hero="dragon", color="gold", adjective="brave")
    assert choice_words_missing(gold, "Tam", ["Tam the dragon had golden wings.", "He was calm."]) == ["brave"]


def test_rewrites_can_be_nudged_towards_the_choice_words_the_story_lacks(generator, monkeypatch):
    plan = StoryPlan(choices=CHOICES, scenes=[ScenePlan(index=i, keywords=kw) for i, kw in enumerate(
        [["shell"], ["octopus"], ["bubble"], ["song"], ["home"]], 1)])
    # Neither "purple" nor "silly" appears anywhere: scenes 2 and 5 miss keywords, and each
    # of their rewrites is told those two words as well as its own keywords.
    scenes = ["Pia the mermaid found a shell.", "She met a friend.", "They blew a bubble.",
              "Pia sang a song.", "They swam away."]
    told = []

    def rewrite_scenes(plan, title, scenes, indices, k, seeds, missing=None, **options):
        told.append(missing)
        return {index: [] for index in indices}

    monkeypatch.setattr(generator.writer, "rewrite_scenes", rewrite_scenes)
    monkeypatch.setattr(generator, "nudge_choice_words", True)  # off by default (measured)
    generator.rewrite_versions(plan, "Pia", scenes, [2, 3, 4, 5], 2, seed=1)
    monkeypatch.setattr(generator, "nudge_choice_words", False)
    generator.rewrite_versions(plan, "Pia", scenes, [2, 3, 4, 5], 2, seed=1)
    assert told == [{2: ["octopus", "purple", "silly"], 5: ["home", "purple", "silly"]},
                    {2: ["octopus"], 5: ["home"]}]


def test_scene_1_is_written_again_alone_and_first_only_when_it_misses_a_keyword(generator, monkeypatch):
    plan = StoryPlan(choices=CHOICES, scenes=[ScenePlan(index=i, keywords=kw) for i, kw in enumerate(
        [["lighthouse"], ["octopus"], ["bubble"], ["song"], ["home"]], 1)])
    scenes = ["Pia the mermaid found a purple shell.", "She met a friend.", "They blew a bubble.",
              "Pia sang a silly song.", "They swam home."]
    fixed = "Pia the silly mermaid found a purple lighthouse."
    asked, pages, openings = [], [], []

    def rewrite_scenes(plan, title, now, indices, k, seeds, missing=None, **options):
        # which scenes, which pages were out by then, and scene 1 as the rewrite read it
        asked.append((list(indices), [p for p, _ in pages], now[0], missing))
        openings.append(options.get("openings"))
        return {index: [fixed if index == 1 else "A silly purple octopus waved hello to Pia."] for index in indices}

    monkeypatch.setattr(generator.writer, "rewrite_scenes", rewrite_scenes)
    chosen = CandidateReport()
    generator.judge(chosen, generator.ranker.score("Pia", scenes), plan, "Pia", scenes)
    repaired, rewritten = generator.repair_scenes(plan, "Pia", scenes, chosen, 4, seed=1,
                                                  on_page=lambda index, title, now: pages.append((index, now)))
    # Scene 1 misses "lighthouse": it is written again alone, before page 1 is out; scene 2 is
    # then written after the new scene 1.
    assert asked == [([1], [], scenes[0], {1: ["lighthouse"]}), ([2], [1], fixed, {2: ["octopus"]})]
    assert repaired[0] == fixed and pages[0][1][0] == fixed and rewritten[0] == 1
    # The new scene 1 starts with the name scenes 2-5 use, so it cannot rename the hero.
    assert openings == [{1: "Pia"}, None]

    # A scene 1 that holds its keywords is not written again: page 1 waits for nothing.
    asked.clear(), pages.clear()
    whole = [fixed, *scenes[1:]]
    chosen = CandidateReport()
    generator.judge(chosen, generator.ranker.score("Pia", whole), plan, "Pia", whole)
    repaired, _ = generator.repair_scenes(plan, "Pia", whole, chosen, 4, seed=1,
                                          on_page=lambda index, title, now: pages.append((index, now)))
    assert [indices for indices, *_ in asked] == [[2]] and repaired[0] == fixed


def test_a_scene_that_still_misses_a_keyword_gets_a_second_round_and_earlier_pages_go_out_first(generator, monkeypatch):
    plan = StoryPlan(choices=CHOICES, scenes=[ScenePlan(index=i, keywords=kw) for i, kw in enumerate(
        [["shell"], ["friend"], ["bubble"], ["song"], ["home"]], 1)])
    scenes = ["Pia the mermaid found a purple shell.", "She met a friend.", "They blew a big round ball.",
              "Pia sang a silly song.", "They swam home."]
    missed_again = "They played a silly game with a purple ball."
    holds_it = "They blew a silly purple bubble and it popped."
    asked = []

    def rewrite_scenes(plan, title, now, indices, k, seeds, missing=None, **options):
        asked.append((list(indices), list(seeds), [p for p, _ in pages]))
        return {index: [holds_it if len(asked) == 2 else missed_again] for index in indices}

    monkeypatch.setattr(generator.writer, "rewrite_scenes", rewrite_scenes)
    chosen = CandidateReport()
    generator.judge(chosen, generator.ranker.score("Pia", scenes), plan, "Pia", scenes)
    pages = []
    repaired, rewritten = generator.repair_scenes(plan, "Pia", scenes, chosen, 4, seed=1,
                                                  on_page=lambda index, title, now: pages.append((index, now)))
    # Round 1 gave scene 3 no version with "bubble"; round 2 (its own seeds) did. Page 2 was
    # final after round 1 and went out before round 2; pages 3-5 after it.
    (first, first_seeds, out_then), (second, second_seeds, out_later) = asked
    assert first == second == [3] and first_seeds != second_seeds
    assert out_then == [1] and out_later == [1, 2]
    assert repaired[2] == holds_it and rewritten == [3]
    assert [index for index, _ in pages] == [1, 2, 3, 4, 5] and pages[2][1][2] == holds_it


def test_a_version_that_holds_more_keywords_wins_even_when_the_ranker_likes_it_less(generator, monkeypatch):
    plan = StoryPlan(choices=CHOICES, scenes=[ScenePlan(index=i, keywords=kw) for i, kw in enumerate(
        [["shell"], ["octopus", "cave"], ["bubble"], ["song"], ["home"]], 1)])
    scenes = ["Pia the mermaid found a purple shell.", "She met a friend in a cave.", "They blew a bubble.",
              "Pia sang a silly song.", "They swam home."]
    both = "A silly purple octopus waved from the dark cave."
    liked = "A silly purple octopus waved hello to Pia."
    monkeypatch.setattr(generator.writer, "rewrite_scenes",
                        lambda plan, title, now, indices, k, seeds, missing=None: {i: [liked, both] for i in indices})
    chosen = CandidateReport()
    generator.judge(chosen, 0.95, plan, "Pia", scenes)
    # The ranker dislikes the version with both keywords so much that the story's merit falls.
    monkeypatch.setattr(generator.ranker, "score_texts",
                        lambda texts: [0.1 if both in text else 0.9 for text in texts])
    repaired, rewritten = generator.repair_scenes(plan, "Pia", scenes, chosen, 2, seed=1)
    assert repaired[1] == both and rewritten == [2]
    assert chosen.keyword_coverage == 1.0 and chosen.ranker_score == 0.1


def test_the_same_seed_gives_the_same_story_and_another_seed_another(generator, story):
    again = generator.create_story(CHOICES, seed=11)
    other = generator.create_story(CHOICES, seed=12)
    assert again.title == story.title and [s.text for s in again.scenes] == [s.text for s in story.scenes]
    assert [s.text for s in other.scenes] != [s.text for s in story.scenes]


def test_unsafe_drafts_are_never_returned(generator, monkeypatch):
    unsafe = ("A Bad Day", ["The pirate had a sword.", "He was mean.", "Blood was everywhere.", "Then.", "End."])
    safe = ("A Good Day", ["Pia the mermaid found a purple shell.", "It giggled.", "She laughed.", "They played.", "The end."])
    monkeypatch.setattr(generator.writer, "write_drafts", lambda plan, k, seed: [unsafe, None, safe, unsafe][:k])
    result = generator.create_story(CHOICES, seed=3)
    assert result.title == "A Good Day" and result.source == "generated"
    first, malformed, kept, second = result.candidates
    assert malformed.rejected_by == "format" and not malformed.screened
    assert kept.chosen and kept.screened and kept.rejected_by is None
    # Drafts are screened best first: an unsafe draft of more merit was refused, one of less
    # merit was never screened, and neither was returned.
    for unsafe_one in (first, second):
        if unsafe_one.merit > kept.merit:
            assert unsafe_one.screened and unsafe_one.rejected_by == "lexicon"
        else:
            assert not unsafe_one.screened and unsafe_one.rejected_by is None and not unsafe_one.chosen


def test_drafts_are_screened_best_first_and_screening_stops_at_the_first_safe_one(generator, monkeypatch):
    plan = generator.planner.plan_story(CHOICES, 3)
    keywords = [s.keywords for s in plan.scenes]
    words = [" ".join(kw) for kw in keywords]
    holds_all = ("Pia the Silly Mermaid", [f"Pia the purple mermaid saw {w}." for w in words])
    holds_none = ("A Day", ["Pia swam.", "It was fun.", "She laughed.", "They played.", "The end."])
    unsafe_best = ("Pia the Silly Mermaid", [f"Pia the purple mermaid saw {w} and blood." for w in words])
    monkeypatch.setattr(generator.planner, "plan_story", lambda choices, seed: plan)
    monkeypatch.setattr(generator.writer, "write_drafts", lambda plan, k, seed: [holds_none, unsafe_best, holds_all, holds_none][:k])
    result = generator.create_story(CHOICES, seed=3)
    reports = result.candidates
    assert reports[1].screened and reports[1].rejected_by == "lexicon"
    assert reports[2].chosen and reports[2].screened
    assert not reports[0].screened and not reports[3].screened
    assert reports[1].merit >= reports[2].merit > reports[0].merit


def test_the_fallback_falls_through_when_the_closest_corpus_stories_are_refused(generator, monkeypatch):
    # For these choices the only closest corpus story (h4_075) is refused by the screen; the
    # fallback used to raise StopIteration here instead of taking the next-closest story.
    unsafe = ("Oops", ["The dragon ate the bunny.", "Two.", "Three.", "Four.", "Five."])
    monkeypatch.setattr(generator.writer, "write_drafts", lambda plan, k, seed: [unsafe] * k)
    choices = Choices(theme="dinosaur_valley", hero="pirate", color="green", adjective="silly")
    from taleweaver.story.corpus import load_corpus
    # No corpus story has all four; the one that shares the most (hero, theme, color) is h4_075.
    closest = [s for s in load_corpus() if (s.hero, s.theme, s.color) == ("pirate", "dinosaur_valley", "green")]
    assert [s.id for s in closest] == ["h4_075"]
    assert not screen_story_texts([closest[0].title, *closest[0].scenes]).safe
    result = generator.create_story(choices, seed=11)
    assert result.source == "corpus" and "h4_075" not in result.notes[0]
    assert screen_story_texts([result.title, *(s.text for s in result.scenes)]).safe


def test_when_every_draft_fails_the_child_gets_a_marked_corpus_story(generator, monkeypatch):
    unsafe = ("Oops", ["The dragon ate the bunny.", "Two.", "Three.", "Four.", "Five."])
    monkeypatch.setattr(generator.writer, "write_drafts", lambda plan, k, seed: [unsafe] * k)
    pages = []
    result = generator.create_story(CHOICES, seed=5, on_page=lambda *page: pages.append(page))
    assert result.source == "corpus" and pages == []  # the caller makes the corpus story's pages itself
    assert "corpus story" in result.notes[0]
    assert len(result.candidates) == 3 * 4 and all(c.rejected_by == "product_rules" and c.screened for c in result.candidates)
    assert screen_story_texts([result.title, *(s.text for s in result.scenes)]).safe
    assert result.choices.hero == "mermaid"
