"""Alembic environment. The app runs `upgrade head` itself at start (taleweaver/web/db.py),
passing its engine's connection in `config.attributes["connection"]`."""

from alembic import context

from taleweaver.web.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the migrations through taleweaver.web.db.upgrade_database(url)")

# render_as_batch: SQLite can only alter a table by copying it; batch mode does that for us.
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
