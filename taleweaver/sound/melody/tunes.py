"""The training tunes: public-domain folk collections from music21's corpus, parsed once.

Collections used (all public domain, shipped inside the installed music21 package, read from
there at run time, never copied into the repository):
  - ``oneills1850``  O'Neill's Music of Ireland (1903, 1,850 melodies)
  - ``ryansMammoth`` Ryan's Mammoth Collection (1883)
  - ``airdsAirs``    Aird's Selection of Scotch, English, Irish and Foreign Airs (1782-1803)
The Essen folksong collection in the same corpus is NOT used: its permission is for
non-commercial use only, and taleweaver is Apache-2.0.

Each tune is transposed so its tonic is C (semitone 0; minor and modal tunes keep their own
final as tonic, so "A dorian" becomes "C dorian"), its octave chosen so the tune sits around
G4, and written as tokens (tokens.py). Parsing is slow (music21 reads about 10-45 tunes a
second), so the result is cached in .cache/melody/tunes.jsonl; ``load_tunes()`` reads the cache
and parses only when it is missing.

Split: by a hash of the normalised title, 80 / 10 / 10 train / dev / test, so two printings of
the same tune (O'Neill's has some) land in the same split. Exact duplicates are dropped.

    python -m taleweaver.sound.melody.tunes      # parse (or re-parse with --force) and count
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from taleweaver.paths import ROOT
from taleweaver.sound.melody.tokens import (
    BAR_TICKS, HIGHEST_PITCH, LONGEST_NOTE, LOWEST_PITCH, MODES, TICKS_PER_QUARTER, Bar, encode,
)

COLLECTIONS = ("oneills1850", "ryansMammoth", "airdsAirs")
CACHE_DIR = ROOT / ".cache" / "melody"
CACHE_PATH = CACHE_DIR / "tunes.jsonl"
SPLITS = ("train", "dev", "test")
CENTER_PITCH = 7  # semitones above the tonic at C4: tunes are moved by octaves to sit around G4


@dataclass(frozen=True)
class Tune:
    source: str          # collection/file.abc
    title: str
    meter: str
    mode: str
    tonic: str           # the written tonic before transposition, e.g. "A"
    tokens: tuple[str, ...]
    split: str


def collection_files() -> list[Path]:
    """The ABC files of the three public-domain collections, from the installed music21."""
    import music21

    root = Path(music21.__file__).parent / "corpus"
    files = sorted(p for name in COLLECTIONS for p in (root / name).glob("*.abc"))
    if not files:
        raise FileNotFoundError(f"no ABC files under {root}/{{{','.join(COLLECTIONS)}}}: is music21 installed?")
    return files


def split_for_title(title: str) -> str:
    key = re.sub(r"[^a-z]+", " ", title.lower()).strip()
    bucket = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def _meter_of(part) -> str | None:
    """The tune's single meter; None when it changes meter or uses one we do not model.

    music21 also turns the ABC ``L:`` unit length into a TimeSignature (1/8, 1/16), so only
    meters we know are counted.
    """
    from music21 import meter

    seen = set()
    for ts in part.recurse().getElementsByClass(meter.TimeSignature):
        ratio = "4/4" if ts.ratioString == "2/2" else ts.ratioString
        if ratio in BAR_TICKS:
            seen.add(ratio)
    return seen.pop() if len(seen) == 1 else None


def _bars_of(part) -> list[list[tuple[int | None, int]]] | None:
    """Measures -> bars of (MIDI pitch or None, ticks); None if a duration is off our tick grid.

    Grace notes are dropped; for the odd double stop the top note is the melody.
    """
    from music21 import stream

    measures = list(part.getElementsByClass(stream.Measure))
    if not measures:  # very short tunes come back unmeasured
        measures = list(part.makeMeasures().getElementsByClass(stream.Measure))
    bars = []
    for measure in measures:
        bar = []
        for element in measure.recurse().notesAndRests:
            quarters = float(element.duration.quarterLength)
            if quarters == 0:
                continue
            ticks = quarters * TICKS_PER_QUARTER
            if abs(ticks - round(ticks)) > 1e-6 or not 1 <= round(ticks) <= LONGEST_NOTE:
                return None
            if element.isRest:
                pitch = None
            elif element.isChord:
                pitch = max(p.midi for p in element.pitches)
            else:
                pitch = element.pitch.midi
            bar.append((pitch, round(ticks)))
        if bar:
            bars.append(bar)
    return bars


def tune_from_score(score, source: str) -> Tune | None:
    """One music21 score -> a Tune, or None when it does not fit our vocabulary."""
    from music21 import key

    part = score.parts[0] if score.parts else score
    keys = list(part.recurse().getElementsByClass(key.Key))
    if not keys or keys[0].mode not in MODES or len({(k.tonic.name, k.mode) for k in keys}) > 1:
        return None  # no key, a mode we do not model (phrygian, lydian: 10 tunes), or a key change
    mode, tonic = keys[0].mode, keys[0].tonic
    meter = _meter_of(part)
    raw_bars = _bars_of(part)
    if meter is None or not raw_bars:
        return None
    midis = [p for bar in raw_bars for p, _ in bar if p is not None]
    if len(midis) < 8:
        return None
    # Move the tonic to a C, choosing the octave that puts the median near G4.
    median = statistics.median(midis)
    shift = min((12 * k - tonic.pitchClass for k in (-1, 0, 1)),
                key=lambda s: abs(median + s - 60 - CENTER_PITCH))
    bars: list[Bar] = [[(None if p is None else p + shift - 60, t) for p, t in bar] for bar in raw_bars]
    if any(p is not None and not LOWEST_PITCH <= p <= HIGHEST_PITCH for bar in bars for p, _ in bar):
        return None
    title = str(score.metadata.title or "") if score.metadata else ""
    return Tune(source=source, title=title, meter=meter, mode=mode, tonic=tonic.name,
                tokens=tuple(encode(bars, meter, mode)), split=split_for_title(title or source))


def parse_abc_file(path: Path) -> list[Tune]:
    """All usable tunes of one ABC file (a file may hold one tune or a whole book)."""
    from music21 import converter, stream

    parsed = converter.parse(str(path), format="abc")
    scores = list(parsed.scores) if isinstance(parsed, stream.Opus) else [parsed]
    source = f"{path.parent.name}/{path.name}"
    return [t for t in (tune_from_score(s, source) for s in scores) if t is not None]


def _parse_or_skip(path: Path) -> list[Tune]:
    try:
        return parse_abc_file(path)
    except Exception as error:  # music21 rejects a handful of malformed transcriptions
        print(f"skipped {path.name}: {type(error).__name__}: {error}", file=sys.stderr)
        return []


def parse_collections(workers: int = 2, log=sys.stderr) -> list[Tune]:
    """Parse every file (in ``workers`` processes; the order of the result does not depend on it)."""
    from multiprocessing import Pool

    tunes, seen = [], set()
    started = time.time()
    files = collection_files()
    with Pool(workers) as pool:
        results = list(_log_progress(pool.imap(_parse_or_skip, files, chunksize=4), len(files), started, log))
    for parsed in results:
        for tune in parsed:
            if tune.tokens not in seen:  # O'Neill's overlapping files repeat some tunes
                seen.add(tune.tokens)
                tunes.append(tune)
    return tunes


def _log_progress(results, total, started, log):
    for i, result in enumerate(results, 1):
        if i % 100 == 0 or i == total:
            print(f"{i}/{total} files, {time.time() - started:.0f} s", file=log)
        yield result


def write_cache(tunes: list[Tune], path: Path = CACHE_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for t in tunes:
            row = {"source": t.source, "title": t.title, "meter": t.meter, "mode": t.mode,
                   "tonic": t.tonic, "split": t.split, "tokens": " ".join(t.tokens)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_cache(path: Path = CACHE_PATH) -> list[Tune]:
    tunes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        tunes.append(Tune(source=row["source"], title=row["title"], meter=row["meter"], mode=row["mode"],
                          tonic=row["tonic"], tokens=tuple(row["tokens"].split()), split=row["split"]))
    return tunes


def load_tunes(split: str | None = None) -> list[Tune]:
    """The cached corpus (parsed on first use, a few minutes), optionally one split of it."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"split {split!r} is not one of {', '.join(SPLITS)}")
    if not CACHE_PATH.exists():
        write_cache(parse_collections())
    tunes = read_cache()
    return [t for t in tunes if split is None or t.split == split]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="re-parse even if the cache exists")
    args = parser.parse_args()
    if args.force or not CACHE_PATH.exists():
        write_cache(parse_collections())
    from collections import Counter

    tunes = read_cache()
    print(f"{len(tunes)} tunes in {CACHE_PATH}")
    for field in ("split", "meter", "mode"):
        print(field, dict(Counter(getattr(t, field) for t in tunes).most_common()))
    print("tokens", sum(len(t.tokens) for t in tunes))


if __name__ == "__main__":
    main()
