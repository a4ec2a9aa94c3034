import io
import xml.etree.ElementTree as ET

import cairosvg
import pytest
from PIL import Image

from taleweaver.catalog import allowed_ids, entries
from taleweaver.scene.backgrounds import (
    choose_background, designs, designs_for, draw_background)
from taleweaver.scene.backgrounds.layout import REGION_ZONES

ALL_DESIGNS = list(designs())
COLORS = [e.hex for e in entries("color")]


@pytest.fixture(scope="module")
def drawn():
    """Every design drawn once (seed 1, a different catalog color per design)."""
    return {d: draw_background(d, COLORS[i % len(COLORS)], 1) for i, d in enumerate(ALL_DESIGNS)}


def test_every_theme_has_at_least_three_designs():
    for theme in allowed_ids("theme"):
        assert len(designs_for(theme)) >= 3, theme


def test_underwater_has_coral_reef_shipwreck_and_deep_sea_cave():
    assert {"coral_reef", "shipwreck", "sea_cave"} <= {d.id for d in designs_for("underwater")}


def test_a_keyword_names_one_design_only_within_a_theme():
    for theme in allowed_ids("theme"):
        seen = {}
        for d in designs_for(theme):
            for word in d.keywords + d.hints:
                assert seen.setdefault(word, d.id) == d.id, f"{theme}: {word!r} in {seen[word]} and {d.id}"


def test_every_design_renders_to_an_svg_that_cairosvg_accepts(drawn):
    for design_id, (svg, layout) in drawn.items():
        root = ET.fromstring(svg)
        assert root.get("viewBox") == "0 0 1280 800"
        assert "<text" not in svg, "backgrounds carry no text"
        png = cairosvg.svg2png(bytestring=svg.encode(), output_width=160, output_height=100)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        assert len(image.getcolors(maxcolors=1 << 16) or ()) > 20, f"{design_id} rendered nearly blank"


def test_same_seed_repeats_the_picture_and_another_seed_changes_it():
    for design_id in ALL_DESIGNS:
        first, layout = draw_background(design_id, "#1E88E5", 11)
        again, layout_again = draw_background(design_id, "#1E88E5", 11)
        other, _ = draw_background(design_id, "#1E88E5", 12)
        assert first == again and layout == layout_again
        assert first != other, design_id


@pytest.mark.parametrize("color", COLORS)
def test_the_chosen_color_appears_in_every_design(color):
    for design_id in ALL_DESIGNS:
        svg, _ = draw_background(design_id, color, 5)
        assert color.upper() in svg.upper(), f"{color} missing from {design_id}"


def test_the_chosen_color_survives_the_night():
    svg, layout = draw_background("barnyard", "#FAFAFA", 2, time_of_day="night")
    assert "#FAFAFA" in svg and layout.time_of_day == "night"


def test_free_regions_lie_inside_the_canvas_and_their_zones(drawn):
    for design_id, (_, layout) in drawn.items():
        assert layout.free_regions, design_id
        for r in layout.free_regions:
            assert r.zone in REGION_ZONES
            assert 0 <= r.x and 0 <= r.y and r.right <= 1280 and r.bottom <= 800, (design_id, r)
            if r.zone == "sky":
                assert layout.sky_zone is not None and layout.sky_zone.contains(r), (design_id, r)
            if r.zone == "water":
                assert layout.water_zone is not None and layout.water_zone.contains(r), (design_id, r)
            if r.zone == "ground":
                for x in (r.x, r.x + r.width / 2, r.right):
                    assert abs(r.bottom - layout.ground_y_at(x)) <= 30, (design_id, r, x)
            if r.zone in ("air", "sky"):  # things fly above the ground (water may lie in front of it)
                assert r.bottom <= max(y for _, y in layout.ground_line) + 1, (design_id, r)


def test_free_regions_never_cover_the_key_features(drawn):
    for design_id, (_, layout) in drawn.items():
        for r in layout.free_regions:
            for f in layout.features:
                assert not r.overlaps(f), (design_id, r, f.name)


def test_every_outdoor_design_has_somewhere_to_stand(drawn):
    for design_id, (_, layout) in drawn.items():
        if design_id != "starry_space":  # open space has no ground at all
            assert layout.regions("ground"), design_id


def test_scene_mentioning_shipwreck_gets_the_shipwreck():
    choice = choose_background("underwater", "Pip swam down to the old shipwreck on the sand.", seed=3)
    assert choice.design_id == "shipwreck" and choice.reason == "mentioned"
    assert "shipwreck" in choice.matched


def test_scene_mentioning_a_cave_gets_the_cave_even_after_the_reef():
    choice = choose_background("underwater", "Then they swam into a dark cave.", previous="coral_reef", seed=3)
    assert choice.design_id == "sea_cave"


def test_scene_without_a_new_place_stays_where_the_story_was():
    choice = choose_background("farm", "The little pig giggled and waved.", previous="farm_pond", seed=9)
    assert choice.design_id == "farm_pond" and choice.reason == "continued"


def test_scene_without_any_place_gets_a_seeded_design_of_its_theme():
    picks = {choose_background("castle", "Everyone smiled.", seed=s).design_id for s in range(12)}
    assert picks <= {d.id for d in designs_for("castle")} and len(picks) >= 2
    assert choose_background("castle", "Everyone smiled.", seed=4) == choose_background("castle", "Everyone smiled.", seed=4)


def test_graph_nouns_count_as_evidence():
    choice = choose_background("farm", "They ran as fast as they could.", graph_nouns=("barn",), seed=1)
    assert choice.design_id == "barnyard"


def test_night_words_make_a_night_sky():
    assert choose_background("desert", "That night the stars came out over the tent.").time_of_day == "night"
    assert choose_background("desert", "At sunset the camel yawned.").time_of_day == "sunset"


def test_bad_input_is_refused_with_the_allowed_values():
    with pytest.raises(ValueError, match="allowed"):
        draw_background("volcano_lair", "#E53935", 1)
    with pytest.raises(ValueError, match="catalog color"):
        draw_background("coral_reef", "sparkly", 1)
    with pytest.raises(ValueError, match="allowed"):
        draw_background("coral_reef", "#E53935", 1, time_of_day="teatime")
    with pytest.raises(ValueError, match="allowed"):
        choose_background("underwater", "A fish.", previous="barnyard")
