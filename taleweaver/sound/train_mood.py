"""Fit the mood weights (models/mood.json) on the tuning part of the mood gold set.

    python -m taleweaver.sound.train_mood        # about 30 s on 2 CPU cores

Reads: the tuning part of data/sound/mood_dev.jsonl (mood_gold.py; the held-out part is never
read here), the mood lexicon, spaCy, MiniLM. Writes: models/mood.json (a few tens of kB).

For each axis, two ridge regressions (closed form, numpy): one over the lexicon features, one
over the MiniLM sentence embedding. Their penalties and the weight that blends them are chosen
by 5-fold cross-validation inside the tuning part, folds grouped by story, scored by Spearman
correlation (what the music needs is the order: which scene is calmer, which is happier).
"""

from __future__ import annotations

import hashlib
import json
import time

import numpy as np
from scipy.stats import spearmanr

from taleweaver.sound.mood import AXES, MODEL_PATH, standardize
from taleweaver.sound.mood_features import FEATURE_NAMES, feature_matrix
from taleweaver.sound.mood_gold import MoodExample, gold_part
from taleweaver.sound.mood_lexicon import LEXICON_PATH, load_lexicon

FOLDS = 5
LEXICON_PENALTIES = (1.0, 3.0, 10.0, 30.0, 100.0)
EMBEDDING_PENALTIES = (0.3, 1.0, 3.0, 10.0)
BLENDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def fit_ridge(X: np.ndarray, y: np.ndarray, penalty: float) -> tuple[np.ndarray, float]:
    """Weights and bias minimizing squared error + penalty * |weights|^2 (bias unpenalized)."""
    x_mean, y_mean = X.mean(axis=0), y.mean()
    centered = X - x_mean
    weights = np.linalg.solve(centered.T @ centered + penalty * np.eye(X.shape[1]),
                              centered.T @ (y - y_mean))
    return weights, float(y_mean - x_mean @ weights)


def story_folds(story_ids: list[str]) -> np.ndarray:
    """Fold number per example; all sentences of one story share a fold."""
    return np.array([int(hashlib.sha256(s.encode()).hexdigest(), 16) % FOLDS for s in story_ids])


def out_of_fold(X: np.ndarray, y: np.ndarray, folds: np.ndarray, penalty: float) -> np.ndarray:
    predicted = np.zeros(len(y))
    for fold in np.unique(folds):
        train = folds != fold
        weights, bias = fit_ridge(X[train], y[train], penalty)
        predicted[~train] = X[~train] @ weights + bias
    return predicted


def spearman(a, b) -> float:
    return float(spearmanr(a, b)[0])


def _best_penalty(X, y, folds, penalties):
    scored = {p: spearman(out_of_fold(X, y, folds, p), y) for p in penalties}
    best = max(scored, key=scored.get)
    return best, scored[best], out_of_fold(X, y, folds, best)


def embed(texts: list[str]) -> np.ndarray:
    from taleweaver.story.minilm import sentence_encoder

    return sentence_encoder().encode(texts, normalize_embeddings=True, batch_size=16,
                                     show_progress_bar=False)


def fit_mood_model(examples: list[MoodExample]) -> dict:
    """Choose penalties and blend by grouped cross-validation, then fit on all `examples`."""
    from taleweaver.nlp import english

    lexicon = load_lexicon()
    raw = feature_matrix([doc[:] for doc in english().pipe(ex.text for ex in examples)], lexicon)
    mean, scale = raw.mean(axis=0), raw.std(axis=0)
    scale[scale == 0] = 1.0  # a feature that never fires in training stays at 0, harmlessly
    features = standardize(raw, mean, scale)
    embeddings = embed([ex.text for ex in examples])
    folds = story_folds([ex.story_id for ex in examples])

    model = {"features": list(FEATURE_NAMES), "feature_mean": mean.tolist(),
             "feature_scale": scale.tolist()}
    for axis in AXES:
        y = np.array([getattr(ex, axis) for ex in examples], dtype=float)
        lex_penalty, lex_cv, lex_oof = _best_penalty(features, y, folds, LEXICON_PENALTIES)
        emb_penalty, emb_cv, emb_oof = _best_penalty(embeddings, y, folds, EMBEDDING_PENALTIES)
        blend_cv = {b: spearman((1 - b) * lex_oof + b * emb_oof, y) for b in BLENDS}
        blend = max(blend_cv, key=blend_cv.get)
        lex_weights, lex_bias = fit_ridge(features, y, lex_penalty)
        emb_weights, emb_bias = fit_ridge(embeddings, y, emb_penalty)
        model[axis] = {
            "lexicon_weights": [round(float(w), 6) for w in lex_weights], "lexicon_bias": lex_bias,
            "lexicon_penalty": lex_penalty,
            "embedding_weights": [round(float(w), 6) for w in emb_weights], "embedding_bias": emb_bias,
            "embedding_penalty": emb_penalty, "blend": blend,
            "cv_spearman": {"lexicon": round(lex_cv, 4), "embedding": round(emb_cv, 4),
                            "blend": round(blend_cv[blend], 4)},
        }
    return model


def main() -> None:
    started = time.time()
    examples = gold_part("tune")
    model = fit_mood_model(examples)
    model["trained_on"] = (f"tuning part of data/sound/mood_dev.jsonl: "
                           f"{len(examples)} sentences, {len({e.story_id for e in examples})} stories")
    model["lexicon_sha256"] = hashlib.sha256(LEXICON_PATH.read_bytes()).hexdigest()
    model["seconds"] = round(time.time() - started, 1)
    MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for axis in AXES:
        print(axis, model[axis]["cv_spearman"], "blend", model[axis]["blend"])
    print(f"wrote {MODEL_PATH} in {model['seconds']} s")


if __name__ == "__main__":
    main()
