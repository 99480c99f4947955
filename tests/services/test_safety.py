"""Flags kept in a history, results amended rather than moved, repeats said more briefly."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

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
    first = j.record_questionnaire("phq9", phq(1))
    assert [r.id for r in first.new_flags] == ["phq9-item9"]
    changed = j.record_questionnaire("phq9", phq(0), uid=first.result.uid)  # same sitting
    assert changed.result.uid == first.result.uid and not changed.result.flags
    [kept] = j.flag_history()
    assert (kept.result_uid, kept.rule) == (first.result.uid, "phq9-item9")
    notice = j.safety_notice()
    assert notice is not None and "better off dead" in notice.messages[0]


def test_editing_an_old_result_amends_it_and_keeps_its_time(tmp_path: Path) -> None:
    j = journal(tmp_path)
    j.clock = lambda: START
    old = j.record_questionnaire("phq9", phq(0, rest=2)).result
    j.clock = lambda: START + timedelta(days=21)
    new = j.record_questionnaire("phq9", phq(0, rest=1), uid=old.uid).result
    assert new.uid != old.uid and new.amends == old.uid
    assert new.completed_at == START + timedelta(days=21)
    kept = j.measure(old.uid)
    assert kept is not None and kept.completed_at == START and kept.total == 16
    assert [m.uid for m in j.measures("phq9")] == [new.uid], "the amendment counts, once"


def test_the_same_flag_within_days_is_a_repeat(tmp_path: Path) -> None:
    j = journal(tmp_path)
    j.clock = lambda: START
    assert not j.record_questionnaire("phq9", phq(2)).repeated
    j.clock = lambda: START + timedelta(days=2)
    again = j.record_questionnaire("phq9", phq(1))
    assert again.repeated == {"phq9-item9"}
    j.clock = lambda: START + timedelta(days=9)
    assert not j.record_questionnaire("phq9", phq(1)).repeated, "a week later: in full again"


def test_a_crisis_rule_on_a_page_item_enters_the_history_and_the_notice(tmp_path: Path) -> None:
    from kapjournal.prompts.model import ItemRule

    j = journal(tmp_path)
    j.clock = lambda: START
    entry = j.save_entry(j.free_entry())
    rule = ItemRule("urge-high", "That is a strong urge.")
    assert j.record_entry_rules(entry, [rule]) == frozenset()
    [kept] = j.flag_history()
    assert (kept.result_uid, kept.rule) == (entry.uid, "urge-high")
    other = j.save_entry(j.free_entry())
    j.clock = lambda: START + timedelta(days=1)
    assert j.record_entry_rules(other, [rule]) == {"urge-high"}, "again within days"
    support = ItemRule("strong-side-effect", "…", level="support")
    assert j.record_entry_rules(other, [support]) == frozenset()
    assert len(j.flag_history()) == 2, "support is not a flag"
