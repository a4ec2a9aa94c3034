"""The writer adapter folded into the base weights (taleweaver/story/merge_adapter.py) is the
same model as base + adapter at run time, and the generator uses it when it is up to date."""

import numpy as np
import pytest

from taleweaver.story import merge_adapter, prompts
from taleweaver.story.lm import StoryLM

PROMPTS = [
    prompts.writer_prompt({"theme": "underwater", "hero": "mermaid", "color": "purple", "adjective": "silly"},
                          [["shell", "bubble"], ["octopus"], ["cave"], ["song"], ["home"]]),
    prompts.writer_prompt({"theme": "castle", "hero": "dragon", "color": "gold", "adjective": "sleepy"},
                          [["tower"], ["nap"], ["knight"], ["pillow"], ["moon"]]) + "Title: The Sleepy Dragon\n1:",
]


@pytest.fixture(scope="module")
def writers():
    merge_adapter.build(["writer"])  # a no-op when `make install` already built it
    return StoryLM("writer", merged=False), StoryLM("writer", merged=True), StoryLM(None)


def test_the_merged_writer_predicts_what_base_plus_adapter_predicts(writers):
    with_adapter, merged, base = writers
    assert merged.merged and not with_adapter.merged
    for prompt in PROMPTS:
        expected, got, untrained = (np.array(lm.prompt_logits(prompt)) for lm in writers)
        assert np.corrcoef(expected, got)[0, 1] > 0.99
        assert set(np.argsort(-expected)[:5]) == set(np.argsort(-got)[:5])
        # ...and the adapter matters: the base alone predicts clearly otherwise.
        assert np.corrcoef(expected, untrained)[0, 1] < 0.9


def test_a_merged_model_is_used_only_when_it_matches_the_installed_adapter(tmp_path, monkeypatch):
    assert merge_adapter.is_current("writer")
    monkeypatch.setattr(merge_adapter, "MERGED_DIR", tmp_path)  # nothing built there
    assert not merge_adapter.is_current("writer")
    assert StoryLM("writer").merged is False  # falls back to base + adapter, and says so
    with pytest.raises(Exception, match="make install"):
        StoryLM("writer", merged=True)
