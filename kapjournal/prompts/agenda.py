"""Today's agenda: the due items as a few cards, most important first, so Today stays calm.

A card is one thing to do with one action. The questionnaires of a round share a card; a page
whose windows for several sessions are open at once is one item already (see schedule). Items
whose window has closed collapse behind a count; items not open yet are only "coming up".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from kapjournal.domain import Phase
from kapjournal.prompts.schedule import Due, DueKind, Status

# Most important first: a session to confirm unlocks its recall; recall fades within a day;
# preparation closes when the session starts; integration has days; questionnaires a week.
PHASE_RANK = {Phase.RECALL: 1, Phase.PREPARATION: 2, Phase.INTEGRATION: 3}
QUESTIONNAIRE_RANK = 4
OTHER_RANK = 5


@dataclass(frozen=True)
class Card:
    items: tuple[Due, ...]

    @property
    def due(self) -> Due:
        """The item the card's action starts (the first questionnaire of a round)."""
        return self.items[0]

    @property
    def status(self) -> Status:
        return self.due.status


@dataclass(frozen=True)
class Agenda:
    now: tuple[Card, ...]  # open now, most important first
    older: tuple[Card, ...]  # windows that have closed: behind a count
    coming: tuple[Due, ...]  # opens within the schedule's horizon

    @property
    def open_count(self) -> int:
        return len(self.now) + len(self.older)


def build(
    items: Iterable[Due],
    phase_of: Callable[[str], Phase | None],
    leave_out: Collection[str] = (),
) -> Agenda:
    """Cards from `compute()`'s items. `leave_out` names pages Today offers in its own place
    (the daily check-in has its box), so they are not a card as well."""
    items = [d for d in items if d.key not in leave_out]
    questionnaires = tuple(
        d for d in items if d.kind is DueKind.QUESTIONNAIRE and d.status is not Status.UPCOMING
    )
    cards = [
        Card((d,))
        for d in items
        if d.status is not Status.UPCOMING and d.kind is not DueKind.QUESTIONNAIRE
    ]
    if questionnaires:
        cards.append(Card(questionnaires))

    def rank(card: Card) -> tuple[int, datetime]:
        d = card.due
        if d.kind is DueKind.CONFIRM_SESSION:
            r = 0
        elif d.kind is DueKind.QUESTIONNAIRE:
            r = QUESTIONNAIRE_RANK
        else:
            phase = phase_of(d.key)
            r = PHASE_RANK.get(phase, OTHER_RANK) if phase else OTHER_RANK
        return r, d.closes_at or d.opens_at

    cards.sort(key=rank)
    # A questionnaire long unanswered is still simply due: its round has no window to miss.
    older = [c for c in cards if c.status is Status.OVERDUE and c.items is not questionnaires]
    return Agenda(
        now=tuple(c for c in cards if c not in older),
        older=tuple(older),
        coming=tuple(d for d in items if d.status is Status.UPCOMING),
    )
