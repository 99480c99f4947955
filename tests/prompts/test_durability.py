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
    after = moods(S1 + timedelta(days=1), 2, 6, 7, 3, 5, 3, 3)  # tired, up, one low day, up,
    [lift] = lifts([session(S1)], week_before + after)  # then back on days 6 and 7
    assert lift.rose and lift.days == 6 and not lift.until_next and lift.before_days == 7
    assert "(from 7 days of check-ins); back there after 6 days" in lift.sentence()


def test_still_higher_when_the_next_session_comes() -> None:
    s2 = S1 + timedelta(days=4)
    points = moods(S1 - timedelta(days=3), 3, 3, 3) + moods(S1 + timedelta(days=1), 6, 6, 6)
    first, _second = lifts([session(S1), session(s2)], points)
    assert first.until_next and first.days == 4
    assert "at least 4 days, until the next session" in first.sentence()


def test_no_check_ins_before_or_no_rise_are_said_plainly() -> None:
    [none] = lifts([session(S1)], moods(S1 + timedelta(days=1), 5))
    assert none.before is None and "no check-ins in the week before" in none.sentence()
    [flat] = lifts([session(S1)], moods(S1 - timedelta(days=3), 5, 5, 5) + moods(S1, 5, 4, 5))
    assert not flat.rose and "no day after it was clearly higher (by 1 or more)" in flat.sentence()
    planned = Session(scheduled_at=S1)
    assert lifts([planned], []) == [], "only sessions that happened"


def test_a_hundredth_of_a_point_is_not_a_lift() -> None:
    points = moods(S1 - timedelta(days=3), 5.0, 5.0, 5.0) + moods(
        S1 + timedelta(days=1), 5.01, 5.01
    )
    [lift] = lifts([session(S1)], points)
    assert not lift.rose and lift.days is None


def test_the_persons_own_spread_sets_the_margin_when_wider_than_a_point() -> None:
    before = moods(S1 - timedelta(days=4), 2, 8, 2, 8)  # mean 5, spread 3
    [small] = lifts([session(S1)], before + moods(S1 + timedelta(days=1), 7, 7, 4, 4))
    assert not small.rose, "2 points above a level that swings by 3 is the usual swing"
    [big] = lifts([session(S1)], before + moods(S1 + timedelta(days=1), 8.5, 8, 4, 4))
    assert big.rose and big.days == 3


def test_one_high_day_then_twenty_silent_days_claims_nothing() -> None:
    points = moods(S1 - timedelta(days=3), 4, 4, 4) + moods(S1 + timedelta(days=1), 8)
    [lift] = lifts([session(S1)], points, today=(S1 + timedelta(days=21)).date())
    assert lift.unclear and lift.days is None
    assert "not enough check-ins after it to say how long a lift lasted" in lift.sentence()
    # The same across a gap before the next session: no "at least 20 days".
    first, _ = lifts([session(S1), session(S1 + timedelta(days=21))], points)
    assert first.unclear and not first.until_next


def test_a_level_before_from_a_single_day_is_not_a_level() -> None:
    points = moods(S1 - timedelta(days=1), 3) + moods(S1 + timedelta(days=1), 8, 8, 8)
    [lift] = lifts([session(S1)], points)
    assert lift.before is None and lift.before_days == 1
    assert lift.sentence().endswith(
        "1 day of check-ins in the week before; at least 3 are needed to compare with."
    )


def test_no_check_in_after_the_session_is_no_claim() -> None:
    [lift] = lifts([session(S1)], moods(S1 - timedelta(days=3), 4, 4, 4))
    assert lift.unclear and not lift.rose
