"""Train the learned edge model (graph_learned.py) and measure it against the rules, honestly.

    python -m taleweaver.language.train_edges                 # CV table, writes models/relation_edges.json
    python -m taleweaver.language.train_edges --score-blind   # also scores held-out 5 (numbers only)

1. Each labeled sentence of dev, held-out, held-out 2, 3 and 4 is graphed in pipeline mode
   (evaluate_graph_pipeline.py: coreference-resolved story, one story memory, the spaCy
   sentences overlapping the labeled one), and every sentence graph's candidate edges are
   recorded (`graph_learned.recording`). Held-out 4b (the same sentences as held-out 4 by a
   second annotator) is never trained on.
2. A candidate is positive when its (subject head, relation, object head, thing head) is one
   of the sentence's gold edges (evaluate_graph.gold_edges); scoring is evaluate_graph's
   score_sentence, strict, on a graph whose edges are the kept candidates.
3. Leave-one-set-out over the five sets: train on four, score the fifth, rules vs learned.
   The L2 strength and the decision threshold are the pair with the best mean F1 over the
   five left-out sets (nothing else is chosen).
4. The final model is trained on all five sets with that pair and written to
   models/relation_edges.json (with the cross-validation table). `--score-blind` then scores
   held-out 5 (graph_report.BLIND_SETS) with it: aggregate numbers only, no sentence printed.

Logistic regression with L2, full-batch gradient descent (Adam) in numpy on binary features
(those seen at least `MIN_COUNT` times in training); deterministic: no sampling at all, and
the weights start at zero.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from taleweaver.language import graph_learned
from taleweaver.language.evaluate_graph import (
    DEV_PATH, HELDOUT2_PATH, HELDOUT3_PATH, HELDOUT4_PATH, HELDOUT5_PATH, HELDOUT_PATH,
    Scores, gold_edges, load_labeled, score_sentence, summary)
from taleweaver.language.graph_learned import MODEL_PATH, Candidate, EdgeModel
from taleweaver.language.scene_graph import SceneGraph

TRAIN_SETS = {"dev": DEV_PATH, "held-out": HELDOUT_PATH, "held-out 2": HELDOUT2_PATH,
              "held-out 3": HELDOUT3_PATH, "held-out 4": HELDOUT4_PATH}
BLIND_NAME, BLIND_PATH = "held-out 5", HELDOUT5_PATH
L2_GRID = (0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))  # 0.10 .. 0.90
MIN_COUNT = 2
STEPS = 400
LEARNING_RATE = 0.05
COMMAND = "python -m taleweaver.language.train_edges"


@dataclass
class Example:
    """One labeled sentence: its pipeline sentence graphs, each with its candidates."""

    row: dict
    parts: list[tuple[SceneGraph, list[Candidate]]]

    def candidates(self) -> list[tuple[int, Candidate]]:
        return [(n, c) for n, (_, cands) in enumerate(self.parts) for c in cands]

    def head_key(self, n: int, c: Candidate) -> tuple:
        head = {e.id: e.lemma for e in self.parts[n][0].entities}
        target = tuple(sorted(head[i] for i in c.between)) if c.between else head[c.object]
        return (head[c.subject], c.relation, target, head[c.thing] if c.thing else None)

    def labels(self) -> list[int]:
        gold = gold_edges(self.row)
        return [int(self.head_key(n, c) in gold) for n, c in self.candidates()]

    def score(self, keep: list[bool] | None):
        """evaluate_graph's strict score of this sentence: with keep=None the rules' own edges,
        else the candidates kept."""
        from taleweaver.language.evaluate_graph_pipeline import merge_graphs

        graphs, flags = [], iter(keep) if keep is not None else None
        for graph, cands in self.parts:
            if flags is None:
                relations = list(graph.relations)
            else:
                chosen = SceneGraph(text=graph.text)
                for c in cands:
                    if next(flags):
                        chosen.add_relation(c.to_relation())
                relations = chosen.relations
            graphs.append(SceneGraph(graph.text, graph.entities, relations))
        return score_sentence(self.row, merge_graphs(graphs, self.row["text"]), align_pronouns=False)


# --- collecting candidates ---------------------------------------------------------------------

def collect(rows: list[dict]) -> list[Example]:
    from taleweaver.language.evaluate_graph_pipeline import (
        _sentence_graphs, clear_cache, resolved_sentence_span, resolved_story)

    clear_cache()  # graphs built before would carry no candidates
    examples = []
    with graph_learned.recording() as found:
        for row in rows:
            story = resolved_story(row["story_id"], "" if row["story_id"] else row["text"])
            scene = row["scene"] or 1
            start, end = resolved_sentence_span(row, story)
            parts = [g for s, e, g in _sentence_graphs(row["story_id"], scene, story) if min(e, end) - max(s, start) > 1]
            examples.append(Example(row, [(g, found[id(g)][1] if id(g) in found else []) for g in parts]))
    clear_cache()
    return examples


# --- the logistic regression -------------------------------------------------------------------

def featurize(examples: list[Example], vocabulary: dict[str, int] | None = None):
    """(feature index lists, labels, vocabulary); the vocabulary is built when not given."""
    cands = [c for ex in examples for _, c in ex.candidates()]
    if vocabulary is None:
        counts = Counter(f for c in cands for f in set(c.features))
        vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    rows = [sorted({vocabulary[f] for f in c.features if f in vocabulary}) for c in cands]
    labels = np.array([y for ex in examples for y in ex.labels()], dtype=np.float64)
    return rows, labels, vocabulary


def fit(rows: list[list[int]], labels: np.ndarray, size: int, l2: float) -> tuple[np.ndarray, float]:
    """Weights and bias minimizing mean log loss + l2/n * |w|^2 / 2 (Adam, full batch, from zero)."""
    lengths = np.array([len(r) for r in rows])
    flat = np.array([i for r in rows for i in r], dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), lengths)
    n = len(rows)
    w, b = np.zeros(size), 0.0
    m_w, v_w, m_b, v_b = np.zeros(size), np.zeros(size), 0.0, 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, STEPS + 1):
        z = np.bincount(owner, weights=w[flat], minlength=n) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        residual = (p - labels) / n
        g_w = np.bincount(flat, weights=residual[owner], minlength=size) + l2 / n * w
        g_b = residual.sum()
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w ** 2
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b ** 2
        correction1, correction2 = 1 - beta1 ** step, 1 - beta2 ** step
        w -= LEARNING_RATE * (m_w / correction1) / (np.sqrt(v_w / correction2) + eps)
        b -= LEARNING_RATE * (m_b / correction1) / (np.sqrt(v_b / correction2) + eps)
    return w, float(b)


def train(examples: list[Example], l2: float, threshold: float = 0.5) -> EdgeModel:
    rows, labels, vocabulary = featurize(examples)
    w, b = fit(rows, labels, len(vocabulary), l2)
    return EdgeModel({f: float(w[i]) for f, i in vocabulary.items()}, b, threshold)


def probabilities(model: EdgeModel, examples: list[Example]) -> list[list[float]]:
    return [[model.probability(c) for _, c in ex.candidates()] for ex in examples]


def score_set(examples: list[Example], probs: list[list[float]] | None, threshold: float) -> dict:
    """evaluate_graph.summary's edge numbers: the rules (probs None) or the kept candidates."""
    scores = Scores()
    for ex, ps in zip(examples, probs or [None] * len(examples)):
        scores.sentences.append(ex.score(None if ps is None else [p >= threshold for p in ps]))
    return summary(scores)["edges"]


def candidate_recall(examples: list[Example]) -> dict:
    everything = score_set(examples, [[1.0] * len(ex.candidates()) for ex in examples], 0.5)
    return {"recall": everything["recall"], "found": everything["matched"], "gold": everything["gold"],
            "candidates": everything["predicted"]}


def without_rules(examples: list[Example]) -> list[Example]:
    """The ablation: no rule feature and no candidate that only the rules proposed."""
    out = []
    for ex in examples:
        parts = []
        for graph, cands in ex.parts:
            kept = [Candidate(c.subject, c.relation, c.object, c.between, c.thing,
                              [f for f in c.features if "rule=" not in f], False, c.length)
                    for c in cands if "trigger=RULE_ONLY" not in c.features]
            parts.append((graph, kept))
        out.append(Example(ex.row, parts))
    return out


def cross_validate(sets: dict[str, list[Example]]) -> dict:
    """Leave-one-set-out: per L2 strength, each set's left-out probabilities."""
    out = {}
    for l2 in L2_GRID:
        out[l2] = {}
        for name, examples in sets.items():
            training = [ex for other, exs in sets.items() if other != name for ex in exs]
            out[l2][name] = probabilities(train(training, l2), examples)
    return out


def choose(sets: dict[str, list[Example]], folds: dict) -> tuple[float, float, dict]:
    """The (L2, threshold) with the best mean F1 over the left-out sets, and its table."""
    best = None
    for l2, probs in folds.items():
        for threshold in THRESHOLDS:
            table = {name: score_set(exs, probs[name], threshold) for name, exs in sets.items()}
            mean_f1 = sum(t["f1"] for t in table.values()) / len(table)
            key = (round(mean_f1, 6), -abs(threshold - 0.5), -l2)
            if best is None or key > best[0]:
                best = (key, l2, threshold, table)
    return best[1], best[2], best[3]


def _line(name: str, numbers: dict) -> str:
    return (f"P={numbers['precision']:.3f} R={numbers['recall']:.3f} F1={numbers['f1']:.3f} "
            f"({numbers['matched']}/{numbers['predicted']} predicted, {numbers['matched']}/{numbers['gold']} gold)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--score-blind", action="store_true",
                        help="after training, score held-out 5 with the final model (numbers only)")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {MODEL_PATH.name}")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    sets = {name: collect(load_labeled(path)) for name, path in TRAIN_SETS.items()}
    print(f"collected candidates in {time.perf_counter() - started:.0f} s")
    report: dict = {"candidate_recall": {}, "cv": {}, "cv_parse_only": {}}
    for name, examples in sets.items():
        report["candidate_recall"][name] = candidate_recall(examples)
        print(f"candidate recall {name}: {report['candidate_recall'][name]}")

    folds = cross_validate(sets)
    l2, threshold, table = choose(sets, folds)
    print(f"chosen by leave-one-set-out: L2 {l2}, threshold {threshold}")
    for name, examples in sets.items():
        rules = score_set(examples, None, 0.5)
        report["cv"][name] = {"rules": rules, "learned": table[name]}
        print(f"{name:11s} rules   {_line(name, rules)}\n{'':11s} learned {_line(name, table[name])}")
    mean = {who: {k: round(sum(report["cv"][n][who][k] for n in sets) / len(sets), 3)
                  for k in ("precision", "recall", "f1")} for who in ("rules", "learned")}
    report["cv_mean"] = mean
    print(f"mean over the five left-out sets: rules {mean['rules']}, learned {mean['learned']}")

    # The ablation: the same model without the rules' edges as candidates or feature.
    bare = {name: without_rules(exs) for name, exs in sets.items()}
    bare_folds = cross_validate(bare)
    bare_l2, bare_threshold, bare_table = choose(bare, bare_folds)
    report["cv_parse_only"] = {"l2": bare_l2, "threshold": bare_threshold, "sets": bare_table,
                               "candidate_recall": {n: candidate_recall(exs) for n, exs in bare.items()}}
    for name in bare:
        print(f"{name:11s} parse-only {_line(name, bare_table[name])}")

    examples = [ex for exs in sets.values() for ex in exs]
    model = train(examples, l2, threshold)
    report.update({"l2": l2, "threshold": threshold, "features": len(model.weights), "min_count": MIN_COUNT,
                   "steps": STEPS, "learning_rate": LEARNING_RATE, "trained_on": list(TRAIN_SETS),
                   "command": COMMAND, "seconds": round(time.perf_counter() - started)})
    if not args.no_write:
        MODEL_PATH.write_text(model.to_json({"report": report}) + "\n", encoding="utf-8")
        graph_learned.load_model.cache_clear()
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} kB, {len(model.weights)} features)")

    if args.score_blind:
        blind = collect(load_labeled(BLIND_PATH))
        print(f"{BLIND_NAME}: candidate recall {candidate_recall(blind)}")
        print(f"{BLIND_NAME} rules   {_line(BLIND_NAME, score_set(blind, None, 0.5))}")
        print(f"{BLIND_NAME} learned {_line(BLIND_NAME, score_set(blind, probabilities(model, blind), threshold))}")
        bare_model = train([ex for exs in bare.values() for ex in exs], bare_l2, bare_threshold)
        bare_blind = without_rules(blind)
        print(f"{BLIND_NAME} parse-only {_line(BLIND_NAME, score_set(bare_blind, probabilities(bare_model, bare_blind), bare_threshold))}")
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
