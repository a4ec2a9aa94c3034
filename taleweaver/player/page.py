"""Builds the player page for a StoryBundle.

Reads: a StoryBundle (title, pages with text, picture/still, audio/narration, word timings,
credits). Writes: index.html with the story data embedded as a JSON <script> block (a page
opened from file:// cannot fetch() its neighbours), next to player.js and player.css.

The same page is served by the web app with `file_base` pointing at the story's files in the
API and `asset_base` at the app's static folder, so the bundle and the app play alike.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from taleweaver.catalog import KINDS, require_choice
from taleweaver.contracts import BundlePage, StoryBundle

STATIC_DIR = Path(__file__).resolve().parent / "static"
PLAYER_ASSETS = ("player.js", "player.css")

# Icons drawn as inline SVG: emoji fonts are not installed everywhere, and these scale cleanly.
_ICONS = {
    "previous": '<path d="M30 12 L12 32 L30 52 Z M52 12 L34 32 L52 52 Z"/>',
    "play": '<path d="M20 10 L54 32 L20 54 Z"/>',
    "replay": '<path d="M32 10 A22 22 0 1 1 10.5 36 l8-2 A14 14 0 1 0 32 18 v8 L18 14 L32 2 Z"/>',
    "next": '<path d="M12 12 L30 32 L12 52 Z M34 12 L52 32 L34 52 Z"/>',
}


def _icon(name: str) -> str:
    return f'<svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">{_ICONS[name]}</svg>'


def _story_data(title: str, choices, pages: list[dict], credits: list[str], file_base: str,
                end_links: list[tuple[str, str]]) -> dict:
    """What player.js reads: only what it shows and plays, file names relative to file_base."""
    picks = []
    for kind in KINDS:
        entry = require_choice(kind, getattr(choices, kind))
        picks.append({"kind": kind, "id": entry.id, "name": entry.name, "emoji": entry.emoji})
    return {
        "title": title,
        "fileBase": file_base,
        "choices": picks,
        "pages": pages,
        "credits": list(credits),
        "endLinks": [{"label": label, "href": href} for label, href in end_links],
    }


def _json_for_script(data: dict) -> str:
    # "<" escaped so no text in a story can close the <script> element early.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_player_html(bundle: StoryBundle, file_base: str = "", asset_base: str = "",
                       end_links: list[tuple[str, str]] | None = None, page_title: str | None = None) -> str:
    """The player page. `file_base` is prefixed to the bundle's file names, `asset_base` to
    player.js/player.css; `end_links` [(label, href)] are offered on the end page."""
    data = _story_data(bundle.story.title, bundle.story.choices, [page.model_dump(mode="json") for page in bundle.pages],
                       bundle.credits, file_base, end_links or [])
    return _player_html(data, page_title or bundle.story.title, asset_base)


def render_player_html_while_making(title: str, choices, pages: list[BundlePage], page_count: int, follow_url: str,
                                    file_base: str, asset_base: str = "",
                                    end_links: list[tuple[str, str]] | None = None) -> str:
    """The player for a story still being made: `pages` are those made so far (of
    `page_count`); player.js asks `follow_url` (the job's API URL) for the next ones."""
    data = _story_data(title, choices, [page.model_dump(mode="json") for page in pages], [], file_base,
                       end_links or [])
    data.update(pageCount=page_count, follow=follow_url)
    return _player_html(data, title, asset_base)


def _player_html(data: dict, page_title: str, asset_base: str) -> str:
    title = html.escape(page_title)
    # Without JavaScript the story so far is still readable.
    fallback = "".join(f"<p>{html.escape(page['text'])}</p>" for page in data["pages"])
    button = '<button type="button" class="tw-button" id="tw-{id}" aria-label="{label}" title="{label}">{icon}</button>'
    controls = "".join(button.format(id=name, label=label, icon=_icon(name)) for name, label in (
        ("previous", "Previous page"), ("play", "Play"), ("replay", "Read this page again"), ("next", "Next page")))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{html.escape(asset_base)}player.css">
</head>
<body class="tw-player-body">
<main class="tw-player" id="tw-player" data-page="title" data-state="paused">
  <section class="tw-stage" id="tw-stage" aria-live="polite" aria-atomic="true">
    <h1>{html.escape(data["title"])}</h1>
    <noscript>{fallback}</noscript>
  </section>
  <p class="tw-page-number" id="tw-page-number" aria-hidden="true"></p>
  <nav class="tw-controls" aria-label="Story controls">{controls}</nav>
</main>
<script type="application/json" id="tw-story">{_json_for_script(data)}</script>
<script src="{html.escape(asset_base)}player.js"></script>
</body>
</html>
"""


def player_files(bundle: StoryBundle) -> dict[str, str]:
    """index.html, player.js and player.css for a bundle folder (or a zip of one)."""
    files = {"index.html": render_player_html(bundle)}
    for name in PLAYER_ASSETS:
        files[name] = (STATIC_DIR / name).read_text(encoding="utf-8")
    return files


def write_player(bundle_dir: Path, bundle: StoryBundle) -> Path:
    """Write the player into `bundle_dir` and return the path of its index.html. Each file is
    written to a temporary name and renamed, so a reader never sees half a file."""
    bundle_dir = Path(bundle_dir)
    if not bundle_dir.is_dir():
        raise FileNotFoundError(f"{bundle_dir} is not a folder; write_player writes into an existing bundle folder")
    for name, text in player_files(bundle).items():
        temporary = bundle_dir / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, bundle_dir / name)
    return bundle_dir / "index.html"
