"""A built-in pack in the reader's language, through the app's own catalogue.

What is translated: the pack's name and description, template titles and intros, prompts,
help, scale labels, choice labels, schedule window labels and item safety messages, and, for
instruments, the severity band labels, their plain-language meanings, the safety messages and
the names of symptom patterns (all written by kapjournal). What is never translated: an
instrument's name, stem, items and answer options, which keep their published English wording
unless a pack carries an official translation.

Choices keep their written text as the stored value (`Item.choices`) so an entry written in one
language still ticks the same boxes in another; only `Item.choice_labels` change.
`scripts/translations.py` runs `localise` with a collecting function to extract these strings,
so what is extracted is exactly what is translated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kapjournal.prompts.model import Instrument, Item, Pack, Schedule, Template

Translate = Callable[[str], str]


def localise(pack: Pack, tr: Translate) -> Pack:
    def t(text: str) -> str:
        return tr(text) if text.strip() else text

    return replace(
        pack,
        name=t(pack.name),
        description=t(pack.description),
        templates=tuple(_template(x, t) for x in pack.templates),
        instruments=tuple(_instrument(x, t) for x in pack.instruments),
    )


def _template(template: Template, t: Translate) -> Template:
    return replace(
        template,
        title=t(template.title),
        intro=t(template.intro),
        items=tuple(_item(i, t) for i in template.items),
        schedule=_schedule(template.schedule, t),
    )


def _item(item: Item, t: Translate) -> Item:
    return replace(
        item,
        prompt=t(item.prompt),
        help=t(item.help),
        min_label=t(item.min_label),
        max_label=t(item.max_label),
        choice_labels=tuple(t(c) for c in item.choices),
        safety=tuple(replace(r, message=t(r.message)) for r in item.safety),
    )


def _schedule(schedule: Schedule | None, t: Translate) -> Schedule | None:
    if schedule is None:
        return None
    return replace(schedule, windows=tuple(replace(w, label=t(w.label)) for w in schedule.windows))


def _instrument(instrument: Instrument, t: Translate) -> Instrument:
    return replace(
        instrument,
        bands=tuple(replace(b, label=t(b.label), meaning=t(b.meaning)) for b in instrument.bands),
        safety=tuple(
            replace(s, message=t(s.message), levels=tuple(t(m) for m in s.levels))
            for s in instrument.safety
        ),
        provisional=tuple(replace(p, label=t(p.label)) for p in instrument.provisional),
    )
