"""What each questionnaire's safety question showed, result by result: the first thing a
therapist looks for, said whether or not it ever raised a flag ("PHQ-9 item 9: 0 on all 8
results"). Only results the patient shared count; private ones are counted at the top of the
report and reach it as flags without details."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kapjournal.domain import MeasureResult
from kapjournal.export.words import safety_answers
from kapjournal.i18n import format_skeleton, tr, trn
from kapjournal.prompts.model import Instrument


def safety_items(
    results: Iterable[MeasureResult], instruments: Mapping[str, Instrument]
) -> list[str]:
    """One sentence per safety question of each questionnaire the patient answered."""
    done = sorted(results, key=lambda m: m.completed_at)
    out = []
    for instrument in instruments.values():
        # item id -> (its number, [(result, value)...]), numbered as the report's summaries are
        found: dict[str, tuple[int, list[tuple[MeasureResult, int]]]] = {}
        for m in done:
            if m.instrument == instrument.id:
                for n, item, value in safety_answers(m, instrument):
                    found.setdefault(item.id, (n, []))[1].append((m, value))
        for number, answered in found.values():
            out.append(_sentence(tr("{name} item {n}").format(
                name=instrument.short_name, n=number), answered))  # fmt: skip
    return out


def _sentence(name: str, answered: list[tuple[MeasureResult, int]]) -> str:
    above = [(m, v) for m, v in answered if v > 0]
    if not above:
        return trn(
            "{name}: 0 on the {n} result shared.",
            "{name}: 0 on all {n} results shared.",
            len(answered),
        ).format(name=name, n=len(answered))
    days = ", ".join(
        tr("{date} ({value})").format(date=format_skeleton(m.completed_at, "yMMMd"), value=v)
        for m, v in above
    )
    if len(above) == len(answered):
        return tr("{name}: above 0 on every result shared: {days}.").format(name=name, days=days)
    rest = len(answered) - len(above)
    return trn(
        "{name}: above 0 on {days}; 0 on the other {n} result shared.",
        "{name}: above 0 on {days}; 0 on the other {n} results shared.",
        rest,
    ).format(name=name, days=days, n=rest)
