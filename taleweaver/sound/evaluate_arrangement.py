"""Measure the arranger over corpus stories and print the numbers of docs/arrangement.md.

    python -m taleweaver.sound.evaluate_arrangement            # 50 dev stories, under a minute
    python -m taleweaver.sound.evaluate_arrangement --stories 120 --split test

Reads: corpus stories (data/corpus), their scene moods from mood.py (lexicon model only,
`use_embeddings=False`, for speed), the part and melody libraries. Reading times are not
narrated here: each scene's is estimated as its word count / 2.5 words a second.
Writes: docs/arrangement-eval.json, the table between the results markers of
docs/arrangement.md, the MIDI files in a temporary folder (deleted), and prints
a Markdown table.

The default split is dev: the mood thresholds of arrange_mood.py were set after looking at the
moods of test stories, so the dev stories were not used for any choice.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from taleweaver.paths import DOCS_DIR
from taleweaver.sound.arrange import arrange_story, write_midi
from taleweaver.sound.arrange_check import check_story, measure_arrangement
from taleweaver.sound.mood import score_story
from taleweaver.story.corpus import stories_in

WORDS_PER_SECOND = 2.5
RESULT_PATH = DOCS_DIR / "arrangement-eval.json"
DOC_PATH = DOCS_DIR / "arrangement.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def reading_time(text: str) -> float:
    return len(re.findall(r"[A-Za-z']+", text)) / WORDS_PER_SECOND


def evaluate(count: int, split: str) -> dict:
    stories = stories_in(split)[:count]
    rows, tempo_changes, problems, seconds = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for number, story in enumerate(stories):
            moods = score_story(list(story.scenes), use_embeddings=False)
            times = [reading_time(text) for text in story.scenes]
            started = time.perf_counter()
            scenes = arrange_story(story.hero, story.theme, moods, times, seed=number)
            for i, scene in enumerate(scenes):
                write_midi(scene, Path(folder) / f"{story.id}-{i + 1}.mid")
            seconds.append((time.perf_counter() - started) / len(scenes))
            problems += [f"{story.id} {p}" for p in check_story(scenes)]
            tempo_changes += [abs(b.tempo_qpm - a.tempo_qpm) / a.tempo_qpm for a, b in zip(scenes, scenes[1:])]
            for scene in scenes:
                m = measure_arrangement(scene)
                rows.append({"story": story.id, "tempo": scene.tempo_qpm, "mode": scene.mode, "energy": scene.energy,
                             "bars": scene.bars, "length_error_s": m.length_error_s,
                             "length_error_bars": m.length_error_bars, "out_of_range": m.out_of_range_notes,
                             "strong": m.strong_beat_notes, "clashes": m.clashes, "non_chord": m.non_chord_tones,
                             "fitted": scene.fitted_notes, "melody_notes": len(scene.part("melody").notes),
                             "augmented": scene.motif_augmented, "notes_per_second": m.notes_per_second})
    errors = [abs(r["length_error_s"]) for r in rows]
    strong = sum(r["strong"] for r in rows)
    return {
        "split": split, "stories": len(stories), "scenes": len(rows),
        "reading_time": f"words / {WORDS_PER_SECOND} per second",
        "length_error_s": {"mean_abs": statistics.mean(errors), "max_abs": max(errors),
                           "mean_signed": statistics.mean(r["length_error_s"] for r in rows)},
        "length_error_bars_max_abs": max(abs(r["length_error_bars"]) for r in rows),
        "out_of_range_notes": sum(r["out_of_range"] for r in rows),
        "strong_beat_melody_notes": strong,
        "strong_beat_clash_rate": sum(r["clashes"] for r in rows) / strong,
        "strong_beat_non_chord_rate": sum(r["non_chord"] for r in rows) / strong,
        "melody_notes_moved_by_fitting": sum(r["fitted"] for r in rows) / sum(r["melody_notes"] for r in rows),
        "tempo_change": {"mean": statistics.mean(tempo_changes), "max": max(tempo_changes)},
        "tempo_qpm": {"min": min(r["tempo"] for r in rows), "median": statistics.median(r["tempo"] for r in rows),
                      "max": max(r["tempo"] for r in rows)},
        "modes": dict(Counter(r["mode"] for r in rows).most_common()),
        "energies": dict(sorted(Counter(r["energy"] for r in rows).items())),
        "motif_augmented_share": sum(r["augmented"] for r in rows) / len(rows),
        "seconds_per_scene": {"mean": statistics.mean(seconds), "max": max(seconds)},
        "problems": problems,
    }


def markdown(result: dict) -> str:
    rows = [
        ("stories / scenes", f"{result['stories']} / {result['scenes']} ({result['split']} split)"),
        ("length error vs lead-in + reading + tail, mean abs / max abs",
         f"{result['length_error_s']['mean_abs']:.2f} s / {result['length_error_s']['max_abs']:.2f} s "
         f"(max {result['length_error_bars_max_abs']:.2f} bar)"),
        ("out-of-range notes (target 0)", f"{result['out_of_range_notes']}"),
        ("strong-beat clash rate (melody a half step off the chord)",
         f"{result['strong_beat_clash_rate']:.4f} of {result['strong_beat_melody_notes']} strong-beat notes"),
        ("strong-beat non-chord-tone rate", f"{result['strong_beat_non_chord_rate']:.4f}"),
        ("melody notes moved onto a chord tone by fitting", f"{result['melody_notes_moved_by_fitting']:.3f}"),
        ("tempo change between consecutive scenes, mean / max",
         f"{result['tempo_change']['mean']:.1%} / {result['tempo_change']['max']:.1%}"),
        ("tempo, min / median / max (quarter notes a minute)",
         f"{result['tempo_qpm']['min']} / {result['tempo_qpm']['median']:g} / {result['tempo_qpm']['max']}"),
        ("modes", ", ".join(f"{k} {v}" for k, v in result["modes"].items())),
        ("energy steps", ", ".join(f"{k}: {v}" for k, v in result["energies"].items())),
        ("scenes with the augmented (calm) motif", f"{result['motif_augmented_share']:.0%}"),
        ("time per scene (arrange + write MIDI), mean / max",
         f"{result['seconds_per_scene']['mean'] * 1000:.1f} ms / {result['seconds_per_scene']['max'] * 1000:.1f} ms"),
        ("check_story problems", f"{len(result['problems'])}"),
    ]
    return "\n".join(["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    args = parser.parse_args(argv)
    result = evaluate(args.stories, args.split)
    RESULT_PATH.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    table = markdown(result)
    doc = DOC_PATH.read_text(encoding="utf-8")
    if START in doc and END in doc:
        before, rest = doc.split(START, 1)
        DOC_PATH.write_text(before + START + "\n" + table + "\n" + END + rest.split(END, 1)[1], encoding="utf-8")
    print(table)
    for problem in result["problems"][:20]:
        print("problem:", problem)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
