"""The in-house corpus: loading the hand-written stories and their train/dev/test split.

The split is by story and fixed in data/corpus/split.tsv, so the test stories are never trained
on even when the corpus grows: new stories get a split from a hash of their id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from taleweaver.paths import DATA_DIR
from taleweaver.story.corpus_format import parse_story_file

CORPUS_DIR = DATA_DIR / "corpus"
SPLIT_PATH = CORPUS_DIR / "split.tsv"
SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class CorpusStory:
    id: str
    theme: str
    hero: str
    color: str
    adjective: str
    hero_name: str | None
    title: str
    scenes: tuple[str, ...]

    @property
    def choices(self) -> dict[str, str]:
        return {"theme": self.theme, "hero": self.hero, "color": self.color, "adjective": self.adjective}


@lru_cache(maxsize=1)
def load_corpus() -> tuple[CorpusStory, ...]:
    stories = []
    for path in sorted((CORPUS_DIR / "stories").glob("*.txt")):
        for raw in parse_story_file(path):
            stories.append(CorpusStory(
                id=raw["id"], theme=raw["theme"], hero=raw["hero"], color=raw["color"],
                adjective=raw["adjective"], hero_name=raw["hero_name"], title=raw["title"],
                scenes=tuple(raw["scenes"]),
            ))
    return tuple(stories)


def split_for_new_story(story_id: str) -> str:
    """80/10/10 by a stable hash of the id, for stories not yet in split.tsv."""
    bucket = int(hashlib.sha256(story_id.encode()).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


@lru_cache(maxsize=1)
def load_split() -> dict[str, str]:
    if not SPLIT_PATH.exists():
        return {}
    rows = SPLIT_PATH.read_text(encoding="utf-8").splitlines()[1:]
    return dict(row.split("\t") for row in rows if row.strip())


def split_of(story_id: str) -> str:
    return load_split().get(story_id) or split_for_new_story(story_id)


def stories_in(split: str) -> list[CorpusStory]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; allowed: {', '.join(SPLITS)}")
    return [s for s in load_corpus() if split_of(s.id) == split]


def write_split() -> dict[str, int]:
    """Record the split of every story (existing rows are never changed). Returns the counts."""
    split = dict(load_split())
    for story in load_corpus():
        split.setdefault(story.id, split_for_new_story(story.id))
    lines = ["id\tsplit"] + [f"{k}\t{v}" for k, v in sorted(split.items())]
    SPLIT_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_split.cache_clear()
    counts = {name: 0 for name in SPLITS}
    for value in split.values():
        counts[value] += 1
    return counts
