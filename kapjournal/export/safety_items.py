"""What each questionnaire's safety question showed, result by result: the first thing a
therapist looks for, said whether or not it ever raised a flag ("PHQ-9 item 9: 0 on all 8
results"). Only results the patient shared count; private ones are counted at the top of the
report and reach it as flags without details."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kapjournal.domain import MeasureResult
from kapjournal.i18n import format_skeleton, tr, trn
from kapjournal.prompts.model import Instrument


def safety_items(
    results: Iterable[MeasureResult], instruments: Mapping[str, Instrument]
) -> list[str]:
    """One sentence per safety question of each questionnaire the patient answered."""
    done = sorted(results, key=lambda m: m.completed_at)
    out = []
    for instrument in instruments.values():
        mine = [m for m in done if m.instrument == instrument.id]
        for item in dict.fromkeys(rule.item for rule in instrument.safety):
            answered = [(m, m.answers[item]) for m in mine if item in m.answers]
            if not answered:
                continue
            number = next(
                (n for n, i in enumerate(instrument.scored_items, 1) if i.id == item), item
            )
            name = tr("{name} item {n}").format(name=instrument.short_name, n=number)
            above = [(m, v) for m, v in answered if v > 0]
            if not above:
                out.append(
                    trn(
                        "{name}: 0 on the {n} result shared.",
                        "{name}: 0 on all {n} results shared.",
                        len(answered),
                    ).format(name=name, n=len(answered))
                )
                continue
            days = ", ".join(
                tr("{date} ({value})").format(
                    date=format_skeleton(m.completed_at, "yMMMd"), value=v
                )
                for m, v in above
            )
            out.append(
                trn(
                    "{name}: above 0 on {days}; 0 on the other {n} result shared.",
                    "{name}: above 0 on {days}; 0 on the other {n} results shared.",
                    len(answered) - len(above),
                ).format(name=name, days=days, n=len(answered) - len(above))
                if len(above) < len(answered)
                else tr("{name}: above 0 on every result shared: {days}.").format(
                    name=name, days=days
                )
            )
    return out
