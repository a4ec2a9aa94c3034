"""Incoherent versions of real stories, the way UNION builds its negatives: the coherence
ranker learns to tell a real story from one with shuffled, repeated, substituted or flipped
sentences, or with characters swapped partway through.

Every function takes a story as a list of scenes (each a list of sentences) and returns a new
one; the caller joins them. Each perturbation says which kind it was, for per-kind reports.
"""

from __future__ import annotations

import random
import re

from taleweaver.catalog import allowed_ids

Scenes = list[list[str]]

KINDS = ("shuffle", "swap_characters", "repeat", "substitute", "negate")


def _flat(scenes: Scenes) -> list[str]:
    return [s for scene in scenes for s in scene]


def _regroup(sentences: list[str], like: Scenes) -> Scenes:
    out, i = [], 0
    for scene in like:
        out.append(sentences[i:i + len(scene)])
        i += len(scene)
    return out


def shuffle(scenes: Scenes, rng: random.Random, **_) -> Scenes:
    """Sentences out of order: most of the story moved, scene sizes kept."""
    sentences = _flat(scenes)
    order = list(range(len(sentences)))
    while order == sorted(order):
        # Shuffle a random window of at least half the story, so some are subtle.
        start = rng.randrange(0, len(order) // 2)
        window = order[start:]
        rng.shuffle(window)
        order = order[:start] + window
    return _regroup([sentences[i] for i in order], scenes)


def swap_characters(scenes: Scenes, rng: random.Random, hero: str = "", hero_name: str | None = None, **_) -> Scenes:
    """From a random scene on, the hero turns into another hero (and another name)."""
    others = [h for h in allowed_ids("hero") if h != hero]
    new_hero = rng.choice(others)
    new_name = rng.choice(["Pip", "Rosa", "Tomo", "Lulu", "Benny", "Mira", "Otto", "Kiki", "Nico", "Della"])
    start = rng.randrange(1, len(scenes))
    out = [list(scene) for scene in scenes]
    changed = False
    for i in range(start, len(out)):
        for j, sentence in enumerate(out[i]):
            new = sentence
            if hero:
                new = re.sub(rf"\b{re.escape(hero)}(s?)\b", rf"{new_hero}\1", new, flags=re.I)
            if hero_name:
                new = re.sub(rf"\b{re.escape(hero_name)}\b", new_name, new)
            changed |= new != sentence
            out[i][j] = new
    if not changed:  # the hero is only "she" after scene 1: give the name to a later sentence
        i = rng.randrange(start, len(out))
        out[i][0] = f"{new_name} the {new_hero} " + out[i][0][0].lower() + out[i][0][1:]
    return out


def repeat(scenes: Scenes, rng: random.Random, **_) -> Scenes:
    """A sentence said again later, or a phrase stuttered inside a sentence."""
    out = [list(scene) for scene in scenes]
    sentences = _flat(scenes)
    if rng.random() < 0.6:
        src = rng.randrange(len(sentences) - 1)
        dst_scene = rng.randrange(len(out))
        out[dst_scene][rng.randrange(len(out[dst_scene]))] = sentences[src]
        if out == scenes:
            out[-1][-1] = sentences[0]
    else:
        i = rng.randrange(len(out))
        j = rng.randrange(len(out[i]))
        words = out[i][j].split()
        span = rng.randint(2, 4)
        k = rng.randrange(max(1, len(words) - span))
        out[i][j] = " ".join(words[:k + span] + words[k:k + span] + words[k + span:])
    return out


def substitute(scenes: Scenes, rng: random.Random, donors: list[Scenes] = (), **_) -> Scenes:
    """One to three sentences replaced by sentences from other stories."""
    out = [list(scene) for scene in scenes]
    for _ in range(rng.randint(1, 3)):
        donor = rng.choice(donors)
        sentence = rng.choice(_flat(donor))
        i = rng.randrange(len(out))
        out[i][rng.randrange(len(out[i]))] = sentence
    return out


_NEGATIONS = [
    (r"\b(was|were|is|are|could|would|did|can|will|had) not\b", r"\1"),
    (r"\b(wasn't|weren't|isn't|aren't|couldn't|wouldn't|didn't|can't|won't)\b", None),
    (r"\b(was|were|is|are|could|would|can|will)\b", r"\1 not"),
]
_UNNEGATE = {"wasn't": "was", "weren't": "were", "isn't": "is", "aren't": "are", "couldn't": "could",
             "wouldn't": "would", "didn't": "did", "can't": "can", "won't": "will"}


def negate(scenes: Scenes, rng: random.Random, **_) -> Scenes:
    """Flip the negation of one or two sentences ("could" <-> "could not")."""
    out = [list(scene) for scene in scenes]
    spots = [(i, j) for i, scene in enumerate(out) for j, _ in enumerate(scene)]
    rng.shuffle(spots)
    flipped = 0
    for i, j in spots:
        sentence = out[i][j]
        for pattern, repl in _NEGATIONS:
            if re.search(pattern, sentence, flags=re.I):
                if repl is None:
                    new = re.sub(pattern, lambda m: _UNNEGATE[m.group(1).lower()], sentence, count=1, flags=re.I)
                else:
                    new = re.sub(pattern, repl, sentence, count=1, flags=re.I)
                out[i][j] = new
                flipped += 1
                break
        if flipped >= rng.randint(1, 2):
            break
    if not flipped:  # nothing to flip: fall back to a substitution-free repeat
        return repeat(scenes, rng)
    return out


PERTURBATIONS = {"shuffle": shuffle, "swap_characters": swap_characters, "repeat": repeat,
                 "substitute": substitute, "negate": negate}


def perturb(scenes: Scenes, rng: random.Random, kind: str | None = None, **context) -> tuple[str, Scenes]:
    """One incoherent version of `scenes`: a named kind, or a random one (sometimes two, as UNION
    mixes them)."""
    kinds = [kind] if kind else rng.sample(KINDS, 2 if rng.random() < 0.25 else 1)
    out = scenes
    for k in kinds:
        out = PERTURBATIONS[k](out, rng, **context)
    return "+".join(kinds), out
