"""Goals agreed with the therapist and their weekly ratings, in the vault."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from kapjournal.domain import Goal, GoalRating
from kapjournal.storage.timestamps import parse_ts, ts

if TYPE_CHECKING:
    from kapjournal.storage.vault import Vault


class GoalRecords:
    """Records builds on this: the goals table and their ratings."""

    vault: Vault

    def save_goals(self, goals: list[Goal]) -> None:
        """Insert or update goals by uid (words, privacy, end), in one transaction."""
        with self.vault.transaction() as c:
            c.executemany(
                """INSERT INTO goals (uid, text, private, created_at, ended_at)
                   VALUES (?,?,?,?,?)
                   ON CONFLICT(uid) DO UPDATE SET text=excluded.text,
                       private=excluded.private, ended_at=excluded.ended_at""",
                [(g.uid, g.text, int(g.private), ts(g.created_at),
                  ts(g.ended_at) if g.ended_at else None) for g in goals],
            )  # fmt: skip

    def goals(self) -> list[Goal]:
        """Every goal, ended ones too, in the order they were set."""
        rows = self.vault.conn.execute(
            "SELECT uid, text, private, created_at, ended_at FROM goals ORDER BY created_at, id"
        )
        return [
            Goal(r[1], bool(r[2]), r[0], parse_ts(r[3]), parse_ts(r[4]) if r[4] else None)
            for r in rows
        ]

    def rate_goals(self, ratings: list[GoalRating]) -> None:
        """Ratings of one sitting, in one transaction (a rating at the same time replaces)."""
        with self.vault.transaction() as c:
            c.executemany(
                """INSERT OR REPLACE INTO goal_ratings (goal_uid, value, rated_at)
                   VALUES (?,?,?)""",
                [(r.goal_uid, int(r.value), ts(r.rated_at)) for r in ratings],
            )

    def goal_ratings(self, since: datetime | None = None) -> list[GoalRating]:
        """Every rating (since `since`), oldest first."""
        rows = self.vault.conn.execute(
            """SELECT goal_uid, value, rated_at FROM goal_ratings WHERE rated_at >= ?
               ORDER BY rated_at, id""",
            (ts(since) if since else "",),
        )
        return [GoalRating(r[0], int(r[1]), parse_ts(r[2])) for r in rows]
