"""Voice notes in the vault (the core's half; recording is tests/ui/test_recording.py): a FLAC
stream is measured, kept without its tags, refused in one sentence when it is not whole, named
with its length in reports, and carried by the share file only when chosen."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from kapjournal.errors import StorageError
from kapjournal.services.attachments import MAX_VOICE_BYTES
from kapjournal.services.flac import MAGIC, clean_voice
from kapjournal.services.opening import OpenJournal

RECALL = Path(__file__).parents[1] / "fixtures" / "audio" / "recall.flac"


def with_tags(raw: bytes, text: bytes) -> bytes:
    """The stream with a Vorbis comment block inserted after STREAMINFO (which stays first)."""
    info_end = 4 + 4 + 34
    first = bytes([raw[4] & 0x7F]) + raw[5:info_end]  # STREAMINFO is no longer the last block
    vendor = b"kapjournal-test"
    comment = (
        len(vendor).to_bytes(4, "little") + vendor + (1).to_bytes(4, "little")
        + len(text).to_bytes(4, "little") + text
    )  # fmt: skip
    return MAGIC + first + bytes([4]) + len(comment).to_bytes(3, "big") + comment + raw[info_end:]


def test_a_voice_note_is_measured_and_kept_without_its_tags(opened: OpenJournal) -> None:
    raw = with_tags(RECALL.read_bytes(), b"LOCATION=52.37,4.89")
    assert b"Lavf" in raw and b"LOCATION" in raw
    entry = opened.journal.save_entry(opened.journal.free_entry())
    added = opened.attachments.add_voice(entry.uid, raw, "after the session")
    assert (added.kind, added.mime, added.duration_ms) == ("audio", "audio/flac", 2274)
    stored = opened.attachments.data(added.uid)
    assert stored is not None and len(stored) == added.size < len(raw)
    assert b"LOCATION" not in stored and b"Lavf" not in stored, "tags and the encoder's name go"
    again = clean_voice(stored)
    assert (again.sample_rate, again.channels, again.duration_ms) == (16000, 1, 2274)
    assert again.data == stored, "cleaning is stable: the frames are kept as they were"
    assert opened.attachments.rename(added.uid, "  morning   recall ") == "morning recall"
    assert opened.attachments.rename(added.uid, "   ") == ""
    [listed] = opened.attachments.of_entry(entry.uid)
    assert listed.name == "morning recall" and listed.data is None


@pytest.mark.parametrize(
    ("cut", "said"),
    [
        (lambda raw: raw[:30], "damaged or incomplete"),  # inside STREAMINFO
        (lambda raw: raw[:50], "damaged or incomplete"),  # inside the tags block
        (lambda raw: b"RIFF" + raw[4:], "not a FLAC voice note"),
        (lambda raw: raw[:18] + bytes(8) + raw[26:], "damaged or incomplete"),  # no rate, no length
    ],
)
def test_a_broken_voice_note_is_one_sentence_and_changes_nothing(
    opened: OpenJournal, cut: object, said: str
) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    broken = cut(RECALL.read_bytes())  # type: ignore[operator]
    with pytest.raises(StorageError, match=said):
        opened.attachments.add_voice(entry.uid, broken, "broken")
    assert opened.attachments.of_entry(entry.uid) == []


def test_a_file_is_told_apart_by_its_contents_and_a_huge_one_is_not_read(
    opened: OpenJournal, tmp_path: Path
) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    disguised = tmp_path / "voice.jpg"
    disguised.write_bytes(RECALL.read_bytes())
    assert opened.attachments.add_file(entry.uid, disguised).kind == "audio"
    huge = tmp_path / "huge.flac"
    with huge.open("wb") as fh:
        fh.write(MAGIC)
        fh.truncate(2 * 1024**3)  # sparse
    assert huge.stat().st_size > MAX_VOICE_BYTES
    with pytest.raises(StorageError, match="voice notes can be up to 64 MB"):
        opened.attachments.add_file(entry.uid, huge)
    assert len(opened.attachments.of_entry(entry.uid)) == 1


def test_reports_name_a_chosen_voice_note_and_the_share_file_carries_it(
    opened: OpenJournal, tmp_path: Path
) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    voice = opened.attachments.add_file(entry.uid, RECALL)
    reports = opened.reports
    chosen = reports.select(uids=[entry.uid])
    assert [a.uid for a in reports.attachments_of(chosen)] == [voice.uid]
    share = tmp_path / "none.json"
    reports.write(reports.build(chosen), share, "share")
    [plain] = json.loads(share.read_text(encoding="utf-8"))["entries"]
    assert plain["voice_notes"] == [], "none unless chosen"
    report = reports.build(chosen, {voice.uid})
    md = tmp_path / "r.md"
    reports.write(report, md, "md")
    assert "*Voice note 1: recall.flac (2 seconds)*" in md.read_text(encoding="utf-8")
    reports.write(report, share, "share")
    [shared] = json.loads(share.read_text(encoding="utf-8"))["entries"]
    [note] = shared["voice_notes"]
    assert (note["name"], note["mime"], note["duration_ms"]) == ("recall.flac", "audio/flac", 2274)
    assert base64.b64decode(note["data"]) == opened.attachments.data(voice.uid)
    html = tmp_path / "r.html"
    reports.write(report, html, "html")
    page = html.read_text(encoding="utf-8")
    assert "Voice note 1: recall.flac (2 seconds)" in page and "audio/flac" not in page
