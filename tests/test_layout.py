"""The layout model: relations, zones, sizes, hero, frame and facing (taleweaver/scene/layout.py)."""

import pytest

from taleweaver.scene.backgrounds import draw_background
from taleweaver.scene.layout import (LayoutInputError, LayoutItem, LayoutRelation, place_objects)
from taleweaver.scene.layout_relations import direction

CANVAS = (1280, 800)


def background(design, seed=3):
    return draw_background(design, "#E53935", seed)[1]


def by_key(placed):
    out = {}
    for p in placed:
        out.setdefault(p.key, []).append(p)
    return out


def center(p):
    return ((p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2)


def test_octopus_under_boat_is_drawn_below_it():
    items = [LayoutItem("mermaid", "mermaid", "hero"), LayoutItem("boat", "sailboat"),
             LayoutItem("octopus", "octopus", "character")]
    for seed in range(3):
        placed = by_key(place_objects(background("coral_reef"), items,
                                      [LayoutRelation("octopus", "under", ("boat",))], seed))
        octopus, boat = placed["octopus"][0], placed["boat"][0]
        assert octopus.box[1] >= boat.box[3] - 0.15 * (boat.box[3] - boat.box[1])  # below its hull
        overlap = min(octopus.box[2], boat.box[2]) - max(octopus.box[0], boat.box[0])
        assert overlap > 0.3 * min(octopus.box[2] - octopus.box[0], boat.box[2] - boat.box[0])


def test_fish_stay_in_the_water():
    bg = background("forest_stream")
    items = [LayoutItem("frog", "frog", "hero"), LayoutItem("fish", "fish", "ambient", count=3),
             LayoutItem("tree", "tree")]
    for seed in range(3):
        for fish in by_key(place_objects(bg, items, [], seed))["fish"]:
            x, y = center(fish)
            wz = bg.water_zone
            assert wz.x <= x <= wz.right and wz.y <= y <= wz.bottom
            assert fish.placed_in == "water"


def test_birds_fly_in_the_sky_and_trees_stand_on_the_ground():
    bg = background("barnyard")
    placed = by_key(place_objects(bg, [LayoutItem("bunny", "bunny", "hero"), LayoutItem("bird", "eagle"),
                                       LayoutItem("tree", "tree")], [], 1))
    x, y = center(placed["bird"][0])
    assert bg.sky_zone.y <= y <= bg.sky_zone.bottom
    tree = placed["tree"][0]
    assert tree.placed_in == "ground" and tree.box[3] >= bg.horizon_y


def test_a_fish_on_a_background_without_water_stands_on_the_ground():
    placed = by_key(place_objects(background("golden_dunes"),
                                  [LayoutItem("camel", "camel", "hero"), LayoutItem("fish", "fish")], [], 0))
    assert placed["fish"][0].placed_in == "ground"


def test_whale_is_bigger_than_fish():
    items = [LayoutItem("mermaid", "mermaid", "hero"), LayoutItem("whale", "whale"),
             LayoutItem("fish", "fish", count=2)]
    placed = by_key(place_objects(background("shipwreck"), items, [], 5))
    whale = placed["whale"][0]
    for fish in placed["fish"]:
        assert whale.scale > 2 * fish.scale


def test_things_further_back_are_drawn_smaller():
    bg = background("barnyard")
    items = [LayoutItem("kitten", "kitten", "hero"), LayoutItem("cows", "cow", count=4)]
    def nearness(p):  # how far from the horizon toward the (local) ground line its base is
        return (p.box[3] - bg.horizon_y) / (bg.ground_y_at(center(p)[0]) - bg.horizon_y)

    cows = sorted(by_key(place_objects(bg, items, [], 2))["cows"], key=nearness)
    assert nearness(cows[0]) < nearness(cows[-1])
    for far, near in zip(cows, cows[1:]):
        assert far.scale <= near.scale + 1e-6


def test_everything_is_inside_the_frame():
    items = [LayoutItem("dino", "dinosaur", "hero"), LayoutItem("whale", "whale", "character"),
             LayoutItem("castle", "castle"), LayoutItem("tree", "tree", count=3),
             LayoutItem("sun", "sun"), LayoutItem("clouds", "cloud", "ambient", count=3)]
    for design in ("coral_reef", "starry_space", "great_hall", "snowy_slope", "jungle_river"):
        for seed in range(2):
            for p in place_objects(background(design, seed), items, [], seed):
                assert 0 <= p.box[0] <= p.box[2] <= CANVAS[0], (design, p)
                assert 0 <= p.box[1] <= p.box[3] <= CANVAS[1], (design, p)


def test_hero_is_largest_character_near_the_middle_and_drawn_over_the_others():
    items = [LayoutItem("bunny", "bunny", "hero"), LayoutItem("fox", "fox", "character"),
             LayoutItem("bear", "bear", "character"), LayoutItem("hen", "hen", "character")]
    placed = place_objects(background("farm_fields"), items, [], 4)
    hero = next(p for p in placed if p.role == "hero")
    assert CANVAS[0] / 3 <= center(hero)[0] <= 2 * CANVAS[0] / 3
    assert all(hero.scale > p.scale for p in placed if p.role == "character")
    assert hero.z == max(p.z for p in placed)


def test_hero_faces_the_friend_it_gives_a_shell_to():
    items = [LayoutItem("kitten", "kitten", "hero"), LayoutItem("friend", "puppy", "character"),
             LayoutItem("shell", "shell")]
    relations = [LayoutRelation("kitten", "holding", ("shell",)),
                 LayoutRelation("kitten", "giving_to", ("friend",))]
    for seed in range(4):
        placed = by_key(place_objects(background("coral_reef"), items, relations, seed))
        kitten, friend, shell = placed["kitten"][0], placed["friend"][0], placed["shell"][0]
        assert (center(friend)[0] - center(kitten)[0]) * direction(kitten.facing) > 0
        assert (center(kitten)[0] - center(friend)[0]) * direction(friend.facing) > 0
        # the shell is in the kitten's hand, on the side it faces, drawn over it
        assert (center(shell)[0] - center(kitten)[0]) * direction(kitten.facing) > 0
        assert shell.z > kitten.z


def test_chaser_runs_behind_the_chased_facing_the_same_way():
    items = [LayoutItem("puppy", "puppy", "hero"), LayoutItem("hen", "rooster", "character")]
    placed = by_key(place_objects(background("barnyard"), items,
                                  [LayoutRelation("puppy", "chasing", ("hen",))], 1))
    puppy, hen = placed["puppy"][0], placed["hen"][0]
    way = direction(puppy.facing)
    assert way != 0 and direction(hen.facing) == way
    assert (center(hen)[0] - center(puppy)[0]) * way > 0


def test_cat_on_a_rock_rests_on_its_top():
    placed = by_key(place_objects(background("golden_dunes"),
                                  [LayoutItem("cat", "kitten", "hero"), LayoutItem("rock", "rock")],
                                  [LayoutRelation("cat", "on", ("rock",))], 0))
    cat, rock = placed["cat"][0], placed["rock"][0]
    rock_height = rock.box[3] - rock.box[1]
    assert rock.box[1] - 6 <= cat.box[3] <= rock.box[1] + 0.35 * rock_height
    assert rock.box[0] <= center(cat)[0] <= rock.box[2]
    assert cat.placed_in == "attached" and cat.z > rock.z


def test_same_seed_same_layout_and_another_seed_moves_things():
    bg = background("kelp_forest")
    items = [LayoutItem("penguin", "penguin", "hero"), LayoutItem("fish", "tropical_fish", "ambient", count=3),
             LayoutItem("crab", "crab", "character")]
    first = place_objects(bg, items, [], 11)
    assert place_objects(bg, items, [], 11) == first
    assert place_objects(bg, items, [], 12) != first


def test_bad_input_gets_a_clear_error():
    bg = background("barnyard")
    hero = LayoutItem("cow", "cow", "hero")
    with pytest.raises(LayoutInputError, match="allowed: under, on"):
        place_objects(bg, [hero], [LayoutRelation("cow", "hugging", ("cow",))], 0)
    with pytest.raises(LayoutInputError, match="not an item key"):
        place_objects(bg, [hero], [LayoutRelation("cow", "near", ("barn",))], 0)
    with pytest.raises(LayoutInputError, match="role"):
        place_objects(bg, [LayoutItem("cow", "cow", "villain")], [], 0)
    with pytest.raises(KeyError, match="no object 'gryphon'"):
        place_objects(bg, [LayoutItem("g", "gryphon", "hero")], [], 0)


def test_dev_set_floor():
    """On every hand-labeled dev scene (one seed): most relations hold, nothing leaves the frame."""
    from taleweaver.scene.evaluate_layout import scene_background
    from taleweaver.scene.layout_dev_set import load_dev_set
    from taleweaver.scene.layout_metrics import SceneMeasures, measure_scene

    scenes = load_dev_set()
    assert len(scenes) >= 100
    total = SceneMeasures()
    for scene in scenes:
        (_, bg), _ = scene_background(scene)
        placed = place_objects(bg, list(scene.items), list(scene.relations), 0)
        total.add(measure_scene(bg, list(scene.items), list(scene.relations), placed, scene.name))
    assert total.relations_held / total.relations >= 0.93, total.failed
    assert total.out_of_frame == 0
    assert total.zone_violations / total.zone_checked <= 0.03
    assert total.overlapping_pairs / total.pairs <= 0.05
    assert total.hero_prominent / total.hero_scenes >= 0.9
