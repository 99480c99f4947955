"""How long did it last: for each session, the days until the daily mood came back to where
it was before it, from the check-ins alone. A patient in maintenance and the clinic decide
about boosters by watching this; it is their numbers, described, never a recommendation.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kapjournal.domain import Session, SessionStatus
from kapjournal.i18n import format_number, format_skeleton, tr, trn

BEFORE_DAYS = 7  # the pre-session level: the mean daily mood of the week before


@dataclass(frozen=True)
class Lift:
    session: Session
    before: float | None  # mean daily mood in the week before; None without check-ins
    days: int | None  # days until mood was back at or below `before`; None if not yet
    until_next: bool  # still above when the next session came (so `days` is a floor)
    rose: bool  # mood went above the pre-session level at all

    def sentence(self) -> str:
        when = format_skeleton(self.session.scheduled_at, "MMMd")
        if self.before is None:
            return tr("Session of {when}: no check-ins in the week before to compare with.").format(
                when=when
            )
        level = format_number(round(self.before, 1))
        if not self.rose:
            return tr(
                "Session of {when}: mood before it {level}; no day after it was higher."
            ).format(when=when, level=level)
        if self.days is None:
            return tr("Session of {when}: mood before it {level}; still higher so far.").format(
                when=when, level=level
            )
        if self.until_next:
            return trn(
                "Session of {when}: mood before it {level}; higher for at least {n} day, "
                "until the next session.",
                "Session of {when}: mood before it {level}; higher for at least {n} days, "
                "until the next session.",
                self.days,
            ).format(when=when, level=level, n=self.days)
        return trn(
            "Session of {when}: mood before it {level}; back there after {n} day.",
            "Session of {when}: mood before it {level}; back there after {n} days.",
            self.days,
        ).format(when=when, level=level, n=self.days)


def daily_means(points: Iterable[tuple[datetime, float]]) -> dict[date, float]:
    days: dict[date, list[float]] = {}
    for when, value in points:
        days.setdefault(when.astimezone().date(), []).append(value)
    return {d: sum(v) / len(v) for d, v in days.items()}


def lifts(sessions: Iterable[Session], mood: Iterable[tuple[datetime, float]]) -> list[Lift]:
    """One Lift per session that happened, oldest first."""
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
        if not week:
            out.append(Lift(s, None, None, False, False))
            continue
        before = sum(week) / len(week)
        end = done[i + 1].scheduled_at.astimezone().date() if i + 1 < len(done) else None
        stop = bisect_left(days, end) if end is not None else len(days)
        after = days[bisect_right(days, day) : stop]
        # From the first day above the old level (a tired day after a session is not the
        # end of a lift that had not begun), to the first day back at or below it.
        up = next((d for d in after if by_day[d] > before), None)
        rose = up is not None
        back = next((d for d in after if up is not None and d > up and by_day[d] <= before), None)
        if back is not None:
            out.append(Lift(s, before, (back - day).days, False, True))
        elif rose and end is not None:
            out.append(Lift(s, before, (end - day).days, True, True))
        else:
            out.append(Lift(s, before, None, False, rose))
    return out
