"""The database: one engine per app, schema made by Alembic (`upgrade head` at every start).

SQLite (the default, a file in the data folder) needs no set-up; `DATABASE_URL` may point to
PostgreSQL instead (postgresql+psycopg://user@host/dbname).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("postgres://"):
        raise ValueError("DATABASE_URL must name the driver: postgresql+psycopg://user@host/dbname")
    if url.startswith("sqlite"):
        # The worker thread and the request threads share the file; WAL lets readers go on
        # while the worker writes, and the busy timeout waits instead of failing on a lock.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade_database(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is already there)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False)
