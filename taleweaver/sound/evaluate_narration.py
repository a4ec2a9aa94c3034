"""Measure narration: how right the word timings are, and how fast the voice is.

    python -m taleweaver.sound.evaluate_narration      # about 5 minutes on 2 cores

Writes docs/narration.md (the report) and docs/narration-eval.json (the raw numbers);
`--report-only` rewrites the page from the saved numbers without measuring.

Sentences: the first sentence of one scene per corpus story (scene 1, 2, ... in turn), 5 to 14
words. The estimator's settings are tuned on 40 dev-split sentences; every number in the report
comes from 40 test-split sentences, which played no part in tuning.

Two references for where each word starts:
1. The engine's own alignment. A piper (VITS) voice predicts a whole number of audio frames per
   phoneme and its decoder turns exactly those frames into sound, so a word starts where its
   first phoneme's frames start. Near-true by construction; its limit is the decoder's context
   (each output sample also hears a few neighbouring frames), so a boundary is soft by a frame
   or two (12-23 ms), and where a word "starts" inside a glued group ("ɔnðə") is our cut.
2. Growing prefixes, independent of the engine's timings: "The fox", "The fox ran", ... are
   spoken with the voice's randomness off, and where each prefix's speech ends is taken as where
   the next word starts in the full sentence (also spoken with randomness off). Its limits: a
   prefix is said as a whole sentence, so its last word is lengthened and its timing drifts
   (the duration predictor sees the whole prefix); words after a comma are skipped, because a
   prefix cannot show where the pause ends. It checks the engine's timings; it is not exact.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from taleweaver.paths import DOCS_DIR
from taleweaver.sound.narration import NarrationSettings, Narrator, Speech, narrate_story
from taleweaver.sound.word_timing import SpokenSentence, find_words, time_words
from taleweaver.sound.word_timing_estimate import DEFAULT_SETTINGS, EstimateSettings, estimate_phoneme_samples
from taleweaver.story.corpus import stories_in
from taleweaver.story.corpus_format import split_sentences

SENTENCES_PER_SPLIT = 40
MIN_WORDS, MAX_WORDS = 5, 14
SILENCE_DB = -40.0  # speech ends at the last 5 ms frame within 40 dB of the loudest
END_FRAME = 110  # samples (5 ms at 22.05 kHz): finer than the estimator's frames
TUNING_GRID = {
    "silence_db": [-25.0, -30.0, -35.0, -40.0],
    "min_pause_s": [0.08, 0.12],
    "word_gap_weight": [0.0, 0.15, 0.3],
    "pause_weight": [2.0, 4.0],
    "vowel_weight": [1.0, 1.4, 1.8],
    "length_mark_weight": [0.5, 1.0],
}
STORIES_FOR_SPEED = 3


def pick_sentences(split: str, count: int = SENTENCES_PER_SPLIT) -> list[str]:
    picked = []
    for number, story in enumerate(stories_in(split)):
        sentence = split_sentences(story.scenes[number % len(story.scenes)])[0]
        if MIN_WORDS <= len(find_words(sentence)) <= MAX_WORDS:
            picked.append(sentence)
        if len(picked) == count:
            break
    return picked


def speech_end_s(audio: np.ndarray, rate: int) -> float:
    frames = len(audio) // END_FRAME
    blocks = audio[: frames * END_FRAME].astype(np.float64).reshape(frames, END_FRAME)
    rms = np.sqrt(np.mean(blocks**2, axis=1)) + 1e-9
    loud = np.flatnonzero(20 * np.log10(rms / rms.max()) >= SILENCE_DB)
    return (loud[-1] + 1) * END_FRAME / rate


def estimated_starts(text: str, speech: Speech, settings: EstimateSettings) -> list[float]:
    """Word starts from the estimator, run on the same audio the engine timed."""
    sentences = []
    for sentence in speech.sentences:
        audio = speech.audio[sentence.start_sample: sentence.start_sample + sum(sentence.phoneme_samples)]
        samples = estimate_phoneme_samples(sentence.phonemes, audio, speech.sample_rate, settings)
        sentences.append(SpokenSentence(sentence.phonemes, samples, sentence.start_sample))
    return [w.start_s for w in time_words(text, sentences, speech.word_phonemes, speech.sample_rate)]


def prefix_starts(narrator: Narrator, text: str) -> list[float | None]:
    """Reference 2: start of word k+1 = where the prefix ending at word k stops sounding.
    None for the first word and for words after punctuation (a pause)."""
    words = find_words(text)
    starts: list[float | None] = [None]
    for (_, _, end), (_, next_start, _) in zip(words, words[1:]):
        if any(not c.isspace() for c in text[end:next_start]):
            starts.append(None)
            continue
        prefix = narrator.speak(text[:end], noise_w_scale=0.0, noise_scale=0.0)
        starts.append(speech_end_s(prefix.audio, prefix.sample_rate))
    return starts


def errors_ms(found: list[float], reference: list[float | None]) -> list[float]:
    """Signed errors (found minus reference) in ms; words without a reference are left out."""
    return [(f - r) * 1000 for f, r in zip(found, reference, strict=True) if r is not None]


def summary(signed: list[float]) -> dict:
    """Absolute-error statistics, plus the mean signed error (bias: >0 means found is later)."""
    ordered = sorted(abs(e) for e in signed)
    return {
        "words": len(ordered),
        "bias_ms": round(statistics.fmean(signed), 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "median_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def tune_estimator(narrator: Narrator, sentences: list[str]) -> tuple[EstimateSettings, list[dict]]:
    """Grid search on dev sentences: the settings whose word starts are closest to the engine's."""
    spoken = [(text, narrator.speak(text)) for text in sentences]
    results = []
    for values in itertools.product(*TUNING_GRID.values()):
        settings = replace(DEFAULT_SETTINGS, **dict(zip(TUNING_GRID, values)))
        errors = [e for text, speech in spoken
                  for e in errors_ms(estimated_starts(text, speech, settings), [w.start_s for w in speech.words])]
        results.append({"settings": asdict(settings), **summary(errors)})
    results.sort(key=lambda r: r["mean_ms"])
    return EstimateSettings(**results[0]["settings"]), results


def measure_timing(narrator: Narrator, sentences: list[str], tuned: EstimateSettings) -> dict:
    natural = {"engine_vs_estimate_default": [], "engine_vs_estimate_tuned": []}
    fixed = {"engine_vs_prefix": [], "estimate_vs_prefix": [], "engine_vs_estimate": []}
    for text in sentences:
        # As narrated (the voice's randomness on): estimator against the engine.
        speech = narrator.speak(text)
        engine = [w.start_s for w in speech.words]
        natural["engine_vs_estimate_default"] += errors_ms(estimated_starts(text, speech, DEFAULT_SETTINGS), engine)
        natural["engine_vs_estimate_tuned"] += errors_ms(estimated_starts(text, speech, tuned), engine)
        # Randomness off, so the prefixes are spoken like the full sentence.
        speech = narrator.speak(text, noise_w_scale=0.0, noise_scale=0.0)
        engine = [w.start_s for w in speech.words]
        estimate = estimated_starts(text, speech, DEFAULT_SETTINGS)
        reference = prefix_starts(narrator, text)
        fixed["engine_vs_prefix"] += errors_ms(engine, reference)
        fixed["estimate_vs_prefix"] += errors_ms(estimate, reference)
        fixed["engine_vs_estimate"] += errors_ms(estimate, engine)
    return {"as_narrated": {k: summary(v) for k, v in natural.items()},
            "randomness_off": {k: summary(v) for k, v in fixed.items()}}


def measure_speed() -> dict:
    stories = stories_in("test")[:STORIES_FOR_SPEED]
    runs = []
    with tempfile.TemporaryDirectory() as out:
        for story in stories:
            started = time.perf_counter()
            narrations = narrate_story(list(story.scenes), Path(out) / story.id)
            story_s = time.perf_counter() - started
            audio_s = sum(n.duration_s for n in narrations)
            runs.append({"story": story.id, "audio_s": round(audio_s, 2), "story_s": round(story_s, 2)})
        started = time.perf_counter()
        with Narrator() as narrator:
            startup_s = time.perf_counter() - started
            story = stories[0]
            scene_times = []
            for text in story.scenes:
                started = time.perf_counter()
                speech = narrator.speak(text)
                scene_times.append((len(speech.audio) / speech.sample_rate, time.perf_counter() - started))
    audio = sum(a for a, _ in scene_times)
    compute = sum(c for _, c in scene_times)
    return {
        "stories": runs,
        "median_story_s": round(statistics.median(r["story_s"] for r in runs), 2),
        "voice_startup_s": round(startup_s, 2),
        "synthesis_audio_s_per_compute_s": round(audio / compute, 1),
        "end_to_end_audio_s_per_compute_s": round(sum(r["audio_s"] for r in runs) / sum(r["story_s"] for r in runs), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpu_count": os.cpu_count(),
    }


def write_report(result: dict) -> None:
    (DOCS_DIR / "narration-eval.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    timing, speed = result["timing_test"], result["speed"]

    def row(name: str, s: dict) -> str:
        return (f"| {name} | {s['words']} | {s['mean_ms']} | {s['median_ms']} | {s['p90_ms']} | {s['max_ms']} "
                f"| {s['bias_ms']:+} |")

    natural, fixed = timing["as_narrated"], timing["randomness_off"]
    best = result["tuning_dev"][0]
    default_rank = next(i for i, r in enumerate(result["tuning_dev"]) if r["settings"] == asdict(DEFAULT_SETTINGS))
    lines = [
        "# Narration: voice, word timings and speed",
        "",
        "Reproduce with `python -m taleweaver.sound.evaluate_narration` (about 5 minutes on 2 cores); it rewrites this",
        "page and `narration-eval.json`. The voice's own randomness makes numbers vary a little between runs.",
        "",
        "## How a scene is narrated",
        "",
        "`taleweaver.sound.narration.narrate_story(scene_texts, out_dir)` speaks each scene with piper 1.8.0 and the",
        "joe voice (en_US, medium, 22.05 kHz), both from PyPI, offline, on the CPU. piper is GPL-3.0, so it runs in its",
        "own process (`taleweaver/sound/piper_worker.py`, JSON lines over stdin/stdout); the voice loads once per story.",
        f"Settings (`NarrationSettings`): length scale {NarrationSettings.length_scale} (a little slower than the voice's",
        f"own pace, for young listeners), {NarrationSettings.sentence_silence_s} s of silence between sentences, peaks at",
        "-1 dBFS. Per scene N: `narration-N.wav` (16-bit PCM), `narration-N.ogg` (Vorbis), the reading time, and a",
        "timing (start, end in seconds; character span in the scene text) for every written word.",
        "",
        "**Word timings come from the engine.** piper 1.8.0 can return phoneme alignments, but only for a voice whose",
        "ONNX graph exposes its phoneme durations; it patches the graph with the `onnx` package, which we do not install.",
        "`voice_patch.py` makes the same one-field edit on the protobuf bytes in memory (the voice file is untouched, the",
        "audio is identical). Written words are matched to espeak's phoneme groups by a small dynamic program over",
        "phoneme counts, since espeak glues function words (\"on the\" is one group `ɔnðə`); a glued group is cut",
        "between its words in proportion to their phoneme counts. A voice without a duration tensor falls back to the",
        "**estimator** (`word_timing_estimate.py`): speech start and end from the energy envelope, commas pinned to",
        "silences, and the time between shared among phonemes by weight. `Narration.timing_source` says which was used.",
        "",
        "## Word start-time error",
        "",
        f"Sentences: the first sentence of one scene per story, {MIN_WORDS}-{MAX_WORDS} words; {SENTENCES_PER_SPLIT} from the",
        f"test split for every number below. The estimator was tuned on {SENTENCES_PER_SPLIT} dev-split sentences only.",
        "Absolute error of each word's start time, in milliseconds.",
        "",
        "| comparison | words | mean | median | p90 | max | bias (signed mean) |",
        "|---|---|---|---|---|---|---|",
        row("estimator vs engine, as narrated (shipped settings)", natural["engine_vs_estimate_default"]),
        row("estimator vs engine, as narrated (best settings on dev)", natural["engine_vs_estimate_tuned"]),
        row("estimator vs engine, randomness off", fixed["engine_vs_estimate"]),
        row("engine vs prefix reference, randomness off", fixed["engine_vs_prefix"]),
        row("estimator vs prefix reference, randomness off", fixed["estimate_vs_prefix"]),
        "",
        "The references (see the docstring of `evaluate_narration.py` for details):",
        "",
        "- **engine**: the voice's own phoneme durations. The decoder turns exactly these frames into sound, so they",
        "  are near-true; a boundary is soft by a frame or two (12-23 ms) of decoder context, and the cut inside a",
        "  glued group (\"on|the\") is ours. This is what narration ships.",
        "- **prefix reference**: independent of the engine's durations. Each prefix of the sentence (\"The fox\",",
        "  \"The fox ran\", ...) is spoken with the voice's randomness off; where its speech ends (last 5 ms frame",
        f"  within {-SILENCE_DB:.0f} dB of the peak) is taken as the next word's start. Words after punctuation are",
        "  skipped (the pause's end cannot be seen), as is each first word. Its own error is large: a prefix is said as",
        "  a whole sentence, so its last word is lengthened, and every duration shifts a little with the context. The",
        "  engine-vs-prefix row is therefore mostly the prefix method's own error; it bounds, and does not measure,",
        f"  the engine's. Its bias shows it: the prefix reference is {-fixed['engine_vs_prefix']['bias_ms']:.0f} ms later than the engine on",
        "  average, which is what a lengthened last word does; the estimator, which reads the same audio as the",
        "  engine, shows the same offset.",
        "",
        "Narration ships the engine's timings; the estimator's error against them (first three rows) is what a voice",
        "that cannot report durations would cost.",
        "",
        f"Estimator tuning on dev (grid of {len(result['tuning_dev'])} settings over {', '.join(TUNING_GRID)}): best mean",
        f"{best['mean_ms']} ms with {best['settings']}; the shipped defaults rank {default_rank + 1} with mean",
        f"{result['tuning_dev'][default_rank]['mean_ms']} ms on dev.",
        "",
        "## Speed (this 2-core machine, shared with other work)",
        "",
        f"- synthesis: {speed['synthesis_audio_s_per_compute_s']} s of audio per wall-clock second (the five scenes of",
        f"  test story {speed['stories'][0]['story']}, voice already loaded); voice start-up {speed['voice_startup_s']} s.",
        f"- whole story, end to end (`narrate_story`: start the voice, speak five scenes, write WAV + OGG):",
        f"  median {speed['median_story_s']} s over {len(speed['stories'])} test stories "
        + ", ".join(f"{r['story']} {r['story_s']} s for {r['audio_s']} s of audio" for r in speed["stories"])
        + f"; {speed['end_to_end_audio_s_per_compute_s']} s of audio per second.",
        f"- 1-minute load average when measured: {speed['load_average_1min']} on {speed['cpu_count']} CPUs (other work was",
        "  running), so a quiet machine is faster; rerun the command to measure yours.",
        "",
        "## Limits",
        "",
        "- The engine's timings are phoneme-level; where a glued group is cut between two words is a proportional",
        "  guess (a phoneme or so either way). Numbers and abbreviations are timed as the words espeak reads.",
        "- Word *end* is the end of its last phoneme; the gap before the next word is silence or a pause.",
        "- The estimator is only used for voices that cannot report durations; with this voice it never runs in a story.",
    ]
    (DOCS_DIR / "narration.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    if "--report-only" in sys.argv:  # rewrite the page from the saved numbers, measure nothing
        write_report(json.loads((DOCS_DIR / "narration-eval.json").read_text(encoding="utf-8")))
        return
    started = time.perf_counter()
    with Narrator() as narrator:
        tuned, tuning = tune_estimator(narrator, pick_sentences("dev"))
        print(f"tuned on dev: {tuning[0]}", flush=True)
        timing = measure_timing(narrator, pick_sentences("test"), tuned)
        print(json.dumps(timing, indent=2), flush=True)
    speed = measure_speed()
    print(json.dumps(speed, indent=2), flush=True)
    write_report({"tuning_dev": tuning, "timing_test": timing, "speed": speed,
                  "settings": {"narration": asdict(NarrationSettings()), "estimate": asdict(DEFAULT_SETTINGS)},
                  "minutes": round((time.perf_counter() - started) / 60, 1)})
    print(f"wrote {DOCS_DIR / 'narration.md'}")


if __name__ == "__main__":
    main()
