"""Questionnaires: recording one (scored, flags kept; kapjournal/services/safety.py) and
reading results. A section of the journal's use cases."""

from __future__ import annotations

from kapjournal.domain import (
    MeasureResult,
)
from kapjournal.prompts.model import Instrument
from kapjournal.prompts.scoring import counted
from kapjournal.services import safety
from kapjournal.services.safety import (
    QuestionnaireOutcome,
)
from kapjournal.services.section import JournalSection


class QuestionnaireService(JournalSection):
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
