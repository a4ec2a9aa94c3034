import pytest

from taleweaver.safety import screen_story_texts, screen_text
from taleweaver.safety.normalize import normalize


@pytest.mark.parametrize("text", [
    "The star shot across the sky.",
    "Marlo the mermaid found a purple shell under a rock.",
    "She kicked the ball all the way to the barn.",
    "The dragon ate a big slice of cake.",
    "They bit into the crunchy apples and giggled.",
    "Hello, said the shell, in a tiny voice.",
    "He hit the drum, boom, boom, boom!",
    "The kite was stuck in a tall tree.",
])
def test_gentle_story_sentences_pass(text):
    verdict = screen_text(text)
    assert verdict.safe, verdict.reasons


@pytest.mark.parametrize("text,layer", [
    ("The pirate shot the parrot.", "product_rules"),
    ("The parrot was shot by the pirate.", "product_rules"),
    ("He kicked his little brother.", "product_rules"),
    ("The dragon ate the bunny.", "product_rules"),
    ("The knight raised his sword.", "lexicon"),
    ("Everyone in the village was dead.", "lexicon"),
    ("There was blood on the sand.", "lexicon"),
    ("A scary ghost floated in the hall.", "lexicon"),
    ("You are so stupid.", "lexicon"),
    ("Merde, said the mermaid.", "lexicon"),
    ("The kids played with matches in the barn.", "lexicon"),
    ("She went alone at night into the woods.", "lexicon"),
    ("Call me at 555 123 4567 tomorrow.", "product_rules"),
])
def test_unsafe_sentences_are_refused_by_the_right_layer(text, layer):
    verdict = screen_text(text)
    assert not verdict.safe
    assert verdict.layer == layer, verdict.reasons


@pytest.mark.parametrize("disguised", [
    "f u c k",            # spaced letters
    "sh1t",               # leetspeak
    "st\u200bupid",       # zero-width space
    "\u0455tupid",        # Cyrillic dze looks like s
    "fuuuuuck",           # stretched letters
    "s.h.i.t",            # dotted letters
])
def test_look_alikes_and_spacing_tricks_are_undone(disguised):
    assert not screen_text(f"The fish said {disguised} to the crab.").safe


def test_normalize_keeps_plain_numbers_and_words():
    assert normalize("5 fish and 3 crabs") == "5 fish and 3 crabs"
    assert normalize("Sh1T") == "shit"


def test_whole_story_fails_if_any_text_fails():
    assert screen_story_texts(["A Happy Day", "The bunny hopped.", "All was well."]).safe
    verdict = screen_story_texts(["A Happy Day", "The bunny hopped.", "The bunny found a gun."])
    assert not verdict.safe and "weapons" in verdict.reasons[0]


# --- v2: more look-alikes, the classifier layer, context, labels, the red-team floor ---------

@pytest.mark.parametrize("disguised", [
    "F*ck",                       # a star for a letter
    "a$$hole",                    # symbols for letters
    "\u0441\u0443\u043a\u0430",   # Cyrillic "сука", which reads as Latin "cyka"
    "J\u00e4vla",                 # an accent: Swedish swearing
    "b\u200c1\u200dtch",          # zero-width joiners and a digit together
    "p-i-s-s",                    # dashed letters
])
def test_more_disguises_and_other_languages_are_undone(disguised):
    verdict = screen_text(f"\"{disguised},\" grumbled the troll under the bridge.")
    assert not verdict.safe and verdict.layer == "lexicon", verdict


@pytest.mark.parametrize("text", [
    "The penguins had a snowball fight and laughed.",
    "The fairies drank pink fruit punch at the party.",
    "The unicorns had a tug of war with a rope.",
    "The bunny climbed into bed with a long, long yawn.",
])
def test_harmless_phrases_with_a_listed_word_pass(text):
    assert screen_text(text).safe, screen_text(text).reasons


def test_a_listed_word_outside_its_harmless_phrase_is_still_refused():
    assert not screen_text("The penguins started a fight on the ice.").safe


@pytest.mark.parametrize("text", [
    "Call me at 555-0142 and tell me your name.",
    "Send your drawing to PO Box 4417 to join the club.",
    "Our new friend lives at 38 Cherry Tree Close.",
])
def test_phone_numbers_and_addresses_are_personal_data(text):
    verdict = screen_text(text)
    assert not verdict.safe and verdict.layer == "product_rules", verdict


def test_an_invented_street_without_a_house_number_is_not_an_address():
    assert screen_text("Professor Wobblebot lived on Jellybean Street next to the bakery.").safe


def test_eating_food_with_a_made_up_name_is_not_harm():
    assert screen_text("The children of Gumdrop Gulch ate warm Tingleberry Tarts after school.").safe


@pytest.mark.parametrize("text", [
    "\"Tell me which school you go to and when your mummy picks you up,\" said the man at the fence.",
    "The sailors stared at the mermaid and asked her to take off all her clothes.",
    "The kitten followed the man in the van who promised her sweets.",
])
def test_unsafe_sentences_without_a_listed_word_are_refused_by_the_classifier(text):
    verdict = screen_text(text)
    assert not verdict.safe and verdict.layer == "classifier", verdict


def test_the_classifier_reads_context_not_just_the_verb():
    from taleweaver.safety.classifier import safety_classifier, score_sentences

    star, pirate = score_sentences(["The star shot across the sky.", "The pirate shot the parrot."])
    # Same verb, far apart: the model reads the whole sentence.
    assert star < 0.1 and pirate >= safety_classifier().threshold
    assert screen_text("The star shot across the sky.").safe
    assert not screen_text("The pirate shot the parrot.").safe


@pytest.mark.parametrize("text", [
    "The shooting star zoomed over the sleepy farm, and the cows mooed hello.",
    "A soft tap-tap came from the attic, and there was the kitten with a ball of yarn.",
    "The brave little dragon crossed the wobbly bridge one step at a time.",
])
def test_everyday_story_sentences_pass_the_classifier(text):
    from taleweaver.safety.classifier import safety_classifier, score_sentences

    assert score_sentences([text])[0] < safety_classifier().threshold


def test_screen_texts_gives_the_same_verdicts_as_screen_text_one_by_one():
    from taleweaver.safety.screen import screen_texts

    texts = ["The bunny hopped. The sun was warm.", "The pirate shot the parrot.",
             "The kitten followed the man in the van who promised her sweets.", "You are so stupid."]
    assert [(v.safe, v.layer) for v in screen_texts(texts)] == [(v.safe, v.layer) for v in map(screen_text, texts)]


@pytest.mark.parametrize("labels,safe", [
    (["red balloon", "balloon", "party"], True),
    (["glass of milk"], True),
    (["wine glass", "drink"], False),
    (["gunshot"], False),
    (["skull"], False),
])
def test_scene_objects_and_sound_effects_are_screened_by_their_labels(labels, safe):
    from taleweaver.safety.screen import screen_labels

    assert screen_labels(labels).safe is safe


def test_a_non_text_input_gets_a_clear_error():
    with pytest.raises(TypeError, match="takes a str"):
        screen_text(["not", "a", "string"])


def test_threshold_is_the_lowest_that_refuses_no_corpus_dev_sentence_and_few_tricky_ones():
    import numpy as np

    from taleweaver.safety.train_classifier import pick_threshold

    # 4 unsafe, 50 tricky safe (one scores 0.6), 1000 corpus sentences (one scores 0.7).
    scores = np.array([0.95, 0.9, 0.75, 0.3] + [0.6] + [0.1] * 49 + [0.05] * 999 + [0.7])
    y = np.array([1] * 4 + [0] * 1050)
    groups = np.array(["redteam"] * 54 + ["corpus"] * 1000)
    chosen = pick_threshold(scores, y, groups)
    # Up to 0.70 the corpus sentence would be refused; at 0.71 nothing from the corpus is, the
    # tricky one is not either, and three of four unsafe are caught.
    assert chosen["threshold"] == pytest.approx(0.71)
    assert chosen["dev_recall"] == pytest.approx(0.75)
    assert chosen["dev_corpus_refused"] == 0 and chosen["dev_tricky_fpr"] == 0


def test_a_few_training_steps_save_a_model_that_loads_back_the_same(tmp_path):
    from taleweaver.safety.classifier import SafetyClassifier
    from taleweaver.safety.train_classifier import Settings, train

    settings = Settings(max_steps=2, batch_size=4, limit_rows=8, corpus_sentences=8)
    report = train(settings, tmp_path / "model.pt", report_path=None)
    assert report["steps"] == 2 and 0 < report["chosen"]["threshold"] < 1
    loaded = SafetyClassifier.load(tmp_path / "model.pt")
    assert loaded.threshold == pytest.approx(report["chosen"]["threshold"])
    # Only the trained top layers and the head are stored, in fp16.
    assert (tmp_path / "model.pt").stat().st_size < 20_000_000


@pytest.mark.slow  # screens 293 sentences: about 30 s on 2 shared cores
def test_red_team_test_split_meets_the_floor():
    """The held-out red-team sentences (never trained or tuned on): recall and false positives."""
    from taleweaver.safety.evaluate import load_redteam, screen_rows, summarize

    summary = summarize(screen_rows([r for r in load_redteam() if r["split"] == "test"]))
    # Measured: recall 72.0%, FPR 1.4% (docs/safety-eval.md). The targets (99% / 2%) are not
    # reached yet; this floor guards what we have.
    assert summary["recall"] >= 0.70, [r["text"] for r in summary["misses"]]
    assert summary["fpr"] <= 0.03, [r["text"] for r in summary["fps"]]
