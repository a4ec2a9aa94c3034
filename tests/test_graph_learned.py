"""The learned edge model (taleweaver/language/graph_learned.py, train_edges.py)."""

from __future__ import annotations

import pytest

from taleweaver.language import graph_learned
from taleweaver.language.graph import build_sentence_graphs
from taleweaver.language.graph_learned import MODEL_PATH, Candidate, EdgeModel, load_model
from taleweaver.language.train_edges import Example, score_set, train


def _recorded(text: str) -> list[tuple]:
    """[(sentence graph, its candidates)] for each sentence of `text`."""
    with graph_learned.recording() as found:
        graphs = build_sentence_graphs(text)
        return [(g, found[id(g)][1]) for g in graphs]


def _triples(graph, candidates) -> dict[tuple, Candidate]:
    lemma = {e.id: e.lemma for e in graph.entities}
    return {(lemma[c.subject], c.relation, lemma[c.object]): c for c in candidates if c.object}


def test_model_file_is_small_and_loads():
    assert MODEL_PATH.stat().st_size < 1_000_000
    model = load_model()
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 50
    assert "report" in MODEL_PATH.read_text(encoding="utf-8")  # the CV table travels with it


def test_under_scores_the_right_pair_higher():
    (graph, candidates), = _recorded("The cat slept under the table while the dog barked at the moon.")
    found = _triples(graph, candidates)
    right, wrong = found[("cat", "under", "table")], found[("dog", "under", "table")]
    model = load_model()
    assert model.probability(right) > model.probability(wrong)
    assert model.keep(right) and not model.keep(wrong)


def test_candidates_include_every_rule_edge():
    text = ("The crab and the fish hid under the rock. Pip the penguin gave a shiny shell to the turtle. "
            "A bird sat between the walrus and the seal. The puppy chased the ball into the pond.")
    for graph, candidates in _recorded(text):
        keys = {c.key for c in candidates}
        assert graph.relations, graph.text
        for r in graph.relations:
            assert (r.subject, r.relation, r.object, r.between, r.thing) in keys, (graph.text, r)
        assert all(c.rule == ((c.subject, c.relation, c.object, c.between, c.thing) in
                              {(r.subject, r.relation, r.object, r.between, r.thing) for r in graph.relations})
                   for c in candidates)


def test_candidates_go_beyond_the_rules():
    # "peeked under the door": the rules place nobody (a searching verb); the parse still
    # proposes the pair, for the model to turn down
    (graph, candidates), = _recorded("The fox peeked under the door.")
    assert not graph.relations
    assert ("fox", "under", "door") in _triples(graph, candidates)


def _tiny_set() -> list[Example]:
    labeled = [
        ("The cat slept under the table while the dog barked.", [("cat", "under", "table")]),
        ("The frog sat on the log while the duck swam.", [("frog", "on", "log")]),
        ("The mouse hid behind the box and the owl hooted.", [("mouse", "behind", "box")]),
        ("The bear napped in the cave while the bee buzzed.", [("bear", "in", "cave")]),
    ]
    examples = []
    for text, edges in labeled:
        parts = _recorded(text)
        row = {"id": text[:10], "story_id": None, "scene": 1, "text": text,
               "entities": [{"name": e.lemma, "attributes": []} for g, _ in parts for e in g.entities],
               "relations": [{"subject": s, "relation": r, "object": o} for s, r, o in edges]}
        examples.append(Example(row, parts))
    return examples


def test_training_is_deterministic_and_learns_the_tiny_set():
    examples = _tiny_set()
    first, second = train(examples, l2=1.0), train(examples, l2=1.0)
    assert first.weights == second.weights and first.bias == second.bias
    probs = [[first.probability(c) for _, c in ex.candidates()] for ex in examples]
    numbers = score_set(examples, probs, 0.5)
    assert numbers["recall"] == 1.0 and numbers["precision"] == 1.0


def test_model_round_trips_through_json():
    model = EdgeModel({"rel=under": 1.25, "bias": -0.5}, 0.1, 0.4)
    again = EdgeModel.from_json(model.to_json({"report": {}}))
    assert again.weights == model.weights and again.threshold == 0.4
    candidate = Candidate("e1", "under", "e2", features=["rel=under", "bias", "unknown"])
    assert again.probability(candidate) == pytest.approx(model.probability(candidate))


def test_graphing_with_the_model_keeps_its_candidates():
    from taleweaver.language.graph import build_scene_graph

    with graph_learned.recording(load_model()):
        graph = build_scene_graph("The cat slept under the table while the dog barked.")
    assert graph.triples() == [("cat", "under", "table")]
    assert not graph_learned.is_recording()
    # outside the context manager the rules decide again, unchanged
    assert build_scene_graph("The fox peeked under the door.").triples() == []
