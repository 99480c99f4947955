"""The journal's use cases: entries and search here; the schedule, sessions, check-ins,
questionnaires and safety in sections it composes (journal.schedule, journal.course, ...).

The app and the command line call these methods; neither sees SQL, the catalog's internals or
the clock. Safety flags are decided here, by the scoring rules, never in a widget.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from kapjournal.domain import (
    Entry,
    EntryFilter,
    EntryRow,
    Phase,
    SearchHit,
)
from kapjournal.i18n import tr
from kapjournal.services.clock import Clock, local_now
from kapjournal.services.section import SAFETY_PLAN_KEY

if TYPE_CHECKING:
    from kapjournal.prompts.catalog import Catalog
    from kapjournal.prompts.model import Template
    from kapjournal.services.check_ins import CheckInService
    from kapjournal.services.course import CourseService
    from kapjournal.services.flags import SafetyService
    from kapjournal.services.goals import GoalService
    from kapjournal.services.questionnaires import QuestionnaireService
    from kapjournal.services.schedule import ScheduleService
    from kapjournal.storage.repository import Repository


class JournalService:
    """Entries and search, and the sections of the journal's use cases, each over the same
    repository, catalog and clock. The catalog (every prompt pack's TOML) and the sections are
    built on first use: a command-line search needs neither (benchmarks/bench_cli.py)."""

    def __init__(self, repo: Repository, catalog: Catalog | None = None, clock: Clock = local_now):
        self._repo = repo
        self.clock = clock
        self._catalog = catalog

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = self._load_catalog()
        return self._catalog

    def _load_catalog(self) -> Catalog:
        from kapjournal.prompts.catalog import Catalog

        return Catalog.load(
            (tr("{id} (in the journal)").format(id=p.id), p.toml) for p in self._repo.packs()
        )

    def reload_catalog(self) -> None:
        self._catalog = self._load_catalog()

    @cached_property
    def schedule(self) -> ScheduleService:
        from kapjournal.services.schedule import ScheduleService

        return ScheduleService(self._repo, self)

    @cached_property
    def course(self) -> CourseService:
        from kapjournal.services.course import CourseService

        return CourseService(self._repo, self)

    @cached_property
    def check_ins(self) -> CheckInService:
        from kapjournal.services.check_ins import CheckInService

        return CheckInService(self._repo, self)

    @cached_property
    def questionnaires(self) -> QuestionnaireService:
        from kapjournal.services.questionnaires import QuestionnaireService

        return QuestionnaireService(self._repo, self)

    @cached_property
    def goals(self) -> GoalService:
        from kapjournal.services.goals import GoalService

        return GoalService(self._repo, self)

    @cached_property
    def safety(self) -> SafetyService:
        from kapjournal.services.flags import SafetyService

        return SafetyService(self._repo, self)

    # -- starting and continuing entries ---------------------------------------------------
    def template(self, key: str) -> Template | None:
        return self.catalog.template(key)

    def start_entry(self, key: str, session_uid: str | None = None) -> Entry:
        """A new, unsaved entry from a template; LookupError names an unknown template."""
        template = self.catalog.template(key)
        if template is None:
            raise LookupError(tr("No prompt pack in use has the page {key}.").format(key=key))
        from kapjournal.prompts.answers import new_entry

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
