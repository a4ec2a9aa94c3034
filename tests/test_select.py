"""Object selection: what a scene's picture shows (taleweaver/scene/select.py).

Graphs are written by hand here (no relation-graph parse), so each test states exactly what
the language stage handed over; selection still reads the text with the small spaCy pipeline.
"""

import pytest

from taleweaver.language.scene_graph import Entity, Relation, SceneGraph
from taleweaver.scene.backgrounds import draw_background
from taleweaver.scene.layout import LayoutRelation
from taleweaver.scene.select import MAX_COPIES, select_objects
from taleweaver.scene.select_ambient import AmbientTableError, ambient_table, load_ambient_table


def scene(text, *nouns, relations=()):
    """A graph over `text`: each noun is (lemma, word in the text[, name][, count])."""
    entities = []
    for n, spec in enumerate(nouns, start=1):
        lemma, word = spec[0], spec[1]
        name = spec[2] if len(spec) > 2 else None
        count = spec[3] if len(spec) > 3 else None
        start = text.index(word)
        entities.append(Entity(f"e{n}", lemma, name=name, count=count, span=(start, start + len(word))))
    return text, SceneGraph(text, entities, [Relation(*r) for r in relations])


def background(design, time="day", seed=3):
    return draw_background(design, "#8E24AA", seed, time_of_day=time)[1]


def pick(design="coral_reef", time="day", hero="mermaid", **kw):
    def run(text, graph, seed=0):
        return select_objects(text, graph, background(design, time), hero=hero, seed=seed, **kw)
    return run


def drawn(selection, source=None):
    return {o.object_id: o for o in selection.objects if source is None or o.source == source}


def test_the_hero_named_by_coreference_is_drawn_as_the_hero():
    text, graph = scene("Coral the mermaid found a shell.", ("mermaid", "Coral", "Coral"), ("shell", "shell"))
    sel = pick()(text, graph)
    assert drawn(sel)["mermaid"].role == "hero"
    assert sel.hero_present
    assert drawn(sel)["shell"].role == "prop"


def test_the_hero_named_twice_is_one_picture():
    text, graph = scene("Captain Wanda waved. Wanda laughed at the parrot.",
                        ("pirate", "Captain Wanda", "Captain Wanda"), ("pirate", "Wanda laughed", "Wanda"),
                        ("parrot", "parrot"))
    sel = pick("golden_dunes", hero="pirate", hero_name="Wanda")(text, graph)
    pirates = [o for o in sel.objects if o.object_id == "pirate"]
    assert len(pirates) == 1 and pirates[0].role == "hero" and pirates[0].entities == ("e1", "e2")


def test_another_character_of_the_heros_kind_is_not_the_hero():
    text, graph = scene("Coral the mermaid met Pearl the mermaid.",
                        ("mermaid", "Coral", "Coral"), ("mermaid", "Pearl", "Pearl"))
    sel = pick(hero_name="Coral")(text, graph)
    roles = sorted(o.role for o in sel.objects if o.object_id == "mermaid")
    assert roles == ["character", "hero"]


def test_a_scene_without_the_hero_draws_no_hero():
    text, graph = scene("The little sparrows sat on the wall.", ("sparrow", "sparrows"), ("wall", "wall"))
    sel = pick("castle_garden", hero="mermaid")(text, graph)
    assert not sel.hero_present
    assert drawn(sel)["bird"].role == "character"


def test_three_fish_are_drawn_three_times_and_twenty_are_capped():
    text, graph = scene("Three fish swam past twenty crabs.", ("fish", "fish", None, 3), ("crab", "crabs", None, 20))
    sel = pick()(text, graph)
    assert drawn(sel)["fish"].count == 3
    assert drawn(sel)["crab"].count == MAX_COPIES


def test_a_plural_without_a_number_draws_a_few():
    text, graph = scene("The fireflies danced.", ("firefly", "fireflies"))
    sel = pick("mushroom_glade", "night", hero="fairy")(text, graph)
    assert drawn(sel, "text")["firefly"].count == 3


def test_a_noun_with_no_picture_is_skipped_and_reported():
    text, graph = scene("Onyx the kitten found a chrysalis.", ("kitten", "Onyx", "Onyx"), ("chrysalis", "chrysalis"))
    sel = pick("jungle_canopy", hero="kitten")(text, graph)
    assert [(s.word, s.reason) for s in sel.skipped] == [("chrysalis", "no picture in the object library")]


def test_parts_and_places_are_reported_with_their_own_reasons():
    text, graph = scene("The mermaid swam to the lagoon and flicked her tail.",
                        ("mermaid", "mermaid"), ("lagoon", "lagoon"), ("tail", "tail"))
    reasons = {s.word: s.reason for s in pick()(text, graph).skipped}
    assert reasons == {"lagoon": "a place or stuff the background draws", "tail": "a part of its owner, drawn with it"}


def test_scary_shark_is_left_out_and_reported():
    text, graph = scene("A shark and a dolphin swam by.", ("shark", "shark"), ("dolphin", "dolphin"))
    sel = pick(adjective="brave")(text, graph)
    assert "shark" not in drawn(sel) and "dolphin" in drawn(sel)
    assert any(s.word == "shark" and s.reason.startswith("scary") for s in sel.skipped)


def test_an_object_whose_names_fail_the_safety_screen_is_never_drawn():
    text, graph = scene("The orca swam by.", ("orca", "orca"))  # also named "killer whale"
    sel = pick()(text, graph)
    assert "orca" not in drawn(sel)
    assert "safety screen" in sel.skipped[0].reason


def test_no_sun_at_night_even_when_the_text_names_it():
    text, graph = scene("The bunny remembered the sun.", ("bunny", "bunny"), ("sun", "sun"))
    sel = pick("farm_fields", "night", hero="bunny")(text, graph)
    assert "sun" not in drawn(sel)
    assert {s.word: s.reason for s in sel.skipped}["sun"] == "it is night"


def test_a_sun_in_a_sky_that_already_has_one_is_not_drawn_twice():
    text, graph = scene("The sun was hot over the river.", ("sun", "sun"))
    sel = pick("jungle_river", "day", hero="monkey")(text, graph)
    assert "sun" not in drawn(sel)
    assert "already draws" in sel.skipped[0].reason


def test_a_thing_the_background_draws_is_still_drawn_when_the_text_relates_it():
    text, graph = scene("The crab hid under the rock.", ("crab", "crab"), ("rock", "rock"),
                        relations=[("e1", "under", "e2")])
    sel = pick()(text, graph)
    assert "rock" in drawn(sel)
    assert sel.relations == [LayoutRelation("crab", "under", ("rock",))]


def test_the_place_the_background_is_is_not_drawn_again():
    text, graph = scene("They swam down to the old ship.", ("ship", "ship"))
    sel = pick("shipwreck")(text, graph)
    assert "sailboat" not in drawn(sel)
    assert sel.skipped[0].reason == "the background is this place (shipwreck)"


@pytest.mark.parametrize("text,noun,word,why", [
    ("No fish swam in the bay.", "fish", "fish", "the text says it is not there"),
    ("Nothing grew, not even one leaf.", "leaf", "leaf", "the text says it is not there"),
    ("The hat floated like a little boat.", "boat", "boat", "only named in a comparison"),
    ("The snow stopped.", "snow", "snow", "the text says it is gone"),
    ("She dreamed of a rocket.", "rocket", "rocket", "only imagined or dreamed of"),
    ('"Find the treasure!" said the mermaid.', "treasure", "treasure", "only named in what a character says"),
])
def test_what_the_text_rules_out_is_not_drawn(text, noun, word, why):
    text, graph = scene(text, (noun, word))
    sel = pick()(text, graph)
    assert not [o for o in sel.objects if o.source == "text"]
    assert sel.skipped[0].reason == why


def test_a_thing_named_once_as_absent_and_once_as_present_is_drawn():
    text, graph = scene("No fish came. Then a fish swam by.", ("fish", "fish"))
    assert "fish" in drawn(pick()(text, graph), "text")


def test_a_clear_sky_rules_out_rain():
    text, graph = scene("The sky was clear. Pip held an umbrella in case of rain.",
                        ("umbrella", "umbrella"), ("rain", "rain"))
    sel = pick("barnyard", hero="puppy")(text, graph)
    assert "rain_cloud" not in drawn(sel) and "umbrella" in drawn(sel)


def test_an_empty_pond_gets_no_ambient_fish_or_ducks():
    text, graph = scene("The pond was empty.")
    for seed in range(6):
        sel = pick("forest_stream", hero="fairy")(text, graph, seed=seed)
        assert not {"fish", "duck"} & set(drawn(sel))
        assert any("empty" in note for note in sel.notes)


def test_no_fish_in_the_text_means_no_ambient_fish():
    text, graph = scene("There were no fish at the reef today.", ("fish", "fish"))
    for seed in range(6):
        assert "fish" not in drawn(pick()(text, graph, seed=seed))


def test_ambient_props_fit_the_background_and_the_time_of_day():
    text, graph = scene("Coral the mermaid sang.", ("mermaid", "Coral", "Coral"))
    reef = {o for seed in range(8) for o in drawn(pick()(text, graph, seed=seed), "ambient")}
    assert reef and reef <= {"tropical_fish", "fish", "shrimp"}
    text, graph = scene("The fairy yawned.", ("fairy", "fairy"))
    forest = drawn(pick("mushroom_glade", "night", hero="fairy")(text, graph), "ambient")
    assert set(forest) == {"firefly"}


def test_ambient_props_never_repeat_what_the_background_draws():
    table = ambient_table()
    for design in table.designs:
        for time in ("day", "sunset", "night"):
            theme = background(design).theme
            candidates = {object_id for object_id, _ in table.ambient_candidates(design, theme, time)}
            assert not candidates & table.drawn_by_background(design, theme, time), (design, time)


def test_ambient_props_never_repeat_a_mentioned_thing():
    text, graph = scene("A tropical fish waved.", ("tropical fish", "tropical fish"))
    for seed in range(6):
        sel = pick()(text, graph, seed=seed)
        assert [o.object_id for o in sel.objects].count("tropical_fish") == 1


def test_a_relation_to_a_thing_not_drawn_is_reported():
    text, graph = scene("The mermaid swam to the chrysalis.", ("mermaid", "mermaid"), ("chrysalis", "chrysalis"),
                        relations=[("e1", "near", "e2")])
    sel = pick()(text, graph)
    assert sel.relations == [] and sel.dropped_relations == ["mermaid near chrysalis (not both drawn)"]


def test_a_gift_is_held_by_the_giver():
    text, graph = scene("Coral the mermaid gave a shell to the turtle.",
                        ("mermaid", "Coral", "Coral"), ("shell", "shell"), ("turtle", "turtle"),
                        relations=[("e1", "giving_to", "e3", None, "e2")])
    rels = pick()(text, graph).relations
    assert LayoutRelation("mermaid", "giving_to", ("turtle",)) in rels
    assert LayoutRelation("mermaid", "holding", ("shell",)) in rels


def test_a_stand_in_pirate_holds_the_pirate_flag():
    text, graph = scene("Captain Wanda smiled.", ("pirate", "Captain Wanda", "Captain Wanda"))
    sel = pick("shipwreck", hero="pirate")(text, graph)
    assert drawn(sel)["pirate_flag"].source == "hero_prop"
    assert LayoutRelation("pirate", "holding", ("pirate_flag",)) in sel.relations


def test_selection_is_the_same_for_the_same_seed():
    text, graph = scene("Coral the mermaid sang.", ("mermaid", "Coral", "Coral"))
    assert pick()(text, graph, seed=4).to_dict() == pick()(text, graph, seed=4).to_dict()


def test_bad_input_says_what_is_allowed():
    with pytest.raises(TypeError, match="SceneGraph"):
        select_objects("text", {"entities": []}, background("coral_reef"))


def test_the_ambient_table_refuses_an_unknown_object(tmp_path):
    path = tmp_path / "ambient.yaml"
    path.write_text("designs:\n  coral_reef:\n    day: [sea_monster 2]\n")
    with pytest.raises(AmbientTableError, match="sea_monster"):
        load_ambient_table(path)


def test_the_selection_dev_set_names_real_objects():
    from taleweaver.scene.evaluate_select import load_labels

    labels = load_labels()
    assert len(labels) >= 40
    assert all(label.objects for label in labels)
