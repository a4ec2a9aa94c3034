"""The safety classifier layer: our own small head on the packaged MiniLM sentence embeddings.

Reads one sentence at a time (the whole sentence, so the head sees context: "the star shot
across the sky" and "the pirate shot the parrot" share a verb but not a meaning) and writes a
probability that the sentence breaks the policy in docs/safety.md.

The head is a logistic regression over the 384 numbers MiniLM gives a sentence, trained by
`python -m taleweaver.safety.train_classifier` and stored as plain arrays in
models/safety_classifier.npz (weights, bias, threshold; no pickle), with its settings and
held-out results in models/safety_classifier.json.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from taleweaver.paths import MODELS_DIR
from taleweaver.safety.normalize import normalize

HEAD_PATH = MODELS_DIR / "safety_classifier.npz"

# A sentence ends at . ! or ? (after an optional closing quote) followed by a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’'])\s+")


class ClassifierMissingError(RuntimeError):
    pass


def split_sentences(text: str) -> list[str]:
    """The sentences of a title or scene, as the classifier reads them."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def embed_sentences(sentences: list[str]) -> np.ndarray:
    """MiniLM embeddings (unit length, float32, one row per sentence) of the normalized text,
    so that leetspeak and look-alike letters read the same to the head as plain spelling."""
    from taleweaver.story.minilm import sentence_encoder

    if not sentences:
        return np.zeros((0, 384), dtype=np.float32)
    views = [normalize(s) for s in sentences]
    return sentence_encoder().encode(views, batch_size=64, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False).astype(np.float32)


class SafetyHead:
    """Logistic regression: p(unsafe) = sigmoid(embedding · weights + bias)."""

    def __init__(self, weights: np.ndarray, bias: float, threshold: float):
        if weights.ndim != 1:
            raise ValueError(f"weights must be one vector, got shape {weights.shape}")
        self.weights = weights.astype(np.float32)
        self.bias = float(bias)
        self.threshold = float(threshold)

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(embeddings @ self.weights + self.bias)))

    def save(self, path=HEAD_PATH) -> None:
        np.savez(path, weights=self.weights.astype(np.float16), bias=np.float32(self.bias),
                 threshold=np.float32(self.threshold))

    @classmethod
    def load(cls, path=HEAD_PATH) -> "SafetyHead":
        if not path.exists():
            raise ClassifierMissingError(f"{path} is missing; rebuild it with "
                                         "`python -m taleweaver.safety.train_classifier`")
        with np.load(path) as saved:
            return cls(saved["weights"].astype(np.float32), float(saved["bias"]), float(saved["threshold"]))


@lru_cache(maxsize=1)
def safety_head() -> SafetyHead:
    return SafetyHead.load()


def score_sentences(sentences: list[str]) -> np.ndarray:
    """p(unsafe) for each sentence, in order."""
    return safety_head().probabilities(embed_sentences(sentences))


def flag_sentences(sentences: list[str]) -> list[str]:
    """The reasons for every sentence the head scores at or above its tuned threshold."""
    if not sentences:
        return []
    head = safety_head()
    scores = head.probabilities(embed_sentences(sentences))
    return [f"classifier {score:.2f}: {sentence!r}"
            for sentence, score in zip(sentences, scores) if score >= head.threshold]
