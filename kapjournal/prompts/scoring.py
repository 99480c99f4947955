"""Questionnaire scoring: totals, bands, sub-scores and safety flags, as pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kapjournal.domain import MeasureResult
from kapjournal.i18n import tr, trn
from kapjournal.prompts.model import Band, Instrument, Provisional, SafetyRule


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
    provisional: tuple[Provisional, ...] = ()  # published symptom patterns the answers meet

    @property
    def complete(self) -> bool:
        return self.total is not None

    def summary(self, instrument: Instrument) -> str:
        """One plain sentence for the patient and the report."""
        lead = tr("A safety question was answered; that matters more than any total.")
        if self.total is None:
            text = trn(
                "{name} is incomplete ({n} unanswered), so no total is given.",
                "{name} is incomplete ({n} unanswered), so no total is given.",
                len(self.missing),
            ).format(name=instrument.short_name, n=len(self.missing))
            return lead + " " + text if self.flags else text
        values = {
            "name": instrument.short_name,
            "total": self.total,
            "max": instrument.max_total,
            "band": self.band.label if self.band else "",
        }
        if self.flags:
            # The rule leads, and the band is only where the total falls: "Minimal" beside a
            # positive item 9 would be a mixed message.
            if self.band:
                rest = tr("{name}: {total} of {max}, a total in the {band} range.")
            else:
                rest = tr("{name}: {total} of {max}.")
            return lead + " " + rest.format(**values) + self._patterns()
        if self.band and self.prorated:
            text = tr("{name}: {total} of {max} ({band}), estimated from the answered items.")
        elif self.band:
            text = tr("{name}: {total} of {max} ({band}).")
        elif self.prorated:
            text = tr("{name}: {total} of {max}, estimated from the answered items.")
        else:
            text = tr("{name}: {total} of {max}.")
        return text.format(**values) + self._patterns()

    def _patterns(self) -> str:
        return "".join(
            " "
            + tr(
                "The answers match {pattern}; that is not a diagnosis, which only a clinician "
                "can make."
            ).format(pattern=p.label)
            for p in self.provisional
        )


def validate_answers(instrument: Instrument, answers: dict[str, int]) -> None:
    """Refuse answers that the instrument cannot have; a wrong total is worse than none."""
    known = {i.id: i for i in instrument.items}
    for item_id, value in answers.items():
        item = known.get(item_id)
        if item is None:
            raise ValueError(f"{instrument.short_name} has no item '{item_id}'")
        allowed = {o.value for o in instrument.options_of(item)}
        if isinstance(value, bool) or value not in allowed:
            raise ValueError(f"{instrument.short_name} item '{item_id}' cannot be {value!r}")


def band_for(instrument: Instrument, total: int) -> Band | None:
    return next((b for b in instrument.bands if b.min <= total <= b.max), None)


def item_values(instrument: Instrument, answers: dict[str, int]) -> dict[str, int]:
    """Each answered scored item's value, reverse-scored items turned round."""
    out = {}
    for item in instrument.scored_items:
        if item.id in answers:
            values = [o.value for o in instrument.options_of(item)]
            raw = answers[item.id]
            out[item.id] = min(values) + max(values) - raw if item.reverse else raw
    return out


def provisional_met(instrument: Instrument, answers: dict[str, int]) -> tuple[Provisional, ...]:
    """The published symptom patterns these answers meet (all items answered)."""
    values = item_values(instrument, answers)
    subscales = {s.id: s.items for s in instrument.subscales}
    met = []
    for rule in instrument.provisional:
        if all(
            sum(1 for i in subscales.get(sub, ()) if values.get(i, -1) >= rule.item_min) >= need
            for sub, need in rule.require
        ):
            met.append(rule)
    return tuple(met)


def score(instrument: Instrument, answers: dict[str, int]) -> Score:
    """Combine the scored units (items, or groups counted by their highest item) by sum or
    mean, times the instrument's multiplier. Missing answers make it incomplete, unless the
    instrument's own published guidance allows prorating (`prorate_max_missing`)."""
    validate_answers(instrument, answers)
    values = item_values(instrument, answers)
    units = instrument.units
    unit_values = {
        uid: max(values[m] for m in members if m in values)
        for uid, members in units
        if any(m in values for m in members)
    }
    missing = tuple(uid for uid, _members in units if uid not in unit_values)
    # Safety rules fire on what was answered, complete or not: a flag must never wait.
    flags = tuple(r for r in instrument.safety if answers.get(r.item, -1) >= r.min_value)
    subscores = {
        s.id: sum(values[i] for i in s.items)
        for s in instrument.subscales
        if all(i in values for i in s.items)
    }
    if missing and not 0 < len(missing) <= instrument.prorate_max_missing:
        return Score(instrument.id, None, None, subscores, flags, missing)
    answered = list(unit_values.values())
    raw = sum(answered) / len(answered) if instrument.method == "mean" else sum(answered)
    if missing:  # prorated: as if the missing units had the answered ones' mean
        raw = raw * len(units) / len(answered) if instrument.method != "mean" else raw
    total = round(raw * instrument.multiply)
    met = provisional_met(instrument, answers) if not missing else ()
    return Score(
        instrument.id,
        total,
        band_for(instrument, total),
        subscores,
        flags,
        missing,
        prorated=bool(missing),
        provisional=met,
    )


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


def counted(measures: list[MeasureResult]) -> list[MeasureResult]:
    """The results that count: one amended later is replaced by its amendment."""
    replaced = {m.amends for m in measures if m.amends}
    return [m for m in measures if m.uid not in replaced]


def change_is_meaningful(instrument: Instrument, before: int, after: int) -> bool | None:
    """None when the instrument publishes no threshold for a meaningful change."""
    if instrument.meaningful_change is None:
        return None
    return abs(after - before) >= instrument.meaningful_change
