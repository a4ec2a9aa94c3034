"""What a new family does in the browser, step by step, as the e2e tests need it."""

from __future__ import annotations

import re

PASSWORD = "correct horse battery"


def answer_parent_gate(page) -> None:
    question = page.locator("#gate-question", has_text="×")
    question.wait_for()
    left, right = map(int, re.findall(r"\d+", question.inner_text())[:2])
    page.fill("#gate-answer", str(left * right))
    page.click("#gate-form button[type=submit]")


def sign_up(page, url: str, email: str) -> None:
    page.goto(url + "/parent")
    answer_parent_gate(page)
    page.locator("#signup-form").wait_for()
    page.fill("#signup-email", email)
    page.fill("#signup-password", PASSWORD)
    page.click("#signup-form button[type=submit]")
    page.locator("#dashboard").wait_for()


def add_child(page, name: str) -> None:
    page.fill("#profile-name", name)
    page.click("#profile-form button[type=submit]")
    page.locator(".profile-card h3", has_text=name).wait_for()


def give_consent(page, name: str) -> None:
    page.locator(".profile-card", has_text=name).locator("button.give-consent").click()
    page.locator("#consent-text").wait_for()
    assert "Consent for a child to make stories" in page.inner_text("#consent-text")
    page.fill("#consent-password", PASSWORD)
    page.click("#consent-form button[type=submit]")
    page.locator(".profile-card", has_text=name).locator("text=Consent given").wait_for()


def pick_tiles(page, theme: str, hero: str, color: str, adjective: str) -> None:
    for kind, choice in (("theme", theme), ("hero", hero), ("color", color), ("adjective", adjective)):
        page.click(f'.step[data-kind="{kind}"] .tile[data-id="{choice}"]')
