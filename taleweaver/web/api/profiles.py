"""Child profiles, parental consent and export: the parent area (the gate must be open),
except listing profiles, which the child's picker needs.

    GET    /api/profiles                          the signed-in parent's child profiles
    POST   /api/profiles                          add one (display name: the only free text)
    DELETE /api/profiles/{id}                     delete it with all its stories
    GET    /api/consent-text                      the current consent text and its version
    GET    /api/profiles/{id}/consent             the consent record, newest first
    POST   /api/profiles/{id}/consent             give consent: password typed again
    DELETE /api/profiles/{id}/consent             withdraw: deletes the child's stories and files
    GET    /api/profiles/{id}/export              all the child's stories as a zip
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taleweaver.web.accounts import AccountError, TooManyAttempts, verify_parent_password
from taleweaver.web.api.schemas import ConsentIn, ConsentOut, ConsentTextOut, ProfileIn, ProfileOut, WithdrawalOut
from taleweaver.web.consent import VERIFICATION_METHOD, active_consent, current_consent_text
from taleweaver.web.library import clean_display_name, owned_profile, withdraw_consent
from taleweaver.web.models import ChildProfile, Consent, Parent, Story
from taleweaver.web.security import current_parent, gated_parent, get_db

router = APIRouter(tags=["profiles and consent"])


def _profile_out(db: Session, profile: ChildProfile) -> ProfileOut:
    count = db.scalar(select(func.count()).select_from(Story).where(Story.profile_id == profile.id)) or 0
    return ProfileOut(id=profile.id, display_name=profile.display_name,
                      has_consent=active_consent(db, profile.id) is not None, story_count=count)


def _consent_out(consent: Consent) -> ConsentOut:
    return ConsentOut(id=consent.id, profile_id=consent.profile_id, text_version=consent.text_version,
                      text_sha256=consent.text_sha256, method=consent.method, granted_at=consent.granted_at,
                      withdrawn_at=consent.withdrawn_at)


@router.get("/profiles", response_model=list[ProfileOut], summary="The child profiles of the signed-in parent")
def list_profiles(parent: Parent = Depends(current_parent), db: Session = Depends(get_db)) -> list[ProfileOut]:
    profiles = db.scalars(select(ChildProfile).where(ChildProfile.parent_id == parent.id).order_by(ChildProfile.id))
    return [_profile_out(db, profile) for profile in profiles]


@router.post("/profiles", response_model=ProfileOut, status_code=201, summary="Add a child profile")
def add_profile(body: ProfileIn, request: Request, parent: Parent = Depends(gated_parent),
                db: Session = Depends(get_db)) -> ProfileOut:
    name = clean_display_name(body.display_name, request.app.state.screen_name)
    count = db.scalar(select(func.count()).select_from(ChildProfile).where(ChildProfile.parent_id == parent.id))
    if count >= 12:
        raise HTTPException(422, "An account can have at most 12 child profiles.")
    profile = ChildProfile(parent_id=parent.id, display_name=name)
    db.add(profile)
    db.commit()
    return _profile_out(db, profile)


@router.delete("/profiles/{profile_id}", status_code=204, summary="Delete a child profile and all its stories")
def delete_profile(profile_id: int, request: Request, parent: Parent = Depends(gated_parent),
                   db: Session = Depends(get_db)) -> Response:
    profile = owned_profile(db, parent, profile_id)
    withdraw_consent(db, request.app.state.store, profile)
    db.delete(profile)
    db.commit()
    return Response(status_code=204)


@router.get("/consent-text", response_model=ConsentTextOut, summary="The consent text a parent agrees to")
def consent_text() -> ConsentTextOut:
    text = current_consent_text()
    return ConsentTextOut(version=text.version, sha256=text.sha256, text=text.text)


@router.get("/profiles/{profile_id}/consent", response_model=list[ConsentOut], summary="The consent record")
def consent_history(profile_id: int, parent: Parent = Depends(gated_parent),
                    db: Session = Depends(get_db)) -> list[ConsentOut]:
    profile = owned_profile(db, parent, profile_id)
    rows = db.scalars(select(Consent).where(Consent.profile_id == profile.id).order_by(Consent.id.desc()))
    return [_consent_out(row) for row in rows]


@router.post("/profiles/{profile_id}/consent", response_model=ConsentOut, status_code=201,
             summary="Give consent for this child, signed by typing the password again")
def give_consent(profile_id: int, body: ConsentIn, request: Request, parent: Parent = Depends(gated_parent),
                 db: Session = Depends(get_db)) -> ConsentOut:
    profile = owned_profile(db, parent, profile_id)
    text = current_consent_text()
    if body.text_version != text.version:
        raise HTTPException(409, f"The consent text has changed to version {text.version}; please read it again.")
    # The same check as signing in, sharing its wrong-password limit.
    settings = request.app.state.settings
    try:
        verify_parent_password(db, parent.email, body.password, settings.login_failures_allowed,
                               settings.login_window_minutes)
    except TooManyAttempts as error:
        raise HTTPException(429, str(error)) from None
    except AccountError:
        db.commit()  # the failed try counts
        raise HTTPException(403, "That password is not right. Consent was not recorded.") from None
    existing = active_consent(db, profile.id)
    if existing is not None:
        return _consent_out(existing)
    consent = Consent(parent_id=parent.id, profile_id=profile.id, text_version=text.version,
                      text_sha256=text.sha256, method=VERIFICATION_METHOD)
    db.add(consent)
    db.commit()
    return _consent_out(consent)


@router.delete("/profiles/{profile_id}/consent", response_model=WithdrawalOut,
               summary="Withdraw consent: deletes all of this child's stories and files")
def take_back_consent(profile_id: int, request: Request, parent: Parent = Depends(gated_parent),
                      db: Session = Depends(get_db)) -> WithdrawalOut:
    profile = owned_profile(db, parent, profile_id)
    consent, deleted = withdraw_consent(db, request.app.state.store, profile)
    return WithdrawalOut(consent=_consent_out(consent) if consent else None, stories_deleted=deleted)


@router.get("/profiles/{profile_id}/export", summary="All of this child's stories as a zip",
            response_class=Response, responses={200: {"content": {"application/zip": {}}}})
def export_stories(profile_id: int, request: Request, parent: Parent = Depends(gated_parent),
                   db: Session = Depends(get_db)) -> Response:
    profile = owned_profile(db, parent, profile_id)
    stories = db.scalars(select(Story).where(Story.profile_id == profile.id, Story.parent_id == parent.id)
                         .order_by(Story.id)).all()
    data = request.app.state.store.zip_stories([(story.uid, story.title) for story in stories])
    stamp = datetime.now().strftime("%Y-%m-%d")
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="taleweaver-stories-{profile.id}-{stamp}.zip"'})

