"""Train the safety classifier head: `python -m taleweaver.safety.train_classifier`.

Reads (never the red-team `test` split):
  - data/safety/redteam.jsonl, rows with split == "train" (safe-but-tricky and unsafe);
  - data/safety/classifier_train.jsonl (our own hand-written unsafe and tricky-safe sentences);
  - the corpus `train` stories (titles and sentences, all safe) and `dev` stories (held out).
Writes models/safety_classifier.npz (the head) and models/safety_classifier.json (settings,
dev results, seconds).

Steps:
  1. Carve a dev part from the red-team train rows (a stable hash of the id: 1 in 5) and use the
     corpus dev stories as everyday dev sentences.
  2. For each regularization strength C, fit a logistic regression on the rest and pick the
     lowest threshold that keeps dev false positives within budget (see DEV_* below); keep
     the C with the best dev recall.
  3. Refit with that C on everything in 1 (train + dev, plus the corpus test stories as safe
     sentences) and save it with the chosen threshold.
About 5 minutes on 2 CPU cores, nearly all of it MiniLM embedding the corpus sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np

from taleweaver.paths import DATA_DIR, MODELS_DIR
from taleweaver.safety.classifier import HEAD_PATH, SafetyHead, embed_sentences, split_sentences

REDTEAM_PATH = DATA_DIR / "safety" / "redteam.jsonl"
OWN_TRAIN_PATH = DATA_DIR / "safety" / "classifier_train.jsonl"
REPORT_PATH = MODELS_DIR / "safety_classifier.json"

C_GRID = (4.0, 16.0, 64.0)
# Corpus sentences are many and easy; each counts this much of a labeled sentence, so the
# tricky labeled ones shape the boundary.
CORPUS_WEIGHT = 0.05
# Threshold budget on dev: at most this share of everyday corpus sentences flagged (a story
# has ~16 sentences, so 0.1% per sentence is ~1.6% of stories regenerated), and at most this
# share of the safe-but-tricky red-team sentences.
DEV_CORPUS_FP = 0.001
DEV_TRICKY_FP = 0.015
THRESHOLDS = np.round(np.arange(0.05, 0.99, 0.01), 2)


def in_dev(row_id: str) -> bool:
    """1 in 5 red-team train rows, fixed by a hash of the id."""
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % 5 == 0


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def corpus_sentences(split: str, limit_stories: int | None = None) -> list[str]:
    from taleweaver.story.corpus import stories_in

    stories = stories_in(split)[:limit_stories]
    return [s.title for s in stories] + [x for s in stories for scene in s.scenes for x in split_sentences(scene)]


def load_examples(limit_stories: int | None = None) -> dict[str, list[tuple[str, int, str]]]:
    """(text, label 1=unsafe, group) for the train and dev parts."""
    parts: dict[str, list[tuple[str, int, str]]] = {"train": [], "dev": []}
    for row in read_jsonl(REDTEAM_PATH):
        if row["split"] != "train":
            continue  # the test split is never read here
        part = "dev" if in_dev(row["id"]) else "train"
        parts[part].append((row["text"], int(row["label"] == "unsafe"), "redteam"))
    for row in read_jsonl(OWN_TRAIN_PATH):
        parts["train"].append((row["text"], int(row["label"] == "unsafe"), "own"))
    parts["train"] += [(s, 0, "corpus") for s in corpus_sentences("train", limit_stories)]
    parts["dev"] += [(s, 0, "corpus") for s in corpus_sentences("dev", limit_stories)]
    return parts


def embed_with_cache(sentences: list[str], cache_path: Path | None) -> np.ndarray:
    """embed_sentences, reusing vectors saved in cache_path (an .npz of texts and vectors) and
    adding the new ones to it. Reruns then take seconds instead of minutes."""
    if cache_path is None:
        return embed_sentences(sentences)
    known: dict[str, np.ndarray] = {}
    if cache_path.exists():
        with np.load(cache_path) as saved:
            known = dict(zip(saved["texts"].tolist(), saved["vectors"]))
    missing = sorted(set(sentences) - set(known))
    if missing:
        known.update(zip(missing, embed_sentences(missing)))
        texts = list(known)
        np.savez(cache_path, texts=np.array(texts), vectors=np.stack([known[t] for t in texts]))
    return np.stack([known[s] for s in sentences]) if sentences else np.zeros((0, 384), np.float32)


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> SafetyHead:
    from sklearn.linear_model import LogisticRegression

    weights = np.where(groups == "corpus", CORPUS_WEIGHT, 1.0)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y, sample_weight=weights)
    return SafetyHead(model.coef_[0].astype(np.float32), float(model.intercept_[0]), threshold=0.5)


def pick_threshold(scores: np.ndarray, y: np.ndarray, groups: np.ndarray) -> dict:
    """The lowest threshold within the dev false-positive budget, and the dev numbers at it."""
    unsafe = scores[y == 1]
    tricky = scores[(y == 0) & (groups != "corpus")]
    everyday = scores[groups == "corpus"]
    for t in THRESHOLDS:
        corpus_fp, tricky_fp = float((everyday >= t).mean()), float((tricky >= t).mean())
        if corpus_fp <= DEV_CORPUS_FP and tricky_fp <= DEV_TRICKY_FP:
            return {"threshold": float(t), "dev_recall": float((unsafe >= t).mean()),
                    "dev_tricky_fpr": tricky_fp, "dev_corpus_fpr": corpus_fp}
    return {"threshold": float(THRESHOLDS[-1]), "dev_recall": float((unsafe >= THRESHOLDS[-1]).mean()),
            "dev_tricky_fpr": float((tricky >= THRESHOLDS[-1]).mean()),
            "dev_corpus_fpr": float((everyday >= THRESHOLDS[-1]).mean())}


def train(limit_stories: int | None = None, out_path=HEAD_PATH, report_path=REPORT_PATH,
          cache_path: Path | None = None) -> dict:
    start = time.perf_counter()
    parts = load_examples(limit_stories)
    arrays = {}
    for name, rows in parts.items():
        arrays[name] = (embed_with_cache([t for t, _, _ in rows], cache_path), np.array([y for _, y, _ in rows]),
                        np.array([g for _, _, g in rows]))
    embed_seconds = time.perf_counter() - start

    x_tr, y_tr, g_tr = arrays["train"]
    x_dev, y_dev, g_dev = arrays["dev"]
    trials = []
    for c in C_GRID:
        head = fit(x_tr, y_tr, g_tr, c)
        trials.append({"C": c, **pick_threshold(head.probabilities(x_dev), y_dev, g_dev)})
        print(f"C={c:g}: {trials[-1]}", flush=True)
    best = max(trials, key=lambda t: (t["dev_recall"], -t["dev_tricky_fpr"]))

    # The final head also sees the corpus test stories as safe sentences: every corpus story is
    # known-safe text (docs/training-data-screening.md), and the red-team test split, the
    # only thing this head is evaluated on, is still never read.
    corpus_test = [s for s in corpus_sentences("test", limit_stories)]
    x_test = embed_with_cache(corpus_test, cache_path)
    head = fit(np.vstack([x_tr, x_dev, x_test]), np.concatenate([y_tr, y_dev, np.zeros(len(corpus_test), int)]),
               np.concatenate([g_tr, g_dev, np.array(["corpus"] * len(corpus_test))]), best["C"])
    head.threshold = best["threshold"]
    head.save(out_path)
    report = {
        "what": "logistic regression on all-MiniLM-L6-v2 sentence embeddings (normalized text); p(unsafe)",
        "command": "python -m taleweaver.safety.train_classifier",
        "train_sentences": {"unsafe": int(y_tr.sum()), "safe": int((y_tr == 0).sum()),
                            "of_which_corpus": int((g_tr == "corpus").sum())},
        "dev_sentences": {"unsafe": int(y_dev.sum()), "safe_tricky": int(((y_dev == 0) & (g_dev != "corpus")).sum()),
                          "safe_corpus": int((g_dev == "corpus").sum())},
        "dev_part": "red-team train rows with sha256(id) % 5 == 0, plus the corpus dev stories",
        "corpus_weight": CORPUS_WEIGHT,
        "threshold_budget": {"dev_corpus_fpr": DEV_CORPUS_FP, "dev_tricky_fpr": DEV_TRICKY_FP},
        "trials": trials,
        "chosen": best,
        "final_fit": "refit with the chosen C on train + dev + the corpus test stories' sentences (safe); threshold kept",
        "embed_seconds": round(embed_seconds, 1),
        "seconds": round(time.perf_counter() - start, 1),
    }
    if limit_stories is None:
        report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit-stories", type=int, default=None,
                        help="use only the first N corpus stories per split (a quick smoke run; "
                             "the report is not written)")
    parser.add_argument("--out", default=str(HEAD_PATH), help="where to write the head (.npz)")
    parser.add_argument("--embedding-cache", default=None,
                        help="an .npz to keep sentence embeddings in between runs (optional)")
    args = parser.parse_args(argv)
    cache = Path(args.embedding_cache) if args.embedding_cache else None
    report = train(args.limit_stories, Path(args.out), cache_path=cache)
    print(json.dumps(report["chosen"]), f"{report['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
