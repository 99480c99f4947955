"""The journal's use cases: entries and search here; the schedule, sessions, check-ins,
questionnaires and safety in sections it composes (journal.schedule, journal.course, ...).

The app and the command line call these methods; neither sees SQL, the catalog's internals or
the clock. Safety flags are decided here, by the scoring rules, never in a widget.
"""

from __future__ import annotations

from kapjournal.domain import (
    Entry,
    EntryFilter,
    EntryRow,
    Phase,
    SearchHit,
)
from kapjournal.i18n import tr
from kapjournal.prompts.answers import new_entry
from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.model import Template
from kapjournal.services.check_ins import CheckInService
from kapjournal.services.clock import Clock, local_now
from kapjournal.services.course import CourseService
from kapjournal.services.flags import SafetyService
from kapjournal.services.questionnaires import QuestionnaireService
from kapjournal.services.schedule import ScheduleService
from kapjournal.services.section import SAFETY_PLAN_KEY
from kapjournal.storage.repository import Repository


class JournalService:
    def __init__(self, repo: Repository, catalog: Catalog | None = None, clock: Clock = local_now):
        self._repo = repo
        self.clock = clock
        self.catalog = catalog or self._load_catalog()
        # The sections, each over the same repository, catalog and clock.
        self.schedule = ScheduleService(repo, self)
        self.course = CourseService(repo, self)
        self.check_ins = CheckInService(repo, self)
        self.questionnaires = QuestionnaireService(repo, self)
        self.safety = SafetyService(repo, self)

    def _load_catalog(self) -> Catalog:
        return Catalog.load(
            (tr("{id} (in the journal)").format(id=p.id), p.toml) for p in self._repo.packs()
        )

    def reload_catalog(self) -> None:
        self.catalog = self._load_catalog()

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
