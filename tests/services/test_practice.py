"""The therapist's practice through its one door (services/practice.py): real reports from real
journals merged per patient, version 1 reports placed by the therapist, notes, removal."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from kapjournal.errors import ArchiveError, StorageError
from kapjournal.services.practice import (
    MAX_NOTE,
    NEW,
    NeedsPatient,
    OpenPractice,
    PracticeService,
    create_practice,
    open_practice,
)
from kapjournal.services.practice_course import SUMMARY_SCORE
from tests import practice_reports
from tests.practice_reports import (
    GOAL,
    NAME,
    QUESTION,
    SECOND,
    ZONE,
    Clock,
    Story,
    as_version_1,
    save,
)

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=ZONE)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return practice_reports.story(tmp_path_factory)


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One empty practice store made once (a key derivation); each test opens a copy of it
    with its raw key, which takes a millisecond."""
    path = tmp_path_factory.mktemp("empty") / "practice.kappractice"
    with create_practice(path, practice_reports.PASSPHRASE) as made:
        key = made.admin.key_for_keychain
    return path, key


@pytest.fixture
def opened(empty: tuple[Path, str], tmp_path: Path) -> Iterator[OpenPractice]:
    source, key = empty
    path = tmp_path / "practice.kappractice"
    shutil.copyfile(source, path)
    with open_practice(path, raw_key=key, clock=Clock(NOW)) as o:
        yield o


@pytest.fixture
def practice(opened: OpenPractice) -> PracticeService:
    return opened.practice


@pytest.fixture
def files(story: Story, tmp_path: Path) -> dict[str, Path]:
    out = tmp_path / "reports"
    return {
        "first": save(story.copy("first"), out / "first.json", indent=2),
        "later": save(story.copy("later"), out / "later.json"),
        "other": save(story.copy("other"), out / "other.json"),
        "old": save(as_version_1(story.copy("first")), out / "old.json"),
    }


def test_adding_the_same_report_twice_changes_nothing(
    practice: PracticeService, files: dict[str, Path], story: Story, tmp_path: Path
) -> None:
    added = practice.add(files["first"])
    assert added.new and added.patient == story.first["journal_id"] and added.name == NAME
    before = (practice.patients(), practice.course(added.patient))
    again = save(story.copy("first"), tmp_path / "again.json", separators=(",", ":"))
    for path in (files["first"], again):
        second = practice.add(path)
        assert not second.new and second.patient == added.patient and second.name == NAME
    assert (practice.patients(), practice.course(added.patient)) == before


def test_two_reports_of_one_journal_merge_into_one_course(
    practice: PracticeService, files: dict[str, Path], story: Story
) -> None:
    later = practice.add(files["later"])  # the order they arrive in does not matter
    first = practice.add(files["first"])
    assert later.patient == first.patient and first.new
    [row] = practice.patients()
    assert row["reports"] == 2 and row["latest_report"] == "2026-03-14T08:00:00+00:00"
    course = practice.course(first.patient)
    assert [r["generated_at"][:10] for r in course["reports"]] == ["2026-03-05", "2026-03-14"]
    uids = [r["uid"] for r in course["results"]]
    assert len(uids) == len(set(uids)) == 4, "each result once, by its uid"
    assert uids[:3] == [story.r1, story.r2, story.r3]
    amended = {r["uid"]: r["amended"] for r in course["results"]}
    assert amended[story.r2] and not amended[story.r1] and not amended[story.r3]
    [phq, who] = course["scores"]
    assert (who["instrument"], who["count"], who["latest"]["total"]) == ("WHO-5", 1, 60)
    assert phq["instrument"] == "PHQ-9" and phq["count"] == 2, "the amended result left out"
    assert (phq["baseline"]["total"], phq["latest"]["total"], phq["change"]) == (17, 7, -10)
    assert [p["total"] for p in phq["points"]] == [17, 7]
    assert [s["uid"] for s in course["sessions"]] == [story.session]
    assert course["sessions"][0]["number"] == 1
    [goal] = course["goals"]
    assert goal["text"] == GOAL and [r["value"] for r in goal["ratings"]] == [4, 6]
    assert [q["text"] for q in course["questions"]] == [QUESTION]
    assert len(course["check_ins"]) == 2
    [effect] = course["side_effects"]
    assert effect == {"effect": "Nausea", "sessions": [{"session_uid": story.session,
                                                         "strongest": 2}]}  # fmt: skip
    assert [x["session_uid"] for x in course["lifts"]] == [story.session]
    [flag] = course["flags"]
    assert flag["at"].startswith("2026-03-02") and not flag["open"], "acknowledged on day 10"
    assert [len(r["entries"]) for r in course["entries"]] == [5, 5]
    assert course["notes"] == [] and course["name"] == NAME


def test_two_journals_are_two_patients_and_the_flagged_one_comes_first(
    practice: PracticeService, files: dict[str, Path], story: Story
) -> None:
    practice.add(files["first"])
    practice.add(files["other"])
    rows = practice.patients()
    assert [r["name"] for r in rows] == [NAME, SECOND], "flagged first, though reported earlier"
    assert rows[0]["open_flags"] == 1 and rows[1]["open_flags"] == 0
    assert rows[0]["latest_flag"].startswith("2026-03-02")
    assert {r["id"] for r in rows} == {story.first["journal_id"], story.other["journal_id"]}
    practice.add(files["later"])  # the flag was acknowledged on a later day
    rows = practice.patients()
    assert [r["name"] for r in rows] == [SECOND, NAME], "then by the latest report"
    assert [r["open_flags"] for r in rows] == [0, 0]


def _acknowledged(story: Story, tmp_path: Path, flag_at: str, ack_day: str) -> Path:
    data = story.copy("later")
    data["safety_flags"][0]["at"] = flag_at
    data["acknowledged"][0]["at"] = ack_day
    return save(data, tmp_path / f"ack-{ack_day}-{flag_at[:13]}.json")


@pytest.mark.parametrize(
    ("flag_at", "ack_day", "still_open"),
    [
        ("2026-03-02T08:00:00+00:00", "2026-03-12", False),  # days later
        ("2026-03-12T08:00:00+00:00", "2026-03-12", True),  # the same day: not by guess
        ("2026-03-13T08:00:00+00:00", "2026-03-12", True),  # after it
        ("2026-03-12", "2026-03-12", True),  # a private flag, its date alone
        ("2026-03-11", "2026-03-12", False),
        # 23:30 UTC on the 11th is already the 12th for a patient east of UTC (Madrid: 00:30)
        ("2026-03-11T23:30:00+00:00", "2026-03-12", True),
    ],
)
def test_a_flag_stays_open_until_an_acknowledgement_on_a_later_day(
    practice: PracticeService, story: Story, tmp_path: Path,
    flag_at: str, ack_day: str, still_open: bool,
) -> None:  # fmt: skip
    added = practice.add(_acknowledged(story, tmp_path, flag_at, ack_day))
    [flag] = practice.course(added.patient)["flags"]
    assert flag["open"] is still_open
    assert practice.patients()[0]["open_flags"] == int(still_open)


def test_a_version_1_report_is_placed_by_name_and_the_therapist_says_who(
    practice: PracticeService, files: dict[str, Path], story: Story, tmp_path: Path
) -> None:
    alone = practice.add(files["old"])
    assert alone.new and alone.name == NAME and alone.patient != story.first["journal_id"]
    assert len(alone.patient) == 32
    practice.add(files["later"])  # version 2, the same name: a patient of its own journal
    changed = as_version_1(story.copy("first"))
    changed["generated_at"] = "2026-03-06T09:00:00+00:00"
    other = save(changed, tmp_path / "old2.json")
    with pytest.raises(NeedsPatient) as exc:
        practice.add(other)
    assert {p.key for p in exc.value.candidates} == {alone.patient, story.first["journal_id"]}
    assert NAME in str(exc.value) and alone.patient[:8] in str(exc.value)
    assert len(practice.patients()) == 2, "nothing added while asking"
    joined = practice.add(other, patient=story.first["journal_id"][:10])
    assert joined.new and joined.patient == story.first["journal_id"]
    new = practice.add(other, patient=NEW)
    assert not new.new, "the same report is not added twice, whoever it is said to be"
    assert new.patient == joined.patient, "and it says whose it is"
    assert len(practice.patients()) == 2


def test_the_same_version_1_report_added_again_changes_nothing(
    practice: PracticeService, files: dict[str, Path]
) -> None:
    first = practice.add(files["old"], patient=NEW)
    before = practice.patients()
    for patient in (None, NEW, first.patient):
        again = practice.add(files["old"], patient=patient)
        assert not again.new and again.patient == first.patient and again.name == NAME
    assert practice.patients() == before


def test_version_1_totals_and_version_2_results_at_the_same_time_are_one(
    practice: PracticeService, files: dict[str, Path], story: Story
) -> None:
    key = practice.add(files["later"]).patient
    assert practice.add(files["old"], patient=key).patient == key
    results = practice.course(key)["results"]
    at_start = [r for r in results if r["at"].startswith("2026-03-02")]
    assert [r["uid"] for r in at_start] == [story.r1], "the version 2 result, with its uid"
    assert [r["uid"] for r in results if r["uid"] is None] and len(practice.patients()) == 1


def test_find_by_id_prefix_name_and_ambiguity(
    practice: PracticeService, files: dict[str, Path], story: Story, tmp_path: Path
) -> None:
    key = practice.add(files["first"]).patient
    practice.add(files["other"])
    assert practice.find(key).key == key
    assert practice.find(key[:6]).key == key and practice.find(key[:6].upper()).key == key
    assert practice.find(f"  {NAME} ").key == key
    assert practice.find(SECOND).key == story.other["journal_id"]
    for spec in (key[:5], "Nobody", ""):
        with pytest.raises(LookupError, match="No patient in this practice"):
            practice.find(spec)
    same_name = story.copy("other")
    same_name["patient"] = NAME
    same_name["journal_id"] = key[:6] + "0" * 26
    practice.add(save(same_name, tmp_path / "same.json"))
    for spec in (NAME, key[:6]):
        with pytest.raises(LookupError, match="More than one patient matches"):
            practice.find(spec)
    assert practice.find(key).key == key, "the whole id always finds one"


def test_notes_are_kept_and_refused_when_empty_or_too_long(
    practice: PracticeService, files: dict[str, Path]
) -> None:
    key = practice.add(files["first"]).patient
    for text in ("", "   \n\t"):
        with pytest.raises(StorageError, match="The note is empty"):
            practice.note(key, text)
    with pytest.raises(StorageError, match="at most"):
        practice.note(key, "x" * (MAX_NOTE + 1))
    with pytest.raises(LookupError):
        practice.note("nobody at all", "a note")
    assert practice.notes(key) == []
    practice.note(NAME, "  " + practice_reports.NOTE + "\n")
    practice.note(key, "y" * MAX_NOTE)
    notes = practice.notes(key)
    assert [n["text"] for n in notes] == [practice_reports.NOTE, "y" * MAX_NOTE]
    assert datetime.fromisoformat(notes[0]["at"]) == NOW
    assert practice.course(key)["notes"] == notes


def test_remove_takes_the_reports_and_the_notes_with_the_patient(
    practice: PracticeService, files: dict[str, Path], story: Story
) -> None:
    key = practice.add(files["first"]).patient
    practice.add(files["later"])
    practice.add(files["other"])
    practice.note(key, "to be removed")
    assert practice.remove(key[:8]) == NAME
    assert [r["name"] for r in practice.patients()] == [SECOND]
    with pytest.raises(LookupError):
        practice.course(key)
    again = practice.add(files["first"])
    assert again.new, "its reports went with it: the same report is new again"
    assert practice.notes(key) == [] and len(practice.course(key)["reports"]) == 1


def test_the_list_summary_scores_match_the_course(
    practice: PracticeService, files: dict[str, Path]
) -> None:
    for name in ("first", "later", "other"):
        practice.add(files[name])
    for row in practice.patients():
        course = practice.course(row["id"])
        assert row["scores"] == [{k: s[k] for k in SUMMARY_SCORE} for s in course["scores"]]
        assert row["reports"] == len(course["reports"])
        assert row["open_flags"] == sum(f["open"] for f in course["flags"])
    first = next(r for r in practice.patients() if r["name"] == NAME)
    phq = next(s for s in first["scores"] if s["instrument"] == "PHQ-9")
    assert (phq["latest"]["total"], phq["change"], phq["baseline"]["total"]) == (7, -10, 17)
    assert phq["latest"]["band_label"] == "Mild"


def test_who_5_says_a_rise_is_better(practice: PracticeService, files: dict[str, Path]) -> None:
    key = practice.add(files["later"]).patient
    better = {s["instrument"]: s["higher_is_better"] for s in practice.course(key)["scores"]}
    assert better == {"PHQ-9": False, "WHO-5": True}
    row = practice.patients()[0]
    assert {s["instrument"]: s["higher_is_better"] for s in row["scores"]} == better


def test_a_hostile_report_is_refused_and_nothing_is_stored(
    practice: PracticeService, story: Story, tmp_path: Path
) -> None:
    data = story.copy("first")
    data["results"][1]["total"] = "8"
    with pytest.raises(ArchiveError, match=r"results\[1\]\.total"):
        practice.add(save(data, tmp_path / "bad.json"))
    data = story.copy("first")
    data["version"] = 7
    with pytest.raises(ArchiveError, match="version 7"):
        practice.add(save(data, tmp_path / "new.json"))
    assert practice.patients() == []
