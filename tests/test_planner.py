"""The planner drops the words it made up (no model: a scripted LM)."""

from taleweaver.contracts import Choices
from taleweaver.story import prompts
from taleweaver.story.keywords import is_known_word, writer_vocabulary
from taleweaver.story.planner import PLAN_ATTEMPTS, Planner

CHOICES = Choices(theme="underwater", hero="mermaid", color="purple", adjective="silly")


class ScriptedLM:
    """Answers each planner call with the next plan of a script, and notes the seeds asked for."""

    def __init__(self, plans):
        self.plans, self.seeds = list(plans), []

    def sample(self, prompt, n, *, max_tokens, temperature, seed):
        self.seeds.append(seed)
        return [prompts.format_plan(self.plans.pop(0)) + prompts.END]


KNOWN = [["shell", "wave"], ["octopus"], ["bubble", "giggle"], ["song"], ["home", "hug"]]


def test_made_up_words_are_told_from_real_ones():
    vocabulary = writer_vocabulary()
    assert len(vocabulary) > 1000
    assert {"shell", "octopus", "bubble", "owl", "head"} <= vocabulary
    # real words our corpus never uses are words the writer can write; glued ones are not
    assert all(map(is_known_word, ["shell", "giraffe", "orbit", "water lily", "wake-up"]))
    assert not any(map(is_known_word, ["owlhead", "sandpoof", "wizzeram", "glimmerfin", ""]))


def test_made_up_words_are_dropped_from_the_plan():
    made_up = [["owlhead", "shell"], ["octopus"], ["bubble", "glimmerfin"], ["song"], ["home"]]
    lm = ScriptedLM([made_up])
    plan = Planner(lm).plan_story(CHOICES, seed=5)
    assert [s.keywords for s in plan.scenes] == [["shell"], ["octopus"], ["bubble"], ["song"], ["home"]]
    assert lm.seeds == [5 * 31]  # one plan sampled: dropping costs no second plan


def test_a_plan_is_sampled_again_when_dropping_would_leave_a_scene_with_no_word():
    lm = ScriptedLM([[["owlhead"], *KNOWN[1:]], KNOWN])
    plan = Planner(lm).plan_story(CHOICES, seed=5)
    assert [s.keywords for s in plan.scenes] == KNOWN
    assert lm.seeds == [5 * 31, 5 * 31 + 1]
    assert Planner(ScriptedLM([[["owlhead"], *KNOWN[1:]]] * PLAN_ATTEMPTS)).plan_story(CHOICES, seed=1) is None


def test_with_no_word_test_every_word_is_let_through():
    planner = Planner(ScriptedLM([[["owlhead"], *KNOWN[1:]]]), known=None)
    assert planner.plan_story(CHOICES, seed=1).scenes[0].keywords == ["owlhead"]
