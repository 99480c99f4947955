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
    options: tuple[Option, ...] = ()  # only for unscored items with their own answers


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


@dataclass(frozen=True)
class Subscale:
    id: str
    name: str
    items: tuple[str, ...]


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
    prorate_max_missing: int = 0
    safety: tuple[SafetyRule, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    language: str = "en"  # the language of its wording: its pack's

    @property
    def scored_items(self) -> tuple[InstrumentItem, ...]:
        return tuple(i for i in self.items if i.scored)

    @property
    def max_total(self) -> int:
        return max(o.value for o in self.options) * len(self.scored_items)


@dataclass(frozen=True)
class QuestionnaireSchedule:
    instrument: str
    induction_every_days: int = 7
    maintenance_every_days: int = 30


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
