"""Every way a picture or voice note comes in is cleaned the same way: a file added, or one
inside an archive. A device, a pipe, a picture too large to show, a tag appended to a FLAC
or a file that is not what it says is one sentence, and nothing is written."""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from kapjournal.domain import Entry
from kapjournal.errors import ArchiveError
from kapjournal.services.attachments import AttachmentError, clean_picture
from kapjournal.services.flac import clean_voice
from kapjournal.services.opening import OpenJournal
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Vault
from tests.conftest import archive_of, import_file

FIXTURES = Path(__file__).parents[1] / "fixtures"
PHOTO = FIXTURES / "pictures" / "gps.jpg"
VOICE = FIXTURES / "audio" / "recall.flac"
ID3V1 = b"TAG" + b"Session 4 at the clinic".ljust(30, b"\0") + b"Me".ljust(95, b"\0")


def test_a_device_or_a_pipe_is_refused_unread(opened: OpenJournal, tmp_path: Path) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    zero = tmp_path / "photo.jpg"
    zero.symlink_to("/dev/zero")  # would fill memory
    pipe = tmp_path / "voice.flac"
    os.mkfifo(pipe)  # would wait forever
    for path in (zero, pipe, tmp_path):
        with pytest.raises(AttachmentError, match="not an ordinary file"):
            opened.attachments.add_file(entry.uid, path)
    assert opened.attachments.of_entry(entry.uid) == []


def test_a_picture_too_large_to_show_is_refused_before_decoding(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("1", (12_000, 6_000)).save(out, "PNG")  # 72 megapixels in a few kilobytes
    assert len(out.getvalue()) < 300_000
    with pytest.raises(AttachmentError, match="12000 × 6000 pixels"):
        clean_picture(out.getvalue())


def test_a_tag_appended_to_a_voice_note_is_not_kept(opened: OpenJournal, tmp_path: Path) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    tagged = tmp_path / "after.flac"
    tagged.write_bytes(VOICE.read_bytes() + ID3V1)
    added = opened.attachments.add_file(entry.uid, tagged)
    kept = opened.attachments.data(added.uid)
    assert kept == clean_voice(VOICE.read_bytes()).data
    assert b"TAG" not in kept[-200:] and b"Session 4" not in kept


def archive_with(vault: Vault, kind: str, name: str, data: bytes, path: Path) -> Path:
    """The journal's own archive with one attachment of our choosing, as a hostile or an
    older program could write it."""
    repo = Repository(vault)
    entry_uid = vault.conn.execute("SELECT uid FROM entries LIMIT 1").fetchone()[0]
    data_ = archive_of(repo)
    data_["attachments"] = [
        {"uid": "a" * 32, "entry_uid": entry_uid, "kind": kind, "name": name, "mime": "image/jpeg",
         "size": len(data), "width": 1, "height": 1, "duration_ms": None,
         "data": base64.b64encode(data).decode(), "created_at": "2026-11-02T10:00:00+00:00"}
    ]  # fmt: skip
    path.write_text(json.dumps(data_), encoding="utf-8")
    return path


def test_an_archive_s_attachments_are_cleaned_like_a_file_added(
    vault: Vault, tmp_path: Path
) -> None:
    Repository(vault).save_entry(Entry(title="note"))
    photo = archive_with(vault, "picture", "holiday.jpg", PHOTO.read_bytes(), tmp_path / "p.json")
    repo = Repository(vault)
    assert import_file(repo, photo)["attachments"] == 1
    kept = repo.attachment_data("a" * 32)
    assert (
        kept is not None
        and b"FixtureCam" not in kept
        and not Image.open(io.BytesIO(kept)).getexif()
    )
    [stored] = repo.attachments()
    assert (stored.width, stored.height) == (32, 64) and stored.size == len(kept)


def test_an_archive_with_a_tagged_voice_note_keeps_only_its_audio(
    vault: Vault, tmp_path: Path
) -> None:
    Repository(vault).save_entry(Entry(title="note"))
    tagged = VOICE.read_bytes() + ID3V1
    path = archive_with(vault, "audio", "after.flac", tagged, tmp_path / "v.json")
    repo = Repository(vault)
    assert import_file(repo, path)["attachments"] == 1
    assert repo.attachment_data("a" * 32) == clean_voice(VOICE.read_bytes()).data


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("picture", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"),
        ("picture", VOICE.read_bytes()),  # a voice note labelled a picture
        ("audio", PHOTO.read_bytes()),  # and the other way round
        ("picture", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 1 1\nshowpage\n"),
    ],
    ids=["pdf", "voice-as-picture", "picture-as-voice", "eps"],
)
def test_an_archive_attachment_that_is_not_what_it_says_is_refused_whole(
    vault: Vault, tmp_path: Path, kind: str, data: bytes
) -> None:
    Repository(vault).save_entry(Entry(title="note"))
    path = archive_with(vault, kind, "holiday.jpg", data, tmp_path / "a.json")
    repo = Repository(vault)
    before = archive_of(repo)
    with pytest.raises(ArchiveError, match=r"the attachment “holiday\.jpg” is not a picture"):
        import_file(repo, path)
    assert archive_of(repo) == before | {"exported_at": archive_of(repo)["exported_at"]}
