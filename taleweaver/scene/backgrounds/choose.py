"""Choosing a scene's background from its theme and words.

Reads: the theme, the scene's text (lemmatized with the shared spaCy pipeline), the nouns of
its relation graph, the previous scene's design and a seed. Writes: a BackgroundChoice.

The rule, in order:
  1. Score each design of the theme: 3 points for every keyword of the design the scene says
     (a place: "shipwreck", "cave"), 1 point for every hint (a thing found there: "anchor").
  2. With a previous design (the story so far), stay there unless another design has a keyword
     in this scene and scores higher than the previous one: the story moved somewhere.
  3. Without one, take the best-scoring design; ties and scenes with no evidence at all get a
     seeded pick, so the same story always gets the same pictures.
The time of day comes from the words too: "night", "bedtime" give night; "sunset", "evening"
give sunset; anything else is day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from taleweaver.catalog import require_choice
from taleweaver.scene.backgrounds.registry import DesignInfo, designs_for

KEYWORD_POINTS = 3
HINT_POINTS = 1
NIGHT_WORDS = frozenset({"night", "midnight", "bedtime", "tonight", "nighttime", "moonlight",
                         "starlight", "moonlit"})
SUNSET_WORDS = frozenset({"sunset", "evening", "dusk", "twilight", "sundown"})


@dataclass(frozen=True)
class BackgroundChoice:
    design_id: str
    theme: str
    reason: str                 # "mentioned", "hinted", "continued" or "seeded"
    matched: tuple[str, ...]    # the scene's words that pointed to this design
    time_of_day: str            # "day", "sunset" or "night"
    scores: tuple[tuple[str, int], ...] = ()  # every design of the theme and its score


def scene_words(text: str, graph_nouns=()) -> set[str]:
    """Lemmas and lowercased words of the scene, with each adjacent pair as a two-word phrase
    ("coral reef", "tree house"), plus the relation graph's nouns."""
    from taleweaver.nlp import english

    doc = english()(text)
    tokens = [t for t in doc if t.is_alpha]
    words = {t.lemma_.lower() for t in tokens} | {t.text.lower() for t in tokens}
    for a, b in zip(tokens, tokens[1:]):
        words.add(f"{a.lemma_.lower()} {b.lemma_.lower()}")
        words.add(f"{a.text.lower()} {b.text.lower()}")
    words |= {str(noun).lower() for noun in graph_nouns}
    return words


def _score(info: DesignInfo, words: set[str]) -> tuple[int, tuple[str, ...], bool]:
    keys = tuple(k for k in info.keywords if k in words)
    hints = tuple(h for h in info.hints if h in words)
    return KEYWORD_POINTS * len(keys) + HINT_POINTS * len(hints), keys + hints, bool(keys)


def time_of_day_in(words: set[str]) -> str:
    if words & NIGHT_WORDS:
        return "night"
    if words & SUNSET_WORDS:
        return "sunset"
    return "day"


def choose_background(theme: str, scene_text: str, graph_nouns=(), seed: int = 0,
                      previous: str | None = None) -> BackgroundChoice:
    """The background design for one scene (see the module docstring for the rule)."""
    theme = require_choice("theme", theme).id
    candidates = designs_for(theme)
    ids = [d.id for d in candidates]
    if previous is not None and previous not in ids:
        raise ValueError(f"previous design {previous!r} is not a {theme} design; allowed: {', '.join(ids)}")
    words = scene_words(scene_text, graph_nouns)
    scored = {d.id: _score(d, words) for d in candidates}
    time = time_of_day_in(words)
    scores = tuple((d, scored[d][0]) for d in ids)

    def choice(design_id: str, reason: str) -> BackgroundChoice:
        return BackgroundChoice(design_id, theme, reason, scored[design_id][1], time, scores)

    best = max(s for s, _, _ in scored.values())
    leaders = [d for d in ids if scored[d][0] == best]
    if previous is not None:
        moved = [d for d in leaders if d != previous and scored[d][2] and best > scored[previous][0]]
        if moved:
            return choice(_pick(moved, seed, theme), "mentioned")
        return choice(previous, "continued")
    if best > 0:
        pick = _pick(leaders, seed, theme)
        return choice(pick, "mentioned" if scored[pick][2] else "hinted")
    return choice(_pick(ids, seed, theme), "seeded")


def _pick(ids: list[str], seed: int, theme: str) -> str:
    if len(ids) == 1:
        return ids[0]
    return random.Random(f"{theme}/{seed}/{'/'.join(ids)}").choice(ids)
