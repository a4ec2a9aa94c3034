"""Persistence: the schema comes from the migrations, and a restart leaves no job stuck and
no half-written story visible."""

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from taleweaver.contracts import Choices
from taleweaver.web.config import Settings
from taleweaver.web.db import make_engine, upgrade_database
from taleweaver.web.models import Base, ChildProfile, Consent, Job, Parent, Story
from web_support import Family, make_bundle_with_handwritten_story, make_client


def test_the_migrations_make_exactly_the_tables_the_models_describe(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'check.db'}")
    upgrade_database(engine)
    upgrade_database(engine)  # a second upgrade is a no-op
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def _stopped_app_with_a_running_job(data_dir, attempts=1, bundle_finished=False) -> str:
    """Leave the database as an app killed mid-story would: one job in state "running"."""
    settings = Settings.for_data_dir(data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    upgrade_database(engine)
    job_id, uid = uuid.uuid4().hex, uuid.uuid4().hex
    with engine.begin() as connection:
        from sqlalchemy.orm import Session

        with Session(bind=connection) as db:
            parent = Parent(email="ana@example.org", password_hash="$argon2id$placeholder-not-used")
            db.add(parent)
            db.flush()
            profile = ChildProfile(parent_id=parent.id, display_name="Mia")
            db.add(profile)
            db.flush()
            db.add(Consent(parent_id=parent.id, profile_id=profile.id, text_version="v1", text_sha256="0" * 64,
                           method="test"))
            db.add(Job(id=job_id, parent_id=parent.id, profile_id=profile.id, theme="farm", hero="dragon",
                       color="red", adjective="brave", story_uid=uid, state="running", attempts=attempts,
                       done=1, total=2))
            db.commit()
    engine.dispose()
    stories = settings.stories_dir
    stories.mkdir(parents=True, exist_ok=True)
    (stories / f".{uid}.partial-x1y2").mkdir()  # what a killed pipeline leaves behind
    (stories / f".{uid}.partial-x1y2" / "story.json").write_text("{half a fi")
    if bundle_finished:
        choices = Choices(theme="farm", hero="dragon", color="red", adjective="brave")
        make_bundle_with_handwritten_story(choices, stories / uid)
    return job_id


def _job_and_stories(client, job_id):
    with client.app.state.db_sessions() as db:
        return db.get(Job, job_id), db.scalars(select(Story)).all()


def test_a_job_cut_off_by_a_restart_is_made_again(tmp_path):
    job_id = _stopped_app_with_a_running_job(tmp_path, attempts=1)
    with make_client(tmp_path) as client:
        Family(client)
        import time

        for _ in range(300):
            job, stories = _job_and_stories(client, job_id)
            if job.state in ("done", "failed"):
                break
            time.sleep(0.1)
        assert job.state == "done" and job.attempts == 2
        assert [s.title for s in stories] == ["Pip and the Lost Snail"]
        hidden = [p.name for p in client.app.state.settings.stories_dir.iterdir() if p.name.startswith(".")]
        assert hidden == []


def test_a_finished_bundle_whose_row_was_never_written_is_recorded_at_restart(tmp_path):
    job_id = _stopped_app_with_a_running_job(tmp_path, bundle_finished=True)
    with make_client(tmp_path, make_bundle=None) as client:
        job, stories = _job_and_stories(client, job_id)
        assert job.state == "done" and job.story_id == stories[0].id


def test_a_job_that_keeps_getting_cut_off_is_marked_failed_with_a_message(tmp_path):
    job_id = _stopped_app_with_a_running_job(tmp_path, attempts=2)
    with make_client(tmp_path) as client:
        job, stories = _job_and_stories(client, job_id)
        assert job.state == "failed" and "app stopped" in job.error
        assert stories == []
        assert list(client.app.state.settings.stories_dir.iterdir()) == []
