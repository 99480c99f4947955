"""Prompt packs as plain data: templates with typed items, instruments, schedules."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kapjournal.domain import Phase


class ItemType(StrEnum):
    TEXT = "text"
    SCALE = "scale"
    SINGLE = "single"
    MULTIPLE = "multiple"
    CHECKLIST = "checklist"
    QUESTIONNAIRE = "questionnaire"


class Anchor(StrEnum):
    SESSION_START = "session-start"
    SESSION_END = "session-end"


@dataclass(frozen=True)
class Window:
    """A due window relative to a session: from `start` to `end` hours after the anchor."""

    start_hours: float
    end_hours: float
    label: str = ""


@dataclass(frozen=True)
class Schedule:
    """When a template is due: windows around each session, or every N days."""

    anchor: Anchor | None = None
    windows: tuple[Window, ...] = ()
    every_days: int | None = None


@dataclass(frozen=True)
class ItemRule:
    """A safety rule on a page's item: a scale at `min_value` or above, a checklist line
    rated `min_value` or above (`choice`, or any line), or a choice made. "crisis" shows
    crisis help at once; "support" suggests reaching out, without the crisis screen."""

    id: str
    message: str
    min_value: float = 0
    level: str = "crisis"  # or "support", or "medical" (the emergency number, not the crisis line)
    choice: str = ""
    also: str = ""  # a second checklist line that must be ticked too (at any strength)


@dataclass(frozen=True)
class Item:
    id: str
    type: ItemType
    prompt: str
    help: str = ""
    optional: bool = True
    min: float = 0
    max: float = 10
    step: float = 1
    min_label: str = ""
    max_label: str = ""
    choices: tuple[str, ...] = ()  # the stored values, as the pack writes them
    severity: bool = False
    instrument: str = ""
    choice_labels: tuple[str, ...] = ()  # the same choices as shown; see prompts/localise.py
    for_therapist: bool = False  # its answers head the report's summary (questions, topics)
    safety: tuple[ItemRule, ...] = ()

    def choice_label(self, index: int) -> str:
        labels = self.choice_labels
        return labels[index] if len(labels) == len(self.choices) else self.choices[index]


@dataclass(frozen=True)
class Template:
    id: str
    phase: Phase
    title: str
    intro: str = ""
    items: tuple[Item, ...] = ()
    schedule: Schedule | None = None
    pack_id: str = ""
    pack_version: str = ""
    replaces: str = ""  # the key of a template this one takes the place of

    @property
    def key(self) -> str:
        """ "pack-id/template-id": how entries, menus and the schedule name a template."""
        return f"{self.pack_id}/{self.id}"


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class InstrumentItem:
    id: str
    text: str
    scored: bool = True
    options: tuple[Option, ...] = ()  # its own answers, in place of the instrument's
    reverse: bool = False  # scored from the other end (lowest + highest - answer)


@dataclass(frozen=True)
class Band:
    id: str
    min: int
    max: int
    label: str
    meaning: str


@dataclass(frozen=True)
class SafetyRule:
    id: str
    item: str
    min_value: int
    message: str
    levels: tuple[str, ...] = ()  # the message for min_value, min_value + 1, ... if given

    def message_for(self, value: int) -> str:
        k = value - self.min_value
        return self.levels[k] if 0 <= k < len(self.levels) else self.message


@dataclass(frozen=True)
class Subscale:
    id: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Provisional:
    """A published symptom pattern (e.g. PCL-5's DSM-5 rule): an item answered at
    `item_min` or more counts as a symptom; the pattern is met when each named sub-scale has
    at least its number of symptoms. Never a diagnosis."""

    id: str
    label: str
    item_min: int
    require: tuple[tuple[str, int], ...]  # (sub-scale id, symptoms needed)


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    short_name: str
    recall_window: str
    stem: str
    options: tuple[Option, ...]
    items: tuple[InstrumentItem, ...]
    bands: tuple[Band, ...]
    source: str = ""
    meaningful_change: int | None = None
    remission_below: int | None = None  # a total below this is remission, where defined
    response_fall_percent: int | None = None  # a fall of this much from baseline is response
    response_fall_points: int | None = None  # or a fall of this many points (PCL-5)
    # Response and remission are judged only from a baseline at or above this (caseness).
    caseness_min: int | None = None
    change_source: str = ""  # where the response and remission definitions come from
    prorate_max_missing: int = 0
    safety: tuple[SafetyRule, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    language: str = "en"  # the language of its wording: its pack's
    method: str = "sum"  # or "mean": how the scored units make the total
    multiply: int = 1  # the total times this (WHO-5's raw score x 4 gives 0-100)
    groups: tuple[Subscale, ...] = ()  # items that count once, by their highest (QIDS-SR16)
    provisional: tuple[Provisional, ...] = ()
    # A higher total is better (WHO-5: more wellbeing); the others count symptoms, so lower is.
    higher_is_better: bool = False

    @property
    def scored_items(self) -> tuple[InstrumentItem, ...]:
        return tuple(i for i in self.items if i.scored)

    def options_of(self, item: InstrumentItem) -> tuple[Option, ...]:
        return item.options or self.options

    def item_max(self, item: InstrumentItem) -> int:
        return max(o.value for o in self.options_of(item))

    @property
    def units(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What the total is made of: each group once, and every other scored item."""
        grouped = {i for g in self.groups for i in g.items}
        singles = tuple((i.id, (i.id,)) for i in self.scored_items if i.id not in grouped)
        return tuple((g.id, g.items) for g in self.groups) + singles

    @property
    def max_total(self) -> int:
        by_id = {i.id: i for i in self.items}
        tops = [max(self.item_max(by_id[m]) for m in members) for _u, members in self.units]
        if not tops:
            return 0
        top = max(tops) if self.method == "mean" else sum(tops)
        return top * self.multiply


@dataclass(frozen=True)
class QuestionnaireSchedule:
    """When a questionnaire comes due: a calendar round, and around sessions of the kinds in
    `around` (from `before_hours` before the session until it starts, and from `after_days`
    after it for three days)."""

    instrument: str
    induction_every_days: int = 7
    maintenance_every_days: int = 30
    around: tuple[str, ...] = ("booster", "maintenance")
    before_hours: int = 48
    after_days: int = 7


@dataclass(frozen=True)
class Pack:
    id: str
    name: str
    version: str
    author: str = ""
    language: str = "en"
    description: str = ""
    templates: tuple[Template, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    questionnaires: tuple[QuestionnaireSchedule, ...] = ()
    source: str = ""  # the file it came from, for messages
    builtin: bool = False
    switch_off: tuple[str, ...] = ()  # keys of other packs' templates this practice does not use
    switch_off_questionnaires: tuple[str, ...] = ()  # instrument ids no longer scheduled

    def template(self, template_id: str) -> Template | None:
        return next((t for t in self.templates if t.id == template_id), None)
