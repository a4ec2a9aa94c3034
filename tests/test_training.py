"""The training code runs end to end on tiny data (CI never trains the real models), and what
it exports is what llama.cpp computes."""

import numpy as np
import pytest
import torch

from taleweaver.story import train_lm, train_ranker
from taleweaver.story.lm import StoryLM, base_model_path, load_base_for_training


@pytest.fixture(scope="module")
def base():
    return load_base_for_training()


def _llama_logits(text, lora_path=None):
    from llama_cpp import Llama

    llm = Llama(model_path=str(base_model_path()), lora_path=lora_path, n_ctx=256, logits_all=True, verbose=False)
    tokens = llm.tokenize(text.encode(), add_bos=False, special=True)
    llm.eval(tokens)
    return tokens, np.array(llm.scores[len(tokens) - 1])


def test_exported_lora_computes_in_llama_cpp_what_it_computed_in_transformers(base, tmp_path):
    from peft import LoraConfig, get_peft_model

    import taleweaver.story.adapter_export as export

    model, tokenizer = base
    torch.manual_seed(0)  # before get_peft_model: its A matrices are random too
    peft_model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules=train_lm.TARGET_MODULES))
    for name, p in peft_model.named_parameters():
        if "lora_B" in name:
            p.data.normal_(0, 0.3)  # a strong adapter, so a layout mistake would show
    text = "<|im_start|>user\nTell me about a silly purple mermaid.<|im_end|>\n<|im_start|>assistant\nOnce"
    ids = tokenizer(text, return_tensors="pt").input_ids
    with torch.no_grad():
        expected = peft_model(ids).logits[0, -1].numpy()
    path = export.export_lora_gguf(peft_model, tmp_path / "strong.gguf", alpha=16)
    tokens, got = _llama_logits(text, str(path))
    assert tokens == ids[0].tolist()
    # Right layout: about 0.99. Without the q/k permutation it falls to about 0.76.
    assert np.corrcoef(got, expected)[0, 1] > 0.95
    assert got.argmax() == expected.argmax()
    peft_model.unload()


def test_writer_and_planner_train_a_few_steps_and_load_in_llama_cpp(tmp_path):
    for task in ("planner", "writer"):
        report = train_lm.train(train_lm.Settings(task=task, max_steps=2, limit_stories=4, batch_size=2,
                                                  max_tokens=256, warmup_steps=1), out_dir=tmp_path)
        assert report["steps"] == 2 and np.isfinite(report["dev_loss_after"])
        assert (tmp_path / f"{task}.gguf").stat().st_size < 20 * 2**20
        lm = StoryLM(adapter=tmp_path / f"{task}.gguf", max_sequences=2)
        outs = lm.sample("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", 2, max_tokens=8, temperature=0.8)
        assert len(outs) == 2


def test_ranker_trains_a_few_steps_and_scores_between_zero_and_one(tmp_path):
    from taleweaver.story.ranker import CoherenceRanker

    report = train_ranker.train(train_ranker.Settings(max_steps=2, limit_stories=8, batch_size=4), out_dir=tmp_path)
    assert report["steps"] == 2 and "all" in report["held_out_test"]
    ranker = CoherenceRanker(path=tmp_path / "ranker.pt")
    score = ranker.score("A Title", ["One.", "Two.", "Three.", "Four.", "Five."])
    assert 0.0 <= score <= 1.0
