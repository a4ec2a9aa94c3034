"""Read and check the hand-written corpus files in data/corpus/stories/*.txt.

The corpus is authored as plain text so a writer can read and edit it comfortably:

    === story
    id: a001
    theme: underwater
    hero: mermaid
    color: purple
    adjective: silly
    hero_name: Marlo
    title: Marlo and the Purple Hiccups
    1: First scene, two to four short sentences.
    2: ...
    3: ...
    4: ...
    5: ...

This module only parses and checks that format; it never writes story text.
Run `python -m taleweaver.story.corpus_format FILE [...]` to check files.
It needs nothing beyond the standard library and PyYAML, so writers can run it anywhere.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG_PATH = ROOT / "data" / "catalog.yaml"
CORPUS_DIR = ROOT / "data" / "corpus" / "stories"

FIELDS = ("id", "theme", "hero", "color", "adjective", "hero_name", "title")

# A sentence ends at . ! or ? (maybe followed by a closing quote) when the next word starts
# with a capital letter or an opening quote. So '"Help!" said Pip.' stays one sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“A-Z])")

# Word forms that count as "the adjective is visible in the story".
ADJECTIVE_FORMS = {
    "silly": ("silly", "sillier", "silliest", "silliness", "sillies"),
    "mysterious": ("mysterious", "mystery", "mysteries", "mysteriously"),
    "brave": ("brave", "braver", "bravest", "bravely", "bravery"),
    "kind": ("kind", "kinder", "kindest", "kindly", "kindness"),
    "curious": ("curious", "curiosity", "curiously"),
    "sleepy": ("sleepy", "sleepier", "sleepiest", "sleepily", "sleepyhead"),
    "clumsy": ("clumsy", "clumsier", "clumsiest", "clumsily"),
    "shy": ("shy", "shyer", "shyest", "shyly", "shyness"),
    "cheerful": ("cheerful", "cheerfully", "cheer", "cheery"),
    "grumpy": ("grumpy", "grumpier", "grumpiest", "grumpily", "grump"),
    "magical": ("magical", "magic", "magically"),
    "adventurous": ("adventurous", "adventure", "adventures", "adventurer"),
}

COLOR_FORMS = {
    "gold": ("gold", "golden"),
    "silver": ("silver", "silvery"),
    "brown": ("brown",),
    "white": ("white", "snow-white"),
}

HERO_FORMS = {
    "superhero": ("superhero", "super hero"),
    "dinosaur": ("dinosaur", "dino"),
    "puppy": ("puppy", "pup"),
    "kitten": ("kitten", "kitty"),
    "bunny": ("bunny", "rabbit"),
}

# A first, small screen for writers. The full safety screen lives in taleweaver.safety
# and re-screens everything; this list only catches slips early.
WRITER_BANNED = (
    "kill", "killed", "kills", "die", "died", "dies", "dying", "dead", "death", "blood",
    "bloody", "gun", "guns", "sword", "swords", "knife", "knives", "dagger", "cannon",
    "cannons", "shoot", "shot", "shoots", "stab", "weapon", "weapons", "hate", "hated",
    "stupid", "dumb", "idiot", "scary", "monster", "monsters", "ghost", "ghosts", "skeleton",
    "skull", "zombie", "witch", "beer", "wine", "cigarette", "poison", "poisoned", "bomb",
    "fight", "fought", "fighting", "punch", "punched", "merde", "damn", "hell", "shut up",
    "ugly", "fat", "terrified", "horror", "nightmare", "bite", "bit", "eat you", "drown",
    "drowned", "drowning", "steal", "stole", "stolen",
)


def load_catalog() -> dict:
    with open(CATALOG_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def parse_story_file(path: str | Path) -> list[dict]:
    """Parse one corpus file into story dicts: the labels, title and five scene texts."""
    stories: list[dict] = []
    current: dict | None = None
    for lineno, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("==="):
            current = {"scenes": {}, "_line": lineno, "_file": str(path)}
            stories.append(current)
            continue
        if current is None:
            raise ValueError(f"{path}:{lineno}: text before the first '=== story' line")
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{path}:{lineno}: expected 'key: value', got {line!r}")
        key, value = key.strip(), value.strip()
        if key in {"1", "2", "3", "4", "5"}:
            current["scenes"][int(key)] = value
        elif key in FIELDS:
            current[key] = value
        else:
            raise ValueError(f"{path}:{lineno}: unknown key {key!r}")
    for story in stories:
        story["scenes"] = [story["scenes"].get(i, "") for i in range(1, 6)]
        if story.get("hero_name", "").lower() in {"", "none", "-"}:
            story["hero_name"] = None
    return stories


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:[-'][a-z]+)*", text.lower())


def _mentions(text: str, forms: tuple[str, ...]) -> bool:
    lowered = " " + " ".join(_words(text)) + " "
    return any(f" {form} " in lowered for form in forms)


def check_story(story: dict, catalog: dict) -> list[str]:
    """Return the problems with one story; an empty list means it follows the house rules."""
    problems: list[str] = []
    for field in FIELDS:
        if field != "hero_name" and not story.get(field):
            problems.append(f"missing {field}")
    sections = {"theme": "themes", "hero": "heroes", "color": "colors", "adjective": "adjectives"}
    allowed = {kind: {e["id"] for e in catalog[section]} for kind, section in sections.items()}
    for kind, ids in allowed.items():
        if story.get(kind) and story[kind] not in ids:
            problems.append(f"{kind} {story[kind]!r} is not in the catalog")
    full_text = " ".join([story.get("title", "")] + story["scenes"])
    for i, scene in enumerate(story["scenes"], 1):
        if not scene:
            problems.append(f"scene {i} is missing")
            continue
        sentences = split_sentences(scene)
        if not 2 <= len(sentences) <= 4:
            problems.append(f"scene {i} has {len(sentences)} sentences (2-4 wanted)")
        for s in sentences:
            if len(_words(s)) > 22:
                problems.append(f"scene {i}: sentence too long ({len(_words(s))} words): {s[:50]}...")
    color = story.get("color", "")
    if color and not _mentions(full_text, COLOR_FORMS.get(color, (color,))):
        problems.append(f"the color word {color!r} never appears")
    adjective = story.get("adjective", "")
    if adjective and not _mentions(full_text, ADJECTIVE_FORMS.get(adjective, (adjective,))):
        problems.append(f"the adjective {adjective!r} (or a form of it) never appears")
    hero = story.get("hero", "")
    if hero and not _mentions(full_text, HERO_FORMS.get(hero, (hero,))):
        problems.append(f"the hero word {hero!r} never appears")
    for word in WRITER_BANNED:
        if _mentions(full_text, (word,)):
            problems.append(f"uses the word {word!r}, which the safety screen rejects")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        argv = sorted(str(p) for p in CORPUS_DIR.glob("*.txt"))
    catalog = load_catalog()
    total = bad = 0
    seen_ids: set[str] = set()
    for path in argv:
        try:
            stories = parse_story_file(path)
        except ValueError as err:
            print(err)
            bad += 1
            continue
        for story in stories:
            total += 1
            problems = check_story(story, catalog)
            if story.get("id") in seen_ids:
                problems.append("duplicate id")
            seen_ids.add(story.get("id"))
            if problems:
                bad += 1
                print(f"{story['_file']}:{story['_line']} {story.get('id')}: " + "; ".join(problems))
    print(f"{total} stories checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
