"""The coherence ranker: a Transformer that scores how coherent a story is (characters stay
who they are, events follow on, nothing repeats or contradicts), from 0 to 1.

It is the packaged all-MiniLM-L6-v2 encoder with its top layers fine-tuned and a small head
on the mean-pooled tokens, trained on real corpus stories against UNION-style perturbations
(train_ranker.py). Only the fine-tuned layers and the head are stored (models/ranker.pt); the
rest is the packaged MiniLM. The generator keeps the best-ranked candidate; the evaluation
uses the same score as its quality measure.
"""

from __future__ import annotations

import torch
from torch import nn

from taleweaver.paths import MODELS_DIR
from taleweaver.story.lm import ModelMissingError
from taleweaver.story.minilm import minilm_path

RANKER_PATH = MODELS_DIR / "ranker.pt"
MAX_TOKENS = 384  # our stories run 200-330 MiniLM tokens


def story_text(title: str, scenes: list[str]) -> str:
    return title + ". " + " ".join(scenes)


class CoherenceModel(nn.Module):
    def __init__(self, trained_layers: int = 2):
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(minilm_path()))
        self.head = nn.Sequential(nn.Dropout(0.1), nn.Linear(self.encoder.config.hidden_size, 1))
        self.trained_layers = trained_layers
        for p in self.encoder.parameters():
            p.requires_grad = False
        for layer in self.encoder.encoder.layer[-trained_layers:]:
            for p in layer.parameters():
                p.requires_grad = True

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.head(pooled).squeeze(-1)

    def trained_state(self) -> dict[str, torch.Tensor]:
        names = {n for n, p in self.named_parameters() if p.requires_grad}
        return {n: t.detach().half() for n, t in self.state_dict().items() if n in names}


class CoherenceRanker:
    """Loads models/ranker.pt once; `score` rates stories from 0 (incoherent) to 1."""

    def __init__(self, path=RANKER_PATH, threads: int = 2):
        from transformers import AutoTokenizer

        if not path.exists():
            raise ModelMissingError(f"the coherence ranker {path.name} is missing; rebuild it with "
                                    "`make models` (see models/README.md)")
        saved = torch.load(path, map_location="cpu", weights_only=True)
        torch.set_num_threads(threads)
        self.model = CoherenceModel(trained_layers=int(saved["trained_layers"]))
        missing = set(saved["state"]) - set(self.model.state_dict())
        if missing:
            raise ModelMissingError(f"{path.name} does not match MiniLM: {sorted(missing)[:3]}")
        self.model.load_state_dict({k: v.float() for k, v in saved["state"].items()}, strict=False)
        self.model.eval()
        self.tokenizer = AutoTokenizer.from_pretrained(str(minilm_path()))

    @torch.no_grad()
    def score_texts(self, texts: list[str]) -> list[float]:
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        return torch.sigmoid(self.model(batch["input_ids"], batch["attention_mask"])).tolist()

    def score(self, title: str, scenes: list[str]) -> float:
        return self.score_texts([story_text(title, scenes)])[0]
