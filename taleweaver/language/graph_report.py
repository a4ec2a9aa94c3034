"""Write docs/relation-graph.md: the graph's data structure, its relations, and the measured
results with an error list. Called by `python -m taleweaver.language.evaluate_graph`."""

from __future__ import annotations

from pathlib import Path

STRUCTURE = """\
# Relation graph

For each scene sentence, `taleweaver/language/graph.py` builds a graph from the spaCy
dependency parse (`taleweaver.nlp.english()`): the **entities** a picture needs and the
**relations** layout must make true. In the real pipeline it runs after coreference, so
pronouns are already rewritten; on raw text a pronoun stays a pronoun node ("he").

```python
from taleweaver.language.graph import build_scene_graph, build_sentence_graphs, build_story_graphs
graph = build_scene_graph("Pip the penguin gave a shiny shell to the turtle.")
graph.to_dict()
```

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
| `holding` | hold, carry, hug, grab, catch, lift, wave; "with a map" after a movement; "tucked the map under her arm" |
| `riding` | ride ("rode the whale", "rode on a hippo"), "on the back of the dolphin", "gave her a ride" (reversed) |
| `chasing` | chase; "ran after" |
| `looking_at` | watch, look/stare/gaze/peek at; "watched the farmer milk the cows" -> the farmer |
| `giving_to` | "gave X to Y", "gave Y X", "handed Y X", "shared X with Y"; `thing` is X |

Who a place phrase places depends on the verb: the subject ("the crab and the fish hid under
the rock" -> two edges), the object of a placing or finding verb ("set the carrots in the
snow", "under a cactus he found chicks"), the noun it hangs from ("a hole in the fence"), the
first place of a stack ("a burrow on a mountain"), or nobody after searching verbs ("peeked
under the door"). Passives turn around ("the ball was chased by the puppy"). Imagined,
refused, ordered or impossible actions draw nothing ("dreamed about riding a dolphin", "too
big to slide under the door", "Hop on my back!"), and words inside quotation marks are speech.
All word lists live in `data/language/relation_words.yaml`.
"""


def _row(label: str, numbers: dict) -> str:
    return (f"| {label} | {numbers['precision']:.3f} | {numbers['recall']:.3f} | {numbers['f1']:.3f} "
            f"| {numbers['matched']} | {numbers['predicted']} | {numbers['gold']} |")


def write_report(path: Path, results: dict) -> None:
    from taleweaver.language.evaluate_graph import COMMAND, errors, prf, summary

    lines = [STRUCTURE, "## Results", "",
             f"Reproduce: `{COMMAND}` (add `--errors` to list every wrong sentence). This page's "
             "results and error list are written by that command.", "",
             "Gold sets: `data/language/relations_dev.jsonl` (the rules and word lists were tuned on "
             "it) and `data/language/relations_heldout.jsonl` (hand-labeled afterwards from other "
             "corpus stories of the test split, one sentence at a time, never tuned on; 36 of its "
             "sentences have no relation).", "",
             "Matching, per sentence, micro-averaged: an entity is its head (lemma, or the "
             "lower-cased name of a character of unknown kind); an attribute is a (head, word) pair; "
             "an edge matches when subject head, relation and object head are equal (between: the "
             "two objects as a multiset; giving_to: the thing too). The labels name the referent of "
             "every pronoun, so two scores are given: **with pronoun referents** aligns each pronoun "
             "node one-to-one with a labeled entity the sentence never names with a noun, choosing "
             "the alignment with most matched edges (it stands in for the coreference stage that runs "
             "first in the pipeline); **strict** never lets a pronoun node match a noun. Names are "
             "resolved with the story's own introductions (`story_characters`, given the corpus "
             "story's hero and hero name).", ""]
    for name, (rows, aligned, strict) in results.items():
        lines += [f"### {name} ({len(rows)} sentences, {aligned.edge_counts()[2]} gold edges)", "",
                  "| score | precision | recall | F1 | matched | predicted | gold |",
                  "|---|---|---|---|---|---|---|"]
        for mode, scores in (("with pronoun referents", aligned), ("strict", strict)):
            for label, numbers in summary(scores).items():
                lines.append(_row(f"{label}, {mode}", numbers))
        lines += ["", "Edges per relation (with pronoun referents):", "",
                  "| relation | precision | recall | matched | predicted | gold |", "|---|---|---|---|---|---|"]
        for relation, (hit, pred, gold) in aligned.per_relation().items():
            p, r, _ = prf(hit, pred, gold)
            lines.append(f"| {relation} | {p:.2f} | {r:.2f} | {hit} | {pred} | {gold} |")
        lines.append("")
    lines += ["## Error analysis", "",
              "What goes wrong, from the lists below:", "",
              "- **Context the sentence does not hold.** The labels name implicit places and "
              "referents from earlier sentences (\"Her map fell in.\" -> map in lake; \"Inside sat an "
              "owlet\" -> inside the hollow; \"Greta climbed on\" -> riding the goat). A sentence graph "
              "cannot see them; coreference and the scene-level graph must.",
              "- **Pronouns whose referent is in the same sentence** (\"picked a violet and held it\", "
              "\"set them in the snow\") stay pronoun nodes; the coreference stage rewrites them first.",
              "- **Parser errors of the small spaCy model**: names at the start of a sentence tagged "
              "as verbs or adverbs (\"Georgie/VB\", \"Dilly/RB\"; partly repaired), inverted subjects "
              "(\"In a hollow tree lived a little owl\" parses the tree as subject), nouns read as "
              "verbs (\"the brown acorn/VBN\"), and lists split across roles (\"onto the squirrels, the "
              "table and the tree\").",
              "- **Attachment**: a second place phrase may belong to the verb or to the first place "
              "(\"lived in a burrow on a mountain\"); the graph takes the stacked reading, which the "
              "labels prefer, but it is wrong for \"slept in the barn by the door\"-like sentences.",
              "- **Not covered**: \"from a branch\" (-> on), \"with his mother\" sharing a place, "
              "\"traded X for Y\", \"at the door\" (-> near).", ""]
    for name, (_, aligned, _) in results.items():
        lines += [f"### Wrong sentences, {name}", "", "| id | sentence | missed | extra |", "|---|---|---|---|"]
        for sid, text, missed, extra in errors(aligned):
            lines.append(f"| {sid} | {text.replace('|', '/')} | {missed} | {extra} |")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
