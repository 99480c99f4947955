"""The journal's use cases: entries, sessions, the schedule, check-ins, questionnaires, safety.

The app and the command line call these methods; neither sees SQL, the catalog's internals or
the clock. Safety flags are decided here, by the scoring rules, never in a widget.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, time, timedelta
from enum import StrEnum

from kapjournal.domain import (
    Acknowledged,
    Entry,
    EntryFilter,
    EntryRow,
    FlagAcknowledgement,
    FlagRecord,
    MeasureResult,
    Phase,
    SearchHit,
    Session,
    SessionStatus,
)
from kapjournal.i18n import N_, format_list, format_skeleton, tr
from kapjournal.prompts.agenda import Agenda
from kapjournal.prompts.agenda import build as build_agenda
from kapjournal.prompts.answers import is_blank, new_entry
from kapjournal.prompts.catalog import SESSION_PHASES, Catalog
from kapjournal.prompts.item_rules import entry_fired
from kapjournal.prompts.model import Instrument, ItemRule, ItemType, Template
from kapjournal.prompts.reminders import reminder_times
from kapjournal.prompts.schedule import Due, DueKind, Written, compute
from kapjournal.prompts.scoring import counted
from kapjournal.prompts.support import WITHIN_DAYS, support_sentence
from kapjournal.services import safety
from kapjournal.services.clock import Clock, local_now
from kapjournal.services.safety import (
    RECENT_FLAG_DAYS,
    EntryOutcome,
    QuestionnaireOutcome,
    SafetyNotice,
)
from kapjournal.storage.repository import Repository

SAFETY_PLAN_KEY = "kapjournal.core/safety-plan"
CHECK_IN_KEY = "kapjournal.core/check-in"
MOOD = "mood"  # the check-in's mood scale: the calendar, the lifts and the support note read it


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


class JournalService:
    def __init__(self, repo: Repository, catalog: Catalog | None = None, clock: Clock = local_now):
        self._repo = repo
        self.clock = clock
        self.catalog = catalog or self._load_catalog()

    def _load_catalog(self) -> Catalog:
        return Catalog.load(
            (tr("{id} (in the journal)").format(id=p.id), p.toml) for p in self._repo.packs()
        )

    def reload_catalog(self) -> None:
        self.catalog = self._load_catalog()

    # -- schedule --------------------------------------------------------------------------
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
            inst = self.instrument(due.key)
            return inst.short_name if inst else due.key
        if due.kind is DueKind.CONFIRM_SESSION:
            return tr("Did this session happen?")
        return due.title

    # -- starting and continuing entries ---------------------------------------------------
    def template(self, key: str) -> Template | None:
        return self.catalog.template(key)

    def start_entry(self, key: str, session_uid: str | None = None) -> Entry:
        """A new, unsaved entry from a template; LookupError names an unknown template."""
        template = self.catalog.template(key)
        if template is None:
            raise LookupError(tr("No prompt pack in use has the page {key}.").format(key=key))
        entry = new_entry(template, session_uid)
        entry.created_at = entry.updated_at = self.clock()
        return entry

    def free_entry(self) -> Entry:
        now = self.clock()
        return Entry(created_at=now, updated_at=now)

    def open_phase(self, session_uid: str, phase: Phase) -> Entry:
        """Continue this session's newest entry of a phase, or start one. Integration is
        written several times (+1, +3, +7 days), so it always starts a new one."""
        template = self.catalog.template_for_phase(phase)
        if template is None:
            raise LookupError(tr("No prompt pack in use has a page for this phase."))
        if phase is not Phase.INTEGRATION:
            mine = self._repo.entries(
                EntryFilter(session_uid=session_uid, template_id=template.key), limit=1
            )
            if mine:
                return mine[0]
        return self.start_entry(template.key, session_uid)

    def start_due(self, due: Due) -> Entry | None:
        """What choosing a due item does: an entry to write, or None when it was a session
        to confirm (then it is marked done and the recall becomes due)."""
        if due.kind is DueKind.CONFIRM_SESSION:
            session = self._repo.session(due.session_uid or due.key)
            if session is not None:
                self.mark_done(session)
            return None
        if due.kind is DueKind.QUESTIONNAIRE:
            template = self.catalog.template_for_instrument(due.key)
            if template is None:
                raise LookupError(
                    tr("No prompt pack in use holds the questionnaire {id}.").format(id=due.key)
                )
            return self.start_entry(template.key, due.session_uid)
        entry = self.start_entry(due.key, due.session_uid)
        if due.merged:  # one page for the windows of several sessions: its title names them
            entry.title = tr("{title}: sessions of {dates}").format(
                title=entry.title, dates=self.session_dates(due)
            )
        return entry

    def session_dates(self, due: Due) -> str:
        """ "Nov 2 and Nov 4": the sessions an item (and those merged into it) belongs to."""
        found = [s for d in due.parts if d.session_uid and (s := self.session(d.session_uid))]
        days = sorted(s.scheduled_at for s in found)
        return format_list([format_skeleton(d, "MMMd") for d in days])

    def safety_plan(self) -> Entry | None:
        found = self._repo.entries(EntryFilter(template_id=SAFETY_PLAN_KEY), limit=1)
        return found[0] if found else None

    def open_safety_plan(self) -> Entry:
        return self.safety_plan() or self.start_entry(SAFETY_PLAN_KEY)

    # -- reading and writing entries -------------------------------------------------------
    def entry(self, uid: str) -> Entry | None:
        return self._repo.entry(uid)

    def save_entry(self, entry: Entry) -> Entry:
        return self._repo.save_entry(entry)

    def delete_entry(self, uid: str) -> None:
        self._repo.delete_entry(uid)

    def entries(self, flt: EntryFilter | None = None, limit: int = 200) -> list[Entry]:
        return self._repo.entries(flt, limit=limit)

    def count_entries(self, flt: EntryFilter | None = None) -> int:
        return self._repo.count_entries(flt)

    def rows(self, flt: EntryFilter, *, limit: int, offset: int = 0) -> list[EntryRow]:
        return self._repo.rows(flt, limit=limit, offset=offset)

    def search(
        self, text: str, *, limit: int = 50, offset: int = 0, ranked: bool = True
    ) -> list[SearchHit]:
        """Best matches first (or, not `ranked`, the latest added first), a page at a time."""
        return self._repo.search(text, limit=limit, offset=offset, ranked=ranked)

    def count_matches(self, text: str) -> int:
        return self._repo.count_matches(text)

    def all_tags(self) -> list[str]:
        return self._repo.all_tags()

    def check_in_numbers(self, since: datetime | None = None) -> list[tuple[datetime, str, float]]:
        """Every check-in scale answer (written at, item, value), oldest first."""
        return self._repo.numbers(CHECK_IN_KEY, since)

    def check_in_template(self) -> Template | None:
        return self.catalog.template(CHECK_IN_KEY)

    def save_check_in(self, numbers: dict[str, float | None], text: str = "") -> Entry | None:
        """Save a quick check-in; None (and nothing saved) when every answer is blank.

        `numbers` maps scale items to their value (0 is an answer; None is not); `text` goes to
        the check-in's text item, if it has one.
        """
        entry = self.start_entry(CHECK_IN_KEY)
        for a in entry.answers:
            if a.item_id in numbers:
                a.number = numbers[a.item_id]
            elif a.kind == ItemType.TEXT.value:
                a.text = text.strip()
        if all(is_blank(a) for a in entry.answers):
            return None
        return self._repo.save_entry(entry)

    # -- sessions --------------------------------------------------------------------------
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

    # -- questionnaires --------------------------------------------------------------------
    def instrument(self, instrument_id: str) -> Instrument | None:
        return self.catalog.instruments.get(instrument_id)

    def record_questionnaire(
        self,
        instrument_id: str,
        answers: dict[str, int],
        session_uid: str | None = None,
        entry_uid: str | None = None,
        uid: str | None = None,
    ) -> QuestionnaireOutcome:
        """Score and keep the result with its flags; the caller shows crisis help for
        `new_flags` at once. Called again with the same `uid` as answers change, it updates
        that result (a flag is kept even when the questionnaire is never finished); a result
        finished in an earlier sitting is amended instead (kapjournal/services/safety.py)."""
        return safety.record(
            self._repo,
            self.catalog.instruments[instrument_id],
            answers,
            self.clock(),
            session_uid=session_uid,
            entry_uid=entry_uid,
            uid=uid,
            repeat_within=safety.repeat_days(
                next((q for q in self.catalog.questionnaires if q.instrument == instrument_id),
                     None)
            ),
        )  # fmt: skip

    def measures(self, instrument: str | None = None) -> list[MeasureResult]:
        """Questionnaire results that count (an amended one gives way to its amendment),
        oldest first; of one instrument when it is named."""
        return counted(self._repo.measures(instrument))

    def measure(self, uid: str) -> MeasureResult | None:
        found = self._repo.measures(uid=uid)
        return found[0] if found else None

    def measure_answers(self, uid: str) -> dict[str, int]:
        m = self.measure(uid)
        return dict(m.answers) if m is not None else {}

    def flag_history(self) -> list[FlagRecord]:
        return self._repo.flag_history()

    def acknowledge_flags(self, reason: Acknowledged) -> None:
        """The flags so far are being taken care of: Today's banner ends, and the next flag
        is not a repeat."""
        safety.acknowledge(self._repo, reason, self.clock())

    def acknowledgements(self) -> list[FlagAcknowledgement]:
        return self._repo.acknowledgements()

    def safety_notice(self, days: int = RECENT_FLAG_DAYS) -> SafetyNotice | None:
        """The newest flag of the last `days`, in the words of the rules that fired."""
        catalog = self.catalog
        return safety.notice(self._repo, catalog.instruments, catalog.templates, self.clock(), days)

    def support_sentence(self) -> str | None:
        """A gentle suggestion to reach out after several days of very low mood."""
        now = self.clock()
        since = now - timedelta(days=WITHIN_DAYS)
        mood = [(w, v) for w, item, v in self.check_in_numbers(since) if item == MOOD]
        return support_sentence(mood, now)

    def entry_rules(self, entry: Entry) -> list[ItemRule]:
        """The safety rules of a page's items that its answers meet now."""
        template = self.template(entry.template_id) if entry.template_id else None
        return entry_fired(template, entry)

    def check_entry(self, entry: Entry, before: Collection[str] = ()) -> EntryOutcome:
        """After a save: the page's rules its answers meet that were not met `before`,
        sorted by what they ask of the app; crisis rules go into the flag history here."""
        template = self.template(entry.template_id) if entry.template_id else None
        return safety.check_entry(self._repo, template, entry, before, self.clock())

    def record_entry_rules(self, entry: Entry, rules: list[ItemRule]) -> frozenset[str]:
        """Crisis rules into the flag history; the ids that are a repeat within a week."""
        return safety.record_entry_rules(self._repo, entry, rules, self.clock())
