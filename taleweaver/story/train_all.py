"""Rebuild every trained artifact of the story generator on the CPU, in order:

    python -m taleweaver.story.train_all      (or: make models; name steps to run only those)

1. keywords per sentence of every corpus story  -> data/corpus/keywords.jsonl
2. the coherence ranker                         -> models/ranker.pt      (~6 min on 2 cores)
3. the planner adapter                          -> models/planner.gguf   (~20 min)
4. the writer adapter                           -> models/writer.gguf    (~50 min)
then the adapters are folded into the base model again (merge_adapter.py, ~15 s; the fast
merged models live in .venv/taleweaver-merged/, not in models/).

Each step writes a .json report beside its artifact (settings, losses, time).
"""

from __future__ import annotations

import argparse
import time

from taleweaver.story import keywords, merge_adapter, train_lm, train_ranker

STEPS = {
    "keywords": keywords.main,
    "ranker": lambda: train_ranker.train(train_ranker.Settings()),
    "planner": lambda: train_lm.train(train_lm.settings_for("planner")),
    "writer": lambda: train_lm.train(train_lm.settings_for("writer")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description="Rebuild the story generator's trained artifacts on the CPU.")
    parser.add_argument("steps", nargs="*", choices=[*STEPS, []], default=list(STEPS), help="which steps (default: all, in order)")
    args = parser.parse_args()
    started = time.time()
    for name in STEPS:
        if name in args.steps:
            STEPS[name]()
    merge_adapter.build()  # a new adapter makes its merged model stale; rebuild it
    print(f"rebuilt {', '.join(args.steps)} in {(time.time() - started) / 60:.0f} minutes")


if __name__ == "__main__":
    main()
