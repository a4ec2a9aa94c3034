"""The melody vocabulary: a tune as a flat list of word-like tokens, in the spirit of folk-rnn.

A tune is written in a key-free way: every pitch is counted in semitones from the tune's tonic
(the tonic itself sits at 0 = "C4" after transposition), every duration in ticks of a twelfth of
a quarter note (so sixteenths = 3, eighth-note triplets = 4, dotted quarters = 18 all fit).

    <s> M:6/8 K:dorian | n7 d6 n5 d6 n3 d6 n0 d18 | r d6 ... | </s>

- ``M:``  meter and ``K:`` mode come first: they are what the model is conditioned on;
- ``|``   closes a bar (a bar may be short: pickups and section lead-ins are kept as written);
- ``nK``  a note K semitones above the tonic (K may be negative), always followed by ``dT``;
- ``r``   a rest, followed by ``dT``.

Reads: lists of bars of (pitch or None, ticks).  Writes: token lists, and back.
"""

from __future__ import annotations

TICKS_PER_QUARTER = 12

# Ticks in one full bar of each meter the corpus tunes use ("C|" = 2/2 is read as 4/4: same bar).
BAR_TICKS = {
    "2/4": 24, "3/4": 36, "4/4": 48, "3/8": 18, "6/8": 36, "9/8": 54, "12/8": 72, "6/4": 72, "3/2": 72,
}
METERS = tuple(BAR_TICKS)
MODES = ("major", "minor", "dorian", "mixolydian")
LOWEST_PITCH, HIGHEST_PITCH = -12, 36   # semitones from the tonic at C4: C3 .. C7
LONGEST_NOTE = 72                       # ticks: a dotted whole note

BOS, EOS, PAD, BAR, REST = "<s>", "</s>", "<pad>", "|", "r"

VOCAB: tuple[str, ...] = (
    (PAD, BOS, EOS, BAR, REST)
    + tuple(f"M:{m}" for m in METERS)
    + tuple(f"K:{k}" for k in MODES)
    + tuple(f"n{p}" for p in range(LOWEST_PITCH, HIGHEST_PITCH + 1))
    + tuple(f"d{t}" for t in range(1, LONGEST_NOTE + 1))
)
TOKEN_ID = {tok: i for i, tok in enumerate(VOCAB)}

# A bar is a list of (pitch, ticks); pitch is semitones from the tonic, None for a rest.
Bar = list[tuple[int | None, int]]


def is_pitch(token: str) -> bool:
    return token.startswith("n") or token == REST


def is_duration(token: str) -> bool:
    return token.startswith("d")


def pitch_of(token: str) -> int | None:
    return None if token == REST else int(token[1:])


def ticks_of(token: str) -> int:
    return int(token[1:])


def encode(bars: list[Bar], meter: str, mode: str) -> list[str]:
    """Bars of (pitch, ticks) -> tokens, with the meter and mode up front."""
    if meter not in BAR_TICKS:
        raise ValueError(f"meter {meter!r} is not one of {', '.join(METERS)}")
    if mode not in MODES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    tokens = [BOS, f"M:{meter}", f"K:{mode}"]
    for bar in bars:
        for pitch, ticks in bar:
            if not 1 <= ticks <= LONGEST_NOTE:
                raise ValueError(f"a note lasts {ticks} ticks; allowed 1..{LONGEST_NOTE}")
            if pitch is None:
                tokens.append(REST)
            elif LOWEST_PITCH <= pitch <= HIGHEST_PITCH:
                tokens.append(f"n{pitch}")
            else:
                raise ValueError(f"pitch {pitch} is outside {LOWEST_PITCH}..{HIGHEST_PITCH} semitones")
            tokens.append(f"d{ticks}")
        tokens.append(BAR)
    tokens.append(EOS)
    return tokens


def decode(tokens: list[str]) -> tuple[str, str, list[Bar]]:
    """Tokens -> (meter, mode, bars). Stops at </s>; a last bar without ``|`` is kept."""
    if len(tokens) < 3 or tokens[0] != BOS or not tokens[1].startswith("M:") or not tokens[2].startswith("K:"):
        raise ValueError("a melody starts with <s> M:<meter> K:<mode>")
    meter, mode = tokens[1][2:], tokens[2][2:]
    bars: list[Bar] = []
    bar: Bar = []
    pitch: int | None = None
    expecting_duration = False
    for token in tokens[3:]:
        if token == EOS:
            break
        if expecting_duration:
            if not is_duration(token):
                raise ValueError(f"a note must be followed by its duration, got {token!r}")
            bar.append((pitch, ticks_of(token)))
            expecting_duration = False
        elif token == BAR:
            bars.append(bar)
            bar = []
        elif is_pitch(token):
            pitch, expecting_duration = pitch_of(token), True
        else:
            raise ValueError(f"unexpected token {token!r} where a note, rest or bar line belongs")
    if bar:
        bars.append(bar)
    return meter, mode, bars


def bar_positions(tokens: list[str]) -> list[int]:
    """For each token: where in its bar (ticks) the next note would start once it is read.

    A pitch token does not move time on; its duration token does; a bar line goes back to 0.
    The model gets this as an input, so it always knows the beat it is writing on.
    """
    positions, position = [], 0
    for token in tokens:
        if token == BAR:
            position = 0
        elif is_duration(token):
            position += ticks_of(token)
        positions.append(position)
    return positions
