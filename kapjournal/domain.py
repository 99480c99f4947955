"""Plain domain objects of the journal: sessions, entries, answers, questionnaire results."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from kapjournal.i18n import N_, tr

# Search snippets mark matches with these control characters; each front door turns them into
# its own highlighting (bold in the app, brackets on a terminal).
SNIPPET_OPEN = "\x02"
SNIPPET_CLOSE = "\x03"


def new_uid() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Phase(StrEnum):
    PREPARATION = "preparation"
    RECALL = "recall"
    INTEGRATION = "integration"
    CHECK_IN = "check-in"
    FREE = "free"

    @property
    def label(self) -> str:
        """The name a person reads, in their language (the value is for files and code)."""
        return tr(LABELS[self])


class Route(StrEnum):
    IV_INFUSION = "iv-infusion"
    INTRAMUSCULAR = "intramuscular"
    INTRANASAL = "intranasal"
    ORAL_SUBLINGUAL = "oral-sublingual"
    OTHER = "other"

    @property
    def label(self) -> str:
        return tr(LABELS[self])


class SessionKind(StrEnum):
    INDUCTION = "induction"
    BOOSTER = "booster"
    MAINTENANCE = "maintenance"

    @property
    def label(self) -> str:
        return tr(LABELS[self])


class SessionStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"

    @property
    def label(self) -> str:
        return tr(LABELS[self])


class Acknowledged(StrEnum):
    """How the patient said a safety flag is being taken care of."""

    THERAPIST = "therapist"
    SAFETY_PLAN = "safety-plan"

    @property
    def label(self) -> str:
        return tr(LABELS[self])


LABELS: dict[StrEnum, str] = {
    Phase.PREPARATION: N_("Preparation"),
    Phase.RECALL: N_("Recall"),
    Phase.INTEGRATION: N_("Integration"),
    Phase.CHECK_IN: N_("Check-in"),
    Phase.FREE: N_("Free entry"),
    Route.IV_INFUSION: N_("IV infusion"),
    Route.INTRAMUSCULAR: N_("Intramuscular"),
    Route.INTRANASAL: N_("Intranasal"),
    Route.ORAL_SUBLINGUAL: N_("Oral / sublingual"),
    Route.OTHER: N_("Other route"),
    SessionKind.INDUCTION: N_("Induction"),
    SessionKind.BOOSTER: N_("Booster"),
    SessionKind.MAINTENANCE: N_("Maintenance"),
    SessionStatus.PLANNED: N_("Planned"),
    SessionStatus.DONE: N_("Done"),
    Acknowledged.THERAPIST: N_("I have talked this through with my therapist"),
    Acknowledged.SAFETY_PLAN: N_("It is in my safety plan"),
}


@dataclass
class Session:
    """One dosing session of a course."""

    scheduled_at: datetime
    route: Route = Route.OTHER
    kind: SessionKind = SessionKind.INDUCTION
    status: SessionStatus = SessionStatus.PLANNED
    dose: str = ""
    clinic: str = ""
    notes: str = ""
    duration_minutes: int = 60
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)


@dataclass
class Answer:
    """The patient's answer to one item of a template, kept with the prompt as it was shown."""

    item_id: str
    prompt: str = ""
    kind: str = "text"
    text: str = ""
    number: float | None = None
    choices: list[str] = field(default_factory=list)
    severities: dict[str, int] = field(default_factory=dict)
    private: bool = False


@dataclass
class Entry:
    """A journal entry: free, or written from a template of a prompt pack."""

    phase: Phase = Phase.FREE
    title: str = ""
    body: str = ""
    body_private: bool = False  # "Anything else" kept out of every report, like an answer
    tags: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    session_uid: str | None = None
    template_id: str = ""
    template_version: str = ""
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)


@dataclass
class MeasureResult:
    """A completed (or incomplete) questionnaire with its score and any safety flags."""

    instrument: str
    answers: dict[str, int] = field(default_factory=dict)
    total: int | None = None
    band: str = ""
    flags: list[str] = field(default_factory=list)
    subscores: dict[str, int] = field(default_factory=dict)
    session_uid: str | None = None
    entry_uid: str | None = None
    uid: str = field(default_factory=new_uid)
    id: int | None = None
    completed_at: datetime = field(default_factory=utcnow)
    amends: str | None = None  # the uid of an earlier result this one corrects


@dataclass
class Attachment:
    """A picture or a voice note kept in the vault with its entry. `data` is loaded only when
    asked for (a list of attachments carries no bytes)."""

    entry_uid: str
    kind: str  # "picture" or "audio"
    name: str
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    data: bytes | None = None
    uid: str = field(default_factory=new_uid)
    created_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class FlagRecord:
    """A safety rule that fired, kept even when the answer that raised it changes later."""

    result_uid: str
    instrument: str
    rule: str
    raised_at: datetime


@dataclass(frozen=True)
class FlagAcknowledgement:
    """The patient said the flags raised until `at` are being taken care of, and how."""

    at: datetime
    reason: str  # an Acknowledged value


@dataclass
class Goal:
    """A goal the patient agreed with their therapist, in the patient's own words.

    Up to three are open at a time (GOALS_OPEN); one the patient no longer works on is ended
    (`ended_at`), never deleted, so its ratings keep their meaning. A private goal never
    leaves the vault in a report."""

    text: str
    private: bool = False
    uid: str = field(default_factory=new_uid)
    created_at: datetime = field(default_factory=utcnow)
    ended_at: datetime | None = None


@dataclass(frozen=True)
class GoalRating:
    """How close the patient felt to a goal that week, 0 (not at all) to 10 (fully there)."""

    goal_uid: str
    value: int
    rated_at: datetime


GOALS_OPEN = 3
GOAL_MAX = 10


@dataclass
class ExportRecord:
    """What left the vault, when, and in which format."""

    format: str
    entry_count: int
    withheld_count: int = 0
    destination: str = ""
    at: datetime = field(default_factory=utcnow)
    id: int | None = None
    entry_uids: tuple[str, ...] = ()  # which entries a report held (an archive holds all)


@dataclass
class StoredPack:
    """A prompt pack imported into the vault, kept as the TOML text it came in."""

    id: str
    name: str
    version: str
    toml: str
    author: str = ""
    imported_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class EntryRow:
    """What a list shows of an entry, without loading its answers."""

    uid: str
    title: str
    phase: Phase
    created_at: datetime
    preview: str
    template_id: str = ""  # the page it was written from ("" for a free entry)


@dataclass(frozen=True)
class SearchHit:
    entry_uid: str
    title: str
    snippet: str
    phase: Phase
    created_at: datetime
    rank: float
    template_id: str = ""


@dataclass(frozen=True)
class EntryFilter:
    """Which entries a list or a report asks for; every field left None matches all."""

    phase: Phase | None = None
    session_uid: str | None = None
    tag: str | None = None
    template_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
