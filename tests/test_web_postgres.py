"""The PostgreSQL path: a real PostgreSQL 15 server started in a temporary folder, the
migrations run against it, and a family makes, lists and deletes a story through the API."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from web_support import Family, make_client

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root (CI runs as root): use the `postgres` system user then.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 binaries are missing from {PG_BIN} (Debian package postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="taleweaver-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    data = folder / "data"
    subprocess.run(_as_server_user([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                    "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
    options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
    subprocess.run(_as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                    str(folder / "server.log"), "-w", "start"]), check=True, capture_output=True)
    try:
        import psycopg

        with psycopg.connect(host=str(folder), port=port, user="postgres", dbname="postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE taleweaver")
        yield f"postgresql+psycopg://postgres@/taleweaver?host={folder}&port={port}"
    finally:
        subprocess.run(_as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_migrations_and_the_story_api_work_on_a_real_postgresql_server(postgres_url, tmp_path):
    from sqlalchemy import inspect

    with make_client(tmp_path, database_url=postgres_url) as client:
        engine = client.app.state.engine
        assert engine.dialect.name == "postgresql"
        assert {"parents", "child_profiles", "consents", "jobs", "stories", "alembic_version"} <= set(
            inspect(engine).get_table_names())
        family = Family(client)
        family.sign_up("ana@example.org")
        profile = family.add_child("Mia")
        job = family.wait_for(family.make_story(profile)["id"])
        assert job["state"] == "done"
        assert [s["title"] for s in client.get(f"/api/stories?profile_id={profile}").json()] == ["Pip and the Lost Snail"]
        assert family.delete(f"/api/stories/{job['story_id']}").status_code == 204
        assert client.get(f"/api/stories?profile_id={profile}").json() == []

    # A restart of the app against the same database: the upgrade is a no-op, the data is there.
    with make_client(tmp_path, database_url=postgres_url) as client:
        family = Family(client)
        family.open_gate()
        assert family.post("/api/login", {"email": "ana@example.org", "password": "correct horse battery"}).status_code == 200
        assert [p["display_name"] for p in client.get("/api/profiles").json()] == ["Mia"]
