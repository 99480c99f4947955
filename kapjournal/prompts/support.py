"""A gentler rule across days: several days of very low mood suggest reaching out, without the
crisis screen. The thresholds are kapjournal's own (no validated cut-off exists for a daily
0-10 mood scale), written down in docs/clinical.md."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from kapjournal.i18n import tr
from kapjournal.prompts.durability import daily_means

LOW_MOOD = 2  # a day's mean mood at or below this, on 0-10, is very low
LOW_DAYS = 3  # this many such days
WITHIN_DAYS = 5  # within the last this many days


def low_mood_days(mood: Iterable[tuple[datetime, float]], now: datetime) -> int:
    recent = [(w, v) for w, v in mood if now - timedelta(days=WITHIN_DAYS) <= w <= now]
    return sum(1 for v in daily_means(recent).values() if v <= LOW_MOOD)


def support_sentence(mood: Iterable[tuple[datetime, float]], now: datetime) -> str | None:
    """Words for Today when mood has been very low on several recent days, else None."""
    if low_mood_days(mood, now) < LOW_DAYS:
        return None
    return tr(
        "Your mood has been very low on several days lately. This may be a good time to reach "
        "out to your therapist, your clinic or someone you trust. If you feel unsafe, crisis "
        "resources are one click away."
    )
