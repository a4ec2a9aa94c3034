"""The taleweaver web app: `create_app(settings)` builds it; `python -m taleweaver.web` runs it.

At start it upgrades the database to the newest migration, settles jobs a stopped app left
behind (taleweaver/web/worker.py), and starts the story worker thread. The REST API lives
under /api (OpenAPI at /openapi.json, a readable offline reference at /docs); the pages under
/ are thin shells whose scripts call only that API.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from taleweaver.web.config import Settings
from taleweaver.web.db import make_engine, session_factory, upgrade_database
from taleweaver.web.security import require_csrf
from taleweaver.web.storage import BundleStore
from taleweaver.web.worker import BundleMaker, StoryWorker, recover_jobs

WEB_DIR = Path(__file__).resolve().parent
PLAYER_STATIC_DIR = WEB_DIR.parent / "player" / "static"
MAX_BODY_BYTES = 16 * 1024  # every request body the API takes is small JSON

# Pages and API answers may only load what this app serves: no CDN, no inline script.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "media-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
                           "base-uri 'none'; form-action 'self'")


def _default_bundle_maker() -> BundleMaker:
    from taleweaver.pipeline import create_story_bundle

    return create_story_bundle


def _default_name_screen():
    from taleweaver.safety import screen_text

    return screen_text


def create_app(settings: Settings | None = None, make_bundle: BundleMaker | None = None,
               screen_name=None, start_worker: bool = True, ready_message: str | None = None) -> FastAPI:
    """The app. `make_bundle` defaults to the real pipeline (taleweaver.pipeline.create_story_bundle);
    `screen_name` (the safety screen for display names) to taleweaver.safety.screen_text;
    `ready_message` is printed once the app has started (migrations done, worker running)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.database_url)
        upgrade_database(engine)
        app.state.engine = engine
        app.state.db_sessions = session_factory(engine)
        app.state.store = BundleStore(settings.stories_dir)
        recover_jobs(app.state.db_sessions, app.state.store, settings.job_attempts)
        app.state.worker = StoryWorker(app.state.db_sessions, app.state.store, make_bundle or _default_bundle_maker())
        if start_worker:
            app.state.worker.start()
        if ready_message:
            print(ready_message, flush=True)
        try:
            yield
        finally:
            app.state.worker.stop()
            engine.dispose()

    app = FastAPI(title="taleweaver", version="1.0",
                  description="Original five-scene stories from a child's four curated choices. Every POST, PUT "
                              "and DELETE needs the X-CSRF-Token header from GET /api/session.",
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.screen_name = screen_name or _default_name_screen()

    from taleweaver.web.api import accounts, choices, profiles, stories
    from taleweaver.web import pages

    for module in (choices, accounts, profiles, stories):
        app.include_router(module.router, prefix="/api", dependencies=[Depends(require_csrf)])
    app.include_router(pages.router)
    app.mount("/static/player", StaticFiles(directory=PLAYER_STATIC_DIR), name="player-static")
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    @app.middleware("http")
    async def guard_requests(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return JSONResponse({"detail": f"Request body too large: at most {MAX_BODY_BYTES} bytes."}, status_code=413)
        if request.method in ("POST", "PUT", "PATCH") and request.url.path.startswith("/api/"):
            kind = request.headers.get("content-type", "").split(";")[0].strip()
            if length not in (None, "0") and kind != "application/json":
                return JSONResponse({"detail": "Send the request body as JSON (Content-Type: application/json)."},
                                    status_code=415)
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(RequestValidationError)
    async def explain_validation_error(_request: Request, error: RequestValidationError):
        # One readable sentence per problem, plus the structured list for programs.
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
            message = str(item.get("msg", "")).removeprefix("Value error, ")
            # The catalog's own message already starts with the field ("theme 'x' is not ...").
            named = not where or message.startswith(where.split(".")[-1] + " ")
            problems.append(message if named else f"{where}: {message}")
        details = [{k: v for k, v in item.items() if k in ("loc", "msg", "type")} for item in error.errors()]
        return JSONResponse({"detail": details, "message": "; ".join(problems)}, status_code=422)

    return app
