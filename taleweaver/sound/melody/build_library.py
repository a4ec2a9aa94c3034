"""Write the melody library: melodies for every progression of the part library, offline.

    python -m taleweaver.sound.melody.build_library     # -> data/music/melodies.jsonl

For each progression in data/music/progressions.yaml and each register (library.REGISTERS), the
model samples CANDIDATES melodies of exactly that many bars, in the progression's meter and mode,
fitted to its chords (sample.sample_fitted: chord tones on strong beats, only scale notes, full
bars). The candidates that pass the filters below are ranked by how natural the model finds
them plus how much of their time sits on chord tones, and the best PER_CELL distinct ones are
kept. Seeded per progression and register, so a rebuild with the same model writes the same file.

Filters: range at most 18 semitones (an octave and a half), in-scale rate >= 0.95, no bar
played more than twice in a row, every bar complete, at least two different pitches per
two bars on average (no drones).
"""

from __future__ import annotations

import argparse
import json
import time
import zlib
from pathlib import Path

import torch
import yaml

from taleweaver.paths import DATA_DIR, MODELS_DIR
from taleweaver.sound.melody import metrics
from taleweaver.sound.melody.harmony import chord_from_numeral
from taleweaver.sound.melody.library import LIBRARY_PATH, REGISTERS
from taleweaver.sound.melody.model import MelodyLSTM, load_model
from taleweaver.sound.melody.sample import Sampled, sample_fitted
from taleweaver.sound.melody.tokens import TICKS_PER_QUARTER

PROGRESSIONS_PATH = DATA_DIR / "music" / "progressions.yaml"
CANDIDATES = 16
PER_CELL = 5
MAX_ROUNDS = 4          # sampling rounds per cell before giving up on filling it
TEMPERATURE = 0.9
MAX_RANGE = 18
MIN_IN_SCALE = 0.95
MAX_BAR_RUN = 2
THREADS = 1  # see train.THREADS: one thread is faster on the shared machine


def passes_filters(bars, meter: str, mode: str) -> bool:
    distinct = len(set(metrics.pitches(bars)))
    return (metrics.pitch_range(bars) <= MAX_RANGE
            and metrics.in_scale_rate(bars, mode) >= MIN_IN_SCALE
            and metrics.longest_bar_run(bars) <= MAX_BAR_RUN
            and metrics.complete_bar_share(bars, meter) == 1.0
            and distinct >= max(2, len(bars) // 2))


def melodies_for_cell(model: MelodyLSTM, progression: dict, register: str) -> list[dict]:
    """The best PER_CELL distinct filtered melodies for one progression in one register."""
    meter, mode = progression["meter"], progression["mode"]
    chords = [chord_from_numeral(c, mode) for c in progression["chords"]]
    seed = zlib.crc32(f"{progression['id']}/{register}".encode())
    generator = torch.Generator().manual_seed(seed)
    kept: dict[tuple, tuple[float, Sampled]] = {}
    for _ in range(MAX_ROUNDS):
        for s in sample_fitted(model, meter, mode, chords, REGISTERS[register], CANDIDATES,
                               temperature=TEMPERATURE, generator=generator):
            if passes_filters(s.bars, meter, mode):
                key = tuple(tuple(bar) for bar in s.bars)
                kept[key] = (s.mean_logprob + metrics.chord_tone_rate(s.bars, chords), s)
        if len(kept) >= PER_CELL:
            break
    best = sorted(kept.values(), key=lambda pair: -pair[0])[:PER_CELL]
    rows = []
    for n, (_, s) in enumerate(best, 1):
        notes = metrics.pitches(s.bars)
        rows.append({
            "id": f"{progression['id']}.{register}.{n}", "progression_id": progression["id"],
            "meter": meter, "mode": mode, "register": register, "chords": progression["chords"],
            "ticks_per_quarter": TICKS_PER_QUARTER, "lowest": min(notes), "highest": max(notes),
            "chord_tone_rate": round(metrics.chord_tone_rate(s.bars, chords), 3),
            "mean_logprob": round(s.mean_logprob, 3),
            "bars": [[[p, t] for p, t in bar] for bar in s.bars],
        })
    return rows


def build_library(model: MelodyLSTM, progressions: list[dict], log=print) -> list[dict]:
    rows, started = [], time.time()
    for i, progression in enumerate(progressions, 1):
        for register in REGISTERS:
            cell = melodies_for_cell(model, progression, register)
            if len(cell) < PER_CELL:
                log(f"  {progression['id']} / {register}: only {len(cell)} melodies passed the filters")
            rows.extend(cell)
        log(f"{i}/{len(progressions)} {progression['id']}: {len(rows)} melodies, {time.time() - started:.0f} s")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=MODELS_DIR / "melody.pt")
    parser.add_argument("--out", type=Path, default=LIBRARY_PATH)
    args = parser.parse_args()
    torch.set_num_threads(THREADS)
    progressions = yaml.safe_load(PROGRESSIONS_PATH.read_text(encoding="utf-8"))
    rows = build_library(load_model(args.model), progressions)
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, separators=(",", ":")) + "\n")
    print(f"wrote {len(rows)} melodies to {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
