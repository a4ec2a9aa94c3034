"""A new family in a real headless Chromium: sign-up behind the parent gate, consent, a child
profile, tiles, a story made by the REAL pipeline, and scene 1 playing; plus the consent
flow and bad inputs (those use the real bundle writer with a hand-written story, see
tests/web_support.py, because the real story generator takes tens of seconds)."""

from __future__ import annotations

import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from family_steps import add_child, give_consent, pick_tiles, sign_up
from web_support import make_bundle_with_handwritten_story

# The real pipeline takes ~10 s on a quiet machine and much longer under load; the page waits.
REAL_STORY_TIMEOUT_MS = 6 * 60 * 1000


def test_a_new_family_makes_and_plays_a_story_with_the_real_pipeline(page, live_app, artifacts):
    app = live_app()  # the default bundle maker: taleweaver.pipeline.create_story_bundle
    sign_up(page, app.url, "ana@example.org")
    add_child(page, "Mia")
    give_consent(page, "Mia")

    page.goto(app.url + "/")
    page.click(".profile-tile:has-text('Mia')")
    page.locator('.step[data-kind="theme"] .tile').first.wait_for()
    assert page.locator("input[type=text], textarea, input:not([type])").count() == 0  # no free text for the child
    pick_tiles(page, "underwater", "mermaid", "purple", "silly")
    page.screenshot(path=str(artifacts / "web-child-picks-tiles.png"), full_page=True)
    page.click("#create")
    page.locator("#making").wait_for()
    # (locator waits, not wait_for_function: the app's CSP rightly forbids eval in its pages)
    page.locator("#stage", has_text=re.compile("Writing|Putting|Painting|Making|Getting")).wait_for()
    _wait_for_the_player(page, REAL_STORY_TIMEOUT_MS)

    page.click(".tw-start")
    page.locator("#tw-player[data-page='1']").wait_for()
    text = page.inner_text(".tw-text")
    assert len(text.split()) >= 5
    page.screenshot(path=str(artifacts / "web-scene-1.png"))
    # The player opened as soon as page 1 was made (/play/job/ID, unless the story was already
    # finished): each next page opens when it is made. Paused, so pages turn only on "next".
    if page.get_attribute("#tw-player", "data-state") == "playing":
        page.click("#tw-play")
    page.locator("#tw-player[data-state='paused']").wait_for()
    for number in (2, 3, 4, 5):
        page.locator("#tw-next:not([disabled])").wait_for(timeout=REAL_STORY_TIMEOUT_MS)
        page.click("#tw-next")
        page.locator(f"#tw-player[data-page='{number}']").wait_for(timeout=REAL_STORY_TIMEOUT_MS)
        assert len(page.inner_text(".tw-text").split()) >= 5
    assert page.problems == []


def _wait_for_the_player(page, timeout_ms: int) -> None:
    """Wait until the page moves on to the player (/play/N, or /play/job/ID while the later
    pages are still being made); fail at once with the page's message if the story could not
    be made."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while not re.search(r"/play/(\d+|job/[0-9a-f]{32})$", page.url):
        assert time.monotonic() < deadline, "the story took longer than the test allows"
        # all_text_contents does not wait: the page may be leaving for the player right now
        # (page 1 is ready in about 10 s), and then there is no #message to wait for.
        # If the page navigates while its text is being read, Playwright raises "Execution
        # context was destroyed"; that is the page moving on, so look again.
        try:
            message = " ".join(page.locator("#message").all_text_contents()).strip() if "/child/" in page.url else ""
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
            continue
        assert not message, f"the story was not made: {message}"
        page.wait_for_timeout(500)
    page.locator("#tw-player").wait_for()


def test_a_child_without_consent_is_sent_to_a_grown_up(page, live_app):
    app = live_app(make_bundle=make_bundle_with_handwritten_story)
    sign_up(page, app.url, "ana@example.org")
    add_child(page, "Leo")
    page.goto(app.url + "/")
    tile = page.locator(".profile-tile:has-text('Leo')")
    assert "Ask a grown-up first" in tile.inner_text()
    assert tile.get_attribute("href") == "/parent"

    # Even going straight to the picker, making a story is refused with a clear message.
    profile_id = page.evaluate("fetch('/api/profiles').then(r => r.json()).then(p => p[0].id)")
    page.goto(f"{app.url}/child/{profile_id}")
    pick_tiles(page, "castle", "dragon", "green", "brave")
    page.click("#create")
    page.locator("#message", has_text="consent").wait_for()
    assert page.is_visible("#picker")


def test_withdrawing_consent_in_the_parent_area_deletes_the_childs_stories(page, live_app):
    app = live_app(make_bundle=make_bundle_with_handwritten_story)
    sign_up(page, app.url, "ana@example.org")
    add_child(page, "Mia")
    give_consent(page, "Mia")
    page.goto(app.url + "/")
    page.click(".profile-tile:has-text('Mia')")
    pick_tiles(page, "jungle", "dragon", "green", "brave")
    page.click("#create")
    # The player opens at page 1 (/play/job/ID) or, if the story was already finished, /play/N.
    page.wait_for_url(re.compile(r"/play/(\d+|job/[0-9a-f]{32})$"), timeout=60_000)
    for _ in range(300):  # until the bundle is complete: one folder, no hidden work folder
        names = [p.name for p in app.settings.stories_dir.iterdir()]
        if len(names) == 1 and not names[0].startswith("."):
            break
        page.wait_for_timeout(200)
    assert len(names) == 1 and not names[0].startswith("."), names

    page.goto(app.url + "/parent")
    card = page.locator(".profile-card", has_text="Mia")
    card.locator(".story-list li").first.wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    card.locator("button.withdraw-consent").click()
    page.locator("#message", has_text="1 stories deleted").wait_for()
    assert list(app.settings.stories_dir.iterdir()) == []
    # The message shows before the parent area reloads its cards, so wait for the card to change.
    expect(page.locator(".profile-card", has_text="Mia")).to_contain_text("No consent yet")


def test_bad_choice_ids_get_a_clear_error_and_never_reach_the_story_maker(page, live_app):
    app = live_app(make_bundle=make_bundle_with_handwritten_story)
    sign_up(page, app.url, "ana@example.org")
    add_child(page, "Mia")
    give_consent(page, "Mia")
    profile_id = page.evaluate("fetch('/api/profiles').then(r => r.json()).then(p => p[0].id)")

    # A doctored link with an id that is not a tile: nothing is picked, nothing can be made.
    page.goto(f"{app.url}/child/{profile_id}?theme=haunted_house&hero=mermaid&color=purple&adjective=silly&again=1")
    page.locator('.step[data-kind="theme"] .tile').first.wait_for()
    assert page.locator('.tile[aria-pressed="true"]').count() == 3
    assert page.is_disabled("#create")

    # The same request sent straight to the API: 422 with the allowed values.
    answer = page.evaluate("""async (profile) => {
        const session = await (await fetch('/api/session')).json();
        const r = await fetch('/api/stories', {method: 'POST', headers: {'Content-Type': 'application/json',
            'X-CSRF-Token': session.csrf_token}, body: JSON.stringify({profile_id: profile, theme: 'haunted_house',
            hero: 'mermaid', color: 'purple', adjective: 'silly'})});
        return {status: r.status, body: await r.json()};
    }""", profile_id)
    assert answer["status"] == 422
    assert "allowed: underwater" in answer["body"]["message"]
    assert list(app.settings.stories_dir.iterdir()) == []
