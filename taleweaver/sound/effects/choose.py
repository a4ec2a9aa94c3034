"""Choosing a scene's sound effects from what happens in it.

Reads: the scene text, the story's theme and adjective (and, if given, the hero and the
scene's `SceneAnalysis` from taleweaver/language: coreference and the relation graph), the
effect library's trigger rules (data/sound/effects.yaml) and the shared spaCy parse
(`taleweaver.nlp.english()`: lemmas, parts of speech, dependency heads).
Writes: a list of `EffectCue`s, at most `max_effects`, in reading order, each naming the
effect, the word that triggers it (with its character offsets in the scene text as written,
the text the narrator reads) and why.

How: every word of the scene is tried against every trigger rule of every effect the story's
adjective allows. A rule matches on the word's lemma and, when it asks, on the words linked
to it in the parse ("dove" is linked to "pond" through "into"), on who does it (the subject
of "roared" is "dragon") and on the theme. When several effects claim one word, the most
specific rule wins ("the dragon roared" is the dragon's roar, not just any roar). Then the
strongest cues are kept (priority, then specificity, then reading order), each effect once,
no two closer than MIN_GAP_CHARS, so effects never crowd the narration.

With the scene's analysis, who does something is what coreference says ("Then she roared":
she is the dragon), not a guess among every noun of the scene, and the relation graph's edges
can add effects too ("rode the pony": hoofbeats), landing on the written word that says the
relation (language_links.py maps the graph's offsets back to the written text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taleweaver.catalog import require_choice
from taleweaver.language.analysis import SceneAnalysis
from taleweaver.language.graph_words import relation_words
from taleweaver.language.scene_graph import SPATIAL_RELATIONS, Entity, Relation
from taleweaver.nlp import english
from taleweaver.sound.effects.language_links import SceneLinks
from taleweaver.sound.effects.library import WORD_KINDS, Effect, Trigger, load_library

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
# A subject that only points at someone ("she", "they", "Pip") is resolved by coreference when
# the scene's analysis is given, else against the characters named in the scene and the hero.
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


def pointed_at(person, scene_characters: set[str], links: SceneLinks | None = None) -> set[str]:
    """Who a pronoun or a name stands for. Without the scene's analysis: anyone the scene
    names, or the hero (a guess). With it: coreference's referent ("she" -> "dragon"); a name
    coreference left alone is the graph's entity of that name; an unresolved pronoun is nobody."""
    if links is None:
        return scene_characters
    referent = links.referent_of(person)
    if referent is not None:
        return referent
    return links.named(person.text) if person.pos_ == "PROPN" else set()


def doers(token, scene_characters: set[str], links: SceneLinks | None = None) -> set[str]:
    """Who does what `token` describes: the subject of its verb (through "and" to an earlier
    verb), the owner in "the dragon's roar", and names or pronouns resolved (`pointed_at`)."""
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
                found |= pointed_at(person, scene_characters, links)
    if not subjects and token.pos_ in VERB_TAGS:
        return found | scene_characters  # an imperative or a fragment: "Roar!" said the dragon
    return found


def _match(trigger: Trigger, token, forms: set[str], theme: str, scene_characters: set[str],
           links: SceneLinks | None = None) -> str | None:
    """Why `trigger` fires on `token`, or None."""
    if trigger.kind not in WORD_KINDS:  # a relation rule is matched against the graph instead
        return None
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
        who = sorted(doers(token, scene_characters, links) & trigger.by)
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


def _scene_characters(doc, hero: str | None, links: SceneLinks | None = None) -> set[str]:
    """Who may be doing something when the text does not say: the relation graph's entities
    when the analysis is given, else every noun of the scene; and the hero."""
    if links is not None:
        names = links.characters()
    else:
        names = {t.lemma_.lower() for t in doc if t.pos_ in NOUN_TAGS} | {t.lower_ for t in doc if t.pos_ in NOUN_TAGS}
    return names | ({hero} if hero else set())


def _hyphenated_words(text: str) -> dict[int, tuple[int, str]]:
    """"clip-clop", "ah-choo": spaCy splits them at the hyphens; keep the whole word too."""
    return {m.start(): (m.end(), m.group(0)) for m in _HYPHENATED.finditer(text)}


def find_candidates(doc, theme: str, adjective: str | None, hero: str | None = None,
                    links: SceneLinks | None = None) -> list[_Candidate]:
    """Every word of the parsed scene that some allowed effect claims, with the effect whose
    rule is most specific for it. With `links` (the scene's analysis) relation rules claim
    the words that say a relation too."""
    effects = [e for e in load_library().effects.values() if e.allows(adjective)]
    characters = _scene_characters(doc, hero, links)
    candidates = _word_candidates(doc, effects, theme, characters, links)
    if links is not None:
        candidates += relation_candidates(doc, effects, theme, links)
    best: dict[int, _Candidate] = {}  # one effect per word: the most specific rule wins it
    for candidate in candidates:
        held = best.get(candidate.start)
        if held is None or (candidate.trigger.specificity, candidate.effect.priority) > (
                held.trigger.specificity, held.effect.priority):
            best[candidate.start] = candidate
    return sorted(best.values(), key=lambda c: c.start)


def _word_candidates(doc, effects: list[Effect], theme: str, characters: set[str],
                     links: SceneLinks | None) -> list[_Candidate]:
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
                reason = _match(trigger, token, forms, theme, characters, links)
                if reason is None:
                    continue
                candidate = _Candidate(effect, trigger, start, end, word, reason)
                if best is None or (trigger.specificity, effect.priority) > (best.trigger.specificity, best.effect.priority):
                    best = candidate
        if best is not None:
            candidates.append(best)
    return candidates


# --- relation rules (only with the scene's analysis) -----------------------------------------

def _predicate_verbs(relation: str) -> frozenset[str]:
    """The verbs that say an interaction relation, from the graph's own word lists."""
    words = relation_words()
    return {
        "riding": words.riding_verbs,
        "chasing": words.chasing_verbs,
        "holding": words.holding_verbs,
        "looking_at": words.looking_verbs | words.looking_at_verbs,
        "giving_to": words.giving_verbs | words.sharing_verbs,
    }.get(relation, frozenset())


def _says_relation(relation: str, mention) -> bool:
    """Whether the written word naming a relation's object is where the relation is said:
    after its preposition ("into the pond" for in) or as the object of its verb ("rode the
    pony", "ran after the ducks", "with a map" for holding)."""
    words = relation_words()
    head = mention.head
    if relation in SPATIAL_RELATIONS:
        # "in front of", "next to", "on top of": the object hangs from "of" or "to"
        return head.pos_ == "ADP" and (words.prepositions.get(head.lower_) == relation or head.lower_ in ("of", "to"))
    verb = _governing_verb(mention).lemma_.lower()
    if relation == "chasing" and head.lower_ == "after":
        return verb in words.chasing_after_verbs
    if relation == "holding" and head.lower_ == "with":
        return True
    return verb in _predicate_verbs(relation)


def _who(token, links: SceneLinks) -> set[str]:
    found = {token.lemma_.lower(), token.lower_}
    if token.pos_ in POINTING_POS:
        found |= pointed_at(token, set(), links)
    return found


def _actors(token, links: SceneLinks) -> set[str]:
    """Who takes part in what `token` says: the doers of its verb and the verb's objects
    ("Lilac gave each dinosaur a ride": Lilac and the dinosaur)."""
    found = doers(token, set(), links)
    for child in _governing_verb(token).children:
        if child.dep_ in ("dobj", "dative"):
            found |= _who(child, links)
    return found


# A place word with nothing after it leaves its place to the scene: "fell in" (the lake named
# before), "climbed on" (the pony: riding). The graph finds those places the same way.
BARE_PLACE_WORDS = {"in": "in", "inside": "inside", "on": "riding", "aboard": "riding"}


def _bare_place_verb(token, relation: str):
    """The verb of "hopped in" or "climbed on" when `token` is such a bare place word saying
    `relation`, else None."""
    if BARE_PLACE_WORDS.get(token.lower_) != relation or token.dep_ not in ("prt", "advmod", "prep"):
        return None
    if token.head.pos_ not in VERB_TAGS or any(c.dep_ in ("pobj", "pcomp") for c in token.children):
        return None
    if relation == "riding" and token.head.lemma_.lower() not in relation_words().mounting_verbs:
        return None
    return token.head


def where_said(doc, relation: Relation, target: Entity, links: SceneLinks) -> list[tuple]:
    """The written words saying `relation` (with `target` as its object): a list of (the word
    the effect lands on, the word naming the target or None), empty when this text does not
    say it (the graph holds the whole scene; the selector may be given one sentence of it).
    The first of these that finds anything:
      1. every word naming the target where the relation is said ("dove into it", it = the
         pond; "rolled in it, splashed in it"); the effect lands on its verb ("dove"), or on
         the word itself when there is no verb. When some of these have the relation's
         subject among their verb's actors, only those;
      2. the relation said without naming the target, by a verb or noun whose actors include
         the relation's subject or target: "gave her a ride", "hopped in" (the water named
         before), "climbed on" (the goat)."""
    graph = links.analysis.graph
    subject = graph.entity(relation.subject)
    said = [t for t in links.references(doc, target) if _says_relation(relation.relation, t)]
    if said:
        by_subject = [t for t in said if links.entity_words(subject) & _actors(t, links)]
        places = []
        for mention in by_subject or said:
            verb = _governing_verb(mention)
            places.append((verb if verb.pos_ in VERB_TAGS else mention, mention))
        return places
    predicates = _predicate_verbs(relation.relation)
    taking_part = links.entity_words(subject) | links.entity_words(target)
    said_by_word = [t for t in doc if t.lemma_.lower() in predicates and t.pos_ in VERB_TAGS | NOUN_TAGS]
    said_by_place = [verb for verb in (_bare_place_verb(t, relation.relation) for t in doc) if verb is not None]
    for word in said_by_word + said_by_place:  # "climbed on for a ride": the ride is the word
        if taking_part & _actors(word, links):
            return [(word, None)]
    return []


def relation_candidates(doc, effects: list[Effect], theme: str, links: SceneLinks) -> list[_Candidate]:
    """Effects the scene's relations call for: each relation of the graph against every
    relation rule, placed on the written word that says it."""
    graph = links.analysis.graph
    candidates = []
    for relation in graph.relations:
        objects = [graph.entity(i) for i in (relation.between or (relation.object,))]
        subject = graph.entity(relation.subject)
        for effect in effects:
            for trigger in effect.triggers:
                if trigger.kind != "relations" or relation.relation not in trigger.lemmas:
                    continue
                if trigger.object:
                    target = next((o for o in objects if links.entity_words(o) & trigger.object), None)
                else:
                    target = objects[0]
                if target is None:
                    continue
                for anchor, mention in where_said(doc, relation, target, links):
                    linked = linked_words(anchor) | {anchor.lemma_.lower(), anchor.lower_}
                    if mention is not None:
                        linked |= linked_words(mention)
                    reason = _relation_reason(trigger, relation, subject, target, anchor, linked, theme, links)
                    if reason is not None:
                        candidates.append(_Candidate(effect, trigger, anchor.idx, anchor.idx + len(anchor.text),
                                                     anchor.text, reason))
    return candidates


def _relation_reason(trigger: Trigger, relation: Relation, subject: Entity, target: Entity, anchor,
                     linked: set[str], theme: str, links: SceneLinks) -> str | None:
    """Why a relation rule fires for this relation said at `anchor`, or None."""
    if trigger.themes and theme not in trigger.themes:
        return None
    if linked & (trigger.unless | SILENT_WORDS):
        return None
    reason = f'relation {subject.lemma} {relation.relation} {target.lemma} at "{anchor.text}"'
    if trigger.with_:
        partner = sorted(linked & trigger.with_)
        if not partner:
            return None
        reason += f' with "{partner[0]}"'
    if trigger.by:
        who = sorted(links.entity_words(subject) & trigger.by)
        if not who:
            return None
        reason += f' by "{who[0]}"'
    if trigger.themes:
        reason += f" in a {theme} story"
    return reason


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
                   hero: str | None = None, analysis: SceneAnalysis | None = None) -> list[EffectCue]:
    """The sound effects a scene calls for, at most `max_effects`, in reading order.
    `theme`, `adjective` and `hero` are catalog ids; the adjective keeps out effects whose
    tones do not allow it (no boing in a sleepy story); the hero stands in for "he"/"she"/a
    name when a rule asks who does something and nothing better is known.
    `analysis`: the scene's `SceneAnalysis` (taleweaver.language.analysis.analyze_story), whose
    `text` begins with `scene_text` (the narrator may read only the first part of a scene;
    `language_links.excerpt` cuts an analysis down to one sentence). With it, pronouns and
    names are resolved by coreference and relation rules can fire; cue offsets stay offsets
    in `scene_text`. Without it, the parse of `scene_text` alone decides."""
    if not isinstance(scene_text, str):
        raise TypeError(f"scene_text must be a string, got {type(scene_text).__name__}")
    if analysis is not None:
        if not isinstance(analysis, SceneAnalysis):
            raise TypeError(f"analysis must be a taleweaver.language.analysis.SceneAnalysis or None, "
                            f"got {type(analysis).__name__}")
        if not analysis.text.startswith(scene_text):
            raise ValueError("analysis is of another text: its text must begin with scene_text "
                             f"(scene {analysis.index}: {analysis.text[:40]!r}...)")
    theme = require_choice("theme", theme).id
    adjective = require_choice("adjective", adjective).id if adjective is not None else None
    hero = require_choice("hero", hero).id if hero is not None else None
    if not isinstance(max_effects, int) or isinstance(max_effects, bool) or not 0 <= max_effects <= MAX_EFFECTS_ALLOWED:
        raise ValueError(f"max_effects must be a whole number from 0 to {MAX_EFFECTS_ALLOWED}, got {max_effects!r}")
    text = scene_text[:MAX_SCENE_CHARS]
    if not text.strip() or max_effects == 0:
        return []
    links = SceneLinks(analysis) if analysis is not None else None
    return pick_cues(find_candidates(english()(text), theme, adjective, hero, links), max_effects)
