"""Goals agreed with the therapist: up to three open at a time, in the patient's own words,
each rated weekly from 0 to 10. A section of the journal's use cases."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from kapjournal.domain import GOAL_MAX, GOALS_OPEN, Goal, GoalRating
from kapjournal.i18n import tr
from kapjournal.services.section import JournalSection

RATE_EVERY = timedelta(days=7)
MAX_GOAL_CHARS = 300


@dataclass(frozen=True)
class GoalDraft:
    """A line of the goals form: an open goal's uid (None for a new one), words, privacy."""

    uid: str | None
    text: str
    private: bool = False


@dataclass(frozen=True)
class GoalWeek:
    """The open goals, those to rate now, and when the next rating falls due (None without
    open goals)."""

    open: list[Goal]
    due: list[Goal]
    next_due: datetime | None


class GoalService(JournalSection):
    def goals(self) -> list[Goal]:
        """Every goal, ended ones too, in the order they were set."""
        return self._repo.goals()

    def open_goals(self) -> list[Goal]:
        return [g for g in self._repo.goals() if g.ended_at is None]

    def set_goals(self, drafts: list[GoalDraft]) -> list[Goal]:
        """Make the open goals these (blank lines ignored): a goal whose line was cleared is
        ended, not deleted, so its ratings keep their meaning; changed words keep the
        ratings (a goal is refined, not replaced). ValueError says in one sentence what is
        wrong (more than three, or too long); then nothing changes."""
        kept = [replace(d, text=" ".join(d.text.split())) for d in drafts]
        kept = [d for d in kept if d.text]
        if len(kept) > GOALS_OPEN:
            raise ValueError(
                tr("Up to {n} goals at a time: end one before adding another.").format(n=GOALS_OPEN)
            )
        if any(len(d.text) > MAX_GOAL_CHARS for d in kept):
            raise ValueError(
                tr("A goal can be up to {n} characters; a short sentence works best.").format(
                    n=MAX_GOAL_CHARS
                )
            )
        now = self.clock()
        current = {g.uid: g for g in self.open_goals()}
        wanted = {d.uid for d in kept if d.uid}
        changed = [replace(g, ended_at=now) for uid, g in current.items() if uid not in wanted]
        for d in kept:
            if d.uid in current:
                changed.append(replace(current[d.uid], text=d.text, private=d.private))
            else:
                changed.append(Goal(d.text, d.private, created_at=now))
        self._repo.save_goals(changed)
        return self.open_goals()

    def rate(self, values: dict[str, int]) -> list[GoalRating]:
        """This week's ratings of open goals (0 to 10), saved together."""
        open_uids = {g.uid for g in self.open_goals()}
        now = self.clock()
        ratings = []
        for uid, value in values.items():
            if uid not in open_uids:
                raise ValueError(tr("That goal has ended; it can no longer be rated."))
            if not 0 <= value <= GOAL_MAX:
                raise ValueError(tr("A rating is a whole number from 0 to 10."))
            ratings.append(GoalRating(uid, int(value), now))
        self._repo.rate_goals(ratings)
        return ratings

    def ratings(self, since: datetime | None = None) -> list[GoalRating]:
        return self._repo.goal_ratings(since)

    def week(self) -> GoalWeek:
        """Where the weekly ratings stand, from one read of the goals and their ratings."""
        now = self.clock()
        open_goals = self.open_goals()
        last = {r.goal_uid: r.rated_at for r in self._repo.goal_ratings()}  # oldest first
        due = [g for g in open_goals if g.uid not in last or last[g.uid] < now - RATE_EVERY]
        if not open_goals:
            return GoalWeek(open_goals, due, None)
        nxt = now if due else min(last[g.uid] for g in open_goals) + RATE_EVERY
        return GoalWeek(open_goals, due, nxt)

    def due(self) -> list[Goal]:
        """The open goals to rate this week: those with no rating in the last seven days."""
        return self.week().due
