"""The journal's schedule: what is due on Today, what to remind of, how far each session's
phases are, and starting what is due. A section of the journal's use cases."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from enum import StrEnum

from kapjournal.domain import (
    Entry,
    EntryFilter,
    Phase,
    Session,
    SessionStatus,
)
from kapjournal.i18n import N_, format_list, format_skeleton, tr
from kapjournal.prompts.agenda import Agenda
from kapjournal.prompts.agenda import build as build_agenda
from kapjournal.prompts.answers import is_blank
from kapjournal.prompts.catalog import SESSION_PHASES
from kapjournal.prompts.reminders import reminder_times
from kapjournal.prompts.schedule import Due, DueKind, Written, compute
from kapjournal.services.section import CHECK_IN_KEY, JournalSection


class PhaseStatus(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return tr(PHASE_STATUS_LABELS[self])


PHASE_STATUS_LABELS = {
    PhaseStatus.NOT_STARTED: N_("not started"),
    PhaseStatus.IN_PROGRESS: N_("in progress"),
    PhaseStatus.DONE: N_("done"),
}


class ScheduleService(JournalSection):
    def due(self) -> list[Due]:
        now = self.clock()
        since = EntryFilter(since=now - timedelta(days=30))
        written = [
            Written(e.template_id, e.session_uid, e.created_at)
            for e in self._repo.entries(since, limit=5000)
            if e.template_id
        ]
        completed: dict[str, list[datetime]] = {}
        for m in self._repo.measures():
            if m.total is not None:
                completed.setdefault(m.instrument, []).append(m.completed_at)
        dismissed = set()
        for ident, kind, key, when in self._repo.dismissals():
            dismissed.add(ident)
            if kind == DueKind.QUESTIONNAIRE:  # skipping a questionnaire skips its round
                completed.setdefault(key, []).append(when)
        return compute(
            now,
            self.catalog.active_templates,
            self._repo.sessions(),
            written,
            completed,
            self.catalog.questionnaires,
            dismissed=dismissed,
        )

    def agenda(self, due: list[Due] | None = None) -> Agenda:
        """Today's cards, most important first; the check-in has its own place on Today."""
        return build_agenda(
            self.due() if due is None else due,
            lambda key: t.phase if (t := self.catalog.template(key)) else None,
            leave_out={CHECK_IN_KEY},
        )

    def dismiss(self, items: Iterable[Due]) -> None:
        """ "Not this time": the items (and the windows merged into them) leave Today."""
        parts = [p for d in items for p in d.parts]
        self._repo.dismiss([(p.ident, p.kind.value, p.key) for p in parts], self.clock())

    def undo_dismiss(self, items: Iterable[Due]) -> None:
        self._repo.undismiss([p.ident for d in items for p in d.parts])

    def reminder_times(
        self, check_in_at: time | None, quiet: tuple[time, time] | None
    ) -> list[datetime]:
        """When to remind in the next two days: times only (see prompts/reminders.py)."""
        return reminder_times(
            self.clock(),
            self.due(),
            check_in_at=check_in_at,
            checked_in_today=self.checked_in_today() is not None,
            quiet=quiet,
        )

    def checked_in_today(self) -> Entry | None:
        """Today's newest check-in, if there is one."""
        now = self.clock()
        last = self._repo.entries(EntryFilter(template_id=CHECK_IN_KEY), limit=1)
        if last and last[0].created_at.astimezone(now.tzinfo).date() == now.date():
            return last[0]
        return None

    def next_session(self) -> Session | None:
        now = self.clock()
        upcoming = [
            s
            for s in self._repo.sessions()
            if s.status is SessionStatus.PLANNED and s.scheduled_at >= now
        ]
        return min(upcoming, key=lambda s: s.scheduled_at, default=None)

    def phase_status(
        self, session: Session, due: list[Due] | None = None
    ) -> dict[Phase, PhaseStatus]:
        """Not started, in progress or done, for each of a session's three phases.

        Pass `due` when asking for many sessions, so the schedule is computed once.
        """
        entries = self._repo.entries(EntryFilter(session_uid=session.uid), limit=500)
        due_keys = {
            (d.key, d.label)
            for item in (self.due() if due is None else due)
            for d in item.parts
            if d.session_uid == session.uid and d.kind is DueKind.TEMPLATE
        }
        out = {}
        for phase in SESSION_PHASES:
            mine = [e for e in entries if e.phase is phase]
            answered = [e for e in mine if any(not is_blank(a) for a in e.answers) or e.body]
            outstanding = [
                k
                for k in due_keys
                if (t := self.catalog.template(k[0])) is not None and t.phase is phase
            ]
            if not mine:
                out[phase] = PhaseStatus.NOT_STARTED
            elif answered and not outstanding:
                out[phase] = PhaseStatus.DONE
            else:
                out[phase] = PhaseStatus.IN_PROGRESS
        return out

    def title_of(self, due: Due) -> str:
        if due.kind is DueKind.QUESTIONNAIRE:
            inst = self._journal.questionnaires.instrument(due.key)
            return inst.short_name if inst else due.key
        if due.kind is DueKind.CONFIRM_SESSION:
            return tr("Did this session happen?")
        return due.title

    def start_due(self, due: Due) -> Entry | None:
        """What choosing a due item does: an entry to write, or None when it was a session
        to confirm (then it is marked done and the recall becomes due)."""
        if due.kind is DueKind.CONFIRM_SESSION:
            session = self._repo.session(due.session_uid or due.key)
            if session is not None:
                self._journal.course.mark_done(session)
            return None
        if due.kind is DueKind.QUESTIONNAIRE:
            template = self.catalog.template_for_instrument(due.key)
            if template is None:
                raise LookupError(
                    tr("No prompt pack in use holds the questionnaire {id}.").format(id=due.key)
                )
            return self._journal.start_entry(template.key, due.session_uid)
        entry = self._journal.start_entry(due.key, due.session_uid)
        if due.merged:  # one page for the windows of several sessions: its title names them
            entry.title = tr("{title}: sessions of {dates}").format(
                title=entry.title, dates=self.session_dates(due)
            )
        return entry

    def session_dates(self, due: Due) -> str:
        """ "Nov 2 and Nov 4": the sessions an item (and those merged into it) belongs to."""
        found = [
            s
            for d in due.parts
            if d.session_uid and (s := self._journal.course.session(d.session_uid))
        ]
        days = sorted(s.scheduled_at for s in found)
        return format_list([format_skeleton(d, "MMMd") for d in days])
