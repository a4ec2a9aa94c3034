"""The mood gold set (data/sound/mood_dev.jsonl) and its fixed split into a tuning part and a
held-out part.

Reads: data/sound/mood_dev.jsonl, one sentence per line with `id`, `story_id`, `scene`,
`text`, `arousal` and `valence` (1-5, from hand labels). Writes nothing.

The split is by story, so two sentences of one story never sit on both sides, and it comes
from a hash of the story id, so it never changes when lines are added or reordered. About a
third of the stories are held out: the lexicon, the features and the model weights are tuned
on the tuning part only; the held-out part is only ever scored.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

from taleweaver.paths import DATA_DIR

GOLD_PATH = DATA_DIR / "sound" / "mood_dev.jsonl"
PARTS = ("tune", "heldout")


@dataclass(frozen=True)
class MoodExample:
    id: str
    story_id: str
    text: str
    arousal: int
    valence: int


def part_of_story(story_id: str) -> str:
    """'heldout' for about one story in three, 'tune' for the rest; fixed by the id alone."""
    digest = hashlib.sha256(f"mood:{story_id}".encode()).hexdigest()
    return "heldout" if int(digest, 16) % 3 == 0 else "tune"


@lru_cache(maxsize=1)
def load_gold() -> tuple[MoodExample, ...]:
    examples = []
    for line in GOLD_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            examples.append(MoodExample(row["id"], row["story_id"], row["text"],
                                        int(row["arousal"]), int(row["valence"])))
    return tuple(examples)


def gold_part(part: str) -> list[MoodExample]:
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; allowed: {', '.join(PARTS)}")
    return [ex for ex in load_gold() if part_of_story(ex.story_id) == part]
