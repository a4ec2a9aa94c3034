"""Train the safety classifier: `python -m taleweaver.safety.train_classifier`.

Fine-tunes the top layers of the packaged MiniLM and a linear head (taleweaver/safety/
classifier.py) to tell unsafe story sentences from safe ones, on the CPU.

Reads (never the red-team `test` split, never `fresh_test`):
  - data/safety/redteam.jsonl, rows with split == "train" (safe-but-tricky and unsafe);
  - data/safety/classifier_train.jsonl (our own hand-written unsafe and tricky-safe sentences);
  - only with --with-fresh-dev: data/safety/redteam_fresh.jsonl, rows with split == "fresh_dev"
    (the tuning half of the fresh red-team set, written by another writer). Its `fresh_test`
    half is skipped before anything else is done with a row, so it stays the clean measure;
  - only with --with-candidates: data/safety/classifier_candidates.jsonl (532 more hand-written
    rows of 2026-12-07, ct1156-ct1687, kept aside because the model trained with them screened
    worse: docs/safety.md, "Retrain of 2026-12-07");
  - corpus sentences (titles and scene sentences, all safe): a seeded sample of the `train`
    stories to learn from, and every sentence of the `dev` stories to choose the threshold.
Writes models/safety_classifier.pt (the trained layers, head and threshold, fp16) and
models/safety_classifier.json (settings, counts, dev results, seconds).

Steps:
  1. Hold out a dev part by item: 1 in 5 of every labeled source's rows (a stable hash of the
     id), plus the corpus dev stories' sentences.
  2. Run the frozen bottom of MiniLM once per training sentence and keep its token vectors;
     then train the top layers and the head for a few epochs (weighted cross-entropy).
  3. On dev, pick the lowest threshold that refuses no corpus dev sentence (every corpus story
     must pass) and at most DEV_TRICKY_FP of the safe-but-tricky dev sentences. The model
     trained in 2 is saved as it is: the dev part is never trained on, so the threshold fits it.
About 5 minutes on 2 free CPU cores (longer when they are shared).

With no options this rebuilds the committed model. "Retrain 2" of docs/safety.md, measured and
not adopted, is `--with-fresh-dev --with-candidates --corpus-weight 0.5 --out OTHER.pt` (with
--out elsewhere the report in models/ is left alone).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from taleweaver.paths import DATA_DIR, MODELS_DIR
from taleweaver.safety.classifier import (CLASSIFIER_PATH, SafetyClassifier, SafetyModel,
                                          split_sentences)

REDTEAM_PATH = DATA_DIR / "safety" / "redteam.jsonl"
FRESH_PATH = DATA_DIR / "safety" / "redteam_fresh.jsonl"
FRESH_TRAINABLE_SPLIT = "fresh_dev"  # the other half, fresh_test, is the clean measure: never read
OWN_TRAIN_PATH = DATA_DIR / "safety" / "classifier_train.jsonl"
CANDIDATES_PATH = DATA_DIR / "safety" / "classifier_candidates.jsonl"
REPORT_PATH = MODELS_DIR / "safety_classifier.json"

# Threshold budget on dev: no corpus dev sentence refused (one refused sentence regenerates a
# whole story and keeps a corpus story out of the fallback), and at most 2% of the tricky ones.
DEV_CORPUS_FP = 0
DEV_TRICKY_FP = 0.02
THRESHOLDS = np.concatenate([np.round(np.arange(0.05, 0.99, 0.01), 3), np.round(np.arange(0.99, 1.0, 0.001), 4)])


@dataclass
class Settings:
    epochs: float = 2.0
    batch_size: int = 32
    lr: float = 1e-4          # the fine-tuned MiniLM layers
    head_lr: float = 1e-3
    trained_layers: int = 2
    corpus_sentences: int = 20000  # from the corpus train stories, as everyday safe text (20000: all ~15,600)
    corpus_weight: float = 0.3    # each counts this much of a hand-labeled sentence
    with_fresh_dev: bool = False  # also learn from the fresh_dev half of the fresh red-team set
    with_candidates: bool = False  # also learn from classifier_candidates.jsonl
    seed: int = 6
    threads: int = 2
    max_steps: int | None = None
    limit_rows: int | None = None  # a quick smoke run on the first N rows of each source


def in_dev(row_id: str) -> bool:
    """1 in 5 labeled rows, fixed by a hash of the id."""
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % 5 == 0


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def corpus_sentences(split: str) -> list[str]:
    from taleweaver.story.corpus import stories_in

    stories = stories_in(split)
    return [s.title for s in stories] + [x for s in stories for scene in s.scenes for x in split_sentences(scene)]


def load_examples(settings: Settings) -> dict[str, list[tuple[str, int, str]]]:
    """(text, label 1=unsafe, group) for the train and dev parts. group is `redteam` (the
    red-team `train` split), `fresh` (the `fresh_dev` half of the fresh red-team set), `own`
    (classifier_train.jsonl) or `corpus`; the tricky safe sentences are the labeled safe ones
    outside the corpus. Each labeled row goes to dev or train by `in_dev(id)`, whatever its source."""
    rng = random.Random(settings.seed)
    limit = settings.limit_rows
    parts: dict[str, list[tuple[str, int, str]]] = {"train": [], "dev": []}
    redteam = [row for row in read_jsonl(REDTEAM_PATH) if row["split"] == "train"]  # test is never read
    fresh = ([row for row in read_jsonl(FRESH_PATH) if row["split"] == FRESH_TRAINABLE_SPLIT]  # nor fresh_test
             if settings.with_fresh_dev else [])
    own = read_jsonl(OWN_TRAIN_PATH) + (read_jsonl(CANDIDATES_PATH) if settings.with_candidates else [])
    for group, rows in (("redteam", redteam), ("fresh", fresh), ("own", own)):
        for row in rows[:limit]:
            parts["dev" if in_dev(row["id"]) else "train"].append((row["text"], int(row["label"] == "unsafe"), group))
    everyday = sorted(set(corpus_sentences("train")))
    sample = rng.sample(everyday, min(settings.corpus_sentences, len(everyday)))
    parts["train"] += [(s, 0, "corpus") for s in sample[:limit]]
    parts["dev"] += [(s, 0, "corpus") for s in sorted(set(corpus_sentences("dev")))[:limit]]
    return parts


def frozen_inputs(classifier: SafetyClassifier, texts: list[str], batch_size: int = 64) -> list[torch.Tensor]:
    """For each text, its token vectors after the frozen bottom layers (unpadded, fp16)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
    out: list[torch.Tensor | None] = [None] * len(texts)
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        batch = classifier.tokenize([texts[i] for i in idx])
        states = classifier.model.frozen_states(batch["input_ids"], batch["attention_mask"])
        for row, i in enumerate(idx):
            n = int(batch["attention_mask"][row].sum())
            out[i] = states[row, :n].half()
    return out


def pad(states: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    longest = max(s.shape[0] for s in states)
    hidden = torch.zeros(len(states), longest, states[0].shape[1])
    mask = torch.zeros(len(states), longest, dtype=torch.long)
    for row, s in enumerate(states):
        hidden[row, :s.shape[0]] = s.float()
        mask[row, :s.shape[0]] = 1
    return hidden, mask


def pick_threshold(scores: np.ndarray, y: np.ndarray, groups: np.ndarray,
                   corpus_fp: int = DEV_CORPUS_FP, tricky_fp: float = DEV_TRICKY_FP) -> dict:
    """The lowest threshold within the dev false-positive budget, and the dev numbers at it.
    If none is, the highest threshold tried (and the numbers say the budget is not met)."""
    unsafe = scores[y == 1]
    tricky = scores[(y == 0) & (groups != "corpus")]
    everyday = scores[groups == "corpus"]
    chosen = THRESHOLDS[-1]
    for t in THRESHOLDS:
        if int((everyday >= t).sum()) <= corpus_fp and float((tricky >= t).mean() if len(tricky) else 0) <= tricky_fp:
            chosen = t
            break
    return {"threshold": float(chosen), "dev_recall": float((unsafe >= chosen).mean()) if len(unsafe) else 0.0,
            "dev_tricky_fpr": float((tricky >= chosen).mean()) if len(tricky) else 0.0,
            "dev_corpus_refused": int((everyday >= chosen).sum()), "dev_corpus_sentences": int(len(everyday)),
            "highest_corpus_score": float(everyday.max()) if len(everyday) else 0.0}


def train(settings: Settings, out_path: Path = CLASSIFIER_PATH, report_path: Path | None = REPORT_PATH) -> dict:
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng = random.Random(settings.seed)
    started = time.time()
    parts = load_examples(settings)
    classifier = SafetyClassifier(SafetyModel(settings.trained_layers), threshold=0.5, threads=settings.threads)
    model = classifier.model
    texts = [t for t, _, _ in parts["train"]]
    labels = torch.tensor([float(y) for _, y, _ in parts["train"]])
    weights = torch.tensor([settings.corpus_weight if g == "corpus" else 1.0 for _, _, g in parts["train"]])
    states = frozen_inputs(classifier, texts)
    print(f"frozen layers run on {len(texts)} training sentences in {time.time() - started:.0f}s", flush=True)

    optimizer = torch.optim.AdamW([
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head")], "lr": settings.lr},
        {"params": model.head.parameters(), "lr": settings.head_lr},
    ], weight_decay=0.01)
    per_epoch = (len(texts) + settings.batch_size - 1) // settings.batch_size
    total_steps = max(1, int(per_epoch * settings.epochs))
    if settings.max_steps:
        total_steps = min(total_steps, settings.max_steps)
    # Linear decay to zero: big steps early, small ones as the boundary settles.
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0 - step / total_steps)
    model.train()
    step, log = 0, []
    while step < total_steps:
        order = list(range(len(texts)))
        rng.shuffle(order)
        for start in range(0, len(order), settings.batch_size):
            idx = order[start:start + settings.batch_size]
            hidden, mask = pad([states[i] for i in idx])
            logits = model.top(hidden, mask)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels[idx], weight=weights[idx])
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            log.append(loss.item())
            if step % 20 == 0 or step == total_steps:
                print(f"  step {step}/{total_steps}  loss {np.mean(log[-20:]):.3f}  {time.time() - started:.0f}s", flush=True)
            if step >= total_steps:
                break
    model.eval()

    dev = parts["dev"]
    scores = classifier.scores([t for t, _, _ in dev])
    y_dev, g_dev = np.array([y for _, y, _ in dev]), np.array([g for _, _, g in dev])
    chosen = pick_threshold(scores, y_dev, g_dev)
    classifier.threshold = chosen["threshold"]
    classifier.save(out_path)
    by_group = {}
    for group in ("redteam", "fresh", "own"):
        for label, name in ((1, "unsafe"), (0, "safe")):
            pick = (g_dev == group) & (y_dev == label)
            if not pick.any():
                continue  # a source this run did not read (fresh_dev without --with-fresh-dev)
            by_group[f"{group}_{name}"] = {"n": int(pick.sum()), "flagged": int((scores[pick] >= chosen["threshold"]).sum())}
    y_tr, g_tr = labels.numpy(), np.array([g for _, _, g in parts["train"]])
    report = {
        "what": "all-MiniLM-L6-v2 with its top layers fine-tuned and a linear head on mean-pooled tokens; "
                "p(unsafe) per sentence of normalized text",
        "command": "python -m taleweaver.safety.train_classifier",
        "settings": asdict(settings),
        "train_sentences": {"unsafe": int(y_tr.sum()), "safe_tricky": int(((y_tr == 0) & (g_tr != "corpus")).sum()),
                            "safe_corpus": int((g_tr == "corpus").sum())},
        "dev_sentences": {"unsafe": int(y_dev.sum()), "safe_tricky": int(((y_dev == 0) & (g_dev != "corpus")).sum()),
                          "safe_corpus": int((g_dev == "corpus").sum())},
        "dev_part": "labeled rows with sha256(id) % 5 == 0 (red-team train split"
                    + (", fresh red-team fresh_dev half" if settings.with_fresh_dev else "")
                    + ", classifier_train.jsonl" + (" and classifier_candidates.jsonl" if settings.with_candidates else "")
                    + "), "
                    "plus every sentence of the corpus dev stories; never trained on",
        "threshold_budget": {"dev_corpus_refused": DEV_CORPUS_FP, "dev_tricky_fpr": DEV_TRICKY_FP},
        "chosen": chosen,
        "dev_by_group": by_group,
        "steps": step,
        "final_loss": round(float(np.mean(log[-20:])), 4),
        "seconds": round(time.time() - started),
        "bytes": out_path.stat().st_size,
    }
    if report_path is not None:
        report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--max-steps", type=int, help="stop after this many steps (a smoke run)")
    parser.add_argument("--limit-rows", type=int,
                        help="use only the first N rows of each source (a smoke run; the report is not written)")
    parser.add_argument("--out", type=Path, default=CLASSIFIER_PATH, help="where to write the model (.pt)")
    parser.add_argument("--with-fresh-dev", action="store_true", help="also learn from the fresh_dev red-team rows")
    parser.add_argument("--with-candidates", action="store_true",
                        help="also learn from data/safety/classifier_candidates.jsonl")
    parser.add_argument("--corpus-weight", type=float, help="weight of each everyday corpus sentence (default 0.3)")
    args = parser.parse_args(argv)
    settings = Settings(with_fresh_dev=args.with_fresh_dev, with_candidates=args.with_candidates)
    if args.epochs:
        settings.epochs = args.epochs
    if args.corpus_weight is not None:
        settings.corpus_weight = args.corpus_weight
    settings.max_steps, settings.limit_rows = args.max_steps, args.limit_rows
    # The report in models/ describes the committed model: only a full run that writes it rewrites it.
    keep_report = not args.limit_rows and args.out.resolve() == CLASSIFIER_PATH.resolve()
    report = train(settings, args.out, REPORT_PATH if keep_report else None)
    print(json.dumps(report["chosen"]), f"{report['seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
