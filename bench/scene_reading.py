"""Measurement: does a scene read alone (coreference over the scenes up to it) resolve like the
same scene read within its whole story? Every 20th corpus story, all five scenes.

    .venv/bin/python bench/scene_reading.py

The answer (2026-12-06: 17 of 280 scenes differ, mostly worse, e.g. "Zev ... his ship" ->
"Dinosaur Valley's ship") is why ScenePainter reads the whole current draft for every page
(taleweaver/scene/illustrate.py, docs/scenes.md).
"""

from __future__ import annotations

from taleweaver.scene.scene_language import read_story_language
from taleweaver.story.corpus import load_corpus


def relations(scene) -> list[tuple]:
    return [(r.subject, r.relation, r.object) for r in scene.graph.relations]


def main() -> None:
    same = differ = 0
    for story in list(load_corpus())[::20]:
        whole = read_story_language(list(story.scenes), hero=story.hero)
        for k in range(1, 6):
            alone = read_story_language(list(story.scenes)[:k], hero=story.hero).scenes[-1]
            if alone.resolved_text == whole.scenes[k - 1].resolved_text and relations(alone) == relations(whole.scenes[k - 1]):
                same += 1
            else:
                differ += 1
                print(f"{story.id} scene {k}\n  whole story: {whole.scenes[k - 1].resolved_text}\n  prefix only: {alone.resolved_text}")
    print(f"{differ} of {same + differ} scenes resolve differently when read without the later scenes")


if __name__ == "__main__":
    main()
