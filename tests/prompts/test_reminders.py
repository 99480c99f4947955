"""Reminder times from the schedule: openings, the check-in hour, quiet hours, no content."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kapjournal.prompts.reminders import in_quiet_hours, load_times, reminder_times, save_times
from kapjournal.prompts.schedule import Due, DueKind, Status

ZONE = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
QUIET = (time(22, 0), time(8, 0))


def opening(hours: float, status: Status = Status.UPCOMING) -> Due:
    return Due(DueKind.TEMPLATE, "p/recall", "Recall", status, NOW + timedelta(hours=hours))


def test_openings_and_the_check_in_hour_outside_quiet_hours() -> None:
    due = [opening(3), opening(3.2), opening(15), opening(-1, Status.DUE), opening(60)]
    times = reminder_times(NOW, due, check_in_at=time(20, 0), checked_in_today=False, quiet=QUIET)
    assert times == [
        NOW + timedelta(hours=3),  # 12:00 and 12:12 are one reminder
        NOW.replace(hour=20),  # today's check-in
        NOW.replace(day=3, hour=8),  # opens at midnight, quiet until 8:00
        NOW.replace(day=3, hour=20),
    ]  # nothing beyond the two-day horizon (the opening in 60 hours, the 4th's check-in)
    assert all(isinstance(t, datetime) for t in times), "times only, never what is due"


def test_a_done_check_in_is_not_reminded_today() -> None:
    times = reminder_times(NOW, [], check_in_at=time(20, 0), checked_in_today=True)
    assert NOW.replace(hour=20) not in times and NOW.replace(day=3, hour=20) in times


def test_quiet_hours_across_midnight_and_within_a_day() -> None:
    assert in_quiet_hours(NOW.replace(hour=23), QUIET)
    assert in_quiet_hours(NOW.replace(hour=7, minute=59), QUIET)
    assert not in_quiet_hours(NOW.replace(hour=8), QUIET)
    assert in_quiet_hours(NOW.replace(hour=13), (time(12, 0), time(14, 0)))
    assert not in_quiet_hours(NOW, None)


def test_kept_times_are_times_alone_and_a_damaged_file_gives_none(tmp_path: Path) -> None:
    store = tmp_path / "reminders.json"
    times = [NOW + timedelta(hours=h) for h in (-1, 2, 5)]
    save_times(store, times)
    assert json.loads(store.read_text()) == {"times": [t.isoformat() for t in times]}
    assert load_times(store, NOW) == times[1:], "only those still ahead"
    store.write_text("{not json")
    assert load_times(store, NOW) == []
    assert load_times(tmp_path / "missing.json", NOW) == []
