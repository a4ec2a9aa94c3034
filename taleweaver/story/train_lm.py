"""Fine-tune SmolLM2-135M-Instruct with LoRA into the planner or the writer, on the CPU.

    python -m taleweaver.story.train_lm planner     # choices -> a few keywords per scene
    python -m taleweaver.story.train_lm writer      # choices + plan -> title and five scenes

Reads the train split of the corpus and its keywords (data/corpus/keywords.jsonl), writes
models/<task>.gguf (the LoRA in llama.cpp's adapter format) and models/<task>.json (settings,
losses, time). The dev split gives the held-out loss; the test split is never read here.

Each epoch draws fresh random keyword subsets, so the model sees each story with several
plans: the planner learns to pick a few salient keywords, and the writer learns to use every
keyword it is given, whether the plan is full or down-sampled like the planner's.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch

from taleweaver.paths import MODELS_DIR
from taleweaver.story import prompts
from taleweaver.story.corpus import stories_in
from taleweaver.story.keywords import downsample, load_keywords


@dataclass
class Settings:
    task: str = "writer"
    epochs: float = 2.0
    batch_size: int = 8
    lr: float = 6e-4
    warmup_steps: int = 20
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    max_tokens: int = 560
    seed: int = 1234
    threads: int = 2
    max_steps: int | None = None      # for smoke tests: stop early
    limit_stories: int | None = None  # for smoke tests: train on a few stories


def settings_for(task: str) -> Settings:
    """The settings the committed adapters were trained with."""
    if task == "planner":  # short sequences: bigger batches, one more pass
        return Settings(task="planner", epochs=3.0, max_tokens=200, batch_size=16)
    return Settings(task=task)


TARGET_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def make_example(task: str, story, keywords: list[list[str]], rng: random.Random) -> tuple[str, str]:
    """(prompt, answer) for one story, with a fresh random plan."""
    if task == "planner":
        return prompts.planner_prompt(story.choices), prompts.format_plan(downsample(keywords, rng)) + prompts.END
    # The writer sees anything from a planner-sized plan (2-3 words) to the full keyword list.
    plan = downsample(keywords, rng, low=2, high=max(2, max(len(k) for k in keywords)))
    answer = prompts.format_story(story.title, list(story.scenes)) + prompts.END
    return prompts.writer_prompt(story.choices, plan), answer


def encode(tokenizer, prompt: str, answer: str, max_tokens: int) -> tuple[list[int], list[int]]:
    """Token ids and labels; the loss is only on the answer (labels -100 on the prompt)."""
    p = tokenizer(prompt, add_special_tokens=False).input_ids
    a = tokenizer(answer, add_special_tokens=False).input_ids
    ids = (p + a)[:max_tokens]
    labels = ([-100] * len(p) + a)[:max_tokens]
    return ids, labels


def batches(examples: list[tuple[list[int], list[int]]], batch_size: int, pad_id: int, rng: random.Random):
    # Group similar lengths so little compute goes to padding; shuffle the groups.
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]) + rng.random())
    groups = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(groups)
    for group in groups:
        width = max(len(examples[i][0]) for i in group)
        ids = torch.full((len(group), width), pad_id)
        labels = torch.full((len(group), width), -100)
        mask = torch.zeros((len(group), width), dtype=torch.long)
        for row, i in enumerate(group):
            x, y = examples[i]
            ids[row, :len(x)], labels[row, :len(y)], mask[row, :len(x)] = torch.tensor(x), torch.tensor(y), 1
        yield ids, labels, mask


def answer_loss(model, ids, mask, labels) -> tuple[torch.Tensor, int]:
    """Mean next-token loss over the answer only. The output layer spans 49k words, so its
    logits are computed just where there is a label: the prompt positions need none, and
    skipping them saves about a third of the memory and time of a step."""
    causal_lm = model.get_base_model()
    hidden = causal_lm.model(input_ids=ids, attention_mask=mask).last_hidden_state
    targets = labels[:, 1:]
    keep = targets != -100
    logits = causal_lm.lm_head(hidden[:, :-1][keep])
    return torch.nn.functional.cross_entropy(logits, targets[keep]), int(keep.sum())


def dev_loss(model, tokenizer, settings: Settings, dev_examples) -> float:
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for ids, labels, mask in batches(dev_examples, settings.batch_size, tokenizer.pad_token_id, random.Random(0)):
            loss, n = answer_loss(model, ids, mask, labels)
            total, count = total + float(loss) * n, count + n
    model.train()
    return total / max(count, 1)


def train(settings: Settings, out_dir: Path = MODELS_DIR) -> dict:
    from peft import LoraConfig, get_peft_model

    from taleweaver.story.adapter_export import export_lora_gguf
    from taleweaver.story.lm import load_base_for_training

    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    rng = random.Random(settings.seed)
    keywords = load_keywords()
    train_stories = [s for s in stories_in("train") if s.id in keywords][: settings.limit_stories]
    dev_stories = [s for s in stories_in("dev") if s.id in keywords][: settings.limit_stories or 60]

    model, tokenizer = load_base_for_training()
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = get_peft_model(model, LoraConfig(
        r=settings.lora_r, lora_alpha=settings.lora_alpha, lora_dropout=settings.lora_dropout,
        target_modules=TARGET_MODULES, task_type="CAUSAL_LM"))
    dev_examples = [encode(tokenizer, *make_example(settings.task, s, keywords[s.id], random.Random(i)), settings.max_tokens)
                    for i, s in enumerate(dev_stories)]

    steps_per_epoch = math.ceil(len(train_stories) / settings.batch_size)
    total_steps = max(1, int(steps_per_epoch * settings.epochs))
    if settings.max_steps:
        total_steps = min(total_steps, settings.max_steps)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=settings.lr, weight_decay=0.0)

    def lr_at(step: int) -> float:  # linear warm-up, then cosine down to a tenth
        if step < settings.warmup_steps:
            return settings.lr * (step + 1) / settings.warmup_steps
        progress = (step - settings.warmup_steps) / max(1, total_steps - settings.warmup_steps)
        return settings.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))

    started, step, log = time.time(), 0, []
    initial_dev = dev_loss(model, tokenizer, settings, dev_examples)
    print(f"{settings.task}: {len(train_stories)} train stories, {total_steps} steps, dev loss {initial_dev:.3f}", flush=True)
    model.train()
    while step < total_steps:
        # A new epoch: every story again, with freshly drawn plans.
        examples = [encode(tokenizer, *make_example(settings.task, s, keywords[s.id], rng), settings.max_tokens)
                    for s in train_stories]
        for ids, labels, mask in batches(examples, settings.batch_size, tokenizer.pad_token_id, rng):
            for group in optimizer.param_groups:
                group["lr"] = lr_at(step)
            loss, _ = answer_loss(model, ids, mask, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            log.append(round(loss.item(), 4))
            if step % 10 == 0 or step == total_steps:
                recent = sum(log[-10:]) / len(log[-10:])
                print(f"  step {step}/{total_steps}  loss {recent:.3f}  {time.time() - started:.0f}s", flush=True)
            if step >= total_steps:
                break

    final_dev = dev_loss(model, tokenizer, settings, dev_examples)
    out_dir.mkdir(parents=True, exist_ok=True)
    gguf_path = export_lora_gguf(model, out_dir / f"{settings.task}.gguf", alpha=settings.lora_alpha)
    report = {
        "task": settings.task, "settings": asdict(settings), "train_stories": len(train_stories),
        "dev_stories": len(dev_stories), "steps": step, "seconds": round(time.time() - started),
        "dev_loss_before": round(initial_dev, 4), "dev_loss_after": round(final_dev, 4),
        "train_loss_last_10": round(sum(log[-10:]) / max(1, len(log[-10:])), 4),
        "adapter_bytes": gguf_path.stat().st_size,
    }
    (out_dir / f"{settings.task}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("task", choices=["planner", "writer"])
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--max-steps", type=int)
    parser.add_argument("--limit-stories", type=int)
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args()
    settings = settings_for(args.task)
    if args.epochs:
        settings.epochs = args.epochs
    settings.max_steps, settings.limit_stories = args.max_steps, args.limit_stories
    train(settings, args.out)


if __name__ == "__main__":
    main()
