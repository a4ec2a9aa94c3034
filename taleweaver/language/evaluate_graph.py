"""Score the relation graph against the hand-labeled sentences and write docs/relation-graph.md.

    python -m taleweaver.language.evaluate_graph            # prints numbers, writes the doc
    python -m taleweaver.language.evaluate_graph --errors   # also prints every wrong sentence
    # while tuning the rules: the blind set left out, no parser comparison, the doc untouched
    python -m taleweaver.language.evaluate_graph --errors --skip-blind --no-compare --no-doc

The headline is pipeline mode (`evaluate_in_pipeline`, see evaluate_graph_pipeline.py): each
labeled sentence graphed from its coreference-resolved scene and scored strictly. The older
sentence-alone scores (below) are kept for comparison, and pipeline mode is also run with
each graph parser (`compare_parsers`).

Reads data/language/relations_dev.jsonl, data/language/relations_heldout.jsonl,
data/language/relations_heldout2.jsonl, data/language/relations_heldout3.jsonl,
data/language/relations_heldout4.jsonl and data/language/relations_heldout5.jsonl: all six are
tuning data now. Held-out 3, blind until
2026-12-07, was released then and the second round of rules written from it (its blind score,
edges P 0.840 / R 0.750, stays recorded). Held-out 4, blind until 2026-12-07, scored edges
P 0.676 / R 0.526 (F1 0.592) blind with the second round's rules and P 0.646 / R 0.537 with
the rules before it (the second round gained about nothing on unseen text); it was released
as tuning data that day and the third round of rules written from its errors.
data/language/relations_heldout4b.jsonl ("held-out 4b") is held-out 4 labeled independently
by a second annotator (agreement with the first: edges P 0.957 / R 0.947,
`annotator_agreement`). Held-out 5, blind until 2026-12-07, scored edges P 0.719 / R 0.612
blind with the third round's rules (the same as the rules before the second and third
rounds); it was released as tuning data that day and the fourth round of rules written from
its errors. The blind set is now held-out 6 (data/language/relations_heldout6.jsonl), scored
once after that round: edges P 0.697 / R 0.535 (third round's rules: 0.672 / 0.523). Its name
is in `graph_report.BLIND_SETS`, so its wrong sentences are written to the doc by id only and
never printed; --skip-blind leaves it out. Each line:
{"id", "story_id", "scene", "text", "entities": [{"name", "attributes"}],
 "relations": [{"subject", "relation", "object"} | {..., "thing"} | {"subject", "relation":
 "between", "object": [a, b]}]}.

How a prediction matches (per sentence, micro-averaged over all sentences):
- an entity is its head: the lemma ("goose"), or the lower-cased name of a character whose
  kind is unknown; sets of heads are compared;
- an attribute is a (head, word) pair;
- an edge matches when subject head, relation and object head are equal; a between edge's
  two objects are compared as a multiset; a giving_to edge must also give the same thing.
  Edges are multisets, so a duplicate prediction is a false positive.
- The labels name the referent of every pronoun ("him" -> dragon), but the graph runs on text
  as given. Two scores are reported. "strict": a pronoun node ("he") never matches a noun.
  "with pronoun referents" (the headline number, standing in for the coreference stage that
  runs first in the real pipeline): each pronoun node may be aligned to one labeled entity
  that the sentence never names with a noun; the alignment (one per sentence, one-to-one)
  is the one that matches the most edges. Pronoun nodes left unaligned count in edges
  (false positives) but not in the entity list.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from taleweaver.language.graph import build_scene_graph, story_characters
from taleweaver.language.graph_words import relation_words
from taleweaver.language.scene_graph import RELATIONS, SceneGraph
from taleweaver.paths import DATA_DIR, DOCS_DIR

DEV_PATH = DATA_DIR / "language" / "relations_dev.jsonl"
HELDOUT_PATH = DATA_DIR / "language" / "relations_heldout.jsonl"
HELDOUT2_PATH = DATA_DIR / "language" / "relations_heldout2.jsonl"
# Labeled blind on 2026-12-07 (12 more test-split stories) while the story memory was being
# written by someone who never opened it; released as tuning data later that day (blind score
# P 0.840 / R 0.750), when its errors were read and the second round of rules written from them.
HELDOUT3_PATH = DATA_DIR / "language" / "relations_heldout3.jsonl"
# Labeled blind on 2026-12-07 while that second round was written (blind score P 0.676 /
# R 0.526); released as tuning data later that day, when the third round was written from it.
HELDOUT4_PATH = DATA_DIR / "language" / "relations_heldout4.jsonl"
# The same held-out 4 sentences labeled independently by a second annotator (edges P 0.957 /
# R 0.947 against the first): scored as a set of its own, and the ceiling to expect.
HELDOUT4B_PATH = DATA_DIR / "language" / "relations_heldout4b.jsonl"
# Labeled blind on 2026-12-07 while the third round of rules was written from held-out 4 (blind
# score P 0.719 / R 0.612); released as tuning data later that day, when the fourth round was
# written from it.
HELDOUT5_PATH = DATA_DIR / "language" / "relations_heldout5.jsonl"
# Labeled blind on 2026-12-07 (188 sentences of 12 more test-split stories) by an annotator who
# never ran the graph code, while the fourth round was written by someone who never opened it;
# scored once by the lead after that round. Its wrong sentences are listed by id only
# (graph_report.BLIND_SETS).
HELDOUT6_PATH = DATA_DIR / "language" / "relations_heldout6.jsonl"
# Labeled blind on 2026-12-08 (186 sentences of 12 more test-split stories) by an annotator who
# never ran or read the graph code; no rule has changed since held-out 6 was scored, so it is a
# second blind measure of the fourth round's rules. Listed by id only (graph_report.BLIND_SETS).
HELDOUT7_PATH = DATA_DIR / "language" / "relations_heldout7.jsonl"
DOC_PATH = DOCS_DIR / "relation-graph.md"
COMMAND = "python -m taleweaver.language.evaluate_graph"


def load_labeled(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        for relation in row["relations"]:
            if relation["relation"] not in RELATIONS:
                raise ValueError(f"{path}:{number}: unknown relation {relation['relation']!r}; "
                                 f"allowed: {', '.join(RELATIONS)}")
        rows.append(row)
    return rows


@lru_cache(maxsize=None)
def _characters_of(story_id: str) -> dict[str, str]:
    from taleweaver.story.corpus import load_corpus

    for story in load_corpus():
        if story.id == story_id:
            return story_characters(list(story.scenes), hero=story.hero, hero_name=story.hero_name)
    raise ValueError(f"labeled sentence names story {story_id!r}, which is not in the corpus")


def graph_for(row: dict) -> SceneGraph:
    characters = _characters_of(row["story_id"]) if row.get("story_id") else {}
    return build_scene_graph(row["text"], characters)


# --- matching -------------------------------------------------------------------------------

def gold_edges(row: dict) -> Counter:
    edges = Counter()
    for r in row["relations"]:
        target = tuple(sorted(r["object"])) if r["relation"] == "between" else r["object"]
        edges[(r["subject"], r["relation"], target, r.get("thing"))] += 1
    return edges


def predicted_edges(graph: SceneGraph, head_of: dict[str, str]) -> Counter:
    edges = Counter()
    for r in graph.relations:
        target = (tuple(sorted(head_of[i] for i in r.between)) if r.between else head_of[r.object])
        thing = head_of[r.thing] if r.thing else None
        edges[(head_of[r.subject], r.relation, target, thing)] += 1
    return edges


@dataclass
class SentenceScore:
    row: dict
    graph: SceneGraph
    predicted: Counter
    gold: Counter
    entities: tuple[set, set]
    attributes: tuple[set, set]

    @property
    def matched(self) -> int:
        return sum((self.predicted & self.gold).values())


def score_sentence(row: dict, graph: SceneGraph, align_pronouns: bool) -> SentenceScore:
    gold = gold_edges(row)
    gold_heads = {e["name"] for e in row["entities"]}
    gold_attrs = {(e["name"], a) for e in row["entities"] for a in e["attributes"]}
    pronouns = [e for e in graph.entities if e.is_pronoun]
    named_heads = {e.lemma for e in graph.entities if not e.is_pronoun}
    unnamed = sorted(gold_heads - named_heads)
    best = None
    options = unnamed + [None] if align_pronouns else [None]
    for choice in itertools.product(options, repeat=len(pronouns)):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue  # one referent per pronoun node
        head_of = {e.id: e.lemma for e in graph.entities}
        head_of.update({p.id: (c or p.lemma) for p, c in zip(pronouns, choice)})
        predicted = predicted_edges(graph, head_of)
        key = (sum((predicted & gold).values()), len(used))
        if best is None or key > best[0]:
            best = (key, head_of, predicted, set(used))
    _, head_of, predicted, aligned = best
    heads = named_heads | aligned
    attrs = {(head_of[e.id], a) for e in graph.entities for a in e.attributes}
    return SentenceScore(row, graph, predicted, gold, (heads, gold_heads), (attrs, gold_attrs))


@dataclass
class Scores:
    sentences: list[SentenceScore] = field(default_factory=list)

    def edge_counts(self) -> tuple[int, int, int]:
        return (sum(s.matched for s in self.sentences),
                sum(sum(s.predicted.values()) for s in self.sentences),
                sum(sum(s.gold.values()) for s in self.sentences))

    def set_counts(self, which: str) -> tuple[int, int, int]:
        pairs = [getattr(s, which) for s in self.sentences]
        return (sum(len(p & g) for p, g in pairs), sum(len(p) for p, _ in pairs),
                sum(len(g) for _, g in pairs))

    def per_relation(self) -> dict[str, tuple[int, int, int]]:
        table = {}
        for relation in RELATIONS:
            def only(c):
                return Counter({k: v for k, v in c.items() if k[1] == relation})
            hit = sum(sum((only(s.predicted) & only(s.gold)).values()) for s in self.sentences)
            pred = sum(sum(only(s.predicted).values()) for s in self.sentences)
            gold = sum(sum(only(s.gold).values()) for s in self.sentences)
            if pred or gold:
                table[relation] = (hit, pred, gold)
        return table


def prf(hit: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = hit / predicted if predicted else 1.0
    r = hit / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(rows: list[dict], align_pronouns: bool = True) -> Scores:
    scores = Scores()
    for row in rows:
        scores.sentences.append(score_sentence(row, graph_for(row), align_pronouns))
    return scores


def evaluate_in_pipeline(rows: list[dict]) -> Scores:
    """The headline: each sentence graphed from its coreference-resolved scene, scored strictly
    (evaluate_graph_pipeline.py says how)."""
    from taleweaver.language.evaluate_graph_pipeline import pipeline_sentence

    scores = Scores()
    for row in rows:
        found = pipeline_sentence(row)
        scores.sentences.append(score_sentence(row, found.graph, align_pronouns=False))
    return scores


def annotator_agreement(gold_rows: list[dict], other_rows: list[dict]) -> Scores:
    """A second annotator's labels of the same sentences scored as if they were predictions,
    with the first annotator's as gold: how far two careful people agree is the most a graph
    can be expected to reach against either. Sentences are paired by story and text."""
    other = {(row["story_id"], row["text"]): row for row in other_rows}
    missing = [row["id"] for row in gold_rows if (row["story_id"], row["text"]) not in other]
    if missing:
        raise ValueError(f"the second annotator has no label for {', '.join(missing)}")
    scores = Scores()
    for row in gold_rows:
        twin = other[(row["story_id"], row["text"])]
        scores.sentences.append(SentenceScore(
            row, None, gold_edges(twin), gold_edges(row),
            ({e["name"] for e in twin["entities"]}, {e["name"] for e in row["entities"]}),
            ({(e["name"], a) for e in twin["entities"] for a in e["attributes"]},
             {(e["name"], a) for e in row["entities"] for a in e["attributes"]})))
    return scores


def summary(scores: Scores) -> dict[str, dict[str, float]]:
    out = {}
    for label, counts in (("edges", scores.edge_counts()),
                          ("entities", scores.set_counts("entities")),
                          ("attributes", scores.set_counts("attributes"))):
        p, r, f = prf(*counts)
        out[label] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                      "matched": counts[0], "predicted": counts[1], "gold": counts[2]}
    return out


# --- report -----------------------------------------------------------------------------------

def _format_edges(edges: Counter) -> str:
    parts = []
    for (s, rel, o, thing), n in sorted(edges.items(), key=str):
        target = "+".join(o) if isinstance(o, tuple) else o
        parts.extend([f"{s} {rel} {target}" + (f" ({thing})" if thing else "")] * n)
    return "; ".join(parts) or "—"


def errors(scores: Scores) -> list[tuple[str, str, str, str]]:
    rows = []
    for s in scores.sentences:
        missed, extra = s.gold - s.predicted, s.predicted - s.gold
        if missed or extra:
            rows.append((s.row["id"], s.row["text"], _format_edges(missed), _format_edges(extra)))
    return rows


def compare_parsers(rows: list[dict]) -> dict[str, dict]:
    """Pipeline-mode edge scores and milliseconds per story with each graph parser
    (coreference keeps its own parser)."""
    from taleweaver.language.evaluate_graph_pipeline import clear_cache, median_ms_per_story
    from taleweaver.language.parsers import PIPELINES, using_parsers

    out = {}
    for name in PIPELINES:
        with using_parsers(graph=name):
            clear_cache()
            out[name] = {"edges": summary(evaluate_in_pipeline(rows))["edges"],
                         "ms_per_story": median_ms_per_story([r.get("story_id") for r in rows])}
    clear_cache()
    return out


def main(argv: list[str] | None = None) -> None:
    from taleweaver.language.graph_report import BLIND_SETS
    from taleweaver.language.parsers import parser_names

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="print every sentence with a wrong edge")
    parser.add_argument("--no-doc", action="store_true", help=f"do not rewrite {DOC_PATH.name}")
    parser.add_argument("--no-compare", action="store_true", help="skip the run with each parser")
    parser.add_argument("--skip-blind", action="store_true",
                        help="leave out the blind set (whoever tunes the rules never sees its scores)")
    args = parser.parse_args(argv)

    relation_words()
    sets = {"dev": load_labeled(DEV_PATH)}
    held_out = [("held-out", HELDOUT_PATH), ("held-out 2", HELDOUT2_PATH), ("held-out 3", HELDOUT3_PATH),
                ("held-out 4", HELDOUT4_PATH), ("held-out 4b", HELDOUT4B_PATH), ("held-out 5", HELDOUT5_PATH),
                ("held-out 6", HELDOUT6_PATH), ("held-out 7", HELDOUT7_PATH)]
    sets.update((name, load_labeled(path)) for name, path in held_out if path.exists())
    if args.skip_blind:
        sets = {name: rows for name, rows in sets.items() if name not in BLIND_SETS}
    print(f"parsers: {parser_names()}")
    results = {}
    for name, rows in sets.items():
        pipeline = evaluate_in_pipeline(rows)
        aligned = evaluate(rows, align_pronouns=True)
        strict = evaluate(rows, align_pronouns=False)
        compared = {} if args.no_compare else compare_parsers(rows)
        results[name] = {"rows": rows, "pipeline": pipeline, "aligned": aligned, "strict": strict,
                         "parsers": compared}
        print(f"{name}: {len(rows)} sentences, {pipeline.edge_counts()[2]} gold edges")
        for mode, scores in (("pipeline (headline)", pipeline), ("alone, pronouns aligned", aligned),
                             ("alone, strict", strict)):
            for label, numbers in summary(scores).items():
                print(f"  {mode:24s} {label:10s} P={numbers['precision']:.3f} R={numbers['recall']:.3f} "
                      f"F1={numbers['f1']:.3f} ({numbers['matched']}/{numbers['predicted']} predicted, "
                      f"{numbers['matched']}/{numbers['gold']} gold)")
        for parser_name, numbers in compared.items():
            edges = numbers["edges"]
            print(f"  graph parser {parser_name}: P={edges['precision']:.3f} R={edges['recall']:.3f} "
                  f"{numbers['ms_per_story']:.0f} ms per story")
        if args.errors and name not in BLIND_SETS:  # a blind set's sentences are never printed
            for sid, text, missed, extra in errors(pipeline):
                print(f"    {sid} {text}\n        missed: {missed}\n        extra:  {extra}")
    if not args.no_doc:
        from taleweaver.language.graph_report import write_report

        write_report(DOC_PATH, results)
        print(f"wrote {DOC_PATH}")


if __name__ == "__main__":
    main()
