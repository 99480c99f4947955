"""The report's safety section: flags (a private one as its date and place alone), concerns
met by shared answers, and side effects rated strong; and which results are private."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from kapjournal.domain import (
    Acknowledged,
    Answer,
    Entry,
    FlagAcknowledgement,
    FlagRecord,
    MeasureResult,
)
from kapjournal.export.words import answer_text
from kapjournal.i18n import tr
from kapjournal.prompts.answers import SEVERITY_LABELS
from kapjournal.prompts.item_rules import Level, fired
from kapjournal.prompts.model import Instrument, Template

SEVERE = len(SEVERITY_LABELS) - 1  # "strong", 3 on the 0-3 scale


@dataclass(frozen=True)
class Notice:
    """A line of the summary. A `private` one (a flag from something the patient kept private)
    is shown with its date alone, never the time of day."""

    when: datetime
    text: str
    private: bool = False


def private_results(entries: Iterable[Entry], measures: Iterable[MeasureResult]) -> set[str]:
    """The uids of questionnaire results the patient marked private: those a private
    questionnaire answer holds, with every result amended by or amending one of them (a
    correction of a private result is as private as the result)."""
    marked = {
        a.choices[0]
        for e in entries
        for a in e.answers
        if a.kind == "questionnaire" and a.private and a.choices
    }
    links = [(m.uid, m.amends) for m in measures if m.amends]
    grew = True
    while grew:  # chains are short: a result amended once or twice
        grew = False
        for new, old in links:
            if (new in marked) != (old in marked):
                marked |= {new, old}
                grew = True
    return marked


def flags(
    history: list[FlagRecord],
    by_uid: dict[str, MeasureResult],
    instruments: dict[str, Instrument],
    private: set[str],
    pages: dict[str, Entry],
    templates: Mapping[str, Template],
) -> Iterable[Notice]:
    """For the therapist: which item, what was answered, in the item's own words; a flag
    whose answer was changed later says so, with the answer as it stands. A flag from a
    private questionnaire or a private answer gives its date and where, nothing more."""
    for record in sorted(history, key=lambda h: h.raised_at):
        if record.instrument in templates:
            notice = _page_flag(record, pages.get(record.result_uid), templates[record.instrument])
            if notice is not None:
                yield notice
            continue
        instrument = instruments.get(record.instrument)
        result = by_uid.get(record.result_uid)
        rule = (
            next((r for r in instrument.safety if r.id == record.rule), None)
            if instrument
            else None
        )
        if instrument is None or result is None or rule is None:
            continue
        if result.uid in private:
            yield Notice(
                record.raised_at,
                tr(
                    "A safety question on the {name} was answered; the details were kept private."
                ).format(name=instrument.short_name),
                private=True,
            )
            continue
        numbers = {item.id: n for n, item in enumerate(instrument.items, start=1)}
        texts = {item.id: item.text for item in instrument.items}
        labels = {o.value: o.label for o in instrument.options}
        value = result.answers.get(rule.item, 0)
        words = {
            "name": instrument.short_name,
            "n": numbers.get(rule.item, "?"),
            "text": texts.get(rule.item, rule.item),
            "answer": labels.get(value, value),
            "value": value,
        }
        if record.rule in result.flags:
            text = tr("{name} item {n} (“{text}”) answered “{answer}” ({value}).")
        else:
            text = tr(
                "{name} item {n} (“{text}”) raised a safety flag; the answer was later changed "
                "to “{answer}” ({value})."
            )
        yield Notice(record.raised_at, text.format(**words))


def _page_flag(record: FlagRecord, entry: Entry | None, template: Template) -> Notice | None:
    """A crisis rule of a page's own (a practice pack's) that the patient's answer met."""
    item = next((i for i in template.items for r in i.safety if r.id == record.rule), None)
    if item is None:
        return None
    answer = next((a for a in entry.answers if a.item_id == item.id), None) if entry else None
    page = template.title
    if answer is not None and answer.private:
        return Notice(
            record.raised_at,
            tr(
                "A safety question on the page “{page}” was answered; the details were kept "
                "private."
            ).format(page=page),
            private=True,
        )
    if answer is None:
        return Notice(
            record.raised_at,
            tr(
                "A safety question on the page “{page}” was answered (“{prompt}”); the entry "
                "was later deleted or changed."
            ).format(page=page, prompt=item.prompt),
        )
    return Notice(
        record.raised_at,
        tr("“{prompt}” on the page “{page}” was answered: {answer}.").format(
            prompt=item.prompt, page=page, answer=_answered(answer)
        ),
    )


def _answered(answer: Answer) -> str:
    return answer_text(answer, {}, {}) or tr("(no answer now)")


def concerns(entries: Iterable[Entry], templates: Mapping[str, Template]) -> Iterable[Notice]:
    """Support-level rules (e.g. "I did not feel safe during the session") that a shared
    answer meets: not a crisis, but a therapist needs them on page one."""
    for entry in sorted(entries, key=lambda e: e.created_at):
        template = templates.get(entry.template_id)
        if template is None:
            continue
        answers = {a.item_id: a for a in entry.answers if not a.private}
        for item in template.items:
            if item.id not in answers:
                continue
            # One line per answer, however many of its support rules fired (a line rated
            # strong meets its own rule and "rated strong").
            if any(rule.level == Level.SUPPORT for rule in fired(item, answers[item.id])):
                yield Notice(
                    entry.created_at,
                    tr("“{prompt}” answered: {answer} ({entry}).").format(
                        prompt=item.prompt,
                        answer=_answered(answers[item.id]),
                        entry=entry.title,
                    ),
                )


def acknowledged(done: Iterable[FlagAcknowledgement]) -> Iterable[Notice]:
    """The patient's word that the flags before it are being taken care of."""
    for a in done:
        try:
            said = Acknowledged(a.reason).label
        except ValueError:
            continue
        yield Notice(a.at, tr("The patient noted: “{said}”.").format(said=said), private=True)


def severe(entries: Iterable[Entry]) -> tuple[list[Notice], bool]:
    """Side effects rated strong in shared answers, and whether a private answer rated one
    strong (then "none rated strong" would not be true)."""
    found, kept_private = [], False
    for entry in sorted(entries, key=lambda e: e.created_at):
        for answer in entry.answers:
            strong = [line for line, level in answer.severities.items() if level >= SEVERE]
            if answer.private:
                kept_private = kept_private or bool(strong)
                continue
            found += [
                Notice(entry.created_at, tr("{line} ({entry})").format(line=tr(line),
                                                                       entry=entry.title))
                for line in strong
            ]  # fmt: skip
    return found, kept_private
