"""Find the relations of one parsed sentence: the edges of the relation graph.

Reads the sentence's dependency parse and its `Mentions` (graph_nodes.py); writes `Relation`
edges into the `SceneGraph`. Two kinds of evidence make an edge:

- a spatial preposition ("sat on the rock", "a teacup on the windowsill", "in front of",
  "between A and B"); who it places depends on the verb: the subject ("the crab hid under
  the rock"), the object of a placing or finding verb ("she set the carrots in the snow",
  "under a cactus he found five chicks"), the noun it hangs from ("a hole in the fence"),
  or nobody for searching verbs ("she peeked under the door");
- an interaction verb: hold/carry/hug -> holding, ride -> riding, chase / run after ->
  chasing, watch / look at -> looking_at, give / hand / share -> giving_to, and "with a
  lantern" after a movement -> holding.

Conjunctions multiply edges ("the crab and the fish hid under the rock" -> two edges),
passives swap roles ("the ball was chased by the puppy"), and imagined or refused actions
("she dreamed about riding a dolphin", "too big to slide under the door") draw nothing.
"""

from __future__ import annotations

import itertools

from spacy.tokens import Span, Token

from taleweaver.language.graph_nodes import Mentions, entity_for
from taleweaver.language.graph_words import RelationWords
from taleweaver.language.scene_graph import Relation

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Adverbs that only sharpen a preposition: "deep in the jungle", "far below the bridge".
INTENSIFIER_DEPS = ("advmod", "npadvmod")
# Prepositions after which a following place phrase stacks ("a nest in a tree on a hill",
# "followed them to a burrow under a pine tree").
PLACE_WORDS = {"in", "inside", "on", "under", "beneath", "behind", "into", "onto", "beside", "by", "to"}
# After "to" (a destination) an "in" phrase mostly says how one travels, not where the
# destination is: "came to the desert in a hot air balloon", but "ran to a burrow under a tree".
TRAVEL_WORDS = {"in", "into", "inside"}
# Clause links an imagined action is seen through ("wanted to ride", "dreamed about riding").
EMBEDDING_DEPS = ("xcomp", "ccomp", "pcomp", "prep", "pobj", "acomp", "advcl", "aux")


def find_relations(sent: Span, mentions: Mentions, words: RelationWords,
                   memory: list[tuple[str, str | None, bool]] | None = None) -> None:
    """`memory`: what the story named before this sentence in this scene and the one before
    (`StoryMemory.setting()`: (lemma, name, is a character) in text order); it lets "Her map
    fell in." mean the lake named just before, and "On top sat a cherry" the tower."""
    finder = _RelationFinder(mentions, words, memory or [])
    for token in sent:
        if token.i in mentions.quoted:
            continue
        if token.pos_ in ("VERB", "AUX"):
            finder.verb_relations(token)
        if _is_bare_place_word(token):
            finder.implicit_place_relations(token)
        elif _is_preposition(token):
            finder.preposition_relations(token)
    finder.relative_where_relations(sent)
    finder.side_by_side_relations(sent)


def _is_bare_place_word(token: Token) -> bool:
    """"fell in", "climbed on", "Inside sat ...": a place word with no object of its own."""
    return (token.lower_ in ("in", "inside", "on", "aboard") and token.dep_ in ("prt", "advmod", "prep")
            and token.head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("pobj", "pcomp") for c in token.children)
            and not (token.dep_ == "prep" and (token.n_rights or token.n_lefts or token.i < token.head.i)))


def _is_preposition(token: Token) -> bool:
    return token.dep_ in ("prep", "agent", "dative") or (
        token.dep_ == "conj" and token.head.dep_ == "prep") or (
        token.pos_ in ("ADP", "ADV") and any(c.dep_ == "pobj" for c in token.children))


def conjuncts(token: Token) -> list[Token]:
    """The token and the ones joined to it by and/or: "the crab and the fish"."""
    return [token, *token.conjuncts]


class _RelationFinder:
    def __init__(self, mentions: Mentions, words: RelationWords,
                 memory: list[tuple[str, str | None, bool]] | None = None):
        self.mentions = mentions
        self.words = words
        self.graph = mentions.graph
        self.memory = memory or []  # what the story named before this sentence (the setting)

    # --- who is who ----------------------------------------------------------------------

    def entities(self, tokens) -> list[str]:
        found = []
        for token in tokens:
            for each in conjuncts(token):
                entity = self.mentions.of(each)
                if entity is None and each.lower_ in self.words.collective_nouns:
                    inner = _pobj_of(each, "of")  # "a pile of pillows"
                    # "a pinch of dust and one drop of water": the parser joins "drop" to "dust"
                    found += [e for e in self.entities(conjuncts(inner) if inner is not None else [])
                              if e not in found]
                    continue
                if entity and entity not in found:
                    found.append(entity)
        return found

    def subjects(self, verb: Token) -> list[str]:
        """Who does the verb: its subject, or the subject it shares with a verb before it."""
        # "Up went the yellow kites": the parser makes "Up" a second subject; the kites are it
        # (a name mistagged as an adverb, "Dilly/RB hopped", still counts: it names someone)
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS
                        and (c.pos_ not in ("ADV", "ADP") or self.mentions.of(c))), None)
        if subject is None:  # "Her middle got stuck": the parser hangs the subject on "got"
            subject = next((s for c in verb.children if c.dep_ in ("aux", "auxpass")
                            for s in c.children if s.dep_ in SUBJECT_DEPS), None)
        if subject is not None and self._sound_opens(verb, subject):
            # "Plink went the silver raindrops": the sound opens the clause, the drops go
            return self.entities([c for c in verb.children if c.dep_ in ("dobj", "attr") and c.i > verb.i][:1])
        if subject is not None:
            if subject.lower_ in ("it", "there") and self.mentions.of(subject) is None:
                attr = next((c for c in verb.children if c.dep_ == "attr"), None)
                return self.entities([attr]) if attr is not None else []
            if subject.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                return self.entities([self._relative_antecedent(verb)])
            appos = [c for c in subject.children if c.dep_ == "appos" and self.mentions.of(c)]
            return self.entities(appos[:1] or [subject])
        if any(c.dep_ == "expl" and c.lower_ == "there" for c in verb.children):
            # "There was Rosie, munching dates under a tree": Rosie is who is there
            attr = next((c for c in verb.children if c.dep_ in ("attr", "dobj") and self.mentions.of(c)), None)
            if attr is not None:
                return self.entities([attr])
        inverted = self.inverted_subject(verb)
        if inverted is not None:
            return self.entities([inverted])
        if verb.dep_ in ("acl", "relcl"):  # "a nest tucked under a ledge"
            return self.entities([verb.head])
        seen = self._seen_doing(verb)
        if seen:
            return seen
        # "were stuck inside": the parser makes the participle a complement (acomp) of "were"
        if verb.dep_ in ("conj", "advcl", "xcomp", "dep", "parataxis", "ccomp", "acomp") and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects(verb.head)
        return []

    def _seen_doing(self, verb: Token) -> list[str]:
        """"he spotted a cloud, resting on a gumdrop hill", "she found the kitten sleeping in a
        box": a participle after what a seeing or finding verb saw describes what was seen."""
        head = verb.head
        if verb.dep_ not in ("advcl", "xcomp", "ccomp") or verb.tag_ != "VBG" or head == verb:
            return []
        if head.lemma_.lower() not in self.words.finding_verbs | self.words.looking_verbs:
            return []
        seen = [c for c in head.children if c.dep_ in ("dobj", "obj") and c.i < verb.i]
        return self.entities(seen)

    def _relative_antecedent(self, clause: Token) -> Token:
        """Who "who" is: the noun the clause hangs on, or, when the parser hangs it on a body
        part someone has ("a unicorn with a soft pink mane who lived..."), the one who has it."""
        noun = clause.head
        while (noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ in ("NOUN", "PROPN")
               and noun.lemma_.lower() in self.words.body_parts):  # not "a pirate with a ship that sailed"
            noun = noun.head.head
        return noun

    def _sound_opens(self, verb: Token, subject: Token) -> bool:
        """"Plink went the raindrops", "Splash went the frog": a bare word (no determiner; the
        parser may take it for a name) opening the sentence before "went", with a determined
        noun phrase after it, is a sound, and the noun phrase is who acts."""
        if verb.lemma_.lower() != "go" or subject.i > verb.i or subject.i != verb.sent.start:
            return False
        if any(c.dep_ in ("det", "poss") for c in subject.children):
            return False  # "The fox went the long way round"
        return any(c.dep_ in ("dobj", "attr") and c.i > verb.i and self.mentions.of(c)
                   and any(d.dep_ in ("det", "poss") for d in c.children) for c in verb.children)

    def inverted_subject(self, verb: Token) -> Token | None:
        """"In a hollow tree lived a little owl", "Inside sat an owlet": the parser takes the
        owl for an object; after a place that opens the clause, it is the subject."""
        if verb.lemma_.lower() not in self.words.inverted_verbs:
            return None
        if any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return None
        opens_with_place = any(
            # "at" too: "At the top of the hill stood a castle"
            c.i < verb.i and (c.dep_ == "prep" and (c.lower_ in self.words.prepositions or c.lower_ == "at")
                              or c.dep_ == "advmod" and c.lower_ in ("inside", "there", "here", "below", "above", "behind", "beside", "nearby")
                              or c.dep_ == "advcl" and c.pos_ == "ADJ")
            for c in verb.children)
        if not opens_with_place:
            return None
        return next((c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "attr", "obj")
                     and self.mentions.of(c)), None)

    def doers_and_objects(self, verb: Token) -> tuple[list[str], list[str]]:
        """(who acts, what they act on), with the passive turned around."""
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            doers = self.entities([_pobj_of(agent)]) if agent is not None else []
            return doers, self.entities(passive)
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and self.mentions.part_of(c) is None]
        return self.subjects(verb), self.entities(objects)

    def is_imagined(self, verb: Token) -> bool:
        """Actions that are only wished, dreamed, refused or impossible draw nothing."""
        token, below = verb, None
        while True:
            if token.lemma_ in self.words.imagining_verbs and token != verb and not (
                    token.lemma_ == "try" and below is not None and below.tag_ == "VBG") and not (
                    below is not None and below.dep_ == "advcl"):
                # "tried to scoop" is not yet done; "tried scooping" is; and "asked, landing on
                # top" only happens beside the asking, it is not what is asked for
                return True
            if any(c.dep_ == "neg" for c in token.children):
                return True
            if any(c.lower_ == "too" for c in token.children if c.dep_ == "advmod") and token != verb:
                return True  # "too big to slide under the door"
            if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and (
                    token.lemma_.lower() in self.words.holding_verbs | self.words.giving_verbs
                    or token.head.lemma_.lower() == "be"):
                # a purpose whose end is not reached yet: "zoomed down to catch the ball", "was
                # there to study them"; but "scampered off to chase a snowflake", "stayed up to
                # watch the door" are already chasing and watching
                return True
            if token.dep_ == "ROOT" and token.tag_ == "VB" and token.i not in self.mentions.entity_at and not any(
                    c.dep_ in SUBJECT_DEPS for c in token.children):
                return True  # an order ("Hop on my back!") is not yet a picture
            if token.dep_ not in EMBEDDING_DEPS or token.head == token:
                return False
            token, below = token.head, token

    def add(self, subject: str | None, relation: str, target: str | None, **extra) -> None:
        if subject is None or target is None:
            return
        self.graph.add_relation(Relation(subject, relation, target, **extra))

    # --- verbs -----------------------------------------------------------------------------

    def verb_relations(self, verb: Token) -> None:
        lemma = verb.lemma_.lower()
        if self.is_imagined(verb):
            return
        doers, objects = self.doers_and_objects(verb)
        picks_up = lemma in self.words.picking_up_verbs and any(
            c.dep_ == "prt" and c.lower_ == "up" for c in verb.children)
        if lemma in self.words.holding_verbs or picks_up:  # "held the kite", "scooped up a snowball"
            # "the scoop held a pinch of dust": a thing that holds contains
            containers = [d for d in doers if lemma in ("hold", "carry") and not self.mentions.is_character(d)
                          and not self.graph.entity(d).is_pronoun]
            for container in containers:
                for thing in objects:
                    self.add(thing, "in", container)
            self._each([d for d in doers if d not in containers], "holding", objects + self.owners_of_parts(verb))
        if lemma == "take" and any(c.dep_ == "prep" and c.lower_ == "from" for c in [
                *verb.children, *(g for o in verb.children if o.dep_ in ("dobj", "obj") for g in o.children)]):
            # "took the shell from her hair": now holding it ("took a nap" takes it from nowhere)
            self._each(doers, "holding", [o for o in objects if not self.mentions.is_character(o)])
        if lemma in self.words.riding_verbs:
            self._each(doers, "riding", objects)
        if lemma in self.words.chasing_verbs:
            self._each(doers, "chasing", objects)
        if lemma in self.words.looking_verbs:
            self._each(doers, "looking_at", objects)
            for clause in verb.children:  # "she watched the farmer milk the cows"
                if clause.dep_ in ("ccomp", "xcomp") and clause.pos_ == "VERB":
                    self._each(doers, "looking_at", self.subjects_only(clause))
        if lemma in self.words.giving_verbs:
            self._giving(verb, doers)
        if lemma in self.words.mounting_verbs or lemma in self.words.chasing_after_verbs:
            self._climbing_up(verb, doers)
        self._along_a_side(verb, doers)
        if lemma in self.words.finding_verbs or lemma in self.words.looking_verbs:
            for word in verb.children:  # "saw the whole forest below": below the one who sees it
                if word.dep_ == "advmod" and word.lower_ in ("below", "above") and not any(
                        c.dep_ == "pobj" for c in word.children):
                    self._each(objects, word.lower_, doers)

    def _climbing_up(self, verb: Token, climbers: list[str]) -> None:
        """"hopped up the dinosaur's long tail", "scampered up her tail": climbing up a
        creature's body puts the climber on the creature. The parser reads "up" either as a
        particle (the body part is then the verb's object) or as a preposition. Sliding down a
        tail ends off it, so only "up"."""
        parts = []
        for child in verb.children:
            if child.dep_ == "prt" and child.lower_ == "up":
                parts += [c for c in verb.children if c.dep_ in ("dobj", "obj")]
            elif child.dep_ == "prep" and child.lower_ == "up":
                parts += _pobjs(child)
        owners = [self.mentions.of(p) for p in parts if self.mentions.part_of(p)]
        self._each(climbers, "on", [o for o in owners if self.mentions.is_character(o)])

    def _along_a_side(self, verb: Token, movers: list[str]) -> None:
        """"the icing slid down the sides of the cake", "climbed up the side of the tower": on
        it (the parser reads "down" as a particle, the side as the verb's object, or as a
        preposition)."""
        sides = []
        for child in verb.children:
            if child.dep_ == "prt" and child.lower_ in ("up", "down"):
                sides += [c for c in verb.children if c.dep_ in ("dobj", "obj")] + _pobjs(child)
            elif child.dep_ == "prep" and child.lower_ in ("up", "down"):
                sides += _pobjs(child)  # or as a preposition: "hopped down the side of the hill"
        for side in sides:
            if side.lemma_.lower() in self.words.region_nouns:
                inner = _pobj_of(side, "of")
                if inner is not None:
                    self._each([m for m in movers if m != self.mentions.of(inner)], "on", self.entities([inner]))

    def owners_of_parts(self, verb: Token) -> list[str]:
        """"hugged the longneck's knee": holding a body part holds the one it belongs to.
        (A self-hold, "hugged her knees", is dropped as a self-loop by the graph.)"""
        parts = [c for c in verb.children if c.dep_ in ("dobj", "obj") and self.mentions.part_of(c)]
        return [self.mentions.of(p) for p in parts if self.mentions.of(p)]

    def subjects_only(self, clause: Token) -> list[str]:
        subject = [c for c in clause.children if c.dep_ in SUBJECT_DEPS]
        return self.entities(subject)

    def _giving(self, verb: Token, givers: list[str]) -> None:
        things = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        receivers = []
        for child in verb.children:
            if child.dep_ == "dative":
                receivers.append(_pobj_of(child) if child.pos_ == "ADP" else child)
            elif child.dep_ == "prep" and child.lower_ == "to":
                receivers.append(_pobj_of(child))
        receivers = [r for r in receivers if r is not None]
        if not receivers and len(things) >= 2:  # "handed the Queen the cake", read as two objects
            # ("brought Roscoe the dinosaur a lollipop": three, the middle one naming the first)
            receivers, things = things[:1], things[-1:]
        if not receivers:
            return
        if any(t.lemma_ == "ride" for t in things):  # "the whale gave her a ride"
            for rider in self.entities(receivers):
                for giver in givers:
                    self.add(rider, "riding", giver)
            return
        # only someone receives: "brought her to outer space" takes her somewhere
        takers = [r for r in self.entities(receivers)
                  if self.mentions.is_character(r) or self.graph.entity(r).is_pronoun]
        for thing in self.entities(things):
            for receiver in takers:
                for giver in givers:
                    if thing not in (giver, receiver):
                        self.add(giver, "giving_to", receiver, thing=thing)

    def _each(self, subjects: list[str], relation: str, objects: list[str]) -> None:
        for subject in subjects:
            for target in objects:
                self.add(subject, relation, target)

    # --- prepositions ---------------------------------------------------------------------

    def preposition_relations(self, prep: Token) -> None:
        word = prep.lower_
        pobj = _pobj_of(prep)
        if prep.dep_ == "agent" and _is_passive(prep.head):
            return  # "chased by the puppy" names the chaser, not a place
        if _in_comparison(prep):
            return  # "sparkling like a sky full of stars": the sky and its stars are not there
        if word == "in" and pobj is not None and pobj.lower_ == "case" and not any(
                c.dep_ in ("det", "poss") for c in pobj.children):
            return  # "just in case"
        if word == "from":
            return self._from(prep)
        if word == "with":
            return self._with(prep)
        if word == "of":
            return self._of(prep)
        if word == "after":
            return self._after(prep)
        if word == "at":
            return self._at(prep)
        if word in ("to",) and prep.head.lower_ in ("next", "close"):
            relation = "next_to" if prep.head.lower_ == "next" else "near"
            return self._place(prep, relation, self.entities([pobj]) if pobj is not None else [],
                               attach=prep.head)
        if word in ("onto", "on", "to") and pobj is not None and self._grips(prep):
            verb = _governing_verb(prep)  # "had to hold onto a branch", "held on to the rope"
            return self._each(self.subjects(verb), "holding", self.entities([pobj]))
        if pobj is not None and pobj.lower_ == "front" and word == "in":
            inner = _pobj_of(pobj, "of")  # "in front of the cave"; plain "in front" names nothing
            return self._place(prep, "in_front_of", self.entities([inner])) if inner is not None else None
        if pobj is not None and pobj.lower_ == "top" and word in ("on", "onto", "upon", "atop"):
            inner = _pobj_of(pobj, "of")
            if inner is not None:
                return self._place(prep, "on", self.entities([inner]))
            holder = self._container_of_with(prep)  # "a cake with leaves on top"
            if holder:
                return self._place(prep, "on", holder)
            return self._on_top_of_latest_surface(prep, pobj)  # "On top sat a cherry": the tower
        relation = self.words.prepositions.get(word)
        verb = _governing_verb(prep)
        if word == "to" and verb is not None and verb.lemma_.lower() in self.words.sticking_verbs:
            relation = "on"  # "fluff stuck to him", "a note taped to the door"
        if word == "over" and any(c.dep_ == "advmod" and c.lower_ == "all" for c in prep.children):
            relation = "on"  # "sprayed the water all over the rocket": covering, not above
        wrapper = verb if verb is not None else (prep.head.head if prep.head.dep_ in ("dobj", "obj") else None)
        if word == "around" and wrapper is not None and wrapper.lemma_.lower() in self.words.wrapping_verbs:
            relation = "on"  # "wrapped it around the eggs", "wrapped the quilt around her": the wrap is on them
        if relation is None or pobj is None:
            return
        inner = _region_owner(pobj, self.words) if pobj.lower_ in self.words.region_nouns else None
        if inner is not None:  # "in the middle of the desert": in the desert
            if pobj.lower_ in self.words.region_under:
                relation = "under"  # "in the shade of a palm tree"
            pobj = inner
        elif word in ("in", "into") and _is_formation(pobj, self.words):
            return  # "curled in a ball", "rolled into a ball"
        elif word == "into" and self._becomes(prep, pobj):
            return  # "stretched into a long tube": what it becomes, not where it goes
        elif word == "in" and pobj.lemma_.lower() in self.words.weather_in:
            return  # "snoozing in the sun": out in the sunshine, not inside the sun
        if relation == "above" and verb is not None and verb.lemma_ in self.words.not_above_verbs:
            return
        if verb is not None and verb.lemma_ in self.words.riding_verbs and relation == "on":
            relation = "riding"
        if relation == "between":
            return self._between(prep, pobj)
        targets = self._targets(prep, pobj)
        mounts = verb is not None and verb.lemma_.lower() in self.words.mounting_verbs
        if relation == "on" and mounts and targets and all(
                self.graph.entity(t).lemma in self.words.animals | self.words.rideables for t in targets):
            relation = "riding"  # "climbed onto a camel": riding it (a thing put there stays on it)
        self._place(prep, relation, targets)

    def _becomes(self, prep: Token, pobj: Token) -> bool:
        """"it stretched into a long tube", "the jelly sagged into a puddle", "the hedge burst
        into blue roses", "tied the logs into a raft": after a verb of changing shape, "into"
        something with no "the" or possessive names what the subject (or object) becomes.
        "burst into the kitchen" still goes in."""
        verb = _governing_verb(prep)
        if verb is None or verb.lemma_.lower() not in self.words.becoming_verbs:
            return False
        return not any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
                       for c in pobj.children)

    def _grips(self, prep: Token) -> bool:
        """"hold onto X" and "cling to X" grip X: a gripping verb with no object of its own
        whose on/onto/to phrase says what is held, not where the holder is ("waved to the
        comet" greets it, "caught on her dress" snags: wave and catch are not gripping verbs)."""
        verb = _governing_verb(prep)
        return (verb is not None and verb.lemma_.lower() in self.words.gripping_verbs
                and not self.is_imagined(verb)
                and not any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in verb.children))

    def _targets(self, prep: Token, pobj: Token) -> list[str]:
        """The entities a preposition points at; "it" after "with X on" is the with-noun."""
        targets = self.entities([pobj, *_list_continued(pobj)])
        if pobj.lower_ in ("it", "them") and prep.head.head.lower_ == "with":
            return self._container_of_with(prep) or targets
        return targets

    def _container_of_with(self, prep: Token) -> list[str]:
        """In "a flag with a fish on it", the flag."""
        owner = prep.head
        if owner.head.lower_ != "with":
            return []
        holder = owner.head.head
        if holder.pos_ in ("VERB", "AUX"):
            _, objects = self.doers_and_objects(holder)
            return objects[:1] or self.subjects(holder)
        return self.entities([holder])

    def _place(self, prep: Token, relation: str, targets: list[str], attach: Token | None = None) -> None:
        """Add `located RELATION target` for everything the preposition places."""
        if not targets:
            return
        pobj = _pobj_of(prep)
        part = self.mentions.part_of(pobj) if pobj is not None else None
        for located in self.located(attach or prep):
            for target in targets:
                if part in ("hand", "arm", "paw", "flipper", "wing", "claw", "mouth", "beak") and \
                        relation in ("in", "under", "inside"):
                    self.add(target, "holding", located)  # "tucked the map under her arm"
                elif part in ("leg", "foot", "feet", "hoof", "paw", "toe") and relation == "on" and \
                        pobj.tag_ in ("NNS", "NNPS") and \
                        any(c.dep_ == "poss" and c.pos_ == "PRON" for c in pobj.children) \
                        and (self.mentions.is_character(located) or self.graph.entity(located).is_pronoun):
                    continue  # "stood up on his wobbly legs": on one's own feet (but "flippers on her feet")
                elif part == "back" and relation == "on" and self.mentions.is_character(located):
                    self.add(located, "riding", target)  # "rode on his back"
                elif relation == "riding" and not self.mentions.is_character(located):
                    self.add(located, "on", target)  # a hat does not ride a turtle
                elif relation == "in" and self.graph.entity(target).lemma in self.words.garments and (
                        self.mentions.is_character(located) or self.graph.entity(located).is_pronoun):
                    continue  # "wrapped in scarves": worn, and wearing draws no edge
                else:
                    self.add(located, relation, target)

    def located(self, prep: Token) -> list[str]:
        """What a spatial preposition places, from the word it hangs on."""
        if prep.dep_ == "conj" and prep.head.dep_ == "prep":  # "past boats and under bridges"
            return self.located(prep.head)
        head = _climb_intensifiers(prep.head)
        stacked = _stacked_on(prep)
        pobj = _pobj_of(prep)
        if stacked is not None and pobj is not None and (
                # "slept in her rocket in just her coat": worn, not a place the rocket is in
                prep.lower_ == "in" and {pobj.lower_, pobj.lemma_.lower()} & self.words.garments
                or stacked.pos_ == "PROPN" and prep.lower_ in ("beside", "by", "near", "next", "alongside")):
            stacked = None  # "camping in Dinosaur Valley beside her rocket": the camper is beside it
        if stacked is not None and self.mentions.of(stacked) and not self._is_sky_over(stacked, prep):
            return self.entities([stacked])  # "lived in a burrow on a mountain": the burrow is on it
        if head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            if prep.lower_ in ("into", "onto"):
                return []  # motion words under a noun are mostly mis-attached
            if self._is_sky_over(head, prep) and head.dep_ == "pobj":
                verb = _governing_verb(head)  # "danced under the stars in the garden"
                return self._located_by_verb(verb, prep) if verb is not None else []
            found = self.entities([head]) if self.mentions.of(head) or head.lower_ in self.words.collective_nouns else []
            if not found and head.dep_ == "pobj" and head.head.lower_ == "of" and self.mentions.of(head.head.head):
                found = self.entities([head.head.head])  # "a cloud of sparkles over the pumpkin": the cloud
            if not found and head.dep_ == "pobj" and head.head.lower_ in self.words.prepositions:
                verb = _governing_verb(head)  # "soared in a happy loop over the waves": the soarer
                return self._located_by_verb(verb) if verb is not None else []
            if found and head.dep_ == "attr" and head.head.lemma_.lower() == "be":
                described = [s for s in self.subjects(head.head) if self.mentions.is_character(s)]
                if described:  # "Kiko was the most curious crew member on the rocket": Kiko is on it
                    return described
            if found and head.dep_ in ("dobj", "obj") and head.head.lemma_.lower() in self.words.wearing_verbs:
                return self._located_by_verb(head.head, prep)  # "wore a hat on the hill": the wearer
            if found:
                return found
            if head.dep_ in ("dobj", "obj") and head.head.lemma_.lower() in self.words.knowing_verbs:
                return []  # "knew every sound in the valley": the knower may be anywhere
            if head.dep_ in ("dobj", "obj") and head.lemma_.lower() in self.words.not_entities \
                    and head.head.pos_ == "VERB" and not self.is_imagined(head.head):
                return self.subjects(head.head)  # "made a bumpy landing in the valley": an act is where its doer is
            if head.dep_ in ("dobj", "attr", "npadvmod", "pobj") and head.head.pos_ in ("VERB", "AUX"):
                return self._located_by_verb(head.head)  # "had a picnic on a hill"
            return []
        if head.pos_ in ("VERB", "AUX"):
            return self._located_by_verb(head, prep)
        if head.lower_ == "from" and head.dep_ == "prep":
            verb = _governing_verb(head)  # "the bell rang from behind a cactus": behind it
            if verb is not None and verb.lemma_.lower() in self.words.from_place_verbs:
                return self._located_by_verb(verb)
            return []
        if head.pos_ == "ADJ" and head.head.pos_ in ("VERB", "AUX"):
            return self._located_by_verb(head.head)  # "happy in the pool"
        if head.pos_ == "ADJ" and head.dep_ in ("amod", "appos") and self.mentions.of(head.head):
            return self.entities([head.head])  # "every kite, high over the towers", "a kitten safe inside the box"
        return []

    def _is_sky_over(self, token: Token, prep: Token) -> bool:
        """A star, the moon or the sun named before a ground place ("under the stars in the
        garden") is overhead, not in that place."""
        entity = self.mentions.of(token)
        pobj = _pobj_of(prep)
        return (entity is not None and self.graph.entity(entity).lemma in self.words.sky_things
                and not (pobj is not None and pobj.lemma_.lower() in self.words.sky_things))

    def _located_by_verb(self, verb: Token, prep: Token | None = None) -> list[str]:
        lemma = verb.lemma_.lower()
        if self.is_imagined(verb):
            return []
        doers, objects = self.doers_and_objects(verb)
        if prep is not None and _sets_the_scene(prep, verb):
            # "On the riverbank, Sam grew flowers": the opening place holds the whole clause,
            # and the clauses joined to it ("the trees swayed and the hills glowed")
            placed = objects if lemma in self.words.placing_verbs or lemma in self.words.finding_verbs else []
            joined = [e for clause in verb.conjuncts if clause.pos_ in ("VERB", "AUX")
                      and not self.is_imagined(clause) for e in self.subjects_only(clause)]
            return list(dict.fromkeys([*doers, *placed, *joined]))
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and self.mentions.of(verb.head):
            return self.entities([verb.head])  # "a line carved on it", "a nest tucked under a ledge"
        if lemma in self.words.searching_verbs and self.inverted_subject(verb) is None:
            return []  # "shone a torch under the bed"; but "Behind the hedge shone the pond" is there
        if lemma in self.words.shaping_verbs and not self._moves_own_body(verb):
            return []  # "drew the cave on his map"; but "folded her knees beside him" is there
        attr = [c for c in verb.children if c.dep_ == "attr" and self.mentions.of(c)]
        if attr and lemma in ("be", "become"):
            return self.entities(attr)  # "the river became a little stream beside a barn"
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return objects  # "the nest was tucked under a ledge"
        pobj = _pobj_of(prep)
        if lemma in self.words.wearing_verbs and pobj is not None and self.mentions.part_of(pobj) is None:
            return doers  # "wore a snowsuit on the mountain"
        if objects and (lemma in self.words.placing_verbs or lemma in self.words.finding_verbs):
            return objects
        if lemma in self.words.placing_verbs and any(
                c.dep_ in ("dobj", "obj") and (prep is None or c.i < prep.i) and c.pos_ in ("NOUN", "PROPN")
                and self.mentions.part_of(c) is None and c.lower_ not in self.words.manner_words
                for c in verb.children):
            return []  # "put the sugar in a jar" moves the sugar, even when it is drawn as no node
        if lemma in self.words.finding_verbs and (lemma != "meet" or any(c.dep_ in ("dobj", "obj") for c in verb.children)):
            # "found something on a branch": what was found, not the finder; "jumped to see over
            # it" looks; but "they meet at the fruit stall" are both there
            return []
        moved = [c for c in verb.children if c.dep_ in ("dobj", "obj") and prep is not None and c.i < prep.i]
        things = [o for o in self.entities(moved) if o in objects and not self.mentions.is_character(o)]
        if prep is not None and prep.lower_ in ("into", "onto") and things:
            return things  # "the wind blew sand into her bed": what is moved goes in
        return doers + [c for c in self._company(verb) if c not in doers]

    def _moves_own_body(self, verb: Token) -> bool:
        """"the camel folded her knees": every object is a body part of the doer."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        doers = self.subjects(verb)
        return bool(objects) and all(self.mentions.part_of(c) and (
            self.mentions.of(c) in doers or any(p.dep_ == "poss" and p.pos_ == "PRON" for p in c.children))
            for c in objects)

    def _company(self, verb: Token) -> list[str]:
        """"camping in a tree house with his mother": the mother is there too; also when the
        parser hangs the "with" on the place ("lived in a jungle treehouse with her family")."""
        found = []
        withs = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in self.words.prepositions:
                withs += [c for p in _pobjs(prep) for c in p.children if c.dep_ == "prep" and c.lower_ == "with"]
        for prep in withs:
            found += [e for e in self.entities(_pobjs(prep)) if self.mentions.is_character(e) and e not in found]
        return found

    def _between(self, prep: Token, pobj: Token) -> None:
        targets = self.entities([pobj])
        if len(targets) == 1:
            entity = self.graph.entity(targets[0])
            if entity.count == 2 or pobj.tag_ in ("NNS", "NNPS"):
                targets = targets * 2  # "between two trees"
        if len(targets) != 2:
            return
        for located in self.located(prep):
            if located not in targets:
                self.graph.add_relation(Relation(located, "between", between=tuple(targets)))

    def _with(self, prep: Token) -> None:
        """"with" carries things along, fills, covers, or keeps company."""
        objects = [o for o in _pobjs(prep) if self.mentions.part_of(o) is None]
        # "with a lamb curled beside her", "with a fish on it": the small clause places them
        # ("a bucket of paint" is still carried)
        objects = [o for o in objects if not any(
            c.dep_ == "acl" or (c.dep_ == "prep" and c.lower_ in self.words.prepositions) for c in o.children)]
        items = self.entities(objects)
        if not items:
            return
        head = _climb_intensifiers(prep.head)
        container = self.mentions.of(head) if head.pos_ in ("NOUN", "PROPN") else None
        if container and self.graph.entity(container).lemma in self.words.settings:
            # "lived on a busy farm with a red barn and a muddy pond": both are in the farm (a
            # character "with" is company, placed where the verb's doer is)
            return self._each([i for i in items if not self.mentions.is_character(i)], "in", [container])
        if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj" and not (
                container and self.graph.entity(container).lemma in self.words.containers):
            verb = _governing_verb(head)  # "sat in a corner with a book": the sitter has the book
            head = verb if verb is not None else head
        elif head.dep_ in ("dobj", "obj") and head.head.lemma_.lower() in (
                self.words.filling_verbs | self.words.covering_verbs):
            head = head.head  # "lined the ditch with leaves", with "with" hung on the ditch
        if head.lemma_.lower() == "be":
            # "Tiko was a snow monkey with a fluffy coat" describes the monkey, who holds nothing
            # (the "with" is read as if it hung on "monkey": only a container gets contents)
            attr = next((c for c in head.children if c.dep_ == "attr" and self.mentions.of(c)), None)
            head = attr if attr is not None else head
        if head.pos_ in ("VERB", "AUX"):
            lemma = head.lemma_.lower()
            if lemma in self.words.finding_verbs:  # "found a courtyard with a fountain"
                _, found = self.doers_and_objects(head)
                return self._each(items, "in", [f for f in found
                                                if self.graph.entity(f).lemma in self.words.containers])
            if self.is_imagined(head):
                return
            doers, targets = self.doers_and_objects(head)
            if lemma in self.words.covering_verbs:
                return self._each(items, "on", targets)
            if lemma in self.words.filling_verbs:
                return self._each(items, "in", targets)
            if lemma in self.words.sharing_verbs:
                for giver in doers:
                    for thing in targets:
                        for receiver in items:
                            self.add(giver, "giving_to", receiver, thing=thing)
                return
            if lemma in self.words.not_holding_with_verbs or lemma in self.words.searching_verbs:
                setting = self._setting_before(prep)
                if setting is not None:  # "lived at a desert oasis with a turquoise pool", "with" hung on "lived"
                    self._each([i for i in items if not self.mentions.is_character(i)], "in", [setting])
                return
            things = [i for i in items if not self.mentions.is_character(i)
                      and self.graph.entity(i).lemma not in self.words.groups]
            # only someone holds: "a house with big windows stood there" holds nothing (a
            # pronoun may stand for someone)
            holders = [d for d in doers if self.mentions.is_character(d) or self.graph.entity(d).is_pronoun]
            return self._each(holders, "holding", things)
        if head.pos_ in ("NOUN", "PROPN"):
            container = self.mentions.of(head)
            if container and self.graph.entity(container).lemma in self.words.containers:
                self._each(items, "in", [container])  # "a courtyard with a fountain"

    def _setting_before(self, prep: Token) -> str | None:
        """The setting ("a desert oasis", "a busy farm") whose place phrase ends right before
        `prep`, when the parser hangs `prep` on the verb instead of on it."""
        before = prep.doc[prep.i - 1] if prep.i > 0 else None
        if before is None or before.dep_ != "pobj" or before.head.head != prep.head:
            return None
        if before.head.lower_ not in self.words.prepositions and before.head.lower_ != "at":
            return None
        setting = self.mentions.of(before)
        return setting if setting and self.graph.entity(setting).lemma in self.words.settings else None

    def _of(self, prep: Token) -> None:
        """"a jar of sand" and "a bag full of letters" put the contents in the container."""
        head = prep.head
        contents = self.entities(_pobjs(prep))
        if not contents:  # "full of giggling lions": the parser hangs the lions on "giggling"
            contents = self.entities([o for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"
                                      for o in c.children if o.dep_ in ("dobj", "obj")])
        if head.lower_ == "full":
            holder = head.head if head.head.pos_ in ("NOUN", "PROPN") else None
            if holder is None and head.head.pos_ in ("VERB", "AUX"):
                containers = self.subjects(head.head)
            else:
                containers = self.entities([holder]) if holder is not None else []
            return self._each(contents, "in", containers)
        container = self.mentions.of(head)
        if container and self.graph.entity(container).lemma in self.words.containers:
            self._each(contents, "in", [container])

    def _after(self, prep: Token) -> None:
        verb = _governing_verb(prep)
        if verb is not None and verb.lemma_ in self.words.chasing_after_verbs and not self.is_imagined(verb):
            self._each(self.subjects(verb), "chasing", self.entities(_pobjs(prep)))

    def _at(self, prep: Token) -> None:
        verb = _governing_verb(prep)
        if verb is not None and verb.lemma_ in self.words.looking_at_verbs:
            if not self.is_imagined(verb):
                lookers = self.subjects(verb)
                if _is_each_other(_pobj_of(prep)):  # "the frog and the unicorn looked at each other"
                    for looker, other in itertools.permutations(lookers, 2):
                        self.add(looker, "looking_at", other)
                    return
                self._each(lookers, "looking_at", self.entities(_pobjs(prep)))
            return
        top = _pobj_of(prep)
        inner = _pobj_of(top, "of") if top is not None and top.lower_ == "top" else None
        if inner is not None:  # "at the top of a tall dune": on the dune
            return self._place(prep, "on", self.entities([inner]))
        # "lived at the edge of the jungle": near it; "a rock at the bottom of the sea": in it
        region = top.lower_ if top is not None else ""
        regions = self.words.region_at_near | self.words.region_at_in
        inner = _region_owner(top, self.words) if region in regions else None
        if inner is not None:
            relation = "near" if region in self.words.region_at_near else "in"
            return self._place(prep, relation, self.entities([inner]))
        # "waited at the door", "the geese at the gate": near the door
        places = [p for p in _pobjs(prep) if self.mentions.of(p)
                  and self.graph.entity(self.mentions.of(p)).lemma in self.words.at_places]
        if places:
            self._place(prep, "near", self.entities(places))

    def _from(self, prep: Token) -> None:
        """"A parrot laughed from a branch": on the branch; "called from the nest": in it.
        Only after verbs that are done from where one is (not "jumped from the branch")."""
        pobj = _pobj_of(prep)
        target = self.mentions.of(pobj)
        head = _climb_intensifiers(prep.head)
        verb = head.head if head.pos_ in ("NOUN", "PROPN") and head.head.pos_ == "VERB" else _governing_verb(prep)
        if target is None or verb is None or verb.lemma_.lower() not in self.words.from_place_verbs:
            return
        if self.is_imagined(verb):
            return
        lemma = self.graph.entity(target).lemma
        if lemma in self.words.surfaces:
            relation = "on"
        elif lemma in self.words.containers or lemma in self.words.enterable_places:
            relation = "in"
        else:
            return
        if head.pos_ in ("NOUN", "PROPN") and self.mentions.of(head):  # "his mama from the branch"
            located = self.entities([head])
        else:
            located = self.subjects(verb)
        self._each(located, relation, [target])

    def implicit_place_relations(self, word: Token) -> None:
        """The place the sentence leaves out is the latest fitting one the story named (this
        scene or the one before, see graph_memory.py): "Her map fell in." (the lake),
        "Inside sat an owlet" (the hollow), "Greta climbed on for a ride" (the goat: riding)."""
        verb = word.head
        if self.is_imagined(verb):
            return
        if any(c.dep_ in ("dobj", "obj") and self.mentions.part_of(c) for c in verb.children):
            return  # "pushed his nose in": only a body part goes in, not the one it belongs to
        if word.lower_ == "in" and self._names_its_place(verb):
            return  # "flew in to nest among the roses": the sentence says where they went
        located = self._located_by_verb(verb)
        if not located:
            return
        mounting = word.lower_ in ("on", "aboard")
        if mounting and verb.lemma_.lower() not in self.words.mounting_verbs:
            return

        movers = set(self.subjects(verb))  # who goes in by themselves, not what is put in
        goes_in_itself = word.lower_ == "in" and set(located) <= movers

        def fits(lemma: str, character: bool) -> bool:
            if mounting:
                return lemma in self.words.rideables or (character and lemma in self.words.animals)
            if goes_in_itself and not character and lemma in self.words.open_places:
                return True  # "Mango tiptoed in": into the field
            return not character and (lemma in self.words.containers or lemma in self.words.enterable_places)

        place = self._implied_place(word, located, fits)
        if place is None:
            return
        relation = "riding" if mounting else ("inside" if word.lower_ == "inside" else "in")
        for thing in located:
            if relation == "riding" and not self.mentions.is_character(thing):
                continue
            if relation != "riding" and thing in movers and self.graph.entity(thing).lemma in self.words.sky_movers:
                continue  # "a gray cloud rolled in": it came into the sky, not into the garden
            self.add(thing, relation, place)

    def _names_its_place(self, verb: Token) -> bool:
        """The verb, or the purpose it is done for, has a place phrase of its own."""
        clauses = [verb, *(c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB")]
        return any(p.dep_ == "prep" and p.lower_ in self.words.prepositions
                   and _pobj_of(p) is not None and self.mentions.of(_pobj_of(p))
                   for clause in clauses for p in clause.children)

    def _on_top_of_latest_surface(self, prep: Token, top: Token) -> None:
        """"On top sat one shiny red cherry", "Georgie landed on top": on top of the latest
        surface (tower, dune, rock...) the story named."""
        located = self.located(prep)
        if not located:
            return
        place = self._implied_place(top, located, lambda lemma, character: (
            not character and lemma in self.words.surfaces))
        for thing in located:
            self.add(thing, "on", place)

    def _implied_place(self, word: Token, located: list[str], fits) -> str | None:
        """The entity id of the latest place that `fits(lemma, is a character)`, looked up in
        this sentence before `word`, then in the story memory (newest first); it becomes a
        node of this graph, and the memory keeps it as the latest place."""
        earlier = [i for i in sorted(self.mentions.entity_at) if i < word.i
                   and not self.graph.entity(self.mentions.entity_at[i]).is_pronoun
                   and not is_comparison(word.doc[i])]
        in_sentence = [(self.graph.entity(self.mentions.entity_at[i]).lemma,
                        self.graph.entity(self.mentions.entity_at[i]).name,
                        self.mentions.is_character(self.mentions.entity_at[i])) for i in earlier]
        located_lemmas = {self.graph.entity(i).lemma for i in located}
        for lemma, name, character in reversed([*self.memory, *in_sentence]):
            if lemma not in located_lemmas and fits(lemma, character):
                place = entity_for(self.mentions, word, lemma, name)
                self.mentions.implied_at[word.i] = place.id
                return place.id
        return None

    def side_by_side_relations(self, sent: Span) -> None:
        """"Crystal and Tumble slid down the mountain side by side": the first one named is
        next to each of the others."""
        for by in sent:
            if by.lower_ != "by" or by.i == 0 or by.i + 1 >= len(by.doc):
                continue
            if by.doc[by.i - 1].lower_ != "side" or by.doc[by.i + 1].lower_ != "side":
                continue
            verb = _governing_verb(by)
            if verb is None or self.is_imagined(verb):
                continue
            together = self.subjects(verb)
            for other in together[1:]:
                self.add(together[0], "next_to", other)

    def relative_where_relations(self, sent: Span) -> None:
        """"a pool where the snow monkeys bathed": the monkeys are in the pool; so is every
        clause joined to it ("where the vines swung and the parrots chattered")."""
        for token in sent:
            if token.lower_ != "where":
                continue
            clause = token.head  # the parser may hang "where" on the last joined clause
            while clause.dep_ == "conj" and clause.head != clause:
                clause = clause.head
            place = self.mentions.of(clause.head) if clause.dep_ == "relcl" else None
            if place is not None:
                for each in conjuncts(clause):
                    if each.pos_ in ("VERB", "AUX") and not self.is_imagined(each):
                        self._each(self.subjects_only(each), "in", [place])


def _pobj_of(token: Token | None, word: str | None = None) -> Token | None:
    """The object of a preposition; with `word`, of the preposition `word` under a noun."""
    if token is None:
        return None
    if word is not None:
        prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == word), None)
        return _pobj_of(prep)
    return next((c for c in token.children if c.dep_ in ("pobj", "dobj")), None)


def _region_owner(region: Token | None, words: RelationWords) -> Token | None:
    """The place a region word stands for: "the middle of the desert" -> desert, "the camel's
    shade" -> camel."""
    if region is None:
        return None
    inner = _pobj_of(region, "of")
    if inner is not None:
        return inner
    return next((c for c in region.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)


def _is_each_other(token: Token | None) -> bool:
    return token is not None and token.lower_ == "other" and any(
        c.lower_ == "each" for c in token.children)


def is_comparison(token: Token) -> bool:
    """"like a pink hammock": a thing named only to compare is not in the scene."""
    return token.dep_ == "pobj" and token.head.lower_ in ("like", "as")


def _in_comparison(token: Token) -> bool:
    """A word inside a comparison: "like a sky full of stars", "like a bird in a cage"."""
    return any(is_comparison(a) for a in token.ancestors)


def _sets_the_scene(prep: Token, verb: Token) -> bool:
    """A place phrase that opens the sentence and ends in a comma ("In the kitchen, ...",
    "Back on the ship, ...") says where the whole clause happens."""
    top = prep.head if prep.head.pos_ == "ADV" and prep.head.dep_ in INTENSIFIER_DEPS else prep
    after = top.right_edge.i + 1
    return (top.left_edge.i == prep.sent.start and after < verb.i
            and prep.doc[after].text == ",")


def _is_formation(pobj: Token, words: RelationWords) -> bool:
    """"curled in a ball", "stood in a line": a shape taken, not a place (no "of" after it)."""
    if pobj.lemma_.lower() not in words.formations or _pobj_of(pobj, "of") is not None:
        return False
    if pobj.tag_ in ("NNS", "NNPS"):  # "came off in soft clumps", "stood in rows"
        return not any(c.dep_ in ("det", "poss") for c in pobj.children)
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in pobj.children)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _list_continued(pobj: Token) -> list[Token]:
    """"onto the squirrels, the table and the tree": the parser often hangs "the table and
    the tree" on the verb as an object. A noun phrase right after "<pobj>," that itself ends
    in "and ..." continues the list."""
    doc = pobj.doc
    after = pobj.right_edge.i + 1
    if after + 1 >= len(doc) or doc[after].text != ",":
        return []
    for token in doc[after + 1: min(len(doc), after + 6)]:
        if token.pos_ in ("NOUN", "PROPN") and token.left_edge.i == after + 1 and token.dep_ in (
                "dobj", "appos", "conj", "npadvmod", "nsubj") and token.conjuncts:
            return [token, *token.conjuncts]
    return []


def _stacked_on(prep: Token) -> Token | None:
    """In "in a teacup on the windowsill" the parser often hangs "on" from the verb; when a
    place phrase follows another one directly (no comma), it places the first one's object."""
    if prep.dep_ != "prep" or prep.i == 0:
        return None
    before = prep.doc[prep.i - 1]
    if before.dep_ in INTENSIFIER_DEPS and before.pos_ == "ADV" and before.head in (prep, prep.head) and prep.i > 1:
        before = prep.doc[prep.i - 2]  # "a palace deep in the jungle"
    if before.dep_ != "pobj" or before.head.dep_ != "prep" or before.head.head != prep.head:
        return None
    if before.head.lower_ == "to" and prep.lower_ in TRAVEL_WORDS:
        return None
    return before if before.head.lower_ in PLACE_WORDS else None


def _pobjs(prep: Token) -> list[Token]:
    first = _pobj_of(prep)
    return [] if first is None else conjuncts(first)


def _climb_intensifiers(token: Token) -> Token:
    """"deep in the jungle", "far below", "right beside": the word they sharpen."""
    while (token.pos_ == "ADV" and token.dep_ in INTENSIFIER_DEPS or token.dep_ == "prt") and token.head != token:
        token = token.head
    return token


def _governing_verb(prep: Token) -> Token | None:
    token = prep
    while token.head != token:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.pos_ not in ("ADV", "ADP", "PART"):
            return None
    return None
