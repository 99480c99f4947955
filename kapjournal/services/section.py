"""A section of the journal's use cases (schedule, sessions, check-ins, questionnaires,
safety): each works over the same repository, catalog and clock as the JournalService that
composes it, and the keys they share are declared here once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kapjournal.prompts.catalog import Catalog
    from kapjournal.services.journal import JournalService
    from kapjournal.storage.repository import Repository

SAFETY_PLAN_KEY = "kapjournal.core/safety-plan"
CHECK_IN_KEY = "kapjournal.core/check-in"
MOOD = "mood"  # the check-in's mood scale: the calendar, the lifts and the support note read it


class JournalSection:
    def __init__(self, repo: Repository, journal: JournalService) -> None:
        self._repo = repo
        self._journal = journal

    def clock(self) -> datetime:
        """The journal's clock, read each time (tests and the app may set it)."""
        return self._journal.clock()

    @property
    def catalog(self) -> Catalog:
        return self._journal.catalog
