"""The report for a therapist, as plain data: what every writer (Markdown now, PDF and HTML
with the export issue) lays out. Built by one pure function that never lets a private answer
in, and counts the ones it leaves out so the report can say so.

Safety flags and severe side effects are in the summary whatever entries were chosen: a
therapist must not miss them because an entry was left out.

A questionnaire the patient marked private is withheld whole: no score, band, item answer or
trend point, only counted. A safety flag it (or a private answer on a page) raised still
reaches the therapist, as its date and where it was raised, without the details.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from kapjournal.domain import (
    GOAL_MAX,
    Attachment,
    Entry,
    FlagAcknowledgement,
    FlagRecord,
    Goal,
    GoalRating,
    MeasureResult,
    Phase,
    Session,
    SessionStatus,
)
from kapjournal.export.goals import GoalCourse, goal_courses
from kapjournal.export.safety import (
    Notice,
    acknowledged,
    concerns,
    flags,
    private_results,
    severe,
)
from kapjournal.export.safety_items import safety_items
from kapjournal.export.side_effects import NONE as side_effects_none
from kapjournal.export.side_effects import SideEffects, side_effects
from kapjournal.export.words import answer_text, scale_ends, summary_of
from kapjournal.i18n import spoken_length, tr
from kapjournal.prompts.durability import Lift, lifts
from kapjournal.prompts.model import Instrument, ItemType, Template
from kapjournal.prompts.progress import Progress, progress
from kapjournal.prompts.scoring import counted


@dataclass(frozen=True)
class ReportAnswer:
    prompt: str
    text: str  # Markdown, as the patient wrote it, or the answer put into words
    number: float | None = None  # a scale's answer, for tables
    ends: str = ""  # a scale's range in words: "0 = Very low, 10 = Very good"
    item_id: str = ""


@dataclass(frozen=True)
class ReportPicture:
    """A picture the patient chose to include, numbered through the report."""

    number: int
    name: str
    mime: str
    width: int
    height: int
    data: bytes

    @property
    def caption(self) -> str:
        return tr("Picture {n}: {name} ({width} × {height} px)").format(
            n=self.number, name=self.name, width=self.width, height=self.height
        )


@dataclass(frozen=True)
class ReportVoiceNote:
    """A voice note the patient chose to include: the report gives its name and length; the
    share JSON carries the recording too."""

    number: int
    name: str
    mime: str
    duration_ms: int
    data: bytes

    @property
    def caption(self) -> str:
        return tr("Voice note {n}: {name} ({length})").format(
            n=self.number, name=self.name, length=spoken_length(self.duration_ms)
        )


@dataclass(frozen=True)
class ReportEntry:
    uid: str
    title: str
    phase: Phase
    written_at: datetime
    body: str
    answers: tuple[ReportAnswer, ...]
    tags: tuple[str, ...]
    pictures: tuple[ReportPicture, ...] = ()
    voice_notes: tuple[ReportVoiceNote, ...] = ()
    template_id: str = ""


@dataclass(frozen=True)
class ReportSection:
    """The chosen entries of one session (or of none), in the order they were written."""

    session: Session | None
    entries: tuple[ReportEntry, ...]


@dataclass(frozen=True)
class ScoreLine:
    when: datetime
    instrument: str  # short name, e.g. "PHQ-9"
    summary: str  # "PHQ-9: 13 of 27 (Moderate)."


@dataclass(frozen=True)
class ScoreTrend:
    """One questionnaire's totals over time, with its severity bands, for a chart."""

    instrument: str  # short name
    max_total: int
    bands: tuple[tuple[int, int, str], ...]  # (lowest, highest, label)
    points: tuple[tuple[datetime, float], ...]
    higher_is_better: bool = False  # the charts shade the worse bands darker


@dataclass(frozen=True)
class Topic:
    """A question or topic the patient wrote for the therapist (a `for_therapist` item)."""

    when: datetime
    prompt: str
    text: str


@dataclass(frozen=True)
class Report:
    generated_at: datetime
    first: datetime | None
    last: datetime | None
    course: tuple[Session, ...]
    scores: tuple[ScoreLine, ...]
    flags: tuple[Notice, ...]
    severe_side_effects: tuple[Notice, ...]
    sections: tuple[ReportSection, ...]
    withheld: int  # private answers left out
    trends: tuple[ScoreTrend, ...] = ()
    topics: tuple[Topic, ...] = ()
    withheld_results: int = 0  # questionnaire results marked private, left out whole
    concerns: tuple[Notice, ...] = ()  # support-level rules met by shared answers
    # Whether "no strong side effect" holds of every answer in the journal; False when a
    # private answer rated one strong, or only the chosen entries were read.
    severe_complete: bool = False
    acknowledged: tuple[Notice, ...] = ()  # the patient's "this is being taken care of"
    side_effects: SideEffects = side_effects_none  # every rated line, by session
    changes: tuple[Progress, ...] = ()  # each questionnaire's baseline against its latest
    safety_items: tuple[str, ...] = ()  # what each safety question showed, result by result
    lifts: tuple[Lift, ...] = ()  # how long each session's lift in mood lasted
    mood: ScoreTrend | None = None  # the daily mood of the chosen check-ins, for a chart
    results: tuple[MeasureResult, ...] = ()  # every result shared, oldest first
    instruments: tuple[Instrument, ...] = ()  # those the results were recorded with
    goals: tuple[GoalCourse, ...] = ()  # agreed with the therapist, private ones left out
    withheld_goals: int = 0  # goals the patient marked private

    @property
    def pictures(self) -> tuple[ReportPicture, ...]:
        return tuple(p for s in self.sections for e in s.entries for p in e.pictures)

    @property
    def entry_count(self) -> int:
        return sum(len(s.entries) for s in self.sections)


def build_report(
    entries: Iterable[Entry],
    *,
    sessions: Iterable[Session],
    measures: Iterable[MeasureResult],
    instruments: dict[str, Instrument],
    generated_at: datetime,
    all_entries: Iterable[Entry] = (),
    for_therapist: Collection[tuple[str, str]] = (),
    flag_history: Iterable[FlagRecord] = (),
    attached: Mapping[str, Sequence[Attachment]] = MappingProxyType({}),
    templates: Mapping[str, Template] = MappingProxyType({}),
    acknowledgements: Iterable[FlagAcknowledgement] = (),
    mood: Iterable[tuple[datetime, float]] = (),
    goals: Iterable[Goal] = (),
    goal_ratings: Iterable[GoalRating] = (),
) -> Report:
    """`entries` are the chosen ones; `all_entries` (every entry of the journal) is read only
    for severe side effects, which the summary shows even from entries not chosen.
    `for_therapist` names the (template, item) pairs whose answers are questions or topics
    for the therapist: the summary lists them from the chosen entries. `flag_history` is
    every safety flag ever raised (one whose answer was changed later is still reported).
    `attached` maps an entry's uid to the pictures and voice notes (with their bytes) chosen
    to go with it. `templates` (by key) name the pages whose own safety rules fired.
    `goals` and `goal_ratings`: the open goals, and those ended since the first chosen entry,
    go in unless private."""
    chosen = sorted(entries, key=lambda e: e.created_at)
    everything = list(all_entries) or chosen
    by_uid = {m.uid: m for m in measures}
    private = private_results(everything, by_uid.values())
    course = tuple(sorted(sessions, key=lambda s: s.scheduled_at))
    withheld = 0
    topics: list[Topic] = []
    report_entries: dict[str | None, list[ReportEntry]] = {}
    numbered = heard = 0
    for entry in chosen:
        shown = []
        withheld += entry.body_private and bool(entry.body.strip())  # "Anything else", private
        for answer in entry.answers:
            if answer.private:
                # A private questionnaire is counted once, as a result (below).
                withheld += answer.kind != "questionnaire"
                continue
            page = templates.get(entry.template_id or "")
            item = next((i for i in page.items if i.id == answer.item_id), None) if page else None
            text = answer_text(answer, by_uid, instruments, item)
            if text:
                scale = item is not None and item.type is ItemType.SCALE
                shown.append(
                    ReportAnswer(
                        answer.prompt,
                        text,
                        answer.number if scale else None,
                        scale_ends(item) if item is not None and scale else "",
                        answer.item_id,
                    )
                )
                if (entry.template_id, answer.item_id) in for_therapist:
                    topics.append(Topic(entry.created_at, answer.prompt, text))
        shown_pictures, voice_notes = [], []
        for a in attached.get(entry.uid, ()):
            if a.kind == "picture" and a.data:
                numbered += 1
                shown_pictures.append(
                    ReportPicture(numbered, a.name, a.mime, a.width or 0, a.height or 0, a.data)
                )
            elif a.kind == "audio" and a.data:
                heard += 1
                voice_notes.append(
                    ReportVoiceNote(heard, a.name, a.mime, a.duration_ms or 0, a.data)
                )
        report_entries.setdefault(entry.session_uid, []).append(
            ReportEntry(
                entry.uid,
                entry.title,
                entry.phase,
                entry.created_at,
                "" if entry.body_private else entry.body,
                tuple(shown),
                tuple(entry.tags),
                tuple(shown_pictures),
                tuple(voice_notes),
                entry.template_id or "",
            )
        )
    known = {s.uid: s for s in course}
    order: list[str | None] = [s.uid for s in course if s.uid in report_entries]
    if None in report_entries:
        order.append(None)
    order += [u for u in report_entries if u not in known and u is not None]
    sections = tuple(
        ReportSection(known.get(u) if u else None, tuple(report_entries[u])) for u in order
    )
    every_result = sorted(counted(list(by_uid.values())), key=lambda m: m.completed_at)
    results = [m for m in every_result if m.uid not in private]
    history = list(flag_history) or [
        FlagRecord(m.uid, m.instrument, f, m.completed_at) for m in every_result for f in m.flags
    ]
    pages = {e.uid: e for e in everything}
    strong, strong_kept_private = severe(everything)
    daily = sorted(mood)
    first_done = min(
        (s.scheduled_at for s in course if s.status is SessionStatus.DONE), default=None
    )
    since = chosen[0].created_at if chosen else None
    shared_goals, withheld_goals = goal_courses(goals, goal_ratings, since=since, shared=True)
    return Report(
        generated_at=generated_at,
        first=chosen[0].created_at if chosen else None,
        last=chosen[-1].created_at if chosen else None,
        course=course,
        scores=tuple(_score_line(m, instruments) for m in results if m.instrument in instruments),
        results=tuple(m for m in results if m.instrument in instruments),
        instruments=tuple(
            instruments[i] for i in sorted({m.instrument for m in results}) if i in instruments
        ),
        flags=tuple(flags(history, by_uid, instruments, private, pages, templates)),
        severe_side_effects=tuple(strong),
        sections=sections,
        withheld=withheld,
        trends=tuple(trends_of(results, instruments)),
        topics=tuple(topics),
        withheld_results=sum(
            1 for m in every_result if m.uid in private and m.instrument in instruments
        ),
        concerns=tuple(concerns(everything, templates)),
        severe_complete=bool(all_entries) and not strong_kept_private,
        acknowledged=tuple(acknowledged(acknowledgements)),
        side_effects=side_effects(chosen, course),
        safety_items=tuple(safety_items(results, instruments)),
        lifts=tuple(lifts(course, daily, generated_at.date())),
        mood=ScoreTrend(tr("Mood, 0 to 10"), 10, (), tuple(daily)) if len(daily) > 1 else None,
        changes=tuple(
            found
            for instrument in instruments.values()
            if (found := progress(instrument, results, first_done)) is not None
        ),
        goals=shared_goals,
        withheld_goals=withheld_goals,
    )


def trends_of(
    results: list[MeasureResult], instruments: dict[str, Instrument], least: int = 2
) -> list[ScoreTrend]:
    """Totals of each questionnaire with two or more complete results, in time order."""
    out = []
    for instrument_id, instrument in instruments.items():
        points = tuple(
            (m.completed_at, m.total)
            for m in results
            if m.instrument == instrument_id and m.total is not None
        )
        if len(points) >= least:
            bands = tuple((b.min, b.max, b.label) for b in instrument.bands)
            out.append(ScoreTrend(instrument.short_name, instrument.max_total, bands, points,
                                  instrument.higher_is_better))  # fmt: skip
    return out


def _score_line(result: MeasureResult, instruments: dict[str, Instrument]) -> ScoreLine:
    instrument = instruments[result.instrument]
    return ScoreLine(result.completed_at, instrument.short_name, summary_of(result, instrument))


def chart_blocks(report: Report) -> list[tuple[str, tuple[ScoreTrend, ...]]]:
    """The charts after the summary, each block under its heading: the questionnaires, then
    the daily mood. Each is drawn by the same QPainter function as the Trends view."""
    blocks = [(tr("Questionnaire trends"), report.trends)] if report.trends else []
    if report.mood is not None:
        blocks.append((tr("Daily mood"), (report.mood,)))
    goals = tuple(goal_trend(g) for g in report.goals if len(g.ratings) > 1)
    if goals:
        blocks.append((tr("Goals agreed with the therapist"), goals))
    return blocks


def goal_trend(goal: GoalCourse) -> ScoreTrend:
    """A goal's weekly ratings as a chart, 0 to 10, titled with its number and its words (cut
    short after about 60 characters; the sentence beside the chart has them all)."""
    words = goal.text if len(goal.text) <= 60 else goal.text[:59].rstrip() + "…"
    title = tr("{name}: {words}").format(name=goal.name, words=words)
    return ScoreTrend(title, GOAL_MAX, (), tuple((at, float(v)) for at, v in goal.ratings))
