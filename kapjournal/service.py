"""The journal as the app uses it: one Qt-free service over an unlocked vault and the packs.

Widgets call these methods; they never see SQL, the catalog's internals or the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kapjournal.domain import Entry, MeasureResult, Phase, Session, SessionStatus
from kapjournal.prompts.answers import is_blank, new_entry
from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.model import Instrument, Template
from kapjournal.prompts.schedule import Due, DueKind, Written, compute
from kapjournal.prompts.scoring import Score, score, to_result
from kapjournal.storage.repository import EntryFilter, Repository
from kapjournal.storage.vault import Vault

SAFETY_PLAN_KEY = "kapjournal.core/safety-plan"
RECENT_FLAG_DAYS = 14
Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


class PhaseStatus(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True)
class QuestionnaireOutcome:
    result: MeasureResult
    score: Score
    instrument: Instrument


class JournalService:
    def __init__(
        self, vault: Vault, catalog: Catalog | None = None, clock: Clock = local_now
    ) -> None:
        self.vault = vault
        self.repo = Repository(vault)
        self.clock = clock
        self.catalog = catalog or Catalog.load(
            (f"{p.id} (in the vault)", p.toml) for p in self.repo.packs()
        )

    def reload_catalog(self) -> None:
        self.catalog = Catalog.load((f"{p.id} (in the vault)", p.toml) for p in self.repo.packs())

    # -- schedule --------------------------------------------------------------------------
    def due(self) -> list[Due]:
        now = self.clock()
        sessions = self.repo.sessions()
        since = EntryFilter(since=now - timedelta(days=30))
        written = [
            Written(e.template_id, e.session_uid, e.created_at)
            for e in self.repo.entries(since, limit=5000)
            if e.template_id
        ]
        completed: dict[str, list[datetime]] = {}
        for m in self.repo.measures():
            if m.total is not None:
                completed.setdefault(m.instrument, []).append(m.completed_at)
        return compute(
            now, self.catalog.templates, sessions, written, completed, self.catalog.questionnaires
        )

    def next_session(self) -> Session | None:
        now = self.clock()
        upcoming = [
            s
            for s in self.repo.sessions()
            if s.status is SessionStatus.PLANNED and s.scheduled_at >= now
        ]
        return min(upcoming, key=lambda s: s.scheduled_at, default=None)

    def phase_status(
        self, session: Session, due: list[Due] | None = None
    ) -> dict[Phase, PhaseStatus]:
        """Not started, in progress or done, for each of a session's three phases.

        Pass `due` when asking for many sessions, so the schedule is computed once.
        """
        entries = self.repo.entries(EntryFilter(session_uid=session.uid), limit=500)
        due_keys = {
            (d.key, d.label)
            for d in (self.due() if due is None else due)
            if d.session_uid == session.uid and d.kind is DueKind.TEMPLATE
        }
        out = {}
        for phase in (Phase.PREPARATION, Phase.RECALL, Phase.INTEGRATION):
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

    # -- writing ---------------------------------------------------------------------------
    def template(self, key: str) -> Template | None:
        return self.catalog.template(key)

    def start_entry(self, key: str, session_uid: str | None = None) -> Entry:
        template = self.catalog.template(key)
        if template is None:
            raise KeyError(f"no template {key}")
        entry = new_entry(template, session_uid)
        entry.created_at = entry.updated_at = self.clock()
        return entry

    def save_entry(self, entry: Entry) -> Entry:
        return self.repo.save_entry(entry)

    def save_session(self, session: Session) -> Session:
        return self.repo.save_session(session)

    def mark_done(self, session: Session) -> Session:
        session.status = SessionStatus.DONE
        return self.repo.save_session(session)

    def safety_plan(self) -> Entry | None:
        found = self.repo.entries(EntryFilter(template_id=SAFETY_PLAN_KEY), limit=1)
        return found[0] if found else None

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
        """Score and keep the result with its flags; the caller shows crisis help on a flag.

        Called again with the same `uid` as answers change, it updates that one result, so a
        flag is kept even when the questionnaire is never finished.
        """
        instrument = self.catalog.instruments[instrument_id]
        extra = {"uid": uid} if uid else {}
        result = to_result(
            instrument,
            answers,
            session_uid=session_uid,
            entry_uid=entry_uid,
            completed_at=self.clock(),
            **extra,
        )
        self.repo.save_measure(result)
        return QuestionnaireOutcome(result, score(instrument, answers), instrument)

    def measure(self, uid: str) -> MeasureResult | None:
        found = self.repo.measures(uid=uid)
        return found[0] if found else None

    def recent_flags(self, days: int = RECENT_FLAG_DAYS) -> list[MeasureResult]:
        cutoff = self.clock() - timedelta(days=days)
        return [m for m in self.repo.measures() if m.flags and m.completed_at >= cutoff]

    def template_title(self, due: Due) -> str:
        if due.kind is DueKind.QUESTIONNAIRE:
            inst = self.instrument(due.key)
            return inst.short_name if inst else due.key
        return due.title
