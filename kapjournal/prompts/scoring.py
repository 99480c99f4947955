"""Questionnaire scoring: totals, bands, sub-scores and safety flags, as pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kapjournal.domain import MeasureResult
from kapjournal.i18n import tr, trn
from kapjournal.prompts.model import Band, Instrument, SafetyRule


@dataclass(frozen=True)
class Score:
    """The outcome of one questionnaire. `total` is None when it is incomplete."""

    instrument: str
    total: int | None
    band: Band | None
    subscores: dict[str, int] = field(default_factory=dict)
    flags: tuple[SafetyRule, ...] = ()
    missing: tuple[str, ...] = ()
    prorated: bool = False

    @property
    def complete(self) -> bool:
        return self.total is not None

    def summary(self, instrument: Instrument) -> str:
        """One plain sentence for the patient and the report."""
        if self.total is None:
            return trn(
                "{name} is incomplete ({n} unanswered), so no total is given.",
                "{name} is incomplete ({n} unanswered), so no total is given.",
                len(self.missing),
            ).format(name=instrument.short_name, n=len(self.missing))
        values = {
            "name": instrument.short_name,
            "total": self.total,
            "max": instrument.max_total,
            "band": self.band.label if self.band else "",
        }
        if self.flags:
            # The rule leads, and the band is only where the total falls: "Minimal" beside a
            # positive item 9 would be a mixed message.
            lead = tr("A safety question was answered; that matters more than any total.")
            if self.band:
                rest = tr("{name}: {total} of {max}, a total in the {band} range.")
            else:
                rest = tr("{name}: {total} of {max}.")
            return lead + " " + rest.format(**values)
        if self.band and self.prorated:
            text = tr("{name}: {total} of {max} ({band}), estimated from the answered items.")
        elif self.band:
            text = tr("{name}: {total} of {max} ({band}).")
        elif self.prorated:
            text = tr("{name}: {total} of {max}, estimated from the answered items.")
        else:
            text = tr("{name}: {total} of {max}.")
        return text.format(**values)


def validate_answers(instrument: Instrument, answers: dict[str, int]) -> None:
    """Refuse answers that the instrument cannot have; a wrong total is worse than none."""
    known = {i.id: i for i in instrument.items}
    scored_values = {o.value for o in instrument.options}
    for item_id, value in answers.items():
        item = known.get(item_id)
        if item is None:
            raise ValueError(f"{instrument.short_name} has no item '{item_id}'")
        allowed = (
            scored_values if item.scored or not item.options else {o.value for o in item.options}
        )
        if isinstance(value, bool) or value not in allowed:
            raise ValueError(f"{instrument.short_name} item '{item_id}' cannot be {value!r}")


def band_for(instrument: Instrument, total: int) -> Band | None:
    return next((b for b in instrument.bands if b.min <= total <= b.max), None)


def score(instrument: Instrument, answers: dict[str, int]) -> Score:
    """Sum the scored items. Missing answers make it incomplete, unless the instrument's own
    published guidance allows prorating (`prorate_max_missing`)."""
    validate_answers(instrument, answers)
    scored = instrument.scored_items
    missing = tuple(i.id for i in scored if i.id not in answers)
    # Safety rules fire on what was answered, complete or not: a flag must never wait.
    flags = tuple(r for r in instrument.safety if answers.get(r.item, -1) >= r.min_value)
    subscores = {
        s.id: sum(answers[i] for i in s.items)
        for s in instrument.subscales
        if all(i in answers for i in s.items)
    }
    if not missing:
        total = sum(answers[i.id] for i in scored)
        return Score(instrument.id, total, band_for(instrument, total), subscores, flags)
    if 0 < len(missing) <= instrument.prorate_max_missing:
        answered = [answers[i.id] for i in scored if i.id in answers]
        total = round(sum(answered) * len(scored) / len(answered))
        return Score(
            instrument.id,
            total,
            band_for(instrument, total),
            subscores,
            flags,
            missing,
            prorated=True,
        )
    return Score(instrument.id, None, None, subscores, flags, missing)


def to_result(
    instrument: Instrument,
    answers: dict[str, int],
    *,
    completed_at: datetime,
    session_uid: str | None = None,
    entry_uid: str | None = None,
    uid: str | None = None,
) -> MeasureResult:
    """A storable result with the score, band and flags kept beside the answers."""
    return result_of(
        score(instrument, answers),
        answers,
        completed_at=completed_at,
        session_uid=session_uid,
        entry_uid=entry_uid,
        uid=uid,
    )


def result_of(
    s: Score,
    answers: dict[str, int],
    *,
    completed_at: datetime,
    session_uid: str | None = None,
    entry_uid: str | None = None,
    uid: str | None = None,
) -> MeasureResult:
    """The storable form of a score already computed for these answers."""
    result = MeasureResult(
        instrument=s.instrument,
        answers=dict(answers),
        total=s.total,
        band=s.band.id if s.band else "",
        flags=[f.id for f in s.flags],
        subscores=s.subscores,
        session_uid=session_uid,
        entry_uid=entry_uid,
        completed_at=completed_at,
    )
    if uid:
        result.uid = uid
    return result


def change_is_meaningful(instrument: Instrument, before: int, after: int) -> bool | None:
    """None when the instrument publishes no threshold for a meaningful change."""
    if instrument.meaningful_change is None:
        return None
    return abs(after - before) >= instrument.meaningful_change
