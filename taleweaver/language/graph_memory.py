"""Story memory for the relation graph: what the story has named before this sentence.

A picture-book sentence leaves out what the reader already knows from earlier in the story:

- the setting: "Ginger padded in" means into the Toffee Cave named in the scene before;
  "Inside, a little snow hare sat beside the star" means inside the burrow the puppy
  followed the tracks to at the end of the scene before;
- who a name is: "Clover stood by the fence" is the donkey, because an earlier scene said
  "The donkey was named Clover"; and who a short name is: "the longneck" is the dinosaur of
  "A longneck dinosaur had been watching".

`StoryMemory` carries both from sentence to sentence and from scene to scene. One memory is
made per story and handed to `build_scene_graph` / `build_sentence_graphs` for each scene in
reading order (`build_story_scene_graphs` does exactly that); the graph reads it before a
sentence and writes to it after. Without one, each call starts a fresh memory, so a scene
only remembers its own earlier sentences (the behaviour before story memory existed).

    >>> from taleweaver.language.graph import build_scene_graph
    >>> memory = StoryMemory()
    >>> _ = build_scene_graph("The donkey was named Clover. Clover lived in a barn.", memory=memory)
    >>> build_scene_graph("Clover trotted in.", memory=memory).triples()
    [('donkey', 'in', 'barn')]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

# How many scenes back a setting is still "where we are": a place named in this scene or the
# one before is the scene's setting; older places are likely left behind. A place a sentence
# only implies ("walked back in": the cave) is remembered again, so a setting that the story
# keeps returning to stays fresh. (Measured on the three tuning sets: 1, 2 and unlimited
# give the same scores; the smallest is the safest guess for new text.)
SETTING_SCENES = 1


@dataclass(frozen=True)
class Remembered:
    """One thing an earlier sentence named."""

    lemma: str              # "cave"
    name: str | None        # "Toffee Cave"
    is_character: bool      # people and animals are never a setting
    scene: int              # the scene that named it (1-based, in reading order)

    def as_tuple(self) -> tuple[str, str | None, bool]:
        return (self.lemma, self.name, self.is_character)


@dataclass
class StoryMemory:
    """What the story has said so far: the things it named, and its characters' kinds.

    things: every non-pronoun entity mention, in reading order (the same thing may appear
        several times; the latest mention is what counts as "just named").
    kinds: names the story gave a kind while being read ({"Clover": "donkey"}), from
        "Pip the penguin", "a marmot named Tilly", "The donkey was named Clover".
    aliases: a character noun the story used as a modifier of another kind, and that kind:
        after "A longneck dinosaur", "the longneck" is the dinosaur; after "the baby
        dinosaurs", "the babies" are dinosaurs. A modifier seen with two kinds ("baby birds",
        "baby foxes") is ambiguous and maps to None (not used).
    scene: the number of the scene being read (0 before the first).
    """

    things: list[Remembered] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str | None] = field(default_factory=dict)
    scene: int = 0

    def start_scene(self) -> None:
        """Called once at the start of every scene graphed with this memory."""
        self.scene += 1

    def remember(self, lemma: str, name: str | None, is_character: bool) -> None:
        self.things.append(Remembered(lemma, name, is_character, self.scene))

    def learn_kind(self, name: str, kind: str) -> None:
        """The story said what `name` is. A first statement wins, as in `story_characters`;
        "Princess Elodie" is also "Elodie" (a title or first word is dropped, never the last)."""
        if not name or kind == name.lower():
            return
        self.kinds.setdefault(name, kind)
        for part in name.split()[1:]:
            self.kinds.setdefault(part, kind)

    def learn_alias(self, modifier: str, kind: str) -> None:
        """The story said "<modifier> <kind>" ("longneck dinosaur"), both character nouns."""
        if modifier == kind:
            return
        if self.aliases.setdefault(modifier, kind) != kind:
            self.aliases[modifier] = None  # two kinds: "the baby" could be either

    def kind_aliases(self) -> dict[str, str]:
        return {modifier: kind for modifier, kind in self.aliases.items() if kind is not None}

    def characters(self, given: Mapping[str, str], generic: Collection[str] = ()) -> dict[str, str]:
        """Names -> kinds for the next sentence: what the caller knows (the story's
        coreference or a pre-pass) wins over what the graph learned while reading, except
        where the caller only knows a word for any character (`generic`: "Tumble" ->
        "friend") and the story said the kind ("Tumble, a little mountain goat")."""
        known = dict(self.kinds)
        for name, kind in given.items():
            if kind not in generic or name not in self.kinds:
                known[name] = kind
        return known

    def setting(self) -> list[tuple[str, str | None, bool]]:
        """The things named in this scene and the `SETTING_SCENES` before it, oldest first,
        as (lemma, name, is a character): where an implied place ("padded in") is looked up."""
        first = self.scene - SETTING_SCENES
        return [t.as_tuple() for t in self.things if t.scene >= first]
