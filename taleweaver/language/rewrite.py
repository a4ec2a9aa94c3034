"""Rewrite each scene so it stands alone, from the mentions coreference resolved.

The policy, chosen for the scene stage (which reads one scene at a time and must know who
every character is) and for a child listening to the text:
- The first time a scene refers to a character with a pronoun, the pronoun becomes the
  full description: "She waved" -> "Coral the mermaid waved", "her tail" -> "the
  mermaid's tail", "they" -> "Cocoa the kitten and the new girl".
- A bare name at its first mention in a scene gets its role: "Cocoa hid" -> "Cocoa the
  kitten hid" (not when the sentence already says it: "Cocoa the kitten", "Fern was a fairy").
- Later pronouns in the same scene stay as written when no other character or thing that
  fits the pronoun was mentioned since the referent's last mention, so the scene keeps its
  natural rhythm; otherwise they become the short name: "Quill", "the kitten".
- Reflexives ("herself") stay: their referent is always in the same clause. "I" and "you"
  in speech are never touched, nor is an empty "it" ("It was sunny").
Possessives keep their case ("his" -> "the pirate's"), and a replacement at the start of a
sentence is capitalized.
"""

from __future__ import annotations

from taleweaver.language.entities import Entity, join_names, possessive
from taleweaver.language.pronouns import agrees


def _phrase_for(entity: Entity, introduced: set[int], full: bool) -> str:
    if entity.members:
        return join_names([m.short() if m.id in introduced else m.full() for m in entity.members])
    return entity.full() if full else entity.short()


def _shape(phrase: str, original: str, form, entity: Entity) -> str:
    if form is not None and form.case in ("possessive", "possessive_alone"):
        phrase = possessive(phrase, entity.plural)
    if original[:1].isupper():
        phrase = phrase[:1].upper() + phrase[1:]
    return phrase


def _introduce(entity: Entity, introduced: set[int]) -> None:
    introduced.add(entity.id)
    introduced.update(m.id for m in entity.members)


def _is_clear(records: list[dict], index: int, entity: Entity, last_seen: dict[int, int]) -> bool:
    """No other entity that fits this pronoun was mentioned since the referent's last mention."""
    form = records[index]["form"]
    since = last_seen.get(entity.id, -1)
    family = {entity.id, *(m.id for m in entity.members)}
    for other in records[since + 1:index]:
        candidate = other["entity"]
        if candidate is None or candidate.id in family:
            continue
        if agrees(candidate, form):
            return False
    return True


def rewrite_scenes(texts: list[str], records: list[list[dict]], referents: dict, keep_clear_pronouns: bool):
    """(resolved scene texts, mentions) from the reader's per-scene mention records."""
    from taleweaver.language.coref import CorefMention

    referred = {r["entity"].id for scene in records for r in scene if r["kind"] == "pronoun" and r["entity"]}
    resolved_texts: list[str] = []
    mentions: list[CorefMention] = []
    for scene_number, (text, scene_records) in enumerate(zip(texts, records), start=1):
        scene_records = sorted(scene_records, key=lambda r: r["start"])
        introduced: set[int] = set()
        last_seen: dict[int, int] = {}
        pieces: list[str] = []
        cursor = shift = 0
        for index, record in enumerate(scene_records):
            if record["start"] < cursor:        # overlaps a mention already written
                continue
            entity: Entity | None = record["entity"]
            form = record["form"]
            original = text[record["start"]:record["end"]]
            replacement = None
            if entity is not None:
                if record["kind"] == "pronoun" and form.case != "reflexive":
                    if not (entity.id in introduced and all(m.id in introduced for m in entity.members)):
                        replacement = _phrase_for(entity, introduced, full=True)
                    elif not (keep_clear_pronouns and _is_clear(scene_records, index, entity, last_seen)):
                        replacement = _phrase_for(entity, introduced, full=False)
                elif record["kind"] == "name" and record["expandable"] and entity.id not in introduced:
                    full = entity.full()
                    if full != original:
                        replacement = full
                if replacement is not None:
                    replacement = _shape(replacement, original, form, entity)
                _introduce(entity, introduced)
                last_seen[entity.id] = index
                for member in entity.members:
                    last_seen[member.id] = index
            written = replacement if replacement is not None else original
            pieces.append(text[cursor:record["start"]])
            start_resolved = record["start"] + shift
            pieces.append(written)
            shift += len(written) - len(original)
            cursor = record["end"]
            keep = record["kind"] in ("pronoun", "name") or (entity is not None and (entity.animate or entity.id in referred))
            if keep:
                referent = referents.get(entity.id) if entity is not None else None
                mentions.append(CorefMention(
                    scene=scene_number, start=record["start"], end=record["end"], text=original,
                    kind=record["kind"], case=form.case if form is not None else None,
                    referent=referent.id if referent else None,
                    antecedent=referent.description if referent else None,
                    antecedent_head=referent.head if referent else None,
                    antecedent_name=referent.name if referent else None,
                    antecedent_scene=referent.first_scene if referent else None,
                    replacement=replacement, resolved_start=start_resolved,
                    resolved_end=start_resolved + len(written)))
        pieces.append(text[cursor:])
        resolved_texts.append("".join(pieces))
    return resolved_texts, mentions
