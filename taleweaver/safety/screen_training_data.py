"""Screen every training set with the full safety filter:
`python -m taleweaver.safety.screen_training_data`.

Reads:
  - the corpus (data/corpus/stories/*.txt): every story's title and each sentence of its scenes;
  - the planner's keyword lists (data/corpus/keywords.jsonl), one list per scene, screened the
    way the planner's output is screened at run time (joined into one text);
  - the safe items of data/safety/classifier_train.jsonl (the classifier's own training data:
    the unsafe items are meant to be refused and are not training text for any story model).
Writes docs/training-data-screening.md: counts, and every excluded item with the layer and
reasons. A story is excluded when its title or any sentence fails.
"""

from __future__ import annotations

import json
import time

from taleweaver.paths import DATA_DIR, DOCS_DIR
from taleweaver.safety.classifier import split_sentences
from taleweaver.safety.screen import screen_texts

REPORT_PATH = DOCS_DIR / "training-data-screening.md"
KEYWORDS_PATH = DATA_DIR / "corpus" / "keywords.jsonl"
OWN_TRAIN_PATH = DATA_DIR / "safety" / "classifier_train.jsonl"


def screen_corpus() -> dict:
    """Per story: the title and every sentence screened; the failing ones with reasons."""
    from taleweaver.story.corpus import load_corpus, split_of

    items = []  # (story, where, text)
    for story in load_corpus():
        items.append((story, "title", story.title))
        for number, scene in enumerate(story.scenes, 1):
            items += [(story, f"scene {number}", sentence) for sentence in split_sentences(scene)]
    verdicts = screen_texts([text for _, _, text in items])
    failing: dict[str, list[str]] = {}
    splits: dict[str, str] = {}
    for (story, where, text), verdict in zip(items, verdicts):
        if not verdict.safe:
            failing.setdefault(story.id, []).append(f"{where}: \"{text}\" — {verdict.layer}: {'; '.join(verdict.reasons)}")
            splits[story.id] = split_of(story.id)
    titles = sum(1 for _, where, _ in items if where == "title")
    return {"stories": len(load_corpus()), "titles": titles, "sentences": len(items) - titles,
            "failing": failing, "splits": splits}


def screen_keywords() -> dict:
    rows = [json.loads(line) for line in KEYWORDS_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [(row["id"], number, ", ".join(words)) for row in rows for number, words in enumerate(row["scenes"], 1)]
    verdicts = screen_texts([text for _, _, text in items])
    failing = [f"{story_id} scene {number}: {text} — {v.layer}: {'; '.join(v.reasons)}"
               for (story_id, number, text), v in zip(items, verdicts) if not v.safe]
    return {"lists": len(items), "keywords": sum(len(t.split(", ")) for _, _, t in items), "failing": failing}


def screen_own_safe_items() -> dict:
    rows = [json.loads(line) for line in OWN_TRAIN_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    safe = [row for row in rows if row["label"] == "safe"]
    verdicts = screen_texts([row["text"] for row in safe])
    failing = [f"`{row['id']}` {row['category']}: {row['text']} — {v.layer}: {'; '.join(v.reasons)}"
               for row, v in zip(safe, verdicts) if not v.safe]
    return {"items": len(safe), "failing": failing}


def render(corpus: dict, keywords: dict, own: dict, seconds: float) -> str:
    lines = [
        "# Training data screening",
        "",
        "Written by `python -m taleweaver.safety.screen_training_data`: every training set is screened",
        "with the full safety filter (`taleweaver.safety`, all layers; policy in [safety.md](safety.md)).",
        "An item that fails is excluded from training and listed here with the layer and the reason.",
        "",
        "| training set | screened | passed | excluded |",
        "|---|---|---|---|",
        f"| corpus stories (title + every sentence; a story fails if any part fails) | {corpus['stories']} stories "
        f"({corpus['titles']} titles, {corpus['sentences']} sentences) | {corpus['stories'] - len(corpus['failing'])} "
        f"| {len(corpus['failing'])} |",
        f"| planner keyword lists (data/corpus/keywords.jsonl, one per scene) | {keywords['lists']} lists "
        f"({keywords['keywords']} keywords) | {keywords['lists'] - len(keywords['failing'])} | {len(keywords['failing'])} |",
        f"| classifier training, safe items (data/safety/classifier_train.jsonl) | {own['items']} | "
        f"{own['items'] - len(own['failing'])} | {len(own['failing'])} |",
        "",
        f"Screening took {seconds:.0f} s on this machine.",
        "",
        "## Excluded corpus stories",
        "",
    ]
    if corpus["failing"]:
        for story_id, problems in sorted(corpus["failing"].items()):
            lines.append(f"- **{story_id}** ({corpus['splits'][story_id]} split)")
            lines += [f"  - {p}" for p in problems]
    else:
        lines.append("None: every corpus story passes.")
    lines += ["", "## Excluded keyword lists", ""]
    lines += [f"- {item}" for item in keywords["failing"]] or ["None."]
    lines += ["", "## Excluded classifier training items (safe label)", ""]
    lines += [f"- {item}" for item in own["failing"]] or ["None."]
    lines += ["", "The red-team set (`data/safety/redteam.jsonl`) is an evaluation set, not story training",
              "text; its unsafe rows are meant to fail. How the filter does on it is in",
              "[safety-eval.md](safety-eval.md).", ""]
    return "\n".join(lines)


def main() -> int:
    start = time.perf_counter()
    corpus, keywords, own = screen_corpus(), screen_keywords(), screen_own_safe_items()
    seconds = time.perf_counter() - start
    REPORT_PATH.write_text(render(corpus, keywords, own, seconds), encoding="utf-8")
    print(f"corpus: {corpus['stories'] - len(corpus['failing'])}/{corpus['stories']} stories pass; "
          f"keyword lists: {keywords['lists'] - len(keywords['failing'])}/{keywords['lists']} pass; "
          f"classifier safe items: {own['items'] - len(own['failing'])}/{own['items']} pass; wrote {REPORT_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
