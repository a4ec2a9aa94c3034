"""The taleweaver command line.

    taleweaver story --theme underwater --hero mermaid --color purple --adjective silly [--seed N] [--json]
    taleweaver choices [--json]
    taleweaver eval story [--stories N]
    taleweaver illustrate STORY.json --out DIR [--seed N]
    taleweaver sound STORY.json --out DIR [--seed N]
    taleweaver create --theme … --hero … --color … --adjective … [--seed N] --out DIR

Bad input exits with code 2 and one line that names what is allowed; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from taleweaver.catalog import KINDS, UnknownChoiceError, entries, require_choice


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2 (argparse prints the whole usage otherwise)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def _picked_choices(args, command: str) -> dict[str, str] | None:
    """The four catalog ids from --theme/--hero/--color/--adjective, or None after printing
    one line that names what is allowed."""
    picked = {}
    for kind in KINDS:
        value = getattr(args, kind)
        if value is None:
            allowed = ", ".join(e.id for e in entries(kind))
            sys.stderr.write(f"taleweaver {command}: error: missing --{kind}; allowed: {allowed}\n")
            return None
        try:
            picked[kind] = require_choice(kind, value).id
        except UnknownChoiceError as err:
            sys.stderr.write(f"taleweaver {command}: error: --{err}\n")
            return None
    return picked


def _story(args) -> int:
    from taleweaver.contracts import Choices
    from taleweaver.story.generator import DEFAULT_CANDIDATES, create_story

    picked = _picked_choices(args, "story")
    if picked is None:
        return 2
    if not 1 <= args.candidates <= DEFAULT_CANDIDATES:
        sys.stderr.write(f"taleweaver story: error: --candidates must be 1..{DEFAULT_CANDIDATES}\n")
        return 2
    story = create_story(Choices(**picked), seed=args.seed, k=args.candidates)
    if args.json:
        data = story.model_dump(mode="json")
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(story.title)
    print("=" * len(story.title))
    for scene in story.scenes:
        print(f"\n{scene.index}. {scene.text}")
    print(f"\n(ranker score {story.ranker_score:.2f} · source: {story.source} · seed {story.seed})")
    for note in story.notes:
        print(f"note: {note}")
    return 0


def _choices(args) -> int:
    if args.json:
        print(json.dumps({kind: [e.__dict__ for e in entries(kind)] for kind in KINDS}, ensure_ascii=False, indent=2))
        return 0
    for kind in KINDS:
        print(f"{kind}s:")
        for e in entries(kind):
            print(f"  {e.emoji}  {e.id:<18} {e.name}: {e.description}")
    return 0


def _eval(args) -> int:
    from taleweaver.story.evaluate import main as evaluate_main

    return evaluate_main(args)


def _illustrate(args) -> int:
    from taleweaver.scene.illustrate import illustrate_story
    from taleweaver.story_file import StoryFileError, read_story_file

    try:
        story = read_story_file(args.story)
    except StoryFileError as err:
        sys.stderr.write(f"taleweaver illustrate: error: {err}\n")
        return 2
    result = illustrate_story(story, args.out, seed=args.seed,
                              on_scene=lambda scene: print(f"scene {scene.index}: {scene.svg_path}"))
    print(f"contact sheet: {result.contact_sheet}")
    print(f"scenes.json: {result.scenes_json}")
    return 0


def _sound(args) -> int:
    from pathlib import Path

    from taleweaver.sound.mood import MoodModelMissingError
    from taleweaver.sound.stage import make_sound
    from taleweaver.story_file import StoryFileError, read_story_file

    try:
        story = read_story_file(args.story)
    except StoryFileError as err:
        sys.stderr.write(f"taleweaver sound: error: {err}\n")
        return 2
    if Path(args.out).exists() and not Path(args.out).is_dir():
        sys.stderr.write(f"taleweaver sound: error: --out {args.out} is a file; give a folder (made if missing)\n")
        return 2
    try:
        result = make_sound(story, Path(args.out), seed=args.seed, on_scene=lambda scene: print(
            f"scene {scene.index}: {scene.mix_file} {scene.duration_s:.1f} s, {scene.key}, {scene.tempo} bpm, "
            f"{len(scene.sfx)} effects", flush=True))
    except (FileNotFoundError, MoodModelMissingError) as err:  # a voice, SoundFont or model not installed
        sys.stderr.write(f"taleweaver sound: error: {err}\n")
        return 1
    print(f"sound.json: {result.sound_json} ({result.duration_s:.1f} s of audio in {result.timings['total']:.1f} s)")
    return 0

def _create(args) -> int:
    from pathlib import Path

    from taleweaver.contracts import Choices
    from taleweaver.pipeline import create_story_bundle

    picked = _picked_choices(args, "create")
    if picked is None:
        return 2
    out = Path(args.out)
    if out.exists():
        sys.stderr.write(f"taleweaver create: error: --out {out} already exists; name a new folder\n")
        return 2
    width = 30

    def show(progress) -> None:  # one line, redrawn in place: [#####.....] 4/16 Painted picture 2 of 5
        filled = round(width * progress.done / progress.total)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {progress.done}/{progress.total} {progress.message}"
        sys.stderr.write("\r" + line[:100].ljust(100))
        sys.stderr.flush()

    folder = create_story_bundle(Choices(**picked), out, seed=args.seed, on_progress=show)
    sys.stderr.write("\n")
    print(folder)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="taleweaver", description="Original five-scene stories from a child's four curated choices.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    story = sub.add_parser("story", help="make one story and print it",
                           description="Make one original, safety-screened five-scene story.")
    for kind in KINDS:
        allowed = ", ".join(e.id for e in entries(kind))
        story.add_argument(f"--{kind}", metavar="ID", help=f"one of: {allowed}")
    story.add_argument("--seed", type=int, help="an integer; the same seed and choices give the same story")
    story.add_argument("--candidates", "-k", type=int, default=4, help="drafts to sample and rank (1-4, default 4)")
    story.add_argument("--json", action="store_true", help="print the story as JSON")
    story.set_defaults(run=_story)

    choices = sub.add_parser("choices", help="list every allowed choice", description="List the curated choices.")
    choices.add_argument("--json", action="store_true", help="print the catalog as JSON")
    choices.set_defaults(run=_choices)

    evaluate = sub.add_parser("eval", help="evaluate a stage", description="Evaluate the story generator against the zero-shot baseline.")
    evaluate.add_argument("stage", choices=["story"], help="what to evaluate")
    evaluate.add_argument("--stories", type=int, default=None, help="how many test-split choices to use (default: all)")
    evaluate.add_argument("--out", default="docs/story-eval.md", help="where to write the report")
    evaluate.add_argument("--quick", action="store_true", help="only our generator: no baseline, no diversity sets")
    evaluate.set_defaults(run=_eval)

    illustrate = sub.add_parser("illustrate", help="draw a story's five scenes",
                                description="Draw a story's five scenes as animated SVGs, PNG stills, a contact sheet and scenes.json.")
    illustrate.add_argument("story", metavar="STORY.json", help="a story from `taleweaver story --json`, or a bundle's story.json")
    illustrate.add_argument("--out", required=True, metavar="DIR", help="folder for scene-N.svg, scene-N.png, contact-sheet.png, scenes.json")
    illustrate.add_argument("--seed", type=int, help="an integer; default: the story's own seed")
    illustrate.set_defaults(run=_illustrate)

    sound = sub.add_parser("sound", help="narrate, score and mix a story's five scenes",
                           description="Narrate a story and mix each scene with its music and sound effects: "
                                       "scene-N.ogg, scene-N.mid, narration-N.ogg and sound.json.")
    sound.add_argument("story", metavar="STORY.json", help="a story from `taleweaver story --json`, or a bundle's story.json")
    sound.add_argument("--out", required=True, metavar="DIR", help="folder for the audio files and sound.json (made if missing)")
    sound.add_argument("--seed", type=int, help="an integer for the music; default: the story's own seed")
    sound.set_defaults(run=_sound)

    create = sub.add_parser("create", help="make a whole story bundle: story, pictures, music, voice and player",
                            description="Make a story bundle folder that plays offline: story.json, scene pictures, "
                                        "audio and index.html.")
    for kind in KINDS:
        allowed = ", ".join(e.id for e in entries(kind))
        create.add_argument(f"--{kind}", metavar="ID", help=f"one of: {allowed}")
    create.add_argument("--seed", type=int, help="an integer; the same seed and choices give the same bundle")
    create.add_argument("--out", required=True, metavar="DIR", help="a new folder for the bundle")
    create.set_defaults(run=_create)
    return parser


def main(argv: list[str] | None = None) -> int:
    from taleweaver.story.lm import ModelMissingError

    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ModelMissingError as err:
        sys.stderr.write(f"taleweaver: error: {err}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
