"""Synth: play a scene's MIDI file through a General MIDI SoundFont and return the audio.

Reads: a MIDI file (a path, or a `mido.MidiFile` the arranger built in memory).
Writes: nothing to disk; returns the rendered audio as a float32 numpy array of shape
(samples, 2) — stereo, because the SoundFont pans its instruments — at `sample_rate`
(22050 Hz by default, the narration voice's rate, so the mixer never resamples).
Values are linear full scale, not yet normalized: a loud arrangement can exceed 1.0 here;
the mixer (`mix.py`) sets the loudness and limits the peaks.

The synthesizer is TinySoundFont (`tinysoundfont`, MIT) with Debian's FluidR3 General MIDI
bank (`fluid-soundfont-gm`, MIT), installed by the system, never copied into the repository.
The 148 MB bank is loaded once per process and sample rate and kept (`load_soundfont`).

Why we drive the synthesizer ourselves instead of using tinysoundfont's Sequencer: MIDI
channel 10 (index 9) is the percussion channel, and TinySoundFont only plays drums there
when that channel is explicitly put on the drum bank (128). A channel left alone plays a
piano, so a drum part would come out as random piano notes (or silence when the drum keys
fall outside the piano's samples). `_reset_to_general_midi` sets every channel to the
General MIDI defaults, channel 10 on the drum kit, and every program change on channel 10
stays in the drum bank.
"""

from __future__ import annotations

import functools
import numbers
import os
import threading
from pathlib import Path

import mido
import numpy as np
import tinysoundfont

__all__ = ["DEFAULT_SOUNDFONT", "DRUM_CHANNEL", "LoadedSoundFont", "SoundFontNotFoundError",
           "load_soundfont", "render_midi", "soundfont_path"]

DEFAULT_SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
SOUNDFONT_ENV = "TALEWEAVER_SOUNDFONT"  # lets a machine point at another GM bank
INSTALL_HINT = ("install Debian's General MIDI bank with `sudo apt-get install fluid-soundfont-gm` "
                "(or run `make install`), or set TALEWEAVER_SOUNDFONT to a General MIDI .sf2 file")
DRUM_CHANNEL = 9  # MIDI channel 10, counted from 0
DRUM_BANK = 128  # where SoundFonts keep their drum kits
DEFAULT_TAIL_S = 1.0  # rendered after the last event so notes ring out instead of stopping dead
MAX_VOICES = 256  # simultaneous sample voices; one note can use several
MAX_MIDI_SECONDS = 600.0  # a scene is well under a minute; longer means a broken file

_CHANNELS = 2  # TinySoundFont renders interleaved stereo
_FLUSH_S = 0.1  # longer than TinySoundFont's quick release


class SoundFontNotFoundError(FileNotFoundError):
    """The General MIDI SoundFont is not installed where the synth looks."""


def soundfont_path(path: str | os.PathLike | None = None) -> Path:
    """The SoundFont to use: `path`, else $TALEWEAVER_SOUNDFONT, else Debian's FluidR3.
    Raises SoundFontNotFoundError, saying how to install it, when the file is missing."""
    chosen = Path(path or os.environ.get(SOUNDFONT_ENV) or DEFAULT_SOUNDFONT)
    if not chosen.is_file():
        raise SoundFontNotFoundError(f"General MIDI SoundFont not found: {chosen}; {INSTALL_HINT}")
    return chosen


class LoadedSoundFont:
    """A SoundFont loaded into a TinySoundFont synthesizer at one sample rate.

    One synthesizer can play one piece at a time, so `render_midi` holds `lock` while it
    plays; several threads may share the loaded bank safely, they just take turns.
    """

    def __init__(self, path: Path, sample_rate: int):
        self.path = path
        self.sample_rate = sample_rate
        self.synth = tinysoundfont.Synth(samplerate=sample_rate)
        try:
            self.sfid = self.synth.sfload(str(path), max_voices=MAX_VOICES)
        except Exception as error:  # the binding raises a bare Exception for unreadable files
            raise SoundFontNotFoundError(f"could not load the SoundFont {path} ({error}); {INSTALL_HINT}") from error
        self.lock = threading.Lock()

    def has_drum_kit(self) -> bool:
        return self.synth.sfpreset_name(self.sfid, DRUM_BANK, 0) is not None


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, sample_rate: int) -> LoadedSoundFont:
    return LoadedSoundFont(path, sample_rate)


def load_soundfont(path: str | os.PathLike | None = None, sample_rate: int = 22050) -> LoadedSoundFont:
    """The SoundFont at `path` (see `soundfont_path`), loaded once per process and sample rate."""
    _check_sample_rate(sample_rate)
    return _load_cached(soundfont_path(path).resolve(), int(sample_rate))


def render_midi(midi: str | os.PathLike | mido.MidiFile, sample_rate: int = 22050, *,
                soundfont: str | os.PathLike | None = None, tail_s: float = DEFAULT_TAIL_S) -> np.ndarray:
    """Render a MIDI file to audio through the General MIDI SoundFont.

    `midi` is a path to a .mid file or a `mido.MidiFile`. Returns float32 of shape
    (samples, 2), stereo, at `sample_rate`; its length is the MIDI file's length plus
    `tail_s` seconds for the last notes' release. Tempo changes are honoured (mido converts
    ticks to seconds). Notes, note-offs, program changes, control changes (volume, pan,
    expression, sustain...) and pitch bends are played; other messages are ignored.
    """
    midi_file = _open_midi(midi)
    if not (isinstance(tail_s, numbers.Real) and 0 <= tail_s <= 10):
        raise ValueError(f"tail_s is the release time after the last event, 0 to 10 seconds, got {tail_s!r}")
    loaded = load_soundfont(soundfont, sample_rate)
    events = _timed_messages(midi_file)
    end_s = (events[-1][0] if events else 0.0) + tail_s
    if end_s > MAX_MIDI_SECONDS:
        raise ValueError(f"the MIDI file lasts {end_s:.0f} s; scene music is at most {MAX_MIDI_SECONDS:.0f} s")
    total = max(1, round(end_s * sample_rate))
    audio = np.zeros((total, _CHANNELS), dtype=np.float32)
    # The synthesizer writes straight into `audio` through a byte view of it.
    audio_bytes = memoryview(audio).cast("B")
    bytes_per_frame = _CHANNELS * audio.itemsize

    with loaded.lock:
        _reset_to_general_midi(loaded)
        cursor = 0
        for time_s, message in events:
            due = min(total, round(time_s * sample_rate))
            if due > cursor:
                loaded.synth.generate_simple(due - cursor,
                                             buffer=audio_bytes[cursor * bytes_per_frame:due * bytes_per_frame])
                cursor = due
            _play(loaded, message)
        if total > cursor:
            loaded.synth.generate_simple(total - cursor, buffer=audio_bytes[cursor * bytes_per_frame:])
    return audio


def _check_sample_rate(sample_rate) -> None:
    if not isinstance(sample_rate, (int, np.integer)) or not 8000 <= sample_rate <= 96000:
        raise ValueError(f"sample_rate is a whole number of Hz from 8000 to 96000, got {sample_rate!r}")


def _open_midi(midi) -> mido.MidiFile:
    if isinstance(midi, mido.MidiFile):
        return midi
    if isinstance(midi, (str, os.PathLike)):
        path = Path(midi)
        if not path.is_file():
            raise FileNotFoundError(f"MIDI file not found: {path}")
        try:
            return mido.MidiFile(path)
        except (OSError, ValueError, EOFError) as error:
            raise ValueError(f"{path} is not a readable Standard MIDI file: {error}") from error
    raise TypeError(f"midi is a path to a .mid file or a mido.MidiFile, got {type(midi).__name__}")


def _timed_messages(midi_file: mido.MidiFile) -> list[tuple[float, mido.Message]]:
    """Every channel message with its absolute time in seconds (meta messages dropped;
    iterating a MidiFile merges the tracks and applies its tempo changes)."""
    if midi_file.type == 2:
        raise ValueError("MIDI type 2 (independent sequences) is not supported; write type 0 or 1")
    now, timed = 0.0, []
    for message in midi_file:
        now += message.time
        if not message.is_meta and hasattr(message, "channel"):
            timed.append((now, message))
    return timed


def _reset_to_general_midi(loaded: LoadedSoundFont) -> None:
    """Silence everything and put each channel back to the General MIDI power-on state:
    program 0 (piano) on bank 0, and the drum kit on channel 10."""
    synth = loaded.synth
    synth.soundfonts[loaded.sfid].reset()  # clears volume, pan, bends, banks; voices fade out fast
    # TinySoundFont ends the previous piece's voices with a quick (few ms) release rather than
    # cutting them; render that release away so it cannot leak into the start of this piece.
    synth.generate_simple(round(_FLUSH_S * loaded.sample_rate))
    for channel in range(16):
        if channel == DRUM_CHANNEL:
            synth.program_select(channel, loaded.sfid, DRUM_BANK, 0, is_drums=True)
        else:
            synth.program_select(channel, loaded.sfid, 0, 0)


def _play(loaded: LoadedSoundFont, message: mido.Message) -> None:
    synth, channel = loaded.synth, message.channel
    if message.type == "note_on" and message.velocity > 0:
        synth.noteon(channel, message.note, message.velocity)
    elif message.type in ("note_off", "note_on"):  # a note_on with velocity 0 is a note-off
        synth.noteoff(channel, message.note)
    elif message.type == "program_change":
        drums = channel == DRUM_CHANNEL
        try:
            synth.program_change(channel, message.program, is_drums=drums)
        except RuntimeError:
            # A bank select (CC 0) picked a bank this SoundFont lacks: fall back to the
            # General MIDI bank so the part still plays with the right instrument family.
            synth.program_select(channel, loaded.sfid, DRUM_BANK if drums else 0, message.program, is_drums=drums)
    elif message.type == "control_change":
        synth.control_change(channel, message.control, message.value)
    elif message.type == "pitchwheel":
        synth.pitchbend(channel, message.pitch + 8192)  # mido: -8192..8191; synth: 0..16383
