"""The parent gate: an arithmetic question a child of 3-8 cannot answer, typed as digits.

A two-digit number times a one-digit number ("What is 17 × 6?"). The session stores only a
hash of the answer; one wrong answer uses the question up, so guessing needs a new question
each time. A right answer opens the parent area for `gate_minutes`.
"""

from __future__ import annotations

import hashlib
import random

# A system random source: the question must not be predictable from earlier ones.
_random = random.SystemRandom()


def new_question() -> tuple[str, int]:
    """A question and its answer."""
    left = _random.randint(12, 19)
    right = _random.randint(3, 9)
    return f"What is {left} × {right}?", left * right


def answer_hash(session_csrf: str, answer: int) -> str:
    # Salted with the session's CSRF token so a stored hash is useless in another session.
    return hashlib.sha256(f"{session_csrf}:{answer}".encode()).hexdigest()
