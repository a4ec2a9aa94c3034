"""Train the coherence ranker on the CPU: real train-split stories against UNION-style
perturbations of them, then report accuracy and AUC on held-out test-split stories.

    python -m taleweaver.story.train_ranker        # writes models/ranker.pt and models/ranker.json
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from taleweaver.paths import MODELS_DIR
from taleweaver.story.corpus import stories_in
from taleweaver.story.corpus_format import split_sentences
from taleweaver.story.perturb import KINDS, perturb
from taleweaver.story.ranker import MAX_TOKENS, CoherenceModel, story_text


@dataclass
class Settings:
    epochs: float = 3.0
    batch_size: int = 16  # 8 real stories and their 8 perturbed twins
    lr: float = 1e-4
    head_lr: float = 1e-3
    trained_layers: int = 3
    seed: int = 99
    threads: int = 2
    max_steps: int | None = None
    limit_stories: int | None = None


def as_scenes(story) -> list[list[str]]:
    return [split_sentences(scene) for scene in story.scenes]


def labeled_pairs(stories, rng: random.Random, kind: str | None = None) -> list[tuple[str, float, str]]:
    """For each story: the real text (label 1) and one perturbed version (label 0)."""
    donors = [as_scenes(s) for s in stories]
    out = []
    for story, scenes in zip(stories, donors):
        out.append((story_text(story.title, story.scenes), 1.0, "real"))
        made, bad = perturb(scenes, rng, kind=kind, hero=story.hero, hero_name=story.hero_name, donors=donors)
        out.append((story_text(story.title, [" ".join(s) for s in bad]), 0.0, made))
    return out


def auc(scores: list[float], labels: list[float]) -> float:
    """Probability that a random real story outscores a random perturbed one (ties count half)."""
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / max(1, len(pos) * len(neg))


@torch.no_grad()
def evaluate(model, tokenizer, stories, seed: int = 7) -> dict:
    """Held-out real stories against one perturbation of every kind of each."""
    model.eval()
    rng = random.Random(seed)
    report = {}
    real_scores = _score(model, tokenizer, [story_text(s.title, s.scenes) for s in stories])
    all_scores, all_labels = list(real_scores), [1.0] * len(real_scores)
    for kind in KINDS:
        pairs = [p for p in labeled_pairs(stories, rng, kind=kind) if p[1] == 0.0]
        scores = _score(model, tokenizer, [p[0] for p in pairs])
        labels = [1.0] * len(real_scores) + [0.0] * len(scores)
        both = real_scores + scores
        report[kind] = {"auc": round(auc(both, labels), 4),
                        "accuracy": round(sum((s >= 0.5) == (y == 1) for s, y in zip(both, labels)) / len(both), 4)}
        all_scores += scores
        all_labels += [0.0] * len(scores)
    # Overall: every real story once and each of its five perturbations once.
    report["all"] = {"auc": round(auc(all_scores, all_labels), 4),
                     "accuracy": round(sum((s >= 0.5) == (y == 1) for s, y in zip(all_scores, all_labels)) / len(all_scores), 4),
                     "real_stories": len(real_scores), "perturbed_stories": len(all_scores) - len(real_scores)}
    model.train()
    return report


def _score(model, tokenizer, texts: list[str], batch_size: int = 32) -> list[float]:
    out = []
    for i in range(0, len(texts), batch_size):
        batch = tokenizer(texts[i:i + batch_size], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        out += torch.sigmoid(model(batch["input_ids"], batch["attention_mask"])).tolist()
    return out


def train(settings: Settings, out_dir: Path = MODELS_DIR) -> dict:
    from transformers import AutoTokenizer

    from taleweaver.story.minilm import minilm_path

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng = random.Random(settings.seed)
    train_stories = stories_in("train")[: settings.limit_stories]
    test_stories = stories_in("test")[: settings.limit_stories]
    tokenizer = AutoTokenizer.from_pretrained(str(minilm_path()))
    model = CoherenceModel(trained_layers=settings.trained_layers)
    optimizer = torch.optim.AdamW([
        {"params": [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("head")], "lr": settings.lr},
        {"params": model.head.parameters(), "lr": settings.head_lr},
    ], weight_decay=0.01)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    per_epoch = (2 * len(train_stories) + settings.batch_size - 1) // settings.batch_size
    total_steps = int(per_epoch * settings.epochs)
    if settings.max_steps:
        total_steps = min(total_steps, settings.max_steps)
    started, step, log = time.time(), 0, []
    model.train()
    while step < total_steps:
        # Fresh perturbations every epoch. A real story and its perturbed twin stay side by side
        # in a batch: the pairwise term compares them directly, so what they share cancels out
        # and only the incoherence is left to learn. The BCE term keeps scores calibrated.
        pairs = labeled_pairs(train_stories, rng)
        twins = [pairs[i:i + 2] for i in range(0, len(pairs), 2)]
        rng.shuffle(twins)
        per_batch = settings.batch_size // 2
        for i in range(0, len(twins), per_batch):
            chunk = [p for twin in twins[i:i + per_batch] for p in twin]
            batch = tokenizer([p[0] for p in chunk], padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            logits = model(batch["input_ids"], batch["attention_mask"])
            pairwise = torch.nn.functional.softplus(-(logits[0::2] - logits[1::2])).mean()
            loss = loss_fn(logits, torch.tensor([p[1] for p in chunk])) + pairwise
            loss.backward()
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            log.append(loss.item())
            if step % 10 == 0 or step == total_steps:
                print(f"  step {step}/{total_steps}  loss {sum(log[-10:]) / len(log[-10:]):.3f}  {time.time() - started:.0f}s", flush=True)
            if step >= total_steps:
                break
    report = {"settings": asdict(settings), "train_stories": len(train_stories), "steps": step,
              "seconds": round(time.time() - started), "held_out_test": evaluate(model, tokenizer, test_stories)}
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.save({"trained_layers": settings.trained_layers, "state": model.trained_state()}, out_dir / "ranker.pt")
    report["bytes"] = (out_dir / "ranker.pt").stat().st_size
    (out_dir / "ranker.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--max-steps", type=int)
    parser.add_argument("--limit-stories", type=int)
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args()
    settings = Settings()
    if args.epochs:
        settings.epochs = args.epochs
    settings.max_steps, settings.limit_stories = args.max_steps, args.limit_stories
    train(settings, args.out)


if __name__ == "__main__":
    main()
