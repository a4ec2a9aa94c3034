"""The layout dev set: hand-labeled corpus scenes (data/scene/layout_dev.jsonl).

Each line is one scene of a corpus story: story_id, scene (1-5), theme, a background design
of that theme, the objects the picture should show (key, object id, role, optional count) and
the relations the text states between them (subject, relation, object key or [key, key] for
"between", and `says`: the words of the text that state it). When a scene tells of a move
("swam up beside her ... sat on his shell") the label keeps the position the picture shows.

`load_dev_set()` checks every line and returns `DevScene` records; `held_out(scene)` says
whether a scene belongs to the third kept aside while the model was tuned (chosen by a hash
of story id and scene number, never by looking at results).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from taleweaver.paths import DATA_DIR
from taleweaver.scene.layout import LayoutItem, LayoutRelation, check_inputs

DEV_SET_PATH = DATA_DIR / "scene" / "layout_dev.jsonl"
HELD_OUT_EVERY = 3  # one scene in three (by hash) is held out of tuning


@dataclass(frozen=True)
class DevScene:
    story_id: str
    scene: int
    theme: str
    background: str
    items: tuple[LayoutItem, ...]
    relations: tuple[LayoutRelation, ...]
    says: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.story_id}/{self.scene}"


def held_out(scene: DevScene) -> bool:
    digest = hashlib.sha256(scene.name.encode()).hexdigest()
    return int(digest, 16) % HELD_OUT_EVERY == 0


def _scene_from(raw: dict, line_no: int) -> DevScene:
    where = f"{DEV_SET_PATH.name} line {line_no}"
    try:
        items = tuple(LayoutItem(o["key"], o["object"], o["role"], o.get("count", 1))
                      for o in raw["objects"])
        relations, says = [], []
        for r in raw["relations"]:
            objects = r["object"] if isinstance(r["object"], list) else [r["object"]]
            relations.append(LayoutRelation(r["subject"], r["relation"], tuple(objects)))
            says.append(r.get("says", ""))
        scene = DevScene(raw["story_id"], int(raw["scene"]), raw["theme"], raw["background"],
                         items, tuple(relations), tuple(says))
    except (KeyError, TypeError) as err:
        raise ValueError(f"{where}: missing or malformed field {err}") from None
    try:
        check_inputs(list(scene.items), list(scene.relations))
    except (ValueError, KeyError) as err:
        raise ValueError(f"{where}: {err}") from None
    return scene


def load_dev_set(path: Path = DEV_SET_PATH) -> list[DevScene]:
    from taleweaver.scene.backgrounds import designs

    scenes = []
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        scene = _scene_from(json.loads(line), line_no)
        design = designs().get(scene.background)
        if design is None or design.theme != scene.theme:
            raise ValueError(f"{path.name} line {line_no}: {scene.background!r} is not a {scene.theme} background")
        scenes.append(scene)
    return scenes
