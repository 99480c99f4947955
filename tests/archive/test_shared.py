"""Reading a report a patient shared (archive/shared.py): versions 1 and 2 from the real export
path, every other version refused, and hostile files refused with one sentence."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kapjournal.archive import shared
from kapjournal.archive.shared import parse_shared, read_shared
from kapjournal.errors import ArchiveError
from tests import practice_reports
from tests.practice_reports import BODY, GOAL, NAME, QUESTION, Story, as_version_1, save


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return practice_reports.story(tmp_path_factory)


def one_sentence(exc: pytest.ExceptionInfo[ArchiveError]) -> str:
    text = str(exc.value)
    assert "\n" not in text and text.strip().endswith(".") and "Traceback" not in text
    return text


def test_a_version_2_report_from_a_real_journal_reads_back(story: Story, tmp_path: Path) -> None:
    data = story.copy("first")
    got = read_shared(save(data, tmp_path / "a.json", indent=2))
    assert got.version == 2 and got.journal_id == data["journal_id"] and got.patient == NAME
    assert got.generated_at.utcoffset() is not None
    assert got.generated_at == practice_reports.T0.replace(day=5)
    head = got.head
    assert "entries" not in head and "format" not in head
    assert head["recipient"] == practice_reports.RECIPIENT
    assert head["generated_at"].endswith("+00:00"), "times are kept in UTC"
    assert [r["uid"] for r in head["results"]] == [story.r1, story.r2]
    assert head["results"][0]["safety_answers"] == {"phq9_9": 1}
    assert head["results"][0]["total"] == 17 and isinstance(head["results"][0]["total"], int)
    [goal] = head["at_a_glance"]["goals"]
    assert goal["text"] == GOAL and [r["value"] for r in goal["ratings"]] == [4]
    assert head["at_a_glance"]["private_goals_withheld"] == 1
    assert [q["text"] for q in head["for_therapist"]] == [QUESTION]
    assert [s["uid"] for s in head["sessions"]] == [story.session]
    assert {c["item"] for c in head["check_ins"]} == {"mood"}
    assert len(got.entries) == data["entry_count"] == 5
    free = next(e for e in got.entries if e["phase"] == "free")
    assert free["body"] == BODY and free["pictures"][0]["mime"] == "image/jpeg"
    assert free["pictures"][0]["data"] == data["entries"][3]["pictures"][0]["data"]


def test_a_version_1_report_reads_with_the_later_keys_empty(story: Story, tmp_path: Path) -> None:
    old = as_version_1(story.copy("first"))
    got = read_shared(save(old, tmp_path / "old.json"))
    assert got.version == 1 and got.journal_id == "" and got.patient == NAME
    assert got.head["results"] == [] and got.head["check_ins"] == []
    assert got.head["at_a_glance"]["goals"] == [] and got.head["recipient"] is None
    assert got.head["sessions"][0]["number"] is None
    assert [t["total"] for t in got.head["trends"][0]["totals"]] == [17, 8]
    assert len(got.entries) == 5


def test_the_same_report_saved_again_otherwise_has_the_same_digest(
    story: Story, tmp_path: Path
) -> None:
    data = story.copy("first")
    compact = read_shared(save(data, tmp_path / "a.json", separators=(",", ":")))
    spaced = read_shared(save(data, tmp_path / "b.json", indent=4, sort_keys=True))
    ascii_only = read_shared(save(data, tmp_path / "c.json", ensure_ascii=True))
    assert compact.digest == spaced.digest == ascii_only.digest
    data["generated_at"] = "2026-03-05T08:00:00Z"  # the same moment, written in UTC
    assert read_shared(save(data, tmp_path / "d.json")).digest == compact.digest
    data["entries"][0]["body"] = "changed"
    assert read_shared(save(data, tmp_path / "e.json")).digest != compact.digest
    assert read_shared(save(story.copy("later"), tmp_path / "f.json")).digest != compact.digest


@pytest.mark.parametrize("version", [3, 0, "2", None, 2.5])
def test_an_unknown_version_is_refused_with_one_sentence_naming_it(
    story: Story, version: Any
) -> None:
    data = story.copy("first")
    data["version"] = version
    with pytest.raises(ArchiveError) as exc:
        parse_shared(data, "report.json")
    text = one_sentence(exc)
    assert text.startswith("report.json is a shared report of version ")
    assert f"version {version}," in text and "update kapjournal" in text


@pytest.mark.parametrize(
    "data",
    [
        {"format": "kapjournal", "version": 1, "entries": []},  # an archive
        {"version": 2},
        [],
        "kapjournal-report",
    ],
)
def test_what_is_not_a_shared_report_is_refused(data: Any) -> None:
    with pytest.raises(ArchiveError) as exc:
        parse_shared(data, "x.json")
    assert one_sentence(exc).startswith("x.json")


def _set(*path: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        holder = data
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = value

    return change


def _drop(*path: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        holder = data
        for part in path[:-1]:
            holder = holder[part]
        del holder[path[-1]]

    return change


HOSTILE = {
    "a string for a total": (_set("results", 0, "total", value="17"), "results[0].total"),
    "a string for a rating": (
        _set("at_a_glance", "goals", 0, "ratings", 0, "value", value="4"),
        "at_a_glance.goals[0].ratings[0].value",
    ),
    "a list for an object": (_set("at_a_glance", value=[]), "at_a_glance"),
    "a list for a result": (_set("results", 0, value=[1, 2]), "results[0]"),
    "an object for a list": (_set("sessions", value={"uid": "x"}), "sessions"),
    "a number for text": (_set("entries", 3, "body", value=12), "entries[3].body"),
    "a number for a flag's text": (_set("safety_flags", 0, "text", value=1), "safety_flags[0]"),
    "text in the safety answers": (
        _set("results", 0, "safety_answers", value={"phq9_9": "1"}),
        "results[0].safety_answers",
    ),
    "a list for the safety answers": (
        _set("results", 0, "safety_answers", value=[1]),
        "results[0].safety_answers",
    ),
    "a true for a number": (_set("entry_count", value=True), "entry_count"),
    "a huge number": (_set("results", 0, "total", value=10**15), "results[0].total"),
    "text for true or false": (
        _set("safety_flags", 0, "private", value="no"),
        "safety_flags[0].private",
    ),
    "not a time": (_set("results", 0, "at", value="yesterday"), "results[0].at"),
    "a missing uid": (_drop("results", 0, "uid"), "results[0].uid"),
    "a missing generated_at": (_drop("generated_at"), "generated_at"),
    "a short journal_id": (_set("journal_id", value="abc123"), "journal_id"),
    "a journal_id of other letters": (_set("journal_id", value="z" * 32), "journal_id"),
    "a journal_id with a newline": (_set("journal_id", value="a" * 32 + "\n"), "journal_id"),
    "no journal_id in version 2": (_set("journal_id", value=None), "journal_id"),
    "a journal_id that is a number": (_set("journal_id", value=12), "journal_id"),
    "bad base64": (
        _set("entries", 3, "pictures", 0, "data", value="not base64!!"),
        "entries[3].pictures[0].data",
    ),
    "base64 cut short": (
        _set("entries", 3, "pictures", 0, "data", value="QUJDR"),
        "entries[3].pictures[0].data",
    ),
    "entries as an object": (_set("entries", value={}), "entries"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_reports_are_refused_with_one_sentence_naming_the_place(
    case: str, story: Story
) -> None:
    change, place = HOSTILE[case]
    data = story.copy("first")
    change(data)
    with pytest.raises(ArchiveError) as exc:
        parse_shared(data, "hostile.json")
    text = one_sentence(exc)
    assert text.startswith("hostile.json: ") and place in text, text
    assert "nothing was imported" in text


def test_a_lone_surrogate_is_refused(story: Story, tmp_path: Path) -> None:
    data = story.copy("first")
    data["entries"][3]["body"] = "PLACEHOLDER"
    path = tmp_path / "surrogate.json"
    text = json.dumps(data, ensure_ascii=True).replace("PLACEHOLDER", "before \\udc00 after")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArchiveError) as exc:
        read_shared(path)
    assert "lone surrogate" in one_sentence(exc) and "entries[3].body" in str(exc.value)


def test_bytes_that_are_not_utf8_or_json_are_refused(tmp_path: Path) -> None:
    for name, raw in (("latin.json", b'{"patient": "Jos\xe9"}'), ("cut.json", b'{"format": ')):
        (tmp_path / name).write_bytes(raw)
        with pytest.raises(ArchiveError) as exc:
            read_shared(tmp_path / name)
        assert one_sentence(exc).startswith(str(tmp_path / name))


def test_read_shared_reads_like_an_archive_no_folder_pipe_or_huge_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """archive/reading.py's own tests cover every such file; here: the share reader uses it."""
    with pytest.raises(ArchiveError) as exc:
        read_shared(tmp_path)
    assert "is not an ordinary file" in one_sentence(exc)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ArchiveError, match="is not an ordinary file"):
        read_shared(fifo)  # refused before it is opened: this would otherwise wait forever
    monkeypatch.setattr("kapjournal.archive.reading.MAX_BYTES", 100)
    big = save({"format": shared.FORMAT, "version": 2, "padding": "x" * 200}, tmp_path / "b.json")
    with pytest.raises(ArchiveError, match="larger than 512 MB"):
        read_shared(big)


def test_a_huge_attachment_is_refused_before_it_is_decoded(story: Story) -> None:
    data = story.copy("first")
    data["entries"][3]["pictures"][0]["data"] = "A" * (shared.MAX_ATTACHMENT * 4 // 3 + 8)
    with pytest.raises(ArchiveError, match="at most 64 MB"):
        parse_shared(data, "big.json")


def test_private_notices_keep_their_date_alone(story: Story) -> None:
    data = story.copy("later")
    assert data["acknowledged"][0]["at"] == "2026-03-12"
    got = parse_shared(data, "b.json")
    assert got.head["acknowledged"][0]["at"] == "2026-03-12"
    data["acknowledged"][0]["at"] = "2026-13-12"
    with pytest.raises(ArchiveError, match=r"acknowledged\[0\]\.at"):
        parse_shared(data, "b.json")
