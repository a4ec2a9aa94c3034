"""The effect library: data/sound/effects.yaml read, checked and indexed.

Reads: data/sound/effects.yaml, the recipes in recipes.py (to check each effect's parameters),
the catalog's adjectives and themes, and the safety lexicon (`screen_labels`).
Writes: an `EffectLibrary` of `Effect`s, each with its `Trigger` rules, for `choose.py` and
`render.py`. Any mistake in the data is an `EffectDataError` naming the effect and the field.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import yaml

from taleweaver.catalog import allowed_ids
from taleweaver.language.scene_graph import RELATIONS
from taleweaver.paths import DATA_DIR
from taleweaver.sound.effects.recipes import RECIPES

EFFECTS_PATH = DATA_DIR / "sound" / "effects.yaml"
EFFECT_FIELDS = {"id", "description", "recipe", "params", "duration_s", "loudness", "tones", "priority", "tags", "triggers"}
TAG_KINDS = ("characters", "objects", "actions")
TRIGGER_KINDS = ("words", "verbs", "nouns", "relations")
TRIGGER_CONDITIONS = ("with", "by", "unless", "themes", "object")
# Word kinds match a word of the scene; "relations" matches an edge of the scene's relation
# graph (taleweaver/language), so it only fires when the selector is given the scene's analysis.
WORD_KINDS = ("words", "verbs", "nouns")
MIN_DURATION_S, MAX_DURATION_S = 0.2, 5.0
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class EffectDataError(ValueError):
    """effects.yaml says something the library cannot use; the message names where."""


@dataclass(frozen=True)
class Trigger:
    """One rule for adding an effect: a word of the scene of `kind` ("words": any part of
    speech, "verbs", "nouns") whose lemma is in `lemmas`, and, when given, a linked word in
    `with_`, a doer in `by`, no linked word in `unless`, and a story theme in `themes`.

    kind "relations": `lemmas` are relation names of the scene graph ("riding", "in") and
    `object`, when given, the lemmas or names its object may have ("pony"); `by` then asks
    for the relation's subject, and `with_`/`unless` look at the words linked to where the
    relation is said."""

    kind: str
    lemmas: frozenset[str]
    with_: frozenset[str] = frozenset()
    by: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()

    @property
    def specificity(self) -> int:
        """How much context the rule asks for: a rule that needs a doer or a linked word
        beats a bare word when both claim the same word of the scene, and a relation between
        two named things ("rode the pony") counts as much as a linked word."""
        return 2 * bool(self.by) + 2 * bool(self.with_) + bool(self.themes) + 2 * (self.kind == "relations")


@dataclass(frozen=True)
class Effect:
    id: str
    description: str
    recipe: str
    params: MappingProxyType
    duration_s: float
    loudness: str
    level: float  # its loudness class's level (active RMS, see render.active_level)
    tones: frozenset[str]  # story adjectives that allow it
    priority: int
    characters: tuple[str, ...]
    objects: tuple[str, ...]
    actions: tuple[str, ...]
    triggers: tuple[Trigger, ...] = field(default=())

    def allows(self, adjective: str | None) -> bool:
        return adjective is None or adjective in self.tones

    def labels(self) -> list[str]:
        """Every name this effect goes by: its id, its tags and its trigger words (for the
        safety screen)."""
        names = [self.id.replace("_", " ")]
        names += [t.replace("_", " ") for t in self.characters + self.objects + self.actions]
        for trigger in self.triggers:
            names += sorted(trigger.lemmas) + sorted(trigger.object)
        return names


@dataclass(frozen=True)
class EffectLibrary:
    effects: MappingProxyType  # id -> Effect, in the file's order
    loudness_classes: MappingProxyType  # class -> active RMS level
    never_allowed: frozenset[str]

    def __len__(self) -> int:
        return len(self.effects)

    def __getitem__(self, effect_id: str) -> Effect:
        try:
            return self.effects[effect_id]
        except KeyError:
            raise KeyError(f"no sound effect {effect_id!r}; known: {', '.join(self.effects)}") from None

    def ids(self) -> list[str]:
        return list(self.effects)

    def tagged(self, character: str | None = None, object: str | None = None, action: str | None = None) -> list[Effect]:
        """Effects carrying every tag given, e.g. tagged(character="dragon")."""
        return [e for e in self.effects.values()
                if (character is None or character in e.characters)
                and (object is None or object in e.objects)
                and (action is None or action in e.actions)]


def _words(value, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EffectDataError(f"{where}: expected a list of words, got {value!r}")
    return frozenset(v.strip().lower() for v in value)


def _parse_trigger(raw, where: str, themes: set[str]) -> Trigger:
    if not isinstance(raw, dict):
        raise EffectDataError(f"{where}: a trigger is a mapping, got {raw!r}")
    kinds = [k for k in TRIGGER_KINDS if k in raw]
    if len(kinds) != 1:
        raise EffectDataError(f"{where}: a trigger names exactly one of {', '.join(TRIGGER_KINDS)}; got {sorted(raw)}")
    unknown = set(raw) - set(TRIGGER_KINDS) - set(TRIGGER_CONDITIONS)
    if unknown:
        raise EffectDataError(f"{where}: unknown trigger field(s) {sorted(unknown)}; allowed: "
                              f"{', '.join(TRIGGER_KINDS + TRIGGER_CONDITIONS)}")
    conditions = {key: _words(raw[key], f"{where}.{key}") for key in TRIGGER_CONDITIONS if key in raw}
    bad_themes = conditions.get("themes", frozenset()) - themes
    if bad_themes:
        raise EffectDataError(f"{where}.themes: unknown theme(s) {sorted(bad_themes)}; allowed: {', '.join(sorted(themes))}")
    lemmas = _words(raw[kinds[0]], f"{where}.{kinds[0]}")
    if kinds[0] == "relations":
        bad_relations = lemmas - set(RELATIONS)
        if bad_relations:
            raise EffectDataError(f"{where}.relations: unknown relation(s) {sorted(bad_relations)}; "
                                  f"allowed: {', '.join(RELATIONS)}")
    elif "object" in conditions:
        raise EffectDataError(f"{where}.object: only a relations trigger has an object; "
                              f"this one is {kinds[0]}")
    return Trigger(kind=kinds[0], lemmas=lemmas,
                   with_=conditions.get("with", frozenset()), by=conditions.get("by", frozenset()),
                   unless=conditions.get("unless", frozenset()), themes=conditions.get("themes", frozenset()),
                   object=conditions.get("object", frozenset()))


def _check_params(recipe: str, params: dict, where: str) -> None:
    signature = inspect.signature(RECIPES[recipe])
    accepted = set(list(signature.parameters)[3:])  # after sr, rng, duration_s
    unknown = set(params) - accepted
    if unknown:
        raise EffectDataError(f"{where}.params: recipe {recipe!r} takes no {sorted(unknown)}; it takes {sorted(accepted)}")
    missing = [name for name, p in signature.parameters.items()
               if name in accepted and p.default is inspect.Parameter.empty and name not in params]
    if missing:
        raise EffectDataError(f"{where}.params: recipe {recipe!r} needs {missing}")


def _parse_effect(raw, index: int, loudness: dict, tone_sets: dict, adjectives: set[str], themes: set[str]) -> Effect:
    where = f"effects[{index}]"
    if not isinstance(raw, dict):
        raise EffectDataError(f"{where}: an effect is a mapping")
    where = f"effect {raw.get('id', index)!r}"
    missing, unknown = EFFECT_FIELDS - set(raw), set(raw) - EFFECT_FIELDS
    if missing or unknown:
        raise EffectDataError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}; fields: {sorted(EFFECT_FIELDS)}")
    if not isinstance(raw["id"], str) or not _ID.match(raw["id"]):
        raise EffectDataError(f"{where}: id must be lower_snake_case")
    if raw["recipe"] not in RECIPES:
        raise EffectDataError(f"{where}: unknown recipe {raw['recipe']!r}; allowed: {', '.join(sorted(RECIPES))}")
    params = raw["params"] or {}
    _check_params(raw["recipe"], params, where)
    duration = raw["duration_s"]
    if not isinstance(duration, (int, float)) or not MIN_DURATION_S <= duration <= MAX_DURATION_S:
        raise EffectDataError(f"{where}: duration_s must be {MIN_DURATION_S}..{MAX_DURATION_S} seconds, got {duration!r}")
    if raw["loudness"] not in loudness:
        raise EffectDataError(f"{where}: loudness {raw['loudness']!r}; allowed: {', '.join(loudness)}")
    tones = tone_sets.get(raw["tones"]) if isinstance(raw["tones"], str) else _words(raw["tones"], f"{where}.tones")
    if tones is None:
        raise EffectDataError(f"{where}: unknown tone set {raw['tones']!r}; allowed: {', '.join(tone_sets)} or a list")
    if tones - adjectives:
        raise EffectDataError(f"{where}.tones: {sorted(tones - adjectives)} are not story adjectives; allowed: {', '.join(sorted(adjectives))}")
    if raw["priority"] not in (1, 2, 3):
        raise EffectDataError(f"{where}: priority must be 1, 2 or 3")
    tags = raw["tags"] or {}
    if set(tags) - set(TAG_KINDS):
        raise EffectDataError(f"{where}.tags: unknown {sorted(set(tags) - set(TAG_KINDS))}; allowed: {', '.join(TAG_KINDS)}")
    tag_lists = {kind: tuple(sorted(_words(tags.get(kind) or [], f"{where}.tags.{kind}"))) for kind in TAG_KINDS}
    if not raw["triggers"]:
        raise EffectDataError(f"{where}: needs at least one trigger")
    triggers = tuple(_parse_trigger(t, f"{where}.triggers[{i}]", themes) for i, t in enumerate(raw["triggers"]))
    return Effect(
        id=raw["id"], description=str(raw["description"]), recipe=raw["recipe"], params=MappingProxyType(dict(params)),
        duration_s=float(duration), loudness=raw["loudness"], level=float(loudness[raw["loudness"]]), tones=tones,
        priority=raw["priority"], characters=tag_lists["characters"], objects=tag_lists["objects"],
        actions=tag_lists["actions"], triggers=triggers,
    )


def unsafe_labels(effect: Effect, never_allowed: frozenset[str]) -> list[str]:
    """Why an effect may not be played to a child: any of its names on the safety lexicon's
    lists, or naming a sound this library never allows (screams, sirens...). Empty when safe."""
    from taleweaver.safety.screen import screen_labels

    labels = effect.labels()
    reasons = list(screen_labels(labels).reasons)
    for label in labels:
        for word in re.split(r"[\s\-_]+", label.lower()):
            if word in never_allowed:
                reasons.append(f"label {label!r}: {word!r} is never allowed in children's sound effects")
    return reasons


def parse_library(raw: dict) -> EffectLibrary:
    """Check and index the parsed YAML. Raises EffectDataError on the first problem."""
    if not isinstance(raw, dict) or "effects" not in raw:
        raise EffectDataError("effects.yaml needs a top-level 'effects' list")
    loudness = {str(k): float(v) for k, v in (raw.get("loudness_classes") or {}).items()}
    if not loudness or not all(0 < v < 1 for v in loudness.values()):
        raise EffectDataError("loudness_classes: each class is an RMS level between 0 and 1")
    adjectives, themes = set(allowed_ids("adjective")), set(allowed_ids("theme"))
    tone_sets = {name: _words(words, f"tone_sets.{name}") for name, words in (raw.get("tone_sets") or {}).items()}
    never_allowed = _words(raw.get("never_allowed") or [], "never_allowed")
    effects: dict[str, Effect] = {}
    for index, item in enumerate(raw["effects"]):
        effect = _parse_effect(item, index, loudness, tone_sets, adjectives, themes)
        if effect.id in effects:
            raise EffectDataError(f"effect {effect.id!r} is listed twice")
        problems = unsafe_labels(effect, never_allowed)
        if problems:
            raise EffectDataError(f"effect {effect.id!r} is not child-safe: {'; '.join(problems)}")
        effects[effect.id] = effect
    return EffectLibrary(MappingProxyType(effects), MappingProxyType(loudness), never_allowed)


@lru_cache(maxsize=4)
def load_library(path: Path = EFFECTS_PATH) -> EffectLibrary:
    with open(path, encoding="utf-8") as f:
        return parse_library(yaml.safe_load(f))
