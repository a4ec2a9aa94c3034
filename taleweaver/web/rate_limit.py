"""Per-profile limit on starting stories: at most `stories_per_hour` in any 60 minutes.

Counted from the `jobs` table (every story asked for, finished or not), so the limit holds
across restarts and across app processes sharing one database.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from taleweaver.web.models import Job, utcnow

WINDOW = timedelta(hours=1)


def minutes_until_next_story(db: Session, profile_id: int, stories_per_hour: int) -> int:
    """0 when the profile may start a story now; else the whole minutes until it may."""
    since = utcnow() - WINDOW
    recent = db.scalars(select(Job.created_at).where(Job.profile_id == profile_id, Job.created_at > since)
                        .order_by(Job.created_at.desc()).limit(stories_per_hour)).all()
    if len(recent) < stories_per_hour:
        return 0
    oldest_counted = recent[-1]
    return max(1, math.ceil((oldest_counted + WINDOW - utcnow()).total_seconds() / 60))
