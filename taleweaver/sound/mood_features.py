"""What a sentence shows about its mood, as a row of named numbers.

Reads: one spaCy sentence span (from `taleweaver.nlp.english()`), the mood lexicon
(data/lexicons/arousal.yaml) and VADER. Writes: a dict {feature name: float} in the order of
FEATURE_NAMES, which `mood.py` weighs with the trained weights in models/mood.json.

The arousal features come from our lexicon and from how a sentence is written (shouts,
exclamation marks, sound words, repeated words); the valence features are VADER's scores plus
the same words re-scored with our children's-story corrections, where a negated word ("not
happy") counts against the mood it names.
"""

from __future__ import annotations

import math

import numpy as np
from functools import lru_cache

from taleweaver.sound.mood_lexicon import MoodLexicon

FEATURE_NAMES = (
    # arousal side
    "arousal_mean",       # mean of (value - 3) over lexicon words, 0 when none
    "arousal_peak",       # the most exciting word's (value - 3), 0 when none above 3
    "arousal_dip",        # the calmest word's (value - 3), 0 when none below 3
    "exciting_words",     # how many words of arousal 4 or 5
    "calm_words",         # how many words of arousal 1 or 2
    "exclamations",       # '!' count
    "questions",          # '?' count
    "shouted_words",      # words in capitals (BOOM, WHOOSH), "I" aside
    "sound_words",        # onomatopoeia (splash, boing, hoo)
    "repeated_words",     # "up, up, up", "waited and waited"
    "intensifiers",       # so, very, super...
    "log_words",          # log of the word count
    "commas",             # lists of actions ("danced, bleated and played") read as busy
    "speech",             # 1 when the sentence holds quoted speech
    # valence side
    "vader_compound",
    "vader_positive",
    "vader_negative",
    "valence_mean",       # mean of our corrected word valences (VADER scale / 4), 0 when none
    "valence_low",        # the saddest word, 0 when none below 0
    "valence_high",       # the happiest word, 0 when none above 0
    "negations",          # not, never, nobody...: in these stories mostly a problem
    "but",                # "but" usually turns the mood down
)

# A word this close after a negation counts against the mood it names (VADER looks 3 back).
NEGATION_REACH = 3
# VADER's own factor for a negated word.
NEGATED_VALENCE = -0.74


@lru_cache(maxsize=1)
def vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _lookup(token, table: dict[str, float]) -> float | None:
    """A lexicon value by lemma first ("giggled" -> giggle), then by the word as written."""
    for key in (token.lemma_.lower(), token.lower_):
        if key in table:
            return table[key]
    return None


def _word_valence(token, lexicon: MoodLexicon) -> float | None:
    """Our correction wins; otherwise VADER's own value for the word or its lemma."""
    ours = _lookup(token, lexicon.valence)
    if ours is not None:
        return ours
    vader_words = vader().lexicon
    for key in (token.lower_, token.lemma_.lower()):
        if key in vader_words:
            return vader_words[key]
    return None


def _is_negated(token, words: list, position: int, lexicon: MoodLexicon) -> bool:
    before = words[max(0, position - NEGATION_REACH):position]
    return any(w.lower_ in lexicon.negations for w in before)


def _matches(token, word: str) -> bool:
    return word in (token.lower_, token.lemma_.lower())


def _phrase_arousal(words: list, lexicon: MoodLexicon) -> dict[int, float | None]:
    """Arousal of multiword phrases ("fast asleep" -> 1), keyed by the phrase's first word
    position; its other positions map to None so that their words are not scored again."""
    found: dict[int, float | None] = {}
    for start in range(len(words)):
        if start in found:
            continue
        for phrase, value in lexicon.arousal_phrases.items():
            end = start + len(phrase)
            if end <= len(words) and all(_matches(words[start + i], w) for i, w in enumerate(phrase)):
                found[start] = value
                found.update({i: None for i in range(start + 1, end)})
                break
    return found


def sentence_features(sentence, lexicon: MoodLexicon) -> dict[str, float]:
    """Feature row for one sentence (a spaCy Span or Doc)."""
    words = [t for t in sentence if t.is_alpha or ("-" in t.text and any(c.isalpha() for c in t.text))]
    phrases = _phrase_arousal(words, lexicon)
    deviations, valences = [], []
    for position, token in enumerate(words):
        arousal = phrases[position] if position in phrases else _lookup(token, lexicon.arousal)
        if arousal is not None:
            deviation = arousal - 3
            if position and words[position - 1].lower_ in lexicon.intensifiers:
                deviation *= 1.5  # "so loud", "very still": further from neutral either way
            deviations.append(deviation)
        valence = _word_valence(token, lexicon)
        if valence is not None:
            if _is_negated(token, words, position, lexicon):
                valence *= NEGATED_VALENCE
            valences.append(valence / 4)

    lowered = [w.lower_ for w in words]
    repeated = sum(1 for i, w in enumerate(lowered)
                   if len(w) > 1 and w in lowered[max(0, i - 3):i] and w not in ("the", "and", "a"))
    text = sentence.text
    scores = vader().polarity_scores(text)
    return {
        "arousal_mean": sum(deviations) / len(deviations) if deviations else 0.0,
        "arousal_peak": max([d for d in deviations if d > 0], default=0.0),
        "arousal_dip": min([d for d in deviations if d < 0], default=0.0),
        "exciting_words": float(sum(d >= 1 for d in deviations)),
        "calm_words": float(sum(d <= -1 for d in deviations)),
        "exclamations": float(text.count("!")),
        "questions": float(text.count("?")),
        "shouted_words": float(sum(1 for w in words if len(w.text) > 1 and w.text.isupper())),
        "sound_words": float(sum(1 for w in lowered if w in lexicon.sound_words)),
        "repeated_words": float(repeated),
        "intensifiers": float(sum(1 for w in lowered if w in lexicon.intensifiers)),
        "log_words": math.log(1 + len(words)),
        "commas": float(text.count(",")),
        "speech": float(any(q in text for q in "\"“”")),
        "vader_compound": scores["compound"],
        "vader_positive": scores["pos"],
        "vader_negative": scores["neg"],
        "valence_mean": sum(valences) / len(valences) if valences else 0.0,
        "valence_low": min([v for v in valences if v < 0], default=0.0),
        "valence_high": max([v for v in valences if v > 0], default=0.0),
        "negations": float(sum(1 for t in sentence if t.lower_ in lexicon.negations or t.dep_ == "neg")),
        "but": float(any(w == "but" for w in lowered)),
    }


def feature_matrix(sentences, lexicon: MoodLexicon) -> np.ndarray:
    """One row per sentence, columns in FEATURE_NAMES order."""
    rows = [sentence_features(s, lexicon) for s in sentences]
    matrix = np.array([[row[name] for name in FEATURE_NAMES] for row in rows], dtype=float)
    return matrix.reshape(-1, len(FEATURE_NAMES))  # keeps two dimensions for zero sentences
