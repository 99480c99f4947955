"""When to remind: the moments items open, and the daily check-in's hour, outside quiet hours.

Only times come out of here, never what is due: a reminder can fire while the journal is
locked and may show on a lock screen, so it knows nothing it could give away. The times are
kept in a plaintext file for that, so an opening is reminded on the next whole hour: the
minute an item opens is the minute a session began or ended, and the file must not say it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.atomic import write_text_atomic

if TYPE_CHECKING:
    from kapjournal.prompts.schedule import Due

MERGE = timedelta(minutes=30)  # reminders closer than this are one
# An opening is reminded on the next whole hour, or quarter hour when its window closes
# sooner; never before it opens, when "ready" would not yet be true.
STEPS = (60, 15)


def in_quiet_hours(when: datetime, quiet: tuple[time, time] | None) -> bool:
    if quiet is None or quiet[0] == quiet[1]:
        return False
    start, end = quiet
    t = when.timetz().replace(tzinfo=None)
    return start <= t < end if start < end else t >= start or t < end


def after_quiet(when: datetime, quiet: tuple[time, time] | None) -> datetime:
    """The moment itself, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(when, quiet):
        return when
    assert quiet is not None
    end = when.replace(hour=quiet[1].hour, minute=quiet[1].minute, second=0, microsecond=0)
    return end if end > when else end + timedelta(days=1)


def reminder_times(
    now: datetime,
    due: Iterable[Due],
    *,
    check_in_at: time | None,
    checked_in_today: bool,
    quiet: tuple[time, time] | None = None,
    horizon: timedelta = timedelta(days=2),
) -> list[datetime]:
    """Future moments worth a reminder within `horizon`, merged and moved out of quiet hours:
    each item's opening, and the check-in hour today (unless done) and on the next days."""
    from kapjournal.prompts.schedule import Status  # not at start-up: reminders load early

    moments = [
        rounded_opening(d, now.tzinfo)
        for d in due
        if d.status is Status.UPCOMING and d.opens_at > now
    ]
    if check_in_at is not None:
        for days in range(horizon.days + 1):
            at = datetime.combine(now.date() + timedelta(days=days), check_in_at, now.tzinfo)
            if at > now and not (days == 0 and checked_in_today):
                moments.append(at)
    out: list[datetime] = []
    for when in sorted(after_quiet(m, quiet) for m in moments if m - now <= horizon):
        if not out or when - out[-1] >= MERGE:
            out.append(when)
    return out


def rounded_opening(d: Due, zone: tzinfo | None) -> datetime:
    """The first whole hour (else quarter hour) of the local clock at or after the item opens
    and before it closes; the opening itself when its window is shorter than that."""
    local = d.opens_at.astimezone(zone)
    for step in STEPS:
        start = local.replace(minute=local.minute - local.minute % step, second=0, microsecond=0)
        # Added in UTC: the wall clock may skip or repeat an hour in between.
        at = start if start == local else (start.astimezone(UTC) + timedelta(minutes=step))
        if d.closes_at is None or at < d.closes_at:
            return at.astimezone(zone)
    return local


def save_times(path: Path, times: Iterable[datetime]) -> None:
    """The reminder times alone (no page, title or score), so reminders can fire while the
    journal is locked or before it is opened after a start at login. In UTC: the file need
    not say where in the world its owner lives."""
    kept = [t.astimezone(UTC).isoformat() for t in times]
    write_text_atomic(path, json.dumps({"times": kept}))


def load_times(path: Path, now: datetime) -> list[datetime]:
    """The saved times still ahead of `now`; nothing when the file is missing or damaged."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        times = [datetime.fromisoformat(t) for t in raw["times"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return sorted(t for t in times if t.tzinfo is not None and t > now)
