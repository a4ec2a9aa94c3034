"""Measurement: the writer with its adapter folded into the weights (merge_adapter.py) against
base + adapter at run time, and the base alone: agreement of next-token logits on two writer
prompts, and milliseconds per decoding step of 4 drafts (median of 3).

    .venv/bin/python bench/merged_lm.py

Numbers quoted in taleweaver/story/merge_adapter.py come from this script (Q8_0, 2026-12-06:
correlation 0.999, same top-5; 27 ms against 40 ms a step). The Q4_1 and Q5_1 figures there
were measured once by building the merged file with another MERGED_TYPE_NAME.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from taleweaver.story import merge_adapter, prompts
from taleweaver.story.lm import StoryLM

PROMPTS = [
    prompts.writer_prompt({"theme": "underwater", "hero": "mermaid", "color": "purple", "adjective": "silly"},
                          [["shell", "bubble"], ["octopus"], ["cave"], ["song"], ["home"]]),
    prompts.writer_prompt({"theme": "castle", "hero": "dragon", "color": "gold", "adjective": "sleepy"},
                          [["tower"], ["nap"], ["knight"], ["pillow"], ["moon"]]) + "Title: The Sleepy Dragon\n1:",
]


def decoding_step_ms(lm: StoryLM, prompt: str = PROMPTS[0]) -> float:
    """Milliseconds per decoding step of 4 drafts of `prompt` (median of 3). bench/story.py
    prints it too, as a yardstick of the machine's speed at the time of its run."""
    steps = []
    for rep in range(3):
        started = time.perf_counter()
        outs = lm.sample(prompt, 4, max_tokens=120, temperature=0.8, seed=rep)
        steps.append(1000 * (time.perf_counter() - started) / max(len(lm.tokenize(o)) for o in outs))
    return statistics.median(steps)


def main() -> None:
    merge_adapter.build(["writer"])
    models = {"adapter at run time": StoryLM("writer", merged=False), "merged": StoryLM("writer", merged=True),
              "base alone": StoryLM(None)}
    reference = models["adapter at run time"]
    for prompt in PROMPTS:
        expected = np.array(reference.prompt_logits(prompt))
        for name in ("merged", "base alone"):
            got = np.array(models[name].prompt_logits(prompt))
            top = len(set(np.argsort(-expected)[:5]) & set(np.argsort(-got)[:5]))
            print(f"{name}: logit correlation {np.corrcoef(expected, got)[0, 1]:.4f}, top-5 shared {top}/5")
    for name, lm in models.items():
        print(f"{name}: {decoding_step_ms(lm):.1f} ms per decoding step of 4 drafts (median of 3)")


if __name__ == "__main__":
    main()
