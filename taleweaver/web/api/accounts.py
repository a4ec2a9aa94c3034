"""Session, parent gate, sign-up, sign-in and sign-out.

    GET  /api/session               the CSRF token, who is signed in, whether the gate is open
    POST /api/parent-gate/question  a new arithmetic question for the grown-up
    POST /api/parent-gate           the answer, as digits: opens the parent area for a while
    POST /api/accounts              sign up (gate needed), then signed in
    POST /api/login                 sign in (gate needed); wrong passwords are rate-limited
    POST /api/logout
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from sqlalchemy.orm import Session

from taleweaver.web.accounts import AccountError, TooManyAttempts, create_parent, verify_parent_password
from taleweaver.web.api.schemas import Credentials, GateAnswer, GateOut, GateQuestionOut, ParentOut, SessionOut
from taleweaver.web.models import BrowserSession, Parent, utcnow
from taleweaver.web.parent_gate import answer_hash, new_question
from taleweaver.web.security import (browser_session, end_session, gate_is_open, get_db, require_gate,
                                     start_session)

router = APIRouter(tags=["accounts"])


def _session_out(db: Session, session: BrowserSession) -> SessionOut:
    parent = db.get(Parent, session.parent_id) if session.parent_id else None
    return SessionOut(csrf_token=session.csrf_token, gate_open=gate_is_open(session),
                      parent=ParentOut(id=parent.id, email=parent.email) if parent else None)


@router.get("/session", response_model=SessionOut, summary="This browser's session and CSRF token")
def get_session(session: BrowserSession = Depends(browser_session), db: Session = Depends(get_db)) -> SessionOut:
    return _session_out(db, session)


@router.post("/parent-gate/question", response_model=GateQuestionOut, summary="A question only a grown-up can answer")
def gate_question(session: BrowserSession = Depends(browser_session), db: Session = Depends(get_db)) -> GateQuestionOut:
    question, answer = new_question()
    session.gate_answer_hash = answer_hash(session.csrf_token, answer)
    db.add(session)
    db.commit()
    return GateQuestionOut(question=question)


@router.post("/parent-gate", response_model=GateOut, summary="Answer the grown-ups' question")
def gate_answer(body: GateAnswer, request: Request, session: BrowserSession = Depends(browser_session),
                db: Session = Depends(get_db)) -> GateOut:
    if not body.answer.strip().isdigit():
        raise HTTPException(422, "Please type the answer as digits, like 42.")
    expected = session.gate_answer_hash
    session.gate_answer_hash = None  # one try per question
    if expected is None or answer_hash(session.csrf_token, int(body.answer.strip())) != expected:
        db.add(session)
        db.commit()
        raise HTTPException(403, "That is not the right answer. Here is a new question to try.")
    session.gate_open_until = utcnow() + timedelta(minutes=request.app.state.settings.gate_minutes)
    db.add(session)
    db.commit()
    return GateOut(gate_open_until=session.gate_open_until)


@router.post("/accounts", response_model=SessionOut, status_code=201, summary="Create a parent account")
def sign_up(body: Credentials, request: Request, response: Response,
            session: BrowserSession = Depends(require_gate), db: Session = Depends(get_db)) -> SessionOut:
    try:
        parent = create_parent(db, body.email, body.password)
    except AccountError as error:
        raise HTTPException(422, str(error)) from None
    db.commit()
    return _sign_in(request, response, db, session, parent)


@router.post("/login", response_model=SessionOut, summary="Sign in as a parent")
def sign_in(body: Credentials, request: Request, response: Response,
            session: BrowserSession = Depends(require_gate), db: Session = Depends(get_db)) -> SessionOut:
    settings = request.app.state.settings
    try:
        parent = verify_parent_password(db, body.email, body.password, settings.login_failures_allowed,
                                        settings.login_window_minutes)
    except TooManyAttempts as error:
        raise HTTPException(429, str(error)) from None
    except AccountError as error:
        db.commit()  # the failed try must count
        raise HTTPException(401, str(error)) from None
    db.commit()
    return _sign_in(request, response, db, session, parent)


def _sign_in(request: Request, response: Response, db: Session, old: BrowserSession, parent: Parent) -> SessionOut:
    # A new session (new token, new CSRF token) on sign-in; the gate stays open as it was.
    gate_until = old.gate_open_until
    end_session(db, old)
    new = start_session(request, response, db, parent=parent, gate_open_until=gate_until)
    return _session_out(db, new)


@router.post("/logout", response_model=SessionOut, summary="Sign out")
def sign_out(request: Request, response: Response, session: BrowserSession = Depends(browser_session),
             db: Session = Depends(get_db)) -> SessionOut:
    end_session(db, session)
    return _session_out(db, start_session(request, response, db, parent=None))
