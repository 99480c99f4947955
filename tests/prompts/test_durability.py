"""How long a session's lift lasted, from daily moods: known cases."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kapjournal.domain import Session, SessionStatus
from kapjournal.prompts.durability import lifts

ZONE = ZoneInfo("Europe/Madrid")
S1 = datetime(2026, 3, 9, 10, tzinfo=ZONE)


def moods(start: datetime, *values: float) -> list[tuple[datetime, float]]:
    return [(start + timedelta(days=n, hours=10), v) for n, v in enumerate(values)]


def session(when: datetime) -> Session:
    return Session(scheduled_at=when, status=SessionStatus.DONE)


def test_a_lift_after_a_tired_day_is_counted_to_its_return() -> None:
    week_before = moods(S1 - timedelta(days=7), 3, 3, 4, 3, 3, 4, 3)  # mean 3.29
    after = moods(S1 + timedelta(days=1), 2, 6, 7, 6, 5, 3)  # tired, up, ..., back on day 6
    [lift] = lifts([session(S1)], week_before + after)
    assert lift.rose and lift.days == 6 and not lift.until_next
    assert "back there after 6 days" in lift.sentence()


def test_still_higher_when_the_next_session_comes() -> None:
    s2 = S1 + timedelta(days=4)
    points = moods(S1 - timedelta(days=3), 3, 3, 3) + moods(S1 + timedelta(days=1), 6, 6, 6)
    first, _second = lifts([session(S1), session(s2)], points)
    assert first.until_next and first.days == 4
    assert "at least 4 days, until the next session" in first.sentence()


def test_no_check_ins_before_or_no_rise_are_said_plainly() -> None:
    [none] = lifts([session(S1)], moods(S1 + timedelta(days=1), 5))
    assert none.before is None and "no check-ins in the week before" in none.sentence()
    [flat] = lifts([session(S1)], moods(S1 - timedelta(days=2), 5, 5) + moods(S1, 5, 4, 5))
    assert not flat.rose and "no day after it was higher" in flat.sentence()
    planned = Session(scheduled_at=S1)
    assert lifts([planned], []) == [], "only sessions that happened"
