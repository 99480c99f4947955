"""Today stays calm: an induction course simulated hour by hour with an injected clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kapjournal.domain import Session, SessionKind
from kapjournal.prompts.agenda import Agenda
from kapjournal.prompts.schedule import Due, DueKind, Status
from kapjournal.services.journal import JournalService
from kapjournal.services.opening import OpenJournal
from tests.services.conftest import ZONE, Clock

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=ZONE)
# Monday, Wednesday and Friday for two weeks: the usual six-session induction course.
COURSE = [MONDAY + timedelta(days=d) for d in (0, 2, 4, 7, 9, 11)]


def plan_course(j: JournalService) -> list[Session]:
    return [
        j.course.save_session(
            Session(scheduled_at=t, duration_minutes=120, kind=SessionKind.INDUCTION)
        )
        for t in COURSE
    ]


def write(j: JournalService, due: Due) -> None:
    """Do what the card asks, as a patient would: a page with an answer, or a questionnaire."""
    entry = j.schedule.start_due(due)
    if entry is None:  # a session confirmed as done
        return
    if due.kind is DueKind.QUESTIONNAIRE:
        inst = j.questionnaires.instrument(due.key)
        assert inst is not None
        j.questionnaires.record_questionnaire(due.key, {i.id: 0 for i in inst.items})
    else:
        entry.answers[0].text = "written"
    j.save_entry(entry)


def open_items(j: JournalService, agenda: Agenda) -> int:
    """What Today shows as open: its cards, and the check-in until it is done today."""
    return agenda.open_count + (0 if j.schedule.checked_in_today() else 1)


@pytest.mark.parametrize("hours", [(9, 13, 20), (13, 20), (20,)], ids=["3x", "2x", "evenings"])
def test_a_diligent_patient_never_sees_more_than_three_open_items(
    opened: OpenJournal, clock: Clock, hours: tuple[int, ...]
) -> None:
    """Writes everything Today asks for at the given hours, and looks every hour of a course
    from the day before the first session to nine days after the last."""
    j = opened.journal
    plan_course(j)
    clock.now = MONDAY.replace(hour=0) - timedelta(days=1)
    worst: dict[datetime, int] = {}
    end = COURSE[-1] + timedelta(days=9)
    while clock.now < end:
        agenda = j.schedule.agenda()
        worst[clock.now] = open_items(j, agenda)
        if clock.now.hour in hours:
            for _ in range(10):  # a confirmed session brings its recall: look again
                agenda = j.schedule.agenda()
                if not agenda.open_count:
                    break
                for card in (*agenda.now, *agenda.older):
                    for due in card.items:
                        write(j, due)
            if not j.schedule.checked_in_today():
                j.check_ins.save_check_in({"mood": 6})
            assert j.schedule.agenda().open_count == 0
        clock.advance(hours=1)
    most = max(worst.values())
    assert most <= 3, [(t.isoformat(), n) for t, n in worst.items() if n > 3]
    assert any(n == 0 for n in worst.values()), "some hours nothing is open"


def test_overlapping_integration_windows_are_one_page_naming_both_sessions(
    opened: OpenJournal, clock: Clock
) -> None:
    j = opened.journal
    first, second, *_ = plan_course(j)
    for s in (first, second):
        j.course.mark_done(s)
    # Thursday 13:00: Monday's "+3 days" and Wednesday's "+1 day" windows are both open.
    clock.now = COURSE[1] + timedelta(days=1, hours=3)
    due = [d for d in j.schedule.due() if d.key.endswith("/integration")]
    [integration] = [d for d in due if d.status is Status.DUE]
    assert {d.session_uid for d in integration.parts} == {first.uid, second.uid}
    assert integration.session_uid == second.uid, "the page belongs to the newest session"
    entry = j.schedule.start_due(integration)
    assert entry is not None
    assert "Mar 2" in entry.title and "Mar 4" in entry.title
    entry.answers[0].text = "both weeks at once"
    j.save_entry(entry)
    left = [
        d for d in j.schedule.due() if d.key.endswith("/integration") and d.status is Status.DUE
    ]
    assert not left, "one page covers both"


def test_not_this_time_is_remembered_and_can_be_undone(opened: OpenJournal, clock: Clock) -> None:
    j = opened.journal
    [first, *_] = plan_course(j)
    j.course.mark_done(first)
    clock.now = COURSE[0] + timedelta(hours=4)
    [recall] = [c for c in j.schedule.agenda().now if c.due.key.endswith("/recall")]
    j.schedule.dismiss(recall.items)
    assert not [c for c in j.schedule.agenda().now if c.due.key.endswith("/recall")]
    clock.advance(hours=2)
    assert not [d for d in j.schedule.due() if d.key.endswith("/recall")], "still skipped later on"
    j.schedule.undo_dismiss(recall.items)
    assert [c for c in j.schedule.agenda().now if c.due.key.endswith("/recall")], (
        "undo brings it back"
    )


def test_skipping_a_questionnaire_skips_its_round(opened: OpenJournal, clock: Clock) -> None:
    j = opened.journal
    plan_course(j)
    [round_] = [c for c in j.schedule.agenda().now if c.due.kind is DueKind.QUESTIONNAIRE]
    assert {d.key for d in round_.items} == {"phq9", "gad7"}, "one card for the round"
    j.schedule.dismiss(round_.items)
    clock.advance(days=3)
    assert not [d for d in j.schedule.due() if d.kind is DueKind.QUESTIONNAIRE]
    clock.advance(days=30)  # maintenance interval is longer, induction's is a week
    assert [d for d in j.schedule.due() if d.kind is DueKind.QUESTIONNAIRE], "due again next round"


def test_a_patient_who_writes_nothing_sees_only_today_in_cards(
    opened: OpenJournal, clock: Clock
) -> None:
    """Missed windows collapse behind a count; what is open now stays a short list."""
    j = opened.journal
    for s in plan_course(j):
        j.course.mark_done(s)
    clock.now = COURSE[-1] + timedelta(days=1, hours=3)
    agenda = j.schedule.agenda()
    assert agenda.older, "missed windows are kept, behind a count"
    assert len(agenda.now) <= 3, [j.schedule.title_of(c.due) for c in agenda.now]
    order = [c.due.key.split("/")[-1] for c in agenda.now]
    assert order.index("integration") < order.index("phq9"), "pages before questionnaires"
