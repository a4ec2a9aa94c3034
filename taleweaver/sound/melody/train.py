"""Train the melody LSTM on the folk tunes' train split, on the CPU.

    python -m taleweaver.sound.melody.train          # -> models/melody.pt + models/melody.json

Reads the tune cache (tunes.py parses music21's corpus the first time, a few minutes), trains a
fixed number of steps on one thread (about 10 minutes on the shared 2-core machine, more
when it is busy), checks the loss on DEV_CHECK_TUNES dev tunes every EVAL_EVERY steps and keeps the
best weights. The test split is never seen here.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import torch
from torch.nn import functional as F

from taleweaver.paths import MODELS_DIR
from taleweaver.sound.melody.harmony import derive_bar_chord
from taleweaver.sound.melody.model import MelodyConfig, MelodyLSTM, collate, save_model, tune_features
from taleweaver.sound.melody.tokens import PAD, TOKEN_ID, decode
from taleweaver.sound.melody.tunes import Tune, load_tunes

MODEL_PATH = MODELS_DIR / "melody.pt"
STEPS = 600
BATCH = 32
WINDOW = 256            # tokens per training window (a long tune is cut at a random bar line)
LEARNING_RATE = 2e-3
CHORD_HIDDEN_SHARE = 0.25
EVAL_EVERY = 100
DEV_CHECK_TUNES = 150  # the dev tunes the checkpoints are compared on (a full dev pass is slow)
SEED = 1234
# One thread: on the shared 2-core machine two threads that wait on each other ran a step
# 4-8x slower than one (measured: 17-32 s against 4 s per step of 32 x 256 tokens).
THREADS = 1

CONDITION_TOKENS = 3    # <s> M:.. K:.. -- given, never predicted or scored


def tune_chords(tune: Tune):
    meter, mode, bars = decode(list(tune.tokens))
    return [derive_bar_chord(bar, meter, mode) for bar in bars]


def training_example(tune: Tune, rng: random.Random, window: int, hide_chords: bool) -> dict[str, list[int]]:
    """One tune's features, cut to a window that starts at a bar line when the tune is long."""
    features = tune_features(list(tune.tokens), None if hide_chords else tune_chords(tune))
    length = len(features["tokens"])
    targets = features["tokens"][1:] + [TOKEN_ID[PAD]]
    targets[:CONDITION_TOKENS - 1] = [TOKEN_ID[PAD]] * (CONDITION_TOKENS - 1)  # M: and K: are given
    features["targets"] = targets
    if length > window:
        bar_starts = [i for i, t in enumerate(tune.tokens) if t == "|" and i < length - window]
        start = rng.choice([0] + bar_starts)
        features = {name: values[start:start + window] for name, values in features.items()}
    return features


def sequence_loss(model: MelodyLSTM, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, int]:
    """Summed cross-entropy over the scored targets, and how many there were."""
    targets = batch.pop("targets")
    logits, _ = model(batch)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                           ignore_index=TOKEN_ID[PAD], reduction="sum")
    return loss, int((targets != TOKEN_ID[PAD]).sum())


@torch.no_grad()
def mean_nll(model: MelodyLSTM, tunes: list[Tune], with_chords: bool, batch_size: int = 32) -> float:
    """Per-token negative log-likelihood (nats) of whole tunes, the given M:/K: not scored."""
    model.eval()
    total, count = 0.0, 0
    ordered = sorted(tunes, key=lambda t: len(t.tokens))
    for i in range(0, len(ordered), batch_size):
        examples = [training_example(t, random.Random(0), 10**9, hide_chords=not with_chords)
                    for t in ordered[i:i + batch_size]]
        loss, n = sequence_loss(model, collate(examples))
        total, count = total + float(loss), count + n
    return total / count


def train(tunes: list[Tune], dev: list[Tune], steps: int = STEPS, batch_size: int = BATCH,
          config: MelodyConfig | None = None, eval_every: int = EVAL_EVERY, seed: int = SEED,
          log=print) -> tuple[MelodyLSTM, dict]:
    """Train a fresh model; returns the weights with the best dev loss and a record of the run."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = MelodyLSTM(config or MelodyConfig())
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    # Linear warm-up for 5% of the steps, then cosine decay to a tenth of the rate.
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min((s + 1) / warmup, 0.1 + 0.9 * 0.5 * (
        1 + math.cos(math.pi * min(1.0, max(0, s - warmup) / max(1, steps - warmup))))))
    best, best_state, history = float("inf"), None, []
    started = time.time()
    for step in range(1, steps + 1):
        model.train()
        examples = [training_example(t, rng, WINDOW, rng.random() < CHORD_HIDDEN_SHARE)
                    for t in rng.sample(tunes, min(batch_size, len(tunes)))]
        loss, count = sequence_loss(model, collate(examples))
        optimizer.zero_grad()
        (loss / count).backward()
        loss = loss.item()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if step % eval_every == 0 or step == steps:
            dev_nll = mean_nll(model, dev, with_chords=False) if dev else float("nan")
            history.append({"step": step, "train_nll": round(loss / count, 4),
                            "dev_nll": round(dev_nll, 4), "seconds": round(time.time() - started)})
            log(f"step {step}: train {loss / count:.3f}  dev {dev_nll:.3f}  {time.time() - started:.0f} s")
            if dev_nll < best or not dev:
                best, best_state = dev_nll, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    record = {"steps": steps, "batch": batch_size, "window": WINDOW, "learning_rate": LEARNING_RATE,
              "chord_hidden_share": CHORD_HIDDEN_SHARE, "seed": seed, "history": history,
              "best_dev_nll": round(best, 4), "seconds": round(time.time() - started)}
    return model.eval(), record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    torch.set_num_threads(THREADS)
    train_tunes, dev_tunes = load_tunes("train"), load_tunes("dev")
    print(f"{len(train_tunes)} train tunes, {len(dev_tunes)} dev tunes")
    model, record = train(train_tunes, dev_tunes[:DEV_CHECK_TUNES], steps=args.steps)
    record["dev_nll_all"] = round(mean_nll(model, dev_tunes, with_chords=False), 4)
    record["train_tunes"], record["dev_tunes"] = len(train_tunes), len(dev_tunes)
    record["parameters"] = sum(p.numel() for p in model.parameters())
    save_model(model, args.out, notes=record)
    args.out.with_suffix(".json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB), best dev NLL {record['best_dev_nll']}")


if __name__ == "__main__":
    main()
