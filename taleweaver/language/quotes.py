"""Quoted speech in a scene: where it is and who speaks it.

A pronoun inside a quote never means its speaker ('"She will get lost!" cried the queen':
"she" is not the queen), so coreference needs the speaker of every quote.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_OPEN = {"“": "”", '"': '"', "‘": "’"}

# Verbs that introduce speech when the quote is not their object in the parse.
SPEECH_VERBS = frozenset({
    "say", "ask", "cry", "call", "shout", "whisper", "reply", "answer", "squeak", "laugh",
    "giggle", "sniff", "grumble", "mutter", "sigh", "yell", "squawk", "chirp", "cheer",
    "wail", "exclaim", "add", "explain", "puff", "beep", "hoot", "croak", "bark", "roar",
    "sing", "murmur", "gasp", "squeal", "tell", "wonder", "think", "grin", "smile",
})


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges (start, end) of quoted passages, quote marks included.

    Straight quotes alternate open/close; an unclosed quote runs to the end of the text
    (a speech that continues into the next scene)."""
    spans, start, closer = [], None, None
    for i, ch in enumerate(text):
        if start is None and ch in _OPEN:
            # an apostrophe-like single quote inside a word is not a quote
            if ch == "‘" and i > 0 and text[i - 1].isalnum():
                continue
            start, closer = i, _OPEN[ch]
        elif start is not None and ch == closer:
            spans.append((start, i + 1))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def in_quote(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(start < token.idx < end for start, end in spans)


def speaker_token(sentence: Span, spans: list[tuple[int, int]]) -> Token | None:
    """The subject of the speech verb outside the quotes of a sentence that holds a quote:
    'cried the queen' -> queen, 'he sniffed' -> he. None when the sentence names no speaker."""
    if not any(in_quote(t, spans) for t in sentence):
        return None
    for verb in sentence:
        if in_quote(verb, spans) or verb.pos_ not in ("VERB", "AUX"):
            continue
        introduces = verb.lemma_ in SPEECH_VERBS or any(
            in_quote(child, spans) and child.dep_ in ("ccomp", "dobj", "xcomp") for child in verb.children)
        if not introduces:
            continue
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not in_quote(child, spans):
                return child
    return None


def is_quote_only(sentence: Span, spans: list[tuple[int, int]]) -> bool:
    """True when every word of the sentence is inside quotes (a speech that goes on)."""
    words = [t for t in sentence if not t.is_punct and not t.is_space]
    return bool(words) and all(in_quote(t, spans) for t in words)


def story_sentences(doc: Doc) -> list[Span]:
    """spaCy's sentences, with a piece that starts in lower case joined to the one before:
    the parser splits '"I am too shy!" she said.' after the "!"."""
    merged: list[Span] = []
    for sentence in doc.sents:
        first = next((t for t in sentence if not t.is_punct and not t.is_space), None)
        if merged and first is not None and first.text[:1].islower():
            merged[-1] = doc[merged[-1].start:sentence.end]
        else:
            merged.append(sentence)
    return merged


def scene_speakers(doc: Doc, spans: list[tuple[int, int]]) -> dict[int, Token]:
    """Sentence start token index -> speaker token, for sentences holding a quote.

    A sentence that is only a quote keeps the speaker of the quote just before it:
    '"She is lonely," said a hedgehog. "She only answers a song ..."'."""
    speakers: dict[int, Token] = {}
    previous: Token | None = None
    for sentence in story_sentences(doc):
        speaker = speaker_token(sentence, spans)
        if speaker is None and previous is not None and is_quote_only(sentence, spans):
            speaker = previous
        if speaker is not None:
            speakers[sentence.start] = speaker
        previous = speaker if any(in_quote(t, spans) for t in sentence) else None
    return speakers
