"""Rebuild every trained artifact of the story generator on the CPU, in order:

    python -m taleweaver.story.train_all      (or: make models)

1. keywords per sentence of every corpus story  -> data/corpus/keywords.jsonl
2. the coherence ranker                         -> models/ranker.pt      (~6 min on 2 cores)
3. the planner adapter                          -> models/planner.gguf   (~20 min)
4. the writer adapter                           -> models/writer.gguf    (~50 min)

Each step writes a .json report beside its artifact (settings, losses, time).
"""

from __future__ import annotations

import time

from taleweaver.story import keywords, train_lm, train_ranker


def main() -> None:
    started = time.time()
    keywords.main()
    train_ranker.train(train_ranker.Settings())
    train_lm.train(train_lm.Settings(task="planner", epochs=3.0, max_tokens=200, batch_size=16))
    train_lm.train(train_lm.Settings(task="writer"))
    print(f"all models rebuilt in {(time.time() - started) / 60:.0f} minutes")


if __name__ == "__main__":
    main()
