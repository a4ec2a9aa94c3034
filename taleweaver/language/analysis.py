"""The language stage's single entry point: coreference first, then a relation graph per scene.

Reads: the story's scene texts (a `Story`, or a list of strings) and, optionally, the hero's
kind and name. Writes: one `SceneAnalysis` per scene with

    resolved_text  the scene rewritten by coreference so it stands alone, with every
                   pronoun replaced ("She hid under it." -> "Coral the mermaid hid under
                   the rock."), so the graph never has to guess who "she" is;
    entities       the relation graph's nodes, read from `resolved_text`;
    relations      its edges (docs/relation-graph.md lists them);
    mentions       coreference's mentions in this scene (original and resolved offsets).

    >>> scenes = analyze_story(["Coral the mermaid found a shell.", "She hid under a rock."])
    >>> scenes[1].resolved_text
    'Coral the mermaid hid under a rock.'
    >>> scenes[1].graph.triples()
    [('mermaid', 'under', 'rock')]

Every pronoun is replaced here (`keep_clear_pronouns=False`): the resolved text is what the
picture is drawn from, not what is read aloud (narration reads the story as written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from taleweaver.contracts import Story
from taleweaver.language.coref import CorefMention, CorefResult, resolve_story
from taleweaver.language.graph import build_story_scene_graphs
from taleweaver.language.scene_graph import Entity, Relation, SceneGraph


@dataclass
class SceneAnalysis:
    """What the language stage knows about one scene."""

    index: int                                  # 1-based scene number
    text: str                                   # as written
    resolved_text: str                          # after coreference: every pronoun replaced
    graph: SceneGraph                           # built on resolved_text
    mentions: list[CorefMention] = field(default_factory=list)

    @property
    def entities(self) -> list[Entity]:
        return self.graph.entities

    @property
    def relations(self) -> list[Relation]:
        return self.graph.relations

    def to_dict(self) -> dict:
        """Plain JSON for `scenes.json`: the graph's entities and relations by id."""
        graph = self.graph.to_dict()
        return {"index": self.index, "text": self.text, "resolved_text": self.resolved_text,
                "entities": graph["entities"], "relations": graph["relations"],
                "mentions": [{"start": m.start, "end": m.end, "text": m.text, "kind": m.kind,
                              "referent": m.antecedent, "replacement": m.replacement,
                              "resolved_start": m.resolved_start, "resolved_end": m.resolved_end}
                             for m in self.mentions]}


def analyze_story(scenes: Story | Sequence[str], hero: str | None = None,
                  hero_name: str | None = None) -> list[SceneAnalysis]:
    """Resolve the story's references, then build each scene's relation graph.

    scenes: a `Story` (its choices give the hero) or the scene texts in order.
    hero: the hero's kind ("mermaid"), when known; hero_name: its name ("Coral"), when known.
    """
    texts, hero = _scene_texts(scenes, hero)
    coref, characters = resolve_for_graph(texts, hero, hero_name)
    # The scenes are graphed in order with one story memory: a scene inherits its setting and
    # its characters' kinds from the scenes before it (graph_memory.py).
    graphs = build_story_scene_graphs(list(coref.scenes), characters)
    analyses = []
    for number, (text, resolved, graph) in enumerate(zip(texts, coref.scenes, graphs), start=1):
        analyses.append(SceneAnalysis(
            index=number, text=text, resolved_text=resolved, graph=graph,
            mentions=[m for m in coref.mentions if m.scene == number]))
    return analyses


def resolve_for_graph(texts: list[str], hero: str | None = None,
                      hero_name: str | None = None) -> tuple[CorefResult, dict[str, str]]:
    """The coreference half of `analyze_story`: (resolution, the story's names -> kinds).
    The evaluation uses it to score sentence by sentence exactly as the stage runs."""
    coref = resolve_story(texts, keep_clear_pronouns=False)
    return coref, story_names(coref, hero, hero_name)


def story_names(coref: CorefResult, hero: str | None = None, hero_name: str | None = None) -> dict[str, str]:
    """Names the story gives its characters, from coreference's referents:
    {"Captain Quill": "pirate", "Quill": "pirate", "Pip": "penguin"}. A later bare "Pip"
    in a scene is then a penguin in the graph too."""
    names: dict[str, str] = {}
    if hero and hero_name:
        names[hero_name] = hero
    for referent in coref.referents:
        if not referent.name or not referent.head or referent.members:
            continue
        if hero and hero_name and hero_name in referent.name.split():
            names.setdefault(referent.name, hero)  # "Captain Lorcan" is the pirate hero
            continue
        names.setdefault(referent.name, referent.head)
        for part in referent.name.split()[1:]:  # "Captain Quill" is also "Quill"
            names.setdefault(part, referent.head)
    return names


def _scene_texts(scenes, hero: str | None) -> tuple[list[str], str | None]:
    if isinstance(scenes, Story):
        return [scene.text for scene in scenes.scenes], hero or scenes.choices.hero
    if isinstance(scenes, str) or not isinstance(scenes, Sequence):
        raise TypeError("analyze_story takes a taleweaver.contracts.Story or a list of scene texts, "
                        f"not {type(scenes).__name__}")
    return list(scenes), hero
