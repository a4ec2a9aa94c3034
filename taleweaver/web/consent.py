"""Parental consent: the versioned text a parent agrees to, and whether a profile has consent.

The texts are files in taleweaver/web/consent_texts/ named v<N>.md; the highest N is the
current one. A consent row stores the version and the SHA-256 of the exact text shown, so a
later reader can tell precisely what was agreed to. Changing the wording means adding a new
file, never editing an old one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from taleweaver.web.models import Consent

CONSENT_TEXTS_DIR = Path(__file__).resolve().parent / "consent_texts"
# Written into each consent row: how the parent was verified (limits in docs/web.md).
VERIFICATION_METHOD = "password re-entered by the signed-in parent"


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def current_consent_text() -> ConsentText:
    versions = []
    for path in CONSENT_TEXTS_DIR.glob("v*.md"):
        match = re.fullmatch(r"v(\d+)\.md", path.name)
        if match:
            versions.append((int(match.group(1)), path))
    if not versions:
        raise FileNotFoundError(f"no consent text (v<N>.md) in {CONSENT_TEXTS_DIR}")
    number, path = max(versions)
    return ConsentText(version=f"v{number}", text=path.read_text(encoding="utf-8"))


def active_consent(db: Session, profile_id: int) -> Consent | None:
    """The consent in force for a profile: granted and not withdrawn (None when there is none)."""
    return db.scalars(select(Consent).where(Consent.profile_id == profile_id, Consent.withdrawn_at.is_(None))
                      .order_by(Consent.id.desc())).first()
