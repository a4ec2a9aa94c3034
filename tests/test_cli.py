import json
import subprocess
import sys

import pytest

from taleweaver.cli import main


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "taleweaver", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args", [["--help"], ["story", "--help"], ["choices", "--help"], ["eval", "--help"],
                                  ["illustrate", "--help"], ["sound", "--help"], ["create", "--help"]])
def test_every_command_has_help(args):
    result = run_cli(*args)
    assert result.returncode == 0 and "usage:" in result.stdout


@pytest.mark.parametrize("args,expected", [
    (["--theme", "space", "--hero", "pirate", "--color", "red", "--adjective", "silly"], "allowed: underwater"),
    (["--theme", "underwater", "--hero", "vampire", "--color", "red", "--adjective", "silly"], "allowed: pirate"),
    (["--hero", "pirate", "--color", "red", "--adjective", "silly"], "missing --theme; allowed:"),
    (["--theme", "underwater", "--hero", "pirate", "--color", "red", "--adjective", "silly", "--seed", "abc"], "invalid int value"),
    (["--theme", "underwater", "--hero", "pirate", "--color", "red", "--adjective", "silly", "-k", "9"], "1..4"),
])
def test_bad_input_exits_2_with_one_line_naming_what_is_allowed(args, expected):
    result = run_cli("story", *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_model_says_how_to_rebuild_it(monkeypatch, tmp_path, capsys):
    import taleweaver.paths
    from taleweaver.story import generator

    generator.default_generator.cache_clear()
    monkeypatch.setattr(taleweaver.paths, "MODELS_DIR", tmp_path)
    code = main(["story", "--theme", "farm", "--hero", "puppy", "--color", "brown", "--adjective", "kind"])
    assert code == 1
    assert "make models" in capsys.readouterr().err
    generator.default_generator.cache_clear()


def test_story_json_has_the_promised_fields():
    result = run_cli("story", "--theme", "castle", "--hero", "dragon", "--color", "gold", "--adjective", "sleepy",
                     "--seed", "4", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["choices"] == {"theme": "castle", "hero": "dragon", "color": "gold", "adjective": "sleepy"}
    assert isinstance(data["title"], str) and isinstance(data["ranker_score"], float)
    assert [s["index"] for s in data["scenes"]] == [1, 2, 3, 4, 5]
    assert all(isinstance(s["text"], str) and isinstance(s["keywords"], list) for s in data["scenes"])


def test_choices_lists_the_catalog():
    result = run_cli("choices", "--json")
    data = json.loads(result.stdout)
    assert {"theme", "hero", "color", "adjective"} <= set(data)


def test_create_refuses_unknown_choices_and_an_existing_folder(tmp_path):
    bad_hero = run_cli("create", "--theme", "underwater", "--hero", "vampire", "--color", "red",
                       "--adjective", "silly", "--out", str(tmp_path / "new"))
    assert bad_hero.returncode == 2 and "allowed: pirate" in bad_hero.stderr and not (tmp_path / "new").exists()
    taken = run_cli("create", "--theme", "underwater", "--hero", "pirate", "--color", "red",
                    "--adjective", "silly", "--out", str(tmp_path))
    assert taken.returncode == 2 and "already exists" in taken.stderr


@pytest.mark.slow
def test_create_makes_a_playable_bundle_and_prints_its_folder(tmp_path):
    result = run_cli("create", "--theme", "farm", "--hero", "puppy", "--color", "green", "--adjective", "brave",
                     "--seed", "3", "--out", str(tmp_path / "bundle"))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "bundle"
    assert result.stdout.strip() == str(folder)
    assert (folder / "index.html").is_file() and (folder / "scene-5.ogg").is_file() and (folder / "scene-5.svg").is_file()
    assert "5 of 5" in result.stderr  # the progress bar went through the scenes
