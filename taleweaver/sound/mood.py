"""Scene mood: how exciting (arousal) and how happy (valence) a scene feels, for the music.

Reads: a scene's text; the mood lexicon (data/lexicons/arousal.yaml); the trained weights
(models/mood.json, rebuilt by `python -m taleweaver.sound.train_mood`); the shared spaCy
pipeline; and, unless switched off, the packaged all-MiniLM-L6-v2 sentence encoder.
Writes: a `Mood` per sentence, per scene or per story.

Each sentence gets two predictions per axis, blended with a weight chosen on the tuning part
of the gold set:
  * the lexicon model: a ridge regression over the named features of mood_features.py
    (our arousal lexicon, VADER plus our valence corrections, exclamation marks, shouts...);
  * the embedding model: a ridge regression over the sentence's MiniLM embedding.
`MoodScorer(use_embeddings=False)` keeps the lexicon model alone: no torch, a few
milliseconds a scene, a little less accurate (docs/mood.md has both sets of numbers).

A scene's mood is the mean of its sentences' moods, each weighted by its word count, so a
long calm description is not outvoted by a one-word "Oops!".

Scale: both axes run from 1 to 5 (arousal: 1 calm, 5 exciting; valence: 1 sad, 5 happy), the
scale of the hand labels. `Mood.signed()` gives the same point on -1..+1 (0 = neutral).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from taleweaver.paths import MODELS_DIR
from taleweaver.sound.mood_features import FEATURE_NAMES, feature_matrix
from taleweaver.sound.mood_lexicon import load_lexicon

MODEL_PATH = MODELS_DIR / "mood.json"
AXES = ("arousal", "valence")
LOWEST, HIGHEST = 1.0, 5.0
# Scenes are a few sentences; anything longer than this is scored on its beginning only, so
# a runaway text cannot stall the sound stage (spaCy itself refuses 1,000,000 characters).
MAX_SCENE_CHARS = 20_000


@dataclass(frozen=True)
class Mood:
    """arousal: 1 calm .. 5 exciting; valence: 1 sad .. 5 happy; 3 is neutral on both."""

    arousal: float
    valence: float

    def signed(self) -> tuple[float, float]:
        """(arousal, valence) on -1..+1, 0 neutral: (x - 3) / 2."""
        return ((self.arousal - 3) / 2, (self.valence - 3) / 2)

    def as_dict(self) -> dict[str, float]:
        return {key: round(value, 3) for key, value in asdict(self).items()}


NEUTRAL = Mood(3.0, 3.0)


class MoodModelMissingError(RuntimeError):
    """models/mood.json is missing or was trained on another version of the lexicon."""


def standardize(rows: np.ndarray, mean, scale) -> np.ndarray:
    """Features on the training set's scale. A sentence far outside anything seen in training
    (ten exclamation marks) should not push the line off the chart: each feature is capped at
    4 standard deviations, in training and in scoring alike."""
    return np.clip((rows - np.asarray(mean)) / np.asarray(scale), -4, 4)


def _check_text(text, what: str = "scene text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a str, got {type(text).__name__}")
    return text[:MAX_SCENE_CHARS]


class MoodScorer:
    """Scores sentences, scenes and stories with the trained weights in models/mood.json."""

    def __init__(self, model_path: Path = MODEL_PATH, use_embeddings: bool = True):
        if not Path(model_path).exists():
            raise MoodModelMissingError(f"{model_path} is missing; rebuild it with "
                                        "`python -m taleweaver.sound.train_mood`")
        self.model = json.loads(Path(model_path).read_text(encoding="utf-8"))
        if tuple(self.model["features"]) != FEATURE_NAMES:
            raise MoodModelMissingError(f"{model_path} was trained on other features; rebuild it "
                                        "with `python -m taleweaver.sound.train_mood`")
        self.use_embeddings = use_embeddings
        self.lexicon = load_lexicon()

    def _predict(self, spans: list) -> list[Mood]:
        features = standardize(feature_matrix(spans, self.lexicon),
                               self.model["feature_mean"], self.model["feature_scale"])
        embeddings = None
        if self.use_embeddings:
            from taleweaver.story.minilm import sentence_encoder

            embeddings = sentence_encoder().encode([s.text for s in spans], normalize_embeddings=True,
                                                   batch_size=16, show_progress_bar=False)
        values = {}
        for axis in AXES:
            weights = self.model[axis]
            score = features @ np.array(weights["lexicon_weights"]) + weights["lexicon_bias"]
            if embeddings is not None:
                from_embedding = embeddings @ np.array(weights["embedding_weights"]) + weights["embedding_bias"]
                score = (1 - weights["blend"]) * score + weights["blend"] * from_embedding
            values[axis] = np.clip(score, LOWEST, HIGHEST)
        return [Mood(float(a), float(v)) for a, v in zip(values["arousal"], values["valence"])]

    def score_sentences(self, sentences: list[str]) -> list[Mood]:
        """One Mood per given sentence (each string is scored as one sentence)."""
        texts = [_check_text(s, "sentence") for s in sentences]
        from taleweaver.nlp import english

        spans = [doc[:] for doc in english().pipe(texts)]
        # A sentence without a single word ("", "...!") is neutral rather than guessed at.
        wordy = [i for i, span in enumerate(spans) if any(t.is_alpha for t in span)]
        moods = [NEUTRAL] * len(texts)
        if wordy:
            for i, mood in zip(wordy, self._predict([spans[i] for i in wordy])):
                moods[i] = mood
        return moods

    def score_scenes(self, texts: list[str]) -> list[Mood]:
        """One Mood per scene text: its sentences' moods, averaged by word count. An empty
        scene is NEUTRAL."""
        from taleweaver.nlp import english

        texts = [_check_text(t) for t in texts]
        sentences, owners, sizes = [], [], []
        for scene_no, doc in enumerate(english().pipe(texts)):
            for sentence in doc.sents:
                size = sum(1 for t in sentence if t.is_alpha)
                if size:
                    sentences.append(sentence)
                    owners.append(scene_no)
                    sizes.append(size)
        moods = self._predict(sentences) if sentences else []
        result = []
        for scene_no in range(len(texts)):
            mine = [(m, n) for m, o, n in zip(moods, owners, sizes) if o == scene_no]
            if not mine:
                result.append(NEUTRAL)
                continue
            total = sum(n for _, n in mine)
            result.append(Mood(sum(m.arousal * n for m, n in mine) / total,
                               sum(m.valence * n for m, n in mine) / total))
        return result


@lru_cache(maxsize=2)
def default_scorer(use_embeddings: bool = True) -> MoodScorer:
    return MoodScorer(use_embeddings=use_embeddings)


def score_sentence(text: str, use_embeddings: bool = True) -> Mood:
    return default_scorer(use_embeddings).score_sentences([text])[0]


def score_scene(text: str, use_embeddings: bool = True) -> Mood:
    """The mood of one scene's text, on 1..5 for both axes (see Mood)."""
    return default_scorer(use_embeddings).score_scenes([text])[0]


def score_story(scenes, use_embeddings: bool = True) -> list[Mood]:
    """One Mood per scene. `scenes` is a Story, a list of Scene objects or a list of str."""
    scenes = getattr(scenes, "scenes", scenes)
    if isinstance(scenes, str):
        raise TypeError("score_story takes a list of scenes; for one scene text use score_scene")
    texts = [getattr(scene, "text", scene) for scene in scenes]
    return default_scorer(use_embeddings).score_scenes(texts)
