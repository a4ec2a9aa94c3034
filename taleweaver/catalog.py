"""The curated choices (data/catalog.yaml): the only inputs a child can give taleweaver.

Every check of a child's choice goes through `require_choice`, so the message that lists the
allowed values is the same in the CLI, the Python API and (later) the web API.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from taleweaver.paths import DATA_DIR

KINDS = ("theme", "hero", "color", "adjective")
_SECTIONS = {"theme": "themes", "hero": "heroes", "color": "colors", "adjective": "adjectives"}


@dataclass(frozen=True)
class CatalogEntry:
    kind: str
    id: str
    name: str
    description: str
    emoji: str
    hex: str | None = None


class UnknownChoiceError(ValueError):
    """A choice that is not in the catalog. The message names the allowed values."""

    def __init__(self, kind: str, value: object):
        self.kind = kind
        self.value = value
        allowed = ", ".join(allowed_ids(kind))
        shown = "nothing" if value in (None, "") else repr(value)
        super().__init__(f"{kind} {shown} is not one of the choices; allowed: {allowed}")


@lru_cache(maxsize=1)
def load_catalog() -> dict[str, tuple[CatalogEntry, ...]]:
    with open(DATA_DIR / "catalog.yaml", encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return {
        kind: tuple(CatalogEntry(kind=kind, **item) for item in raw[_SECTIONS[kind]])
        for kind in KINDS
    }


def entries(kind: str) -> tuple[CatalogEntry, ...]:
    if kind not in KINDS:
        raise ValueError(f"unknown kind of choice {kind!r}; allowed: {', '.join(KINDS)}")
    return load_catalog()[kind]


def allowed_ids(kind: str) -> list[str]:
    return [e.id for e in entries(kind)]


def require_choice(kind: str, value: object) -> CatalogEntry:
    """Return the catalog entry for `value`, or raise UnknownChoiceError listing what is allowed."""
    for entry in entries(kind):
        if entry.id == value:
            return entry
    raise UnknownChoiceError(kind, value)
