"""What is due now, what is coming up and what is overdue: a pure function of the clock.

Session windows are counted in real hours (a "+24 h" window is 24 hours long even across a
daylight-saving change); daily and weekly items are counted in the patient's local calendar
days, so a check-in written at 23:30 does not cover the next morning.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from kapjournal.domain import Phase, Session, SessionKind, SessionStatus
from kapjournal.i18n import N_, tr
from kapjournal.prompts.model import Anchor, QuestionnaireSchedule, Template


class Status(StrEnum):
    DUE = "due"
    UPCOMING = "upcoming"
    OVERDUE = "overdue"


class DueKind(StrEnum):
    TEMPLATE = "template"
    QUESTIONNAIRE = "questionnaire"
    CONFIRM_SESSION = "confirm-session"


@dataclass(frozen=True)
class Written:
    """What the schedule needs to know of an entry already written."""

    template_key: str
    session_uid: str | None
    created_at: datetime


@dataclass(frozen=True)
class Due:
    kind: DueKind
    key: str  # template key ("pack/template"), instrument id, or session uid
    title: str
    status: Status
    opens_at: datetime
    closes_at: datetime | None = None
    session_uid: str | None = None
    label: str = ""
    # The same page's windows of other sessions, open at the same time (closely spaced
    # induction sessions): one entry written now covers them all.
    merged: tuple[Due, ...] = ()

    @property
    def ident(self) -> str:
        """Names this one item for "not this time": the page, the session and the window."""
        opens = self.opens_at.astimezone(UTC).isoformat(timespec="minutes")
        return f"{self.kind}:{self.key}:{self.session_uid or ''}:{opens}"

    @property
    def parts(self) -> tuple[Due, ...]:
        return (self, *self.merged)


def compute(
    now: datetime,
    templates: Iterable[Template],
    sessions: Iterable[Session],
    written: Iterable[Written],
    completed: dict[str, list[datetime]] | None = None,
    questionnaires: Iterable[QuestionnaireSchedule] = (),
    *,
    dismissed: Collection[str] = frozenset(),
    horizon: timedelta = timedelta(days=2),
    lookback: timedelta = timedelta(days=7),
) -> list[Due]:
    """Everything due, upcoming (within `horizon`) or overdue (closed within `lookback`).

    `now` must be timezone-aware, in the patient's local zone: that zone defines their days.
    `completed` maps an instrument id to the times it was completed (or skipped: a skipped
    questionnaire waits a full round). Items whose `ident` is in `dismissed` are left out.
    """
    if now.tzinfo is None:
        raise ValueError("the clock must give an aware datetime")
    sessions = list(sessions)
    written = list(written)
    templates = list(templates)
    family = families(templates)
    out: list[Due] = []
    for t in templates:
        if t.schedule is None:
            continue
        if t.schedule.anchor is not None:
            out.extend(_session_windows(now, t, sessions, written, horizon, lookback, family))
        elif t.schedule.every_days:
            out.extend(_recurring(now, t, written))
    out.extend(_unconfirmed(now, sessions, lookback))
    questionnaires = list(questionnaires)
    anchored = _one_each(
        _around_sessions(now, questionnaires, sessions, completed or {}, horizon, lookback)
    )
    # A window around a session stands for that questionnaire's calendar round meanwhile.
    held = {d.key for d in anchored if d.status is not Status.UPCOMING}
    calendar = _questionnaires(now, questionnaires, sessions, completed or {})
    out.extend(anchored + [d for d in calendar if d.key not in held])
    out = _merge_overlapping([d for d in out if d.ident not in dismissed], sessions, family)
    order = {Status.OVERDUE: 0, Status.DUE: 1, Status.UPCOMING: 2}
    return sorted(out, key=lambda d: (order[d.status], d.opens_at))


def families(templates: Iterable[Template]) -> dict[str, str]:
    """Pages that stand for each other across sessions: the integration pages (+1, +3, +7
    days) are one family, so one written now covers another session's window open at the
    same time; every other page is its own family."""
    return {
        t.key: ("phase:" + t.phase.value if t.phase is Phase.INTEGRATION else t.key)
        for t in templates
    }


def _merge_overlapping(
    items: list[Due], sessions: list[Session], family: dict[str, str]
) -> list[Due]:
    """Windows of one page (or family) open now for several sessions become one item, for
    the newest session."""
    when = {s.uid: s.scheduled_at for s in sessions}
    groups: dict[str, list[Due]] = {}
    for d in items:
        if d.kind is DueKind.TEMPLATE and d.status is Status.DUE and d.session_uid in when:
            groups.setdefault(family.get(d.key, d.key), []).append(d)
    groups = {k: g for k, g in groups.items() if len(g) > 1}
    gone = {id(d) for g in groups.values() for d in g}
    out = [d for d in items if id(d) not in gone]
    for group in groups.values():
        newest, *rest = sorted(group, key=lambda d: when[d.session_uid or ""], reverse=True)
        out.append(replace(newest, merged=tuple(rest)))
    return out


def _anchor_time(s: Session, anchor: Anchor) -> datetime:
    # In UTC: Python adds timedeltas to aware datetimes on the wall clock, and a window of
    # 24 hours must stay 24 real hours across a daylight-saving change.
    start = s.scheduled_at.astimezone(UTC)
    if anchor is Anchor.SESSION_START:
        return start
    return start + timedelta(minutes=s.duration_minutes)


def _session_windows(
    now: datetime,
    t: Template,
    sessions: list[Session],
    written: list[Written],
    horizon: timedelta,
    lookback: timedelta,
    family: dict[str, str],
) -> list[Due]:
    assert t.schedule is not None and t.schedule.anchor is not None
    key = t.key
    kin = {k for k, f in family.items() if f == family.get(key, key)} | {key}
    after_session = t.schedule.anchor is Anchor.SESSION_END or any(
        w.start_hours >= 0 for w in t.schedule.windows
    )
    out = []
    for s in sessions:
        if after_session and s.status is not SessionStatus.DONE:
            continue  # recall and integration wait until the session is marked done
        if not after_session and s.status is SessionStatus.DONE:
            continue  # preparing for a session that already happened helps nobody
        base = _anchor_time(s, t.schedule.anchor)
        mine = sorted(
            w.created_at for w in written if w.template_key == key and w.session_uid == s.uid
        )
        # Written for another session while this one's window was open too (merged windows):
        # the same page, or one of its family.
        others = [w.created_at for w in written if w.template_key in kin and w.session_uid != s.uid]
        windows = t.schedule.windows
        for i, win in enumerate(windows):
            opens = base + timedelta(hours=win.start_hours)
            closes = base + timedelta(hours=win.end_hours)
            # An entry counts for the window it was written in, or before the next one opens.
            lower = opens if i else datetime.min.replace(tzinfo=now.tzinfo)
            upper = (
                base + timedelta(hours=windows[i + 1].start_hours) if i + 1 < len(windows) else None
            )
            if any(lower <= c and (upper is None or c < upper) for c in mine):
                continue
            if any(opens <= c <= closes for c in others):
                continue
            if now < opens:
                status = Status.UPCOMING if opens - now <= horizon else None
            elif now <= closes:
                status = Status.DUE
            else:
                status = Status.OVERDUE if now - closes <= lookback else None
            if status is not None:
                out.append(
                    Due(DueKind.TEMPLATE, key, t.title, status, opens, closes, s.uid, win.label)
                )
    return out


def _local_day(when: datetime, tz: object) -> date:
    return when.astimezone(tz).date()  # type: ignore[arg-type]


def _recurring(now: datetime, t: Template, written: list[Written]) -> list[Due]:
    assert t.schedule is not None and t.schedule.every_days
    key = t.key
    today = now.date()
    days = [_local_day(w.created_at, now.tzinfo) for w in written if w.template_key == key]
    last = max(days, default=None)
    if last is not None and (today - last).days < t.schedule.every_days:
        return []
    start = datetime.combine(today, datetime.min.time(), tzinfo=now.tzinfo)
    return [Due(DueKind.TEMPLATE, key, t.title, Status.DUE, start)]


def _unconfirmed(now: datetime, sessions: list[Session], lookback: timedelta) -> list[Due]:
    """A planned session whose time has passed: ask whether it happened."""
    out = []
    for s in sessions:
        end = _anchor_time(s, Anchor.SESSION_END)
        if s.status is SessionStatus.PLANNED and end <= now and now - end <= lookback:
            out.append(
                Due(
                    DueKind.CONFIRM_SESSION,
                    s.uid,
                    tr("Did this session happen?"),
                    Status.DUE,
                    end,
                    session_uid=s.uid,
                )
            )
    return out


def course_stage(sessions: list[Session]) -> SessionKind | None:
    """The kind of the most recent session that happened: induction, booster or maintenance."""
    done = [s for s in sessions if s.status is SessionStatus.DONE]
    return max(done, key=lambda s: s.scheduled_at).kind if done else None


def _questionnaires(
    now: datetime,
    schedules: Iterable[QuestionnaireSchedule],
    sessions: list[Session],
    completed: dict[str, list[datetime]],
) -> list[Due]:
    stage = course_stage(sessions)
    out = []
    for q in schedules:
        every = (
            q.induction_every_days if stage is SessionKind.INDUCTION else q.maintenance_every_days
        )
        last = max(
            (_local_day(c, now.tzinfo) for c in completed.get(q.instrument, [])), default=None
        )
        if last is not None and (now.date() - last).days < every:
            continue
        status = Status.DUE
        if last is not None and (now.date() - last).days >= 2 * every:
            status = Status.OVERDUE
        opens = (
            datetime.combine(last + timedelta(days=every), datetime.min.time(), tzinfo=now.tzinfo)
            if last
            else now
        )
        out.append(Due(DueKind.QUESTIONNAIRE, q.instrument, q.instrument, status, opens))
    return out


SATISFIED_BEFORE = timedelta(days=3)  # a result this long before a window still counts
BEFORE, AFTER = N_("before the session"), N_("about a week after the session")


def _around_sessions(
    now: datetime,
    schedules: list[QuestionnaireSchedule],
    sessions: list[Session],
    completed: dict[str, list[datetime]],
    horizon: timedelta,
    lookback: timedelta,
) -> list[Due]:
    """Questionnaires anchored to sessions: before a booster (from `before_hours` until it
    starts) and about a week after (from `after_days`, for three days). A result taken in or
    shortly before a window answers it."""
    out = []
    for q in schedules:
        done = completed.get(q.instrument, [])
        for s in sessions:
            if s.kind.value not in q.around:
                continue
            start = s.scheduled_at.astimezone(UTC)
            windows = []
            if s.status is not SessionStatus.DONE and q.before_hours:
                windows.append((start - timedelta(hours=q.before_hours), start, BEFORE))
            if s.status is SessionStatus.DONE and q.after_days:
                opens = start + timedelta(days=q.after_days)
                windows.append((opens, opens + timedelta(days=3), AFTER))
            for opens, closes, label in windows:
                if any(opens - SATISFIED_BEFORE <= c <= closes for c in done):
                    continue
                if now < opens:
                    status = Status.UPCOMING if opens - now <= horizon else None
                elif now <= closes:
                    status = Status.DUE
                elif label == BEFORE:
                    status = None  # "before the session" means nothing once it has begun
                else:
                    status = Status.OVERDUE if now - closes <= lookback else None
                if status is not None:
                    key = q.instrument
                    out.append(
                        Due(DueKind.QUESTIONNAIRE, key, key, status, opens, closes, s.uid, label)
                    )
    return out


def _one_each(items: list[Due]) -> list[Due]:
    """One result answers every window of an instrument open at once (a week after one
    booster and before the next): keep the window that closes first, and what is upcoming."""
    out: dict[tuple[str, bool], Due] = {}
    for d in sorted(items, key=lambda d: d.closes_at or d.opens_at):
        out.setdefault((d.key, d.status is Status.UPCOMING), d)
    return list(out.values())
