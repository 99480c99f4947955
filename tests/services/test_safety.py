"""Flags kept in a history, results amended rather than moved, repeats said more briefly."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from kapjournal.domain import Entry
from kapjournal.services.journal import JournalService
from kapjournal.services.opening import create_journal

START = datetime(2026, 3, 2, 10, 0).astimezone()


def journal(tmp_path: Path) -> JournalService:
    return create_journal(tmp_path / "j.kapvault", "a long test passphrase here").journal


def phq(item9: int, rest: int = 1) -> dict[str, int]:
    answers = {f"phq9_{n}": rest for n in range(1, 9)}
    answers["phq9_9"] = item9
    return answers


def test_a_flag_stays_in_the_history_when_its_answer_is_changed(tmp_path: Path) -> None:
    j = journal(tmp_path)
    j.clock = lambda: START
    first = j.questionnaires.record_questionnaire("phq9", phq(1))
    assert [r.id for r in first.new_flags] == ["phq9-item9"]
    changed = j.questionnaires.record_questionnaire(
        "phq9", phq(0), uid=first.result.uid
    )  # same sitting
    assert changed.result.uid == first.result.uid and not changed.result.flags
    [kept] = j.safety.flag_history()
    assert (kept.result_uid, kept.rule) == (first.result.uid, "phq9-item9")
    notice = j.safety.safety_notice()
    assert notice is not None and "better off dead" in notice.messages[0]


def test_editing_an_old_result_amends_it_and_keeps_its_time(tmp_path: Path) -> None:
    j = journal(tmp_path)
    j.clock = lambda: START
    old = j.questionnaires.record_questionnaire("phq9", phq(0, rest=2)).result
    j.clock = lambda: START + timedelta(days=21)
    new = j.questionnaires.record_questionnaire("phq9", phq(0, rest=1), uid=old.uid).result
    assert new.uid != old.uid and new.amends == old.uid
    assert new.completed_at == START + timedelta(days=21)
    kept = j.questionnaires.measure(old.uid)
    assert kept is not None and kept.completed_at == START and kept.total == 16
    assert [m.uid for m in j.questionnaires.measures("phq9")] == [new.uid], (
        "the amendment counts, once"
    )


def test_the_same_flag_within_days_is_a_repeat(tmp_path: Path) -> None:
    j = journal(tmp_path)
    j.clock = lambda: START
    assert not j.questionnaires.record_questionnaire("phq9", phq(2)).repeated
    j.clock = lambda: START + timedelta(days=2)
    again = j.questionnaires.record_questionnaire("phq9", phq(1))
    assert again.repeated == {"phq9-item9"}
    j.clock = lambda: START + timedelta(days=9)
    assert j.questionnaires.record_questionnaire("phq9", phq(1)).repeated, (
        "within the PHQ-9's own interval"
    )
    j.clock = lambda: START + timedelta(days=9 + 31)
    assert not j.questionnaires.record_questionnaire("phq9", phq(1)).repeated, (
        "a month later: in full again"
    )


def test_the_repeat_window_is_the_questionnaires_own_interval_within_7_to_30_days() -> None:
    from kapjournal.prompts.model import QuestionnaireSchedule
    from kapjournal.services.safety import repeat_days

    assert repeat_days(QuestionnaireSchedule("phq9")) == 30  # weekly, then monthly
    assert repeat_days(QuestionnaireSchedule("x", 3, 5)) == 7
    assert repeat_days(QuestionnaireSchedule("x", 7, 90)) == 30
    assert repeat_days(QuestionnaireSchedule("x", 14, 14)) == 14
    assert repeat_days(None) == 7, "a page's own rule: a week"


def test_acknowledging_ends_the_banner_and_restarts_the_repeats(tmp_path: Path) -> None:
    from kapjournal.domain import Acknowledged

    j = journal(tmp_path)
    j.clock = lambda: START
    j.questionnaires.record_questionnaire("phq9", phq(1))
    assert j.safety.safety_notice() is not None
    j.clock = lambda: START + timedelta(days=1)
    j.safety.acknowledge_flags(Acknowledged.THERAPIST)
    assert j.safety.safety_notice() is None, "acknowledged: Today's banner ends"
    [ack] = j.safety.acknowledgements()
    assert ack.reason == "therapist" and ack.at == START + timedelta(days=1)
    assert len(j.safety.flag_history()) == 1, "the flag itself stays"
    j.clock = lambda: START + timedelta(days=3)
    again = j.questionnaires.record_questionnaire("phq9", phq(1))
    assert not again.repeated, "the count restarts: the crisis screen says it in full"
    notice = j.safety.safety_notice()
    assert notice is not None and notice.when == START + timedelta(days=3)


def test_item_9_is_worded_by_its_answer_and_every_level_keeps_the_plain_truth(
    tmp_path: Path,
) -> None:
    j = journal(tmp_path)
    j.clock = lambda: START
    said = []
    for value, words in ((1, "on several days"), (2, "on more than half the days"),
                         (3, "nearly every day")):  # fmt: skip
        outcome = j.questionnaires.record_questionnaire("phq9", phq(value))
        [rule] = outcome.new_flags
        message = outcome.message(rule)
        assert words in message and "Nobody monitors this journal" in message
        said.append(message)
    assert len(set(said)) == 3


def test_a_crisis_rule_on_a_page_item_enters_the_history_and_the_notice(tmp_path: Path) -> None:
    from kapjournal.prompts.model import ItemRule

    j = journal(tmp_path)
    j.clock = lambda: START
    entry = j.save_entry(j.free_entry())
    rule = ItemRule("urge-high", "That is a strong urge.")
    assert j.safety.record_entry_rules(entry, [rule]) == frozenset()
    [kept] = j.safety.flag_history()
    assert (kept.result_uid, kept.rule) == (entry.uid, "urge-high")
    other = j.save_entry(j.free_entry())
    j.clock = lambda: START + timedelta(days=1)
    assert j.safety.record_entry_rules(other, [rule]) == {"urge-high"}, "again within days"
    support = ItemRule("strong-side-effect", "…", level="support")
    assert j.safety.record_entry_rules(other, [support]) == frozenset()
    assert len(j.safety.flag_history()) == 2, "support is not a flag"


def recall_with(journal: JournalService, severities: dict[str, int]) -> Entry:
    entry = journal.start_entry("kapjournal.core/recall")
    effects = next(a for a in entry.answers if a.item_id == "side-effects")
    effects.choices, effects.severities = list(severities), dict(severities)
    return journal.save_entry(entry)


def test_medical_red_flags_rated_strong_point_to_emergency_services(tmp_path: Path) -> None:
    j = journal(tmp_path)
    j.clock = lambda: START
    chest = j.safety.check_entry(recall_with(j, {"Chest pain": 3}))
    [said] = chest.medical
    assert said.startswith("Strong chest pain after a session can be serious.")
    assert "call emergency services now" in said and chest.crisis == ()
    assert chest.support, "a strong rating also gets the gentler note"
    assert not j.safety.check_entry(recall_with(j, {"Chest pain": 2})).medical, "strong only"
    assert not j.safety.check_entry(recall_with(j, {"Headache": 3})).medical, "a headache alone"
    both = j.safety.check_entry(
        recall_with(j, {"Headache": 3, "A raised blood pressure reading": 1})
    )
    assert [m.split(".")[0] for m in both.medical] == [
        "A strong headache together with a raised blood pressure reading can be serious"
    ]
    for line in ("Difficulty breathing", "Confusion that has not cleared"):
        assert j.safety.check_entry(recall_with(j, {line: 3})).medical, line
    assert not j.safety.check_entry(recall_with(j, {"Confusion": 3})).medical, (
        "confusion right after"
    )
    assert j.safety.flag_history() == [], "a medical note is not a crisis flag"


def test_a_rule_met_before_is_not_said_again(tmp_path: Path) -> None:
    j = journal(tmp_path)
    entry = recall_with(j, {"Chest pain": 3})
    first = j.safety.check_entry(entry)
    assert first.medical and "chest-pain" in first.met
    assert j.safety.check_entry(entry, first.met).medical == ()
