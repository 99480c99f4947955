"""How the report puts answers and questionnaire results into words."""

from __future__ import annotations

from collections.abc import Iterable

from kapjournal.domain import Answer, MeasureResult
from kapjournal.i18n import format_number, tr
from kapjournal.prompts.answers import SEVERITY_LABELS
from kapjournal.prompts.model import Instrument, InstrumentItem, Item, ItemType
from kapjournal.prompts.scoring import provisional_met


def answer_text(
    answer: Answer,
    measures: dict[str, MeasureResult],
    instruments: dict[str, Instrument],
    item: Item | None = None,
) -> str:
    """An answer put into words; "" when it was left blank. With the page's `item`, a scale's
    number comes with its range and the words at its ends."""
    if answer.kind == "questionnaire":
        result = measures.get(answer.choices[0]) if answer.choices else None
        if result is None or result.instrument not in instruments:
            return ""
        return summary_of(result, instruments[result.instrument])
    if answer.number is not None:
        if item is not None and item.type is ItemType.SCALE:
            return scale_text(answer.number, item)
        return format_number(answer.number)
    if answer.severities:
        return "; ".join(
            tr("{line}: {level} of 3 ({label})").format(
                line=tr(c),
                level=answer.severities.get(c, 0),
                label=tr(SEVERITY_LABELS[answer.severities.get(c, 0)]),
            )
            for c in answer.choices
        )
    if answer.choices:
        return ", ".join(tr(c) for c in answer.choices)
    return answer.text.strip()


def scale_text(value: float, item: Item) -> str:
    """ "7 of 10 (0 = very low, 10 = very good)": a reader never has to guess the scale or
    which end is which."""
    words = {"value": format_number(value), "min": format_number(item.min),
             "max": format_number(item.max)}  # fmt: skip
    said = (
        tr("{value} of {max}").format(**words)
        if item.min == 0
        else tr("{value} on a scale of {min} to {max}").format(**words)
    )
    ends = scale_ends(item)
    return tr("{said} ({ends})").format(said=said, ends=ends) if ends else said


def scale_ends(item: Item) -> str:
    """ "0 = Very low, 10 = Very good": the words at a scale's ends, those it has."""
    return ", ".join(
        tr("{end} = {label}").format(end=format_number(end), label=label)
        for end, label in ((item.min, item.min_label), (item.max, item.max_label))
        if label
    )


def summary_of(result: MeasureResult, instrument: Instrument) -> str:
    """The result in one or two sentences. When a safety question was answered above 0 the
    band's name is never said on its own ("Minimal" beside a positive item 9 would reassure
    wrongly); an incomplete form says what its safety questions were answered."""
    band = next((b.label for b in instrument.bands if b.id == result.band), "")
    if result.total is None:
        text = tr("{name}: incomplete, no total.").format(name=instrument.short_name)
        for n, item, value in safety_answers(result, instrument):
            labels = {o.value: o.label for o in instrument.options_of(item)}
            text += " " + tr(
                "Item {n}, a safety question, was answered “{answer}” ({value})."
            ).format(n=n, answer=labels.get(value, value), value=value)
        return text
    words = {"name": instrument.short_name, "total": result.total, "max": instrument.max_total}
    if result.flags:
        text = (
            tr("{name}: {total} of {max}, a total in the {band} range.")
            if band
            else tr("{name}: {total} of {max}.")
        ).format(band=band, **words)
        text += " " + tr("A safety question was answered above 0: see the safety flags.")
    elif band:
        text = tr("{name}: {total} of {max} ({band}).").format(band=band, **words)
    else:
        text = tr("{name}: {total} of {max}.").format(**words)
    for pattern in provisional_met(instrument, result.answers):
        text += " " + tr(
            "The answers match {pattern}; that is not a diagnosis, which only a clinician can make."
        ).format(pattern=pattern.label)
    return text


def safety_answers(
    result: MeasureResult, instrument: Instrument
) -> Iterable[tuple[int, InstrumentItem, int]]:
    """(number, item, value) of each answered item a safety rule watches."""
    watched = {r.item for r in instrument.safety}
    for n, item in enumerate(instrument.items, start=1):
        if item.id in watched and item.id in result.answers:
            yield n, item, result.answers[item.id]
