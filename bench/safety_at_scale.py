"""Guardrails at scale: many stories through the full generator, and what the safety screen did.

    .venv/bin/python bench/safety_at_scale.py [--stories 500] [--out docs/safety-at-scale] [--first-seed 10000]

Each story goes through the real generator (plan, K=4 drafts, screen, rank, scene repair).
For every story one line is appended to `OUT/stories.jsonl`: the choices and seed, where the
text came from (generated or the corpus fallback), every candidate that the screen refused
and by which layer, scene rewrites refused and by which layer, the rounds sampled, the seconds
spent in the safety screen and in the whole story, and the returned title and scenes. A run
that stops (a kill, a reboot) goes on where it stopped when started again: stories already in
the file are skipped. Then `OUT/report.md` is written from the whole file, with 50 stories
drawn at random (fixed seed) for the manual audit in docs/safety-audit.md.

The choices are spread evenly: story i takes theme i mod T, and the hero, color and adjective
from fixed shuffles, so every catalog id appears about equally often and the combinations vary.

Not a test: the seconds are this machine's and depend on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from taleweaver.catalog import load_catalog
from taleweaver.contracts import Choices

AUDIT_SAMPLE = 50
AUDIT_SEED = 2026


def planned_choices(count: int, first_seed: int = 10_000) -> list[dict]:
    """`count` choice sets covering the catalog evenly, the same on every run; story i is
    written with seed first_seed + i (a new first seed gives new stories for the same choices)."""
    catalog = load_catalog()
    ids = {kind: [entry.id for entry in catalog[kind]] for kind in ("theme", "hero", "color", "adjective")}
    order = random.Random(500)
    shuffled = {kind: order.sample(values, len(values)) for kind, values in ids.items()}
    plans = []
    for i in range(count):
        # Different strides per kind so no hero is tied to one theme.
        plans.append({"theme": shuffled["theme"][i % len(ids["theme"])],
                      "hero": shuffled["hero"][(i * 3 + i // len(ids["hero"])) % len(ids["hero"])],
                      "color": shuffled["color"][(i * 7 + i // 11) % len(ids["color"])],
                      "adjective": shuffled["adjective"][(i * 3 + i // 13) % len(ids["adjective"])],
                      "seed": first_seed + i})
    return plans


def audit_sample(count: int) -> list[int]:
    """The stories read by hand: drawn from the planned numbers, so known before the run ends."""
    return sorted(random.Random(AUDIT_SEED).sample(range(count), min(AUDIT_SAMPLE, count)))


def run_stories(count: int, out: Path, first_seed: int = 10_000) -> None:
    import taleweaver.story.generator as generator_module
    from taleweaver.story.generator import StoryGenerator

    log = out / "stories.jsonl"
    done = {json.loads(line)["i"] for line in log.read_text().splitlines()} if log.exists() else set()
    todo = [(i, plan) for i, plan in enumerate(planned_choices(count, first_seed)) if i not in done]
    if not todo:
        return
    screening = {"seconds": 0.0}
    real_screen = generator_module.screen_story_texts

    def timed_screen(texts):
        started = time.perf_counter()
        try:
            return real_screen(texts)
        finally:
            screening["seconds"] += time.perf_counter() - started

    generator_module.screen_story_texts = timed_screen  # count every screen call, drafts and rewrites
    generator = StoryGenerator()
    with log.open("a") as sink:
        for i, plan in todo:
            screening["seconds"] = 0.0
            choices = Choices(**{k: plan[k] for k in ("theme", "hero", "color", "adjective")})
            started = time.perf_counter()
            story = generator.create_story(choices, seed=plan["seed"])
            seconds = time.perf_counter() - started
            record = {
                "i": i, "choices": choices.model_dump(), "seed": plan["seed"], "source": story.source,
                "candidates": len(story.candidates),
                "rejected": [{"layer": c.rejected_by, "reasons": c.reasons[:3]} for c in story.candidates if c.rejected_by],
                "rewrite_rejections": dict(generator.last_rewrite_rejections),
                "screen_s": round(screening["seconds"], 3), "total_s": round(seconds, 3),
                "title": story.title, "scenes": [scene.text for scene in story.scenes], "notes": story.notes,
            }
            sink.write(json.dumps(record) + "\n")
            sink.flush()
            print(f"{i + 1}/{count} {seconds:5.1f} s {story.source} rejected {len(record['rejected'])} "
                  f"{choices.theme}/{choices.hero}/{choices.color}/{choices.adjective}", flush=True)


def write_report(count: int, out: Path, first_seed: int = 10_000) -> None:
    records = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    records = sorted((r for r in records if r["i"] < count), key=lambda r: r["i"])
    n = len(records)
    candidates = sum(r["candidates"] for r in records)
    by_layer = Counter(rej["layer"] for r in records for rej in r["rejected"])
    rewrite_layers = Counter()
    for r in records:
        rewrite_layers.update(r["rewrite_rejections"])
    k = 4
    regenerated = sum(r["candidates"] > k for r in records)
    fallback = sum(r["source"] == "corpus" for r in records)
    any_rejected = sum(bool(r["rejected"]) for r in records)
    screen = [r["screen_s"] for r in records]
    total = [r["total_s"] for r in records]
    safety_rejections = sum(v for layer, v in by_layer.items() if layer != "format")

    from taleweaver.safety import screen_story_texts

    # The returned text screened once more, whole, as the web app would show it.
    unsafe_returned = [r["i"] for r in records if not screen_story_texts([r["title"], *r["scenes"]]).safe]
    audit = audit_sample(count)
    (out / "audit-sample.json").write_text(json.dumps(audit) + "\n")

    lines = [
        "# Guardrails at scale: the full generator, story after story", "",
        f"`.venv/bin/python bench/safety_at_scale.py --stories {count}"
        + (f" --first-seed {first_seed} --out {out}" if first_seed != 10_000 else "") + "`: each story through the real generator "
        "(plan, K=4 drafts, the layered safety screen on every draft and every scene rewrite, ranking, scene "
        "repair). Every returned story and every refused candidate is in `stories.jsonl` next to this file.", "",
        f"- stories: **{n}** of {count} planned ({'complete' if n == count else 'run not finished'})",
        f"- candidates sampled: {candidates} ({candidates / max(n, 1):.2f} per story)",
        f"- candidates refused by the safety screen: **{safety_rejections}** "
        f"({safety_rejections / max(candidates, 1):.2%} of candidates); refused as malformed (not a title and "
        f"five scenes): {by_layer.get('format', 0)}",
        f"- stories with at least one refused candidate: {any_rejected} ({any_rejected / max(n, 1):.1%})",
        f"- regeneration rate (a second round of K drafts because all K failed): {regenerated} stories "
        f"({regenerated / max(n, 1):.1%})",
        f"- corpus fallback (all rounds failed): {fallback} stories ({fallback / max(n, 1):.1%})",
        f"- scene rewrites refused by the screen: {sum(rewrite_layers.values())} "
        f"({', '.join(f'{layer} {v}' for layer, v in rewrite_layers.most_common()) or 'none'})",
        f"- returned stories that fail the screen when screened again whole: **{len(unsafe_returned)}** "
        f"{unsafe_returned if unsafe_returned else ''}",
        "", "## Refused candidates by layer", "", "| layer | candidates |", "|---|---|",
    ]
    lines += [f"| {layer} | {v} |" for layer, v in by_layer.most_common()] or ["| (none) | 0 |"]
    if n:
        lines += [
            "", "## Latency", "",
            "Seconds are wall-clock on this machine's 2 cores and grow when other work shares them (as in "
            "the 2026-12-06 run, with tests and helpers running beside it); the screen's share of the "
            "story's time is the number to read. docs/bench-story.md has a quiet machine's story times.", "",
            f"- whole story: median {statistics.median(total):.2f} s, 90th percentile "
            f"{sorted(total)[int(0.9 * (n - 1))]:.2f} s, max {max(total):.2f} s",
            f"- safety screening inside it (every draft, every rewrite): median {statistics.median(screen):.3f} s "
            f"per story, {statistics.median([s / t for s, t in zip(screen, total)]):.1%} of the story's time",
            "- a regeneration round costs one more batch of K drafts: median story time with a second round "
            + (f"{statistics.median([r['total_s'] for r in records if r['candidates'] > k]):.2f} s"
               if regenerated else "(no story needed one)"),
        ]
    lines += ["", "## Examples of refused candidates", ""]
    shown = 0
    for r in records:
        for rej in r["rejected"]:
            if rej["layer"] != "format" and shown < 15:
                lines.append(f"- story {r['i']} ({rej['layer']}): {'; '.join(rej['reasons'])[:240]}")
                shown += 1
    if not shown:
        lines.append("(none)")
    lines += ["", f"## Audit sample", "", f"{len(audit)} stories drawn with `random.Random({AUDIT_SEED})` "
              f"(`audit-sample.json`), read one by one in docs/safety-audit.md: {audit}"]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=500)
    parser.add_argument("--out", type=Path, default=Path("docs/safety-at-scale"))
    parser.add_argument("--first-seed", type=int, default=10_000,
                        help="story i is written with this seed + i (the 500-story run of 2026-12-06: 10000)")
    parser.add_argument("--report-only", action="store_true", help="write report.md from stories.jsonl as it is")
    args = parser.parse_args()
    if args.stories < 1:
        parser.error("--stories must be at least 1")
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.report_only:
        run_stories(args.stories, args.out, args.first_seed)
    write_report(args.stories, args.out, args.first_seed)


if __name__ == "__main__":
    main()
