"""Reading a story from a JSON file, for every command that takes STORY.json
(`taleweaver illustrate`, `taleweaver sound`).

Reads: a file holding either a Story (what `taleweaver story --json` prints) or a bundle's
story.json (a StoryBundle, whose `story` field is the Story).
Writes: nothing; returns the `Story`, or raises StoryFileError with one line that says what
is wrong and what is allowed.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from taleweaver.contracts import SCHEMA_VERSION, Story


class StoryFileError(ValueError):
    """The file is missing, not JSON, not a Story or bundle, or of another schema version."""


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "the top level"
    more = error.error_count() - 1
    return f"{where}: {problem['msg']}" + (f" (and {more} more)" if more else "")


def _check_version(data: dict, path: Path, what: str) -> None:
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        said = "has no schema_version" if version is None else f"has schema_version {version!r}"
        raise StoryFileError(f"{path}: the {what} {said}; this taleweaver reads schema {SCHEMA_VERSION} "
                             "(make the story again with `taleweaver story --json`)")


def read_story_file(path: str | Path) -> Story:
    """The Story in `path` (a Story JSON or a bundle's story.json)."""
    path = Path(path)
    if not path.is_file():
        raise StoryFileError(f"{path}: no such file; give a story JSON from `taleweaver story --json` "
                             "or a bundle's story.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise StoryFileError(f"{path}: not a text file; a story file is UTF-8 JSON") from None
    except json.JSONDecodeError as error:
        raise StoryFileError(f"{path}: not valid JSON ({error.msg} at line {error.lineno}, "
                             f"column {error.colno})") from None
    if not isinstance(data, dict):
        raise StoryFileError(f"{path}: expected a JSON object with a story's title and scenes, "
                             f"got a JSON {type(data).__name__}")
    what = "story"
    if "story" in data:  # a bundle: its own version first, then the story inside it
        _check_version(data, path, "bundle")
        data, what = data["story"], "bundle's story"
        if not isinstance(data, dict):
            raise StoryFileError(f"{path}: the bundle's story field must be a JSON object")
    _check_version(data, path, what)
    try:
        return Story.model_validate(data)
    except ValidationError as error:
        raise StoryFileError(f"{path}: not a taleweaver story: {_first_problem(error)}") from None
