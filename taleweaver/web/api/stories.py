"""Making, following, listing, playing and deleting stories.

    POST   /api/stories                      start making a story (202 + a job); curated ids only
    GET    /api/jobs/{id}                    the job's state and progress
    GET    /api/jobs/{id}/events             the same, streamed as Server-Sent Events until it ends
    GET    /api/jobs/{id}/files/{name}       a file of a page already made, while the rest is made
    GET    /api/stories?profile_id=          a child's library, newest first
    GET    /api/stories/{id}                 one story
    GET    /api/stories/{id}/files/{name}    a file of its bundle (story.json, pictures, sounds)
    DELETE /api/stories/{id}                 delete it (parent area)
"""

from __future__ import annotations

import json
import mimetypes
import time
import uuid

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from taleweaver.web.api.schemas import JobOut, StoryOut, StoryRequest
from taleweaver.web.consent import active_consent
from taleweaver.web.library import delete_stories, owned_profile, owned_story
from taleweaver.web.models import Job, Parent, Story
from taleweaver.web.rate_limit import minutes_until_next_story
from taleweaver.web.security import current_parent, gated_parent, get_db

router = APIRouter(tags=["stories"])

_MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".ogg": "audio/ogg", ".opus": "audio/ogg",
                ".json": "application/json", ".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
# How long one event stream stays open at most; the page reconnects (EventSource does so itself).
STREAM_SECONDS = 600


def _job_out(job: Job) -> JobOut:
    preview = job.preview_data()
    return JobOut(id=job.id, profile_id=job.profile_id, state=job.state, stage=job.stage, message=job.message,
                  done=job.done, total=job.total, scene=job.scene, error=job.error, story_id=job.story_id,
                  choices={"theme": job.theme, "hero": job.hero, "color": job.color, "adjective": job.adjective},
                  title=preview["title"], pages_ready=len(preview["pages"]), pages=preview["pages"],
                  files_url=f"/api/jobs/{job.id}/files/")


def _story_out(story: Story) -> StoryOut:
    return StoryOut(id=story.id, profile_id=story.profile_id, title=story.title, source=story.source,
                    created_at=story.created_at, play_url=f"/play/{story.id}",
                    files_url=f"/api/stories/{story.id}/files/",
                    choices={"theme": story.theme, "hero": story.hero, "color": story.color,
                             "adjective": story.adjective})


def _owned_job(db: Session, parent: Parent, job_id: str) -> Job:
    job = db.scalars(select(Job).where(Job.id == job_id, Job.parent_id == parent.id)).first()
    if job is None:
        raise HTTPException(404, f"There is no job {job_id!r} in your account.")
    return job


@router.post("/stories", response_model=JobOut, status_code=202, summary="Start making a story",
             responses={403: {"description": "no parental consent for this child"},
                        422: {"description": "an id that is not one of the curated choices"},
                        429: {"description": "this child has made many stories this hour"}})
def create_story(body: StoryRequest, request: Request, response: Response, parent: Parent = Depends(current_parent),
                 db: Session = Depends(get_db)) -> JobOut:
    profile = owned_profile(db, parent, body.profile_id)
    if active_consent(db, profile.id) is None:
        raise HTTPException(403, f"A grown-up needs to give consent before {profile.display_name} can make stories.")
    settings = request.app.state.settings
    wait = minutes_until_next_story(db, profile.id, settings.stories_per_hour)
    if wait:
        raise HTTPException(429, f"Wow, that's a lot of stories! Let's read the ones we made. "
                                 f"A new story can be made in {wait} minute{'s' if wait != 1 else ''}.",
                            headers={"Retry-After": str(wait * 60)})
    job = Job(id=uuid.uuid4().hex, parent_id=parent.id, profile_id=profile.id, theme=body.theme, hero=body.hero,
              color=body.color, adjective=body.adjective, story_uid=uuid.uuid4().hex, state="queued",
              stage=None, message="Waiting for the story maker", done=0, total=0, attempts=0)
    db.add(job)
    db.commit()
    request.app.state.worker.wake()
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return _job_out(job)


@router.get("/jobs/{job_id}", response_model=JobOut, summary="A job's state and progress")
def job_status(job_id: str, parent: Parent = Depends(current_parent), db: Session = Depends(get_db)) -> JobOut:
    return _job_out(_owned_job(db, parent, job_id))


@router.get("/jobs/{job_id}/events", summary="A job's progress as Server-Sent Events",
            response_class=StreamingResponse, responses={200: {"content": {"text/event-stream": {}}}})
def job_events(job_id: str, request: Request, parent: Parent = Depends(current_parent),
               db: Session = Depends(get_db)) -> StreamingResponse:
    _owned_job(db, parent, job_id)  # 404 before the stream starts
    sessions = request.app.state.db_sessions
    parent_id = parent.id

    def events():
        # Each change of the job row becomes one `progress` event; the stream ends with the
        # job (event `done` or `failed`). A comment line every 15 s keeps proxies from closing it.
        last, last_sent_at, started = None, time.monotonic(), time.monotonic()
        while time.monotonic() - started < STREAM_SECONDS:
            with sessions() as db_stream:
                job = db_stream.scalars(select(Job).where(Job.id == job_id, Job.parent_id == parent_id)).first()
                if job is None:
                    yield "event: failed\ndata: {\"error\": \"This story is gone.\"}\n\n"
                    return
                payload = _job_out(job).model_dump_json()
            if payload != last:
                last, last_sent_at = payload, time.monotonic()
                state = json.loads(payload)["state"]
                kind = state if state in ("done", "failed") else "progress"
                yield f"event: {kind}\ndata: {payload}\n\n"
                if kind != "progress":
                    return
            elif time.monotonic() - last_sent_at > 15:
                last_sent_at = time.monotonic()
                yield ": still working\n\n"
            time.sleep(0.3)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})


@router.get("/jobs/{job_id}/files/{name}", summary="A file of a page already made, while the story is being made",
            response_class=FileResponse)
def job_file(job_id: str, name: str, request: Request, parent: Parent = Depends(current_parent),
             db: Session = Depends(get_db)) -> FileResponse:
    job = _owned_job(db, parent, job_id)
    preview = job.preview_data()
    # Only the files of pages already announced: nothing half-written is ever served.
    allowed = {page.get(kind) for page in preview["pages"] for kind in ("picture", "still", "audio", "narration")}
    path = request.app.state.store.file_in_making(job.story_uid, name) if name in allowed - {None} else None
    if path is None:
        raise HTTPException(404, f"The story being made in job {job_id} has no page file {name!r} yet.")
    return _file_response(path)


@router.get("/stories", response_model=list[StoryOut], summary="A child's saved stories, newest first")
def list_stories(profile_id: int = Query(gt=0), parent: Parent = Depends(current_parent),
                 db: Session = Depends(get_db)) -> list[StoryOut]:
    profile = owned_profile(db, parent, profile_id)
    stories = db.scalars(select(Story).where(Story.profile_id == profile.id, Story.parent_id == parent.id)
                         .order_by(Story.id.desc()))
    return [_story_out(story) for story in stories]


@router.get("/stories/{story_id}", response_model=StoryOut, summary="One saved story")
def get_story(story_id: int, parent: Parent = Depends(current_parent), db: Session = Depends(get_db)) -> StoryOut:
    return _story_out(owned_story(db, parent, story_id))


@router.get("/stories/{story_id}/files/{name}", summary="A file of the story's bundle", response_class=FileResponse)
def story_file(story_id: int, name: str, request: Request, parent: Parent = Depends(current_parent),
               db: Session = Depends(get_db)) -> FileResponse:
    story = owned_story(db, parent, story_id)
    path = request.app.state.store.file(story.uid, name)
    if path is None:
        raise HTTPException(404, f"Story {story_id} has no file {name!r}.")
    return _file_response(path)


def _file_response(path) -> FileResponse:
    media_type = _MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private, max-age=3600"})


@router.delete("/stories/{story_id}", status_code=204, summary="Delete a story and its files")
def delete_story(story_id: int, request: Request, parent: Parent = Depends(gated_parent),
                 db: Session = Depends(get_db)) -> Response:
    story = owned_story(db, parent, story_id)
    delete_stories(db, request.app.state.store, [story])
    return Response(status_code=204)
