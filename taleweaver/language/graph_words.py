"""The hand-written word lists the relation graph reads: data/language/relation_words.yaml.

Reads the YAML file once per process and checks that every preposition maps to a known
relation, so a typo in the data fails loudly instead of silently dropping edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import yaml

from taleweaver.language.scene_graph import RELATIONS
from taleweaver.paths import DATA_DIR

RELATION_WORDS_PATH = DATA_DIR / "language" / "relation_words.yaml"


@dataclass(frozen=True)
class RelationWords:
    prepositions: dict[str, str]
    searching_verbs: frozenset[str]
    placing_verbs: frozenset[str]
    finding_verbs: frozenset[str]
    shaping_verbs: frozenset[str]
    becoming_verbs: frozenset[str]
    knowing_verbs: frozenset[str]
    mistagged_verbs: dict[str, str]
    verb_lemmas: dict[str, str]
    not_above_verbs: frozenset[str]
    imagining_verbs: frozenset[str]
    holding_verbs: frozenset[str]
    gripping_verbs: frozenset[str]
    picking_up_verbs: frozenset[str]
    riding_verbs: frozenset[str]
    chasing_verbs: frozenset[str]
    chasing_after_verbs: frozenset[str]
    looking_verbs: frozenset[str]
    looking_at_verbs: frozenset[str]
    giving_verbs: frozenset[str]
    sharing_verbs: frozenset[str]
    covering_verbs: frozenset[str]
    filling_verbs: frozenset[str]
    not_holding_with_verbs: frozenset[str]
    groups: frozenset[str]
    wearing_verbs: frozenset[str]
    garments: frozenset[str]
    wrapping_verbs: frozenset[str]
    sticking_verbs: frozenset[str]
    region_nouns: frozenset[str]
    region_under: frozenset[str]
    region_at_near: frozenset[str]
    region_at_in: frozenset[str]
    formations: frozenset[str]
    sky_things: frozenset[str]
    sky_movers: frozenset[str]
    weather_in: frozenset[str]
    manner_words: frozenset[str]
    colors: frozenset[str]
    sizes: frozenset[str]
    numbers: dict[str, int]
    body_parts: frozenset[str]
    containers: frozenset[str]
    collective_nouns: frozenset[str]
    titled_kinds: dict[str, str]
    honorifics: frozenset[str]
    people: frozenset[str]
    generic_characters: frozenset[str]
    animals: frozenset[str]
    enterable_places: frozenset[str]
    open_places: frozenset[str]
    rideables: frozenset[str]
    mounting_verbs: frozenset[str]
    from_place_verbs: frozenset[str]
    surfaces: frozenset[str]
    at_places: frozenset[str]
    settings: frozenset[str]
    inverted_verbs: frozenset[str]
    realm_words: frozenset[str]
    not_entities: frozenset[str]

    @property
    def attribute_words(self) -> frozenset[str]:
        return self.colors | self.sizes

    @cached_property
    def characters(self) -> frozenset[str]:
        """People and animals."""
        return self.people | self.animals


@lru_cache(maxsize=1)
def relation_words() -> RelationWords:
    raw = yaml.safe_load(RELATION_WORDS_PATH.read_text(encoding="utf-8"))
    bad = {word: rel for word, rel in raw["prepositions"].items() if rel not in RELATIONS}
    if bad:
        raise ValueError(f"{RELATION_WORDS_PATH}: prepositions map to unknown relations {bad}; "
                         f"allowed: {', '.join(RELATIONS)}")
    values = {}
    for name, kind in RelationWords.__annotations__.items():
        if name not in raw:
            raise ValueError(f"{RELATION_WORDS_PATH} lacks the list {name!r}")
        item = raw[name]
        values[name] = ({str(k).lower(): v for k, v in item.items()} if kind.startswith("dict")
                        else frozenset(str(w).lower() for w in item))
    return RelationWords(**values)
