"""A few effects played from the General MIDI sound-effect programs of the FluidR3 SoundFont.

The bank is Debian's `fluid-soundfont-gm` (MIT licence), read where Debian installs it; it is
never copied into the repository. Only gentle programs are allowed (GM numbering from 1):
123 Seashore, 124 Bird Tweet and 127 Applause. Any other program is refused,
so a typo in the data cannot bring in a telephone (125), a helicopter (126) or a gunshot (128).

Reads: /usr/share/sounds/sf2/FluidR3_GM.sf2 (or $TALEWEAVER_SOUNDFONT). Writes: nothing.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

DEFAULT_SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
INSTALL_HINT = ("install it with: sudo apt-get install fluid-soundfont-gm "
                "(or point TALEWEAVER_SOUNDFONT at a General MIDI .sf2 file)")
# General MIDI program numbers, counted from 1 as the GM list prints them.
GENTLE_PROGRAMS = {123: "seashore", 124: "bird tweet", 127: "applause"}


class SoundFontNotFoundError(FileNotFoundError):
    """The General MIDI SoundFont is not installed where the effects look for it."""


def soundfont_path() -> Path:
    path = Path(os.environ.get("TALEWEAVER_SOUNDFONT", DEFAULT_SOUNDFONT))
    if not path.is_file():
        raise SoundFontNotFoundError(f"no SoundFont at {path}; {INSTALL_HINT}")
    return path


@lru_cache(maxsize=4)
def _synth(path: str, sr: int):
    import tinysoundfont

    synth = tinysoundfont.Synth(samplerate=sr)
    return synth, synth.sfload(path)


def play_program(program: int, key: int, velocity: int, duration_s: float, hold_s: float, sr: int) -> np.ndarray:
    """Mono samples of one note of a GM program (1-128), held for hold_s, `duration_s` long."""
    if program not in GENTLE_PROGRAMS:
        allowed = ", ".join(f"{p} ({name})" for p, name in GENTLE_PROGRAMS.items())
        raise ValueError(f"GM program {program} is not allowed for children's stories; allowed: {allowed}")
    synth, sfid = _synth(str(soundfont_path()), sr)
    synth.program_select(0, sfid, 0, program - 1)
    total = max(1, int(round(duration_s * sr)))
    held = min(total, max(1, int(round(hold_s * sr))))
    synth.noteon(0, key, velocity)
    first = np.frombuffer(synth.generate(held), dtype=np.float32)
    synth.noteoff(0, key)
    rest = np.frombuffer(synth.generate(total - held), dtype=np.float32) if total > held else np.zeros(0, np.float32)
    # Silence every voice at once so the next effect starts from quiet (the synth is shared).
    synth.sounds_off(0)
    stereo = np.concatenate([first, rest]).reshape(-1, 2)
    return stereo.mean(axis=1).astype(np.float64)
