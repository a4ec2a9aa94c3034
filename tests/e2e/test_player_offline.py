"""The story player opened straight from a bundle folder (file://) in headless Chromium:
title page, scene pages with the picture and each word highlighted as it is spoken, keyboard
control, labelled buttons, and an end page with the credits."""

from __future__ import annotations

import json

import numpy as np
import soundfile

from taleweaver.contracts import BundlePage, Choices, SpokenWord, StoryBundle
from taleweaver.player import write_player
from web_support import handwritten_story

PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 100">
<rect width="160" height="100" fill="#bde0fe"/>
<circle cx="30" cy="50" r="12" fill="#7a4cc2"><animate attributeName="cx" values="30;130;30" dur="4s" repeatCount="indefinite"/></circle>
</svg>"""


def _timed_words(text: str, seconds_per_word: float) -> list[SpokenWord]:
    words, at = [], 0
    for i, word in enumerate(text.split()):
        start = text.index(word, at)
        at = start + len(word)
        words.append(SpokenWord(word=word, start=i * seconds_per_word, end=(i + 1) * seconds_per_word,
                                char_start=start, char_end=at))
    return words


def _bundle_folder(folder, with_sound: bool):
    """A bundle folder with a picture, a quiet real OGG tone and word timings for scene 1,
    and nothing but text for the other scenes (as when those stages are missing)."""
    folder.mkdir()
    story = handwritten_story(Choices(theme="underwater", hero="robot", color="purple", adjective="silly"))
    pages = [BundlePage(index=s.index, text=s.text) for s in story.scenes]
    (folder / "scene-1.svg").write_text(PICTURE)
    pages[0].picture = "scene-1.svg"
    if with_sound:
        rate = 22050
        t = np.arange(int(rate * 6.0)) / rate
        soundfile.write(folder / "scene-1.ogg", (0.05 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), rate)
        pages[0].audio = "scene-1.ogg"
        pages[0].duration_s = 6.0
        pages[0].words = _timed_words(pages[0].text, 0.4)
    bundle = StoryBundle(story=story, pages=pages, credits=["Pictures: OpenMoji (CC BY-SA 4.0)"])
    (folder / "story.json").write_text(json.dumps(bundle.model_dump(mode="json")))
    return write_player(folder, bundle)


def test_player_highlights_each_word_as_it_is_spoken_from_a_file_url(page, tmp_path, artifacts):
    index = _bundle_folder(tmp_path / "bundle", with_sound=True)
    page.goto(index.as_uri())
    assert page.inner_text(".tw-title") == "Pip and the Lost Snail"
    page.click(".tw-start")
    player = page.locator("#tw-player")
    assert player.get_attribute("data-page") == "1"
    page.wait_for_function("document.querySelector('#tw-player').dataset.state === 'playing'")
    # Two different words are highlighted at two moments while the sound plays.
    page.wait_for_function("document.querySelectorAll('.tw-word.tw-spoken').length === 1", timeout=5000)
    first = page.inner_text(".tw-word.tw-spoken")
    page.wait_for_function(f"(() => {{ const w = document.querySelector('.tw-word.tw-spoken');"
                           f" return w && w.textContent !== {json.dumps(first)}; }})()", timeout=5000)
    assert page.locator(".tw-picture img").evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(artifacts / "player-offline-scene-1.png"))
    assert page.problems == []


def test_player_is_driven_by_keyboard_and_ends_with_the_credits(page, tmp_path):
    index = _bundle_folder(tmp_path / "bundle", with_sound=False)
    page.goto(index.as_uri())
    labels = [page.get_attribute(f"#tw-{name}", "aria-label") for name in ("previous", "play", "replay", "next")]
    assert labels == ["Previous page", "Play", "Read this page again", "Next page"]
    assert page.get_attribute("#tw-stage", "aria-live") == "polite"
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#tw-player", "data-page") == "1"
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#tw-player", "data-page") == "2"
    assert "purple flowers" in page.inner_text("#tw-stage")  # a plain text page: no timings here
    assert page.locator(".tw-word").count() == 0
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute("#tw-player", "data-page") == "1"
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert page.get_attribute("#tw-player", "data-page") == "end"
    assert "Pictures: OpenMoji (CC BY-SA 4.0)" in page.inner_text(".tw-credits")
    assert page.is_disabled("#tw-next")
    page.keyboard.press("Home")
    assert page.get_attribute("#tw-player", "data-page") == "title"
    assert page.problems == []
