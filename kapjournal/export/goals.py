"""Goals agreed with the therapist as a report and Trends show them: each goal's weekly
ratings and one sentence of how they moved. Private goals stay out, and are counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from kapjournal.domain import GOAL_MAX, Goal, GoalRating
from kapjournal.i18n import format_date, tr, trn


@dataclass(frozen=True)
class GoalCourse:
    """One goal and its ratings, oldest first."""

    number: int  # 1, 2, 3 ... in the order the goals were set
    text: str
    ratings: tuple[tuple[datetime, int], ...]
    ended_at: datetime | None = None

    @property
    def name(self) -> str:
        return tr("Goal {n}").format(n=self.number)

    def sentence(self) -> str:
        """How the ratings moved, in plain words; only what the ratings show."""
        r = self.ratings
        if not r:
            said = tr("Not rated yet.")
        elif len(r) == 1:
            said = tr("Rated {value} of {max} on {date}.").format(
                value=r[0][1], max=GOAL_MAX, date=format_date(r[0][0])
            )
        else:
            (first_at, first), (last_at, last) = r[0], r[-1]
            diff = last - first
            moved = (
                trn("{n} point higher", "{n} points higher", diff).format(n=diff)
                if diff > 0
                else trn("{n} point lower", "{n} points lower", -diff).format(n=-diff)
                if diff < 0
                else tr("the same")
            )
            said = tr(
                "From {first} of {max} ({first_date}) to {last} of {max} ({last_date}): "
                "{moved}, over {n} ratings."
            ).format(
                first=first,
                last=last,
                max=GOAL_MAX,
                first_date=format_date(first_at),
                last_date=format_date(last_at),
                moved=moved,
                n=len(r),
            )
        if self.ended_at is not None:
            said += " " + tr("No longer a goal since {date}.").format(
                date=format_date(self.ended_at)
            )
        return said


def goal_courses(
    goals: Iterable[Goal],
    ratings: Iterable[GoalRating],
    *,
    since: datetime | None = None,
    shared: bool = False,
) -> tuple[tuple[GoalCourse, ...], int]:
    """The open goals, and those ended since `since`, numbered in the order they were set,
    with their ratings; with `shared`, private goals are left out (and counted: the second
    value)."""
    by_goal: dict[str, list[tuple[datetime, int]]] = {}
    for r in sorted(ratings, key=lambda r: r.rated_at):
        by_goal.setdefault(r.goal_uid, []).append((r.rated_at, r.value))
    shown = [
        g
        for g in sorted(goals, key=lambda g: g.created_at)
        if g.ended_at is None or (since is not None and g.ended_at >= since)
    ]
    withheld = sum(1 for g in shown if shared and g.private)
    courses = tuple(
        GoalCourse(n, g.text, tuple(by_goal.get(g.uid, ())), g.ended_at)
        for n, g in enumerate((g for g in shown if not (shared and g.private)), 1)
    )
    return courses, withheld
