"""Precision and recall of object selection on hand-labeled corpus scenes.

    python -m taleweaver.scene.evaluate_select [--errors] [--write]

Reads data/scene/selection_dev.jsonl: per scene (story id, scene number) the object ids the
picture should show because of the text (`objects`: the characters present and the things
mentioned that the library can draw), ids that may appear or not without penalty (`optional`)
and ids the text rules out (`absent`). Ambient props and the hero's stand-in props are chosen
by policy, not by the text, so they are not scored as objects; they are checked against
`absent`.

Scores, per scene on sets of object ids, summed over scenes: precision = right / drawn from
the text (optional ids left out), recall = right / labeled; contradictions = drawn ids (any
source) that the label says are absent. The scenes are split in two by a hash of their name:
`tune` scenes were looked at while the rules were written, `held_out` scenes were not.
`--write` puts the results into docs/scenes.md between its selection-results markers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from taleweaver.paths import DATA_DIR, DOCS_DIR

DEV_PATH = DATA_DIR / "scene" / "selection_dev.jsonl"
DOCS_PATH = DOCS_DIR / "scenes.md"
SEED = 0


@dataclass(frozen=True)
class LabeledScene:
    story_id: str
    scene: int
    objects: frozenset[str]
    optional: frozenset[str]
    absent: frozenset[str]
    note: str

    @property
    def name(self) -> str:
        return f"{self.story_id}/{self.scene}"

    @property
    def held_out(self) -> bool:
        return int(hashlib.sha256(self.name.encode()).hexdigest(), 16) % 2 == 0


def load_labels(path: Path = DEV_PATH) -> list[LabeledScene]:
    from taleweaver.scene.assets import load_objects

    known = set(load_objects().objects)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        scene = LabeledScene(raw["story_id"], int(raw["scene"]), frozenset(raw["objects"]),
                             frozenset(raw.get("optional", [])), frozenset(raw.get("absent", [])), raw.get("note", ""))
        unknown = (scene.objects | scene.optional | scene.absent) - known
        if unknown:
            raise ValueError(f"{path.name} line {n}: {', '.join(sorted(unknown))} are not object ids")
        out.append(scene)
    return out


@lru_cache(maxsize=None)
def _planned(story_id: str):
    from taleweaver.scene.illustrate import plan_scenes
    from taleweaver.story.corpus import load_corpus

    story = next(s for s in load_corpus() if s.id == story_id)
    return plan_scenes(list(story.scenes), story.theme, story.hero, story.color, story.adjective,
                       SEED, hero_name=story.hero_name)


def score(scenes: list[LabeledScene]) -> tuple[dict, list[str]]:
    right = drawn = labeled = contradictions = 0
    errors = []
    for label in scenes:
        plan = _planned(label.story_id)[label.scene - 1]
        from_text = {o.object_id for o in plan.selection.objects if o.source == "text"}
        everything = {o.object_id for o in plan.selection.objects}
        hits = from_text & label.objects
        extra = from_text - label.objects - label.optional
        missed = label.objects - from_text
        wrong = everything & label.absent
        right += len(hits)
        drawn += len(hits) + len(extra)
        labeled += len(label.objects)
        contradictions += len(wrong)
        if extra or missed or wrong:
            skipped = "; ".join(f"{s.word}: {s.reason}" for s in plan.selection.skipped)
            errors.append(f"{label.name} [{plan.background.design_id}, {plan.background.time_of_day}] "
                          f"extra {sorted(extra)} missed {sorted(missed)} contradicted {sorted(wrong)}\n"
                          f"    resolved: {plan.language.resolved_text}\n    skipped: {skipped}")
    result = {"scenes": len(scenes), "right": right, "drawn": drawn, "labeled": labeled,
              "precision": right / drawn if drawn else 0.0, "recall": right / labeled if labeled else 0.0,
              "contradictions": contradictions}
    return result, errors


def report(results: dict[str, dict], seconds: float) -> str:
    rows = ["| scenes | n | precision | recall | right / drawn / labeled | contradictions drawn |",
            "|---|---:|---:|---:|---|---:|"]
    for name, r in results.items():
        rows.append(f"| {name} | {r['scenes']} | {r['precision']:.3f} | {r['recall']:.3f} | "
                    f"{r['right']} / {r['drawn']} / {r['labeled']} | {r['contradictions']} |")
    return "\n".join(rows) + f"\n\n({seconds:.0f} s for the language stage, backgrounds and selection of every story, seed {SEED}.)\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every scene with a wrong object")
    parser.add_argument("--write", action="store_true", help="write the table into docs/scenes.md")
    args = parser.parse_args(argv)
    labels = load_labels()
    started = time.perf_counter()
    results, all_errors = {}, {}
    for name, subset in (("tune", [s for s in labels if not s.held_out]), ("held out", [s for s in labels if s.held_out]),
                         ("all", labels)):
        results[name], all_errors[name] = score(subset)
    table = report(results, time.perf_counter() - started)
    print(table)
    if args.errors:
        for name in ("tune", "held out"):
            print(f"\n## {name} errors\n")
            print("\n".join(all_errors[name]) or "none")
    if args.write:
        page = DOCS_PATH.read_text(encoding="utf-8")
        block = f"<!-- selection-results -->\n{table}<!-- /selection-results -->"
        page, n = re.subn(r"<!-- selection-results -->.*?<!-- /selection-results -->", lambda _: block, page, flags=re.S)
        if n != 1:
            print(f"{DOCS_PATH} has no selection-results markers", file=sys.stderr)
            return 1
        DOCS_PATH.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
