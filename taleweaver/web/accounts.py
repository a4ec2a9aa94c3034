"""Parent accounts: argon2id password hashes and rate-limited sign-in.

Reads and writes the `parents` and `login_attempts` tables. A wrong password is recorded;
after `login_failures_allowed` wrong passwords for one e-mail address within
`login_window_minutes`, sign-in for that address is refused until the window has passed,
even with the right password (so guessing cannot simply continue).
"""

from __future__ import annotations

import re
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taleweaver.web.models import LoginAttempt, Parent, utcnow

PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 200
# Deliberately simple: one @, a dot in the domain, no spaces. We never send mail.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class AccountError(ValueError):
    """A sign-up or sign-in that cannot go ahead; the message is safe to show."""


class TooManyAttempts(AccountError):
    def __init__(self, minutes: int):
        self.minutes = minutes
        super().__init__(f"Too many wrong passwords. Please wait {minutes} minutes and try again.")


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise AccountError("Please give an e-mail address like name@example.org.")
    return email


def check_new_password(password: str) -> None:
    if not PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise AccountError(f"The password must be {PASSWORD_MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters long.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def create_parent(db: Session, email: str, password: str) -> Parent:
    email = normalize_email(email)
    check_new_password(password)
    if db.scalars(select(Parent).where(Parent.email == email)).first() is not None:
        raise AccountError("There is already an account with this e-mail address. Please sign in.")
    parent = Parent(email=email, password_hash=hash_password(password))
    db.add(parent)
    db.flush()
    return parent


def _recent_failures(db: Session, email: str, window_minutes: int) -> int:
    since = utcnow() - timedelta(minutes=window_minutes)
    return db.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.email == email, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))) or 0


def verify_parent_password(db: Session, email: str, password: str, failures_allowed: int,
                           window_minutes: int) -> Parent:
    """The parent with this e-mail and password, or AccountError. Every try is recorded, and
    the caller must commit even on failure so the failure counts."""
    try:
        email = normalize_email(email)
    except AccountError:
        raise AccountError("That e-mail address and password do not match an account.") from None
    if _recent_failures(db, email, window_minutes) >= failures_allowed:
        raise TooManyAttempts(window_minutes)
    parent = db.scalars(select(Parent).where(Parent.email == email)).first()
    # Hash even for an unknown address, so the answer takes as long either way.
    ok = password_matches(parent.password_hash if parent else _DUMMY_HASH, password) and parent is not None
    db.add(LoginAttempt(email=email, succeeded=ok))
    if not ok:
        raise AccountError("That e-mail address and password do not match an account.")
    return parent


_DUMMY_HASH = _hasher.hash("not a real password, only used to spend the same time")
