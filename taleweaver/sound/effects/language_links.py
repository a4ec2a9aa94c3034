"""What the language stage tells the effect selector about one scene.

Reads: a scene's `SceneAnalysis` (taleweaver/language/analysis.py): the scene as written, the
text coreference rewrote from it (every pronoun replaced), its relation graph (built on the
rewritten text) and coreference's mentions, each with its offsets in both texts.
Writes: answers for choose.py, always in offsets of the text AS WRITTEN, because the narrator
reads that text and an effect is timed to the word it lands on:

    links.to_original(start, end)   a span of the rewritten text -> the same words as written
                                    ("the dragon" that replaced "she" -> "she")
    links.referent_of(token)        who "she" or "Ember" is: {"dragon", "ember"}; None when
                                    coreference says nothing about that word
    links.characters()              the scene's entities: lemmas and names
    links.references(doc, entity)   the words of the written text that name an entity
                                    (among them its first mention in the graph, mapped back)

How offsets move: coreference replaces whole words ("she" -> "the dragon"), so each replaced
mention shifts every later offset by len(replacement) - len(original); a span inside a
replacement maps to the whole original word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from taleweaver.language.analysis import SceneAnalysis
from taleweaver.language.coref import CorefMention
from taleweaver.language.scene_graph import Entity, SceneGraph

_WORD = re.compile(r"[a-z][a-z'-]*")


def _shift(mention: CorefMention) -> int:
    """How much longer the rewritten text is after this mention than the original."""
    return (mention.resolved_end - mention.resolved_start) - (mention.end - mention.start)


def _replaced(analysis: SceneAnalysis) -> list[CorefMention]:
    """Mentions that coreference rewrote, in reading order."""
    return sorted((m for m in analysis.mentions if m.replacement is not None), key=lambda m: m.resolved_start)


def to_original(analysis: SceneAnalysis, start: int, end: int) -> tuple[int, int] | None:
    """The span of the written text (analysis.text) holding the words at [start, end) of the
    rewritten text (analysis.resolved_text). A span that falls in a replacement maps to the
    word it replaced. None when the span lies outside the written text (an excerpt's graph
    still knows the scene's other sentences)."""
    shift = 0
    for mention in _replaced(analysis):
        if mention.resolved_end <= start:
            shift += _shift(mention)
        elif mention.resolved_start <= start < mention.resolved_end:
            return mention.start, mention.end
        else:
            break
    original = (start - shift, end - shift)
    if original[0] < 0 or original[1] > len(analysis.text):
        return None
    return original


def to_resolved(analysis: SceneAnalysis, position: int) -> int:
    """Where a position of the written text (not inside a rewritten mention) is in the
    rewritten text."""
    return position + sum(_shift(m) for m in _replaced(analysis) if m.end <= position)


def excerpt(analysis: SceneAnalysis, start: int, end: int) -> SceneAnalysis:
    """The analysis of analysis.text[start:end] (a sentence of the scene), with every offset
    counted from the excerpt's start. The graph keeps the whole scene's entities and
    relations; spans outside the excerpt map to None in `to_original`."""
    if not (0 <= start <= end <= len(analysis.text)):
        raise ValueError(f"excerpt [{start}, {end}) is not inside the scene's {len(analysis.text)} characters")
    resolved_start, resolved_end = to_resolved(analysis, start), to_resolved(analysis, end)
    mentions = [replace(m, start=m.start - start, end=m.end - start,
                        resolved_start=m.resolved_start - resolved_start, resolved_end=m.resolved_end - resolved_start)
                for m in analysis.mentions if start <= m.start and m.end <= end]
    entities = [replace(e, span=(e.span[0] - resolved_start, e.span[1] - resolved_start)) for e in analysis.graph.entities]
    graph = SceneGraph(text=analysis.resolved_text[resolved_start:resolved_end], entities=entities,
                       relations=list(analysis.graph.relations))
    return SceneAnalysis(index=analysis.index, text=analysis.text[start:end],
                         resolved_text=analysis.resolved_text[resolved_start:resolved_end], graph=graph,
                         mentions=mentions)


def _singular(word: str) -> str:
    """"ducklings" -> "duckling": enough to compare a plural referent with a rule's lemmas."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class SceneLinks:
    """One scene's analysis, asked about the written text the selector parses."""

    analysis: SceneAnalysis

    def to_original(self, start: int, end: int) -> tuple[int, int] | None:
        return to_original(self.analysis, start, end)

    def mention_at(self, start: int, end: int) -> CorefMention | None:
        """Coreference's mention covering the written words [start, end), if any."""
        return next((m for m in self.analysis.mentions if m.start <= start and end <= m.end), None)

    def referent_of(self, token) -> set[str] | None:
        """Who a pronoun or a name refers to, as lower-case words a rule can list: the
        referent's kind and name ("she" -> {"dragon", "ember"}); for a group ("they" -> "the
        ducklings and the hen") every kind in it. None when coreference did not resolve it."""
        mention = self.mention_at(token.idx, token.idx + len(token.text))
        if mention is None or (mention.antecedent is None and mention.antecedent_head is None):
            return None
        words = set()
        if mention.antecedent_head and mention.antecedent_head != "group":
            words.add(mention.antecedent_head.lower())
        if mention.antecedent_name:
            words.add(mention.antecedent_name.lower())
        if mention.antecedent_head == "group" or not words:
            described = _WORD.findall((mention.antecedent or mention.replacement or "").lower())
            words |= {w for w in described if w not in ("the", "a", "an", "and", "his", "her", "their", "its")}
            words |= {_singular(w) for w in set(words)}
        return words

    def named(self, name: str) -> set[str]:
        """The kinds of the graph's entities called `name` ("Pip" -> {"penguin", "pip"}): for a
        name coreference left alone."""
        found = set()
        for entity in self.analysis.graph.entities:
            if entity.name and name in entity.name.split():
                found |= self.entity_words(entity)
        return found

    def characters(self) -> set[str]:
        """Everyone and everything the scene's graph names: lemmas and lower-case names (and
        each word of a name: "Captain Quill" is also "quill")."""
        found = set()
        for entity in self.analysis.graph.entities:
            found |= self.entity_words(entity)
        return found

    @staticmethod
    def entity_words(entity: Entity) -> set[str]:
        words = {entity.lemma.lower()}
        if entity.name:
            words.add(entity.name.lower())
            words |= {part.lower() for part in entity.name.split()}
        return words

    def references(self, doc, entity: Entity) -> list:
        """The tokens of the written text (parsed as `doc`) that name `entity`, in reading
        order: its lemma or name written out, a word coreference resolved to it ("it" -> "the
        pond"), and the word where the graph first saw it (its span in the rewritten text
        mapped back), which catches what the two parsers lemmatize differently."""
        name_parts = set(entity.name.split()) if entity.name else set()
        first = self.to_original(*entity.span)
        found = []
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") and (token.lemma_.lower() == entity.lemma or token.lower_ == entity.lemma):
                found.append(token)
            elif token.text in name_parts and token.text[:1].isupper():
                found.append(token)
            elif first is not None and token.idx <= first[0] < token.idx + len(token.text):
                found.append(token)
            elif token.pos_ == "PRON":
                mention = self.mention_at(token.idx, token.idx + len(token.text))
                if mention is not None and (mention.antecedent_head == entity.lemma
                                            or (entity.name and mention.antecedent_name == entity.name)):
                    found.append(token)
        return found
