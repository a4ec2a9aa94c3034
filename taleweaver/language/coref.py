"""Coreference across a five-scene story: who every "she", "it" and "they" is.

Stage: reads the story's scene texts (a list of five strings); writes a `CorefResult` with
each scene's text rewritten to stand alone ("She waved" in scene 2 -> "Coral the mermaid
waved"), every mention with its referent, and the story's characters and things.

How it works (a rule system in the style of Lappin and Leass, 1994, on the shared spaCy
parse, with a hand-written lexicon of story characters):
1. Parse the five scenes; find the character names of the whole story (names.py).
2. Walk the story sentence by sentence, word by word, keeping a list of entities.
   - A noun or a name links to an entity already known (same name; "the kitten" after
     "a kitten"; "the brave pirate" after "Quill, a pirate") or starts a new one.
     "Cocoa the kitten", "Nora, the castle cook", "Fern was a fairy", "a parrot named
     Pepperpot" and "his name was Sage" tell the role or the name of an entity.
   - Nouns joined by "and" also make a group ("the lizard and the camel").
   - Each mention adds salience to its entity by grammatical role (subject 310, object
     280, ... ; half inside quotes); all salience halves at each new sentence.
3. A pronoun picks, among the entities it agrees with in number, gender and animacy,
   the most salient one that no rule forbids:
   - not the subject of its own clause ("Quill carried her out": her is not Quill);
   - not the speaker of the quote it is in; not the noun it modifies ("her mama");
   - not the other side of "be" ("Cocoa wanted to be her friend");
   - "it" and "they" only reach back a few sentences; an empty "it" points at nothing
     (pleonastic.py); "they" with no plural in reach means the two most salient
     characters together ("After that they met every afternoon").
   Ties lean to the same grammatical role as the last mention (subject to subject).
   A character whose gender was unknown takes it from the first "he" or "she" it gets.
4. Rewrite the scenes (rewrite.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from taleweaver.language.characters import CharacterLexicon, load_lexicon
from taleweaver.language.entities import Entity
from taleweaver.language.names import capitalized_prefix, find_name_words
from taleweaver.language.pleonastic import is_empty_it
from taleweaver.language.pronouns import PronounForm, agrees, pronoun_form
from taleweaver.language.quotes import in_quote, quote_spans, scene_speakers, story_sentences

# --- salience (Lappin and Leass weights, summed per role) ---------------------------------
ROLE_WEIGHT = {
    "subject": 310,     # recency 100 + subject 80 + head noun 80 + not adverbial 50
    "object": 280,      # recency 100 + object 50 + head noun 80 + not adverbial 50
    "indirect": 270,
    "attribute": 230,
    "oblique": 180,     # inside a prepositional phrase on a verb
    "possessor": 150,   # inside another noun phrase
    "embedded": 150,
    "other": 180,
}
QUOTE_FACTOR = 0.5       # a mention inside quoted speech counts half
SENTENCE_DECAY = 0.5     # every sentence halves all salience
SCENE_DECAY = 0.7        # and a new scene lowers it a little more
PARALLEL_BONUS = 35      # subject pronoun -> entity last seen as subject
KNOWN_GENDER_BONUS = 60  # "she" -> an entity already known to be female
IT_FOR_ANIMAL_PENALTY = 150   # "it" for an animal nobody called he or she yet
ACTION_NOUN_PENALTY = 150     # "it" for "a push", "a breath"
NEUTER_WINDOW = 3        # "it" reaches back at most this many sentences
PLURAL_WINDOW = 2        # "they" too, before falling back to a pair of characters

INDEFINITE = frozenset({"a", "an", "another", "some", "one", "any"})
QUANTIFIED = frozenset({"every", "each", "no", "all", "both", "either", "neither"})
NOT_DESCRIPTIVE = frozenset({"other", "another", "same", "next", "last", "only", "whole", "own",
                             "first", "second", "such", "certain", "few", "many", "several",
                             "more", "most", "very", "much"})
ENTITY_PRONOUNS = frozenset({"something", "everyone", "everybody"})


@dataclass(frozen=True)
class Referent:
    """A character or thing of the story, as reported in the result."""

    id: int
    name: str | None          # "Captain Quill"
    head: str | None          # role noun lemma: "pirate"; "group" for a group
    description: str          # "Captain Quill the pirate", "the little white kitten"
    short: str                # "Quill", "the kitten"
    gender: str | None        # female | male | None
    number: str               # singular | plural
    kind: str | None          # person | animal | creature | machine | None (a thing)
    first_scene: int          # 1-based
    members: tuple[int, ...]  # ids of the members of a group


@dataclass(frozen=True)
class CorefMention:
    """One referring expression and what it refers to."""

    scene: int                     # 1-based
    start: int                     # character offsets in the original scene text
    end: int
    text: str                      # as written: "She", "Cocoa", "the girl"
    kind: str                      # pronoun | name | noun
    case: str | None               # for pronouns: subject | object | possessive | possessive_alone | reflexive
    referent: int | None           # Referent.id; None for an empty "it" or an unknown referent
    antecedent: str | None         # the referent's description: "Cocoa the kitten"
    antecedent_head: str | None    # its head noun: "kitten"; "group" for a group
    antecedent_name: str | None    # its name, when it has one
    antecedent_scene: int | None   # where the referent first appears
    replacement: str | None        # what stands in the resolved text; None when left as written
    resolved_start: int            # offsets of this mention in the resolved scene text
    resolved_end: int


@dataclass(frozen=True)
class CorefResult:
    scenes: list[str]              # resolved text per scene, each standing alone
    mentions: list[CorefMention]
    referents: list[Referent]

    def pronouns(self) -> list[CorefMention]:
        return [m for m in self.mentions if m.kind == "pronoun"]


# --- reading the parse --------------------------------------------------------------------
def grammatical_role(token: Token) -> str:
    """subject | object | indirect | attribute | oblique | possessor | embedded | other."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    dep = token.dep_
    if dep in ("nsubj", "nsubjpass", "csubj", "expl", "ROOT"):
        return "subject"
    if dep == "dobj":
        return "object"
    if dep in ("dative", "iobj"):
        return "indirect"
    if dep in ("attr", "oprd"):
        return "attribute"
    if dep == "pobj":
        governor = token.head.head
        return "oblique" if governor.pos_ in ("VERB", "AUX", "ADJ", "ADV") else "embedded"
    if dep == "poss":
        return "possessor"
    if dep in ("compound", "nmod", "appos"):
        return "embedded"
    return "other"


def clause_subjects(token: Token) -> list[Token]:
    """The subject(s) of the clause a word belongs to, following "and" between verbs,
    control ("tried to carry her": the subject of tried), adjectives ("too small to carry
    her") and participles that modify a noun ("a lamb curled beside her": the lamb).
    A subject that contains the word itself ("her mama") does not count."""
    governor = token.head
    while governor.pos_ not in ("VERB", "AUX", "ADJ") and governor.head.i != governor.i:
        governor = governor.head        # up through "on her map", "her home"
    for _ in range(6):
        subjects = [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")
                    and not (c.left_edge.i <= token.i <= c.right_edge.i)]
        if subjects:
            return subjects
        if governor.dep_ in ("acl", "relcl") and governor.head.pos_ in ("NOUN", "PROPN"):
            return [governor.head]
        if governor.dep_ in ("conj", "xcomp", "acomp") and governor.head.i != governor.i:
            governor = governor.head
            continue
        return []
    return []


def conjuncts(token: Token) -> list[Token]:
    """All words joined with this one by "and": root first."""
    root = token
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    chain, frontier = [root], [root]
    while frontier:
        node = frontier.pop()
        for child in node.children:
            if child.dep_ == "conj":
                chain.append(child)
                frontier.append(child)
    return sorted(chain, key=lambda t: t.i)


class StoryReader:
    """Walks a parsed story once, building entities and resolving every pronoun."""

    def __init__(self, docs: list[Doc], lexicon: CharacterLexicon):
        self.docs = docs
        self.lexicon = lexicon
        self.name_words = find_name_words(docs, lexicon)
        self.entities: list[Entity] = []
        self.sentence_index = -1
        # per scene: token index -> entity, and the records of every mention
        self.token_entity: list[dict[int, Entity]] = []
        self.records: list[list[dict]] = []
        self.group_roots: list[dict[int, Entity]] = []   # per scene: first noun of "A and B" -> group

    # --- bookkeeping ------------------------------------------------------------------------
    def _new_entity(self, scene: int, **fields) -> Entity:
        entity = Entity(id=len(self.entities) + 1, first_scene=scene, **fields)
        self.entities.append(entity)
        return entity

    def _mentioned(self, entity: Entity, token: Token, scene: int, quoted: bool) -> None:
        role = grammatical_role(token)
        weight = ROLE_WEIGHT[role] * (QUOTE_FACTOR if quoted else 1.0)
        # Within one sentence an entity counts once, at its strongest role (Lappin and Leass).
        if entity.last_sentence == self.sentence_index:
            weight = max(0.0, weight - entity.sentence_weight)
            entity.sentence_weight += weight
        else:
            entity.sentence_weight = weight
        entity.salience += weight
        entity.last_role = role
        entity.last_sentence = self.sentence_index
        entity.mention_count += 1
        entity.scenes_seen.add(scene)
        for member in entity.members:
            member.salience += weight / 2
            member.last_sentence = self.sentence_index
            member.scenes_seen.add(scene)

    def _decay(self, factor: float) -> None:
        for entity in self.entities:
            entity.salience *= factor

    # --- the walk ----------------------------------------------------------------------------
    def read(self) -> None:
        for scene, doc in enumerate(self.docs, start=1):
            self._decay(SCENE_DECAY)
            self.token_entity.append({})
            self.group_roots.append({})
            self.records.append([])
            spans = self.spans = quote_spans(doc.text)
            speakers = scene_speakers(doc, spans)
            for sentence in story_sentences(doc):
                self.sentence_index += 1
                self._decay(SENTENCE_DECAY)
                self._read_sentence(sentence, scene, spans, speakers.get(sentence.start))

    def _read_sentence(self, sentence: Span, scene: int, spans, speaker: Token | None) -> None:
        # Words outside quotes first, so the speaker ("cried the queen") is known before the
        # pronouns of the speech are resolved. When the speaker is itself a pronoun ('"She
        # could be anywhere," he sniffed'), the speech goes first and the speaker is then
        # someone other than the characters the speech talks about.
        speaker_is_pronoun = (speaker is not None and sentence.start <= speaker.i < sentence.end
                              and pronoun_form(speaker) is not None)
        tokens = sorted(sentence, key=lambda t: (in_quote(t, spans) != speaker_is_pronoun, t.i))
        self.spoken_about: set[int] = set()
        for token in tokens:
            quoted = in_quote(token, spans)
            form = pronoun_form(token)
            if form is not None:
                entity = self._read_pronoun(token, form, scene, quoted, speaker)
                if quoted and entity is not None:
                    self.spoken_about.add(entity.id)
            elif self._is_noun_head(token):
                self._read_noun(token, scene, quoted)
            else:
                continue
            self._maybe_group(token, scene, quoted)

    # --- nouns and names ---------------------------------------------------------------------
    def _is_noun_head(self, token: Token) -> bool:
        if token.lower_ in ENTITY_PRONOUNS:
            return True
        if token.pos_ not in ("NOUN", "PROPN") and token.text not in self.name_words or not token.is_alpha:
            return False
        if token.dep_ in ("compound", "flat") and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i:
            # "Brumble the dragon" is sometimes parsed as one compound noun: the name still counts
            between = token.doc[token.i + 1:token.head.i]
            if not any(t.lower_ == "the" for t in between):
                return False
        if self._is_idiom_noun(token):
            return False
        if token.lemma_.lower() in self.lexicon.time_words or token.lower_ in self.lexicon.time_words:
            return False
        if token.lower_ in ("one", "ones"):
            return False
        return not any(c.dep_ == "det" and c.lower_ in QUANTIFIED for c in token.children)

    @staticmethod
    def _is_idiom_noun(token: Token) -> bool:
        """A bare noun repeated in an idiom names nothing: "from star to star", "step by
        step", "room after room", "palm to palm"."""
        if any(c.dep_ in ("det", "poss") for c in token.children) or token.tag_ != "NN":
            return False
        sentence = token.sent
        for other in sentence:
            if other.i != token.i and abs(other.i - token.i) <= 3 and other.lower_ == token.lower_:
                between = token.doc[min(token.i, other.i) + 1:max(token.i, other.i)]
                if all(t.pos_ == "ADP" for t in between):
                    return True
        return False

    def _character_word(self, token: Token):
        return self.lexicon.character(token.lower_) or self.lexicon.character(token.lemma_.lower())

    def _is_name(self, token: Token, prefix: list[Token]) -> bool:
        if token.text in self.name_words:
            return True
        if prefix and self.lexicon.title_gender(prefix[0].text)[0] and token.text[:1].isupper():
            return True
        # a title standing alone as a name: "Grandma lived by a warm pool"
        has_det = any(c.dep_ == "det" for c in token.children)
        return token.text[:1].isupper() and self.lexicon.title_gender(token.text)[0] and not has_det \
            and not any(c.dep_ == "poss" for c in token.children)

    def _read_noun(self, token: Token, scene: int, quoted: bool) -> None:
        prefix = capitalized_prefix(token)
        is_name = self._is_name(token, prefix)
        entity = self._entity_by_predicate(token, is_name, scene)
        kind = "name" if is_name else "noun"
        if entity is False:        # a predicate noun that names no referent ("It was a mystery")
            return
        if entity is None:
            entity = self._link_name(token, prefix, scene) if is_name else self._link_noun(token, prefix, scene)
        if entity is None:
            return
        self.token_entity[-1][token.i] = entity
        self._mentioned(entity, token, scene, quoted)
        start_token = prefix[0] if (is_name and prefix) else token
        self.records[-1].append({
            "kind": kind, "token": token, "start": start_token.idx, "end": token.idx + len(token.text),
            "entity": entity, "form": None,
            "expandable": is_name and token.dep_ not in ("poss", "appos", "attr", "oprd") and not quoted
            and not self._described_in_place(token),
        })

    def _described_in_place(self, token: Token) -> bool:
        """Does the sentence itself say what this name is? ("Cocoa the kitten", "Fern was a
        fairy", "a parrot named Pepperpot", "Nora, the castle cook")."""
        doc = token.doc
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and after.lower_ == "the" and after.head.i > token.i:
            if self._character_word(after.head) is not None:
                return True
        if any(c.dep_ == "appos" for c in token.children) or token.dep_ in ("appos", "oprd"):
            return True
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_ == "be":
            return any(c.dep_ == "attr" for c in token.head.children)
        return False

    def _entity_by_predicate(self, token: Token, is_name: bool, scene: int):
        """Nouns that describe an entity already in the sentence rather than a new one.

        Returns the entity they describe, None when they are ordinary mentions, or False
        for a predicate noun that refers to nothing ("It was a real mystery")."""
        doc = token.doc
        known = self.token_entity[-1]
        word = self._character_word(token)
        # "a parrot named Pepperpot", "a seal called Sunny"
        before = doc[token.i - 1] if token.i > 0 else None
        if is_name and before is not None and before.lower_ in ("named", "called") and before.head.i in known:
            return self._give_name(known[before.head.i], token, scene)
        # "his name was Sage", "Fern was a fairy"
        if token.dep_ in ("attr", "oprd"):
            verb = token.head
            if verb.lemma_ in ("name", "call") and verb.dep_ == "acl" and verb.head.i in known:
                return self._give_name(known[verb.head.i], token, scene) if is_name else None
            subjects = clause_subjects(token)
            subject = subjects[0] if subjects else None
            if subject is not None and subject.lemma_ == "name":
                owner = next((c for c in subject.children if c.dep_ == "poss"), None)
                if owner is not None and owner.i in known and token.text[:1].isupper():
                    return self._give_name(known[owner.i], token, scene)
            if is_name:
                return None
            if subject is not None and subject.i in known and verb.lemma_ in ("be", "become"):
                entity = known[subject.i]
                if word is not None and entity.role is None and not entity.members:
                    self._give_role(entity, token, word)
                    return entity
                if entity.role == token.lemma_.lower() or (word is not None and entity.role == word.lemma):
                    return entity
                return False
            return None if word is not None else False
        # "Nora, the castle cook", "His fluffy white kitten, Snowball", "Tariq, a boy"
        if token.dep_ == "appos" and token.head.i in known:
            entity = known[token.head.i]
            if is_name:
                return self._give_name(entity, token, scene)
            if word is not None and entity.role is None:
                self._give_role(entity, token, word)
                return entity
            return entity if word is not None and entity.role == word.lemma else None
        # "Cocoa the kitten lived ..." (often parsed as two subjects)
        dets = [c for c in token.children if c.dep_ == "det"]
        if word is not None and dets and dets[0].lower_ == "the" and dets[0].i > 0:
            before = doc[dets[0].i - 1]
            if before.i in known and known[before.i].name and before.text[:1].isupper():
                entity = known[before.i]
                if entity.role is None:
                    self._give_role(entity, token, word)
                return entity
        return None

    def _give_role(self, entity: Entity, token: Token, word) -> None:
        entity.role = word.lemma
        entity.role_text = word.lemma
        entity.kind = word.kind
        entity.gender = entity.gender or word.gender or self._modifier_gender(token)

    def _give_name(self, entity: Entity, token: Token, scene: int) -> Entity:
        if entity.name is None:
            entity.name = token.text
            entity.name_words = frozenset({token.lower_})
            if entity.kind is None:
                entity.kind = "person"
        return entity

    def _modifier_gender(self, token: Token) -> str | None:
        for child in token.lefts:
            gender = self.lexicon.gender_modifiers.get(child.lower_)
            if gender and child.dep_ in ("compound", "amod", "nmod"):
                return gender
        return None

    def _link_name(self, token: Token, prefix: list[Token], scene: int) -> Entity:
        title = None
        words = [*prefix, token]
        if self.lexicon.title_gender(words[0].text)[0]:
            title = words[0].lower_.rstrip(".")
        own_words = frozenset(w.lower_ for w in words if not (title and w is words[0]))
        if title and len(words) == 1:
            own_words = frozenset()
        matches = [e for e in self.entities if e.name and not e.members and (
            (own_words and own_words & e.name_words) or (not own_words and title and e.title == title))]
        if matches:
            entity = max(matches, key=lambda e: (e.salience, e.last_sentence))
            if title and entity.title is None:
                entity.title = title
            return entity
        gender = self.lexicon.title_gender(title)[1] if title else None
        word = self._character_word(token) if not own_words or title else None
        entity = self._new_entity(scene, name=" ".join(w.text for w in words), title=title,
                                  name_words=own_words, gender=gender, kind="person")
        title_word = self.lexicon.character(title) if title else None
        if word is not None:
            self._give_role(entity, token, word)
            entity.gender = entity.gender or gender
        elif title_word is not None:
            entity.role = entity.role_text = title_word.lemma
        return entity

    def _link_noun(self, token: Token, prefix: list[Token], scene: int) -> Entity | None:
        word = self._character_word(token)
        lemma = word.lemma if word is not None else token.lemma_.lower()
        plural = token.tag_ in ("NNS", "NNPS") or (word is not None and (word.group or self.lexicon.is_plural_form(token.lower_)))
        if word is not None and word.lemma == word.plural:       # fish, sheep: trust the tag
            plural = token.tag_ in ("NNS", "NNPS") or word.group
        dets = [c.lower_ for c in token.children if c.dep_ in ("det", "nummod")]
        definite = not (dets and dets[0] in INDEFINITE) and not any(c.dep_ == "nummod" for c in token.children)
        if definite:
            matches = [e for e in self.entities if not e.members and e.plural == plural and e.role and (
                e.role == lemma or (len(lemma) >= 3 and e.role.endswith(lemma) and not e.name))]
            if matches:
                # "the new fairy" is the fairy introduced as "a new fairy", not Fern the fairy
                said = set(self._modifiers(token))
                return max(matches, key=lambda e: (len(said & set(e.modifiers)), e.salience, e.last_sentence))
        modifiers = self._modifiers(token)
        role_text = token.text if (plural or token.text[:1].isupper() and not token.is_sent_start) else lemma
        if token.is_sent_start or token.i == 0:
            role_text = role_text.lower() if token.text not in self.name_words else role_text
        if token.lower_ in ENTITY_PRONOUNS:
            modifiers, role_text = (), token.lower_
        entity = self._new_entity(scene, role=lemma, role_text=role_text, modifiers=modifiers, plural=plural)
        if word is not None:
            entity.kind = word.kind
            entity.gender = word.gender or self._modifier_gender(token)
        return entity

    def _modifiers(self, token: Token) -> tuple[str, ...]:
        words: list[str] = []
        for child in token.lefts:
            if child.dep_ in ("amod", "compound", "nmod") and child.lower_ not in NOT_DESCRIPTIVE and child.is_alpha:
                adverbs = [a.text for a in child.lefts if a.dep_ == "advmod" and a.is_alpha and a.lower_ not in NOT_DESCRIPTIVE]
                text = child.text if (child.text[:1].isupper() and not child.is_sent_start) else child.lower_
                words.extend([*adverbs, text])
        return tuple(words)

    # --- groups -------------------------------------------------------------------------------
    def _maybe_group(self, token: Token, scene: int, quoted: bool) -> None:
        """After the last of several nouns joined by "and", make them a group."""
        if token.dep_ != "conj" or any(c.dep_ == "conj" for c in token.children):
            return
        chain = conjuncts(token)
        known = self.token_entity[-1]
        members = []
        for part in chain:
            entity = known.get(part.i)
            if entity is None:
                return
            if all(entity is not m for m in members):
                members.append(entity)
        if len(members) < 2 or not any(m.animate for m in members):
            return
        group = self._group_of(members, scene)
        self.group_roots[-1][chain[0].i] = group
        self._mentioned(group, chain[0], scene, quoted)

    def _group_of(self, members: list[Entity], scene: int) -> Entity:
        wanted = {m.id for m in members}
        for entity in self.entities:
            if entity.members and {m.id for m in entity.members} == wanted:
                return entity
        kinds = {m.kind for m in members}
        return self._new_entity(scene, members=tuple(members), plural=True,
                                kind="person" if "person" in kinds else next(iter(kinds)),
                                role="group")

    # --- pronouns ----------------------------------------------------------------------------
    def _read_pronoun(self, token: Token, form: PronounForm, scene: int, quoted: bool,
                      speaker: Token | None) -> Entity | None:
        entity = self._resolve(token, form, quoted, speaker, scene)
        record = {"kind": "pronoun", "token": token, "start": token.idx, "end": token.idx + len(token.text),
                  "entity": entity, "form": form, "expandable": False}
        self.records[-1].append(record)
        if entity is None:
            return None
        self.token_entity[-1][token.i] = entity
        self._mentioned(entity, token, scene, quoted)
        if form.gender in ("female", "male") and entity.gender is None and entity.kind is not None:
            entity.gender = form.gender
        return entity

    def _entity_of(self, token: Token) -> Entity | None:
        known = self.token_entity[-1]
        return self.group_roots[-1].get(token.i) or known.get(token.i)

    def _excluded(self, token: Token, form: PronounForm, speaker: Token | None) -> set[int]:
        excluded: set[int] = set()

        def exclude(entity: Entity | None) -> None:
            if entity is not None:
                excluded.add(entity.id)
                excluded.update(m.id for m in entity.members)

        if form.case == "object":       # "Quill carried her out": her is not Quill
            for subject in clause_subjects(token):
                for part in conjuncts(subject):
                    exclude(self._entity_of(part))
                exclude(self._entity_of(subject))
        if form.case == "possessive":
            owner = token.head
            for entity in self.entities:
                if entity.role and entity.role in (owner.lemma_.lower(), owner.lower_) and not entity.name:
                    exclude(entity)
            if owner.dep_ in ("attr",):
                for subject in clause_subjects(owner):
                    exclude(self._entity_of(subject))
        # A pronoun never refers to a noun it is part of: "in front of it" is not the front.
        ancestor = token
        while ancestor.head.i != ancestor.i and ancestor.head.pos_ not in ("VERB", "AUX"):
            ancestor = ancestor.head
            if ancestor.pos_ in ("NOUN", "PROPN"):
                exclude(self._entity_of(ancestor))
        if speaker is not None and speaker.i != token.i and self._in_quote(token):
            exclude(self._entity_of(speaker))
        if speaker is not None and speaker.i == token.i:
            excluded.update(self.spoken_about)
        return excluded

    def _in_quote(self, token: Token) -> bool:
        return in_quote(token, self.spans)

    def _resolve(self, token: Token, form: PronounForm, quoted: bool, speaker: Token | None,
                 scene: int) -> Entity | None:
        if form.case == "reflexive":
            for subject in clause_subjects(token):
                entity = self._entity_of(subject)
                if entity is not None and agrees(entity, form):
                    return entity
        if form.word == "it" and is_empty_it(
                token, self.lexicon, thing_named_before=self._thing_named_before(token),
                earlier_it_was_a_thing=self._earlier_it_was_a_thing(token)):
            return None
        excluded = self._excluded(token, form, speaker)
        window = NEUTER_WINDOW if form.gender == "neuter" else PLURAL_WINDOW if form.number == "plural" else None
        candidates = [e for e in self.entities if e.id not in excluded and agrees(e, form)
                      and e.last_sentence >= 0
                      and (window is None or self.sentence_index - e.last_sentence <= window)]
        if form.number == "plural" and self._does_living_act(token):
            candidates = [e for e in candidates if e.animate]   # "They climbed": not the words
        if form.number == "plural" and not candidates:
            pair = self._likely_pair(excluded)
            return self._group_of(pair, scene) if pair else None
        if not candidates:
            return None
        role = grammatical_role(token)
        return max(candidates, key=lambda e: (self._score(e, form, role), e.last_sentence))

    def _does_living_act(self, token: Token) -> bool:
        """The pronoun is the subject of a verb only the living do ("they trudged along")."""
        if token.dep_ != "nsubj":
            return False
        return token.head.lemma_.lower() in self.lexicon.living_verbs

    def _score(self, entity: Entity, form: PronounForm, role: str) -> float:
        score = entity.salience
        if entity.last_role == role and role in ("subject", "object"):
            score += PARALLEL_BONUS
        if form.gender in ("female", "male") and entity.gender == form.gender:
            score += KNOWN_GENDER_BONUS
        if form.gender == "neuter" and entity.kind is not None:
            score -= IT_FOR_ANIMAL_PENALTY
        if form.gender == "neuter" and entity.role in self.lexicon.action_nouns:
            score -= ACTION_NOUN_PENALTY
        return score

    def _likely_pair(self, excluded: set[int]) -> list[Entity]:
        """The two most salient single characters, for a "they" with no plural in reach."""
        characters = [e for e in self.entities if e.animate and not e.plural and e.id not in excluded
                      and e.last_sentence >= 0 and self.sentence_index - e.last_sentence <= 4]
        characters.sort(key=lambda e: (e.salience, e.last_sentence), reverse=True)
        pair = characters[:2]
        return sorted(pair, key=lambda e: e.id) if len(pair) == 2 else []

    def _thing_named_before(self, token: Token) -> bool:
        known = self.token_entity[-1]
        return any(t.i in known and not known[t.i].animate for t in token.sent if t.i < token.i)

    def _earlier_it_was_a_thing(self, token: Token) -> bool:
        known = self.token_entity[-1]
        return any(t.lower_ == "it" and t.i in known for t in token.sent if t.i < token.i)


# --- the public entry point -----------------------------------------------------------------
def _referent(entity: Entity) -> Referent:
    return Referent(
        id=entity.id, name=entity.name, head=entity.head(), description=entity.full(), short=entity.short(),
        gender=entity.gender, number="plural" if entity.plural else "singular", kind=entity.kind,
        first_scene=entity.first_scene, members=tuple(m.id for m in entity.members))


def resolve_story(scenes: list[str], *, keep_clear_pronouns: bool = True) -> CorefResult:
    """Resolve every third-person pronoun of a story and rewrite each scene to stand alone.

    scenes: the story's scene texts in order (usually five), each a non-empty string.
    keep_clear_pronouns: after a character is named in a scene, later pronouns that cannot
    be misread stay as written (reads better aloud); False replaces every one of them.
    """
    from taleweaver.language.rewrite import rewrite_scenes
    from taleweaver.language.parsers import coref_parser

    if not isinstance(scenes, (list, tuple)) or not scenes:
        raise ValueError("scenes must be a non-empty list of scene texts (strings)")
    for number, text in enumerate(scenes, start=1):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"scene {number} must be a non-empty string, got {text!r}")
    docs = list(coref_parser().pipe(list(scenes)))
    reader = StoryReader(docs, load_lexicon())
    reader.read()
    referents = {e.id: _referent(e) for e in reader.entities}
    texts, mentions = rewrite_scenes(list(scenes), reader.records, referents, keep_clear_pronouns)
    used = {m.referent for m in mentions if m.referent is not None}
    for referent_id in list(used):
        used.update(referents[referent_id].members)
    return CorefResult(scenes=texts, mentions=mentions,
                       referents=[r for r in referents.values() if r.id in used])
