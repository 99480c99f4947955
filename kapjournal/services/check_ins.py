"""The daily check-in: saving one, its numbers, and the gentle note after several low days.
A section of the journal's use cases."""

from __future__ import annotations

from datetime import datetime, timedelta

from kapjournal.domain import (
    Entry,
)
from kapjournal.prompts.answers import is_blank
from kapjournal.prompts.model import ItemType, Template
from kapjournal.prompts.support import WITHIN_DAYS, support_sentence
from kapjournal.services.section import CHECK_IN_KEY, MOOD, JournalSection


class CheckInService(JournalSection):
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
        entry = self._journal.start_entry(CHECK_IN_KEY)
        for a in entry.answers:
            if a.item_id in numbers:
                a.number = numbers[a.item_id]
            elif a.kind == ItemType.TEXT.value:
                a.text = text.strip()
        if all(is_blank(a) for a in entry.answers):
            return None
        return self._repo.save_entry(entry)

    def support_sentence(self) -> str | None:
        """A gentle suggestion to reach out after several days of very low mood."""
        now = self.clock()
        since = now - timedelta(days=WITHIN_DAYS)
        mood = [(w, v) for w, item, v in self.check_in_numbers(since) if item == MOOD]
        return support_sentence(mood, now)
