"""train_edges --blind-time-rules: the rule feature and rule-only candidates come from a dump."""

from __future__ import annotations

import json

from taleweaver.language import graph_learned
from taleweaver.language.graph import build_sentence_graphs
from taleweaver.language.train_edges import (
    BLIND_TIME_RULES, Example, load_dump, rule_probs, score_set, with_blind_rules, without_rules)


def _example(text: str, gold: list[tuple[str, str, str]]) -> Example:
    with graph_learned.recording() as found:
        graphs = build_sentence_graphs(text)
        parts = [(g, found[id(g)][1]) for g in graphs]
    row = {"id": "t1", "story_id": None, "scene": 1, "text": text,
           "entities": [{"name": e.lemma, "attributes": []} for g, _ in parts for e in g.entities],
           "relations": [{"subject": s, "relation": r, "object": o} for s, r, o in gold]}
    return Example(row, parts)


def _by_heads(ex: Example) -> dict[tuple, object]:
    return {ex.head_key(n, c)[:3]: c for n, c in ex.candidates()}


def test_dump_round_trip(tmp_path):
    path = tmp_path / "held-out_9.json"
    path.write_text(json.dumps({"commit": "abc", "sentences": {
        "t1": [["fox", "under", "door", None], ["fox", "under", "door", None]],
        "t2": [["bird", "between", ["walrus", "seal"], None], ["pip", "giving_to", "turtle", "shell"]]}}))
    dump = load_dump(path)
    assert dump["t1"][("fox", "under", "door", None)] == 2
    assert ("bird", "between", ("seal", "walrus"), None) in dump["t2"]  # the pair sorted, as gold_edges does
    assert ("pip", "giving_to", "turtle", "shell") in dump["t2"]


def test_rule_feature_comes_from_the_dump_not_todays_rules():
    # Today's rules place the cat under the table and nobody near the moon.
    ex = _example("The cat slept under the table while the dog barked at the moon.", [("cat", "under", "table")])
    today = _by_heads(ex)
    assert today[("cat", "under", "table")].rule
    assert not today[("dog", "under", "table")].rule

    # An older commit that drew the dog under the table instead, and two edges no candidate holds
    # (one on a head today's graph has no node for).
    dump = {("dog", "under", "table", None): 1, ("cat", "on", "moon", None): 1, ("dog", "in", "house", None): 1}
    blind = with_blind_rules(ex, dump)
    found = _by_heads(blind)
    assert found[("dog", "under", "table")].rule
    assert "rule=1" in found[("dog", "under", "table")].features
    assert "rel=under|rule=1" in found[("dog", "under", "table")].features
    assert not found[("cat", "under", "table")].rule
    assert "rule=0" in found[("cat", "under", "table")].features
    assert "rule=1" not in found[("cat", "under", "table")].features
    assert ("cat", "on", "moon") not in today
    for key in (("cat", "on", "moon"), ("dog", "in", "house")):  # added as rule-only candidates
        assert found[key].rule and "trigger=RULE_ONLY" in found[key].features, key
    assert "skind=character" in found[("cat", "on", "moon")].features  # its nodes' kinds kept
    assert sum(c.rule for _, c in blind.candidates()) == 3
    assert [e.lemma for e in ex.parts[0][0].entities].count("house") == 0  # today's graph untouched

    # Keeping what the rules drew gives the dump's edges, scored as evaluate_graph scores them.
    numbers = score_set([blind], rule_probs([blind]), 0.5)
    assert (numbers["matched"], numbers["predicted"], numbers["gold"]) == (0, 3, 1)
    # The parse-only ablation drops the dump's rule-only candidates and every rule feature.
    bare = without_rules([blind])[0]
    assert ("cat", "on", "moon") not in _by_heads(bare) and ("dog", "in", "house") not in _by_heads(bare)
    assert not any("rule=" in f for _, c in bare.candidates() for f in c.features)


def test_todays_rule_only_candidates_are_dropped():
    # "between" comes only from the rules: with an empty dump the candidate is gone.
    ex = _example("A bird sat between the walrus and the seal.", [])
    assert any(c.relation == "between" and c.rule for _, c in ex.candidates())
    blind = with_blind_rules(ex, {})
    assert not any(c.relation == "between" for _, c in blind.candidates())
    assert not any(c.rule for _, c in blind.candidates())
    # and given back by a dump that has it, on today's nodes
    again = with_blind_rules(ex, {("bird", "between", ("seal", "walrus"), None): 1})
    between = [c for _, c in again.candidates() if c.relation == "between"]
    assert len(between) == 1 and between[0].rule and between[0].between


def test_blind_time_commits_are_listed():
    assert set(BLIND_TIME_RULES) == {"held-out 3", "held-out 4", "held-out 5", "held-out 6"}
    assert all(len(commit) == 7 for commit, _ in BLIND_TIME_RULES.values())
