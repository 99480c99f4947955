"""Reports through the service, on a real vault: choose, build, write, record; or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kapjournal.domain import EntryFilter, Phase
from kapjournal.errors import StorageError
from kapjournal.services.opening import OpenJournal


def written(opened: OpenJournal, title: str, text: str, *, private: bool = False) -> str:
    entry = opened.journal.start_entry("kapjournal.core/recall")
    entry.title = title
    imagery = next(a for a in entry.answers if a.item_id == "imagery")
    imagery.text, imagery.private = text, private
    return opened.journal.save_entry(entry).uid


def test_a_report_of_chosen_entries_is_written_and_recorded(
    opened: OpenJournal, tmp_path: Path
) -> None:
    keep = written(opened, "Lighthouse", "A lighthouse in fog")
    written(opened, "Other", "not chosen at all")
    written(opened, "Quiet", "kept to myself", private=True)
    reports = opened.reports
    chosen = reports.select(uids=[keep])
    assert [e.title for e in chosen] == ["Lighthouse"]
    assert len(reports.select(EntryFilter(phase=Phase.RECALL))) == 3
    out = tmp_path / "report.md"
    done = reports.write(reports.build(reports.select(EntryFilter(phase=Phase.RECALL))), out)
    text = out.read_text(encoding="utf-8")
    assert "A lighthouse in fog" in text and "not chosen at all" in text
    assert "kept to myself" not in text and done.withheld == 1 and done.entries == 3
    assert out.stat().st_mode & 0o077 == 0
    [record] = reports.history()
    assert (record.format, record.entry_count, record.withheld_count) == ("report-md", 3, 1)
    assert set(record.entry_uids) == {
        e.uid for e in reports.select(EntryFilter(phase=Phase.RECALL))
    }


def test_a_failed_export_leaves_no_file_and_no_record(
    opened: OpenJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written(opened, "Lighthouse", "A lighthouse in fog")
    reports = opened.reports
    report = reports.build(reports.select())
    with pytest.raises(StorageError, match="could not be written"):
        reports.write(report, tmp_path / "missing-folder" / "r.md")
    existing = tmp_path / "reports" / "r.md"
    existing.parent.mkdir()
    existing.write_text("the report of last month")
    repo = opened.journal._repo  # noqa: SLF001

    def refuse(_record: object) -> None:
        raise StorageError("The disk is full, so nothing was changed.")

    monkeypatch.setattr(repo, "record_export", refuse)
    with pytest.raises(StorageError):
        reports.write(report, existing)
    assert existing.read_text() == "the report of last month"
    assert [p.name for p in existing.parent.iterdir()] == ["r.md"]  # no .part left behind
    monkeypatch.undo()
    assert repo.exports() == []


def test_the_archive_export_is_one_unit_too(opened: OpenJournal, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="nothing was exported"):
        opened.archives.export_archive(tmp_path / "no-such-folder" / "all.json")
    assert opened.journal._repo.exports() == []  # noqa: SLF001


def test_questions_for_the_therapist_head_the_summary(opened: OpenJournal, tmp_path: Path) -> None:
    entry = opened.journal.start_entry("kapjournal.core/integration")
    answers = {a.item_id: a for a in entry.answers}
    answers["bring-to-therapy"].text = "The lighthouse image and what it guards."
    opened.journal.save_entry(entry)
    later = opened.journal.start_entry("kapjournal.core/integration-3")
    question = next(a for a in later.answers if a.item_id == "therapist-questions")
    question.text = "Is it normal to feel flat on day three?"
    question.private = True  # a question for the therapist, but private: it stays here
    opened.journal.save_entry(later)
    reports = opened.reports
    report = reports.build(reports.select(EntryFilter()))
    assert [t.text for t in report.topics] == ["The lighthouse image and what it guards."]
    out = tmp_path / "r.md"
    reports.write(report, out)
    text = out.read_text(encoding="utf-8")
    summary = text[text.index("## Summary") : text.index("### Sessions")]
    assert "What I want to bring to therapy" in summary and "lighthouse image" in summary
    assert "flat on day three" not in text


def test_a_scale_answer_goes_out_with_its_range_and_the_words_at_its_ends(
    opened: OpenJournal, tmp_path: Path
) -> None:
    """ "Mood 7" could mean anything; "7 of 10 (0 = Very low, 10 = Very good)" cannot."""
    entry = opened.journal.start_entry("kapjournal.core/check-in")
    answers = {a.item_id: a for a in entry.answers}
    answers["mood"].number = 7
    answers["sleep"].number = 2.5
    opened.journal.save_entry(entry)
    reports = opened.reports
    out = tmp_path / "r.md"
    reports.write(reports.build(reports.select(EntryFilter())), out)
    text = out.read_text(encoding="utf-8")
    assert "7 of 10 (0 = Very low, 10 = Very good)" in text
    assert "2.5 of 10 (0 = Very badly, 10 = Very well)" in text


def test_the_safety_plan_goes_out_only_when_asked_for(opened: OpenJournal) -> None:
    """Its own choice, however the entries are chosen: by a filter, or by naming them."""
    journal = opened.journal
    plan = journal.open_safety_plan()
    plan.answers[0].text = "Not answering messages"
    plan = journal.save_entry(plan)
    written(opened, "Lighthouse", "fog")
    reports = opened.reports
    assert plan.uid not in {e.uid for e in reports.select(EntryFilter())}
    assert plan.uid not in {e.uid for e in reports.select(uids=[plan.uid])}
    assert plan.uid in {e.uid for e in reports.select(EntryFilter(), safety_plan=True)}
    only = reports.select(EntryFilter(phase=Phase.RECALL), safety_plan=True)
    assert [e.title for e in only][-1] == plan.title and len(only) == 2


def test_every_rated_side_effect_is_in_a_table_by_session(
    opened: OpenJournal, tmp_path: Path
) -> None:
    """A moderate headache after every session is worth a line on the first pages, not only
    the side effects rated strong."""
    from datetime import timedelta

    from kapjournal.domain import Session, SessionStatus

    journal = opened.journal
    start = journal.clock() - timedelta(days=10)
    days = (start, start + timedelta(days=7))
    first, second = (
        journal.course.save_session(Session(scheduled_at=d, status=SessionStatus.DONE))
        for d in days
    )
    for session, ratings, private in (
        (first, {"Headache": 2, "Nausea": 1}, False),
        (first, {"Headache": 1}, False),  # a weaker rating the same session: 2 stays
        (second, {"Headache": 2, "Dizziness": 0}, False),
        (second, {"Palpitations": 3}, True),  # private: not in the table
    ):
        entry = journal.start_entry("kapjournal.core/recall", session.uid)
        answer = next(a for a in entry.answers if a.item_id == "side-effects")
        answer.choices, answer.severities, answer.private = list(ratings), ratings, private
        journal.save_entry(entry)
    reports = opened.reports
    report = reports.build(reports.select(EntryFilter()))
    assert [s.uid for s in report.side_effects.sessions] == [first.uid, second.uid]
    assert dict(report.side_effects.rows) == {
        "Headache": (2, 2), "Nausea": (1, None), "Dizziness": (None, 0)}  # fmt: skip
    out = tmp_path / "r.md"
    reports.write(report, out)
    text = out.read_text(encoding="utf-8")
    table = text[text.index("### Side effects by session") :]
    assert "| Headache | 2 (moderate) | 2 (moderate) |" in table
    assert "| Nausea | 1 (mild) | – |" in table and "Palpitations" not in table
    share = tmp_path / "r.json"
    reports.write(report, share, fmt="share")
    rows = json.loads(share.read_text())["at_a_glance"]["side_effects"]
    assert rows[0]["effect"] == "Headache"
    assert rows[0]["sessions"] == [
        {"session_uid": first.uid, "strongest": 2},
        {"session_uid": second.uid, "strongest": 2},
    ]


def test_check_ins_go_out_as_one_table_not_a_heading_each(
    opened: OpenJournal, tmp_path: Path
) -> None:
    journal = opened.journal
    for mood, line, private in (
        (7, "Quiet evening.", False),
        (3, "Heavy day.", True),
        (5, "", False),
    ):
        entry = journal.start_entry("kapjournal.core/check-in")
        answers = {a.item_id: a for a in entry.answers}
        answers["mood"].number, answers["anxiety"].number = mood, 2
        answers["one-line"].text, answers["one-line"].private = line, private
        journal.save_entry(entry)
    words = journal.start_entry("kapjournal.core/check-in")  # with words below: its own entry
    next(a for a in words.answers if a.item_id == "mood").number = 4
    words.body = "Long walk; I want to tell the therapist about it."
    journal.save_entry(words)
    reports = opened.reports
    out = tmp_path / "r.md"
    reports.write(reports.build(reports.select(EntryFilter())), out)
    text = out.read_text(encoding="utf-8")
    assert text.count("### Daily check-in: 3 entries") == 1
    table = text[text.index("### Daily check-in: 3 entries") :]
    assert "| Date | Mood | Anxiety | One line about today |" in table
    assert "| 7 | 2 | Quiet evening. |" in table and "| 3 | 2 | – |" in table
    assert "Heavy day" not in text, "a private line stays out of the table too"
    assert "Mood: 0 = Very low, 10 = Very good; Anxiety: 0 = Calm, 10 = Very anxious." in table
    assert "Long walk; I want to tell the therapist about it." in text
    assert text.count("### Daily check-in") == 2  # the table, and the one with words


def test_how_long_each_lift_lasted_comes_from_the_chosen_check_ins(
    opened: OpenJournal, tmp_path: Path
) -> None:
    from datetime import timedelta

    from kapjournal.domain import Session, SessionStatus

    journal = opened.journal
    now = journal.clock()
    session = journal.course.save_session(
        Session(scheduled_at=now - timedelta(days=6), status=SessionStatus.DONE)
    )
    moods = {-11: 4, -10: 4, -9: 4, -8: 10, -5: 8, -4: 8, -3: 8, -2: 4, -1: 4}
    for days, mood in moods.items():
        journal.clock = lambda d=days: now + timedelta(days=d)
        entry = journal.start_entry("kapjournal.core/check-in")
        answer = next(a for a in entry.answers if a.item_id == "mood")
        answer.number, answer.private = mood, mood == 10  # the 10 is private: not counted
        journal.save_entry(entry)
    journal.clock = lambda: now
    reports = opened.reports
    report = reports.build(reports.select(EntryFilter()))
    [lift] = report.lifts
    assert lift.session.uid == session.uid and lift.before == 4 and lift.before_days == 3
    out = tmp_path / "r.md"
    reports.write(report, out)
    text = out.read_text(encoding="utf-8")
    assert "### How long each lift lasted" in text
    assert lift.sentence() in text and "mood before it 4 (from 3 days" in text


def test_a_new_report_starts_where_the_last_one_ended(opened: OpenJournal) -> None:
    """Or at the last session when there was no report; an archive is not a report."""
    from datetime import timedelta

    from kapjournal.domain import ExportRecord, Session, SessionStatus

    journal, reports = opened.journal, opened.reports
    now = journal.clock()
    assert reports.starting_point() is None  # nothing yet: every entry
    journal.course.save_session(
        Session(scheduled_at=now - timedelta(days=20), status=SessionStatus.DONE)
    )
    journal.course.save_session(Session(scheduled_at=now + timedelta(days=3)))  # planned
    start = reports.starting_point()
    assert start is not None and not start.last_report
    assert start.day == (now - timedelta(days=20)).astimezone().date()
    assert start.sentence().startswith("Starting from your last session, on ")
    repo = opened.journal._repo  # noqa: SLF001
    repo.record_export(ExportRecord("json-archive", 3, at=now - timedelta(days=2)))
    assert not reports.starting_point().last_report  # type: ignore[union-attr]
    repo.record_export(ExportRecord("report-pdf", 3, at=now - timedelta(days=9)))
    start = reports.starting_point()
    assert start is not None and start.last_report
    assert start.day == (now - timedelta(days=9)).astimezone().date()


def test_the_share_file_version_2_carries_a_random_id_per_recipient_and_the_data(
    opened: OpenJournal, tmp_path: Path
) -> None:
    journal, reports = opened.journal, opened.reports
    entry = journal.start_entry("kapjournal.core/check-in")
    next(a for a in entry.answers if a.item_id == "mood").number = 6
    journal.save_entry(entry)
    journal.questionnaires.record_questionnaire("phq9", {f"phq9_{n}": 1 for n in range(1, 10)})
    [shared] = journal.questionnaires.measures("phq9")
    report = reports.build(reports.select(EntryFilter()))

    def share(recipient: str) -> dict:
        out = tmp_path / f"{recipient or 'none'}.json"
        reports.write(report, out, fmt="share", recipient=recipient)
        found: dict = json.loads(out.read_text(encoding="utf-8"))
        return found

    first, again, other = share("Harbour Clinic"), share("Harbour Clinic"), share("Dr. K")
    assert first["version"] == 2 and first["recipient"] == "Harbour Clinic"
    assert first["journal_id"] == again["journal_id"] != other["journal_id"]
    assert len(first["journal_id"]) == 32 and int(first["journal_id"], 16) >= 0
    [result] = first["results"]
    assert result["uid"] == shared.uid and result["instrument_id"] == "phq9"
    assert result["total"] == 9 and result["safety_answers"] == {"phq9_9": 1}
    assert set(first["at_a_glance"]) == {
        "safety_items",
        "changes",
        "side_effects",
        "goals",
        "private_goals_withheld",
        "lifts",
    }
    assert first["at_a_glance"]["safety_items"][0].startswith(
        "PHQ-9 item 9: above 0 on every result shared: "
    )
    assert first["check_ins"][0]["item"] == "mood" and first["check_ins"][0]["value"] == 6
