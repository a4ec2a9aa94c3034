"""write_player: the bundle's offline player page (browser behaviour: tests/e2e/test_player_offline.py)."""

import json
import re

import pytest

from taleweaver.contracts import BundlePage, Choices, StoryBundle
from taleweaver.player import render_player_html, write_player
from web_support import handwritten_story


def _bundle(title="Pip and the Lost Snail") -> StoryBundle:
    story = handwritten_story(Choices(theme="underwater", hero="robot", color="purple", adjective="silly"))
    story = story.model_copy(update={"title": title})
    return StoryBundle(story=story, pages=[BundlePage(index=s.index, text=s.text) for s in story.scenes],
                       credits=["Music: FluidR3 (MIT)"])


def _embedded(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="tw-story">(.*?)</script>', page, re.S).group(1)
    return json.loads(block)


def test_write_player_puts_a_self_contained_page_in_the_bundle(tmp_path):
    index = write_player(tmp_path, _bundle())
    assert index == tmp_path / "index.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "player.css", "player.js"]
    page = index.read_text()
    assert 'src="player.js"' in page and 'href="player.css"' in page
    assert "http://" not in page and "https://" not in page  # nothing fetched from elsewhere
    data = _embedded(page)
    assert data["title"] == "Pip and the Lost Snail" and len(data["pages"]) == 5
    assert data["credits"] == ["Music: FluidR3 (MIT)"]
    assert [c["name"] for c in data["choices"]] == ["Under the Sea", "Robot", "Purple", "Silly"]


def test_story_text_cannot_close_the_data_script_early():
    page = render_player_html(_bundle(title="</script><script>alert(1)</script>"))
    assert "<script>alert(1)" not in page
    assert _embedded(page)["title"] == "</script><script>alert(1)</script>"


def test_web_app_version_points_at_the_api_files_and_offers_end_links():
    page = render_player_html(_bundle(), file_base="/api/stories/7/files/", asset_base="/static/player/",
                              end_links=[("My stories", "/child/1/library")])
    assert 'src="/static/player/player.js"' in page
    data = _embedded(page)
    assert data["fileBase"] == "/api/stories/7/files/"
    assert data["endLinks"] == [{"label": "My stories", "href": "/child/1/library"}]


def test_the_story_is_readable_without_javascript():
    page = render_player_html(_bundle())
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.S).group(1)
    assert "Pip the little robot woke up" in noscript and "happy hum" in noscript


def test_write_player_needs_an_existing_bundle_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="existing bundle folder"):
        write_player(tmp_path / "nowhere", _bundle())
