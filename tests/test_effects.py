"""Sound effects (taleweaver/sound/effects/): the library, selection, timing and rendering."""

import copy

import numpy as np
import pytest
import yaml

from taleweaver.catalog import UnknownChoiceError
from taleweaver.sound.effects import choose_effects, load_library, render_effect, time_cues
from taleweaver.nlp import english
from taleweaver.sound.effects.choose import MIN_GAP_CHARS
from taleweaver.sound.effects.evaluate import load_gold
from taleweaver.sound.effects.library import EFFECTS_PATH, EffectDataError, parse_library, unsafe_labels
from taleweaver.sound.effects.render import PEAK_CEILING, active_level
from taleweaver.sound.effects.soundfont import play_program
from taleweaver.sound.word_timing import WordTiming

SR = 22050
LIBRARY = load_library()


def ids(cues):
    return [c.effect_id for c in cues]


def raw_library():
    with open(EFFECTS_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


def word_timings(text, seconds_per_char=0.07):
    """Word timings as narration gives them: each word's characters and a made-up time."""
    words, pos = [], 0
    for word in text.split():
        start = text.index(word, pos)
        pos = start + len(word)
        words.append(WordTiming(word, start * seconds_per_char, pos * seconds_per_char, start, pos))
    return words


def test_the_library_has_at_least_forty_effects_tagged_by_character_object_and_action():
    assert len(LIBRARY) >= 40
    for kind in ("characters", "objects", "actions"):
        assert sum(bool(getattr(e, kind)) for e in LIBRARY.effects.values()) >= 20, kind
    assert "dragon_roar_soft" in [e.id for e in LIBRARY.tagged(character="dragon")]
    assert "splash" in [e.id for e in LIBRARY.tagged(action="dive")]


@pytest.mark.parametrize("effect_id", LIBRARY.ids())
def test_every_effect_renders_audible_unclipped_the_right_length_and_the_same_each_time(effect_id):
    x = render_effect(effect_id, SR)
    assert x.dtype == np.float32 and x.ndim == 1
    assert len(x) == round(LIBRARY[effect_id].duration_s * SR)
    assert np.sqrt(np.mean(x.astype(np.float64) ** 2)) > 0.003
    assert np.max(np.abs(x)) <= PEAK_CEILING + 1e-6
    assert np.array_equal(x, render_effect(effect_id, SR))
    assert abs(x[0]) < 0.01 and abs(x[-1]) < 0.01  # soft edges: no click


def test_a_render_is_a_fresh_copy_and_another_seed_gives_another_take():
    first = render_effect("rain", SR)
    first[:] = 0
    assert np.any(render_effect("rain", SR))
    assert not np.array_equal(render_effect("rain", SR, seed=1), render_effect("rain", SR, seed=0))
    assert len(render_effect("pop", 44100)) == round(LIBRARY["pop"].duration_s * 44100)


def test_diving_into_the_pond_makes_a_splash():
    cues = choose_effects("Pip took a deep breath and dove into the pond.", "farm", "brave")
    assert ids(cues) == ["splash"]
    assert cues[0].trigger_word == "dove" and "pond" in cues[0].reason


def test_diving_for_a_ball_on_the_grass_makes_no_splash():
    assert "splash" not in ids(choose_effects("Pip dove for the ball on the grass.", "farm"))


def test_a_dragon_roar_is_soft():
    cues = choose_effects("The little dragon stretched his wings and roared.", "castle", "brave")
    assert "dragon_roar_soft" in ids(cues)
    roar = LIBRARY["dragon_roar_soft"]
    assert roar.loudness == "soft" and roar.level < LIBRARY["splash"].level
    x = render_effect(roar.id, SR).astype(np.float64)
    assert np.max(np.abs(x)) < 0.5
    spectrum = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / SR)
    assert spectrum[freqs > 2500].sum() < 0.02 * spectrum.sum()  # a low rumble, no harsh top
    frame = SR // 20
    frames = np.sqrt(np.mean(x[: len(x) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    assert frames[:2].max() < 0.3 * frames.max()  # swells in: nothing sudden in the first 100 ms


def test_a_dragon_roar_by_pronoun_uses_the_scene_or_the_hero():
    assert "dragon_roar_soft" in ids(choose_effects("Ember the dragon smiled. Then she roared a happy roar.", "castle"))
    assert "dragon_roar_soft" in ids(choose_effects("Then Ember roared.", "castle", hero="dragon"))
    assert ids(choose_effects("Then Leo roared.", "jungle")) == ["friendly_roar"]


def test_magic_and_a_wand_bring_a_chime_but_a_denied_magic_does_not():
    assert ids(choose_effects("The wizard waved his wand.", "castle")) == ["wand_shimmer"]
    assert ids(choose_effects("Magic light swirled over the chocolate river.", "candy_land")) == ["magic_chime"]
    assert choose_effects("It was not a magic problem at all.", "farm") == []


def test_a_scene_with_nothing_to_hear_gets_no_effects():
    quiet = "Mia liked the color green. She had a pencil and a map. She thought about her friends."
    assert choose_effects(quiet, "farm", "kind") == []
    assert choose_effects("", "farm") == [] and choose_effects("   \n", "farm") == []


def test_fell_asleep_is_no_bump_but_tumbling_down_is():
    assert choose_effects("Soon the kitten fell asleep.", "farm") == []
    assert ids(choose_effects("Oops! The kitten tumbled off the hay.", "farm", "clumsy")) in (["soft_thump"], ["slide_whistle"])


def test_a_sleepy_story_keeps_the_boing_out():
    text = "Boing! The bunny bounced on the bed."
    assert "boing" in ids(choose_effects(text, "farm", "silly"))
    assert "boing" not in ids(choose_effects(text, "farm", "sleepy"))


def test_effects_are_capped_spaced_apart_and_never_repeated():
    busy = ("Splash! The duck quacked. Boing! The frog croaked. The owl hooted. "
            "The bell rang. Splash! The dog barked and the bee buzzed.")
    cues = choose_effects(busy, "farm", "silly")
    assert len(cues) == 3 and len(set(ids(cues))) == 3
    starts = [c.char_start for c in cues]
    assert starts == sorted(starts)
    assert all(b - a >= MIN_GAP_CHARS for a, b in zip(starts, starts[1:]))
    assert len(choose_effects(busy, "farm", "silly", max_effects=6)) > 3
    for c in cues:
        assert busy[c.char_start:c.char_end] == c.trigger_word


def test_a_cue_is_timed_at_its_trigger_word():
    text = "The sun was warm. Then Pip jumped into the pond, and the frog croaked."
    cues = choose_effects(text, "farm")
    assert ids(cues) == ["splash", "frog_croak"]
    words = word_timings(text)
    timed = time_cues(cues, words)
    for cue, effect in zip(cues, timed):
        spoken = next(w for w in words if w.char_start <= cue.char_start < w.char_end)
        assert effect.effect_id == cue.effect_id and effect.start_s == pytest.approx(spoken.start_s)
    assert timed[0].start_s == pytest.approx(text.index("jumped") * 0.07)
    assert time_cues([], []) == []
    with pytest.raises(ValueError, match="word timings"):
        time_cues(cues, [])


def test_no_effect_is_allowed_whose_tags_are_unsafe():
    for effect in LIBRARY.effects.values():
        assert unsafe_labels(effect, LIBRARY.never_allowed) == [], effect.id
    for bad_tag in ("scream", "gunshot", "helicopter", "evil laugh"):
        raw = copy.deepcopy(raw_library())
        raw["effects"][0]["tags"]["actions"].append(bad_tag)
        with pytest.raises(EffectDataError, match="not child-safe"):
            parse_library(raw)


def test_the_soundfont_plays_only_gentle_effect_programs():
    for program in (125, 126, 128):  # telephone, helicopter, gunshot
        with pytest.raises(ValueError, match="not allowed"):
            play_program(program, 60, 80, 1.0, 0.8, SR)


def test_bad_data_and_bad_input_get_clear_errors():
    raw = copy.deepcopy(raw_library())
    raw["effects"][0]["recipe"] = "kazoo"
    with pytest.raises(EffectDataError, match="unknown recipe 'kazoo'; allowed:"):
        parse_library(raw)
    raw = copy.deepcopy(raw_library())
    raw["effects"][0]["tones"] = ["spooky"]
    with pytest.raises(EffectDataError, match="not story adjectives"):
        parse_library(raw)
    with pytest.raises(UnknownChoiceError, match="allowed: underwater"):
        choose_effects("Splash!", "the moon")
    with pytest.raises(ValueError, match="max_effects"):
        choose_effects("Splash!", "farm", max_effects=-1)
    with pytest.raises(KeyError, match="no sound effect 'gunshot'"):
        render_effect("gunshot")
    with pytest.raises(ValueError, match="sample_rate"):
        render_effect("pop", sample_rate=100)


def test_loudness_classes_come_out_at_their_levels():
    for effect_id in ("owl_hoot", "knock", "dinosaur_rumble", "crickets"):
        effect = LIBRARY[effect_id]
        assert active_level(render_effect(effect_id, SR), SR) == pytest.approx(effect.level, rel=0.05)


def test_the_labelled_set_has_sixty_sentences_with_known_effects_on_words_of_the_text():
    rows = load_gold()
    assert len(rows) >= 60
    assert sum(not r["effects"] for r in rows) >= 15  # sentences that need no effect
    for row in rows:
        for label in row["effects"]:
            assert label["effect_id"] in LIBRARY.effects
            assert label["trigger"] in row["text"]


# --- with the language stage's analysis (coreference and the relation graph) ---------------

from taleweaver.language.analysis import analyze_story  # noqa: E402
from taleweaver.sound.effects.choose import pointed_at  # noqa: E402
from taleweaver.sound.effects.language_links import SceneLinks, excerpt, to_original  # noqa: E402
from taleweaver.sound.stage import story_analyses  # noqa: E402


@pytest.fixture(scope="module")
def pony_story():
    """Scene 2 says "She rode it": coreference makes it "Coral the mermaid rode the pony"."""
    return analyze_story(["Coral the mermaid found a pony.", "She rode it across the meadow."], hero="mermaid")


def test_a_pronoun_subject_is_its_coreference_referent():
    [scene] = analyze_story(["The dragon smiled. Then she roared."])
    cues = choose_effects(scene.text, "castle", analysis=scene)
    assert ids(cues) == ["dragon_roar_soft"] and 'by "dragon"' in cues[0].reason
    she = next(t for t in english()(scene.text) if t.lower_ == "she")
    assert pointed_at(she, {"anyone"}, SceneLinks(scene)) == {"dragon"}


def test_the_referent_replaces_the_guess_among_the_scene_and_the_hero():
    text = 'Ember the dragon sat by the river. A friendly hippo swam up. "Hop on my back," she rumbled.'
    [scene] = analyze_story([text], hero="dragon")
    # Guessing, "she" may be anyone in the scene or the hero: the dragon's rumble.
    assert ids(choose_effects(text, "jungle", hero="dragon")) == ["dragon_roar_soft"]
    # Coreference says she is the hippo, and the library has no hippo call.
    assert choose_effects(text, "jungle", hero="dragon", analysis=scene) == []
    [lion_scene] = analyze_story(["The lion smiled at the dragon. Then she roared."])
    assert ids(choose_effects(lion_scene.text, "jungle", analysis=lion_scene)) == ["friendly_roar"]
    assert ids(choose_effects(lion_scene.text, "jungle")) == ["dragon_roar_soft"]  # the guess


def test_riding_a_pony_said_with_pronouns_brings_hoofbeats_on_the_verb(pony_story):
    scene = pony_story[1]
    assert ("mermaid", "riding", "pony") in scene.graph.triples()
    cues = choose_effects(scene.text, "farm", hero="mermaid", analysis=scene)
    assert ids(cues) == ["hoof_clops"] and "riding" in cues[0].reason
    assert (cues[0].trigger_word, cues[0].char_start) == ("rode", scene.text.index("rode"))
    assert choose_effects(scene.text, "farm", hero="mermaid") == []  # the words alone name no animal


def test_jumping_into_a_puddle_named_only_as_it_is_a_splash():
    [scene] = analyze_story(["Pip the penguin found a big puddle. He took a deep breath and jumped into it."])
    cues = choose_effects(scene.text, "farm", analysis=scene)
    assert ids(cues) == ["splash"] and cues[0].trigger_word == "jumped" and "puddle" in cues[0].reason
    assert choose_effects(scene.text, "farm") == []
    # Landing in mud is a squelch, not the plain bump the word alone gives.
    [mud] = analyze_story(["Pip the penguin tripped. He landed in the mud with a grin."])
    assert ids(choose_effects(mud.text, "farm", analysis=mud)) == ["mud_squelch"]
    assert ids(choose_effects(mud.text, "farm")) == ["soft_thump"]


def test_offsets_in_the_rewritten_text_map_back_to_the_written_words(pony_story):
    scene = pony_story[1]
    assert scene.resolved_text == "Coral the mermaid rode the pony across the meadow."
    # "the pony" stands where "it" was written; "She" became "Coral the mermaid" (+14), "it"
    # became "the pony" (+6): "meadow" is 20 characters later in the rewritten text.
    pony = scene.resolved_text.index("pony")
    assert to_original(scene, pony, pony + 4) == (scene.text.index("it"), scene.text.index("it") + 2)
    meadow = scene.resolved_text.index("meadow")
    assert to_original(scene, meadow, meadow + 6) == (scene.text.index("meadow"), scene.text.index("meadow") + 6)
    assert to_original(scene, 0, 5) == (0, 3)  # "Coral" is inside the replacement of "She"
    for entity in scene.graph.entities:
        start, end = to_original(scene, *entity.span)
        assert scene.text[start:end] in ("She", "it", "meadow")


def test_an_excerpt_keeps_offsets_of_its_own_sentence():
    [scene] = analyze_story(["Coral the mermaid found a pony. She rode it across the meadow."], hero="mermaid")
    start = scene.text.index("She")
    second = excerpt(scene, start, len(scene.text))
    assert second.text == "She rode it across the meadow."
    assert scene.resolved_text.endswith(second.resolved_text) and "rode the pony" in second.resolved_text
    cues = choose_effects(second.text, "farm", hero="mermaid", analysis=second)
    assert [(c.effect_id, second.text[c.char_start:c.char_end]) for c in cues] == [("hoof_clops", "rode")]
    first = excerpt(scene, 0, start - 1)
    assert choose_effects(first.text, "farm", hero="mermaid", analysis=first) == []  # the riding is elsewhere


def test_without_an_analysis_nothing_changes_and_a_wrong_one_is_refused(pony_story):
    # The fallback: a pronoun subject still stands for the scene's characters and the hero.
    assert ids(choose_effects('"Hop on my back," she rumbled.', "jungle", hero="dragon")) == ["dragon_roar_soft"]
    assert choose_effects("She rode it across the meadow.", "farm", hero="mermaid") == []
    with pytest.raises(ValueError, match="analysis is of another text"):
        choose_effects("The dragon roared.", "castle", analysis=pony_story[1])
    with pytest.raises(TypeError, match="SceneAnalysis"):
        choose_effects("The dragon roared.", "castle", analysis={"text": "The dragon roared."})
    # The narrator may read only the start of a scene: a prefix of the analysed text is fine.
    assert choose_effects("She rode it", "farm", hero="mermaid", analysis=pony_story[1])[0].trigger_word == "rode"


def test_relation_rules_are_checked_when_the_library_loads():
    raw = copy.deepcopy(raw_library())
    raw["effects"][0]["triggers"].append({"relations": ["swimming"], "object": ["pond"]})
    with pytest.raises(EffectDataError, match="unknown relation"):
        parse_library(raw)
    raw = copy.deepcopy(raw_library())
    raw["effects"][0]["triggers"].append({"verbs": ["dive"], "object": ["pond"]})
    with pytest.raises(EffectDataError, match="only a relations trigger has an object"):
        parse_library(raw)
    relation_rules = [t for e in LIBRARY.effects.values() for t in e.triggers if t.kind == "relations"]
    assert {r for t in relation_rules for r in t.lemmas} >= {"riding", "chasing", "in"}


def test_the_sound_stage_analyses_each_scene_with_words(pony_story):
    from taleweaver.contracts import Scene

    scenes = [Scene(index=1, text="Coral the mermaid found a pony.", keywords=[]),
              Scene(index=2, text="", keywords=[]),
              Scene(index=3, text="She rode it across the meadow.", keywords=[])]
    found = story_analyses(scenes, "mermaid")
    assert found[1] is None  # an empty scene: nothing to read, nothing to resolve
    assert found[2].resolved_text == pony_story[1].resolved_text
