"""How long did it last: for each session, the days until the daily mood came back to where
it was before it, from the check-ins alone. A patient in maintenance and the clinic decide
about boosters by watching this; it is their numbers, described, never a recommendation.

What counts as a lift, and when a claim is made at all (docs/clinical.md, "How long did it
last"):
- the level before rests on at least 3 days of check-ins in the week before the session, and
  the sentence says on how many;
- a day is higher only by a real margin: at least 1 point on the 0-10 scale, or the person's
  own day-to-day spread in that week when it is wider (5.01 against 5.0 is no lift);
- a lift ends on the first of two check-in days in a row at or below the level before (one
  low day is not the end);
- across a gap of more than 3 days without a check-in nothing is claimed: "not enough
  check-ins to say".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from statistics import pstdev

from kapjournal.domain import Session, SessionStatus
from kapjournal.i18n import format_number, format_skeleton, tr, trn

BEFORE_DAYS = 7  # the pre-session level: the mean daily mood of the week before
LEAST_BEFORE_DAYS = 3  # fewer days than this in that week: no level to compare with
LEAST_RISE = 1.0  # points on the 0-10 scale
MAX_GAP_DAYS = 3  # more days than this without a check-in: no claim across them


@dataclass(frozen=True)
class Lift:
    session: Session
    before: float | None  # mean daily mood in the week before; None with too few days
    days: int | None  # days until mood was back at or below `before`; None if not yet
    until_next: bool  # still above when the next session came (so `days` is a floor)
    rose: bool  # mood went clearly above the pre-session level at all
    before_days: int = 0  # how many days of check-ins `before` rests on
    unclear: bool = False  # a gap of more than MAX_GAP_DAYS days: nothing can be said
    margin: float = LEAST_RISE  # how much higher a day had to be to count

    def sentence(self) -> str:
        when = format_skeleton(self.session.scheduled_at, "MMMd")
        n = self.before_days
        if self.before is None:
            if n == 0:
                return tr(
                    "Session of {when}: no check-ins in the week before to compare with."
                ).format(when=when)
            return trn(
                "Session of {when}: {n} day of check-ins in the week before; at least {least} "
                "are needed to compare with.",
                "Session of {when}: {n} days of check-ins in the week before; at least {least} "
                "are needed to compare with.",
                n,
            ).format(when=when, n=n, least=LEAST_BEFORE_DAYS)
        level = trn(
            "mood before it {level} (from {n} day of check-ins)",
            "mood before it {level} (from {n} days of check-ins)",
            n,
        ).format(level=format_number(round(self.before, 1)), n=n)
        words = {"when": when, "level": level}
        if self.unclear:
            return tr(
                "Session of {when}: {level}; not enough check-ins after it to say how long a "
                "lift lasted."
            ).format(**words)
        if not self.rose:
            return tr(
                "Session of {when}: {level}; no day after it was clearly higher (by {margin} "
                "or more)."
            ).format(margin=format_number(round(self.margin, 1)), **words)
        if self.days is None:
            return tr("Session of {when}: {level}; still higher so far.").format(**words)
        if self.until_next:
            return trn(
                "Session of {when}: {level}; higher for at least {n} day, until the next session.",
                "Session of {when}: {level}; higher for at least {n} days, until the next session.",
                self.days,
            ).format(n=self.days, **words)
        return trn(
            "Session of {when}: {level}; back there after {n} day.",
            "Session of {when}: {level}; back there after {n} days.",
            self.days,
        ).format(n=self.days, **words)


def daily_means(points: Iterable[tuple[datetime, float]]) -> dict[date, float]:
    days: dict[date, list[float]] = {}
    for when, value in points:
        days.setdefault(when.astimezone().date(), []).append(value)
    return {d: sum(v) / len(v) for d, v in days.items()}


def lifts(
    sessions: Iterable[Session], mood: Iterable[tuple[datetime, float]], today: date | None = None
) -> list[Lift]:
    """One Lift per session that happened, oldest first. `today` ends the last session's
    stretch (a lift "still higher so far" needs a recent check-in)."""
    done = sorted(
        (s for s in sessions if s.status is SessionStatus.DONE), key=lambda s: s.scheduled_at
    )
    by_day = daily_means(mood)
    days = sorted(by_day)  # each session reads only its own stretch of days: no full scans
    out = []
    for i, s in enumerate(done):
        day = s.scheduled_at.astimezone().date()
        start = bisect_left(days, day - timedelta(days=BEFORE_DAYS))
        week = [by_day[d] for d in days[start : bisect_left(days, day)]]
        if len(week) < LEAST_BEFORE_DAYS:
            out.append(Lift(s, None, None, False, False, before_days=len(week)))
            continue
        before = sum(week) / len(week)
        margin = max(LEAST_RISE, pstdev(week))
        end = done[i + 1].scheduled_at.astimezone().date() if i + 1 < len(done) else today
        stop = bisect_left(days, end) if end is not None else len(days)
        after = days[bisect_right(days, day) : stop]
        base = Lift(s, before, None, False, False, before_days=len(week), margin=margin)
        out.append(_follow(base, after, by_day, end, next_session=i + 1 < len(done)))
    return out


def _follow(
    base: Lift, after: list[date], by_day: dict[date, float], end: date | None, next_session: bool
) -> Lift:
    """Walk the days after a session: the lift begins on the first clearly higher day (a
    tired day after a session is not the end of a lift that had not begun) and ends on the
    first of two check-in days in a row at or below the level before."""
    assert base.before is not None
    before, day = base.before, base.session.scheduled_at.astimezone().date()
    up: date | None = None
    previous = day
    for k, d in enumerate(after):
        if _silent(previous, d):
            return replace(base, rose=up is not None, unclear=True)
        previous = d
        if up is None:
            if by_day[d] >= before + base.margin:
                up = d
            continue
        following = after[k + 1] if k + 1 < len(after) else None
        if (
            by_day[d] <= before
            and following is not None
            and not _silent(d, following)
            and by_day[following] <= before
        ):
            return replace(base, days=(d - day).days, rose=True)
    if up is None:
        return replace(base, unclear=not after or (end is not None and _silent(previous, end)))
    if end is not None and _silent(previous, end):
        return replace(base, rose=True, unclear=True)
    if by_day[previous] <= before:  # one low day at the end: too soon to say it ended
        return replace(base, rose=True, unclear=True)
    if next_session and end is not None:
        return replace(base, days=(end - day).days, until_next=True, rose=True)
    return replace(base, rose=True)


def _silent(earlier: date, later: date) -> bool:
    """More than MAX_GAP_DAYS days without a check-in between two days."""
    return (later - earlier).days - 1 > MAX_GAP_DAYS
