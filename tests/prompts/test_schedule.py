"""The schedule: an injected clock, across midnight, daylight saving, planned sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kapjournal.domain import Session, SessionKind, SessionStatus
from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.schedule import Due, DueKind, Status, Written, compute

CAT = Catalog.load()
BERLIN = ZoneInfo("Europe/Berlin")
NY = ZoneInfo("America/New_York")


def at(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)


def due(
    now: datetime,
    sessions: list[Session],
    written: list[Written] = (),  # type: ignore[assignment]
    completed: dict[str, list[datetime]] | None = None,
) -> list[Due]:
    return compute(now, CAT.templates, sessions, list(written), completed or {}, CAT.questionnaires)


def keys(items: list[Due], status: Status | None = None) -> list[tuple[str, str]]:
    return [
        (d.key.split("/")[-1], d.label)
        for d in items
        if d.kind is DueKind.TEMPLATE and (status is None or d.status is status)
    ]


def session(
    when: datetime,
    status: SessionStatus = SessionStatus.DONE,
    kind: SessionKind = SessionKind.INDUCTION,
) -> Session:
    return Session(scheduled_at=when, status=status, kind=kind, duration_minutes=60)


def test_preparation_is_due_the_day_before_a_planned_session() -> None:
    s = session(at(BERLIN, 2026, 3, 10, 10), SessionStatus.PLANNED)
    assert ("preparation", "the day before") in keys(
        due(at(BERLIN, 2026, 3, 9, 18), [s]), Status.DUE
    )
    assert ("preparation", "the day before") in keys(
        due(at(BERLIN, 2026, 3, 8, 12), [s]), Status.UPCOMING
    )
    assert ("preparation", "the day before") not in keys(due(at(BERLIN, 2026, 3, 1, 12), [s]))


def test_recall_waits_until_the_session_is_marked_done() -> None:
    when = at(BERLIN, 2026, 3, 10, 10)
    now = at(BERLIN, 2026, 3, 10, 12)
    planned = due(now, [session(when, SessionStatus.PLANNED)])
    assert not [d for d in planned if d.key.endswith("/recall")]
    assert [d.kind for d in planned if d.kind is DueKind.CONFIRM_SESSION]
    done = due(now, [session(when)])
    assert ("recall", "while it is fresh") in keys(done, Status.DUE)


def test_integration_windows_and_what_covers_them() -> None:
    s = session(at(BERLIN, 2026, 3, 10, 10))
    end = s.scheduled_at.astimezone(UTC) + timedelta(hours=1)
    now = end + timedelta(hours=80)  # inside the +3 day window
    items = due(now, [s])
    assert ("integration-3", "+3 days") in keys(items, Status.DUE)
    assert ("integration", "+1 day") in keys(items, Status.OVERDUE)
    late_first = Written("kapjournal.core/integration", s.uid, end + timedelta(hours=60))
    items = due(now, [s], [late_first])
    assert ("integration", "+1 day") not in keys(items), "a late +1 entry still counts"
    assert ("integration-3", "+3 days") in keys(items, Status.DUE), "each window its own page"


def test_old_overdue_items_fall_away() -> None:
    s = session(at(BERLIN, 2026, 1, 1, 10))
    assert keys(due(at(BERLIN, 2026, 3, 1, 10), [s])) == [("check-in", "")]


def test_check_in_counts_local_days_across_midnight() -> None:
    written = [Written("kapjournal.core/check-in", None, at(BERLIN, 2026, 3, 9, 23, 30))]
    assert ("check-in", "") not in keys(due(at(BERLIN, 2026, 3, 9, 23, 50), [], written))
    assert ("check-in", "") in keys(due(at(BERLIN, 2026, 3, 10, 0, 10), [], written))


def test_check_in_day_follows_the_patients_zone_not_utc() -> None:
    # 23:30 in New York is already the next day in UTC.
    written = [Written("kapjournal.core/check-in", None, at(NY, 2026, 3, 9, 23, 30))]
    assert ("check-in", "") not in keys(due(at(NY, 2026, 3, 9, 23, 45), [], written))


@pytest.mark.parametrize(("tz", "day"), [(BERLIN, (2026, 3, 29)), (NY, (2026, 11, 1))])
def test_windows_are_real_hours_across_daylight_saving(tz: ZoneInfo, day: tuple[int, ...]) -> None:
    # A session ending 09:00 the day before a DST change: its +1 day window (24-48 h) opens
    # at 09:00 + 24 real hours, which is 10:00 or 08:00 on the wall clock.
    s = session(datetime(*day, 8, tzinfo=tz) - timedelta(days=1))
    end = s.scheduled_at.astimezone(UTC) + timedelta(hours=1)
    opens = end + timedelta(hours=24)
    before, after = opens - timedelta(minutes=1), opens + timedelta(minutes=1)
    assert ("integration", "+1 day") in keys(due(before, [s]), Status.UPCOMING)
    assert ("integration", "+1 day") in keys(due(after, [s]), Status.DUE)
    assert opens.astimezone(tz).hour != end.astimezone(tz).hour


def test_check_in_across_a_23_hour_day() -> None:
    written = [Written("kapjournal.core/check-in", None, at(BERLIN, 2026, 3, 28, 23, 0))]
    assert ("check-in", "") in keys(due(at(BERLIN, 2026, 3, 29, 0, 30), [], written))


def test_questionnaires_weekly_in_induction_monthly_in_maintenance() -> None:
    now = at(BERLIN, 2026, 5, 20, 12)
    recent = {"phq9": [now - timedelta(days=10)], "gad7": [now - timedelta(days=3)]}
    induction = [session(now - timedelta(days=2), kind=SessionKind.INDUCTION)]
    q = {d.key for d in due(now, induction, completed=recent) if d.kind is DueKind.QUESTIONNAIRE}
    assert q == {"phq9"}
    maintenance = [session(now - timedelta(days=2), kind=SessionKind.MAINTENANCE)]
    q = {d.key for d in due(now, maintenance, completed=recent) if d.kind is DueKind.QUESTIONNAIRE}
    assert q == set()
    never = {d.key for d in due(now, induction) if d.kind is DueKind.QUESTIONNAIRE}
    assert never == {"phq9", "gad7"}, "PCL-5 is never scheduled on its own"


def test_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError):
        compute(datetime(2026, 1, 1), CAT.templates, [], [])


def test_order_overdue_then_due_then_upcoming() -> None:
    s = session(at(BERLIN, 2026, 3, 10, 10))
    now = s.scheduled_at + timedelta(hours=81)
    statuses = [d.status for d in due(now, [s])]
    assert statuses == sorted(statuses, key=[Status.OVERDUE, Status.DUE, Status.UPCOMING].index)


def questionnaires(items: list[Due]) -> list[tuple[str, str, Status]]:
    return sorted((d.key, d.label, d.status) for d in items if d.kind is DueKind.QUESTIONNAIRE)


def test_questionnaires_come_before_a_booster_and_a_week_after_it() -> None:
    booster = at(BERLIN, 2026, 6, 10, 10)
    monthly = {"phq9": [booster - timedelta(days=20)], "gad7": [booster - timedelta(days=20)]}
    planned = [session(booster, SessionStatus.PLANNED, SessionKind.BOOSTER)]
    before = due(booster - timedelta(hours=30), planned, completed=monthly)
    assert questionnaires(before) == [
        ("gad7", "before the session", Status.DUE),
        ("phq9", "before the session", Status.DUE),
    ]
    assert all(d.session_uid == planned[0].uid for d in before if d.kind is DueKind.QUESTIONNAIRE)
    three_days_out = due(booster - timedelta(hours=72), planned, completed=monthly)
    assert ("phq9", "before the session", Status.UPCOMING) in questionnaires(three_days_out)
    assert questionnaires(due(booster - timedelta(hours=130), planned, completed=monthly)) == []
    answered = monthly | {"phq9": [booster - timedelta(hours=20)]}
    later = due(booster - timedelta(hours=10), planned, completed=answered)
    assert "phq9" not in {k for k, *_ in questionnaires(later)}
    started = due(booster + timedelta(hours=1), planned, completed=monthly)
    assert not [q for q in questionnaires(started) if q[1] == "before the session"]

    done = [session(booster, SessionStatus.DONE, SessionKind.BOOSTER)]
    week = due(booster + timedelta(days=7, hours=2), done, completed=monthly)
    assert ("phq9", "about a week after the session", Status.DUE) in questionnaires(week)
    after = {"phq9": [booster + timedelta(days=6)], "gad7": [booster + timedelta(days=6)]}
    assert not questionnaires(due(booster + timedelta(days=7, hours=2), done, completed=after))


def test_induction_sessions_are_not_anchored_their_rounds_are_weekly() -> None:
    s = at(BERLIN, 2026, 6, 10, 10)
    recent = {"phq9": [s - timedelta(days=2)], "gad7": [s - timedelta(days=2)]}
    planned = [session(s, SessionStatus.PLANNED, SessionKind.INDUCTION)]
    assert questionnaires(due(s - timedelta(hours=20), planned, completed=recent)) == []


def test_one_round_answers_windows_of_two_sessions_open_at_once() -> None:
    first = at(BERLIN, 2026, 6, 1, 10)
    nxt = first + timedelta(days=8)
    sessions = [
        session(first, SessionStatus.DONE, SessionKind.BOOSTER),
        session(nxt, SessionStatus.PLANNED, SessionKind.BOOSTER),
    ]
    now = first + timedelta(days=7, hours=3)  # a week after one, the day before the other
    old = {"phq9": [first - timedelta(days=2)], "gad7": [first - timedelta(days=2)]}
    found = questionnaires(due(now, sessions, completed=old))
    assert found == [
        ("gad7", "before the session", Status.DUE),
        ("phq9", "before the session", Status.DUE),
    ], "one each: the window that closes first"
