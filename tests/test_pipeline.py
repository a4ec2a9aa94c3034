"""create_story_bundle: stages in order, progress as it goes, and a bundle that appears whole or not at all.

These tests hand the pipeline a corpus story (the `story=` argument), so they exercise every
stage after the language model without waiting for it; tests/test_generator.py covers that one.
"""

import json

import pytest

from taleweaver.contracts import Scene, Story
from taleweaver.pipeline import STAGES, create_story_bundle, load_bundle
from taleweaver.story.corpus import load_corpus


@pytest.fixture(scope="module")
def corpus_story() -> Story:
    ref = next(s for s in load_corpus() if s.theme == "underwater")
    return Story(choices=ref.choices, title=ref.title, ranker_score=0.5, source="corpus",
                 scenes=[Scene(index=i, text=t, keywords=[]) for i, t in enumerate(ref.scenes, 1)],
                 notes=[f"corpus story {ref.id}, used as the pipeline's input in a test"])


@pytest.fixture(scope="module")
def bundle_and_progress(tmp_path_factory, corpus_story):
    heard = []
    folder = create_story_bundle(corpus_story.choices, tmp_path_factory.mktemp("bundles") / "first", seed=4,
                                 on_progress=heard.append, story=corpus_story)
    return folder, heard


def test_the_bundle_holds_story_json_the_player_and_every_scene_picture(bundle_and_progress):
    folder, _ = bundle_and_progress
    bundle = load_bundle(folder)
    assert bundle.story.title and [p.index for p in bundle.pages] == [1, 2, 3, 4, 5]
    for page in bundle.pages:
        assert (folder / page.picture).read_text().lstrip().startswith(("<svg", "<?xml"))
        assert (folder / page.still).stat().st_size > 1000
    assert (folder / "index.html").is_file()
    for page in bundle.pages:
        assert (folder / page.audio).stat().st_size > 1000 and (folder / page.narration).is_file()
        assert page.words and page.words[0].start >= 1.0 and page.words[-1].end <= page.duration_s
    assert bundle.missing_stages == []
    assert any("OpenMoji" in credit for credit in bundle.credits)
    assert json.loads((folder / "story.json").read_text())["schema_version"] == bundle.schema_version


def test_progress_names_every_stage_in_order_and_counts_up_to_the_total(bundle_and_progress):
    _, heard = bundle_and_progress
    stages = list(dict.fromkeys(p.stage for p in heard))
    assert stages == list(STAGES) and STAGES[:2] == ("story", "scenes") and STAGES[-1] == "bundle"
    assert [p.done for p in heard] == sorted(p.done for p in heard)
    assert heard[-1].done == heard[-1].total
    assert sorted({p.scene for p in heard if p.stage == "scenes" and p.scene}) == [1, 2, 3, 4, 5]


def test_a_bundle_is_never_written_over_an_existing_folder(bundle_and_progress, corpus_story):
    folder, _ = bundle_and_progress
    with pytest.raises(FileExistsError):
        create_story_bundle(corpus_story.choices, folder, seed=4, story=corpus_story)
    assert load_bundle(folder).story.title == corpus_story.title


def test_a_failure_mid_way_leaves_no_half_written_bundle(tmp_path, corpus_story, monkeypatch):
    import taleweaver.scene.illustrate as illustrate

    def broken(*args, **kwargs):
        raise RuntimeError("the paint ran out")

    monkeypatch.setattr(illustrate, "illustrate_story", broken)
    with pytest.raises(RuntimeError, match="paint"):
        create_story_bundle(corpus_story.choices, tmp_path / "half", seed=4, story=corpus_story)
    assert list(tmp_path.iterdir()) == []  # neither the bundle nor its hidden work folder
