"""Sessions, CSRF and the parent gate, as FastAPI dependencies.

- The session cookie (`tw_session`) holds a random token; the `sessions` table keeps only its
  SHA-256. The cookie is HttpOnly (scripts cannot read it), SameSite=Strict (other sites'
  pages never send it) and Secure (https only; browsers also accept it on http://127.0.0.1).
- CSRF: every POST, PUT, PATCH and DELETE under /api must carry the header X-CSRF-Token with
  the session's token, which a page gets from GET /api/session. Another site can neither read
  that token nor set the header on a cross-site form post.
- Parent gate: the parent area (accounts, profiles, consent, deleting and exporting stories)
  needs a recently answered arithmetic question a young child cannot answer.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from fastapi import Depends, HTTPException, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from taleweaver.web.models import BrowserSession, Parent, utcnow

COOKIE_NAME = "tw_session"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def get_db(request: Request):
    """One database session per request, closed afterwards (routes commit what they change)."""
    db = request.app.state.db_sessions()
    try:
        yield db
    finally:
        db.close()


def _find_session(request: Request, db: Session) -> BrowserSession | None:
    token = request.cookies.get(COOKIE_NAME)
    if not token or len(token) > 100:
        return None
    found = db.scalars(select(BrowserSession).where(BrowserSession.token_hash == _digest(token))).first()
    if found is None or found.expires_at < utcnow():
        return None
    return found


def browser_session(request: Request, response: Response, db: Session = Depends(get_db)) -> BrowserSession:
    """The browser's session, started (and its cookie set) on the first visit."""
    found = _find_session(request, db)
    if found is not None:
        return found
    return start_session(request, response, db, parent=None)


def start_session(request: Request, response: Response, db: Session, parent: Parent | None,
                  gate_open_until=None) -> BrowserSession:
    """A fresh session (a new token on every sign-in, so an old cookie cannot be planted)."""
    settings = request.app.state.settings
    token = secrets.token_urlsafe(32)
    new = BrowserSession(token_hash=_digest(token), parent_id=parent.id if parent else None,
                         csrf_token=secrets.token_urlsafe(32), gate_open_until=gate_open_until,
                         expires_at=utcnow() + timedelta(days=settings.session_days))
    db.add(new)
    db.commit()
    response.set_cookie(COOKIE_NAME, token, max_age=settings.session_days * 86400, httponly=True,
                        secure=settings.secure_cookies, samesite="strict", path="/")
    return new


def end_session(db: Session, session: BrowserSession) -> None:
    """Forget a session (its cookie is then replaced by the caller's new session)."""
    db.delete(session)
    db.commit()


def require_csrf(request: Request, db: Session = Depends(get_db)) -> None:
    """Refuse a state-changing request whose X-CSRF-Token header does not match the session."""
    if request.method not in UNSAFE_METHODS:
        return
    found = _find_session(request, db)
    sent = request.headers.get(CSRF_HEADER, "")
    if found is None or not secrets.compare_digest(sent.encode(), found.csrf_token.encode()):
        raise HTTPException(403, f"Missing or wrong {CSRF_HEADER} header: get the token from GET /api/session "
                                 "and send it with every POST, PUT and DELETE.")


def current_parent(session: BrowserSession = Depends(browser_session), db: Session = Depends(get_db)) -> Parent:
    """The signed-in parent, or 401. Children use the parent's signed-in browser."""
    if session.parent_id is None:
        raise HTTPException(401, "Please ask a grown-up to sign in first.")
    parent = db.get(Parent, session.parent_id)
    if parent is None:
        raise HTTPException(401, "Please ask a grown-up to sign in first.")
    return parent


def gate_is_open(session: BrowserSession) -> bool:
    return session.gate_open_until is not None and session.gate_open_until > utcnow()


def require_gate(session: BrowserSession = Depends(browser_session)) -> BrowserSession:
    if not gate_is_open(session):
        raise HTTPException(403, "This is the grown-ups' area: please answer the grown-ups' question first "
                                 "(POST /api/parent-gate/question, then POST /api/parent-gate).")
    return session


def gated_parent(_gate: BrowserSession = Depends(require_gate), parent: Parent = Depends(current_parent)) -> Parent:
    """The signed-in parent, in the parent area (gate answered recently)."""
    return parent
