"""The safety screen v2: every text a child could see passes `screen_text` first
(policy: docs/safety.md; measured on the red-team set: docs/safety-eval.md).

Layers, cheapest first; the first that objects decides, and says which it was:
  1. lexicon          word and phrase lists (data/safety/lexicon.yaml) with inflections,
                      matched after normalize() has undone look-alikes, spacing and leetspeak;
  2. product_rules    personal data (phone numbers, addresses, email and web addresses);
  3. profanity_model  alt-profanity-check's linear model, for insults the lists miss;
  4. product_rules    context from the dependency parse: a harm verb done to a creature
                      ("the pirate shot the parrot") is unsafe, done to a thing ("the star
                      shot across the sky") is not; likewise a creature's body part that
                      breaks or comes off, a fist used on someone, a creature as a meal and
                      fire lit without a grown-up (product_rules.context_rules);
  5. classifier       MiniLM with its top layers fine-tuned on our labeled sentences
                      (taleweaver/safety/classifier.py), one sentence at a time, for what no
                      list can enumerate: "the goldfish floated on top of the water and never
                      swam again".

Scene objects and sound effects are screened by their names and tags with `screen_labels`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from taleweaver.safety.classifier import flag_sentences, split_sentences
from taleweaver.safety.lexicon import lexicon
from taleweaver.safety.normalize import normalize, words
from taleweaver.safety.product_rules import context_rules, harm_done_to_someone, harm_phrases, personal_data

# alt-profanity-check scores every corpus sentence under this (docs/corpus.md lists any that
# fail); above it a sentence reads as insulting or obscene.
PROFANITY_THRESHOLD = 0.90

LAYERS = ("lexicon", "product_rules", "profanity_model", "classifier")


@dataclass
class SafetyVerdict:
    safe: bool
    layer: str | None = None  # which layer objected: lexicon, product_rules, profanity_model, classifier
    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.safe


def _profanity_model():
    from profanity_check import predict_prob  # imported lazily: it loads a pickled model

    return predict_prob


def _screen_without_classifier(text: str) -> SafetyVerdict:
    """Layers 1-4 on one text."""
    if not isinstance(text, str):
        raise TypeError(f"screen_text takes a str (a title, a scene or a sentence), got {type(text).__name__}")
    lex = lexicon()
    normalized = normalize(text)
    tokens = words(normalized)
    found = lex.matches(tokens)
    if found:
        return SafetyVerdict(False, "lexicon", found)
    found = personal_data(text)
    if found:
        return SafetyVerdict(False, "product_rules", found)
    # Sentence by sentence: over a whole scene the model adds up weak hints ("blow", "wet").
    sentences = split_sentences(normalized) or [normalized]
    views = [" ".join(t for t in lex.without_allowed_phrases(words(s)) if t not in lex.model_blind_spots)
             for s in sentences]
    score = float(max(_profanity_model()(views)))
    if score >= PROFANITY_THRESHOLD:
        return SafetyVerdict(False, "profanity_model", [f"profanity score {score:.2f}"])
    harms = harm_done_to_someone(text, lex) + harm_phrases(tokens, lex) + context_rules(text, lex)
    if harms:
        return SafetyVerdict(False, "product_rules", harms)
    return SafetyVerdict(True)


def screen_text(text: str) -> SafetyVerdict:
    """Screen one text (a title, a scene, a sentence). Cheap layers run first."""
    verdict = _screen_without_classifier(text)
    if not verdict.safe:
        return verdict
    flagged = flag_sentences(split_sentences(text))
    if flagged:
        return SafetyVerdict(False, "classifier", flagged)
    return SafetyVerdict(True)


def screen_story_texts(texts: list[str]) -> SafetyVerdict:
    """Screen a title and scenes together; the first failing text decides. The classifier
    reads all their sentences in one batch (one MiniLM call per story, not per sentence)."""
    for text in texts:
        verdict = _screen_without_classifier(text)
        if not verdict.safe:
            return verdict
    flagged = flag_sentences([s for text in texts for s in split_sentences(text)])
    if flagged:
        return SafetyVerdict(False, "classifier", flagged)
    return SafetyVerdict(True)


def screen_texts(texts: list[str]) -> list[SafetyVerdict]:
    """`screen_text` on each text, with one batched classifier call for all of them (for
    screening a data set or an evaluation set quickly). Same verdicts as one call per text."""
    from taleweaver.safety.classifier import safety_classifier

    verdicts = [_screen_without_classifier(text) for text in texts]
    pending = [(i, sentence) for i, text in enumerate(texts) if verdicts[i].safe for sentence in split_sentences(text)]
    if pending:
        classifier = safety_classifier()
        scores = classifier.scores([sentence for _, sentence in pending])
        for (i, sentence), score in zip(pending, scores):
            if score >= classifier.threshold:
                if verdicts[i].safe:
                    verdicts[i] = SafetyVerdict(False, "classifier", [])
                verdicts[i].reasons.append(f"classifier {score:.2f}: {sentence!r}")
    return verdicts


def screen_labels(labels: list[str]) -> SafetyVerdict:
    """Screen the names and tags of a scene object or a sound effect ("wine glass", "scream").
    Labels are single words and short phrases, not sentences: the lists and the label list
    (`blocked_labels` in lexicon.yaml) decide, the sentence classifier does not."""
    lex = lexicon()
    for label in labels:
        if not isinstance(label, str):
            raise TypeError(f"labels must be strings, got {type(label).__name__}")
        tokens = words(normalize(label))
        found = lex.matches(tokens) + lex.label_matches(tokens)
        if found:
            return SafetyVerdict(False, "lexicon", [f"label {label!r}: {reason}" for reason in found])
    return SafetyVerdict(True)
