"""What one decoding step of the writer costs with 1 to 16 sequences in the batch.

    .venv/bin/python bench/decode_steps.py [--repeats 3] [--tokens 48]

The writer (merged when `make install` built it) samples n completions of one short prompt
together with `StoryLM.sample` (the prompt is read once; every step decodes one token for
each unfinished sequence). A step's cost is the wall time of a call, less the time of reading
the prompt alone (a call with max_tokens=1), divided by the steps the longest sequence took.
Median of `--repeats` calls per batch size. This is where docs/bench-pipeline.md's "about 10 ms
plus 4.5 ms per sequence" comes from.
"""

from __future__ import annotations

import argparse
import statistics
import time

from taleweaver.story.lm import StoryLM

PROMPT = "Write the first scene of a gentle story about a purple mermaid who finds a lost shell.\n"


def seconds(lm: StoryLM, n: int, tokens: int, seed: int) -> tuple[float, int]:
    """Wall seconds of one call, and the steps its longest completion took."""
    started = time.perf_counter()
    texts = lm.sample(PROMPT, n, max_tokens=tokens, temperature=1.0, seed=seed)
    wall = time.perf_counter() - started
    return wall, max(len(lm.tokenize(text)) for text in texts) if any(texts) else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=48)
    args = parser.parse_args()

    lm = StoryLM("writer", max_sequences=16)
    seconds(lm, 1, args.tokens, 0)  # warm-up
    read = statistics.median(seconds(lm, 1, 1, seed)[0] for seed in range(args.repeats))
    print(f"writer merged: {lm.merged}; reading the prompt: {read * 1000:.0f} ms")
    print("| sequences | ms per step (median) |\n|---|---|")
    for n in (1, 2, 4, 8, 12, 16):
        per_step = []
        for seed in range(args.repeats):
            wall, steps = seconds(lm, n, args.tokens, 100 * n + seed)
            per_step.append((wall - read) / max(1, steps) * 1000)
        print(f"| {n} | {statistics.median(per_step):.1f} |", flush=True)


if __name__ == "__main__":
    main()
