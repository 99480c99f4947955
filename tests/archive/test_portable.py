"""The portable JSON archive, and imports from jrnl and Day One."""

from __future__ import annotations

import base64
import contextlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kapjournal.archive import portable as archive
from kapjournal.domain import (
    Answer,
    Attachment,
    Entry,
    ExportRecord,
    Goal,
    GoalRating,
    MeasureResult,
    Phase,
    Route,
    Session,
    SessionStatus,
    StoredPack,
)
from kapjournal.errors import ArchiveError
from kapjournal.services.attachments import clean_picture
from kapjournal.services.flac import clean_voice
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Vault
from tests.conftest import PASSPHRASE, archive_of, import_file

T0 = datetime(2026, 2, 3, 9, 30, tzinfo=UTC)


def fill(repo: Repository) -> None:
    s = repo.save_session(
        Session(
            scheduled_at=T0,
            route=Route.INTRAMUSCULAR,
            dose="per clinic",
            status=SessionStatus.DONE,
            notes="rainy day",
        )
    )
    repo.save_entry(
        Entry(
            phase=Phase.RECALL,
            title="Colours",
            body="# Heading\n\n- a\n- b ✨",
            body_private=True,  # the lock on "Anything else" travels with it
            tags=["colour"],
            session_uid=s.uid,
            template_id="recall",
            template_version="2",
            answers=[
                Answer("imagery", "What did you see?", text="violet"),
                Answer("detached", "How detached?", "scale", number=6.5),
                Answer(
                    "side",
                    "Side effects",
                    "checklist",
                    choices=["nausea"],
                    severities={"nausea": 3},
                    private=True,
                ),
            ],
            created_at=T0,
        )
    )
    note = repo.save_entry(Entry(title="loose note", created_at=T0))
    photo = (Path(__file__).parents[1] / "fixtures" / "pictures" / "gps.jpg").read_bytes()
    picture = clean_picture(photo)  # as the app keeps it
    repo.save_attachment(
        Attachment(note.uid, "picture", "drawing.jpg", "image/jpeg", len(picture.data),
                   picture.width, picture.height, data=picture.data, created_at=T0)
    )  # fmt: skip
    recorded = (Path(__file__).parents[1] / "fixtures" / "audio" / "recall.flac").read_bytes()
    voice = clean_voice(recorded).data  # as the app keeps it
    repo.save_attachment(
        Attachment(note.uid, "audio", "after.flac", "audio/flac", len(voice), duration_ms=2274,
                   data=voice, created_at=T0)
    )  # fmt: skip
    repo.save_measure(
        MeasureResult(
            instrument="gad7", answers={"gad7_1": 3}, total=None, session_uid=s.uid, completed_at=T0
        )
    )
    repo.record_export(ExportRecord(format="pdf", entry_count=1, withheld_count=1, at=T0))
    repo.record_flags(note.uid, "practice.pack/music", ["urge-high"], T0)  # a page's own flag
    repo.dismiss([("questionnaire:phq9:2026-03-02", "questionnaire", "phq9")], T0)
    repo.acknowledge_flags("therapist", T0)
    walk = Goal("Walk to the sea on Sundays", created_at=T0)
    ended = Goal("Only mine", private=True, created_at=T0, ended_at=T0 + timedelta(days=9))
    repo.save_goals([walk, ended])
    repo.rate_goals([GoalRating(walk.uid, 3, T0), GoalRating(ended.uid, 8, T0)])
    repo.rate_goals([GoalRating(walk.uid, 5, T0 + timedelta(days=7))])
    repo.save_pack(
        StoredPack(
            id="practice.pack",
            name="Practice",
            version="2",
            author="Dr. K",
            toml=(
                '[pack]\nid = "practice.pack"\nname = "Practice"\nversion = "2"\n'
                '[[templates]]\nid = "music"\nphase = "recall"\ntitle = "Music"\n'
            ),
            imported_at=T0,
        )
    )


def snapshot(repo: Repository) -> dict:
    """Everything, a picture by what it shows: an import cleans pictures again as adding a
    file does (decoded and written anew), so a JPEG's bytes change though not its pixels."""
    data = archive_of(repo)
    data.pop("exported_at")
    for e in data["entries"]:
        e.pop("id", None)
    for a in data["attachments"]:
        if a["kind"] == "picture":
            pixels = Image.open(io.BytesIO(base64.b64decode(a.pop("data")))).convert("L")
            a["pixels"] = [round(v / 16) for v in pixels.tobytes()]  # JPEG's rounding aside
            a.pop("size")
    return data


def test_round_trip_is_lossless(vault: Vault, tmp_path: Path) -> None:
    repo = Repository(vault)
    fill(repo)
    out = tmp_path / "archive.json"
    out.write_text(archive.to_json(archive_of(repo)), encoding="utf-8")
    other = Vault.create(tmp_path / "other.kapvault", "another passphrase")
    try:
        counts = import_file(Repository(other), out)
        assert counts == {
            "sessions": 1,
            "entries": 2,
            "measures": 1,
            "exports": 1,
            "packs": 1,
            "kept": 0,
            "attachments": 2,
            "flags": 1,
            "dismissals": 1,
            "acknowledgements": 1,
            "goals": 2,
            "goal_ratings": 3,
        }
        assert snapshot(Repository(other)) == snapshot(repo)
        import_file(Repository(other), out)  # importing twice changes nothing
        assert snapshot(Repository(other)) == snapshot(repo)
    finally:
        other.lock()


def test_jrnl_import(vault: Vault, tmp_path: Path) -> None:
    src = tmp_path / "jrnl.json"
    src.write_text(
        json.dumps(
            {
                "tags": {"@sleep": 1},
                "entries": [
                    {
                        "title": "Woke early.",
                        "body": "Birdsong again.\n",
                        "date": "2025-05-01",
                        "time": "06:10",
                        "tags": ["@sleep"],
                        "starred": True,
                    },
                    {
                        "title": "Quiet day",
                        "body": "",
                        "date": "2025-05-02",
                        "time": "21:00",
                        "tags": [],
                        "starred": False,
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    repo = Repository(vault)
    import_file(repo, src, "jrnl")
    import_file(repo, src, "jrnl")
    assert repo.count_entries() == 2, "re-importing does not duplicate"
    [hit] = repo.search("birdsong")
    e = repo.entry(hit.entry_uid)
    assert e and e.title == "Woke early." and e.body == "Birdsong again."
    assert e.tags == ["sleep", "starred"]
    assert e.created_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2025-05-01 06:10"


def test_dayone_import(vault: Vault, tmp_path: Path) -> None:
    src = tmp_path / "Journal.json"
    src.write_text(
        json.dumps(
            {
                "metadata": {"version": "1.0"},
                "entries": [
                    {
                        "uuid": "ABC123",
                        "creationDate": "2024-11-02T08:00:00Z",
                        "modifiedDate": "2024-11-02T09:00:00Z",
                        "text": "# After session three\n\nEverything felt *softer*.",
                        "tags": ["kap"],
                        "starred": False,
                        "timeZone": "Europe/Berlin",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    repo = Repository(vault)
    import_file(repo, src, "dayone")
    [e] = repo.entries()
    assert (e.title, e.body, e.tags) == (
        "After session three",
        "Everything felt *softer*.",
        ["kap"],
    )
    assert e.created_at == datetime(2024, 11, 2, 8, tzinfo=UTC)


BAD = {
    "not-json": (b"{nope", "not valid JSON (line 1"),
    "not-utf8": (b'{"a": "\xff\xfe"}', "not UTF-8"),
    "wrong-format": (b'{"format": "other"}', "not a kapjournal archive"),
    "entries-not-list": (
        b'{"format": "kapjournal-archive", "version": 1, "entries": {}}',
        "entries should be a list",
    ),
    "bad-phase": (
        json.dumps(
            {
                "format": "kapjournal-archive",
                "version": 1,
                "entries": [
                    {
                        "uid": "u",
                        "phase": "party",
                        "created_at": "2025-01-01T00:00:00Z",
                        "updated_at": "2025-01-01T00:00:00Z",
                    }
                ],
            }
        ).encode(),
        "entries[0].phase is 'party'",
    ),
    "bad-date": (
        json.dumps(
            {
                "format": "kapjournal-archive",
                "version": 1,
                "entries": [
                    {
                        "uid": "u",
                        "phase": "free",
                        "created_at": "yesterday",
                        "updated_at": "2025-01-01T00:00:00Z",
                    }
                ],
            }
        ).encode(),
        "not a date and time",
    ),
    "dangling-session": (
        json.dumps(
            {
                "format": "kapjournal-archive",
                "version": 1,
                "entries": [
                    {
                        "uid": "u",
                        "phase": "free",
                        "session_uid": "ghost",
                        "created_at": "2025-01-01",
                        "updated_at": "2025-01-01",
                    }
                ],
            }
        ).encode(),
        "names a session ghost",
    ),
    "deep": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "newer": (b'{"format": "kapjournal-archive", "version": 99}', "newer kapjournal"),
}


@pytest.mark.parametrize("name", BAD)
def test_malformed_files_change_nothing(vault: Vault, tmp_path: Path, name: str) -> None:
    repo = Repository(vault)
    fill(repo)
    before = snapshot(repo)
    content, expected = BAD[name]
    src = tmp_path / f"{name}.json"
    src.write_bytes(content)
    with pytest.raises(ArchiveError) as info:
        import_file(repo, src)
    assert expected in str(info.value) and "\n" not in str(info.value)
    assert snapshot(repo) == before


def test_partial_failure_rolls_back_everything(vault: Vault, tmp_path: Path) -> None:
    """The second entry is bad: the first must not be written either."""
    src = tmp_path / "half.json"
    good = {
        "uid": "g",
        "phase": "free",
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
    }
    bad = dict(good, uid="b", tags=[1, 2])
    src.write_text(
        json.dumps({"format": "kapjournal-archive", "version": 1, "entries": [good, bad]})
    )
    repo = Repository(vault)
    with pytest.raises(ArchiveError, match=r"entries\[1\]\.tags"):
        import_file(repo, src)
    assert repo.count_entries() == 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
        max_leaves=20,
    )
)
def test_any_json_is_imported_or_refused_cleanly(vault: Vault, tmp_path: Path, data) -> None:
    for parser in archive.PARSERS.values():
        with contextlib.suppress(ArchiveError):
            parser(data, "fuzz.json")


def test_the_passphrase_is_not_in_the_archive(vault: Vault, tmp_path: Path) -> None:
    repo = Repository(vault)
    fill(repo)
    out = tmp_path / "a.json"
    out.write_text(archive.to_json(archive_of(repo)), encoding="utf-8")
    assert PASSPHRASE not in out.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".a.json-*")), "no temporary file is left behind"


def test_version_1_archives_still_read_and_a_bad_attachment_is_refused(
    vault: Vault, tmp_path: Path
) -> None:
    repo = Repository(vault)
    fill(repo)
    data = archive_of(repo)
    old = dict(data, version=1)
    old.pop("attachments")
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    assert archive.read_file(path).attachments == [], "version 1: no attachments, still read"
    att = data["attachments"][0]
    for broken, said in (
        (dict(att, data="not base64!"), "base64"),
        (dict(att, size=att["size"] + 1), "does not match"),
        (dict(att, entry_uid="nowhere"), "not in the file"),
        (dict(att, kind="video"), "picture, audio"),
    ):
        path.write_text(json.dumps(dict(data, attachments=[broken])), encoding="utf-8")
        with pytest.raises(ArchiveError, match=said):
            archive.read_file(path)
