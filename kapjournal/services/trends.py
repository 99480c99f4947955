"""What the Trends view shows: each questionnaire's totals with its progress, and the daily
check-in's scales, over a chosen range. Plain data; the view and the reports draw it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.domain import EntryFilter, ExportRecord, Session, SessionKind, SessionStatus
from kapjournal.export.goals import GoalCourse, goal_courses
from kapjournal.export.report import ScoreTrend, trends_of
from kapjournal.i18n import N_, tr
from kapjournal.prompts.durability import BEFORE_DAYS, Lift, lifts
from kapjournal.prompts.model import ItemType
from kapjournal.prompts.progress import Progress, progress
from kapjournal.services.journal import JournalService
from kapjournal.services.section import MOOD
from kapjournal.services.written import write_recorded

if TYPE_CHECKING:
    from kapjournal.storage.repository import Repository


class Range(StrEnum):
    COURSE = "course"
    MONTHS_3 = "3-months"
    ALL = "all"

    @property
    def label(self) -> str:
        return tr(RANGE_LABELS[self])


RANGE_LABELS = {
    Range.COURSE: N_("This course"),
    Range.MONTHS_3: N_("Last 3 months"),
    Range.ALL: N_("All"),
}


@dataclass(frozen=True)
class QuestionnaireTrend:
    trend: ScoreTrend
    progress: Progress | None


@dataclass(frozen=True)
class SessionEffects:
    """Side effects the patient rated on a session's pages: (line, 0-3), strongest kept."""

    session: Session
    effects: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Trends:
    questionnaires: tuple[QuestionnaireTrend, ...]
    check_ins: tuple[ScoreTrend, ...]
    sessions: tuple[tuple[datetime, SessionKind], ...]  # sessions in the range, for the axis
    lifts: tuple[Lift, ...] = ()  # how long each session's lift in mood lasted
    side_effects: tuple[SessionEffects, ...] = ()
    goals: tuple[GoalCourse, ...] = ()  # every open goal (and those ended in the range)


class TrendService:
    def __init__(self, journal: JournalService, repo: Repository) -> None:
        self._journal = journal
        self._repo = repo

    def save_chart(self, dest: Path, content: str | bytes, kind: str) -> Path:
        """A chart (`kind` "png" or "svg") written atomically, with its line in the export
        history, as one unit; StorageError says in one sentence why not."""
        write_recorded(self._repo, dest, content, ExportRecord(f"chart-{kind}", 0,
                                                                destination=str(dest)))  # fmt: skip
        return dest

    def since(self, rng: Range) -> datetime | None:
        now = self._journal.clock()
        if rng is Range.MONTHS_3:
            return now - timedelta(days=91)
        if rng is Range.COURSE:
            done = [s.scheduled_at for s in self._journal.course.sessions()]
            # The course begins two weeks before its first session: its baseline questionnaires.
            return min(done) - timedelta(days=14) if done else None
        return None

    def trends(self, rng: Range = Range.COURSE) -> Trends:
        since = self.since(rng)
        j = self._journal
        sessions = [s for s in j.course.sessions() if s.status is SessionStatus.DONE]
        first = min((s.scheduled_at for s in sessions), default=None)
        measures = j.questionnaires.measures()
        shown = [m for m in measures if since is None or m.completed_at >= since]
        instruments = j.catalog.instruments
        by_name = {i.short_name: i for i in instruments.values()}
        questionnaires = tuple(
            QuestionnaireTrend(t, progress(by_name[t.instrument], measures, first))
            for t in trends_of(shown, instruments, least=1)
        )
        in_range = [s for s in sessions if since is None or s.scheduled_at >= since]
        week_before = since - timedelta(days=BEFORE_DAYS) if since is not None else None
        numbers = j.check_ins.check_in_numbers(week_before)  # read once: the charts and the lifts
        mood = [(w, v) for w, item, v in numbers if item == MOOD]
        shown_numbers = [n for n in numbers if since is None or n[0] >= since]
        return Trends(
            questionnaires,
            tuple(self._check_ins(shown_numbers)),
            tuple((s.scheduled_at, s.kind) for s in in_range),
            tuple(lifts(in_range, mood, j.clock().date())),
            tuple(self._side_effects(in_range)),
            goal_courses(j.goals.goals(), j.goals.ratings(since), since=since)[0],
        )

    def _side_effects(self, sessions: list[Session]) -> list[SessionEffects]:
        out = []
        for s in sorted(sessions, key=lambda s: s.scheduled_at):
            strongest: dict[str, int] = {}
            for entry in self._journal.entries(EntryFilter(session_uid=s.uid), limit=100):
                for answer in entry.answers:
                    for line, level in answer.severities.items():
                        strongest[line] = max(level, strongest.get(line, 0))
            if strongest:
                out.append(SessionEffects(s, tuple(sorted(strongest.items()))))
        return out

    def _check_ins(self, numbers: list[tuple[datetime, str, float]]) -> list[ScoreTrend]:
        template = self._journal.check_ins.check_in_template()
        if template is None:
            return []
        out = []
        for item in template.items:
            if item.type is not ItemType.SCALE:
                continue
            points = [(when, value) for when, iid, value in numbers if iid == item.id]
            if points:
                out.append(ScoreTrend(item.prompt, int(item.max), (), tuple(points)))
        return out
