"""Settings of the web app, read from the environment once at start (docs/web.md lists them).

    TALEWEAVER_DATA_DIR         where the default SQLite file and the story bundles live (./var/)
    DATABASE_URL                a SQLAlchemy URL; PostgreSQL with postgresql+psycopg://...
    TALEWEAVER_STORIES_DIR      where bundle folders are stored (<data dir>/stories)
    TALEWEAVER_HOST / _PORT     where `python -m taleweaver.web` listens (127.0.0.1:8000)
    TALEWEAVER_STORIES_PER_HOUR how many stories one child profile may start in an hour (10)
    TALEWEAVER_SECURE_COOKIES   1 (default) marks the session cookie Secure; 0 only for a plain
                                http server that is not on this computer's loopback address
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _int_from_env(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {raw!r}") from None
    if not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value}")
    return value


@dataclass
class Settings:
    data_dir: Path
    database_url: str
    stories_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    stories_per_hour: int = 10
    secure_cookies: bool = True
    # How long a passed parent gate stays open, and how long a session lives.
    gate_minutes: int = 15
    session_days: int = 14
    # Wrong passwords: at most this many per e-mail address in `login_window_minutes`.
    login_failures_allowed: int = 5
    login_window_minutes: int = 15
    # A running job found at start is tried again this many times before it is marked failed.
    job_attempts: int = 2

    @classmethod
    def for_data_dir(cls, data_dir: str | Path, **overrides) -> "Settings":
        """Settings with everything under one folder (SQLite file + stories); for tests and tools."""
        data_dir = Path(data_dir).resolve()
        values = dict(data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'taleweaver.db'}",
                      stories_dir=data_dir / "stories")
        values.update(overrides)
        return cls(**values)

    @classmethod
    def from_env(cls) -> "Settings":
        data_dir = Path(os.environ.get("TALEWEAVER_DATA_DIR") or "var").resolve()
        stories_dir = Path(os.environ.get("TALEWEAVER_STORIES_DIR") or data_dir / "stories").resolve()
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'taleweaver.db'}"
        secure = os.environ.get("TALEWEAVER_SECURE_COOKIES", "1")
        if secure not in ("0", "1"):
            raise ValueError(f"TALEWEAVER_SECURE_COOKIES must be 0 or 1, got {secure!r}")
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            stories_dir=stories_dir,
            host=os.environ.get("TALEWEAVER_HOST") or "127.0.0.1",
            port=_int_from_env("TALEWEAVER_PORT", 8000, 1, 65535),
            stories_per_hour=_int_from_env("TALEWEAVER_STORIES_PER_HOUR", 10, 1, 1000),
            secure_cookies=secure == "1",
        )
