# SPDX-License-Identifier: GPL-3.0-or-later
# This one file imports piper (GPL-3.0), so it is a separate program under the GPL; the rest
# of taleweaver (Apache-2.0) only talks to it over a pipe and never imports it.
"""The piper process: speaks text with a piper voice and answers over stdin/stdout.

piper is GPL-3.0, taleweaver is Apache-2.0, so piper only ever runs in this separate process.
This is the one file that imports piper; nothing in the package imports this file. The
narrator (`narration.py`) starts it with `python -m taleweaver.sound.piper_worker --model
VOICE.onnx` and talks JSON lines to it. The voice loads once, at start, and then serves every
scene of a story (or of many stories).

Protocol, one JSON object per line:
  start  -> {"ready": true, "sample_rate": 22050, "alignments": true}
  request  {"text": "...", "words": ["..."], "length_scale": 1.0,
            "noise_scale": null, "noise_w_scale": null, "volume": 1.0}
  answer   {"sentences": [{"phonemes": ["ð", "ə", ...],
                           "phoneme_samples": [n_BOS, n_ð, n_ə, ..., n_EOS] or null,
                           "audio": base64 of 16-bit little-endian mono PCM}],
            "word_phonemes": ["ðə", ...]}      (each requested word phonemized alone)
  failure  {"error": "..."}
`phoneme_samples` are the engine's own alignments: audio samples per phoneme (its trailing
pad included), bracketed by the sentence start and end symbols; null when the voice cannot
give them.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path


def _load_voice(model_path: Path):
    """Load the voice with its phoneme-duration output exposed when the graph allows it."""
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    from taleweaver.sound.voice_patch import VoicePatchError, expose_phoneme_durations

    config = PiperConfig.from_dict(json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8")))
    model = model_path.read_bytes()
    try:
        model = expose_phoneme_durations(model)
        alignments = True
    except VoicePatchError as error:
        print(f"piper_worker: no engine alignments for this voice ({error})", file=sys.stderr)
        alignments = False
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # the added output has no declared shape; onnxruntime warns
    # One thread: the voice runs beside the mixing of the previous scene (sound/stage.py), and
    # on 2 cores two busy threads each beat a voice that fights for both (docs/bench-sound.md).
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=config), alignments


def _speak(voice, request: dict) -> dict:
    from piper import SynthesisConfig

    config = SynthesisConfig(
        length_scale=request.get("length_scale"),
        noise_scale=request.get("noise_scale"),
        noise_w_scale=request.get("noise_w_scale"),
        volume=request.get("volume", 1.0),
    )
    sentences = []
    for chunk in voice.synthesize(request["text"], config, include_alignments=True):
        samples = None
        if chunk.phoneme_alignments is not None:
            samples = [int(a.num_samples) for a in chunk.phoneme_alignments]
        sentences.append({
            "phonemes": list(chunk.phonemes),
            "phoneme_samples": samples,
            "audio": base64.b64encode(chunk.audio_int16_bytes).decode("ascii"),
        })
    word_phonemes = ["".join(p for sentence in voice.phonemize(word) for p in sentence)
                     for word in request.get("words", [])]
    return {"sentences": sentences, "word_phonemes": word_phonemes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, type=Path, help="piper voice .onnx (its .json beside it)")
    args = parser.parse_args()

    voice, alignments = _load_voice(args.model)
    out = sys.stdout
    out.write(json.dumps({"ready": True, "sample_rate": voice.config.sample_rate, "alignments": alignments}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = _speak(voice, json.loads(line))
        except Exception as error:  # report to the narrator instead of dying mid-story
            answer = {"error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
