"""Every side effect the chosen entries rated, by session: the strongest rating each was given.

A therapist reading "strong side effects" alone missed a moderate headache after every session;
the table shows each rated line against each session, 0 (barely) to 3 (strong). Private answers
are left out, as everywhere; entries not tied to a session have no column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kapjournal.domain import Entry, Session


@dataclass(frozen=True)
class SideEffects:
    sessions: tuple[Session, ...]  # the columns: sessions with a rating, in time order
    rows: tuple[tuple[str, tuple[int | None, ...]], ...]  # a line and its strongest per session

    def __bool__(self) -> bool:
        return bool(self.rows)


def side_effects(chosen: Iterable[Entry], course: Sequence[Session]) -> SideEffects:
    strongest: dict[str, dict[str, int]] = {}  # line -> session uid -> rating
    for entry in sorted(chosen, key=lambda e: e.created_at):
        if not entry.session_uid:
            continue
        for answer in entry.answers:
            if answer.private:
                continue
            for line, level in answer.severities.items():
                by_session = strongest.setdefault(line, {})
                by_session[entry.session_uid] = max(level, by_session.get(entry.session_uid, 0))
    columns = tuple(s for s in course if any(s.uid in found for found in strongest.values()))
    return SideEffects(
        columns,
        tuple(
            (line, tuple(found.get(s.uid) for s in columns)) for line, found in strongest.items()
        ),
    )


NONE = SideEffects((), ())
