"""The characters and things of one story, as coreference tracks them, and how to name them.

An entity collects every mention of one referent across the five scenes. It knows what the
text has told so far: its name, its role noun ("kitten"), gender, number and kind, the words
that first described it ("little white"), and how salient it is right now.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Entity:
    id: int
    first_scene: int
    role: str | None = None            # head noun lemma: "kitten", "sunhat"
    role_text: str | None = None       # the head noun as written, in the entity's number: "children"
    name: str | None = None            # "Captain Quill", "Grandma"
    title: str | None = None           # "captain", "grandma" (lower case)
    name_words: frozenset[str] = frozenset()   # name words without the title, lower case
    modifiers: tuple[str, ...] = ()    # descriptive words from the introducing mention: ("little", "white")
    gender: str | None = None          # female | male | None (unknown)
    plural: bool = False
    kind: str | None = None            # person | animal | creature | machine | None (a thing)
    members: tuple["Entity", ...] = ()  # for a group made of several entities ("Cocoa and the girl")
    salience: float = 0.0
    last_role: str = ""                # grammatical role of the latest mention
    last_sentence: int = -1            # story-wide index of the sentence of the latest mention
    sentence_weight: float = 0.0       # salience already added in the latest sentence
    mention_count: int = 0
    scenes_seen: set[int] = field(default_factory=set)

    @property
    def animate(self) -> bool:
        if self.members:
            return any(member.animate for member in self.members)
        return self.kind is not None

    @property
    def is_group(self) -> bool:
        return bool(self.members)

    # --- how to name it ----------------------------------------------------------------------
    def _role_phrase(self) -> str | None:
        return self.role_text or self.role

    def full(self) -> str:
        """The self-contained description used at its first reference in a scene:
        "Coral the mermaid", "the little white kitten", "Cocoa and the girl"."""
        if self.members:
            return join_names([member.full() for member in self.members])
        if self.name:
            role = self._role_phrase()
            if role and role != self.title and role.lower() not in self.name.lower():
                return f"{self.name} the {role}"
            return self.name
        words = [*self.modifiers, self._role_phrase() or "one"]
        return "the " + " ".join(words)

    def short(self) -> str:
        """The short reference for later mentions in a scene: "Coral", "the kitten"."""
        if self.members:
            return join_names([member.short() for member in self.members])
        if self.name:
            return self.name.split()[-1] if self.title else self.name
        return f"the {self._role_phrase() or 'one'}"

    def head(self) -> str | None:
        """The head noun reported with a mention: the role lemma, "group" for groups."""
        return "group" if self.members else self.role


def join_names(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def possessive(phrase: str, plural: bool) -> str:
    """ "the pirate" -> "the pirate's", "the dinosaurs" -> "the dinosaurs'"."""
    if plural and phrase.endswith("s"):
        return phrase + "'"
    return phrase + "'s"
