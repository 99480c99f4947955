"""The course: its dosing sessions, planned and done. A section of the journal's use cases."""

from __future__ import annotations

from datetime import timedelta

from kapjournal.domain import (
    Session,
    SessionStatus,
)
from kapjournal.services.section import JournalSection


class CourseService(JournalSection):
    def sessions(self) -> list[Session]:
        return self._repo.sessions()

    def session(self, uid: str) -> Session | None:
        return self._repo.session(uid)

    def new_session(self) -> Session:
        """A session planned for tomorrow at 10:00, to be edited before it is saved."""
        start = (self.clock() + timedelta(days=1)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        return Session(scheduled_at=start)

    def save_session(self, session: Session) -> Session:
        return self._repo.save_session(session)

    def mark_done(self, session: Session) -> Session:
        session.status = SessionStatus.DONE
        return self._repo.save_session(session)

    def delete_session(self, uid: str) -> None:
        """Remove a session from the course; entries written for it stay in the journal."""
        self._repo.delete_session(uid)
