"""The one safety filter every text a child could see passes through (see docs/safety.md)."""

from taleweaver.safety.screen import SafetyVerdict, screen_labels, screen_story_texts, screen_text, screen_texts

__all__ = ["SafetyVerdict", "screen_text", "screen_story_texts", "screen_texts", "screen_labels"]
