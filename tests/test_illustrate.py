"""The scene stage's interfaces: illustrate_story and `taleweaver illustrate` (taleweaver/scene/illustrate.py)."""

import json

import pytest
from PIL import Image

from taleweaver.cli import main
from taleweaver.contracts import BundlePage, Choices, Scene, Story, StoryBundle
from taleweaver.scene.illustrate import illustrate_story
from taleweaver.story_file import StoryFileError, read_story_file
from taleweaver.story.corpus import load_corpus

STORY_ID = "h2_023"  # Dimple the penguin in the turquoise lagoon (test split)


def corpus_story(story_id=STORY_ID) -> Story:
    s = next(x for x in load_corpus() if x.id == story_id)
    return Story(choices=Choices(**s.choices), title=s.title, ranker_score=0.0, source="corpus",
                 scenes=[Scene(index=n, text=t, keywords=[]) for n, t in enumerate(s.scenes, start=1)])


@pytest.fixture(scope="module")
def illustrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("scenes")
    heard = []
    result = illustrate_story(corpus_story(), out, seed=7, on_scene=lambda scene: heard.append(scene.index))
    return result, heard


def test_illustrating_a_story_writes_every_file(illustrated):
    result, _ = illustrated
    names = {p.name for p in result.out_dir.iterdir()}
    expected = {f"scene-{n}.{ext}" for n in range(1, 6) for ext in ("svg", "png")} | {"contact-sheet.png", "scenes.json"}
    assert expected <= names
    with Image.open(result.out_dir / "scene-1.png") as still:
        assert still.size == (1280, 800)


def test_progress_is_reported_scene_by_scene(illustrated):
    assert illustrated[1] == [1, 2, 3, 4, 5]


def test_scenes_json_holds_what_each_picture_shows(illustrated):
    data = json.loads(illustrated[0].scenes_json.read_text())
    assert data["choices"]["theme"] == "underwater" and len(data["scenes"]) == 5
    assert any("OpenMoji" in c and "CC BY-SA 4.0" in c for c in data["credits"])
    for scene in data["scenes"]:
        assert scene["resolved_text"] and scene["background"]["id"] in ("coral_reef", "shipwreck", "sea_cave", "kelp_forest")
        assert isinstance(scene["relations"], list) and isinstance(scene["skipped"], list)
        for obj in scene["objects"]:
            assert {"id", "x", "y", "scale", "flip", "z", "animation"} <= set(obj)


def test_the_hero_is_found_through_coreference_in_every_scene(illustrated):
    data = json.loads(illustrated[0].scenes_json.read_text())
    # scene 3 says "She tried to write her name ... Dimple sighed and hid behind a rock"
    assert "Dimple the penguin" in data["scenes"][2]["resolved_text"]
    for scene in data["scenes"]:
        assert [o["id"] for o in scene["objects"] if o["role"] == "hero"] == ["penguin"]


def test_the_same_seed_draws_the_same_pictures(illustrated, tmp_path):
    result, _ = illustrated
    again = illustrate_story(corpus_story(), tmp_path, seed=7)
    assert (tmp_path / "scene-2.svg").read_text() == (result.out_dir / "scene-2.svg").read_text()
    assert again.scenes[4].to_dict()["objects"] == result.scenes[4].to_dict()["objects"]


def write(path, data):
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_a_bundle_story_json_is_read_as_its_story(tmp_path):
    story = corpus_story()
    bundle = StoryBundle(story=story, pages=[BundlePage(index=s.index, text=s.text) for s in story.scenes])
    path = write(tmp_path / "story.json", bundle.model_dump(mode="json"))
    assert read_story_file(path) == story


def test_the_cli_illustrates_a_story_file(tmp_path, capsys):
    path = write(tmp_path / "story.json", corpus_story("h4_037").model_dump(mode="json"))
    assert main(["illustrate", str(path), "--out", str(tmp_path / "out"), "--seed", "1"]) == 0
    assert "contact-sheet.png" in capsys.readouterr().out
    assert len(json.loads((tmp_path / "out" / "scenes.json").read_text())["scenes"]) == 5


@pytest.mark.parametrize("content,expected", [
    # One reader (taleweaver/story_file.py) serves `illustrate` and `sound`; its messages:
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ({"schema_version": "0.9", "title": "x"}, "has schema_version '0.9'; this taleweaver reads schema 1.1"),
    ({"schema_version": "1.1", "story": {"schema_version": "2.0"}}, "has schema_version '2.0'"),
    ({"schema_version": "1.1", "title": "x"}, "not a taleweaver story: choices: Field required"),
])
def test_a_bad_story_file_exits_2_with_one_line(tmp_path, capsys, content, expected):
    path = write(tmp_path / "story.json", content)
    assert main(["illustrate", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_missing_story_file_exits_2(tmp_path, capsys):
    assert main(["illustrate", str(tmp_path / "nope.json"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_python_api_takes_only_a_story(tmp_path):
    with pytest.raises(TypeError, match="Story"):
        illustrate_story({"title": "x"}, tmp_path)
    with pytest.raises(StoryFileError):
        read_story_file(write(tmp_path / "s.json", "{"))
