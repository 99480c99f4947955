"""Pictures in the vault: cleaned of every piece of metadata, refused in one sentence when
they are not what they claim, and gone with their entry."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from kapjournal.services.attachments import MAX_BYTES, AttachmentError
from kapjournal.services.opening import OpenJournal

PICTURES = Path(__file__).parents[1] / "fixtures" / "pictures"


def test_a_photo_with_gps_is_kept_upright_and_without_any_metadata(opened: OpenJournal) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    original = (PICTURES / "gps.jpg").read_bytes()
    assert b"FixtureCam" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    added = opened.attachments.add_picture_file(entry.uid, PICTURES / "gps.jpg")
    stored = opened.attachments.data(added.uid)
    assert stored is not None and added.mime == "image/jpeg"
    back = Image.open(io.BytesIO(stored))
    assert not back.getexif() and not back.info.get("exif") and b"FixtureCam" not in stored
    assert (back.width, back.height) == (32, 64) == (added.width, added.height), "turned upright"
    [listed] = opened.attachments.of_entry(entry.uid)
    assert listed.uid == added.uid and listed.data is None, "a list carries no bytes"


@pytest.mark.parametrize(
    ("name", "said"),
    [("truncated.jpg", "damaged or incomplete"), ("not-a-picture.jpg", "not a picture")],
)
def test_a_hostile_file_is_one_sentence_and_changes_nothing(
    opened: OpenJournal, name: str, said: str
) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    with pytest.raises(AttachmentError, match=said):
        opened.attachments.add_picture_file(entry.uid, PICTURES / name)
    assert opened.attachments.of_entry(entry.uid) == []


def test_a_2_gb_file_is_refused_before_it_is_read(opened: OpenJournal, tmp_path: Path) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as fh:  # sparse: 2 GB on paper, nothing on disk
        fh.truncate(2 * 1024**3)
    assert huge.stat().st_size > MAX_BYTES
    with pytest.raises(AttachmentError, match="up to 25 MB"):
        opened.attachments.add_picture_file(entry.uid, huge)
    assert opened.attachments.of_entry(entry.uid) == []
    os.remove(huge)


def test_deleting_an_entry_deletes_its_pictures(opened: OpenJournal) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    added = opened.attachments.add_picture_file(entry.uid, PICTURES / "gps.jpg")
    opened.journal.delete_entry(entry.uid)
    assert opened.attachments.data(added.uid) is None


def test_the_picture_bytes_are_in_the_vault_only_encrypted(
    opened: OpenJournal, vault_path: Path
) -> None:
    entry = opened.journal.save_entry(opened.journal.free_entry())
    added = opened.attachments.add_picture_file(entry.uid, PICTURES / "gps.jpg")
    stored = opened.attachments.data(added.uid)
    assert stored is not None
    files = [p for p in vault_path.parent.glob(vault_path.name + "*") if p.is_file()]
    on_disk = b"".join(p.read_bytes() for p in files)
    assert stored[100:164] not in on_disk, "the pixels are nowhere in plain form"


def test_a_chosen_picture_goes_into_the_reports_and_an_unchosen_one_does_not(
    opened: OpenJournal, tmp_path: Path
) -> None:
    import base64
    import json
    import re

    entry = opened.journal.free_entry()
    entry.title = "After the session"
    entry = opened.journal.save_entry(entry)
    drawing = opened.attachments.add_picture_file(entry.uid, PICTURES / "gps.jpg")
    reports = opened.reports
    chosen = reports.select(uids=[entry.uid])
    assert [a.uid for a in reports.attachments_of(chosen)] == [drawing.uid]
    without = reports.build(chosen)
    assert without.pictures == (), "none unless chosen"
    report = reports.build(chosen, {drawing.uid})
    [picture] = report.pictures
    assert picture.caption == "Picture 1: gps.jpg (32 × 64 px)"
    html = tmp_path / "r.html"
    reports.write(report, html, "html")
    page = html.read_text(encoding="utf-8")
    [data] = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', page)
    shown = Image.open(io.BytesIO(base64.b64decode(data)))
    assert not shown.getexif() and b"FixtureCam" not in base64.b64decode(data), "no GPS, no camera"
    assert "img-src data:" in page, "the page allows its own pictures and nothing else"
    md = tmp_path / "r.md"
    reports.write(report, md, "md")
    assert "*Picture 1: gps.jpg (32 × 64 px)*" in md.read_text(encoding="utf-8")
    share = tmp_path / "r.json"
    reports.write(report, share, "share")
    [shared] = json.loads(share.read_text(encoding="utf-8"))["entries"]
    assert shared["pictures"][0]["mime"] == "image/jpeg"


def test_the_pdf_report_shows_a_chosen_picture(opened: OpenJournal) -> None:
    import pypdf

    from kapjournal.export.pdf import to_pdf

    entry = opened.journal.save_entry(opened.journal.free_entry())
    drawing = opened.attachments.add_picture_file(entry.uid, PICTURES / "gps.jpg")
    reports = opened.reports
    chosen = reports.select(uids=[entry.uid])
    with_picture = pypdf.PdfReader(io.BytesIO(to_pdf(reports.build(chosen, {drawing.uid}))))
    without = pypdf.PdfReader(io.BytesIO(to_pdf(reports.build(chosen))))

    def images(reader: pypdf.PdfReader) -> int:
        return sum(len(page.images) for page in reader.pages)

    assert images(with_picture) == images(without) + 1
    text = " ".join("".join(page.extract_text() for page in with_picture.pages).split())
    assert "Picture 1: gps.jpg" in text


def test_a_phone_heic_photo_is_kept_as_jpeg_without_its_location(opened: OpenJournal) -> None:
    photo = PICTURES / "photo.heic"  # made by pillow-heif, with a camera name and a GPS block
    raw = photo.read_bytes()
    assert raw[4:12] == b"ftypheic" and b"FixtureCam" in raw
    entry = opened.journal.save_entry(opened.journal.free_entry())
    added = opened.attachments.add_file(entry.uid, photo)
    assert (added.name, added.mime, added.width, added.height) == (
        "photo.jpg",
        "image/jpeg",
        48,
        24,
    )
    stored = opened.attachments.data(added.uid)
    assert stored is not None and b"FixtureCam" not in stored
    kept = Image.open(io.BytesIO(stored))
    assert kept.format == "JPEG" and not kept.getexif()
