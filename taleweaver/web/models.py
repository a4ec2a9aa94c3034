"""The database tables (SQLAlchemy 2). Every row a family owns carries `parent_id`, and every
query in the API filters by the signed-in parent's id, so one family never sees another's data.

    parents ─┬─ sessions          a browser signed in (or not yet) with its CSRF token and gate
             ├─ child_profiles ─┬─ consents   who agreed, when, to which version of the text
             │                  ├─ jobs       a story being made: state, stage, progress
             │                  └─ stories    a finished bundle folder on disk
             └─ (login_attempts, by e-mail address, for rate-limiting wrong passwords)

The schema itself is made by the Alembic migrations in taleweaver/web/migrations/; a test
checks that these classes and the migrations agree.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so every timestamp is stored as UTC without one."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, never the password
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    profiles: Mapped[list["ChildProfile"]] = relationship(back_populates="parent", cascade="all, delete-orphan")


class BrowserSession(Base):
    """A browser's session. The cookie holds a random token; only its SHA-256 is stored here."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"), nullable=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    gate_answer_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    gate_open_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_at", "email", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(default=False)


class ChildProfile(Base):
    __tablename__ = "child_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(40))  # chosen by the parent, screened
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    parent: Mapped[Parent] = relationship(back_populates="profiles")
    consents: Mapped[list["Consent"]] = relationship(cascade="all, delete-orphan", order_by="Consent.id")


class Consent(Base):
    """One act of consent. Withdrawing sets `withdrawn_at`; the row stays as the record."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("child_profiles.id", ondelete="CASCADE"), index=True)
    text_version: Mapped[str] = mapped_column(String(20))
    text_sha256: Mapped[str] = mapped_column(String(64))  # of the exact text that was shown
    method: Mapped[str] = mapped_column(String(60))  # how the parent was verified
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Job(Base):
    """A story being made. `state`: queued → running → done | failed. `story_uid` names the
    bundle folder the worker writes, so a restart can find a bundle that was finished."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_created", "state", "created_at"),
                      Index("ix_jobs_profile_created", "profile_id", "created_at"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("child_profiles.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(40))
    hero: Mapped[str] = mapped_column(String(40))
    color: Mapped[str] = mapped_column(String(40))
    adjective: Mapped[str] = mapped_column(String(40))
    story_uid: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(10), default="queued")
    stage: Mapped[str | None] = mapped_column(String(40), nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    scene: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    story_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The pages ready to play while the rest is still being made: JSON {"title", "pages": [...]}
    # (BundlePage dicts), written by the worker as each page is finished; None before page 1.
    preview: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    def preview_data(self) -> dict:
        """`preview` read: {"title": str | None, "pages": [BundlePage dicts]}."""
        return json.loads(self.preview) if self.preview else {"title": None, "pages": []}


class Story(Base):
    """A saved story: a row here and its bundle folder `<stories dir>/<uid>`. The row is made
    only after the folder exists, and is deleted before the folder is."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parents.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("child_profiles.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(40))
    hero: Mapped[str] = mapped_column(String(40))
    color: Mapped[str] = mapped_column(String(40))
    adjective: Mapped[str] = mapped_column(String(40))
    seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
