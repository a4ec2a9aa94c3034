"""Sound effects: a hand-written library of gentle effects synthesized by our own code (and a
few General MIDI effect programs), chosen for each scene from its words and timed to the word
that triggers them.

    choose_effects(scene_text, theme, adjective=None, max_effects=3, hero=None, analysis=None)
        -> list[EffectCue]   (analysis: the scene's SceneAnalysis from taleweaver.language)
    time_cues(cues, words) -> list[TimedEffect]
    render_effect(effect_id, sample_rate=22050, seed=0) -> np.ndarray (float32 mono)
    load_library() -> EffectLibrary

Data: data/sound/effects.yaml. Results: docs/sound-effects.md
(`python -m taleweaver.sound.effects.evaluate`).
"""

from taleweaver.sound.effects.choose import EffectCue, choose_effects
from taleweaver.sound.effects.library import Effect, EffectDataError, EffectLibrary, load_library
from taleweaver.sound.effects.render import render_effect
from taleweaver.sound.effects.timing import TimedEffect, time_cues

__all__ = ["Effect", "EffectCue", "EffectDataError", "EffectLibrary", "TimedEffect", "choose_effects",
           "load_library", "render_effect", "time_cues"]
