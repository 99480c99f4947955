"""The journal's use cases on a real vault, with an injected clock and no Qt."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kapjournal.domain import EntryFilter, Phase, Session, SessionStatus
from kapjournal.prompts.schedule import DueKind
from kapjournal.services.opening import OpenJournal
from kapjournal.services.schedule import PhaseStatus
from tests.services.conftest import Clock


def plan(opened: OpenJournal, clock: Clock, **kw: object) -> Session:
    s = Session(scheduled_at=clock.now + timedelta(hours=20), **kw)  # type: ignore[arg-type]
    return opened.journal.course.save_session(s)


def test_entries_are_stamped_by_the_injected_clock(opened: OpenJournal, clock: Clock) -> None:
    j = opened.journal
    e = j.free_entry()
    assert e.created_at == clock.now
    e.body = "a quiet morning"
    j.save_entry(e)
    assert j.entry(e.uid) is not None
    assert j.count_entries() == 1
    assert [r.uid for r in j.rows(EntryFilter(), limit=10)] == [e.uid]
    assert [h.entry_uid for h in j.search("quiet")] == [e.uid]
    j.delete_entry(e.uid)
    assert j.entry(e.uid) is None and j.search("quiet") == []


def test_sessions_plan_confirm_and_delete(opened: OpenJournal, clock: Clock) -> None:
    j = opened.journal
    s = j.course.new_session()
    assert s.scheduled_at.date() == (clock.now + timedelta(days=1)).date()
    assert (s.scheduled_at.hour, s.scheduled_at.minute) == (10, 0)
    j.course.save_session(s)
    assert j.schedule.next_session() is not None
    assert [x.uid for x in j.course.sessions()] == [s.uid]
    j.course.mark_done(s)
    assert j.course.session(s.uid).status is SessionStatus.DONE  # type: ignore[union-attr]
    kept = j.save_entry(j.start_entry("kapjournal.core/recall", s.uid))
    j.course.delete_session(s.uid)
    assert j.course.sessions() == []
    assert j.entry(kept.uid).session_uid is None  # type: ignore[union-attr]


def test_the_course_from_preparation_to_integration(opened: OpenJournal, clock: Clock) -> None:
    j = opened.journal
    s = plan(opened, clock)
    due = j.schedule.due()
    [prep] = [d for d in due if d.kind is DueKind.TEMPLATE and d.session_uid == s.uid]
    entry = j.schedule.start_due(prep)
    assert entry is not None and entry.phase is Phase.PREPARATION
    entry.answers[0].text = "open to whatever comes"
    j.save_entry(entry)
    assert j.open_phase(s.uid, Phase.PREPARATION).uid == entry.uid, "continued, not new"
    assert j.schedule.phase_status(s)[Phase.PREPARATION] is PhaseStatus.DONE
    assert j.schedule.phase_status(s)[Phase.RECALL] is PhaseStatus.NOT_STARTED
    clock.advance(hours=22)
    [confirm] = [d for d in j.schedule.due() if d.kind is DueKind.CONFIRM_SESSION]
    assert j.schedule.title_of(confirm)
    assert j.schedule.start_due(confirm) is None, "confirming writes nothing"
    assert j.course.session(s.uid).status is SessionStatus.DONE  # type: ignore[union-attr]
    recall = j.open_phase(s.uid, Phase.RECALL)
    assert recall.phase is Phase.RECALL and recall.id is None
    first = j.save_entry(j.open_phase(s.uid, Phase.INTEGRATION))
    again = j.open_phase(s.uid, Phase.INTEGRATION)
    assert again.uid != first.uid, "integration is written more than once"


def test_check_in_refuses_blank_and_keeps_zero(opened: OpenJournal) -> None:
    j = opened.journal
    assert j.check_ins.save_check_in({"mood": None}, "   ") is None
    assert j.count_entries() == 0
    e = j.check_ins.save_check_in({"mood": 0.0}, "")
    assert e is not None, "0 is an answer"
    assert {a.item_id: a.number for a in e.answers}["mood"] == 0
    line = j.check_ins.save_check_in({}, "walked by the sea")
    assert line is not None
    assert "walked by the sea" in [a.text for a in line.answers]


def test_questionnaire_scoring_and_flags_are_decided_here(
    opened: OpenJournal, clock: Clock
) -> None:
    j = opened.journal
    answers = {f"phq9_{n}": 1 for n in range(1, 9)}
    out = j.questionnaires.record_questionnaire("phq9", answers)
    assert out.score.total is None and not out.new_flags, "incomplete, no flag"
    out = j.questionnaires.record_questionnaire("phq9", answers | {"phq9_9": 2}, uid=out.result.uid)
    assert out.score.total == 10
    assert [r.id for r in out.new_flags] == ["phq9-item9"]
    assert "10 of 27" in out.summary
    again = j.questionnaires.record_questionnaire(
        "phq9", answers | {"phq9_9": 3}, uid=out.result.uid
    )
    assert again.new_flags == (), "a flag already raised for this result is not repeated"
    assert len(j.questionnaires.measures("phq9")) == 1, "one result, updated"
    assert j.questionnaires.measure_answers(out.result.uid)["phq9_9"] == 3
    notice = j.safety.safety_notice()
    assert notice is not None and notice.when == clock.now
    assert any("Nobody monitors this journal" in m for m in notice.messages)
    clock.advance(days=15)
    assert j.safety.safety_notice() is None, "the banner is for recent flags"


def test_questionnaires_start_from_the_catalog(opened: OpenJournal) -> None:
    j = opened.journal
    [phq9] = [d for d in j.schedule.due() if d.kind is DueKind.QUESTIONNAIRE and d.key == "phq9"]
    entry = j.schedule.start_due(phq9)
    assert entry is not None and entry.template_id == "kapjournal.core/phq9"
    assert j.schedule.title_of(phq9) == "PHQ-9"


def test_safety_plan_is_one_entry(opened: OpenJournal) -> None:
    j = opened.journal
    assert j.safety_plan() is None
    plan = j.open_safety_plan()
    assert plan.id is None
    j.save_entry(plan)
    assert j.open_safety_plan().uid == plan.uid


def test_unknown_template_is_a_sentence(opened: OpenJournal) -> None:
    with pytest.raises(LookupError, match=r"no\.such/page"):
        opened.journal.start_entry("no.such/page")


def test_an_entry_keeps_the_prompt_it_was_written_with(opened: OpenJournal) -> None:
    """Prompts, version 2 reworded pages; entries written before keep their own words."""
    j = opened.journal
    entry = j.start_entry("kapjournal.core/integration")
    first = entry.answers[0]
    first.prompt = "What still feels true? (as version 1 asked it)"
    first.text = "That I do not have to carry it all."
    j.save_entry(entry)
    back = j.entry(entry.uid)
    assert back is not None
    assert back.answers[0].prompt == "What still feels true? (as version 1 asked it)"
