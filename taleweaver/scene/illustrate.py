"""The scene stage's entry point: a `Story` becomes five animated pictures.

    illustrate_story(story, out_dir, seed=None, on_scene=None) -> ScenesResult

Reads:  a `Story` (taleweaver/contracts.py): its choices (theme, hero, color, adjective) and
        its five scene texts.
Writes: into out_dir: scene-1.svg … scene-5.svg (animated by the browser), scene-1.png …
        scene-5.png (stills), contact-sheet.png (the five scenes side by side, for review) and
        scenes.json (per scene: resolved text, relations, background, the placed objects, the
        nouns not drawn and why; the asset credits). Returns the same as a `ScenesResult`.

Per scene, in order (each step is its own module):
    language    coreference + relation graph           scene_language.py (taleweaver/language)
    background  choose a design, draw it                backgrounds/ (choose, draw)
    selection   what the picture shows                  select.py
    layout      where each thing goes                   layout.py
    rendering   SVG with CSS animations, PNG still      render.py, render_motion.py, render_still.py
`on_scene(IllustratedScene)` is called as each scene is finished (for progress bars).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from taleweaver.contracts import Story
from taleweaver.scene.backgrounds import BackgroundChoice, BackgroundLayout, choose_background, draw_background
from taleweaver.scene.backgrounds.draw import color_hex_of
from taleweaver.scene.layout import PlacedObject, place_objects
from taleweaver.scene.scene_language import SceneLanguage, read_story_language
from taleweaver.scene.select import Selection, select_objects

SCENES_JSON_VERSION = "1"
# A night scene stays night in the next scene unless that scene brings the day back: "Ambrose
# flapped to the caramel cave" after "Every night, the fireflies lit up" is still night.
DAYLIGHT_WORDS = frozenset({"morning", "day", "dawn", "sunrise", "noon", "afternoon", "sunshine",
                            "sunny", "daylight", "today", "sun", "sunlight", "daytime", "breakfast"})


@dataclass
class PlannedScene:
    """What the stage decided for one scene before drawing it."""

    language: SceneLanguage
    background: BackgroundChoice
    background_svg: str
    background_layout: BackgroundLayout
    selection: Selection


@dataclass
class IllustratedScene:
    index: int
    plan: PlannedScene
    placed: list[PlacedObject]
    svg_path: Path
    png_path: Path
    seconds: dict[str, float] = field(default_factory=dict)  # time per step

    def to_dict(self) -> dict:
        """This scene's entry in scenes.json."""
        lang, sel = self.plan.language, self.plan.selection
        lemma = {e.id: (e.name or e.lemma) for e in lang.graph.entities}
        return {
            "index": self.index,
            "text": lang.text,
            "resolved_text": lang.resolved_text,
            "relations": [_readable(r, lemma) for r in lang.graph.relations],
            "layout_relations": [{"subject": r.subject, "relation": r.relation, "objects": list(r.objects)}
                                 for r in sel.relations],
            "background": {"id": self.plan.background.design_id, "time_of_day": self.plan.background.time_of_day,
                           "reason": self.plan.background.reason, "matched": list(self.plan.background.matched)},
            "objects": [p.to_dict() for p in self.placed],
            "selected": [{"key": o.key, "id": o.object_id, "role": o.role, "count": o.count,
                          "source": o.source, "word": o.word} for o in sel.objects],
            "skipped": [{"word": s.word, "reason": s.reason, "id": s.object_id} for s in sel.skipped],
            "relations_not_drawn": list(sel.dropped_relations),
            "notes": list(sel.notes),
            "svg": self.svg_path.name,
            "png": self.png_path.name,
        }


@dataclass
class ScenesResult:
    out_dir: Path
    scenes: list[IllustratedScene]
    contact_sheet: Path
    scenes_json: Path
    credits: list[str]
    seed: int


def _readable(relation, lemma: dict[str, str]) -> dict:
    data = relation.to_dict()
    data["says"] = " ".join([lemma.get(relation.subject, "?"), relation.relation.replace("_", " "),
                             " and ".join(lemma.get(i, "?") for i in (relation.between or (relation.object,)))])
    if relation.thing:
        data["says"] += f" ({lemma.get(relation.thing, '?')})"
    return data


def story_seed(story: Story) -> int:
    """The story's own seed, or a stable number from its text: the same story always gets
    the same pictures."""
    if story.seed is not None:
        return story.seed
    return int(hashlib.sha256(story.text.encode()).hexdigest()[:8], 16)


class SceneDesigner:
    """Language, background and selection, one scene after another (no layout, no drawing of
    objects). It remembers what the scenes before decided: the background follows the story
    (a scene stays where the last one was unless its words move it somewhere else,
    backgrounds/choose.py), night stays night, and a hero name found in the pictures is kept.

    `plan(index, scene_texts)` reads scene `index` (1-based) within `scene_texts`, the whole
    story as it stands. The pipeline calls it as soon as a scene's words are final, when later
    scenes may still be rewritten (story/generator.py repairs scenes in order): coreference
    still reads all five scenes, because a name's "she" or "he" is often only told later, and
    a scene read alone resolves much worse ("Zev ... his ship" -> "Dinosaur Valley's ship").
    The reading of one list of texts is made once and reused for every scene planned from it."""

    def __init__(self, theme: str, hero: str | None, color: str, adjective: str | None, seed: int,
                 hero_name: str | None = None):
        self.theme, self.hero, self.adjective, self.seed = theme, hero, adjective, seed
        self.color_hex = color_hex_of(color)
        self.given_hero_name = hero_name
        self.found_hero_name: str | None = None  # a name the pictures found ("Coral" for the mermaid)
        self.previous: tuple[str, str] | None = None  # the last scene's (design id, time of day)
        self.next_index = 1
        self._reading: tuple[tuple[str, ...], object] | None = None

    def read(self, scene_texts: list[str]):
        texts = tuple(scene_texts)
        if self._reading is None or self._reading[0] != texts:
            self._reading = (texts, read_story_language(list(texts), hero=self.hero, hero_name=self.given_hero_name))
        return self._reading[1]

    def plan(self, index: int, scene_texts: list[str]) -> PlannedScene:
        if index != self.next_index:
            raise ValueError(f"scenes are planned in order: expected scene {self.next_index}, got {index}")
        story_language = self.read(scene_texts)
        language = story_language.scenes[index - 1]
        hero_name = self.found_hero_name or story_language.hero_name
        previous, previous_time = self.previous or (None, None)
        nouns = [e.lemma for e in language.graph.entities if not e.is_pronoun]
        choice = choose_background(self.theme, language.resolved_text, nouns, seed=self.seed, previous=previous)
        words = set(re.findall(r"[a-z]+", language.resolved_text.lower()))
        if previous_time == "night" and choice.time_of_day == "day" and not words & DAYLIGHT_WORDS:
            choice = replace(choice, time_of_day="night")
        svg, layout = draw_background(choice.design_id, self.color_hex, self.seed, time_of_day=choice.time_of_day)
        selection = select_objects(language.resolved_text, language.graph, layout, hero=self.hero,
                                   hero_name=hero_name, adjective=self.adjective, seed=self.seed + language.index)
        hero_word = next((o.word for o in selection.objects if o.role == "hero"), None)
        if hero_name is None and hero_word and hero_word[:1].isupper():
            self.found_hero_name = hero_word  # the story named its hero: later scenes know the name too
        self.previous, self.next_index = (choice.design_id, choice.time_of_day), index + 1
        return PlannedScene(language, choice, svg, layout, selection)


def plan_scenes(scene_texts: list[str], theme: str, hero: str | None, color: str, adjective: str | None,
                seed: int, hero_name: str | None = None) -> list[PlannedScene]:
    """Language, background and selection for every scene of a finished story (SceneDesigner)."""
    designer = SceneDesigner(theme, hero, color, adjective, seed, hero_name=hero_name)
    return [designer.plan(index, scene_texts) for index in range(1, len(scene_texts) + 1)]


class ScenePainter:
    """The scene stage one page at a time: `paint(index, scene_texts)` plans and draws scene
    `index` as soon as its words are final (the pipeline shows page 1 while later pages are
    still being written); `finish()` writes the contact sheet and scenes.json once all are
    painted. illustrate_story paints a finished story through the same steps."""

    def __init__(self, choices, title: str, out_dir: str | Path, seed: int, hero_name: str | None = None,
                 story_schema_version: str | None = None):
        from taleweaver.scene.assets import credit_line

        self.choices, self.title, self.seed = choices, title, seed
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.story_schema_version = story_schema_version
        self.designer = SceneDesigner(choices.theme, choices.hero, choices.color, choices.adjective, seed,
                                      hero_name=hero_name)
        self.credits = [credit_line(), "Backgrounds: drawn by taleweaver (Apache-2.0)."]
        self.scenes: list[IllustratedScene] = []

    def paint(self, index: int, scene_texts: list[str]) -> IllustratedScene:
        from taleweaver.scene.render import render_scene
        from taleweaver.scene.render_still import write_png

        clock = time.perf_counter()
        plan = self.designer.plan(index, scene_texts)
        planned = time.perf_counter()
        n, seed = plan.language.index, self.seed
        items = plan.selection.items()
        placed = place_objects(plan.background_layout, items, plan.selection.relations, seed=seed + n) if items else []
        laid = time.perf_counter()
        svg = render_scene(plan.background_svg, placed, hero_color=self.designer.color_hex, credits=self.credits,
                           title=f"{self.title}: scene {n}", relations=plan.selection.relations, seed=seed + n)
        svg_path = self.out_dir / f"scene-{n}.svg"
        svg_path.write_text(svg, encoding="utf-8")
        drawn = time.perf_counter()
        png_path = self.out_dir / f"scene-{n}.png"
        write_png(svg, png_path)
        done = time.perf_counter()
        scene = IllustratedScene(n, plan, placed, svg_path, png_path,
                                 {"language_background_selection": round(planned - clock, 4),
                                  "layout": round(laid - planned, 4), "svg": round(drawn - laid, 4),
                                  "png": round(done - drawn, 4)})
        self.scenes.append(scene)
        return scene

    def finish(self) -> ScenesResult:
        from taleweaver.scene.render_still import write_contact_sheet

        sheet = write_contact_sheet([s.png_path for s in self.scenes], self.out_dir / "contact-sheet.png")
        scenes_json = self.out_dir / "scenes.json"
        scenes_json.write_text(json.dumps({
            "scenes_json_version": SCENES_JSON_VERSION,
            "story_schema_version": self.story_schema_version,
            "title": self.title,
            "choices": self.choices.model_dump(),
            "seed": self.seed,
            "credits": self.credits,
            "scenes": [s.to_dict() for s in self.scenes],
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return ScenesResult(self.out_dir, list(self.scenes), sheet, scenes_json, self.credits, self.seed)


def illustrate_story(story: Story, out_dir: str | Path, seed: int | None = None,
                     on_scene: Callable[[IllustratedScene], None] | None = None,
                     hero_name: str | None = None) -> ScenesResult:
    """Draw the story's five scenes into out_dir (created if needed) and return what was made."""
    if not isinstance(story, Story):
        raise TypeError(f"illustrate_story takes a taleweaver.contracts.Story, not {type(story).__name__}")
    seed = story_seed(story) if seed is None else seed
    painter = ScenePainter(story.choices, story.title, out_dir, seed, hero_name=hero_name,
                           story_schema_version=story.schema_version)
    texts = [s.text for s in story.scenes]
    for index in range(1, len(texts) + 1):
        scene = painter.paint(index, texts)
        if on_scene is not None:
            on_scene(scene)
    return painter.finish()
