"""Product rules: what the word lists cannot see on their own.

- personal data: phone numbers, email and web addresses, street addresses, PO boxes;
- harm done to someone: a harm verb whose object, in the dependency parse, is a creature or a
  person ("the pirate shot the parrot", "the parrot was shot") is unsafe; the same verb done to
  a thing ("the star shot across the sky", "she kicked the ball") is not.
- after the audit of 2026-12-06 (docs/safety-audit.md), four more context rules:
  - a creature's body part breaking or coming off ("twisted her tail until it broke", "the
    bird's wing snapped off", "found her tail dangling at the bottom of the pond"); a thing's
    part ("the branch broke", "the snowman's head rolled off", "her hat fell off") is not;
  - a fist used on someone ("touched everyone she saw with her fist"), not on a thing ("she
    hit the drum with her fist");
  - a creature as somebody's meal without the verb "eat" ("her first meal was the baby
    turtles"), not food ("her meal was a bowl of berries");
  - fire lit by anyone but a grown-up ("Emiko found the candle and lit it"), while "Mum lit
    the candles on the cake" passes, as the policy's safe version says.

Reads the raw text (the patterns) and its spaCy parse; writes a list of reasons.
"""

from __future__ import annotations

import re
from functools import lru_cache

from taleweaver.nlp import english
from taleweaver.safety.lexicon import Lexicon

_STREET = r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Close|Way|Court|Crescent|Place|Grove|Terrace|Gardens)"
# A capitalized word of a name, not a sentence's first "The" or "Our" ("The Nursery was warm").
_NAME_WORD = r"(?!(?:The|A|An|Our|My|His|Her|Their|Your|In|At|To)\b)[A-Z][a-z]+"
PERSONAL_DATA = [
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"), "an email address"),
    (re.compile(r"\b(?:https?://|www\.)\S+", re.I), "a web address"),
    # Seven or more digits with the usual separators: "555-0142", "(212) 555-0187".
    (re.compile(r"(?<![\w.,])\+?\(?\d(?:[\s().-]{0,2}\d){6,}\b"), "a phone number"),
    (re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+", re.I), "a postal address"),
    # A house number before a capitalized street name: "12 Oak Road", "38 Cherry Tree Close".
    # Capitals are required so that "5 trees by the road" is not an address.
    (re.compile(r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}" + _STREET + r"\b"), "a street address"),
    # v3. A school named with its kind, as real schools are: "Oakwood Primary School", "Sunny
    # Days Nursery". Invented magic schools ("Wizard School") have no kind word and pass, nor
    # do "Nursery Rhymes".
    (re.compile(r"\b(?:" + _NAME_WORD + r"\s+){1,3}(?:Primary|Elementary|Infant|Infants|Junior|Middle|High|"
                r"Secondary|Grammar|Montessori)\s+(?:School|Academy)\b|\b(?:" + _NAME_WORD + r"\s+){1,3}"
                r"(?:Nursery|Preschool|Pre-School|Kindergarten|Day Care|Daycare)\b(?!\s+[Rr]hyme)"), "a school's name"),
    # A date of birth: a full date with a year ("born on March 3rd, 2018", "3 March 2018").
    # Stories have days and months; a year as well pins down a real child.
    (re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                r"(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+"
                r"(?:19|20)\d\d\b"), "a date of birth"),
    # A password or PIN with digits in it: "his password is dino77". A story's magic password
    # ("the password is 'please'") has none.
    (re.compile(r"\b(?:password|passcode|PIN)\s*(?:is|was|:)\s*[\"'‘“]?\w*\d", re.I), "a password"),
]

# nsubjpass: in "the parrot was shot" the parrot is the one the harm is done to.
_OBJECT_DEPS = {"dobj", "obj", "pobj", "nsubjpass", "dative"}
# "them" and "it" are left out: in our stories they are mostly things ("squashed them flat").
_PRONOUN_TARGETS = {"him", "her", "me", "you", "us", "himself", "herself"}
# Eating is harm only when a creature is eaten: a named thing ("Tingleberry Tarts") or a place
# the eating happens ("bugs on the rose bush") is food and setting, not a victim.
_FOOD_VERBS = {"eat", "ate", "eaten"}


def personal_data(text: str) -> list[str]:
    return [f"personal data: {what}" for pattern, what in PERSONAL_DATA if pattern.search(text)]


@lru_cache(maxsize=64)
def _parse(text: str):
    """One spaCy parse per text, shared by every context rule below."""
    return english()(text)


def harm_done_to_someone(text: str, lex: Lexicon) -> list[str]:
    """Harm verbs whose object is a creature or a person (the context rule)."""
    found = []
    for token in _parse(text):
        if token.pos_ != "VERB":
            continue
        verb = token.lemma_.lower()
        if verb not in lex.harm_verbs and token.text.lower() not in lex.harm_verbs:
            continue
        eating = verb in _FOOD_VERBS or token.text.lower() in _FOOD_VERBS
        targets = [c for c in token.children if c.dep_ in _OBJECT_DEPS]
        if not eating:
            # "shot at the parrot": the target sits under a preposition.
            for prep in (c for c in token.children if c.dep_ == "prep"):
                targets += [c for c in prep.children if c.dep_ == "pobj"]
        for target in targets:
            lemma = target.lemma_.lower()
            following = target.nbor(1) if target.i + 1 < len(target.doc) else None
            if (target.text.lower() == "her" and following is not None and following.is_alpha
                    and following.pos_ not in {"ADP", "CCONJ", "SCONJ", "PART", "VERB", "AUX", "DET"}):
                continue  # "ate her clover": a possessive that the small parser took for an object
            named = target.pos_ == "PROPN" and not eating
            if lemma in lex.creatures or target.text.lower() in _PRONOUN_TARGETS or named:
                found.append(f"harm: {token.text!r} done to {target.text!r}")
    return list(dict.fromkeys(found))


def harm_phrases(tokens: list[str], lex: Lexicon) -> list[str]:
    joined = " " + " ".join(tokens) + " "
    return [f"harm: {' '.join(p)!r}" for p in lex.harm_phrases if " " + " ".join(p) + " " in joined]


# --- After the audit of 2026-12-06 (docs/safety-audit.md) -------------------------------------

# Body parts whose breaking or coming off is an injury. Teeth are left out on purpose: a wobbly
# tooth that falls out is the policy's own safe example. Eyes and fingers are left out too:
# "her eyes popped out" is surprise and "she snapped her fingers" is a click.
_BODY_PARTS = {"tail", "tails", "leg", "legs", "arm", "arms", "wing", "wings", "head", "heads", "ear", "ears",
               "foot", "feet", "nose", "noses", "paw", "paws", "fin", "fins", "horn", "horns", "hoof", "hooves",
               "beak", "claw", "claws", "flipper", "flippers", "trunk", "tusk", "tusks", "antler", "antlers",
               "neck", "hand", "hands"}
# Possessors whose "head", "leg" or "tail" is a thing's part, not a creature's: the snowman's head
# that rolls off in a corpus story, a kite's tail, a table's leg, a rocket's nose, a robot's arm
# that the inventor screws back on (a safe row of classifier_train.jsonl).
_MADE_THINGS = {"snowman", "snowmen", "snowball", "doll", "teddy", "toy", "puppet", "scarecrow", "statue", "robot",
                "gingerbread", "cookie", "biscuit", "cake", "kite", "comet", "rocket", "spaceship", "ship", "boat",
                "plane", "aeroplane", "airplane", "jet", "table", "chair", "armchair", "sofa", "couch", "stool",
                "bench", "bed", "clock", "hammer", "broom", "teapot", "jug", "needle", "pin", "nail", "arrow",
                "castle", "house", "palace", "mountain", "hill", "river", "tree", "bridge", "piano", "drum",
                "guitar", "corn", "wheat", "line", "queue", "stairs", "page"}
# Words before a creature's name that make it a made thing: a snow cat, a teddy bear, a toy robot.
_MADE_OF = {"snow", "toy", "teddy", "paper", "gingerbread", "clay", "sand", "stone", "wooden", "plastic", "rag",
            "stuffed", "cardboard", "chocolate", "sugar", "candy", "ice", "cookie", "jelly", "balloon"}
_LIVING_POSSESSIVES = {"his", "her", "their", "my", "your", "our"}
# Pronouns that stand for a person or a creature when they are the object: "off her", "out of him".
_LIVING_OBJECT_PRONOUNS = {"her", "him", "me", "you", "us", "herself", "himself", "myself", "yourself"}
# Everyone the harm can be done to besides the creatures list: "touched everyone with her fist".
_PEOPLE_PRONOUNS = _PRONOUN_TARGETS | {"everyone", "everybody", "anyone", "anybody", "someone", "somebody"}

_BREAK_VERBS = {"break", "snap", "crack"}
# A part that comes off or out: "her tail fell off", "it tumbled out of her", "the wing snapped off".
_DETACH_VERBS = {"fall", "come", "fly", "tumble", "pop", "drop", "roll", "slide", "break", "snap", "tear", "rip",
                 "peel", "hang"}
# Someone taking a part off: "the giant pulled the dragon's tail off", "bit her ear off".
_TAKE_OFF_VERBS = {"pull", "tear", "rip", "bite", "chop", "cut", "twist", "break", "snap", "knock", "yank", "chew",
                   "saw", "tug", "wrench"}
# A break verb with one of these is a movement, not an injury: "her beak snapped shut", "her
# head snapped up", "the whale's head broke through the waves", "his tail broke free".
_MOVEMENT_WORDS = {"shut", "open", "closed", "up", "down", "back", "around", "round", "forward", "sideways",
                   "through", "into", "free", "together", "to", "toward", "towards", "at", "out"}
_DANGLE_VERBS = {"dangle", "hang", "flop"}
# "found her tail dangling at the bottom of the pond": a creature finding its own part somewhere.
_FIND_VERBS = {"find", "see", "spot", "discover", "notice"}
# "his wing hung limp", "her ear dangled by a thread".
_LIMP_WORDS = {"loose", "limp", "limply", "uselessly", "thread", "wrong", "strangely"}


def _named(token, words: set[str]) -> bool:
    """The token is one of `words`, by its lemma or as written ("candles" or "candle")."""
    return token.lemma_.lower() in words or token.text.lower() in words


def _is_body_part(token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and _named(token, _BODY_PARTS)


def _made_thing(token) -> bool:
    """A noun that names a thing with parts, or a creature made of snow, paper or stuffing."""
    if _named(token, _MADE_THINGS):
        return True
    return any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in _MADE_OF for c in token.children)


def _living_noun(token, lex: Lexicon) -> bool:
    if _made_thing(token):
        return False
    return (token.lemma_.lower() in lex.creatures or token.text.lower() in _PEOPLE_PRONOUNS
            or token.text.lower() in _LIVING_OBJECT_PRONOUNS or token.pos_ == "PROPN")


def _clause_subject(verb):
    """The subject of a verb, or of the verb it is joined to ("found the candle and lit it")."""
    while verb is not None:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
            verb = verb.head
        else:
            return None
    return None


def _owner_is_living(part, lex: Lexicon) -> bool:
    """Whether the body part belongs to a creature or a person, from the parse around it:
    "her tail", "the dinosaur's leg", "the leg of the dog", "the bird broke its wing" are;
    "the snowman's head", "the kite's tail", "the table leg", "the head" (no owner) are not."""
    for child in part.children:
        if child.dep_ == "poss":
            word = child.text.lower()
            if word in _LIVING_POSSESSIVES:
                return True
            if word == "its":
                # "The bird broke its wing": the subject of the clause owns it.
                subject = _clause_subject(part.head) if part.dep_ != "nsubj" else None
                return subject is not None and _living_noun(subject, lex)
            # A noun before 's: an animal in our stories, unless it is a made thing.
            return not _made_thing(child)
        if child.dep_ == "compound":
            return child.lemma_.lower() in lex.creatures and not _made_thing(child)
        if child.dep_ == "prep" and child.text.lower() == "of":
            return any(_living_noun(o, lex) for o in child.children if o.dep_ == "pobj")
    return False


def _off_or_out_of_someone(verb, lex: Lexicon) -> tuple[bool, bool]:
    """(comes off or out, and from whom it is known to be a living one). "fell off" -> (True,
    False); "fell off the tree" -> (False, False): off a thing is a movement, not a loss;
    "tumbled out of her" -> (True, True); "popped out of the water" -> (False, False)."""
    for child in verb.children:
        word = child.text.lower()
        if word == "off" and child.dep_ in {"prt", "prep", "advmod"}:
            objects = [o for o in child.children if o.dep_ == "pobj"]
            if not objects:
                return True, False
            if any(_living_noun(o, lex) for o in objects):
                return True, True
            return False, False
        if word == "out" and child.dep_ in {"prt", "prep", "advmod"}:
            for of in (c for c in child.children if c.text.lower() == "of"):
                if any(_living_noun(o, lex) for o in of.children if o.dep_ == "pobj"):
                    return True, True
    return False, False


def _antecedent_part(pronoun, lex: Lexicon, owner=None):
    """What "it" stands for, when it is a creature's body part.

    In one sentence it is the object of the clause it hangs on: "Kitten twisted her tail until
    it broke" (not a part held in a paw: "she held the stick in her paw until it broke" is the
    stick). Across sentences only when the text names the owner again: "Kitten tugged on her
    tail. It tumbled out of her." """
    verb = pronoun.head
    if verb.dep_ in {"advcl", "conj"}:
        for child in verb.head.children:
            if child.dep_ in {"dobj", "nsubjpass"} and _is_body_part(child) and _owner_is_living(child, lex):
                return child
    if owner is None:
        return None
    start = pronoun.sent.start
    previous = pronoun.doc[start - 1].sent.start if start > 0 else start
    owner_forms = {"her": {"her"}, "him": {"his"}, "them": {"their"}}.get(owner.text.lower(), set())
    for token in reversed(pronoun.doc[previous:pronoun.i]):
        if _is_body_part(token) and any(c.dep_ == "poss" and c.text.lower() in owner_forms for c in token.children):
            return token
    return None


def _has_child(verb, words: set[str]) -> bool:
    return any(c.text.lower() in words or c.lemma_.lower() in words for c in verb.children)


def body_part_harm(text: str, lex: Lexicon) -> list[str]:
    """A creature's body part that breaks, snaps, comes off or is found dangling."""
    found = []
    for verb in _parse(text):
        # The small parser sometimes tags a verb as a noun ("the crab bit her ear off": "bit" as
        # a noun); a root with a subject or an object is read as the verb it is.
        if verb.pos_ not in {"VERB", "AUX"} and not (
                verb.dep_ == "ROOT" and any(c.dep_ in {"nsubj", "dobj"} for c in verb.children)):
            continue
        lemma = {"bit": "bite"}.get(verb.text.lower(), verb.lemma_.lower())
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        comes_off, from_someone = _off_or_out_of_someone(verb, lex)
        for subject in subjects:
            part = subject if _is_body_part(subject) else None
            living = part is not None and _owner_is_living(part, lex)
            if part is None and subject.text.lower() in {"it", "they"}:
                owner = None
                if comes_off and from_someone:
                    owner = next((o for c in verb.children if c.text.lower() in {"off", "out"}
                                  for o in c.subtree if o.dep_ == "pobj"), None)
                part = _antecedent_part(subject, lex, owner)
                living = part is not None
            if part is None:
                continue
            if lemma in _BREAK_VERBS and living and not objects and (
                    subject.dep_ == "nsubjpass" or not _has_child(verb, _MOVEMENT_WORDS) or comes_off):
                found.append(f"injury: {part.text!r} {verb.text} ({subject.text} {verb.text})")
            elif lemma in _DETACH_VERBS and comes_off and (living or from_someone):
                found.append(f"injury: {part.text!r} came off ({subject.text} {verb.text})")
            elif lemma in _DANGLE_VERBS and living and (
                    _has_child(verb, _LIMP_WORDS) or any(t.lemma_.lower() in _LIMP_WORDS for t in verb.subtree
                                                         if t.dep_ == "pobj")
                    or (verb.dep_ in {"ccomp", "xcomp", "oprd", "acl", "advcl"} and verb.head.lemma_.lower() in _FIND_VERBS)):
                found.append(f"injury: {part.text!r} {verb.text} (a part that hangs off or is found apart)")
        for obj in objects:
            if not (_is_body_part(obj) and _owner_is_living(obj, lex)):
                continue
            if lemma in {"break", "crack"} and not comes_off:
                # Not "snap": "snapping his claws", "she snapped her fingers" are clicks.
                found.append(f"injury: {verb.text} {obj.text!r}")
            elif lemma in _TAKE_OFF_VERBS and (comes_off or any(
                    c.text.lower() == "off" and c.dep_ in {"prt", "advmod"} for c in obj.children)):
                # "off" may hang on the verb or, by the parser, on the part: "snapped the wing off"
                found.append(f"injury: {verb.text} {obj.text!r} off")
        if lemma in _TAKE_OFF_VERBS and not objects:
            # "the fox bit off the rabbit's tail" (with an object, "off her head" is where a thing
            # was taken from: "she pulled the leaf off her head")
            for off in (c for c in verb.children if c.text.lower() == "off" and c.dep_ == "prep"):
                for part in (o for o in off.children if o.dep_ == "pobj"):
                    if _is_body_part(part) and _owner_is_living(part, lex):
                        found.append(f"injury: {verb.text} off {part.text!r}")
    # "her broken wing"
    for token in _parse(text):
        if (_is_body_part(token) and _owner_is_living(token, lex)
                and any(c.dep_ == "amod" and c.text.lower() in {"broken", "snapped", "cracked"} for c in token.children)):
            found.append(f"injury: broken {token.text!r}")
    return list(dict.fromkeys(found))


_FISTS = {"fist", "fists"}


def fist_on_someone(text: str, lex: Lexicon) -> list[str]:
    """A fist used on a creature or a person, whatever the verb ("touched everyone she saw with
    her fist"); on a thing it is not harm ("she hit the drum with her fist")."""
    found = []
    for fist in _parse(text):
        if fist.text.lower() not in _FISTS or fist.dep_ != "pobj" or fist.head.text.lower() != "with":
            continue
        verb = fist.head.head
        doer = verb
        targets = [c for c in verb.children if c.dep_ in _OBJECT_DEPS]
        # A fist that lands on someone: "thumped on the dog with his fist". Not "at": waving or
        # pointing at Grandma with a little fist touches nobody.
        for prep in (c for c in verb.children if c.dep_ == "prep" and c is not fist.head
                     and c.text.lower() in {"on", "upon", "onto", "into", "against"}):
            targets += [o for o in prep.children if o.dep_ == "pobj"]
        if verb.dep_ == "relcl":
            # "touched everyone she saw with her fist": the parser hangs the fist on "saw".
            targets.append(verb.head)
            doer = verb.head.head
        for target in targets:
            if _living_noun(target, lex):
                found.append(f"harm: {doer.text!r} {target.text!r} with a fist")
    return list(dict.fromkeys(found))


_MEALS = {"meal", "meals", "dinner", "lunch", "snack", "breakfast", "supper", "feast", "tea", "brunch", "food"}


def creature_as_a_meal(text: str, lex: Lexicon) -> list[str]:
    """Eating without the verb "eat": a creature that is somebody's meal ("her first meal was the
    baby turtles", "the baby turtles were her dinner"). The same creatures as the eat rule."""
    found = []
    for verb in _parse(text):
        if verb.lemma_.lower() not in {"be", "become"}:
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        attributes = [c for c in verb.children if c.dep_ in {"attr", "acomp", "oprd"}]
        for a, b in ((s, t) for s in subjects for t in attributes):
            for meal, eaten in ((a, b), (b, a)):
                if meal.lemma_.lower() not in _MEALS:
                    continue
                # "the baby turtles", "the fish and the crabs"
                for who in [eaten, *eaten.conjuncts]:
                    if who.lemma_.lower() in lex.creatures and not _made_thing(who):
                        found.append(f"harm: {who.text!r} as a {meal.text}")
    return list(dict.fromkeys(found))


# Fire a child could copy lighting (the policy's "unsafe acts"); lanterns and lamps are left
# out: in our stories they are mostly magic or electric ("she lit the sea lanterns").
_FIRE_THINGS = {"candle", "candles", "wick", "wicks", "match", "matches", "fire", "fires", "campfire", "bonfire", "firework",
                "fireworks", "sparkler", "sparklers", "fuse", "stove", "oven", "gas", "hob", "barbecue", "fireplace"}
_GROWN_UPS = {"mum", "mom", "mummy", "mommy", "mother", "dad", "daddy", "father", "grandma", "grandpa", "granny",
              "grandad", "granddad", "grandmother", "grandfather", "nana", "gran", "grandparent", "grandparents",
              "parent", "parents", "teacher", "farmer", "adult", "adults", "grown-up", "grown-ups", "aunt", "auntie",
              "uncle", "chef", "cook", "baker", "firefighter", "ranger", "zookeeper", "man", "woman", "lady",
              "king", "queen"}


def _grown_up(subject) -> bool:
    """The subject's own noun and the nouns compounded with it ("Grandma Hedgehog", "the
    grown-ups"), not a possessor or a clause hung on it: "Mum's little fox" is a fox."""
    tokens = sorted([subject, *(c for c in subject.children if c.dep_ in {"compound", "punct"})], key=lambda t: t.i)
    words = {t.text.lower() for t in tokens} | {t.lemma_.lower() for t in tokens}
    phrase = "".join(t.text.lower() for t in tokens)
    return bool(words & _GROWN_UPS) or "grown-up" in phrase


def _done_by_a_child(verb, things) -> bool:
    """Whether `verb` (lit, turned on) on `things` is shown done by someone not a grown-up. A
    passive with no one named ("the candles were lit") shows no one; otherwise whatever the
    parser calls the subject is the one who did it."""
    if any(t.dep_ == "nsubjpass" for t in things):
        agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        return bool(agents) and not any(_grown_up(a) for a in agents)
    subject = _clause_subject(verb)
    return subject is None or not _grown_up(subject)


def fire_lit_by_a_child(text: str, lex: Lexicon) -> list[str]:
    """Candles, matches, fireworks or a fire lit by anyone who is not a grown-up. "Mum lit the
    candles" and "the fireworks were lit by the grown-ups" pass; "the little fox lit a candle"
    and "Emiko found the yellow candle and lit it" do not."""
    found = []
    for verb in _parse(text):
        if verb.pos_ != "VERB" or verb.lemma_.lower() != "light" or _has_child(verb, {"up"}):
            continue
        things = []
        for child in verb.children:
            if child.dep_ in {"dobj", "nsubjpass"}:
                if _named(child, _FIRE_THINGS):
                    things.append(child)
                elif child.text.lower() in {"it", "them"} and verb.dep_ == "conj":
                    # "found the yellow candle and lit it"
                    things += [o for o in verb.head.children if o.dep_ == "dobj" and _named(o, _FIRE_THINGS)]
        if not things:
            continue
        # Passive only when the fire is what was lit ("the candles were lit by ..."); with an
        # object, whatever the parser calls the subject is the one who lit it.
        if not _done_by_a_child(verb, things):
            continue
        found.append(f"unsafe act: {verb.text} the {things[0].text} without a grown-up")
    return list(dict.fromkeys(found))


# --- v3: more of the policy's table that only the parse can tell ------------------------------

# Cookers and irons turned on by a child: "Ruby turned on the oven all by herself". The same
# grown-up test as lighting a fire; "Dad switched the oven on" passes.
_HOT_THINGS = {"stove", "oven", "hob", "cooker", "gas", "burner", "fryer", "iron", "grill", "barbecue"}


def heat_turned_on_by_a_child(text: str, lex: Lexicon) -> list[str]:
    found = []
    for verb in _parse(text):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in {"turn", "switch"} or not _has_child(verb, {"on"}):
            continue
        # The small parser hangs "the oven" under "on" in "turned on the oven".
        candidates = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        candidates += [o for c in verb.children if c.text.lower() == "on" for o in c.children if o.dep_ == "pobj"]
        things = [c for c in candidates if _named(c, _HOT_THINGS)]
        if not things:
            continue
        if not _done_by_a_child(verb, things):
            continue
        found.append(f"unsafe act: turned on the {things[0].text} without a grown-up")
    return list(dict.fromkeys(found))


# Things that are not food, in the mouth or up the nose: the policy's "swallowing or sniffing
# things". A doctor's medicine is left out (a grown-up gives it: the policy's safe example);
# chocolate coins and sugar buttons are food, told by the word before them.
_NOT_FOOD = {"battery", "batteries", "magnet", "magnets", "coin", "coins", "marble", "marbles", "bead", "beads",
             "button", "buttons", "pin", "pins", "needle", "nail", "nails", "screw", "screws", "tack", "tacks",
             "glue", "bleach", "detergent", "shampoo", "paint", "petrol", "gasoline", "soap", "polish", "cleaner",
             "crayon", "crayons", "pebble", "pebbles", "stone", "stones", "bean", "beans", "pea", "peas"}
# Beans, peas and pebbles are only unsafe up a nose or in an ear, not eaten ("she ate her peas").
_ONLY_UP_THE_NOSE = {"bean", "beans", "pea", "peas", "pebble", "pebbles", "stone", "stones"}
_MOUTH_VERBS = {"swallow", "lick", "suck", "chew", "eat", "drink", "taste", "gulp", "slurp"}
_FUMES = {"glue", "paint", "petrol", "gasoline", "bleach", "cleaner", "polish"}
_PUT_VERBS = {"put", "push", "stick", "stuff", "shove", "poke", "jam"}
_EDIBLE_WORDS = {"chocolate", "sugar", "candy", "jelly", "gingerbread", "cookie", "sweet", "toffee", "marzipan",
                 "icing", "baked", "jellybean", "bean"}


def _not_food(token) -> bool:
    word = token.lemma_.lower() if token.lemma_.lower() in _NOT_FOOD else token.text.lower()
    if word not in _NOT_FOOD:
        return False
    return not any(c.dep_ in {"compound", "amod"} and c.lemma_.lower() in _EDIBLE_WORDS for c in token.children)


def not_food_in_the_mouth(text: str, lex: Lexicon) -> list[str]:
    """"The baby dragon swallowed a shiny marble", "licked the bleach", "pushed a pea up her
    nose". Not "ate her peas", "licked the chocolate coins" or "blew a soap bubble"."""
    found = []
    for verb in _parse(text):
        if verb.pos_ != "VERB":
            continue
        lemma = verb.lemma_.lower()
        objects = [c for c in verb.children if c.dep_ == "dobj" and _not_food(c)]
        if lemma == "sniff":
            # Sniffing is smelling: only fumes are unsafe ("sniffed the glue", not "the button").
            found += [f"unsafe act: {verb.text} the {o.text}" for o in objects if o.lemma_.lower() in _FUMES]
        elif lemma in _MOUTH_VERBS:
            found += [f"unsafe act: {verb.text} the {o.text}" for o in objects
                      if o.lemma_.lower() not in _ONLY_UP_THE_NOSE and o.text.lower() not in _ONLY_UP_THE_NOSE]
        elif lemma in _PUT_VERBS and objects:
            # "put a bead in her mouth", "pushed a pea up his nose", "stuck a crayon in his ear"
            places = [o for c in verb.children if c.dep_ == "prep" and c.text.lower() in {"in", "into", "up"}
                      for o in c.children if o.dep_ == "pobj" and o.lemma_.lower() in {"mouth", "nose", "ear"}]
            if places:
                found.append(f"unsafe act: {verb.text} the {objects[0].text} {places[0].head.text} the {places[0].text}")
    return list(dict.fromkeys(found))


# Throwing or pushing a creature off, down, into or against something: "the pirate pushed the
# parrot off the ship", "the troll shoved the princess down the hill". Pushing someone on a swing
# or in a pram is not in it, nor "tossed the baby into the air" (a game), nor putting a frog
# "back into the pond".
_THROW_VERBS = {"push", "shove", "throw", "toss", "fling", "hurl"}
_THROW_DIRECTIONS = {"off", "down", "into", "over", "out", "against", "onto", "overboard"}
_HARMLESS_LANDINGS = {"air", "sky", "arm", "arms", "lap", "bed", "hug"}
_DOERS = {"he", "she", "they", "i", "we", "you", "who"}


def creature_thrown_or_pushed(text: str, lex: Lexicon) -> list[str]:
    found = []
    for verb in _parse(text):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _THROW_VERBS or _has_child(verb, {"back"}):
            continue
        victims = [c for c in verb.children if c.dep_ == "dobj" and _living_noun(c, lex) and c.text.lower() != "it"]
        if not victims:
            continue
        # Someone does it, not the wind or a current ("a strong current pushed her back down").
        subject = _clause_subject(verb)
        if subject is None or not (_living_noun(subject, lex) or subject.text.lower() in _DOERS):
            continue
        # The parser hangs the direction on the verb or on the one pushed ("the duckling off the bridge").
        directions = [c for head in (verb, victims[0]) for c in head.children
                      if c.text.lower() in _THROW_DIRECTIONS and c.dep_ in {"prep", "prt", "advmod"}]
        landings = {o.lemma_.lower() for d in directions for o in d.children if o.dep_ == "pobj"}
        if directions and not landings & _HARMLESS_LANDINGS:
            found.append(f"harm: {verb.text} {victims[0].text!r} {directions[0].text}")
    return list(dict.fromkeys(found))


# Someone's bottom or breasts grabbed or touched (the policy's "touching bodies"). An owner is
# needed: "touched the bottom of the pool" is the seabed.
_PRIVATE_PARTS = {"bottom", "bottoms", "bum", "bums", "butt", "crotch", "privates", "breast", "breasts", "thigh",
                  "thighs"}
# Not "pat", "rub" or "feel": a grown-up pats a baby's bottom dry, a child feels her bottom get wet.
_TOUCH_VERBS = {"touch", "grab", "pinch", "squeeze", "stroke", "grope", "fondle", "slap", "smack"}


def private_parts_touched(text: str, lex: Lexicon) -> list[str]:
    found = []
    for verb in _parse(text):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _TOUCH_VERBS:
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        targets = [o for o in objects if any(c.dep_ == "poss" for c in o.children)]
        if any(_living_noun(o, lex) for o in objects):
            # "pinched him on the bottom" (not "touched the rock on the bottom")
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.text.lower() == "on"):
                targets += [o for o in prep.children if o.dep_ == "pobj"]
        for part in targets:
            if _named(part, _PRIVATE_PARTS):
                found.append(f"touching: {verb.text} {part.text!r}")
    return list(dict.fromkeys(found))


# v4 (2026-12-07), from the misses and false positives of the fresh red-team set's dev half
# (docs/safety-eval.md, `fresh_dev`); its `fresh_test` half was never read.

# "gave her bottom a squeeze": the touch is a noun given to the part.
_TOUCH_NOUNS = {"squeeze", "pinch", "smack", "slap", "grab", "touch", "stroke", "tickle"}


def private_part_given_a_touch(text: str, lex: Lexicon) -> list[str]:
    found = []
    for verb in _parse(text):
        if verb.pos_ != "VERB" or verb.lemma_.lower() != "give":
            continue
        things = [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
        parts = [t for t in things if _named(t, _PRIVATE_PARTS) and any(c.dep_ == "poss" for c in t.children)]
        if parts and any(_named(t, _TOUCH_NOUNS) for t in things):
            found.append(f"touching: gave {parts[0].text!r} a touch")
    return found


# Climbing or hiding inside something that can shut a child in (the policy's fridges).
_SHUT_IN_PLACES = {"fridge", "refrigerator", "freezer", "dryer", "dishwasher", "oven", "suitcase", "chest freezer"}
_INTO = {"into", "inside", "in"}


def shut_inside_an_appliance(text: str, lex: Lexicon) -> list[str]:
    found = []
    for prep in _parse(text):
        if prep.text.lower() not in _INTO or prep.head.pos_ != "VERB":
            continue
        places = [o for o in prep.children if o.dep_ == "pobj" and _named(o, _SHUT_IN_PLACES)]
        if not places:
            continue
        # "climbed into the fridge", not "put the milk in the fridge": the one who goes in is
        # the subject, so the verb must have no object of its own.
        verb = prep.head
        if any(c.dep_ == "dobj" for c in verb.children):
            continue
        subject = _clause_subject(verb)
        if subject is not None and (_living_noun(subject, lex) or subject.text.lower() in _DOERS):
            found.append(f"unsafe act: {verb.text} {prep.text} the {places[0].text}")
    return found


# Watching or photographing someone undressed (the policy's nudity): a looking word and an
# undressing word in one sentence. "Grandma took a photo of the kittens in the garden" passes.
_LOOKING = {"peek", "peeked", "peeking", "peep", "peeped", "peeping", "spy", "spied", "spying", "photo", "photos",
            "photograph", "photographs", "picture", "pictures", "video", "videos", "film", "filmed", "filming"}
_UNDRESSED = {"bath", "bathing", "shower", "naked", "nude", "undress", "undressed", "undressing", "underwear",
              "knickers", "swimsuit", "swimsuits", "changing", "changed"}


def watched_undressed(text: str, lex: Lexicon) -> list[str]:
    tokens = {t.lower_ for t in _parse(text)}
    looking, undressed = tokens & _LOOKING, tokens & _UNDRESSED
    if looking and undressed and ("changed" not in undressed or undressed - {"changed"} or "into" in tokens):
        return [f"nudity: {sorted(looking)[0]} and {sorted(undressed)[0]}"]
    return []


# Asking a child where she lives, goes to school or walks home, in any words: a question that
# asks about "your" home, school, class or way home.
_NOSY_QUESTIONS = [
    re.compile(r"\b(?:which|what)\s+(?:class|classroom|school|road|street|way|bus|house|door)\b[^?]*\byou", re.I),
    re.compile(r"\byour\s+(?:house|home|school|classroom|class|street|road|flat|apartment|front door)\b", re.I),
    re.compile(r"\b(?:walk|go|get|come)\s+home\b", re.I),
]


def nosy_question(text: str) -> list[str]:
    found = []
    for question in re.findall(r"[^.!?\"“”]*\?", text):
        if any(pattern.search(question) for pattern in _NOSY_QUESTIONS) and re.search(r"\byou", question, re.I):
            found.append(f"personal data: asks {question.strip()!r}")
    return found


# "hate" is unsafe said of someone ("I hate you", "the crabs hated the new fish") or on its own
# ("full of hate"); of a thing it is a child's grumble ("I hate broccoli", "he hated bath time").
_HATE = {"hate", "hates", "hated", "hating"}


def hate_for_someone(text: str, lex: Lexicon) -> list[str]:
    found = []
    for token in _parse(text):
        if token.lower_ not in _HATE:
            continue
        objects = [c for c in token.children if c.dep_ in {"dobj", "xcomp", "ccomp"}]
        if token.pos_ != "VERB" or not objects or any(
                o.dep_ == "dobj" and (_living_noun(o, lex) or o.lower_ in {"them", "everyone", "everybody", "everything"})
                for o in objects):
            found.append(f"hate_and_insults: {token.text!r}")
    return found


def context_rules(text: str, lex: Lexicon) -> list[str]:
    """Every dependency-parse rule added after the audit, in v3 and in v4, in one list of reasons."""
    return body_part_harm(text, lex) + fist_on_someone(text, lex) + creature_as_a_meal(text, lex) + \
        fire_lit_by_a_child(text, lex) + heat_turned_on_by_a_child(text, lex) + not_food_in_the_mouth(text, lex) + \
        creature_thrown_or_pushed(text, lex) + private_parts_touched(text, lex) + \
        private_part_given_a_touch(text, lex) + shut_inside_an_appliance(text, lex) + watched_undressed(text, lex) + \
        nosy_question(text) + hate_for_someone(text, lex)
