"""The melody model: a two-layer LSTM over melody tokens, in the spirit of folk-rnn.

At every step the LSTM reads the current token plus four things it is conditioned on:
  - the meter and the mode of the tune (the same for every step),
  - where in the bar the next note would start (ticks, from tokens.bar_positions),
  - the chord of the bar being written (root and quality above the tonic, or "none").
It predicts the next token. The folk tunes carry no chord symbols, so in training the chord is
the triad each bar outlines (harmony.derive_bar_chord), and for a quarter of the tunes it is
hidden ("none") so the model also writes without one; at build time the chord is the one the
part library's progression puts in that bar.

Reads: token lists (+ chords per bar).  Writes: next-token logits.  Saved as models/melody.pt.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn

from taleweaver.sound.melody.harmony import QUALITIES, Chord
from taleweaver.sound.melody.tokens import BAR, METERS, MODES, PAD, TOKEN_ID, VOCAB, bar_positions

MAX_POSITION = 95          # bar positions (ticks) beyond this share one embedding
NO_ROOT = 12               # chord root index for "no chord"
NO_QUALITY = 0             # quality index for "no chord"; 1.. are QUALITIES


@dataclass
class MelodyConfig:
    vocab_size: int = len(VOCAB)
    token_dim: int = 96
    position_dim: int = 32
    chord_dim: int = 16
    style_dim: int = 8      # meter and mode embeddings
    hidden: int = 256
    layers: int = 2
    dropout: float = 0.2


class MelodyLSTM(nn.Module):
    def __init__(self, config: MelodyConfig):
        super().__init__()
        self.config = config
        self.token = nn.Embedding(config.vocab_size, config.token_dim, padding_idx=TOKEN_ID[PAD])
        self.position = nn.Embedding(MAX_POSITION + 1, config.position_dim)
        self.root = nn.Embedding(NO_ROOT + 1, config.chord_dim)
        self.quality = nn.Embedding(len(QUALITIES) + 1, config.chord_dim)
        self.meter = nn.Embedding(len(METERS), config.style_dim)
        self.mode = nn.Embedding(len(MODES), config.style_dim)
        inputs = config.token_dim + config.position_dim + config.chord_dim + 2 * config.style_dim
        self.lstm = nn.LSTM(inputs, config.hidden, config.layers, batch_first=True, dropout=config.dropout)
        self.drop = nn.Dropout(config.dropout)
        self.head = nn.Linear(config.hidden, config.vocab_size)

    def forward(self, batch: dict[str, torch.Tensor], state=None):
        """batch: LongTensors [B, T] named tokens, positions, roots, qualities, meters, modes."""
        x = torch.cat([
            self.token(batch["tokens"]),
            self.position(batch["positions"].clamp(max=MAX_POSITION)),
            self.root(batch["roots"]) + self.quality(batch["qualities"]),
            self.meter(batch["meters"]),
            self.mode(batch["modes"]),
        ], dim=-1)
        out, state = self.lstm(self.drop(x), state)
        return self.head(self.drop(out)), state


def tune_features(tokens: list[str], chords: list[Chord | None] | None) -> dict[str, list[int]]:
    """The model's inputs for one token list; ``chords[i]`` is bar i's chord (None: unknown).

    The chord at a step is the chord of the bar the next note belongs to, i.e. after a bar line
    it is already the next bar's.
    """
    meter, mode = tokens[1][2:], tokens[2][2:]
    roots, qualities, bar = [], [], 0
    for token in tokens:
        bar += token == BAR
        chord = chords[bar] if chords is not None and bar < len(chords) else None
        roots.append(NO_ROOT if chord is None else chord.root)
        qualities.append(NO_QUALITY if chord is None else 1 + QUALITIES.index(chord.quality))
    return {
        "tokens": [TOKEN_ID[t] for t in tokens],
        "positions": bar_positions(tokens),
        "roots": roots,
        "qualities": qualities,
        "meters": [METERS.index(meter)] * len(tokens),
        "modes": [MODES.index(mode)] * len(tokens),
    }


def collate(features: list[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
    """Right-pad a list of tune_features to one batch (padding uses <pad> / zeros)."""
    length = max(len(f["tokens"]) for f in features)
    batch = {}
    for name in features[0]:
        fill = TOKEN_ID[PAD] if name == "tokens" else 0
        batch[name] = torch.tensor([f[name] + [fill] * (length - len(f[name])) for f in features])
    return batch


def save_model(model: MelodyLSTM, path: Path, notes: dict | None = None) -> None:
    """fp16 weights + config: about 2 MB for the default 2x256 model."""
    state = {k: v.half() for k, v in model.state_dict().items()}
    torch.save({"config": asdict(model.config), "state": state, "vocab": list(VOCAB), "notes": notes or {}}, path)


def load_model(path: Path) -> MelodyLSTM:
    if not Path(path).exists():
        raise FileNotFoundError(f"{path} is missing: rebuild it with python -m taleweaver.sound.melody.train")
    saved = torch.load(path, map_location="cpu", weights_only=True)
    if tuple(saved["vocab"]) != VOCAB:
        raise ValueError(f"{path} was trained on another token vocabulary: retrain it")
    model = MelodyLSTM(MelodyConfig(**saved["config"]))
    model.load_state_dict({k: v.float() for k, v in saved["state"].items()})
    return model.eval()
