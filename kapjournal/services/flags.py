"""Safety flags: their history, acknowledgements, Today's notice, and a page's own rules,
decided here, never in a widget. A section of the journal's use cases."""

from __future__ import annotations

from collections.abc import Collection

from kapjournal.domain import (
    Acknowledged,
    Entry,
    FlagAcknowledgement,
    FlagRecord,
)
from kapjournal.prompts.item_rules import entry_fired
from kapjournal.prompts.model import ItemRule
from kapjournal.services import safety
from kapjournal.services.safety import (
    RECENT_FLAG_DAYS,
    EntryOutcome,
    SafetyNotice,
)
from kapjournal.services.section import JournalSection


class SafetyService(JournalSection):
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

    def entry_rules(self, entry: Entry) -> list[ItemRule]:
        """The safety rules of a page's items that its answers meet now."""
        template = self._journal.template(entry.template_id) if entry.template_id else None
        return entry_fired(template, entry)

    def check_entry(self, entry: Entry, before: Collection[str] = ()) -> EntryOutcome:
        """After a save: the page's rules its answers meet that were not met `before`,
        sorted by what they ask of the app; crisis rules go into the flag history here."""
        template = self._journal.template(entry.template_id) if entry.template_id else None
        return safety.check_entry(self._repo, template, entry, before, self.clock())

    def record_entry_rules(self, entry: Entry, rules: list[ItemRule]) -> frozenset[str]:
        """Crisis rules into the flag history; the ids that are a repeat within a week."""
        return safety.record_entry_rules(self._repo, entry, rules, self.clock())
