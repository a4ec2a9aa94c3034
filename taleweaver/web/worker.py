"""The story worker: a background thread that takes queued jobs from the `jobs` table, one at a
time, and makes their bundles, so web requests never wait for a story to be made.

Reads: jobs (state "queued"), consents. Writes: jobs (state, stage, progress, error), stories
(one row per finished bundle), bundle folders (through the bundle maker).

    queued ──► running ──► done    (bundle folder exists, then the story row, in one transaction
                       └─► failed   with the job's `done` state)

Restarts: `recover_jobs` runs before the worker starts. A job left "running" by a stopped app
whose bundle folder is complete is recorded as done; otherwise it is queued again, at most
`job_attempts` times in all, then marked failed with a message. No job stays "running".
"""

from __future__ import annotations

import json
import logging
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from taleweaver.contracts import Choices
from taleweaver.pipeline import load_bundle
from taleweaver.web.consent import active_consent
from taleweaver.web.models import Job, Story, utcnow
from taleweaver.web.storage import BundleStore

log = logging.getLogger("taleweaver.web.worker")

# make_bundle(choices, out_dir, seed=None, on_progress=None, on_page=None) -> Path: the real one is
# taleweaver.pipeline.create_story_bundle; tests pass a faster one that is named as such.
BundleMaker = Callable[..., Path]

FRIENDLY_FAILURE = "Oh no, this story got stuck. Please try again!"


def _record_story(db: Session, job: Job, folder: Path) -> Story:
    """Add the story row for a finished bundle and mark the job done (caller commits)."""
    bundle = load_bundle(folder)
    story = Story(uid=job.story_uid, parent_id=job.parent_id, profile_id=job.profile_id,
                  title=bundle.story.title[:200], theme=job.theme, hero=job.hero, color=job.color,
                  adjective=job.adjective, seed=bundle.seed, source=bundle.story.source)
    db.add(story)
    db.flush()
    job.state, job.story_id, job.finished_at = "done", story.id, utcnow()
    job.stage, job.message, job.done = "bundle", "Ready to read", max(job.total, job.done)
    return story


def recover_jobs(sessions: sessionmaker, store: BundleStore, attempts_allowed: int) -> None:
    """Settle jobs a stopped app left "running" (see the module docstring)."""
    with sessions() as db:
        for job in db.scalars(select(Job).where(Job.state == "running")).all():
            if store.exists(job.story_uid) and active_consent(db, job.profile_id) is not None:
                _record_story(db, job, store.folder(job.story_uid))
            elif job.attempts >= attempts_allowed:
                job.state, job.finished_at = "failed", utcnow()
                job.error = "The app stopped while this story was being made. Please make it again."
            else:
                job.state, job.stage, job.message = "queued", None, "Waiting to start again"
        db.commit()
        known = set(db.scalars(select(Story.uid)).all())
    removed = store.sweep_leftovers(known)
    if removed:
        log.info("removed %d unrecorded or half-written bundle folders", len(removed))


class StoryWorker:
    def __init__(self, sessions: sessionmaker, store: BundleStore, make_bundle: BundleMaker,
                 poll_seconds: float = 0.5):
        self.sessions = sessions
        self.store = store
        self.make_bundle = make_bundle
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="story-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def wake(self) -> None:
        """Called after a job is queued, so it starts without waiting for the next poll."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.run_one()
            except Exception:  # the worker must outlive any one bad job or database hiccup
                log.exception("story worker error")
                worked = False
            if not worked:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def _claim(self) -> Job | None:
        """Take the oldest queued job. The conditional UPDATE makes the claim safe even if two
        workers (two app processes on one PostgreSQL database) race for the same job."""
        with self.sessions() as db:
            for job_id in db.scalars(select(Job.id).where(Job.state == "queued").order_by(Job.created_at).limit(5)):
                claimed = db.execute(update(Job).where(Job.id == job_id, Job.state == "queued").values(
                    state="running", started_at=utcnow(), attempts=Job.attempts + 1,
                    stage="story", message="Getting ready", done=0, error=None, preview=None))
                db.commit()
                if claimed.rowcount == 1:
                    return db.get(Job, job_id)
        return None

    def run_one(self) -> bool:
        """Make one queued job's bundle; False when there was nothing to do."""
        job = self._claim()
        if job is None:
            return False
        choices = Choices(theme=job.theme, hero=job.hero, color=job.color, adjective=job.adjective)
        last_write = [0.0]

        def on_progress(progress) -> None:
            # Progress is written to the job row (at most a few times a second) for the
            # status endpoint and its event stream to read.
            now = time.monotonic()
            finished_stage = progress.done >= progress.total
            if now - last_write[0] < 0.2 and not finished_stage:
                return
            last_write[0] = now
            with self.sessions() as db:
                db.execute(update(Job).where(Job.id == job.id, Job.state == "running").values(
                    stage=progress.stage[:40], message=progress.message, done=progress.done,
                    total=progress.total, scene=progress.scene))
                db.commit()

        preview: dict = {"title": None, "pages": []}

        def on_page(page, folder, title) -> None:
            # A finished page (its files are on disk): the child can start reading it now.
            preview["title"] = title
            preview["pages"].append(page.model_dump(mode="json"))
            with self.sessions() as db:
                db.execute(update(Job).where(Job.id == job.id, Job.state == "running").values(
                    preview=json.dumps(preview, ensure_ascii=False)))
                db.commit()

        folder = self.store.folder(job.story_uid)
        try:
            if not folder.exists():
                self.make_bundle(choices, folder, seed=None, on_progress=on_progress, on_page=on_page)
        except Exception as error:
            log.error("job %s failed: %s\n%s", job.id, error, traceback.format_exc())
            with self.sessions() as db:
                db.execute(update(Job).where(Job.id == job.id).values(
                    state="failed", error=FRIENDLY_FAILURE, finished_at=utcnow()))
                db.commit()
            return True
        with self.sessions() as db:
            current = db.get(Job, job.id)
            # The parent may have withdrawn consent (or deleted the profile) meanwhile: then
            # the story is not kept.
            if current is None or active_consent(db, job.profile_id) is None:
                if current is not None:
                    current.state, current.finished_at = "failed", utcnow()
                    current.error = "This story was not kept: a grown-up changed the settings."
                    db.commit()
                self.store.remove(job.story_uid)
                return True
            _record_story(db, current, folder)
            db.commit()
        return True
