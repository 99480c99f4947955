"""Reminder times from the schedule: openings, the check-in hour, quiet hours, no content."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
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
    due = [opening(3), opening(2.8), opening(15), opening(-1, Status.DUE), opening(60)]
    times = reminder_times(NOW, due, check_in_at=time(20, 0), checked_in_today=False, quiet=QUIET)
    assert times == [
        NOW + timedelta(hours=3),  # 11:48 (kept as 12:00) and 12:00 are one reminder
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
    kept = json.loads(store.read_text())
    assert kept == {"times": [t.astimezone(UTC).isoformat() for t in times]}, "no time zone"
    assert load_times(store, NOW) == times[1:], "only those still ahead"
    store.write_text("{not json")
    assert load_times(store, NOW) == []
    assert load_times(tmp_path / "missing.json", NOW) == []


def test_an_opening_is_reminded_on_the_next_whole_hour_never_before_it() -> None:
    """reminders.json is plaintext: a reminder at 10:14 would give away a session that
    ended at 10:14. Rounded up, the file says only the hour, and nothing is said to be
    ready before it is."""
    session_end = NOW + timedelta(minutes=74)  # 10:14
    short = Due(DueKind.TEMPLATE, "p/x", "X", Status.UPCOMING, NOW.replace(hour=16, minute=40),
                NOW.replace(hour=16, minute=55))  # fmt: skip
    due = [opening(74 / 60), opening(25.25), short]
    times = reminder_times(NOW, due, check_in_at=time(20, 30), checked_in_today=False)
    assert times == [
        NOW.replace(hour=11),  # not 10:14
        NOW.replace(hour=16, minute=45),  # closes at 16:55: the quarter hour inside it
        NOW.replace(hour=20, minute=30),  # the check-in: the person's own setting
        NOW.replace(day=3, hour=11),  # 10:15 tomorrow
        NOW.replace(day=3, hour=20, minute=30),
    ]
    assert all(t >= session_end for t in times)
