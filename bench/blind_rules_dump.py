"""Dump one commit's pipeline-mode relation-graph edges for a labeled set (blind-time rule edges).

Run it with the `taleweaver` package of the commit to dump on the path, from a scratch
worktree of that commit (train_edges.BLIND_TIME_RULES lists the commits and the command):

    git worktree add /tmp/wt-c52afef c52afef
    PYTHONPATH=/tmp/wt-c52afef nice -n 19 .venv/bin/python bench/blind_rules_dump.py \
        data/language/relations_heldout3.jsonl /tmp/taleweaver_blind_rules/held-out_3.json

It graphs every labeled sentence in pipeline mode with *that commit's* code
(evaluate_graph_pipeline.pipeline_sentence: coreference-resolved story, one story memory, the
spaCy sentences overlapping the labeled one) and writes, per sentence id, the predicted edges
as head tuples [subject head, relation, object head (a sorted pair for between), thing head],
one entry per predicted edge, strict (a pronoun node is its own lemma). It also prints the
set's edge P / R / F1 scored against the labels exactly as evaluate_graph.gold_edges does
(micro-averaged multiset matching), so the commit's recorded blind score can be checked.

Only APIs present in every dumped commit are used (pipeline_sentence, predicted_edges,
gold_edges), and the
labeled file is read directly, since older commits do not know the newer sets.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    labeled, out = Path(argv[0]), Path(argv[1])
    import taleweaver
    from taleweaver.language.evaluate_graph import gold_edges, predicted_edges
    from taleweaver.language.evaluate_graph_pipeline import pipeline_sentence

    package = Path(taleweaver.__file__).resolve().parents[1]
    commit = subprocess.run(["git", "-C", str(package), "rev-parse", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    rows = [json.loads(line) for line in labeled.read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences, hit, predicted, gold = {}, 0, 0, 0
    for row in rows:
        graph = pipeline_sentence(row).graph
        edges = predicted_edges(graph, {e.id: e.lemma for e in graph.entities})
        sentences[row["id"]] = [[s, r, list(t) if isinstance(t, tuple) else t, th]
                                for (s, r, t, th), n in sorted(edges.items(), key=str) for _ in range(n)]
        g = gold_edges(row)
        hit += sum((edges & g).values())
        predicted += sum(edges.values())
        gold += sum(g.values())
    p = hit / predicted if predicted else 1.0
    r = hit / gold if gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    score = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
             "matched": hit, "predicted": predicted, "gold": gold}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"commit": commit, "package": str(package), "labeled": labeled.name,
                               "score": score, "sentences": sentences}, indent=0) + "\n", encoding="utf-8")
    print(f"{labeled.name} with {commit[:7]} ({package}): edges P {p:.3f} / R {r:.3f} / F1 {f1:.3f} "
          f"({hit}/{predicted} predicted, {hit}/{gold} gold) -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
