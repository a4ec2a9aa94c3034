"""A family's library: finding a parent's own profiles and stories, and removing stories.

Every lookup takes the signed-in parent and filters by `parent_id`: asking for another
family's profile or story gets the same 404 as asking for one that does not exist.
Removing is row first, then files: once the transaction commits the story is gone for every
reader, and a crash before the folder is removed leaves only an unrecorded folder, which the
next start sweeps away.
"""

from __future__ import annotations

import re
import unicodedata

from fastapi import HTTPException
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from taleweaver.web.models import ChildProfile, Consent, Job, Parent, Story, utcnow
from taleweaver.web.storage import BundleStore

DISPLAY_NAME_MAX = 30
# Letters (any alphabet), spaces, hyphens and apostrophes: a first name or a nickname.
_NAME = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*")


def owned_profile(db: Session, parent: Parent, profile_id: int) -> ChildProfile:
    profile = db.scalars(select(ChildProfile).where(ChildProfile.id == profile_id,
                                                    ChildProfile.parent_id == parent.id)).first()
    if profile is None:
        raise HTTPException(404, f"There is no child profile {profile_id} in your account.")
    return profile


def owned_story(db: Session, parent: Parent, story_id: int) -> Story:
    story = db.scalars(select(Story).where(Story.id == story_id, Story.parent_id == parent.id)).first()
    if story is None:
        raise HTTPException(404, f"There is no story {story_id} in your account.")
    return story


def clean_display_name(raw: str, screen) -> str:
    """The display name as stored, or a 422 saying what is allowed. `screen` is the safety
    screen (taleweaver.safety.screen_text)."""
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not 1 <= len(name) <= DISPLAY_NAME_MAX or not _NAME.fullmatch(name):
        raise HTTPException(422, f"A display name is 1 to {DISPLAY_NAME_MAX} letters (spaces, - and ' allowed "
                                 "between them): a first name or a nickname, no digits.")
    try:
        verdict = screen(name)
    except Exception as error:  # fail closed: no name is saved unscreened
        raise HTTPException(503, "The safety check for names is not available right now; please try later.") from error
    if not verdict.safe:
        raise HTTPException(422, "Please choose a different name: this one did not pass our safety check.")
    return name


def delete_stories(db: Session, store: BundleStore, stories: list[Story]) -> int:
    """Delete story rows (one transaction), then their folders. Returns how many."""
    uids = [story.uid for story in stories]
    for story in stories:
        db.delete(story)
    db.commit()
    for uid in uids:
        store.remove(uid)
    return len(uids)


def withdraw_consent(db: Session, store: BundleStore, profile: ChildProfile) -> tuple[Consent | None, int]:
    """Withdraw the profile's consent: mark it withdrawn, cancel its waiting jobs, delete all
    its stories and their files. A job already running finishes, but the worker then sees no
    consent and throws its bundle away."""
    consent = db.scalars(select(Consent).where(Consent.profile_id == profile.id, Consent.withdrawn_at.is_(None))
                         .order_by(Consent.id.desc())).first()
    now = utcnow()
    db.execute(update(Consent).where(Consent.profile_id == profile.id, Consent.withdrawn_at.is_(None))
               .values(withdrawn_at=now))
    db.execute(update(Job).where(Job.profile_id == profile.id, Job.state == "queued")
               .values(state="failed", error="A grown-up withdrew consent.", finished_at=now))
    stories = list(db.scalars(select(Story).where(Story.profile_id == profile.id)).all())
    deleted = delete_stories(db, store, stories)  # commits the withdrawal with the deletions
    if consent is not None:
        db.refresh(consent)
    return consent, deleted
