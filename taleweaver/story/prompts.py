"""The exact text the planner and writer see and produce. Training (train_lm.py) and
inference (planner.py, writer.py) both build their prompts here, so they can never drift.

Both use the chat format SmolLM2-Instruct was tuned on:
    <|im_start|>system ... <|im_end|> <|im_start|>user ... <|im_end|> <|im_start|>assistant ...
"""

from __future__ import annotations

import re

from taleweaver.catalog import require_choice

END = "<|im_end|>"
_SYSTEM = "You write gentle, happy picture-book stories for children aged 3 to 8."


def _chat(user: str) -> str:
    return (f"<|im_start|>system\n{_SYSTEM}{END}\n"
            f"<|im_start|>user\n{user}{END}\n<|im_start|>assistant\n")


def describe_choices(choices: dict[str, str]) -> str:
    theme = require_choice("theme", choices["theme"]).name.lower()
    hero = require_choice("hero", choices["hero"]).name.lower()
    color = require_choice("color", choices["color"]).name.lower()
    adjective = require_choice("adjective", choices["adjective"]).name.lower()
    return f"theme: {theme}\nhero: {hero}\ncolor: {color}\nadjective: {adjective}"


def format_plan(plan: list[list[str]]) -> str:
    return "\n".join(f"{i}: {', '.join(words)}" for i, words in enumerate(plan, 1))


def planner_prompt(choices: dict[str, str]) -> str:
    return _chat("Plan a five-scene story: a few keywords for each scene.\n" + describe_choices(choices))


def writer_prompt(choices: dict[str, str], plan: list[list[str]]) -> str:
    return _chat("Write a five-scene story that uses every keyword of each scene in that scene.\n"
                 + describe_choices(choices) + "\nplan:\n" + format_plan(plan))


def format_story(title: str, scenes: list[str]) -> str:
    return f"Title: {title}\n" + "\n".join(f"{i}: {text}" for i, text in enumerate(scenes, 1))


def story_prefix(title: str, scenes_before: list[str]) -> str:
    """The writer's answer up to the start of the next scene, to write that scene again."""
    lines = [f"Title: {title}", *(f"{i}: {text}" for i, text in enumerate(scenes_before, 1))]
    return "\n".join(lines) + f"\n{len(scenes_before) + 1}:"


_SCENE_LINE = re.compile(r"^\s*([1-5])\s*[:.)]\s*(.+?)\s*$")
# The writer sometimes repeats a scene's label inside the scene ("1: 2: The dragon looked...":
# 61 of the 500 stories of docs/safety-at-scale). A label is a number with ":", "." or ")"
# and a space before a word; "4:30 PM" and "12 red flowers" are words, and stay.
_LEAKED_LABEL = re.compile(r"^\s*\d{1,2}\s*[:.)](\s+(?=[\"'A-Za-z]|\d{1,2}\s*[:.)](\s|$))|\s*$)")


# A scene is made of sentences. All 5,600 corpus scenes have at least 16 words and end with
# ".", "!" or "?" (perhaps before a closing quote). A draft once gave four title-like lines
# ("Lone Owl with a cloudy tail", h3_051 of docs/story-eval.json of 2026-12-07) as scenes, and a
# scene cut off at the token limit ends mid-sentence: neither is a scene.
MIN_SCENE_WORDS = 8
# The corpus's longest run of one word is 3 (109 of 5,600 scenes: "tinkle, tinkle, tinkle");
# a sampler stuck in a loop repeats a word far more ("startled startled startled startled").
MAX_WORD_RUN = 3
_PUNCTUATION = ".,!?;:\"'\u201c\u201d\u2018\u2019()-"
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def is_scene(text: str) -> bool:
    """Whether `text` reads as a scene: at least MIN_SCENE_WORDS words, ending a sentence, and
    no word said more than MAX_WORD_RUN times in a row (a sampler stuck in a loop)."""
    text = text.strip()
    return (len(text.split()) >= MIN_SCENE_WORDS and bool(_SENTENCE_END.search(text))
            and longest_word_run(text) <= MAX_WORD_RUN)


def longest_word_run(text: str) -> int:
    """The most times one word follows itself ("startled startled startled" is 3)."""
    words = [w.strip(_PUNCTUATION).lower() for w in text.split()]
    longest = run = 0
    for i, word in enumerate(words):
        run = run + 1 if i and word == words[i - 1] else 1
        longest = max(longest, run)
    return longest


def clean_scene(text: str) -> str:
    """A scene's text without scene labels the model repeated at its start."""
    while _LEAKED_LABEL.match(text):
        text = _LEAKED_LABEL.sub("", text, count=1)
    return text.strip()


_PLAN_WORD_PUNCTUATION = ".!?;:\"'()“”‘’"


def parse_plan(text: str) -> list[list[str]] | None:
    """Keywords per scene from the planner's answer, or None when it is not five scenes."""
    plan: dict[int, list[str]] = {}
    for line in text.split(END)[0].splitlines():
        match = _SCENE_LINE.match(line)
        if match and int(match.group(1)) not in plan:
            # "fly." keeps no full stop: a plan word is matched against the scene's words.
            words = [w.strip().strip(_PLAN_WORD_PUNCTUATION).strip().lower() for w in match.group(2).split(",")]
            plan[int(match.group(1))] = [w for w in dict.fromkeys(words) if w and len(w) <= 30][:6]
    if sorted(plan) != [1, 2, 3, 4, 5] or not all(plan.values()):
        return None
    return [plan[i] for i in range(1, 6)]


def parse_story(text: str) -> tuple[str, list[str]] | None:
    """(title, five scene texts) from the writer's answer, or None when it is malformed."""
    title = None
    scenes: dict[int, str] = {}
    for line in text.split(END)[0].splitlines():
        if title is None and line.lower().startswith("title:"):
            title = line.split(":", 1)[1].strip()
            continue
        match = _SCENE_LINE.match(line)
        if match and int(match.group(1)) not in scenes:
            scenes[int(match.group(1))] = clean_scene(match.group(2))
    if not title or sorted(scenes) != [1, 2, 3, 4, 5] or not all(map(is_scene, scenes.values())):
        return None
    return title, [scenes[i] for i in range(1, 6)]


def baseline_prompt(choices: dict[str, str]) -> str:
    """The zero-shot baseline of the evaluation: the same base model, asked plainly, with the
    answer format spelled out (it has no planner, adapter or ranker to teach it)."""
    return _chat("Write a story for a young child, in five short scenes.\n" + describe_choices(choices)
                 + "\nAnswer in exactly this format:\nTitle: <title>\n1: <scene one>\n2: <scene two>\n"
                   "3: <scene three>\n4: <scene four>\n5: <scene five>")
