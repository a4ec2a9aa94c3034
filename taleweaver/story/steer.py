"""Steering a sampled text towards the plan's keywords, token by token.

The sampler (story/lm.py) asks a steer, before each token, which token ids to nudge (a fixed
amount is added to their logits), and tells it, after each token, what was sampled. A steer
is made fresh for every sequence, so each candidate keeps its own account of what it has
written.

A word is given as its spellings: the token ids that write it after a space, in lower case and
capitalised (" lighthouse" is [" light", "house"]). A word is nudged piece by piece: its first
token while nothing is begun, then, once that is sampled, only the next piece of the same
word, so that " light" goes on to "house" and not to " lights" or another word. A word that
is written whole, or abandoned halfway (the model sampled something else), is nudged no more:
pushing it again would make the model repeat it. A word written whole but run on into a longer
one (" shy" then "ly": "shyly") is not the keyword, so it is pending again, once: a second
run-on crosses it off, or a growing nudge would loop ("startled startled startled ..."). An
inflection (" shell" then "s") is the keyword, because keyword coverage matches lemmas.

The nudge can grow (`ramp`): each token written while a word is still pending adds `ramp`
times the nudge, so early in a scene the model is free to place the word where it fits, and
towards the scene's end a word not yet written is pushed harder and harder.
"""

from __future__ import annotations

import re
from typing import Protocol

Spelling = list[int]
Word = list[Spelling]
# Endings that leave a word's lemma as it was ("shells", "jumped", "jumping").
INFLECTIONS = {"s", "es", "ed", "d", "ing"}


class Steer(Protocol):
    def boosts(self) -> set[int]: ...

    def gain(self) -> float: ...  # the nudge is multiplied by this

    def advance(self, token: int, piece: str = "") -> None: ...


class KeywordSteer:
    """Nudges one text towards `words` until each has been written (or begun and abandoned)."""

    def __init__(self, words: list[Word], ramp: float = 0.0):
        # word number -> its spellings; a number stays the same as words are crossed off.
        spelled = {n: [spelling for spelling in word if spelling] for n, word in enumerate(words)}
        self.pending = {n: word for n, word in spelled.items() if word}
        self.begun: list[tuple[int, Spelling, int]] = []  # (word number, spelling, next piece)
        self.just_written: dict[int, Word] = {}  # words written whole by the last token
        self.ran_on: set[int] = set()  # words already made pending again once
        self.ramp = ramp
        self.waited = 0  # tokens written while a word was pending

    def gain(self) -> float:
        return 1.0 + self.ramp * self.waited

    def boosts(self) -> set[int]:
        if self.begun:  # in the middle of a word: only its next piece
            return {spelling[at] for _, spelling, at in self.begun}
        return {spelling[0] for word in self.pending.values() for spelling in word}

    def advance(self, token: int, piece: str = "") -> None:
        if self.pending:
            self.waited += 1
        if self.just_written:
            if piece[:1].isalpha() and piece not in INFLECTIONS:  # "shy" + "ly": not written after all
                again = {n: word for n, word in self.just_written.items() if n not in self.ran_on}
                self.pending.update(again)
                self.ran_on.update(again)
            self.just_written = {}
        if self.begun:
            going_on = [(n, spelling, at + 1) for n, spelling, at in self.begun if spelling[at] == token]
            whole = any(at == len(spelling) for _, spelling, at in going_on)
            words = {n for n, _, _ in self.begun}
            self.begun = [] if whole else going_on
            if not self.begun:  # written whole, or abandoned halfway: nudged no more either way
                if whole:
                    self.just_written = {n: self.pending[n] for n in words if n in self.pending}
                self._cross_off(words)
            return
        started = [(n, spelling, 1) for n, word in self.pending.items() for spelling in word
                   if spelling[0] == token]
        whole = {n for n, spelling, _ in started if len(spelling) == 1}
        self.just_written = {n: self.pending[n] for n in whole}
        self._cross_off(whole)
        self.begun = [item for item in started if item[0] not in whole]

    def _cross_off(self, words: set[int]) -> None:
        for n in words:
            self.pending.pop(n, None)


_SCENE_LABEL = re.compile(r"^\s*([1-5])\s*:")


class SceneSteer:
    """Nudges a whole drafted story towards each scene's own keywords: while the draft writes
    the line labeled "N:", it is steered towards scene N's words (a `KeywordSteer`), and the
    title line and anything unlabeled are left alone."""

    def __init__(self, words_per_scene: list[list[Word]], ramp: float = 0.0):
        self.words_per_scene = words_per_scene
        self.ramp = ramp
        self.line = ""
        self.scene: KeywordSteer | None = None
        self.started: set[int] = set()

    def boosts(self) -> set[int]:
        return self.scene.boosts() if self.scene is not None else set()

    def gain(self) -> float:
        return self.scene.gain() if self.scene is not None else 1.0

    def advance(self, token: int, piece: str = "") -> None:
        if self.scene is not None:
            self.scene.advance(token, piece)
        self.line += piece
        if "\n" in piece:
            self.line, self.scene = piece.rsplit("\n", 1)[1], None
        if self.scene is None:
            label = _SCENE_LABEL.match(self.line)
            if label and int(label.group(1)) not in self.started:
                index = int(label.group(1))
                self.started.add(index)
                if index <= len(self.words_per_scene):
                    self.scene = KeywordSteer(self.words_per_scene[index - 1], self.ramp)
