"""Recording a questionnaire with the safety rules in mind: flags kept in a history even when
the answer changes later, a result amended in a later sitting kept at its own time (the new
one names it), and a flag that fired again within the questionnaire's own interval marked as
a repeat, so crisis help can say it more briefly without saying less (alarm fatigue). The
patient can acknowledge the flags ("I have talked this through with my therapist"): that ends
Today's banner and restarts the count of repeats; a new flag after it is new again."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kapjournal.domain import Acknowledged, Entry, FlagRecord, MeasureResult
from kapjournal.prompts.item_rules import Level, entry_fired
from kapjournal.prompts.model import (
    Instrument,
    ItemRule,
    QuestionnaireSchedule,
    SafetyRule,
    Template,
)
from kapjournal.prompts.scoring import Score, result_of, score
from kapjournal.storage.repository import Repository

# The same flag again within the questionnaire's own interval (its schedule's longest round,
# kept within these bounds) is a repeat: a shorter, still clear message. A page's own rule
# has no interval: a week.
REPEAT_DAYS = (7, 30)
PAGE_REPEAT_DAYS = 7
AMEND_AFTER = timedelta(hours=1)  # a change to a complete result later than this amends it
RECENT_FLAG_DAYS = 14


@dataclass(frozen=True)
class QuestionnaireOutcome:
    """A scored result. `new_flags` are the safety rules this change made fire: show crisis
    help for them at once (a rule that already fired for this result is not repeated);
    `repeated` names those that also fired on another result in the last few days."""

    result: MeasureResult
    score: Score
    instrument: Instrument
    new_flags: tuple[SafetyRule, ...] = ()
    repeated: frozenset[str] = field(default_factory=frozenset)

    @property
    def summary(self) -> str:
        return self.score.summary(self.instrument)

    def message(self, rule: SafetyRule) -> str:
        """The rule's words for the answer given (PHQ-9 item 9: several days, more than half
        the days, nearly every day each have their own)."""
        return rule.message_for(self.result.answers.get(rule.item, rule.min_value))


def repeat_days(schedule: QuestionnaireSchedule | None) -> int:
    if schedule is None:
        return PAGE_REPEAT_DAYS
    low, high = REPEAT_DAYS
    longest = max(schedule.induction_every_days, schedule.maintenance_every_days)
    return max(low, min(high, longest))


def _recent(repo: Repository, now: datetime, days: int) -> list[FlagRecord]:
    """Flags of the last `days` days raised after the latest acknowledgement."""
    since = now - timedelta(days=days)
    acknowledged = repo.acknowledgements()
    if acknowledged:
        since = max(since, acknowledged[-1].at)
    return [h for h in repo.flag_history(since) if not acknowledged or h.raised_at > since]


@dataclass(frozen=True)
class EntryOutcome:
    """What a saved page's answers met for the first time: `crisis` rules to show crisis help
    for at once (`repeated` names those that fired within a week), and the words of the
    `medical` and `support` notes. `met` is every rule met now, for the next save."""

    crisis: tuple[ItemRule, ...] = ()
    repeated: frozenset[str] = frozenset()
    medical: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    met: frozenset[str] = frozenset()


def check_entry(
    repo: Repository,
    template: Template | None,
    entry: Entry,
    before: Collection[str],
    now: datetime,
) -> EntryOutcome:
    rules = entry_fired(template, entry)
    new = [r for r in rules if r.id not in before]
    by_level = {level: [r for r in new if r.level == level] for level in Level}
    return EntryOutcome(
        crisis=tuple(by_level[Level.CRISIS]),
        repeated=record_entry_rules(repo, entry, by_level[Level.CRISIS], now),
        medical=tuple(r.message for r in by_level[Level.MEDICAL]),
        support=tuple(r.message for r in by_level[Level.SUPPORT]),
        met=frozenset(r.id for r in rules),
    )


@dataclass(frozen=True)
class SafetyNotice:
    """A safety rule fired recently: when, and the rule's own words."""

    when: datetime
    messages: tuple[str, ...]


def record(
    repo: Repository,
    instrument: Instrument,
    answers: dict[str, int],
    now: datetime,
    *,
    session_uid: str | None = None,
    entry_uid: str | None = None,
    uid: str | None = None,
    repeat_within: int = PAGE_REPEAT_DAYS,
) -> QuestionnaireOutcome:
    earlier = repo.measures(uid=uid)[0] if uid and repo.measures(uid=uid) else None
    amends = None
    if (
        earlier is not None
        and earlier.total is not None
        and now - earlier.completed_at > AMEND_AFTER
    ):
        # Finished in an earlier sitting: that result keeps its answers and its time.
        amends, uid, before = earlier.uid, None, set[str]()
        session_uid = session_uid or earlier.session_uid
    else:
        before = set(earlier.flags) if earlier is not None else set()
    s = score(instrument, answers)
    result = result_of(
        s, answers, completed_at=now, session_uid=session_uid, entry_uid=entry_uid, uid=uid
    )
    result.amends = amends
    recent = _recent(repo, now, repeat_within)
    repo.save_measure(result)
    fresh = tuple(r for r in s.flags if r.id not in before)
    own = {result.uid, amends}
    repeated = frozenset(
        r.id for r in fresh if any(h.rule == r.id and h.result_uid not in own for h in recent)
    )
    return QuestionnaireOutcome(result, s, instrument, fresh, repeated)


def record_entry_rules(
    repo: Repository, entry: Entry, rules: list[ItemRule], now: datetime
) -> frozenset[str]:
    """Keep the crisis rules a page's answers met in the flag history; returns those that
    also fired on another page or result in the last few days (a repeat)."""
    crisis = [r.id for r in rules if r.level == Level.CRISIS]
    if not crisis:
        return frozenset()
    recent = _recent(repo, now, PAGE_REPEAT_DAYS)
    repo.record_flags(entry.uid, entry.template_id or "", crisis, now)
    return frozenset(
        r for r in crisis if any(h.rule == r and h.result_uid != entry.uid for h in recent)
    )


def acknowledge(repo: Repository, reason: Acknowledged, now: datetime) -> None:
    repo.acknowledge_flags(reason.value, now)


def notice(
    repo: Repository,
    instruments: dict[str, Instrument],
    templates: Iterable[Template],
    now: datetime,
    days: int,
) -> SafetyNotice | None:
    """The newest flag of the last `days` from the history (so a flag stays even when its
    answer was changed), with the words of every rule raised on that result or page."""
    history = repo.flag_history(now - timedelta(days=days))
    acknowledged = repo.acknowledgements()
    if not history or (acknowledged and history[-1].raised_at <= acknowledged[-1].at):
        return None
    latest = history[-1]
    found = repo.measures(uid=latest.result_uid)
    answers = found[0].answers if found else {}
    # A questionnaire's rule in the words for the answer given (several days, nearly every
    # day ...); a page's rule in its own words.
    rules = {
        r.id: r.message_for(answers.get(r.item, r.min_value))
        for i in instruments.values()
        for r in i.safety
    }
    rules |= {r.id: r.message for t in templates for i in t.items for r in i.safety}
    same = [h for h in history if h.result_uid == latest.result_uid]
    messages = tuple(dict.fromkeys(rules[h.rule] for h in same if h.rule in rules))
    return SafetyNotice(latest.raised_at, messages)
