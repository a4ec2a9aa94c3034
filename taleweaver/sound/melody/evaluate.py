"""Measure the melody model and the library it wrote; fill in the results of docs/melody.md.

    python -m taleweaver.sound.melody.evaluate      # about 5 minutes on 2 shared cores

1. Held-out likelihood: per-token negative log-likelihood (nats) on the TEST tunes of
   - the LSTM with no chord given (the fair comparison: it sees only the tokens so far, the
     meter and the mode, exactly what the n-gram sees);
   - the LSTM given each bar's derived chord (not comparable: that chord was read off the
     whole bar, so it carries a little of the future; shown for what conditioning buys);
   - an interpolated Kneser-Ney n-gram; its order and discount are chosen on the DEV tunes.
2. Free samples: SAMPLES_PER_CELL melodies per meter x mode, nothing masked, up to 16 bars:
   grammar validity, in-scale rate, range, complete bars, beats with an onset, repetition;
   the first 16 bars of the test tunes are measured the same way for reference.
3. The library (data/music/melodies.jsonl): the same measures plus the chord-tone rate.
"""

from __future__ import annotations

import json
import re
import statistics
import time

import torch

from taleweaver.paths import DOCS_DIR, MODELS_DIR
from taleweaver.sound.melody import metrics
from taleweaver.sound.melody.harmony import chord_from_numeral
from taleweaver.sound.melody.library import load_library
from taleweaver.sound.melody.model import load_model
from taleweaver.sound.melody.ngram import KneserNey
from taleweaver.sound.melody.sample import sample_free
from taleweaver.sound.melody.tokens import decode
from taleweaver.sound.melody.train import mean_nll
from taleweaver.sound.melody.tunes import load_tunes

REPORT_PATH = DOCS_DIR / "melody.md"
RESULTS_PATH = DOCS_DIR / "melody-eval.json"
NGRAM_ORDERS = (3, 4, 5, 6)
NGRAM_DISCOUNTS = (0.6, 0.75, 0.9)
SAMPLE_METERS = ("4/4", "3/4", "6/8")
SAMPLE_MODES = ("major", "minor", "dorian", "mixolydian")
SAMPLES_PER_CELL = 20
SEED = 7
MEASURES = ("in_scale_rate", "pitch_range", "complete_bar_share", "beat_onset_share",
            "longest_bar_run", "repeated_bar_share", "notes_per_bar")


def likelihoods(model, log=print) -> dict:
    train, dev, test = (load_tunes(s) for s in ("train", "dev", "test"))
    seqs = {name: [list(t.tokens) for t in tunes] for name, tunes in (("train", train), ("dev", dev), ("test", test))}
    best = None
    for order in NGRAM_ORDERS:
        ngram = KneserNey(order).fit(seqs["train"])
        for discount in NGRAM_DISCOUNTS:
            ngram.discount = discount
            dev_nll = ngram.nll(seqs["dev"])
            log(f"  {order}-gram, discount {discount}: dev {dev_nll:.4f}")
            if best is None or dev_nll < best[0]:
                best = (dev_nll, order, discount)
    _, order, discount = best
    ngram = KneserNey(order, discount).fit(seqs["train"])
    return {
        "tunes": {"train": len(train), "dev": len(dev), "test": len(test)},
        "test_tokens": sum(len(s) - 3 for s in seqs["test"]),
        "lstm_no_chords": mean_nll(model, test, with_chords=False),
        "lstm_with_derived_chords": mean_nll(model, test, with_chords=True),
        "lstm_dev_no_chords": mean_nll(model, dev, with_chords=False),
        "ngram": ngram.nll(seqs["test"]),
        "ngram_order": order,
        "ngram_discount": discount,
    }


def summarize(rows: list[dict]) -> dict[str, float]:
    return {name: statistics.fmean(r[name] for r in rows) for name in rows[0]} if rows else {}


def free_samples(model) -> dict:
    generator = torch.Generator().manual_seed(SEED)
    rows, valid, total, per_cell = [], 0, 0, {}
    for meter in SAMPLE_METERS:
        for mode in SAMPLE_MODES:
            cell = []
            for s in sample_free(model, meter, mode, SAMPLES_PER_CELL, max_bars=16, generator=generator):
                total += 1
                if s.bars:
                    valid += 1
                    cell.append(metrics.describe(s.bars, meter, mode))
            rows.extend(cell)
            per_cell[f"{meter} {mode}"] = summarize(cell)
    return {"samples": total, "grammar_valid_share": valid / total, "mean": summarize(rows), "per_cell": per_cell}


def reference_tunes() -> dict:
    rows = []
    for tune in load_tunes("test"):
        meter, mode, bars = decode(list(tune.tokens))
        rows.append(metrics.describe(bars[:16], meter, mode))
    return {"tunes": len(rows), "mean": summarize(rows)}


def library_measures() -> dict:
    try:
        library = load_library()
    except FileNotFoundError:
        return {}
    rows = []
    for m in library:
        bars = [list(bar) for bar in m.bars]
        row = metrics.describe(bars, m.meter, m.mode)
        row["chord_tone_rate"] = metrics.chord_tone_rate(bars, [chord_from_numeral(c, m.mode) for c in m.chords])
        rows.append(row)
    return {"melodies": len(library), "progressions": len({m.progression_id for m in library}),
            "mean": summarize(rows), "max_pitch_range": max(r["pitch_range"] for r in rows),
            "min_in_scale_rate": min(r["in_scale_rate"] for r in rows)}


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def results_markdown(results: dict) -> str:
    nll, free, ref, lib = results["nll"], results["free"], results["reference"], results["library"]
    lines = [
        f"Model `models/melody.pt` ({results['model_mb']:.1f} MB, {results['parameters']:,} parameters). "
        f"Tunes: {nll['tunes']['train']} train / {nll['tunes']['dev']} dev / {nll['tunes']['test']} test; "
        f"{nll['test_tokens']:,} scored test tokens.",
        "",
        "**Held-out per-token negative log-likelihood (test tunes, nats; lower is better)**",
        "",
        "| model | test NLL | perplexity |",
        "|---|---|---|",
        f"| Kneser-Ney {nll['ngram_order']}-gram (discount {nll['ngram_discount']}, both chosen on dev) "
        f"| {nll['ngram']:.3f} | {2.718281828 ** nll['ngram']:.2f} |",
        f"| LSTM, no chord given (fair comparison) | {nll['lstm_no_chords']:.3f} | {2.718281828 ** nll['lstm_no_chords']:.2f} |",
        f"| LSTM, given each bar's derived chord (not comparable: sees the bar's harmony) "
        f"| {nll['lstm_with_derived_chords']:.3f} | {2.718281828 ** nll['lstm_with_derived_chords']:.2f} |",
        "",
        "**Melodies** (means; free = the model sampled at temperature 1 with nothing masked, "
        f"{free['samples']} samples over 3 meters x 4 modes, up to 16 bars; "
        f"{free['grammar_valid_share']:.1%} were well-formed token sequences and are measured)",
        "",
        "| measure | test tunes (first 16 bars) | free samples | library |",
        "|---|---|---|---|",
    ]
    for name in MEASURES:
        lines.append(f"| {name} | {_fmt(ref['mean'].get(name, ''))} | {_fmt(free['mean'].get(name, ''))} "
                     f"| {_fmt(lib.get('mean', {}).get(name, ''))} |")
    if lib:
        lines += [f"| chord_tone_rate (share of note time on the bar's chord) | | | {lib['mean']['chord_tone_rate']:.3f} |",
                  "",
                  f"Library: {lib['melodies']} melodies for {lib['progressions']} progressions; widest range "
                  f"{lib['max_pitch_range']} semitones, lowest in-scale rate {lib['min_in_scale_rate']:.3f}."]
    lines += ["", "Free samples per meter and mode (in-scale rate / complete bars / beats with an onset):", "",
              "| cell | in-scale | complete bars | beat onsets |", "|---|---|---|---|"]
    for cell, row in free["per_cell"].items():
        if row:
            lines.append(f"| {cell} | {row['in_scale_rate']:.3f} | {row['complete_bar_share']:.3f} "
                         f"| {row['beat_onset_share']:.3f} |")
    lines += ["", f"Evaluation took {results['seconds']} s (`python -m taleweaver.sound.melody.evaluate`)."]
    return "\n".join(lines)


def main() -> None:
    torch.set_num_threads(1)  # see train.THREADS: one thread is faster on the shared machine
    started = time.time()
    model_path = MODELS_DIR / "melody.pt"
    model = load_model(model_path)
    print("likelihoods ...")
    results = {"nll": likelihoods(model)}
    print("samples ...")
    results["free"] = free_samples(model)
    results["reference"] = reference_tunes()
    results["library"] = library_measures()
    results["model_mb"] = model_path.stat().st_size / 1e6
    results["parameters"] = sum(p.numel() for p in model.parameters())
    results["seconds"] = round(time.time() - started)
    RESULTS_PATH.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    report = REPORT_PATH.read_text(encoding="utf-8")
    block = f"<!-- results:start -->\n{results_markdown(results)}\n<!-- results:end -->"
    report = re.sub(r"<!-- results:start -->.*<!-- results:end -->", lambda _: block, report, flags=re.S)
    REPORT_PATH.write_text(report, encoding="utf-8")
    print(results_markdown(results))


if __name__ == "__main__":
    main()
