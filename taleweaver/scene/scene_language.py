"""The scene stage's one door into the language stage.

    read_story_language(scene_texts, hero=None, hero_name=None) -> StoryLanguage

Reads:  the five scene texts as written, the catalog hero ("mermaid") and, when known, the
        hero's name. Writes: per scene, the text rewritten by coreference so it stands alone
        (every pronoun replaced: "She hid." -> "Coral the mermaid hid.") and its relation graph;
        for the story, the names it gives its characters ({"Dimple": "penguin"}) and the
        hero's name when the story gives one (a `Story` does not carry it).

Everything the scene stage needs from taleweaver/language goes through this one function, so
when the language stage's single entry point changes only this file changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from taleweaver.language.analysis import SceneAnalysis

# A scene as the language stage reads it: text, resolved_text, graph, and coreference's
# mentions (which the sound stage uses to time effects to the words as written).
SceneLanguage = SceneAnalysis


@dataclass(frozen=True)
class StoryLanguage:
    scenes: list[SceneLanguage]
    names: dict[str, str]      # the story's character names -> their kind
    hero_name: str | None      # as given, or the name coreference found for the hero's kind


def read_story_language(scene_texts: list[str], hero: str | None = None,
                        hero_name: str | None = None) -> StoryLanguage:
    """Coreference over the whole story, then one relation graph per resolved scene."""
    from taleweaver.language.coref import resolve_story
    from taleweaver.language.graph import build_story_scene_graphs, story_characters

    texts = list(scene_texts)
    coref = resolve_story(texts, keep_clear_pronouns=False)  # the picture needs every "she" named
    names = story_characters(texts, hero=hero, hero_name=hero_name)
    for referent in coref.referents:  # coreference knows names the graph's reading misses
        if referent.name and referent.head and not referent.members:
            names.setdefault(referent.name, referent.head)
            if hero_name is None and hero and referent.head == hero:
                hero_name = referent.name
    graphs = build_story_scene_graphs(list(coref.scenes), names)  # in order, with one story memory
    scenes = [SceneLanguage(n, text, resolved, graph, mentions=[m for m in coref.mentions if m.scene == n])
              for n, (text, resolved, graph) in enumerate(zip(texts, coref.scenes, graphs), start=1)]
    return StoryLanguage(scenes, names, hero_name)
