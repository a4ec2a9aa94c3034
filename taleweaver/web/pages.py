"""The HTML pages: thin shells for static/app.js, which does every action through the API.

    /                          who is reading? (the signed-in family's child profiles)
    /child/{profile}           pick four tiles, make the story, watch the progress
    /child/{profile}/library   the child's saved stories
    /play/{story}              the story player (taleweaver/player), with the story embedded
    /parent                    the parent area, behind the parent gate
    /docs                      a readable API reference built from /openapi.json (offline)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from taleweaver.pipeline import load_bundle
from taleweaver.player import render_player_html
from taleweaver.web.library import owned_story
from taleweaver.web.models import BrowserSession, Parent
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


@router.get("/play/{story_id}", response_class=HTMLResponse)
def play(story_id: int, request: Request, session: BrowserSession = Depends(browser_session),
         db: Session = Depends(get_db)):
    parent = db.get(Parent, session.parent_id) if session.parent_id else None
    if parent is None:
        return RedirectResponse("/", status_code=303)
    story = owned_story(db, parent, story_id)
    bundle = load_bundle(request.app.state.store.folder(story.uid))
    again = urlencode({"theme": story.theme, "hero": story.hero, "color": story.color,
                       "adjective": story.adjective, "again": 1})
    links = [("Another story with the same choices", f"/child/{story.profile_id}?{again}"),
             ("Make a new story", f"/child/{story.profile_id}"),
             ("My stories", f"/child/{story.profile_id}/library")]
    page = render_player_html(bundle, file_base=f"/api/stories/{story.id}/files/", asset_base="/static/player/",
                              end_links=links)
    return HTMLResponse(page)


@router.get("/docs", response_class=HTMLResponse)
def api_reference(request: Request):
    return templates.TemplateResponse(request, "api_reference.html",
                                      {"title": "API", "data": {"page": "docs"}, "spec": request.app.openapi()})
