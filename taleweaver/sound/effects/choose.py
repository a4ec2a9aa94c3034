"""Choosing a scene's sound effects from what happens in it.

Reads: the scene text, the story's theme and adjective (and, if given, the hero), the effect
library's trigger rules (data/sound/effects.yaml) and the shared spaCy parse
(`taleweaver.nlp.english()`: lemmas, parts of speech, dependency heads).
Writes: a list of `EffectCue`s, at most `max_effects`, in reading order, each naming the
effect, the word that triggers it (with its character offsets in the scene text) and why.

How: every word of the scene is tried against every trigger rule of every effect the story's
adjective allows. A rule matches on the word's lemma and, when it asks, on the words linked
to it in the parse ("dove" is linked to "pond" through "into"), on who does it (the subject
of "roared" is "dragon") and on the theme. When several effects claim one word, the most
specific rule wins ("the dragon roared" is the dragon's roar, not just any roar). Then the
strongest cues are kept (priority, then specificity, then reading order), each effect once,
no two closer than MIN_GAP_CHARS, so effects never crowd the narration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taleweaver.catalog import require_choice
from taleweaver.nlp import english
from taleweaver.sound.effects.library import Effect, Trigger, load_library

# About two seconds of narration at a child-friendly reading pace (~14 characters a second):
# two effects closer than this would land on top of each other.
MIN_GAP_CHARS = 28
MAX_EFFECTS_ALLOWED = 10
# A scene is two to four sentences; longer text is cut here so a runaway input cannot stall.
MAX_SCENE_CHARS = 5000

VERB_TAGS = {"VERB", "AUX"}
NOUN_TAGS = {"NOUN", "PROPN"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
# Dependents that start a new clause: words below them belong to another action, not this one.
CLAUSE_DEPS = {"conj", "ccomp", "advcl", "relcl", "parataxis", "xcomp", "acl"}
# A subject that only points at someone ("she", "they", "Pip") is resolved against the
# characters named in the scene and the hero.
POINTING_POS = {"PRON", "PROPN"}
_HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
# The text says the action made no sound ("slid the letter quietly under the door").
SILENT_WORDS = frozenset({"quietly", "silently", "soundlessly", "noiselessly"})


@dataclass(frozen=True)
class EffectCue:
    """An effect to play at a word of the scene: scene_text[char_start:char_end] == trigger_word."""

    effect_id: str
    trigger_word: str
    char_start: int
    char_end: int
    reason: str


@dataclass(frozen=True)
class _Candidate:
    effect: Effect
    trigger: Trigger
    start: int
    end: int
    word: str
    reason: str

    @property
    def rank(self) -> tuple:
        # A sound word written out ("Splash!", "hoot") is the surest cue of all, so among
        # cues of equal priority it comes before an action that merely implies the sound.
        return (-self.effect.priority, self.trigger.kind != "words", -self.trigger.specificity, self.start)


def _clause_words(verb) -> set[str]:
    """Lemmas in a verb's own clause: its objects, prepositions and their objects, particles,
    modifiers and subject, but not what lies inside another clause hanging from it."""
    found, stack = set(), list(verb.children)
    while stack:
        token = stack.pop()
        if token.dep_ in CLAUSE_DEPS and token.pos_ in VERB_TAGS:
            continue
        if token.pos_ != "PROPN":  # a name is not a place: Brook the bunny is no brook
            found.update((token.lemma_.lower(), token.lower_))
        stack.extend(token.children)
    return found


def _governing_verb(token):
    """The verb whose clause a word is in ("wind" in "the wind blew" -> "blew")."""
    while token.pos_ not in VERB_TAGS and token.head.i != token.i:
        token = token.head
    return token


def _words_right_after(verb, span: int = 4) -> set[str]:
    """The few words right after a verb, up to a comma or the next verb. The small parser
    often hangs "into the pond" on the wrong verb ("took a breath and dove into the pond");
    what follows a verb closely is almost always about it."""
    found = set()
    for token in verb.doc[verb.i + 1: verb.i + 1 + span]:
        if token.is_punct or token.pos_ in VERB_TAGS or token.sent.start != verb.sent.start:
            break
        if token.pos_ != "PROPN":
            found.update((token.lemma_.lower(), token.lower_))
    return found


def linked_words(token) -> set[str]:
    """Words linked to `token`: for a verb, its clause; for any other word, its own
    modifiers plus the clause of the verb it belongs to."""
    if token.pos_ in VERB_TAGS:
        linked = _clause_words(token) | _words_right_after(token)
        if token.dep_ == "conj":  # "smiled and roared": the first verb's subject is also the second's
            linked |= {c.lemma_.lower() for c in token.head.children if c.dep_ in SUBJECT_DEPS}
        return linked
    linked = {form for t in token.subtree if t.pos_ != "PROPN" for form in (t.lemma_.lower(), t.lower_)}
    verb = _governing_verb(token)
    if verb.i != token.i:
        linked |= {verb.lemma_.lower(), verb.lower_} | _clause_words(verb)
    return linked - {token.lemma_.lower(), token.lower_}


def doers(token, scene_characters: set[str]) -> set[str]:
    """Who does what `token` describes: the subject of its verb (through "and" to an earlier
    verb), the owner in "the dragon's roar", and names or pronouns resolved to the
    characters of the scene."""
    found = {c.lemma_.lower() for c in token.children if c.dep_ == "poss"}
    verb = _governing_verb(token)
    subjects = []
    while True:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects or verb.dep_ not in CLAUSE_DEPS or verb.head.i == verb.i:
            break
        verb = verb.head
    for subject in subjects:
        group = [subject] + [c for c in subject.conjuncts]
        for person in group:
            found.add(person.lemma_.lower())
            found.update(c.lemma_.lower() for c in person.children if c.dep_ in ("appos", "compound"))
            if person.dep_ == "appos" or person.head.dep_ in SUBJECT_DEPS:
                found.add(person.head.lemma_.lower())
            if person.pos_ in POINTING_POS:
                found |= scene_characters
    if not subjects and token.pos_ in VERB_TAGS:
        return found | scene_characters  # an imperative or a fragment: "Roar!" said the dragon
    return found


def _match(trigger: Trigger, token, forms: set[str], theme: str, scene_characters: set[str]) -> str | None:
    """Why `trigger` fires on `token`, or None."""
    if trigger.kind == "verbs" and token.pos_ not in VERB_TAGS:
        return None
    if trigger.kind == "nouns" and token.pos_ not in NOUN_TAGS:
        return None
    if not forms & trigger.lemmas:
        return None
    if trigger.themes and theme not in trigger.themes:
        return None
    reason = f'{trigger.kind[:-1]} "{token.text}"'
    linked = linked_words(token)
    if linked & (trigger.unless | SILENT_WORDS):
        return None
    if trigger.with_:
        partner = sorted(linked & trigger.with_)
        if not partner:
            return None
        reason += f' with "{partner[0]}"'
    if trigger.by:
        who = sorted(doers(token, scene_characters) & trigger.by)
        if not who:
            return None
        reason += f' by "{who[0]}"'
    if trigger.themes:
        reason += f" in a {theme} story"
    return reason


def word_forms(token) -> set[str]:
    """The spellings a rule may match: the lemma, the word itself, and the word with a
    regular ending taken off, for sound verbs the tagger does not know ("baaed", "mooed",
    "oinking" -> "baa", "moo", "oink")."""
    lower = token.lower_
    forms = {token.lemma_.lower(), lower}
    for ending in ("ed", "d", "ing", "s", "es"):
        if lower.endswith(ending) and len(lower) - len(ending) >= 2:
            forms.add(lower[: -len(ending)])
    return forms


def _scene_characters(doc, hero: str | None) -> set[str]:
    names = {t.lemma_.lower() for t in doc if t.pos_ in NOUN_TAGS} | {t.lower_ for t in doc if t.pos_ in NOUN_TAGS}
    return names | ({hero} if hero else set())


def _hyphenated_words(text: str) -> dict[int, tuple[int, str]]:
    """"clip-clop", "ah-choo": spaCy splits them at the hyphens; keep the whole word too."""
    return {m.start(): (m.end(), m.group(0)) for m in _HYPHENATED.finditer(text)}


def find_candidates(doc, theme: str, adjective: str | None, hero: str | None = None) -> list[_Candidate]:
    """Every word of the parsed scene that some allowed effect claims, with the effect whose
    rule is most specific for it."""
    effects = [e for e in load_library().effects.values() if e.allows(adjective)]
    characters = _scene_characters(doc, hero)
    hyphenated = _hyphenated_words(doc.text)
    candidates = []
    for token in doc:
        if not token.is_alpha:
            continue
        forms = word_forms(token)
        start, end, word = token.idx, token.idx + len(token.text), token.text
        if token.idx in hyphenated:
            end, word = hyphenated[token.idx]
            forms.add(word.lower())
        best = None
        for effect in effects:
            for trigger in effect.triggers:
                reason = _match(trigger, token, forms, theme, characters)
                if reason is None:
                    continue
                candidate = _Candidate(effect, trigger, start, end, word, reason)
                if best is None or (trigger.specificity, effect.priority) > (best.trigger.specificity, best.effect.priority):
                    best = candidate
        if best is not None:
            candidates.append(best)
    return candidates


def pick_cues(candidates: list[_Candidate], max_effects: int) -> list[EffectCue]:
    """The strongest candidates, each effect once, spaced apart, in reading order."""
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.rank):
        if len(kept) >= max_effects:
            break
        if any(k.effect.id == candidate.effect.id for k in kept):
            continue
        if any(abs(k.start - candidate.start) < MIN_GAP_CHARS for k in kept):
            continue
        kept.append(candidate)
    kept.sort(key=lambda c: c.start)
    return [EffectCue(c.effect.id, c.word, c.start, c.end, c.reason) for c in kept]


def choose_effects(scene_text: str, theme: str, adjective: str | None = None, max_effects: int = 3,
                   hero: str | None = None) -> list[EffectCue]:
    """The sound effects a scene calls for, at most `max_effects`, in reading order.
    `theme`, `adjective` and `hero` are catalog ids; the adjective keeps out effects whose
    tones do not allow it (no boing in a sleepy story); the hero stands in for "he"/"she"/a
    name when a rule asks who does something."""
    if not isinstance(scene_text, str):
        raise TypeError(f"scene_text must be a string, got {type(scene_text).__name__}")
    theme = require_choice("theme", theme).id
    adjective = require_choice("adjective", adjective).id if adjective is not None else None
    hero = require_choice("hero", hero).id if hero is not None else None
    if not isinstance(max_effects, int) or isinstance(max_effects, bool) or not 0 <= max_effects <= MAX_EFFECTS_ALLOWED:
        raise ValueError(f"max_effects must be a whole number from 0 to {MAX_EFFECTS_ALLOWED}, got {max_effects!r}")
    text = scene_text[:MAX_SCENE_CHARS]
    if not text.strip() or max_effects == 0:
        return []
    return pick_cues(find_candidates(english()(text), theme, adjective, hero), max_effects)
