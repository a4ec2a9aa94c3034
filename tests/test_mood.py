"""Scene mood (taleweaver/sound/mood.py): arousal calm 1 .. exciting 5, valence sad 1 .. happy 5."""

import hashlib
import json

import numpy as np
import pytest

from taleweaver.contracts import Scene
from taleweaver.sound.mood import MODEL_PATH, NEUTRAL, Mood, MoodScorer, score_story
from taleweaver.sound.mood_gold import gold_part, load_gold, part_of_story
from taleweaver.sound.mood_lexicon import LEXICON_PATH, LexiconError, load_lexicon, parse_lexicon
from taleweaver.sound.train_mood import fit_mood_model, fit_ridge, spearman


@pytest.fixture(scope="module")
def lexicon_scorer():
    return MoodScorer(use_embeddings=False)


@pytest.fixture(scope="module")
def full_scorer():
    return MoodScorer()


@pytest.fixture(params=["lexicon", "full"])
def scorer(request, lexicon_scorer, full_scorer):
    return lexicon_scorer if request.param == "lexicon" else full_scorer


def scene(scorer, text):
    return scorer.score_scenes([text])[0]


def test_a_crash_and_a_shout_is_more_exciting_than_a_lullaby(scorer):
    crash = scene(scorer, 'CRASH! The tower tumbled down, and the knight shouted, "Run!"')
    lullaby = scene(scorer, "Mama hummed a soft lullaby, and the little bunny yawned and fell asleep.")
    assert crash.arousal > 4 > 2 > lullaby.arousal


def test_lost_and_crying_is_sadder_than_a_party(scorer):
    lost = scene(scorer, "The puppy was lost and stuck in the mud, and he cried all alone.")
    party = scene(scorer, "Everyone giggled and danced at the birthday party and hugged the puppy.")
    assert lost.valence < 2.5 < 3.5 < party.valence


def test_tiptoeing_and_whispering_is_calmer_than_zooming_and_splashing(scorer):
    quiet = scene(scorer, "She tiptoed past the sleeping owl and whispered goodnight.")
    busy = scene(scorer, "He zoomed down the slide and landed with a big splash!")
    assert quiet.arousal < busy.arousal - 1


def test_fast_asleep_is_calm_although_fast_alone_is_not(lexicon_scorer):
    asleep, swimming = lexicon_scorer.score_sentences(["The kitten was fast asleep.", "The kitten swam fast."])
    assert asleep.arousal < swimming.arousal


def test_a_negated_happy_word_counts_as_sad(lexicon_scorer):
    happy, not_happy = lexicon_scorer.score_sentences(["The dragon was happy.", "The dragon was not happy."])
    assert not_happy.valence < 3 < happy.valence


def test_a_scene_is_its_sentences_weighted_by_length(lexicon_scorer):
    calm = "The old turtle slept in the warm sand all through the long quiet afternoon."
    wild = "Boom!"
    calm_mood, wild_mood = lexicon_scorer.score_sentences([calm, wild])
    together = scene(lexicon_scorer, f"{calm} {wild}")
    assert calm_mood.arousal < together.arousal < wild_mood.arousal
    assert together.arousal < (calm_mood.arousal + wild_mood.arousal) / 2  # 14 words outweigh 1


def test_moods_stay_on_the_label_scale_and_signed_gives_minus_one_to_one(lexicon_scorer):
    texts = ["BOOM! CRASH! BANG! WHOOSH! " * 5 + "!!!!!!!!", "zzz " * 40, "Sad, sad, sad, lost, crying."]
    for mood in lexicon_scorer.score_scenes(texts):
        assert 1 <= mood.arousal <= 5 and 1 <= mood.valence <= 5
        assert all(-1 <= x <= 1 for x in mood.signed())
    assert Mood(5, 1).signed() == (1.0, -1.0) and NEUTRAL.signed() == (0.0, 0.0)


def test_empty_or_overlong_scene_is_handled_not_a_crash(lexicon_scorer):
    empty, blank, punctuation, overlong = lexicon_scorer.score_scenes(
        ["", "   \n", "...!", "The fox ran and jumped. " * 5000])
    assert empty == blank == punctuation == NEUTRAL
    assert overlong.arousal > 3


def test_a_scene_that_is_not_text_is_refused_with_a_clear_error(lexicon_scorer):
    with pytest.raises(TypeError, match="scene text must be a str"):
        lexicon_scorer.score_scenes([None])
    with pytest.raises(TypeError, match="use score_scene"):
        score_story("One scene only.", use_embeddings=False)


def test_score_story_gives_one_mood_per_scene_in_order():
    scenes = [Scene(index=1, text="Pip the penguin slept in his cozy igloo.", keywords=[]),
              Scene(index=2, text="Suddenly the ice cracked, BOOM, and Pip slid away!", keywords=[]),
              Scene(index=3, text="", keywords=[])]
    moods = score_story(scenes, use_embeddings=False)
    assert len(moods) == 3 and moods[2] == NEUTRAL
    assert moods[0].arousal < moods[1].arousal


def test_the_lexicon_refuses_a_word_listed_twice():
    text = LEXICON_PATH.read_text(encoding="utf-8").replace("arousal:\n", "arousal:\n  zoom: 4\n", 1)
    with pytest.raises(LexiconError, match="listed twice.*zoom"):
        parse_lexicon(text)


def test_the_lexicon_refuses_a_value_off_the_scale():
    text = LEXICON_PATH.read_text(encoding="utf-8").replace("  snore: 1\n", "  snore: 0\n", 1)
    with pytest.raises(LexiconError, match="'snore' has value 0; allowed: a number from 1 to 5"):
        parse_lexicon(text)


def test_the_lexicon_knows_the_words_vader_misses():
    lexicon = load_lexicon()
    for word in ("frowned", "grumpy", "snuggled", "cozy"):
        assert word in lexicon.valence
    assert lexicon.arousal["zoom"] == 5 and lexicon.arousal["snore"] == 1


def test_the_gold_split_is_by_story_and_holds_out_about_a_third():
    tune, heldout = gold_part("tune"), gold_part("heldout")
    assert len(tune) + len(heldout) == len(load_gold()) >= 300
    assert not {ex.story_id for ex in tune} & {ex.story_id for ex in heldout}
    assert 0.25 < len(heldout) / len(load_gold()) < 0.4
    assert part_of_story("h1_004") == part_of_story("h1_004")


def test_the_model_was_trained_on_the_current_lexicon_and_tuning_part_only():
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert model["lexicon_sha256"] == hashlib.sha256(LEXICON_PATH.read_bytes()).hexdigest(), \
        "the lexicon changed: rebuild with `python -m taleweaver.sound.train_mood`"
    assert f"{len(gold_part('tune'))} sentences" in model["trained_on"]


def test_lexicon_model_beats_the_target_on_the_heldout_part(lexicon_scorer):
    heldout = gold_part("heldout")
    moods = lexicon_scorer.score_sentences([ex.text for ex in heldout])
    assert spearman([m.arousal for m in moods], [ex.arousal for ex in heldout]) >= 0.6
    assert spearman([m.valence for m in moods], [ex.valence for ex in heldout]) >= 0.6


@pytest.mark.slow
def test_default_scorer_beats_the_target_on_the_heldout_part(full_scorer):
    heldout = gold_part("heldout")
    moods = full_scorer.score_sentences([ex.text for ex in heldout])
    assert spearman([m.arousal for m in moods], [ex.arousal for ex in heldout]) >= 0.7
    assert spearman([m.valence for m in moods], [ex.valence for ex in heldout]) >= 0.65


def test_ridge_recovers_known_weights():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3))
    weights, bias = fit_ridge(X, X @ np.array([2.0, -1.0, 0.5]) + 3.0, penalty=1e-6)
    assert np.allclose(weights, [2.0, -1.0, 0.5], atol=1e-4) and abs(bias - 3.0) < 1e-4


def test_training_fits_a_tiny_tuning_set():
    tiny = gold_part("tune")[:40]
    model = fit_mood_model(tiny)
    for axis in ("arousal", "valence"):
        assert len(model[axis]["lexicon_weights"]) == len(model["features"])
        assert len(model[axis]["embedding_weights"]) == 384
        assert 0 <= model[axis]["blend"] <= 1
        assert model[axis]["cv_spearman"]["lexicon"] > 0
