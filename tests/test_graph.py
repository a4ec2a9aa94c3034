"""The relation graph: what a sentence says is where, read from its parse."""

import pytest

from taleweaver.language.graph import (
    build_scene_graph, build_sentence_graphs, build_story_scene_graphs, build_story_sentence_graphs,
    story_characters)
from taleweaver.language.graph_memory import StoryMemory
from taleweaver.language.scene_graph import Relation


def triples(text, characters=None):
    return build_scene_graph(text, characters).triples()


def test_octopus_under_boat():
    assert triples("The octopus swam under the boat.") == [("octopus", "under", "boat")]


def test_crab_and_fish_both_hide_under_rock():
    assert triples("The crab and the fish hid under the rock.") == [
        ("crab", "under", "rock"), ("fish", "under", "rock")]


def test_gave_shell_to_turtle_is_giving_to():
    assert triples("The girl gave a shiny shell to the turtle.") == [("girl", "giving_to", "turtle", "shell")]


def test_handed_the_queen_the_cake_is_giving_to_the_queen():
    assert triples("The bunny handed the queen the cake.") == [("bunny", "giving_to", "queen", "cake")]


def test_beneath_is_under_and_beside_is_next_to():
    assert triples("The mouse hid beneath a leaf.") == [("mouse", "under", "leaf")]
    assert triples("A hippo swam up beside the log.") == [("hippo", "next_to", "log")]


def test_between_keeps_both_sides():
    assert triples("Pip the penguin stood between a big walrus and a little seal.") == [
        ("penguin", "between", ("walrus", "seal"))]
    assert triples("A tiny red boat floated between two tall rocks.") == [
        ("boat", "between", ("rock", "rock"))]


def test_riding_on_the_back_of_a_turtle():
    assert triples("Little Milo the mouse was riding on the back of a big brown turtle.") == [
        ("mouse", "riding", "turtle")]


def test_the_whale_gave_her_a_ride_means_she_rides_the_whale():
    assert ("explorer", "riding", "whale") in triples("The whale gave the explorer a gentle ride.")


def test_carried_a_lantern_is_holding_and_chased_is_chasing():
    assert triples("The owl carried a lantern.") == [("owl", "holding", "lantern")]
    assert triples("The puppy chased the bouncing red ball.") == [("puppy", "chasing", "ball")]


def test_passive_chase_turns_around():
    assert triples("The ball was chased by the puppy.") == [("puppy", "chasing", "ball")]


def test_looked_at_is_looking_at_but_peeking_under_places_nobody():
    assert triples("The owl looked down at the tiny mouse.") == [("owl", "looking_at", "mouse")]
    assert triples("The penguin peeked under the yellow door.") == []


def test_set_the_carrots_in_the_snow_places_the_carrots():
    assert triples("The bunny set the carrots in the snow.") == [("carrot", "in", "snow")]


def test_a_teacup_on_the_windowsill_stacks_places():
    assert triples("Blythe the fairy lived in a teacup on the windowsill.") == [
        ("fairy", "in", "teacup"), ("teacup", "on", "windowsill")]


def test_dreamed_about_riding_draws_nothing():
    assert triples("The mermaid dreamed about riding a dolphin someday.") == []


def test_speech_inside_quotes_is_not_in_the_picture():
    graph = build_scene_graph('"Hop on my back," said the hippo.')
    assert graph.relations == [] and [e.lemma for e in graph.entities] == ["hippo"]


def test_entities_carry_name_colors_sizes_and_counts():
    graph = build_scene_graph("Pip the penguin saw three big purple fish.")
    penguin, fish = graph.entities
    assert (penguin.lemma, penguin.name) == ("penguin", "Pip")
    assert (fish.lemma, fish.attributes, fish.count) == ("fish", ["big", "purple"], 3)
    assert graph.text[slice(*penguin.span)] == "Pip"


def test_body_parts_point_at_their_owner_and_are_not_entities():
    graph = build_scene_graph("A tiny mouse sat on the dinosaur's head.")
    assert graph.triples() == [("mouse", "on", "dinosaur")]
    assert "head" not in [e.lemma for e in graph.entities]


def test_pronoun_subject_stays_a_pronoun_node():
    assert triples("She sat on the rock.") == [("she", "on", "rock")]


def test_story_names_resolve_later_mentions():
    characters = story_characters(["Atlas the dragon lived in a cave."], hero=None)
    assert characters == {"Atlas": "dragon"}
    assert triples("Atlas sat on a log.", characters) == [("dragon", "on", "log")]


def test_one_graph_per_sentence_with_offsets_inside_the_sentence():
    graphs = build_sentence_graphs("The cat sat on the mat. The dog hid behind the tree.")
    assert [g.triples() for g in graphs] == [[("cat", "on", "mat")], [("dog", "behind", "tree")]]
    dog = graphs[1].entities[0]
    assert graphs[1].text[slice(*dog.span)] == "dog"


def test_to_dict_is_plain_json_with_ids():
    data = build_scene_graph("The girl gave a shell to the turtle.").to_dict()
    assert data["relations"] == [{"subject": "e1", "relation": "giving_to", "object": "e3", "thing": "e2"}]
    assert [e["lemma"] for e in data["entities"]] == ["girl", "shell", "turtle"]


def test_bad_input_says_what_is_allowed():
    with pytest.raises(TypeError, match="str"):
        build_scene_graph(None)
    with pytest.raises(ValueError, match="allowed: under, on"):
        Relation("e1", "hugging", "e2")
    with pytest.raises(ValueError, match="two"):
        Relation("e1", "between", between=("e2",))


def test_laughing_from_a_branch_is_on_the_branch():
    assert triples("A red parrot laughed from a branch.") == [("parrot", "on", "branch")]


def test_jumping_from_a_branch_does_not_leave_it_on_the_branch():
    assert triples("The squirrel jumped from a branch.") == []


def test_waiting_at_the_door_is_near_the_door():
    assert triples("The fox waited at the door.") == [("fox", "near", "door")]


def test_sat_by_the_nest_is_near_it_even_when_parsed_as_an_agent():
    assert ("robot", "near", "nest") in triples("Domino the robot kindly sat by the nest and glowed all night.")


def test_inverted_subject_after_an_opening_place():
    assert triples("In a hollow tree lived a little owl.") == [("owl", "in", "tree")]


def test_fell_in_means_the_lake_the_scene_just_named():
    graph = build_scene_graph("Abby leaned over the lake. Her map fell in.")
    assert ("map", "in", "lake") in graph.triples()


def test_climbed_on_means_riding_the_animal_the_scene_just_named():
    graph = build_scene_graph("The mother goat knelt down. Greta climbed on for a ride.")
    assert ("princess", "riding", "goat") in graph.triples() or ("greta", "riding", "goat") in graph.triples()


def test_a_thing_named_only_to_compare_is_not_where_anyone_climbs():
    graph = build_scene_graph("The cloud stretched out like a pink hammock, and the mermaid climbed in.")
    assert ("mermaid", "in", "hammock") not in graph.triples()
    assert ("mermaid", "in", "cloud") in graph.triples()


def test_a_list_split_by_the_parser_keeps_every_place():
    found = triples("Purple soup splashed onto the squirrels, the table and the tree.")
    assert {("soup", "on", "squirrel"), ("soup", "on", "table"), ("soup", "on", "tree")} <= set(found)


def test_stared_at_is_looking_at_though_spacy_lemmatizes_it_as_star():
    assert triples("A goat stared at the mermaid.") == [("goat", "looking_at", "mermaid")]


def test_geese_tagged_singular_are_still_geese():
    assert [e.lemma for e in build_scene_graph("The geese by the pond gate honked.").entities][0] == "goose"


def test_analyze_story_resolves_pronouns_before_graphing():
    from taleweaver.language.analysis import analyze_story

    scenes = analyze_story(["Coral the mermaid found a shiny shell.", "She hid under a rock."])
    assert scenes[1].resolved_text == "Coral the mermaid hid under a rock."
    assert scenes[1].graph.triples() == [("mermaid", "under", "rock")]
    assert [m.text for m in scenes[1].mentions] == ["She"]
    data = scenes[1].to_dict()
    assert data["relations"] == [{"subject": "e1", "relation": "under", "object": "e2"}]
    assert data["mentions"][0]["replacement"] == "Coral the mermaid"


def test_analyze_story_rejects_what_is_not_a_story():
    from taleweaver.language.analysis import analyze_story

    with pytest.raises(TypeError, match="Story or a list of scene texts"):
        analyze_story("Coral the mermaid found a shell.")


def test_resolved_offset_follows_every_replacement_before_it():
    from taleweaver.language.coref import resolve_story
    from taleweaver.language.evaluate_graph_pipeline import resolved_offset

    text = "Coral the mermaid found a shell. She hid. She slept under a rock."
    result = resolve_story([text], keep_clear_pronouns=False)
    start = text.index("She slept")
    resolved = result.scenes[0]
    assert resolved[resolved_offset(start, result.mentions):].startswith("Coral slept under a rock.")


def test_unknown_parser_name_is_rejected():
    from taleweaver.language.parsers import using_parsers

    with pytest.raises(ValueError, match="allowed: sm, md"):
        with using_parsers(graph="large"):
            pass


@pytest.mark.slow
def test_edge_precision_and_recall_floor_in_pipeline_mode():
    """The headline: graphs of coreference-resolved scenes, scored strictly."""
    from taleweaver.language.evaluate_graph import (DEV_PATH, HELDOUT2_PATH, HELDOUT3_PATH, HELDOUT4_PATH,
                                                    HELDOUT5_PATH, HELDOUT_PATH, evaluate_in_pipeline,
                                                    load_labeled, summary)

    # Measured 2026-12-07 after the fourth round of rules: dev 0.939 / 0.923, held-out 0.901 /
    # 0.889, held-out 2 0.905 / 0.817, held-out 3 0.935 / 0.857, held-out 4 0.890 / 0.768,
    # held-out 5 0.905 / 0.851. All six sets are tuning data. The blind set is held-out 6,
    # scored by the lead only; no test reads it.
    dev = summary(evaluate_in_pipeline(load_labeled(DEV_PATH)))
    assert dev["edges"]["precision"] >= 0.91 and dev["edges"]["recall"] >= 0.90
    assert dev["entities"]["precision"] >= 0.92 and dev["entities"]["recall"] >= 0.95
    heldout = summary(evaluate_in_pipeline(load_labeled(HELDOUT_PATH)))
    assert heldout["edges"]["precision"] >= 0.88 and heldout["edges"]["recall"] >= 0.84
    tuned = summary(evaluate_in_pipeline(load_labeled(HELDOUT2_PATH)))
    assert tuned["edges"]["precision"] >= 0.86 and tuned["edges"]["recall"] >= 0.78
    # Held-out 3 was blind until 2026-12-07 (0.840 / 0.750 then, the last honest measure of the
    # old rules); released as tuning data that day.
    tuned3 = summary(evaluate_in_pipeline(load_labeled(HELDOUT3_PATH)))
    assert tuned3["edges"]["precision"] >= 0.90 and tuned3["edges"]["recall"] >= 0.82, tuned3["edges"]
    # Held-out 4 was blind until 2026-12-07 (0.676 / 0.526 then); released as tuning data that
    # day, when the third round of rules was written from it (0.889 / 0.758 after).
    tuned4 = summary(evaluate_in_pipeline(load_labeled(HELDOUT4_PATH)))
    assert tuned4["edges"]["precision"] >= 0.85 and tuned4["edges"]["recall"] >= 0.72, tuned4["edges"]
    # Held-out 5 was blind until 2026-12-07 (0.719 / 0.612 then); released as tuning data that
    # day, when the fourth round of rules was written from it (0.905 / 0.851 after).
    tuned5 = summary(evaluate_in_pipeline(load_labeled(HELDOUT5_PATH)))
    assert tuned5["edges"]["precision"] >= 0.86 and tuned5["edges"]["recall"] >= 0.80, tuned5["edges"]


@pytest.mark.slow
def test_edge_precision_and_recall_floor_on_sentences_alone():
    from taleweaver.language.evaluate_graph import DEV_PATH, HELDOUT_PATH, evaluate, load_labeled, summary

    dev = summary(evaluate(load_labeled(DEV_PATH)))
    assert dev["edges"]["precision"] >= 0.88 and dev["edges"]["recall"] >= 0.82
    assert dev["entities"]["precision"] >= 0.94 and dev["entities"]["recall"] >= 0.96
    heldout = summary(evaluate(load_labeled(HELDOUT_PATH)))
    assert heldout["edges"]["precision"] >= 0.74 and heldout["edges"]["recall"] >= 0.66


def test_in_front_without_of_names_nothing_and_does_not_crash():
    # Corpus story h5_096: "Each time it slid in front, ..." once crashed the graph (and with it
    # the scenes and sound stages); "in front of X" still gives the relation.
    assert triples("Each time the moon slid in front, the yellow planet looked darker.") == []
    assert triples("The moon slid in front of the sun.") == [("moon", "in_front_of", "sun")]


# --- rules added for held-out generalisation (sentences written for these tests) ----------

def test_named_possessive_from_coreference_keeps_the_owned_thing_as_the_place():
    # coreference writes "her sled" as "Pip the penguin's sled"
    assert triples("The owl slept on Pip the penguin's old sled.", {"Pip": "penguin"}) == [("owl", "on", "sled")]
    assert triples("The owl slept on the penguin's old sled.") == [("owl", "on", "sled")]


def test_held_it_tight_keeps_the_held_thing_as_object():
    assert triples("The girl held the puppy tight.") == [("girl", "holding", "puppy")]
    assert triples("The bunny tied the rope tight.") == []


def test_the_middle_or_shade_of_a_place_stands_for_the_place():
    assert triples("In the middle of the lake floated a duck.") == [("duck", "in", "lake")]
    assert triples("The fox napped in the shade of an old oak.") == [("fox", "under", "oak")]
    assert triples("The cat sat in the corner.") == [("cat", "in", "corner")]


def test_curled_in_a_ball_is_a_shape_not_a_place():
    assert triples("The kittens curled in a ball.") == []
    assert triples("The kittens curled in a basket.") == [("kitten", "in", "basket")]


def test_stars_overhead_are_not_in_the_ground_place_after_them():
    assert triples("The bears danced under the moon on the beach.") == [
        ("bear", "under", "moon"), ("bear", "on", "beach")]
    assert triples("The moon in the sky glowed.") == [("moon", "in", "sky")]


def test_a_place_phrase_after_wearing_places_the_wearer_unless_it_is_a_body_part():
    assert triples("The boy wore a hat on the hill.") == [("boy", "on", "hill")]
    assert triples("The boy wore a hat on his head.") == [("hat", "on", "he")]


def test_an_opening_place_with_a_comma_holds_the_whole_clause():
    assert triples("In the barn, the farmer found an egg.") == [("farmer", "in", "barn"), ("egg", "in", "barn")]
    assert triples("Under a cactus he found five chicks.") == []  # no comma, and the chicks are not entities here


def test_into_after_a_moved_thing_places_the_thing():
    assert triples("The wind blew the leaves into the pond.") == [("leaf", "in", "pond")]
    assert triples("The girl followed the duck into the barn.") == [("girl", "in", "barn")]


def test_seeing_something_below_puts_it_below_the_one_who_sees():
    assert triples("From the hill, the goat saw the village below.") == [("village", "below", "goat")]


def test_company_shares_the_place_but_a_thing_along_is_held():
    assert triples("The bear napped in the cave with his cub.") == [("bear", "in", "cave"), ("cub", "in", "cave")]
    assert triples("The bear napped in the cave with a blanket.") == [
        ("bear", "in", "cave"), ("bear", "holding", "blanket")]


def test_a_place_stacks_across_deep_in():
    assert triples("The elf lived in a cottage deep in the forest.") == [
        ("elf", "in", "cottage"), ("cottage", "in", "forest")]


def test_picked_up_is_holding_but_picked_is_not():
    assert triples("The boy picked up a shell.") == [("boy", "holding", "shell")]
    assert triples("The boy picked a flower.") == []


def test_with_a_group_or_a_feeling_is_not_holding():
    assert triples("The camel walked across the sand with a caravan.") == []
    assert triples("The goose sighed with relief.") == []
    assert triples("The camel walked across the sand with a lantern.") == [("camel", "holding", "lantern")]


def test_mister_is_an_honorific_name():
    graph = build_scene_graph("Mister Pickles waved at the goat.")
    assert [(e.lemma, e.name) for e in graph.entities] == [("mister pickles", "Mister Pickles"), ("goat", None)]


def test_a_possessed_middle_or_side_stands_for_its_owner():
    assert triples("The fox sat by the bear's side.") == [("fox", "near", "bear")]
    assert triples("The bear's middle got stuck in the door.") == [("bear", "in", "door")]


def test_from_behind_places_the_one_heard_from_there():
    assert triples("The bell rang from behind a tree.") == [("bell", "behind", "tree")]
    assert triples("The squirrel jumped from behind a tree.") == []


def test_lined_with_fills():
    assert triples("The mice lined the box with moss.") == [("moss", "in", "box")]


def test_a_short_name_and_its_full_form_are_one_character():
    assert triples("Princess Alma scooped the puppy up in Alma's arms.", {"Alma": "princess"}) == [
        ("princess", "holding", "puppy")]


def test_tried_doing_happened_but_tried_to_do_did_not():
    assert triples("The fox tried carrying the basket.") == [("fox", "holding", "basket")]
    assert triples("The fox tried to carry the basket.") == []


def test_weaving_into_shapes_instead_of_placing():
    assert triples("The girl wove the reeds into a basket.") == []


def test_a_carpet_of_clover_is_the_clover():
    assert triples("Under the tree grew a carpet of clover.") == [("clover", "under", "tree")]


# --- story memory (graph_memory.py): what earlier scenes said ---------------------------------

def story_triples(scenes, characters=None):
    return [graph.triples() for graph in build_story_scene_graphs(scenes, characters)]


def test_a_scene_inherits_the_setting_of_the_scene_before():
    scenes = ["The bear rolled into the Toffee Cave.", "Ginger the puppy padded in."]
    assert story_triples(scenes)[1] == [("puppy", "in", "cave")]
    assert triples(scenes[1]) == []  # a scene graphed alone has no setting to inherit


def test_an_implied_place_stays_the_setting_for_the_next_scene():
    scenes = ["The bear rolled into the Toffee Cave.", "Ginger the puppy walked back in.",
              "Deep inside, the puppy found the bear."]
    assert story_triples(scenes)[2] == [("bear", "inside", "cave")]


def test_a_setting_from_three_scenes_ago_is_left_behind():
    scenes = ["The fox ran into the cave.", "The fox ate berries.", "The fox ate more berries.",
              "The fox crept in."]
    assert story_triples(scenes)[3] == []


def test_one_memory_passed_by_hand_works_like_the_story_functions():
    memory = StoryMemory()
    build_scene_graph("The bear rolled into the cave.", memory=memory)
    assert build_scene_graph("The puppy padded in.", memory=memory).triples() == [("puppy", "in", "cave")]
    assert memory.scene == 2


def test_the_story_sentence_graphs_share_one_memory_across_scenes():
    scenes = build_story_sentence_graphs(["The bear rolled into the cave. The owl slept.", "The puppy padded in."])
    assert [[g.triples() for g in graphs] for graphs in scenes] == [
        [[("bear", "in", "cave")], []], [[("puppy", "in", "cave")]]]


def test_story_functions_refuse_a_single_string():
    with pytest.raises(TypeError, match="list of str"):
        build_story_scene_graphs("The bear rolled into the cave.")
    with pytest.raises(TypeError, match="list of str"):
        build_story_sentence_graphs("The bear rolled into the cave.")


def test_was_named_gives_the_name_its_kind_for_later_scenes():
    assert [(e.lemma, e.name) for e in build_scene_graph("The donkey was named Clover.").entities] == [
        ("donkey", "Clover")]
    assert story_triples(["The donkey was named Clover.", "Clover stood by the fence."])[1] == [
        ("donkey", "near", "fence")]


def test_a_short_name_for_a_kind_is_that_kind_later():
    scenes = ["A longneck dinosaur watched the astronaut.", "The astronaut hugged the longneck's knee."]
    assert story_triples(scenes)[1] == [("astronaut", "holding", "dinosaur")]


def test_a_kind_before_a_word_for_any_character_is_no_short_name():
    scenes = ["Brook had a white goose friend named Gertie.", "White geese sat on the bank."]
    assert story_triples(scenes)[1] == [("goose", "on", "bank")]


def test_the_story_kind_beats_a_generic_kind_from_coreference():
    scenes = ["Crystal's friend Tumble, a little mountain goat, was sad.", "Tumble sat on a rock."]
    assert story_triples(scenes, {"Tumble": "friend"})[1] == [("goat", "on", "rock")]
    scenes = ["Nerys's friend Sam the sloth grew flowers.", "Sam the friend sat on a log."]
    assert story_triples(scenes, {"Sam": "friend"})[1] == [("sloth", "on", "log")]


def test_an_adverb_before_the_kind_is_not_a_name():
    assert [(e.lemma, e.name) for e in build_scene_graph("Now the otters slide down the ditch.").entities] == [
        ("otter", None), ("ditch", None)]


def test_pushing_a_body_part_in_does_not_put_its_owner_in():
    scenes = ["The dinosaur lived in the castle garden.", "The dinosaur pushed the dinosaur's nose in."]
    assert story_triples(scenes)[1] == []


# --- place phrases and holding -------------------------------------------------------------------

def test_a_place_after_a_destination_places_the_destination_but_not_a_vehicle():
    assert triples("The puppy followed the prints to a burrow under a pine tree.") == [("burrow", "under", "tree")]
    assert triples("Cobble the penguin came to the desert in a hot air balloon.") == [("penguin", "in", "balloon")]


def test_holding_onto_a_branch_holds_it():
    assert triples("The princess had to hold onto a branch.") == [("princess", "holding", "branch")]


def test_hugging_a_body_part_holds_its_owner():
    assert triples("Shay the astronaut hugged the dinosaur's knee.") == [("astronaut", "holding", "dinosaur")]


def test_the_tip_of_a_nose_stands_for_its_owner():
    assert triples("The snowflake settled on the tip of the bunny's nose.") == [("snowflake", "on", "bunny")]


def test_in_clumps_is_a_shape_not_a_place():
    assert triples("The golden fluff came off in soft clumps.") == []


def test_an_opening_place_holds_the_joined_clauses_too():
    assert triples("In the forest, the trees swayed and the hills glowed.") == [
        ("tree", "in", "forest"), ("hill", "in", "forest")]


def test_stuck_to_and_all_over_are_on():
    assert triples("Golden fluff stuck to the kitten.") == [("fluff", "on", "kitten")]
    assert triples("The dinosaur sprayed the water all over the rocket.") == [("water", "on", "rocket")]


def test_a_thing_carved_on_a_stone_is_on_it():
    assert triples("There was a strange line carved on the stone.") == [("line", "on", "stone")]


def test_a_bucket_of_paint_is_still_carried_with():
    assert triples("The princess climbed up the ladder with a big bucket of paint.") == [
        ("princess", "holding", "bucket"), ("paint", "in", "bucket")]


def test_full_of_giggling_lions_puts_the_lions_in():
    assert triples("Soon the meadow was full of giggling little lions.") == [("lion", "in", "meadow")]


def test_a_theme_name_is_its_head_noun_unless_it_names_a_realm():
    assert triples("Shay the astronaut made a bumpy landing in Dinosaur Valley.") == [("astronaut", "in", "valley")]
    assert {e.lemma for e in build_scene_graph("The puppy trotted through Candy Land.").entities} == {
        "puppy", "candy land"}


def test_side_by_side_is_next_to():
    assert triples("Crystal the bunny and Tumble the goat slid down the hill side by side.") == [
        ("bunny", "next_to", "goat")]


def test_a_snow_drift_is_a_place_and_a_wag_is_not_held():
    assert triples("Kodi the puppy dug in the deepest drift beside the door.") == [
        ("puppy", "in", "drift"), ("drift", "next_to", "door")]
    assert triples("The puppy asked with a wag.") == []


def test_on_top_alone_is_on_the_latest_surface_the_story_named():
    scenes = ["The biggest cupcake tower ever stood in the square. On top sat one shiny red cherry."]
    assert ("cherry", "on", "tower") in story_triples(scenes)[0]
    scenes = ["That dune was bright red.", "Georgie the superhero asked a question, landing on top."]
    assert story_triples(scenes)[1] == [("superhero", "on", "dune")]


def test_a_participle_beside_asking_is_not_what_is_asked_for():
    assert triples("Georgie the superhero asked, landing on the dune.") == [("superhero", "on", "dune")]
    assert triples("Georgie the superhero asked to land on the dune.") == []


# --- 2026-12-07, second round: rules written from held-out 3's errors (each tested here on new
# sentences, not the held-out ones) ------------------------------------------------------------

def test_waving_to_greets_and_holding_on_to_grips():
    assert triples("The bear waved to the goose.") == []
    assert triples("The goat clung to the rope.") == [("goat", "holding", "rope")]


def test_at_the_top_of_a_place_is_on_it():
    assert triples("At the top of the hill, the fox sat down.") == [("fox", "on", "hill")]
    assert triples("At the top of the hill stood a castle.") == [("castle", "on", "hill")]


def test_any_self_moving_verb_after_something_chases_it():
    assert triples("The kitten crawled after the ball.") == [("kitten", "chasing", "ball")]


def test_every_clause_joined_under_where_is_in_the_place():
    assert triples("The fox lived in the forest, where the owls hooted and the bears slept.") == [
        ("fox", "in", "forest"), ("owl", "in", "forest"), ("bear", "in", "forest")]


def test_in_the_sun_or_the_light_is_weather_not_a_place():
    assert triples("The lizard napped in the sun.") == []
    assert triples("The puppies played in the fading light.") == []
    assert triples("The seeds lay in the snow.") == [("seed", "in", "snow")]


def test_stuck_inside_places_the_subject_of_were():
    scenes = ["The bunny lived in a burrow.", "The babies were stuck inside."]
    assert story_triples(scenes)[1] == [("baby", "inside", "burrow")]


def test_with_after_was_describes_and_holds_nothing():
    assert triples("Tiko was a little fox with a fluffy orange tail and a green scarf.") == []
    assert triples("The girl was a farmer with a big basket of eggs.") == [("egg", "in", "basket")]


def test_a_name_set_off_by_commas_after_its_kind_is_that_kind():
    assert story_triples(["Her dog, Max, ran to the park.", "Max sat on the bench."])[1] == [
        ("dog", "on", "bench")]


def test_up_went_keeps_the_real_subject():
    # in this context the parser makes "Up" a subject of "went" beside the balloons
    assert triples("The rain stopped. Up went the balloons, floating over the houses.") == [
        ("balloon", "above", "house")]


def test_a_field_is_a_place_one_steps_in():
    assert story_triples(["The bunny found a field of daisies.", "The bunny hopped in."])[1] == [
        ("bunny", "in", "field")]


def test_climbing_up_a_creature_is_being_on_it_but_sliding_down_is_not():
    assert triples("The mouse climbed up the giraffe's long neck.") == [("mouse", "on", "giraffe")]
    assert triples("The kitten slid down the giraffe's long neck.") == []


def test_an_ing_word_between_commas_is_a_participle_of_the_clause():
    """The parser reads "giggling" as a noun joined to "dune" only in some contexts, so the
    mis-parse is built by hand here."""
    from spacy.tokens import Doc

    from taleweaver.language.graph import _repair_comma_participles
    from taleweaver.language.parsers import graph_parser

    words = ["She", "slid", "down", "the", "dune", ",", "giggling", ",", "right", "behind", "the", "oranges", "."]
    heads = [1, 1, 1, 4, 2, 4, 4, 6, 9, 6, 11, 9, 1]
    deps = ["nsubj", "ROOT", "prep", "det", "pobj", "punct", "conj", "punct", "advmod", "prep", "det", "pobj", "punct"]
    tags = ["PRP", "VBD", "IN", "DT", "NN", ",", "NN", ",", "RB", "IN", "DT", "NNS", "."]
    pos = ["PRON", "VERB", "ADP", "DET", "NOUN", "PUNCT", "NOUN", "PUNCT", "ADV", "ADP", "DET", "NOUN", "PUNCT"]
    doc = Doc(graph_parser().vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    _repair_comma_participles(doc[:])
    giggling = doc[6]
    assert (giggling.pos_, giggling.dep_, giggling.head.text, giggling.lemma_) == ("VERB", "advcl", "slid", "giggle")
    assert doc[9].head == giggling  # "right behind the oranges" now hangs on the giggling slider


def test_a_cloud_rolling_in_comes_into_the_sky_not_the_place_before():
    assert story_triples(["The garden was full of kites.", "A dark cloud rolled in."])[1] == []
    # a sky thing that is put somewhere is still placed
    assert story_triples(["The rocket was ready.", "She tucked the star inside."])[1] == [
        ("star", "inside", "rocket")]


def test_an_open_place_is_only_where_a_mover_goes_in_by_itself():
    assert story_triples(["The bunny found a field of daisies.", "The bunny tucked her babies in."])[1] == []
    assert story_triples(["The hedgehogs lived in the forest.", "The hedgehogs stayed inside."])[1] == []


def test_only_someone_holds_what_comes_with_it():
    # (since the third round "at the bottom of" places the house in the sea; still nobody holds)
    assert triples("At the bottom of the sea stood a round yellow house with big bubble windows.") == [
        ("house", "in", "sea")]
    assert triples("The camel walked across the sand with a lantern.") == [("camel", "holding", "lantern")]


def test_a_character_in_a_garment_wears_it_but_a_thing_in_it_is_in_it():
    assert triples("The boy was bundled in a warm coat.") == []
    assert triples("The acorn fell into his hat.") == [("acorn", "in", "hat")]


def test_perches_read_as_a_noun_is_the_verb():
    assert triples("The hen perches on the fence.") == [("hen", "on", "fence")]


# --- third round (from held-out 4's errors); every sentence here is new ---------------------

def test_a_placing_verb_places_its_object_even_one_drawn_as_no_node():
    assert triples("The baker put the dust in a little tin.") == [("dust", "in", "tin")]
    # "sugar" is a thing: still placed, and never the one who puts it
    assert ("baker", "in", "bowl") not in triples("The baker put the sugar in a big bowl.")


def test_wrapping_around_puts_the_wrap_on_it_but_walking_around_places_nothing():
    assert triples("The girl wrapped the quilt around the puppy.") == [("quilt", "on", "puppy")]
    assert triples("The duck waddled around the pond.") == []


def test_at_the_edge_of_is_near_and_at_the_bottom_of_is_in():
    assert triples("The fox lived at the edge of the meadow.") == [("fox", "near", "meadow")]
    assert triples("A crab sat on a stone at the bottom of the pond.") == [
        ("crab", "on", "stone"), ("stone", "in", "pond")]


def test_in_someones_shade_is_under_them():
    assert triples("The lizard rested in the elephant's shade.") == [("lizard", "under", "elephant")]


def test_a_garment_after_a_place_is_worn_not_a_place():
    assert triples("The bear napped in his cave in just his pajamas.") == [("bear", "in", "cave")]


def test_a_named_place_is_not_beside_what_follows_it():
    assert ("girl", "next_to", "tent") in triples("The girl was camping in Pine Valley beside her tent.")


def test_a_sound_before_went_is_not_who_goes():
    assert triples("Splash went the little frog into the pond.") == [("frog", "in", "pond")]


def test_a_thing_that_holds_contains():
    assert triples("The basket held two red apples.") == [("apple", "in", "basket")]
    assert triples("The girl held two red apples.") == [("girl", "holding", "apple")]


def test_looking_at_each_other_is_both_ways():
    assert triples("The owl and the cat looked at each other.") == [
        ("owl", "looking_at", "cat"), ("cat", "looking_at", "owl")]


def test_climbing_onto_an_animal_is_riding_it():
    assert triples("The boy climbed onto the pony.") == [("boy", "riding", "pony")]
    assert triples("The boy climbed onto the wall.") == [("boy", "on", "wall")]


def test_a_character_described_as_the_one_on_a_place_is_on_it():
    assert triples("Rosie the rabbit was the bravest crew member on the ship.") == [("rabbit", "on", "ship")]


def test_standing_on_ones_own_legs_places_nothing():
    assert triples("The lamb stood up on her shaky legs.") == []
    assert triples("The duck had red boots on her feet.") == [("boot", "on", "she")]  # worn: still on her


def test_a_mood_or_a_loop_is_not_a_place():
    assert triples("The troll was in a very bad mood.") == []
    assert ("bat", "above", "tree") in triples("The bat flew in a wide loop over the tree.")


def test_a_cloud_of_something_is_what_is_placed():
    assert triples("The fairy blew a cloud of glitter over the castle.") == [("cloud", "above", "castle")]


def test_drawing_a_thing_somewhere_places_nothing():
    assert triples("The penguin drew the iceberg on his map.") == []


def test_who_after_what_someone_has_is_the_one_who_has_it():
    assert triples("Tansy was a pony with a long gray tail who lived at the edge of the woods.") == [
        ("pony", "near", "wood")]


def test_taking_a_thing_from_somewhere_is_holding_it():
    assert triples("The fox took a red apple from the basket.") == [("fox", "holding", "apple")]
    assert triples("The cat took a nap in the sun.") == []


def test_a_giver_naming_the_receiver_twice_still_gives():
    assert triples("The elf brought Pogo the penguin a warm muffin.") == [
        ("elf", "giving_to", "penguin", "muffin")]


def test_sliding_down_the_side_of_a_thing_is_on_it():
    assert triples("The melted butter began to slide down the sides of the pancake.") == [("butter", "on", "pancake")]
    assert triples("The bunny hopped down the side of the hill.") == [("bunny", "on", "hill")]


def test_a_pinch_of_one_thing_and_a_drop_of_another_are_both_contents():
    assert triples("The bowl held only a pinch of sugar and one drop of milk.") == [
        ("sugar", "in", "bowl"), ("milk", "in", "bowl")]


def test_a_purpose_not_yet_reached_draws_nothing_but_chasing_or_watching_does():
    assert triples("The puppy jumped up to catch the red ball.") == []
    assert triples("The goat was there to watch the cows.") == []
    assert triples("The kitten dashed off to chase a butterfly.") == [("kitten", "chasing", "butterfly")]


# --- fourth round (from held-out 5's errors); every sentence here is new --------------------

def test_a_crack_is_a_place_one_squeezes_into():
    assert triples("The mouse squeezed into a tiny crack in the wall.") == [
        ("mouse", "in", "crack"), ("crack", "in", "wall")]


def test_tying_or_pinning_a_thing_somewhere_places_the_thing():
    assert triples("The sailor tied his boat by the old dock.") == [("boat", "near", "dock")]
    assert triples("Grandma pinned a daisy on the little lamb's bonnet.") == [("daisy", "on", "bonnet")]
    assert triples("The girl tied the sticks together into a raft.") == []  # what they become


def test_stopping_at_a_hedge_is_near_it():
    assert triples("The fox stopped at the hedge.") == [("fox", "near", "hedge")]


def test_into_after_a_change_of_shape_names_what_it_becomes():
    assert triples("The ice melted into a puddle.") == []
    assert triples("The hedgehog rolled into a ball.") == []
    assert triples("The puppy burst into the kitchen.") == [("puppy", "in", "kitchen")]


def test_nothing_inside_a_comparison_is_in_the_scene():
    assert triples("The lake sparkled like a sky full of stars.") == []
    assert triples("The bear packed an umbrella, just in case.") == []


def test_an_adjective_set_after_a_noun_places_the_noun():
    assert triples("Up went the balloon, high over the town.") == [("balloon", "above", "town")]


def test_there_was_someone_doing_something_somewhere():
    assert triples("There was the puppy, sleeping under the table.") == [("puppy", "under", "table")]


def test_a_participle_after_what_was_seen_describes_what_was_seen():
    assert triples("The owl spotted a mouse, hiding under a leaf.") == [("mouse", "under", "leaf")]


def test_folding_ones_own_paws_somewhere_places_oneself():
    assert triples("The cat folded her paws beside the bowl.") == [("cat", "next_to", "bowl")]
    assert triples("The penguin drew the iceberg on his map.") == []  # still a drawing


def test_only_someone_receives_what_is_brought():
    assert triples("The bird brought the baby to the island.") == []
    assert triples("The bird brought a worm to the baby.") == [("bird", "giving_to", "baby", "worm")]


def test_a_setting_with_things_holds_them():
    assert triples("The goat lived on a small farm with a big red barn.") == [
        ("goat", "on", "farm"), ("barn", "in", "farm")]
    assert triples("The fox lived at a quiet oasis with a blue pool.") == [("pool", "in", "oasis")]


def test_company_hung_on_the_place_is_there_too():
    assert triples("Tilly was a small otter who lived in a river den with her family.") == [
        ("otter", "in", "den"), ("family", "in", "den")]


def test_going_in_to_a_place_the_sentence_names_is_not_the_place_before():
    assert triples("The frogs sat in the pond. A heron flew in to rest on a log.") == [
        ("frog", "in", "pond"), ("heron", "on", "log")]


def test_knowing_what_is_somewhere_places_nobody():
    assert triples("The owl knew every sound in the forest.") == []


def test_behind_something_shone_the_moon():
    assert triples("Behind the clouds shone the moon.") == [("moon", "behind", "cloud")]


def test_meeting_at_a_place_is_being_there():
    assert triples("The fox and the hen meet at the gate.") == [("fox", "near", "gate"), ("hen", "near", "gate")]
