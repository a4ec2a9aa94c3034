"""The sound stage: a story's five scenes become narrated, scored, sound-effected audio.

    result = make_sound(story, Path("out"), seed=7)
    result.scenes[0].words[0].start_s      # when the first word is heard in scene-1.ogg

Reads: a `Story` (taleweaver/contracts.py): its choices (hero, theme, adjective) and each
scene's text. Uses every part of taleweaver/sound: mood.py (mood of each scene, scored over
the whole story), narration.py (one voice process for the story), arrange.py (the hero's
leitmotif and each scene's music), synth.py (MIDI to audio), effects/ (chosen from the text,
with the language stage's coreference and relation graph, timed by the narration) and mix.py
(ducking, loudness, limiter, checked OGG files).

Writes, into `out_dir`, for every scene N (N = the scene's index, 1..5):
  scene-N.ogg      the full mix: music lead-in, then the voice over the ducked music, the
                   effects on their trigger words, and the music's tail;
  scene-N.mid      the scene's music as MIDI;
  narration-N.ogg  the voice alone (it starts where the voice starts);
and sound.json: per scene, durations, where the voice starts in the mix, mood, tempo, key,
instruments, effects and word timings, every time on the clock of scene-N.ogg (the story
player plays scene-N.ogg and highlights the words it is saying). stage_scene.py names the
fields.

Each scene's music lasts lead-in + reading time + tail, so the arrangement waits for that
scene's narration. To save time, the voice process reads the next scene while this process
arranges, renders and mixes the one before (a one-thread pool drives the voice; the voice
itself is another process, so both cores work). See docs/sound.md and docs/bench-sound.md.
SoundRecorder does the same one page at a time, for the pipeline, which records page 1 while
the later pages are still being written (taleweaver/pipeline.py).

Bad input: an empty scene is silence for the voice (a second of it) under music that still
plays; a scene longer than the voice accepts is read up to its last whole sentence that fits,
and sound.json says so in the scene's `notes`. A missing voice or SoundFont is found before any
work starts and raises VoiceNotFoundError / SoundFontNotFoundError saying how to install it.
"""

from __future__ import annotations

import json
import math
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

from taleweaver.contracts import SCENE_COUNT, Story
from taleweaver.language.analysis import SceneAnalysis, analyze_story
from taleweaver.sound import synth
from taleweaver.sound.arrange import arrange_scene, choose_leitmotif, write_midi
from taleweaver.sound.effects import choose_effects, render_effect, time_cues
from taleweaver.sound.mix import VORBIS_COMPRESSION, check_audio, mix_scene, write_ogg
from taleweaver.sound.mix_loudness import integrated_loudness
from taleweaver.sound.mood import default_scorer
from taleweaver.sound.narration import MAX_SCENE_CHARS, Narrator, VoiceNotFoundError, check_voice
from taleweaver.sound.stage_scene import SceneSound, SoundEffectCue, narratable_text, shift_words

__all__ = ["SceneSound", "SoundRecorder", "SoundResult", "check_sound_tools", "make_sound"]

SOUND_JSON = "sound.json"
SOUND_JSON_VERSION = 1
# The voice reads at most this much of one scene (narration refuses longer text).
MAX_NARRATED_CHARS = MAX_SCENE_CHARS
# Mood with the MiniLM sentence encoder (more accurate, see docs/mood.md) or the lexicon alone.
MOOD_USES_EMBEDDINGS = True
# Levels, relative to the voice. The music is set MUSIC_UNDER_VOICE_LU below the narration's
# loudness before ducking; the mixer then ducks it 12 dB more while the voice speaks, so under
# speech it sits about 18 LU below the voice and in the lead-in and tail it is clearly heard.
# Effects are rendered at their loudness class (effects.yaml: a "medium" effect is about as
# loud as the voice); EFFECT_GAIN_DB keeps them a little under the word they land on.
MUSIC_UNDER_VOICE_LU = 6.0
EFFECT_GAIN_DB = -3.0
# A mono layer is copied to both channels of the stereo mix, where it measures 3 LU louder.
MONO_TO_STEREO_LU = 10 * math.log10(2)

SceneCallback = Callable[[SceneSound], None]


@dataclass(frozen=True)
class SoundResult:
    """What make_sound made: the scenes in order, the seed the music used, the sound.json path,
    and the seconds each part took: `timings` in wall-clock time (parts that overlap in time
    each count fully; "narration" is the voice reading in the background, "total" the whole
    call), `cpu_timings` in CPU time of the thread that mixes (the voice process not included)."""

    out_dir: Path
    seed: int
    scenes: list[SceneSound]
    sound_json: Path
    timings: dict[str, float]
    cpu_timings: dict[str, float]

    @property
    def duration_s(self) -> float:
        return round(sum(scene.duration_s for scene in self.scenes), 3)


def check_sound_tools(voice: Path | str | None = None) -> tuple[Path, Path]:
    """The voice (.onnx) and the General MIDI SoundFont the stage will use. Raises
    VoiceNotFoundError or SoundFontNotFoundError, each saying how to install what is missing."""
    try:
        voice_path = check_voice(voice)
    except VoiceNotFoundError as error:
        raise VoiceNotFoundError(f"{error} (or run `make install`)") from None
    return voice_path, synth.soundfont_path()


def story_seed(story: Story) -> int:
    """The story's own seed, or (for a story made without one) a number taken from its text, so
    that the same story always gets the same music."""
    if story.seed is not None:
        return story.seed
    return zlib.crc32("\n".join([story.title, *(scene.text for scene in story.scenes)]).encode("utf-8")) % 2**31


def _check_story(story: Story) -> list:
    if not isinstance(story, Story):
        raise TypeError(f"make_sound takes a taleweaver Story (taleweaver.contracts.Story), got {type(story).__name__}")
    indexes = sorted(scene.index for scene in story.scenes)
    if indexes != list(range(1, SCENE_COUNT + 1)):
        raise ValueError(f"a story's scenes are numbered 1 to {SCENE_COUNT}, each once; got {indexes}")
    return sorted(story.scenes, key=lambda scene: scene.index)


class _Clock:
    """Adds up the seconds each part of the stage takes, as wall-clock time and as CPU time of
    this thread (on a busy machine wall time depends on the other work; CPU time much less).
    `charge(part)` books everything since the previous charge to `part`."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self._wall, self._cpu = time.perf_counter(), time.thread_time()

    def charge(self, part: str) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        self.seconds[part] = self.seconds.get(part, 0.0) + wall - self._wall
        self.cpu_seconds[part] = self.cpu_seconds.get(part, 0.0) + cpu - self._cpu
        self._wall, self._cpu = wall, cpu


def _music_at_voice_level(music: np.ndarray, voice: np.ndarray, sample_rate: int) -> np.ndarray:
    """The music scaled to MUSIC_UNDER_VOICE_LU below the voice (as heard in the stereo mix).
    With no voice (an empty scene) the music is left as it is: the mixer sets the loudness."""
    voice_lufs = integrated_loudness(voice, sample_rate)
    music_lufs = integrated_loudness(music, sample_rate)
    if not (math.isfinite(voice_lufs) and math.isfinite(music_lufs)):
        return music
    wanted = voice_lufs + MONO_TO_STEREO_LU - MUSIC_UNDER_VOICE_LU
    return music * np.float32(10.0 ** ((wanted - music_lufs) / 20.0))


def _write_narration(path: Path, voice: np.ndarray, sample_rate: int, spoken: bool) -> dict:
    """Write the voice alone. A scene with words is written through the mixer's checked writer
    (refused if silent or clipped); an empty scene's second of silence is written as it is."""
    if spoken:
        check = write_ogg(path, voice, sample_rate)
    else:
        soundfile.write(path, voice, sample_rate, format="OGG", subtype="VORBIS", compression_level=VORBIS_COMPRESSION)
        check = check_audio(soundfile.read(path, dtype="float32")[0], sample_rate)
        if check.clipped:
            raise RuntimeError(f"{path}: {check.problem()}")
    return _check_record(check, expected_silent=not spoken)


def _check_record(check, expected_silent: bool = False) -> dict:
    def db(value: float) -> float | None:
        return round(value, 2) if math.isfinite(value) else None

    return {"lufs": db(check.lufs), "peak_dbfs": db(check.peak_dbfs), "true_peak_dbtp": db(check.true_peak_dbtp),
            "silent": check.silent, "clipped": check.clipped, "silence_expected": expected_silent}


def _check_analyses(analyses, scenes: list) -> list[SceneAnalysis | None]:
    """The language stage's analyses given to make_sound: one per scene, of the scene's text
    (None for a scene without words, which coreference cannot read)."""
    if not isinstance(analyses, (list, tuple)) or not all(a is None or isinstance(a, SceneAnalysis) for a in analyses):
        raise TypeError("analyses must be a list of taleweaver.language.analysis.SceneAnalysis "
                        "(analyze_story's result) or None")
    if len(analyses) != len(scenes) or any(a is not None and a.text != scene.text for a, scene in zip(analyses, scenes)):
        raise ValueError(f"analyses must be of this story's {len(scenes)} scenes, in order "
                         f"(got {len(analyses)}, or of other texts)")
    return list(analyses)


def story_analyses(scenes: list, hero: str) -> list[SceneAnalysis | None]:
    """The language stage's analysis of every scene (coreference over the whole story, then a
    relation graph per scene); None for a scene without words (the voice is silent there)."""
    spoken = [scene for scene in scenes if scene.text.strip()]
    if not spoken:
        return [None] * len(scenes)
    found = dict(zip((scene.index for scene in spoken), analyze_story([scene.text for scene in spoken], hero=hero)))
    return [found.get(scene.index) for scene in scenes]


def make_sound(story: Story, out_dir: str | Path, seed: int | None = None, on_scene: SceneCallback | None = None,
               *, narrator: Narrator | None = None, melodies=None,
               analyses: list[SceneAnalysis | None] | None = None) -> SoundResult:
    """Voice, score and mix every scene of `story` into `out_dir` (made if missing; files of an
    earlier run there are replaced). `seed` picks the music (None: `story_seed(story)`);
    `on_scene(scene_sound)` hears about each scene as soon as its files are written.
    `narrator`: a running Narrator to reuse (kept open); None starts one for this story and
    stops it at the end. `melodies`: a melody library for the arranger (None: the stored one).
    `analyses`: the story's `analyze_story` result (one per scene, in order; None for a scene
    without words), when the caller already has it; None runs it here once (coreference and
    the relation graph help choose the effects; narration still reads the text as written).
    Returns a SoundResult; also writes sound.json."""
    scenes = _check_story(story)
    if analyses is not None:
        analyses = _check_analyses(analyses, scenes)
    if seed is None:
        seed = story_seed(story)
    with SoundRecorder(story.choices, out_dir, seed, narrator=narrator, melodies=melodies) as recorder:
        # The voice reads scene after scene in the background while this thread mixes the
        # scenes it has finished reading.
        for scene in scenes:
            recorder.read_aloud(scene.index, scene.text)
        recorder.clock.charge("setup")
        if analyses is None:
            # Who "she" is and what rides what, for choosing effects (taleweaver/language).
            analyses = story_analyses(scenes, story.choices.hero)
        recorder.clock.charge("language")
        for scene, analysis in zip(scenes, analyses):
            record = recorder.record(scene.index, scene.text, analysis)
            if on_scene is not None:
                on_scene(record)
                recorder.clock.charge("on_scene")
        return recorder.finish(story.title)


class SoundRecorder:
    """The sound stage one page at a time, for a story whose later pages may not be written yet.

        with SoundRecorder(choices, out_dir, seed) as recorder:
            recorder.read_aloud(1, text)               # the voice starts reading page 1
            recorder.record(1, text, analysis)         # page 1's three files; a SceneSound
            ...                                        # pages 2..5, in order
            result = recorder.finish(title)            # sound.json; a SoundResult

    The voice is a separate process, driven by a one-thread pool: `read_aloud` only queues a
    page, so the voice reads while this thread paints or mixes. Each page's music is arranged
    after the page before (leitmotif and tempo follow on), with the seeds a whole-story run
    uses, so recording page by page gives the same sound as make_sound. Leaving the `with`
    block stops a narrator it started and drops readings nobody will mix."""

    def __init__(self, choices, out_dir: str | Path, seed: int, *, narrator: Narrator | None = None, melodies=None):
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError(f"seed must be a whole number or None; got {seed!r}")
        # Before any work: a missing voice or SoundFont says how to install it.
        soundfont = check_sound_tools(None)[1] if narrator is None else synth.soundfont_path()
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.choices, self.seed, self.melodies = choices, seed, melodies
        self.clock, self.begun = _Clock(), time.perf_counter()
        self.own_narrator = narrator is None
        self.narrator = Narrator() if narrator is None else narrator
        self.clock.charge("voice_start")
        self.soundfont = soundfont
        self.voice_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice")
        self.speeches: dict[int, tuple[str, object]] = {}  # page -> (text read, pending speech)
        self.records: list[SceneSound] = []
        self.previous = None  # the last page's arrangement
        self.mixer: _StoryMixer | None = None

    def __enter__(self) -> SoundRecorder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for _, pending in self.speeches.values():  # stop the voice from reading pages nobody will mix
            pending.cancel()
        self.voice_thread.shutdown(wait=True)
        if self.own_narrator:
            self.narrator.close()

    def _speak(self, text: str):
        asked = time.perf_counter()
        speech = self.narrator.speak(text)
        return speech, time.perf_counter() - asked

    def read_aloud(self, index: int, text: str) -> None:
        """Queue page `index` for the voice (its text is final); reading it twice is one reading."""
        if index in self.speeches and self.speeches[index][0] == text:
            return
        if index in self.speeches:
            self.speeches[index][1].cancel()  # the page was rewritten: its old words are not needed
        self.speeches[index] = (text, self.voice_thread.submit(self._speak, narratable_text(text, MAX_NARRATED_CHARS)))

    def record(self, index: int, text: str, analysis: SceneAnalysis | None = None) -> SceneSound:
        """Mood, music, effects and mix of page `index` (the next page in order), waiting for
        its voice if it is still reading; writes scene-N.ogg, scene-N.mid and narration-N.ogg."""
        if index != len(self.records) + 1:
            raise ValueError(f"pages are recorded in order: expected page {len(self.records) + 1}, got {index}")
        if analysis is not None and analysis.text != text:
            raise ValueError(f"the analysis given for page {index} is of another text")
        clock = self.clock
        if self.mixer is None:
            hero, theme = self.choices.hero, self.choices.theme
            self.mixer = _StoryMixer(choose_leitmotif(hero, theme, self.seed, self.melodies), hero, theme,
                                     self.choices.adjective, self.narrator.sample_rate, self.soundfont,
                                     self.melodies, self.out_dir, clock)
            clock.charge("arrangement")
        self.read_aloud(index, text)
        mood = default_scorer(MOOD_USES_EMBEDDINGS).score_scenes([text])[0]
        clock.charge("mood")
        speech, spoken_s = self.speeches.pop(index)[1].result()
        clock.charge("waiting_for_voice")
        clock.seconds["narration"] = clock.seconds.get("narration", 0.0) + spoken_s
        # The seed arrange_story would give this scene, so the music is the same as arranging
        # the whole story at once.
        record, self.previous = self.mixer.scene(index, text, narratable_text(text, MAX_NARRATED_CHARS), speech,
                                                 mood, self.seed * 100 + index - 1, self.previous, analysis)
        self.records.append(record)
        return record

    def finish(self, title: str) -> SoundResult:
        """Write sound.json for the pages recorded and return what was made."""
        choices, clock = self.choices, self.clock
        sound_json = self.out_dir / SOUND_JSON
        sound_json.write_text(json.dumps({
            "version": SOUND_JSON_VERSION, "title": title, "hero": choices.hero, "theme": choices.theme,
            "adjective": choices.adjective, "seed": self.seed, "sample_rate": self.narrator.sample_rate,
            "clock": "every time is seconds from the start of scene-N.ogg",
            "scenes": [record.as_dict() for record in self.records],
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        clock.charge("write")
        clock.seconds["total"] = time.perf_counter() - self.begun
        return SoundResult(self.out_dir, self.seed, list(self.records), sound_json,
                           {k: round(v, 3) for k, v in clock.seconds.items()},
                           {k: round(v, 3) for k, v in clock.cpu_seconds.items()})


@dataclass
class _StoryMixer:
    """What every scene of one story shares, and how one narrated scene becomes its files."""

    leitmotif: object  # arrange.Leitmotif: the story's key, meter and hero's tune
    hero: str
    theme: str
    adjective: str
    sample_rate: int
    soundfont: Path
    melodies: object  # None: the stored melody library
    out_dir: Path
    clock: _Clock

    def scene(self, index: int, scene_text: str, narrated: str, speech, mood, scene_seed: int, previous,
              analysis: SceneAnalysis | None = None):
        """Arrange, render, add effects to and mix one narrated scene; write its three files.
        `analysis`: the scene's language analysis (effects follow its coreference and
        relations; `narrated` is a prefix of its text, so cue offsets stay narration offsets).
        Returns its SceneSound and its arrangement (the next scene follows on from it)."""
        sample_rate, out_dir, clock = self.sample_rate, self.out_dir, self.clock
        notes = []
        if len(narrated) < len(scene_text):
            notes.append(f"the scene is {len(scene_text)} characters, more than the voice reads "
                         f"({MAX_NARRATED_CHARS}); the first {len(narrated)} were narrated")
        voice = speech.audio.astype(np.float32) / 32768.0
        spoken = bool(speech.words)
        if not spoken:
            notes.append("the scene has no words to read; the voice is silent and the music plays alone")
        reading_s = round(len(voice) / sample_rate, 3)

        narration_file = f"narration-{index}.ogg"
        narration_check = _write_narration(out_dir / narration_file, voice, sample_rate, spoken)
        clock.charge("write")

        arrangement = arrange_scene(self.leitmotif, mood, reading_s, self.theme, scene_seed, previous, self.melodies)
        midi_file = f"scene-{index}.mid"
        write_midi(arrangement, out_dir / midi_file)
        clock.charge("arrangement")

        music = synth.render_midi(out_dir / midi_file, sample_rate, soundfont=self.soundfont)
        clock.charge("render")

        offset = arrangement.lead_in_s
        words = shift_words(speech.words, offset)  # the mix's clock from here on
        cues = choose_effects(narrated, self.theme, self.adjective, hero=self.hero, analysis=analysis) if spoken else []
        sfx = []
        for cue in cues:
            timed = time_cues([cue], words)[0]
            sfx.append(SoundEffectCue(cue.effect_id, cue.trigger_word, cue.char_start, cue.char_end,
                                      timed.start_s, timed.duration_s))
        effect_layers = [(render_effect(cue.effect, sample_rate), cue.start_s, EFFECT_GAIN_DB) for cue in sfx]
        clock.charge("effects")

        music = _music_at_voice_level(music, voice, sample_rate)
        mix = mix_scene(music, voice, offset, effect_layers, sample_rate)
        clock.charge("mix")

        mix_file = f"scene-{index}.ogg"
        mix_check = write_ogg(out_dir / mix_file, mix, sample_rate)
        clock.charge("write")

        summary = arrangement.summary()
        record = SceneSound(
            index=index, mix_file=mix_file, midi_file=midi_file, narration_file=narration_file,
            duration_s=round(len(mix) / sample_rate, 3), narration_s=reading_s, narration_offset_s=offset,
            arousal=mood.arousal, valence=mood.valence, tempo=summary["tempo"], key=summary["key"],
            meter=summary["meter"], instruments=summary["instruments"], sfx=sfx, words=words,
            timing_source=speech.timing_source,
            checks={"mix": _check_record(mix_check), "narration": narration_check}, notes=notes)
        return record, arrangement
