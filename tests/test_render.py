"""Rendering: animated scene SVGs, PNG stills and the contact sheet (taleweaver/scene/render*.py)."""

import re
import xml.etree.ElementTree as ET

import cairosvg
import pytest
from PIL import Image

from taleweaver.scene.assets import credit_line, get_object
from taleweaver.scene.backgrounds import draw_background
from taleweaver.scene.layout import LayoutItem, LayoutRelation, place_objects
from taleweaver.scene.render import render_scene
from taleweaver.scene.render_still import write_contact_sheet, write_png

NS = {"svg": "http://www.w3.org/2000/svg"}
PURPLE = "#8E24AA"
ITEMS = [LayoutItem("mermaid", "mermaid", "hero"), LayoutItem("fish", "tropical_fish", "ambient", 2),
         LayoutItem("gull", "dove", "character"), LayoutItem("star", "star", "ambient"),
         LayoutItem("guard", "guard", "character"), LayoutItem("turtle", "turtle", "character"),
         LayoutItem("shell", "shell", "prop")]
RELATIONS = [LayoutRelation("mermaid", "riding", ("turtle",)), LayoutRelation("guard", "holding", ("shell",))]


@pytest.fixture(scope="module")
def scene():
    svg_bg, layout = draw_background("coral_reef", PURPLE, 5)
    placed = place_objects(layout, ITEMS, RELATIONS, seed=5)
    svg = render_scene(svg_bg, placed, hero_color=PURPLE, credits=[credit_line()], title="A test scene",
                       relations=RELATIONS, seed=5)
    return svg, placed


def groups(svg):
    """object key -> its outer <g class="tw-object"> elements."""
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        if g.get("class") == "tw-object":
            out.setdefault(g.get("data-key"), []).append(g)
    return out


def classes(group):
    return {c for el in group.iter() for c in (el.get("class") or "").split()}


def test_the_scene_svg_is_valid_xml_that_cairosvg_draws(scene, tmp_path):
    svg, _ = scene
    ET.fromstring(svg)
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=320)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_id_in_the_scene_is_unique(scene):
    ids = re.findall(r'\sid="([^"]+)"', scene[0])
    assert len(ids) > 40 and len(ids) == len(set(ids))
    assert sum(i.startswith("o0-") for i in ids) >= 2  # each drawing keeps its own ids, prefixed


def test_every_reference_points_to_an_id_of_the_document(scene):
    ids = set(re.findall(r'\sid="([^"]+)"', scene[0]))
    refs = set(re.findall(r'url\(#([^)]+)\)', scene[0])) | set(re.findall(r'href="#([^"]+)"', scene[0]))
    assert refs <= ids


def test_every_placed_copy_is_drawn_once(scene):
    svg, placed = scene
    assert sum(len(v) for v in groups(svg).values()) == len(placed)
    assert len(groups(svg)["fish"]) == 2


@pytest.mark.parametrize("key,expected", [
    ("fish", {"tw-m-swim", "tw-p-flick"}),    # fish swim and flick their tails
    ("gull", {"tw-m-hover", "tw-p-flap"}),    # birds flap
    ("star", {"tw-p-twinkle"}),               # stars twinkle
    ("guard", {"tw-m-bob"}),                  # a character drawn still in the index still bobs
    ("turtle", {"tw-m-stroll", "tw-p-waddle"}),
])
def test_each_kind_of_object_gets_its_animation(scene, key, expected):
    for group in groups(scene[0])[key]:
        assert expected <= classes(group)


def test_trees_sway_about_their_base():
    svg_bg, layout = draw_background("farm_pond", PURPLE, 2)
    placed = place_objects(layout, [LayoutItem("tree", "tree", "prop")], [], seed=2)
    svg = render_scene(svg_bg, placed)
    assert "tw-p-sway" in classes(groups(svg)["tree"][0])
    assert re.search(r"\.tw-p-sway \{[^}]*transform-origin: 50% 100%", svg)
    assert "@keyframes tw-sway" in svg


def test_every_animation_class_used_has_keyframes(scene):
    svg = scene[0]
    used = {c[len("tw-m-"):] for c in re.findall(r"tw-m-\w+", svg)} | {c[len("tw-p-"):] for c in re.findall(r"tw-p-\w+", svg)}
    for name in used:
        assert f"@keyframes tw-{name} " in svg


def test_reduced_motion_stops_every_animation(scene):
    assert re.search(r"@media \(prefers-reduced-motion: reduce\) \{ \.tw-m, \.tw-p \{ animation: none !important; \} \}", scene[0])


def test_animated_groups_never_carry_a_transform_attribute(scene):
    # a CSS transform would replace the attribute and throw the object across the canvas
    root = ET.fromstring(scene[0])
    for el in root.iter():
        if re.search(r"\btw-[mp]\b", el.get("class") or ""):
            assert "transform" not in el.attrib


def test_a_rider_moves_with_its_mount_and_a_held_thing_with_its_holder(scene):
    g = groups(scene[0])

    def motion(key):
        el = next(e for e in g[key][0].iter() if "tw-m" in (e.get("class") or "").split())
        return el.get("class"), el.get("style")

    assert motion("mermaid") == motion("turtle")
    assert motion("shell") == motion("guard")


def test_the_hero_wears_the_chosen_color_and_nobody_else_does(scene):
    g = groups(scene[0])
    hero = ET.tostring(g["mermaid"][0], encoding="unicode")
    assert PURPLE in hero
    assert get_object("mermaid").recolor[0] not in hero
    assert PURPLE not in ET.tostring(g["fish"][0], encoding="unicode")


def test_credits_go_into_the_metadata_and_a_comment(scene):
    svg = scene[0]
    root = ET.fromstring(svg)
    metadata = root.find("svg:metadata", NS)
    assert "OpenMoji" in "".join(metadata.itertext()) and "CC BY-SA 4.0" in "".join(metadata.itertext())
    assert re.search(r"<!-- All emojis designed by OpenMoji", svg)


def test_a_png_still_and_a_contact_sheet_are_written(scene, tmp_path):
    pngs = [write_png(scene[0], tmp_path / f"scene-{n}.png", width=320) for n in range(1, 6)]
    with Image.open(pngs[0]) as still:
        assert still.size == (320, 200)
    sheet = write_contact_sheet(pngs, tmp_path / "contact-sheet.png", thumb_width=160)
    with Image.open(sheet) as picture:
        assert picture.size[0] > 5 * 160 and picture.size[1] > 100
        # the badge of scene 1 is drawn in the top-left corner of the first thumbnail
        assert picture.convert("RGB").getpixel((12 + 10 + 6, 12 + 10 + 6)) != (250, 248, 242)


def test_the_still_shows_objects_at_rest(scene, tmp_path):
    svg, placed = scene
    without = re.sub(r"<style>.*?</style>", "", svg, flags=re.S)
    a = cairosvg.svg2png(bytestring=svg.encode(), output_width=320)
    b = cairosvg.svg2png(bytestring=without.encode(), output_width=320)
    assert a == b  # the animation CSS changes nothing in a still


def test_bad_input_says_what_is_allowed():
    with pytest.raises(ValueError, match="draw_background"):
        render_scene("not svg", [])
    with pytest.raises(ValueError, match="64 to 4096"):
        write_png("<svg/>", "x.png", width=10)


def test_a_browser_animates_the_scene_and_holds_still_for_reduced_motion(scene, tmp_path, browser):
    path = tmp_path / "scene.svg"
    path.write_text(scene[0])
    boxes = "Array.from(document.querySelectorAll('g.tw-object')).map(g => { const r = g.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })"
    moved = {}
    for motion in ("no-preference", "reduce"):
        page = browser.new_page(viewport={"width": 1280, "height": 800}, reduced_motion=motion)
        page.goto(path.as_uri())
        before = page.evaluate(boxes)
        page.wait_for_timeout(600)
        moved[motion] = sum(a != b for a, b in zip(before, page.evaluate(boxes)))
        page.close()
    assert moved["no-preference"] >= 4 and moved["reduce"] == 0
