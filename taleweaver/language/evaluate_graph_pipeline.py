"""Score the relation graph the way the pipeline runs it: after coreference, on resolved text.

For each labeled sentence:
1. its whole corpus story is resolved (`analysis.resolve_for_graph`: coreference with every
   pronoun replaced, and the story's names -> kinds from coreference's referents, plus the
   corpus hero and hero name);
2. the sentence is found in its original scene, and its span is carried over to the
   resolved scene through coreference's mentions (each replacement shifts what follows);
3. the resolved story is parsed and graphed scene by scene in reading order, sentence by
   sentence, with one story memory (`build_story_sentence_graphs`: the same parse, rules and
   memory as `build_story_scene_graphs`), and the graphs of the spaCy sentences of the
   labeled sentence's scene that overlap the resolved span are scored together;
4. scoring is strict: a node is its lemma (or a character's lower-cased name), never a
   pronoun aligned after the fact. A pronoun coreference left or got wrong is an error.

Used by `python -m taleweaver.language.evaluate_graph`, which prints and documents both this
headline score and the older sentence-alone scores.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from functools import lru_cache

from taleweaver.language.analysis import resolve_for_graph
from taleweaver.language.coref import CorefMention
from taleweaver.language.graph import build_story_sentence_graphs
from taleweaver.language.scene_graph import Entity, Relation, SceneGraph


@dataclass(frozen=True)
class ResolvedStory:
    scenes: tuple[str, ...]            # as written
    resolved: tuple[str, ...]          # after coreference
    mentions: tuple[CorefMention, ...]
    characters: tuple[tuple[str, str], ...]
    seconds: float                     # time to resolve the story


@lru_cache(maxsize=None)
def resolved_story(story_id: str | None, lone_sentence: str = "") -> ResolvedStory:
    """A corpus story resolved; a labeled sentence written for the set (no story_id) is
    resolved as a story of one scene."""
    from taleweaver.story.corpus import load_corpus

    if story_id is None:
        scenes, hero, hero_name = [lone_sentence], None, None
    else:
        story = next((s for s in load_corpus() if s.id == story_id), None)
        if story is None:
            raise ValueError(f"labeled sentence names story {story_id!r}, which is not in the corpus")
        scenes, hero, hero_name = list(story.scenes), story.hero, story.hero_name
    started = time.perf_counter()
    coref, characters = resolve_for_graph(scenes, hero, hero_name)
    seconds = time.perf_counter() - started
    return ResolvedStory(tuple(scenes), tuple(coref.scenes), tuple(coref.mentions),
                         tuple(characters.items()), seconds)


def resolved_offset(offset: int, mentions: list[CorefMention]) -> int:
    """Where an offset of the original scene text lands in the resolved text."""
    shift = sum((m.resolved_end - m.resolved_start) - (m.end - m.start)
                for m in mentions if m.end <= offset)
    return offset + shift


def resolved_sentence_span(row: dict, story: ResolvedStory) -> tuple[int, int]:
    scene = row["scene"] or 1
    original = story.scenes[scene - 1]
    start = original.find(row["text"])
    if start < 0:
        raise ValueError(f"{row['id']}: sentence not found in scene {scene} of {row['story_id']}: {row['text']!r}")
    mentions = [m for m in story.mentions if m.scene == scene]
    return resolved_offset(start, mentions), resolved_offset(start + len(row["text"]), mentions)


@dataclass
class PipelineSentence:
    row: dict
    resolved_text: str      # the resolved sentence(s) the graph was built on
    graph: SceneGraph
    sentences: int          # how many spaCy sentences overlap the labeled one


_SCENE_GRAPHS: dict[tuple[str, int], list[tuple[int, int, SceneGraph]]] = {}


def _sentence_graphs(story_id: str | None, scene: int, story: ResolvedStory) -> list[tuple[int, int, SceneGraph]]:
    """The sentence graphs of one resolved scene with their offsets in it. The whole story is
    graphed at once, in reading order, so each scene has the story memory of the ones before."""
    story_key = story_id or story.scenes[0]
    if (story_key, scene) not in _SCENE_GRAPHS:
        scenes = build_story_sentence_graphs(list(story.resolved), dict(story.characters))
        for number, (text, graphs) in enumerate(zip(story.resolved, scenes), start=1):
            found, cursor = [], 0
            for graph in graphs:
                start = text.index(graph.text, cursor)
                cursor = start + len(graph.text)
                found.append((start, cursor, graph))
            _SCENE_GRAPHS[(story_key, number)] = found
    return _SCENE_GRAPHS[(story_key, scene)]


def clear_cache() -> None:
    """Forget resolved stories and graphs (after switching parsers)."""
    resolved_story.cache_clear()
    _SCENE_GRAPHS.clear()


def pipeline_sentence(row: dict) -> PipelineSentence:
    story = resolved_story(row["story_id"], "" if row["story_id"] else row["text"])
    scene = row["scene"] or 1
    start, end = resolved_sentence_span(row, story)
    parts = [(s, e, g) for s, e, g in _sentence_graphs(row["story_id"], scene, story)
             if min(e, end) - max(s, start) > 1]
    text = story.resolved[scene - 1][start:end]
    return PipelineSentence(row, text, merge_graphs([g for _, _, g in parts], text), len(parts))


def merge_graphs(graphs: list[SceneGraph], text: str) -> SceneGraph:
    """One graph from several sentence graphs, ids renumbered."""
    merged = SceneGraph(text=text)
    for number, graph in enumerate(graphs):
        new_id = {e.id: f"s{number}{e.id}" for e in graph.entities}
        for e in graph.entities:
            merged.entities.append(Entity(new_id[e.id], e.lemma, e.name, list(e.attributes), e.count, e.span))
        for r in graph.relations:
            merged.relations.append(Relation(
                new_id[r.subject], r.relation, new_id[r.object] if r.object else None,
                tuple(new_id[i] for i in r.between) if r.between else None,
                new_id[r.thing] if r.thing else None))
    return merged


def median_ms_per_story(story_ids: list[str]) -> float:
    """Median milliseconds to resolve a story and graph its five resolved scenes, measured
    on fresh runs (parsers already loaded)."""
    from taleweaver.language.analysis import analyze_story
    from taleweaver.story.corpus import load_corpus

    stories = {s.id: s for s in load_corpus()}
    analyze_story(["A warm-up sentence loads the parsers."])
    times = []
    for story_id in sorted({i for i in story_ids if i}):
        story = stories[story_id]
        started = time.perf_counter()
        analyze_story(list(story.scenes), story.hero, story.hero_name)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000
