import random

import pytest

from taleweaver.story import prompts
from taleweaver.story.corpus import load_corpus
from taleweaver.story.keywords import downsample, load_keywords, story_names
from taleweaver.story.metrics import adherence, flesch_kincaid_grade, repetition_rate
from taleweaver.story.perturb import KINDS, perturb
from taleweaver.story.train_ranker import as_scenes, auc

CHOICES = {"theme": "underwater", "hero": "mermaid", "color": "purple", "adjective": "silly"}


def test_story_answer_round_trips_through_the_writer_format():
    scenes = ["Pia the mermaid woke up with the purple hiccups.", "Every hiccup blew a bubble out of her nose.",
              "Her friend the crab told her to hold her breath.", '"Boo!" said the octopus, and Pia jumped in surprise.',
              "The hiccups were gone, and everyone laughed together."]
    text = prompts.format_story("The Purple Hiccups", scenes) + prompts.END
    assert prompts.parse_story(text) == ("The Purple Hiccups", scenes)


def test_a_story_with_four_scenes_is_malformed():
    assert prompts.parse_story("Title: Hi\n1: a\n2: b\n3: c\n4: d") is None
    assert prompts.parse_story("1: a\n2: b\n3: c\n4: d\n5: e") is None


def test_plan_round_trips_and_keeps_at_most_six_words_per_scene():
    plan = [["shell", "purple"], ["hiccup"], ["crab", "face"], ["song"], ["bubble", "smile"]]
    assert prompts.parse_plan(prompts.format_plan(plan)) == plan
    assert prompts.parse_plan("1: a, b\n2: c") is None


def test_plan_words_lose_the_punctuation_around_them():
    plan = prompts.parse_plan('1: fly., "moon"\n2: star!\n3: hat\n4: cake\n5: song')
    assert plan == [["fly", "moon"], ["star"], ["hat"], ["cake"], ["song"]]


def test_a_plan_word_is_found_in_a_scene_as_it_is_or_as_its_lemma():
    from taleweaver.story.keywords import keyword_in_scene, scene_lemmas

    lemmas = scene_lemmas("The puppy wagged its tail. Two mugs sat on the table.")
    assert keyword_in_scene("wagging", lemmas)  # "wagged" and "wagging" are both "wag"
    assert keyword_in_scene("mug", lemmas) and keyword_in_scene("mugs", lemmas)
    assert not keyword_in_scene("cheer", lemmas)
    assert not keyword_in_scene("wagging tail bone", lemmas)


def test_prompts_use_the_catalog_names():
    assert "theme: under the sea" in prompts.planner_prompt(CHOICES)
    assert "1: shell, purple" in prompts.writer_prompt(CHOICES, [["shell", "purple"]] * 5)


def test_keywords_exist_for_every_story_and_contain_no_hero_names():
    keywords = load_keywords()
    for story in load_corpus():
        scenes = keywords[story.id]
        assert len(scenes) == 5 and all(scenes), story.id
        names = story_names(story)
        assert not names & {w for scene in scenes for w in scene}, story.id


def test_downsampling_keeps_a_few_keywords_in_story_order():
    plan = [["a", "b", "c", "d", "e"], ["f", "g"], ["h", "i", "j"], ["k"], ["l", "m", "n", "o"]]
    small = downsample(plan, random.Random(3))
    for full, few in zip(plan, small):
        assert 1 <= len(few) <= 3 and set(few) <= set(full)
        assert few == [w for w in full if w in few]


@pytest.mark.parametrize("kind", KINDS)
def test_every_perturbation_changes_the_story(kind):
    stories = load_corpus()[:40]
    donors = [as_scenes(s) for s in stories]
    rng = random.Random(5)
    for story in stories[:10]:
        made, bad = perturb(as_scenes(story), rng, kind=kind, hero=story.hero, hero_name=story.hero_name, donors=donors)
        assert bad != as_scenes(story), (kind, story.id)


def test_swapping_characters_brings_in_another_hero():
    story = next(s for s in load_corpus() if s.hero == "mermaid" and s.hero_name)
    _, bad = perturb(as_scenes(story), random.Random(1), kind="swap_characters", hero=story.hero, hero_name=story.hero_name)
    assert " ".join(map(" ".join, bad)) != " ".join(story.scenes)


def test_auc_is_one_when_every_real_story_outscores_every_fake():
    assert auc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]) == 1.0
    assert auc([0.1, 0.9], [1, 0]) == 0.0


def test_adherence_sees_each_choice():
    text = "Mira the mermaid found a purple shell on the coral reef. It was so silly!"
    assert adherence(text, CHOICES) == {"hero": True, "theme": True, "color": True, "adjective": True}
    assert adherence("A robot sat on a chair.", CHOICES) == {"hero": False, "theme": False, "color": False, "adjective": False}


def test_repetition_and_reading_grade():
    assert repetition_rate("the cat sat on the mat") == 0
    assert repetition_rate("the cat sat the cat sat the cat sat") > 0.5
    assert flesch_kincaid_grade("The cat sat. The dog ran.") < flesch_kincaid_grade(
        "Extraordinarily complicated vocabulary overwhelms inexperienced readers considerably.")


def test_a_scene_label_the_writer_repeated_is_not_part_of_the_scene():
    text = ("Title: The Gumdrop Dragon\n1: 2: The dragon smelled the candy from far away.\n"
            "2: 2. He picked it up and sniffed it twice.\n3: 4:30 PM, the bell rang over the candy hills.\n"
            "4: 12 red flowers popped up all around the dragon.\n"
            "5: 5) \"Hello!\" said the dragon to every one of the flowers.")
    title, scenes = prompts.parse_story(text)
    assert scenes == ["The dragon smelled the candy from far away.", "He picked it up and sniffed it twice.",
                      "4:30 PM, the bell rang over the candy hills.", "12 red flowers popped up all around the dragon.",
                      '"Hello!" said the dragon to every one of the flowers.']
    assert prompts.clean_scene("3: 3: Off they went.") == "Off they went."
    # A scene that is nothing but a label is malformed.
    assert prompts.parse_story("Title: Hi\n1: 2:\n2: b\n3: c\n4: d\n5: e") is None


def test_a_draft_whose_scenes_are_not_sentences_is_malformed():
    # A title-like line, or a scene cut off mid-sentence at the token limit, is not a scene.
    good = ["Pia the mermaid found a purple shell in the sand.", "She showed it to her friend the crab.",
            '"Look!" said Pia, and the crab clapped his claws.', "They polished the shell until it shone bright.",
            "That night Pia put the shell beside her bed and smiled."]
    assert prompts.parse_story(prompts.format_story("Pia", good)) == ("Pia", good)
    for bad in ("Lone Owl with a cloudy tail", "The crab and Pia swam to the rock and then they",
                "The turtles whispered, startled, startled startled startled Startled now."):
        assert not prompts.is_scene(bad)
        assert prompts.parse_story(prompts.format_story("Pia", good[:2] + [bad] + good[3:])) is None


def test_a_keyword_is_steered_piece_by_piece_until_written_whole():
    from taleweaver.story.steer import KeywordSteer, SceneSteer

    # Token ids stand in for pieces: "lighthouse" is [10, 11] (or capitalised [20, 11]), "sea" is [30].
    steer = KeywordSteer([[[10, 11], [20, 11]], [[30]]])
    assert steer.boosts() == {10, 20, 30}
    steer.advance(20)
    assert steer.boosts() == {11}  # mid-word: only its next piece, no other word's start
    steer.advance(11)
    assert steer.boosts() == {30}  # written whole: crossed off
    steer.advance(30)
    assert steer.boosts() == set()
    # A word begun and abandoned is not pushed again (that would make the model repeat it).
    steer = KeywordSteer([[[10, 11]], [[30]]])
    steer.advance(10)
    steer.advance(5)
    assert steer.boosts() == {30}
    # A word run on into a longer one (" shy" + "ly") is not the keyword: it is pending again.
    steer = KeywordSteer([[[10, 11]], [[30]]])
    steer.advance(30, " shy")
    steer.advance(40, "ly")
    assert steer.boosts() == {10, 30}
    steer.advance(30, " shy")
    steer.advance(40, "ly")
    assert steer.boosts() == {10}  # pending again only once: a growing nudge would loop
    steer = KeywordSteer([[[10, 11]], [[30]]])
    steer.advance(30, " shy")
    steer.advance(41, ",")
    assert steer.boosts() == {10}  # " shy," is the word itself
    steer.advance(10, " light")
    steer.advance(11, "house")
    steer.advance(42, "s")
    assert steer.boosts() == set()  # "lighthouses": an inflection, the same lemma

    # A draft is steered towards scene N's words only while it writes the line labeled "N:".
    draft = SceneSteer([[[[1]]], [[[2]]]])
    for piece in ("Title", ": Pia", "\n", "1", ":"):
        draft.advance(0, piece)
    assert draft.boosts() == {1}
    draft.advance(1, " shell")
    assert draft.boosts() == set()
    draft.advance(0, "\n2")
    assert draft.boosts() == set()
    draft.advance(0, ":")
    assert draft.boosts() == {2}


def test_the_nudge_grows_while_a_keyword_waits_and_resets_for_each_scene():
    from taleweaver.story.steer import KeywordSteer, SceneSteer

    steer = KeywordSteer([[[30]]], ramp=0.5)
    assert steer.gain() == 1.0
    steer.advance(5)
    steer.advance(6)
    assert steer.gain() == 2.0  # two tokens written while "sea" was pending
    steer.advance(30)
    steer.advance(7)
    assert steer.boosts() == set() and steer.gain() == 2.5  # nothing pending: no longer grows
    assert KeywordSteer([[[30]]]).gain() == 1.0 and KeywordSteer([[[30]]], ramp=0.0).gain() == 1.0

    draft = SceneSteer([[[[1]]], [[[2]]]], ramp=0.25)
    for piece in ("1", ":", " Pia", " swam"):
        draft.advance(0, piece)
    assert draft.gain() == 1.5  # " Pia" and " swam" without word 1
    draft.advance(0, "\n2")
    assert draft.gain() == 1.0  # between scenes: nothing is nudged
    draft.advance(0, ":")
    assert draft.gain() == 1.0  # scene 2 starts its own count
