"""The story player: one HTML page that plays a bundle scene by scene, offline.

    write_player(bundle_dir, bundle) -> Path        writes index.html, player.js, player.css
    render_player_html(bundle, ...) -> str          the page alone (the web app serves it too)
    render_player_html_while_making(...) -> str     the page for a story whose later pages are still being made
    player_files(bundle) -> {name: text}            the three files, e.g. for a zip
"""

from taleweaver.player.page import player_files, render_player_html, render_player_html_while_making, write_player

__all__ = ["player_files", "render_player_html", "render_player_html_while_making", "write_player"]
