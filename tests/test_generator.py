"""The story generator with the committed models: planner, writer, safety screen, ranker."""

import pytest

from taleweaver.contracts import Choices, Story
from taleweaver.safety import screen_story_texts
from taleweaver.story.generator import StoryGenerator

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


def test_the_returned_candidate_is_the_best_ranked_safe_one(story):
    scored = [c for c in story.candidates if c.ranker_score is not None]
    chosen = [c for c in story.candidates if c.chosen]
    if story.source == "generated":
        assert len(chosen) == 1 and chosen[0].ranker_score == max(c.ranker_score for c in scored)
        assert chosen[0].ranker_score == story.ranker_score


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
    assert [c.rejected_by for c in result.candidates] == ["lexicon", "format", None, "lexicon"]


def test_when_every_draft_fails_the_child_gets_a_marked_corpus_story(generator, monkeypatch):
    unsafe = ("Oops", ["The dragon ate the bunny.", "Two.", "Three.", "Four.", "Five."])
    monkeypatch.setattr(generator.writer, "write_drafts", lambda plan, k, seed: [unsafe] * k)
    result = generator.create_story(CHOICES, seed=5)
    assert result.source == "corpus"
    assert "corpus story" in result.notes[0]
    assert len(result.candidates) == 3 * 4 and all(c.rejected_by == "product_rules" for c in result.candidates)
    assert screen_story_texts([result.title, *(s.text for s in result.scenes)]).safe
    assert result.choices.hero == "mermaid"
