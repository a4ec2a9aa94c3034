import xml.etree.ElementTree as ET

import pytest
import yaml

from taleweaver.catalog import allowed_ids
from taleweaver.scene.assets import (
    OBJECTS_PATH, ObjectIndexError, UnknownObjectError, darker, find_object, hero_object, hero_props,
    load_objects, object_svg, openmoji_svg_dir, credit_line,
)



def group_fills(svg: str, group_id: str) -> list[str]:
    root = ET.fromstring(svg)
    group = next(el for el in root.iter() if el.get("id") == group_id)
    return [el.get("fill").upper() for el in group.iter() if (el.get("fill") or "").startswith("#")]


def group_markup(svg: str, group_id: str) -> str:
    root = ET.fromstring(svg)
    return ET.tostring(next(el for el in root.iter() if el.get("id") == group_id), encoding="unicode")


def test_library_has_at_least_200_objects():
    assert len(load_objects().objects) >= 200


def test_every_object_file_exists_in_the_installed_openmoji():
    for obj in load_objects().objects.values():
        assert (openmoji_svg_dir() / f"{obj.file}.svg").is_file(), obj.id


@pytest.mark.parametrize("hero", allowed_ids("hero"))
def test_every_catalog_hero_has_an_object(hero):
    obj = hero_object(hero)
    assert obj.svg_path.is_file()
    assert all(prop.svg_path.is_file() for prop in hero_props(hero))


def test_stand_in_heroes_say_why_and_bring_props():
    assert hero_object("pirate").note and {p.id for p in hero_props("pirate")} >= {"pirate_flag", "parrot"}
    assert {p.id for p in hero_props("explorer")} >= {"compass", "backpack", "map"}


def test_ship_finds_the_boat():
    assert find_object("ship").id == "sailboat"
    assert find_object("raft").id == "sailboat"


def test_rabbit_finds_the_bunny_hero():
    assert find_object("rabbit").id == hero_object("bunny").id


def test_candy_cane_is_found_through_its_compound_modifier():
    assert find_object("cane", modifier="candy").id == "lollipop"
    assert find_object("cane") is None


def test_hyphenated_and_spaced_names_match():
    assert find_object("Ice-Cream").id == find_object("ice cream").id == "ice_cream"


def test_a_noun_without_a_picture_finds_nothing():
    assert find_object("seahorse") is None


def test_an_empty_noun_is_rejected():
    with pytest.raises(ValueError):
        find_object("  ")


def test_recolor_changes_only_the_main_fill():
    plain = object_svg("octopus")
    blue = object_svg("octopus", recolor="#1e88e5")
    before, after = group_fills(plain, "color"), group_fills(blue, "color")
    assert len(before) == len(after)
    for old, new in zip(before, after):
        assert new == ("#1E88E5" if old == "#D22F27" else old)
    assert "#EA5A47" in after  # the lighter suckers keep OpenMoji's color
    assert group_markup(plain, "line") == group_markup(blue, "line")


def test_shade_fills_get_a_darker_tone_of_the_chosen_color():
    after = group_fills(object_svg("mermaid", recolor="#1E88E5"), "color")
    assert set(after) == {"#1E88E5", darker("#1E88E5")}
    assert darker("#1E88E5") == "#1666AC"  # each channel times 0.75


def test_a_rainbow_is_never_recolored():
    assert group_fills(object_svg("rainbow", recolor="#E53935"), "color") == group_fills(object_svg("rainbow"), "color")


def test_object_svg_is_plain_svg_markup_without_namespace_prefixes():
    svg = object_svg("fish", recolor="#FDD835")
    assert svg.startswith("<svg") and "ns0:" not in svg and 'viewBox="0 0 72 72"' in svg


def test_a_bad_recolor_value_is_rejected_with_the_expected_form():
    with pytest.raises(ValueError, match="hex color"):
        object_svg("fish", recolor="blue")


def test_an_unknown_object_id_is_a_clear_error():
    with pytest.raises(UnknownObjectError, match="no object 'submarine_x'"):
        object_svg("submarine_x")


def test_credit_line_names_openmoji_and_its_license():
    line = credit_line()
    assert "OpenMoji" in line and "CC BY-SA 4.0" in line and "creativecommons.org" in line


def test_facing_sizes_and_zones_follow_the_world():
    objs = load_objects().objects
    assert objs["whale"].size_rank > objs["fish"].size_rank
    assert "water" in objs["fish"].zone and "sky" in objs["bird"].zone and "ground" in objs["tree"].zone
    assert objs["fish"].facing == "right" and objs["shark"].facing == "left"


# --- the loader's checks, on small hand-made indexes ---------------------------------------

def _write_index(tmp_path, entry_changes):
    """A copy of the real index with the first object changed."""
    raw = yaml.safe_load(OBJECTS_PATH.read_text(encoding="utf-8"))
    raw["objects"][0].update(entry_changes)
    path = tmp_path / "objects.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_a_missing_svg_file_is_a_clear_error(tmp_path):
    with pytest.raises(ObjectIndexError, match="OpenMoji has no file NOPE.svg"):
        load_objects(_write_index(tmp_path, {"file": "NOPE"}))


def test_an_unknown_zone_lists_the_allowed_zones(tmp_path):
    with pytest.raises(ObjectIndexError, match="allowed: sky, water, ground, floating, indoors"):
        load_objects(_write_index(tmp_path, {"zone": ["moon"]}))


def test_a_recolor_fill_the_picture_lacks_is_rejected(tmp_path):
    with pytest.raises(ObjectIndexError, match="has no fill #123456"):
        load_objects(_write_index(tmp_path, {"recolor": ["#123456"]}))


def test_a_name_claimed_by_two_objects_is_rejected(tmp_path):
    with pytest.raises(ObjectIndexError, match="name 'mermaid' belongs to both"):
        load_objects(_write_index(tmp_path, {"names": ["mermaid"]}))


def test_an_unknown_field_is_rejected(tmp_path):
    with pytest.raises(ObjectIndexError, match="unknown field"):
        load_objects(_write_index(tmp_path, {"colour": "red"}))


# --- the coverage measure ------------------------------------------------------------------

def test_no_word_is_both_excluded_and_drawable():
    from taleweaver.scene.object_coverage import load_noun_groups

    for group, words in load_noun_groups().items():
        for word in words:
            assert find_object(word) is None, f"{word} is in {group} and in the index"


def test_coverage_counts_a_compound_with_its_head_and_skips_names_and_time():
    from taleweaver.nlp import english
    from taleweaver.scene.object_coverage import NounTally, tally_scene

    doc = english()("At night Pip gave the pirate a candy cane under the tree.")
    tally = NounTally()
    tally_scene(doc, "Pip", tally, find_object)
    assert set(tally.covered) == {"pirate", "cane", "tree"}
    assert tally.compounds == 1 and tally.not_concrete["night"] == 1
    assert not tally.missed
