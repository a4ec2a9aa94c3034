"""The HTML pages: thin shells for static/app.js, which does every action through the API.

    /                          who is reading? (the signed-in family's child profiles)
    /child/{profile}           pick four tiles, make the story, watch the progress
    /child/{profile}/library   the child's saved stories
    /play/{story}              the story player (taleweaver/player), with the story embedded
    /play/job/{job}            the player for a story being made: page 1 plays while pages 2-5 are made
    /parent                    the parent area, behind the parent gate
    /docs                      a readable API reference built from /openapi.json (offline)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session

from taleweaver.contracts import SCENE_COUNT, BundlePage, Choices
from taleweaver.pipeline import load_bundle
from taleweaver.player import render_player_html, render_player_html_while_making
from taleweaver.web.library import owned_story
from taleweaver.web.models import BrowserSession, Job, Parent
from taleweaver.web.security import browser_session, get_db
from taleweaver.web.tile_pictures import OPENMOJI_CREDIT

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.globals["openmoji_credit"] = OPENMOJI_CREDIT
router = APIRouter(include_in_schema=False)


def _page(request: Request, template: str, title: str, **data) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"title": title, "data": data})


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    return _page(request, "home.html", "Who is reading?", page="home")


@router.get("/child/{profile_id}", response_class=HTMLResponse)
def child_picker(request: Request, profile_id: int):
    return _page(request, "child.html", "Make a story", page="child", profile=profile_id)


@router.get("/child/{profile_id}/library", response_class=HTMLResponse)
def child_library(request: Request, profile_id: int):
    return _page(request, "library.html", "My stories", page="library", profile=profile_id)


@router.get("/parent", response_class=HTMLResponse)
def parent_area(request: Request):
    return _page(request, "parent.html", "Grown-ups", page="parent")


def _end_links(row) -> list[tuple[str, str]]:
    """The end page's links for a story (or a job) row: the same choices again, a new story, the library."""
    again = urlencode({"theme": row.theme, "hero": row.hero, "color": row.color, "adjective": row.adjective, "again": 1})
    return [("Another story with the same choices", f"/child/{row.profile_id}?{again}"),
            ("Make a new story", f"/child/{row.profile_id}"),
            ("My stories", f"/child/{row.profile_id}/library")]


@router.get("/play/{story_id}", response_class=HTMLResponse)
def play(story_id: int, request: Request, session: BrowserSession = Depends(browser_session),
         db: Session = Depends(get_db)):
    parent = db.get(Parent, session.parent_id) if session.parent_id else None
    if parent is None:
        return RedirectResponse("/", status_code=303)
    story = owned_story(db, parent, story_id)
    bundle = load_bundle(request.app.state.store.folder(story.uid))
    page = render_player_html(bundle, file_base=f"/api/stories/{story.id}/files/", asset_base="/static/player/",
                              end_links=_end_links(story))
    return HTMLResponse(page)


@router.get("/play/job/{job_id}", response_class=HTMLResponse)
def play_while_making(job_id: str, session: BrowserSession = Depends(browser_session), db: Session = Depends(get_db)):
    parent = db.get(Parent, session.parent_id) if session.parent_id else None
    if parent is None:
        return RedirectResponse("/", status_code=303)
    job = db.scalars(select(Job).where(Job.id == job_id, Job.parent_id == parent.id)).first()
    if job is None:
        raise HTTPException(404, f"There is no story being made as {job_id!r} in your account.")
    if job.state == "done" and job.story_id:
        return RedirectResponse(f"/play/{job.story_id}", status_code=303)
    preview = job.preview_data()
    choices = Choices(theme=job.theme, hero=job.hero, color=job.color, adjective=job.adjective)
    page = render_player_html_while_making(
        preview["title"] or "Your story", choices, [BundlePage(**p) for p in preview["pages"]], SCENE_COUNT,
        follow_url=f"/api/jobs/{job.id}", file_base=f"/api/jobs/{job.id}/files/", asset_base="/static/player/",
        end_links=_end_links(job))
    return HTMLResponse(page)


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request):
    return templates.TemplateResponse(request, "api_reference.html",
                                      {"title": "API", "data": {"page": "docs"}, "spec": request.app.openapi()})
