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
