"""Benchmark: the sound stage for whole corpus stories, and where its time goes.

    .venv/bin/python bench/sound.py [--stories 3] [--rounds 2] [--voice-threads both]

Not a test: it measures this machine and writes the results part of docs/bench-sound.md (the
text around the results markers is kept). The target is all five scenes of a story
(narration, arrangement, render and mix) in at most 8 s on 2 cores.

What is timed: `make_sound` on test-split corpus stories, with one voice process kept for all
of them (a web worker keeps its Narrator; starting the voice is reported on its own). The first
story of each voice process is made once before timing and reported separately: in the first
configuration it also loads spaCy, the mood model and MiniLM, the SoundFont, the effect and
melody libraries. Then every story is made `--rounds` times; the report gives medians and the
per-part breakdown.

Parts run at the same time (the voice process reads scene N+1 while this process mixes scene
N), so they add up to more than the total. CPU seconds are counted too (this process, and the
voice process from /proc), because wall time on a shared machine depends on the other work.

`--voice-threads`: how many threads onnxruntime gives the voice. "default" is what
piper_worker.py does today (onnxruntime's default: one per core); "1" runs the voice on one
thread. piper_worker does not take a thread count, so for "1" this script puts a
`sitecustomize.py` on the voice process's PYTHONPATH that sets
`SessionOptions.intra_op_num_threads = 1`: an experiment, to measure the change before it is
made in piper_worker.py. "both" (the default) measures the two, one after the other.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

PARTS = ("mood", "narration", "waiting_for_voice", "arrangement", "render", "effects", "mix", "write")
PART_NOTES = {
    "mood": "spaCy + mood model, five scenes (this process, while the voice reads scene 1)",
    "narration": "the voice process reading the five scenes (in the background)",
    "waiting_for_voice": "this process idle, waiting for a scene's narration",
    "arrangement": "leitmotif, arrange_scene, write_midi",
    "render": "render_midi through TinySoundFont + FluidR3",
    "effects": "choose, time and render the effects",
    "mix": "music level, duck, sum, loudness, limiter, fades",
    "write": "Vorbis encode + decode + check of scene-N.ogg and narration-N.ogg; sound.json",
}
START, END = "<!-- results:start -->", "<!-- results:end -->"
ONE_THREAD_SITE = '''"""Written by bench/sound.py --voice-threads 1: the voice's onnxruntime on one thread."""
import onnxruntime

class _OneThread(onnxruntime.SessionOptions):
    def __init__(self):
        super().__init__()
        self.intra_op_num_threads = 1

onnxruntime.SessionOptions = _OneThread
'''


def children_cpu_seconds() -> float:
    """CPU seconds used so far by this process's running children (the voice process)."""
    ticks, me = os.sysconf("SC_CLK_TCK"), os.getpid()
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:  # fields[1] is the parent's pid; utime and stime are fields 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def corpus_story(corpus_story):
    from taleweaver.contracts import Choices, Scene, Story

    return Story(choices=Choices(**corpus_story.choices), title=corpus_story.title, ranker_score=0.0,
                 source="corpus", scenes=[Scene(index=i, text=text, keywords=[])
                                          for i, text in enumerate(corpus_story.scenes, start=1)])


def start_voice(threads: str, work: Path):
    """A Narrator whose onnxruntime uses `threads` ("default" or "1"); seconds it took to start."""
    from taleweaver.sound.narration import Narrator

    saved = os.environ.get("PYTHONPATH")
    if threads == "1":
        site = work / "one-thread-voice"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(ONE_THREAD_SITE, encoding="utf-8")
        os.environ["PYTHONPATH"] = os.pathsep.join([str(site), *filter(None, [saved])])
    try:
        started = time.perf_counter()
        narrator = Narrator()
        return narrator, time.perf_counter() - started
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def measure(threads: str, warm_up, stories, rounds: int, work: Path) -> dict:
    from taleweaver.sound.stage import make_sound

    narrator, voice_start_s = start_voice(threads, work)
    started = time.perf_counter()
    make_sound(warm_up, work / f"{threads}-first", narrator=narrator)
    first_s = time.perf_counter() - started
    print(f"[voice threads {threads}] voice start {voice_start_s:.2f} s; first story {first_s:.2f} s", flush=True)
    runs = []
    for round_number in range(rounds):
        for number, story in enumerate(stories):
            cpu_before, voice_cpu_before = time.process_time(), children_cpu_seconds()
            result = make_sound(story, work / f"{threads}-r{round_number}-s{number}", narrator=narrator)
            run = {"story": story.title, "audio_s": result.duration_s, "total": result.timings["total"],
                   "cpu_stage": time.process_time() - cpu_before,
                   "cpu_voice": children_cpu_seconds() - voice_cpu_before,
                   "speech_s": sum(scene.narration_s for scene in result.scenes),
                   "load": os.getloadavg()[0],
                   **{part: result.timings.get(part, 0.0) for part in PARTS},
                   **{f"cpu_{part}": result.cpu_timings.get(part, 0.0) for part in PARTS}}
            runs.append(run)
            print(f"[voice threads {threads}] round {round_number + 1} story {number + 1}: {run['total']:.2f} s "
                  f"for {run['audio_s']:.1f} s of audio; CPU {run['cpu_stage']:.1f} + voice {run['cpu_voice']:.1f} s; "
                  f"load {run['load']:.1f}", flush=True)
    narrator.close()
    return {"threads": threads, "voice_start_s": voice_start_s, "first_s": first_s, "runs": runs}


def report(result: dict, stories: int, rounds: int) -> list[str]:
    runs = result["runs"]

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    totals = [run["total"] for run in runs]
    # piper_worker.py sets one thread itself now, so "default" is that setting; "1" forces the
    # same from outside (kept as a check that the two agree).
    name = "as piper_worker.py runs it (one thread, set in the worker)" \
        if result["threads"] == "default" else "one thread forced from outside (the same setting)"
    lines = [
        f"### Voice on {name}", "",
        f"- **median per story: {statistics.median(totals):.2f} s** (min {min(totals):.2f}, max {max(totals):.2f}; "
        f"{len(runs)} runs = {stories} stories x {rounds}; target <= 8 s); 1-minute load average during the runs: "
        f"{min(r['load'] for r in runs):.1f}-{max(r['load'] for r in runs):.1f} on 2 cores",
        f"- audio per story: median {median('audio_s'):.1f} s of mix, of which {median('speech_s'):.1f} s is narration",
        f"- CPU seconds per story (median): {median('cpu_stage'):.2f} in the stage's process + "
        f"{median('cpu_voice'):.2f} in the voice process = {median('cpu_stage') + median('cpu_voice'):.2f}",
        f"- excluded above: starting the voice process {result['voice_start_s']:.2f} s; the first story "
        f"{result['first_s']:.2f} s",
        "",
        "| part | median wall s | of the median total | median CPU s | what |", "|---|---|---|---|---|",
    ]
    for part in PARTS:
        cpu = f"{median('cpu_voice'):.2f} (voice process)" if part == "narration" else f"{median('cpu_' + part):.2f}"
        lines.append(f"| {part} | {median(part):.2f} | {median(part) / statistics.median(totals):.0%} | {cpu} | "
                     f"{PART_NOTES[part]} |")
    lines += ["", "| story | total s | audio s | stage CPU s | voice CPU s | load |", "|---|---|---|---|---|---|"]
    lines += [f"| {r['story']} | {r['total']:.2f} | {r['audio_s']:.1f} | {r['cpu_stage']:.2f} | {r['cpu_voice']:.2f} | "
              f"{r['load']:.1f} |" for r in runs]
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=3, help="test-split stories to time (default 3)")
    parser.add_argument("--rounds", type=int, default=2, help="times each story is made (default 2)")
    parser.add_argument("--voice-threads", choices=["default", "1", "both"], default="both")
    parser.add_argument("--out", default="docs/bench-sound.md")
    args = parser.parse_args()

    from taleweaver.sound.stage import MOOD_USES_EMBEDDINGS
    from taleweaver.story.corpus import stories_in

    test_stories = stories_in("test")
    warm_up = corpus_story(test_stories[0])
    timed = [corpus_story(s) for s in test_stories[1:1 + args.stories]]
    modes = ["default", "1"] if args.voice_threads == "both" else [args.voice_threads]
    with tempfile.TemporaryDirectory(prefix="bench-sound-") as folder:
        results = [measure(mode, warm_up, timed, args.rounds, Path(folder)) for mode in modes]

    lines = [START, "",
             f"`.venv/bin/python bench/sound.py --stories {args.stories} --rounds {args.rounds} "
             f"--voice-threads {args.voice_threads}`, on {platform.machine()} with {os.cpu_count()} cores "
             f"(shared with other sessions), Python {platform.python_version()}. Stories: "
             + ", ".join(f"{s.title}" for s in timed) + f" (test split); warm-up: {warm_up.title}. "
             f"Mood with MiniLM: {MOOD_USES_EMBEDDINGS}.", ""]
    for result in results:
        lines += report(result, len(timed), args.rounds)
    lines.append(END)
    out = Path(args.out)
    page = out.read_text(encoding="utf-8") if out.exists() else f"# Benchmark: the sound stage\n\n{START}\n{END}\n"
    if START not in page or END not in page:
        raise SystemExit(f"{out} has no {START} ... {END} markers to write the results between")
    out.write_text(page[:page.index(START)] + "\n".join(lines) + page[page.index(END) + len(END):], encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
