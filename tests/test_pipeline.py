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
    from taleweaver.scene.illustrate import ScenePainter

    def broken(*args, **kwargs):
        raise RuntimeError("the paint ran out")

    monkeypatch.setattr(ScenePainter, "paint", broken)
    with pytest.raises(RuntimeError, match="paint"):
        create_story_bundle(corpus_story.choices, tmp_path / "half", seed=4, story=corpus_story)
    assert list(tmp_path.iterdir()) == []  # neither the bundle nor its hidden work folder


def fake_writer(corpus_story, after_page_1=None):
    """Stands in for the story generator: settles scene 1 first (scene 2 is still a draft,
    rewritten afterwards, as repair does), then scenes 2 to 5, and returns the story."""
    final = [scene.text for scene in corpus_story.scenes]

    def create_story(choices, seed=None, on_page=None):
        draft = [final[0], "A draft of scene two that repair will rewrite.", *final[2:]]
        on_page(1, corpus_story.title, draft)
        if after_page_1:
            after_page_1()
        for index in range(2, 6):
            on_page(index, corpus_story.title, final)
        return corpus_story

    return create_story


def test_page_one_is_painted_and_voiced_while_the_story_is_still_being_written(tmp_path, corpus_story, monkeypatch):
    import taleweaver.story.generator as generator

    heard, pages = [], []
    ready_before_writing_ended = []

    def page_one_is_on_disk():
        page, folder = pages[0]
        ready_before_writing_ended.append(all((folder / name).stat().st_size > 1000
                                              for name in (page.picture, page.still, page.audio, page.narration)))

    monkeypatch.setattr(generator, "create_story", fake_writer(corpus_story, page_one_is_on_disk))
    folder = create_story_bundle(corpus_story.choices, tmp_path / "paged", seed=4, on_progress=heard.append,
                                 on_page=lambda page, where, title: pages.append((page, where)))
    assert ready_before_writing_ended == [True]
    assert [page.index for page, _ in pages] == [1, 2, 3, 4, 5]
    assert pages[0][0].words and pages[0][0].text == corpus_story.scenes[0].text
    wrote = next(i for i, p in enumerate(heard) if p.stage == "story" and p.message.startswith("Wrote"))
    first_ready = next(i for i, p in enumerate(heard) if p.pages_ready == 1)
    assert first_ready < wrote  # page 1 was ready before the story stage ended
    assert heard[-1].pages_ready == 5 and heard[-1].done == heard[-1].total
    assert [p.text for p in load_bundle(folder).pages] == [s.text for s in corpus_story.scenes]


def test_a_story_that_changes_a_page_already_made_is_refused_and_leaves_nothing(tmp_path, corpus_story, monkeypatch):
    import taleweaver.story.generator as generator

    changed = corpus_story.model_copy(update={"scenes": [
        corpus_story.scenes[0].model_copy(update={"text": "Another first page."}), *corpus_story.scenes[1:]]})
    monkeypatch.setattr(generator, "create_story", lambda choices, seed=None, on_page=None:
                        fake_writer(corpus_story)(choices, seed, on_page) and changed)
    with pytest.raises(RuntimeError, match="changed a page"):
        create_story_bundle(corpus_story.choices, tmp_path / "changed", seed=4)
    assert list(tmp_path.iterdir()) == []


def spy_on_the_sound_stage(monkeypatch) -> list[tuple[str, int]]:
    """The order in which pages are handed to the voice and mixed: ("read", N) / ("mix", N)."""
    from taleweaver.sound.stage import SoundRecorder

    calls: list[tuple[str, int]] = []
    read_aloud, record = SoundRecorder.read_aloud, SoundRecorder.record

    def spied_read_aloud(self, index, text):
        calls.append(("read", index))
        return read_aloud(self, index, text)

    def spied_record(self, index, text, analysis=None):
        calls.append(("mix", index))
        return record(self, index, text, analysis)

    monkeypatch.setattr(SoundRecorder, "read_aloud", spied_read_aloud)
    monkeypatch.setattr(SoundRecorder, "record", spied_record)
    return calls


def test_the_voice_is_given_the_next_final_page_before_this_page_is_mixed(tmp_path, corpus_story, monkeypatch):
    # The voice (one core) reads page N+1 while page N is painted and mixed on the other core.
    import taleweaver.story.generator as generator

    calls = spy_on_the_sound_stage(monkeypatch)
    monkeypatch.setattr(generator, "create_story", fake_writer(corpus_story))
    folder = create_story_bundle(corpus_story.choices, tmp_path / "ahead", seed=4)
    first_read = {index: calls.index(("read", index)) for index in range(1, 6)}
    mixed = {index: calls.index(("mix", index)) for index in range(1, 6)}
    assert mixed[1] < first_read[2]  # page 1 is made at once: the child waits for it
    for index in range(2, 5):
        assert first_read[index + 1] < mixed[index]
    assert [p.text for p in load_bundle(folder).pages] == [s.text for s in corpus_story.scenes]


def test_a_given_story_has_every_page_queued_for_the_voice_before_any_is_mixed(tmp_path, corpus_story, monkeypatch):
    calls = spy_on_the_sound_stage(monkeypatch)
    create_story_bundle(corpus_story.choices, tmp_path / "given", seed=4, story=corpus_story)
    assert calls[:5] == [("read", index) for index in range(1, 6)]
    assert [index for kind, index in calls if kind == "mix"] == [1, 2, 3, 4, 5]
