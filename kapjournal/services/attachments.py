"""Pictures in the journal: read from a file (or pasted bytes), checked for what they really
are, cleaned of location and every other piece of metadata, and kept in the vault with their
entry. The picture is decoded and written again (Pillow), so nothing of the original file's
metadata can survive: EXIF (GPS, camera, time), XMP, IPTC and comments all go; the
orientation the camera recorded is applied to the pixels first. Voice notes come through here
too, as FLAC kept without its tags (services/flac.py). Nothing is written to disk."""

from __future__ import annotations

import io
import os
import stat
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.domain import Attachment
from kapjournal.errors import AttachmentError
from kapjournal.i18n import tr
from kapjournal.services.flac import Voice, clean_voice, is_flac, not_a_voice_note

if TYPE_CHECKING:
    from kapjournal.storage.repository import Repository

MAX_BYTES = 25 * 1024 * 1024  # a phone photo is a few MB; a 2 GB "picture" is refused unread
# And a small file that would decode to a huge image, refused from its header before any
# pixel is decoded: 50 megapixels keeps a 48 MP phone photo and stays within what Qt shows
# (its image reader refuses over 256 MB, 4 bytes a pixel); 72 MP in 300 KB of PNG took 849 MB.
MAX_PIXELS = 50_000_000
MAX_VOICE_BYTES = 64 * 1024 * 1024  # a recording stops at 30 minutes, about 40 MB of speech
MAX_VOICE_MS = 30 * 60 * 1000
KINDS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# A phone's HEIC photo is read (pillow-heif) and kept as JPEG, which every report can show.
KEPT_AS = {"HEIF": "JPEG"}


@dataclass(frozen=True)
class Picture:
    data: bytes
    mime: str
    width: int
    height: int


def clean_picture(raw: bytes) -> Picture:
    """The picture's pixels in a new file of the same format, with no metadata at all.
    Raises AttachmentError for anything that is not a whole picture kapjournal reads."""
    from PIL import Image, ImageOps, UnidentifiedImageError
    from pillow_heif import register_heif_opener

    register_heif_opener()
    if len(raw) > MAX_BYTES:
        raise too_large(len(raw))
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        # Only the decoders of the formats kept: never EPS (Ghostscript), PDF or the others.
        # Pillow's warning about a huge image is ours to say, as a sentence, just below.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(raw), formats=[*KINDS, *KEPT_AS])
        with opened as image:
            kind = image.format or ""
            kind = KEPT_AS.get(kind, kind)
            if kind not in KINDS:
                raise not_a_picture()
            if image.width * image.height > MAX_PIXELS:
                raise too_many_pixels(image.width, image.height)
            image.load()  # a truncated file fails here, not later
            upright = ImageOps.exif_transpose(image)
            pixels = upright.copy()  # a fresh image: no info, exif or xmp carried over
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise not_a_picture() from None
    except (OSError, ValueError, SyntaxError):
        raise AttachmentError(
            tr("That picture is damaged or incomplete; nothing was added.")
        ) from None
    pixels.info = {}
    out = io.BytesIO()
    if kind == "JPEG":
        pixels.convert("RGB").save(out, "JPEG", quality=92, optimize=True)
    elif kind == "WEBP":
        pixels.save(out, "WEBP", quality=92)
    else:
        pixels.save(out, "PNG", optimize=True)
    return Picture(out.getvalue(), KINDS[kind], pixels.width, pixels.height)


def read_picture_file(path: Path) -> Picture:
    """A picture file, cleaned; one too large is refused before it is read."""
    return clean_picture(_read(path, MAX_BYTES))


def read_attachment_file(path: Path) -> Picture | Voice:
    """A picture or a FLAC voice note from a file, cleaned, told apart by their contents."""
    raw = _read(path, MAX_VOICE_BYTES)
    return clean_voice_note(raw) if is_flac(raw) else clean_picture(raw)


def clean_voice_note(raw: bytes) -> Voice:
    voice = clean_voice(raw)
    if voice.duration_ms > MAX_VOICE_MS:
        raise AttachmentError(tr("That voice note is longer than 30 minutes; nothing was added."))
    return voice


def clean_attachment(a: Attachment) -> Attachment:
    """An attachment from outside (an archive) kept as `add --attach` keeps one: identified
    by its contents, which must be what its kind says, and written again without metadata.
    AttachmentError otherwise."""
    if a.kind == "audio" and is_flac(a.data or b""):
        voice = clean_voice_note(a.data or b"")
        return replace(a, data=voice.data, mime=voice.mime, size=len(voice.data),
                       duration_ms=voice.duration_ms, width=None, height=None)  # fmt: skip
    if a.kind == "picture" and not is_flac(a.data or b""):
        picture = clean_picture(a.data or b"")
        return replace(a, data=picture.data, mime=picture.mime, size=len(picture.data),
                       width=picture.width, height=picture.height, duration_ms=None)  # fmt: skip
    raise not_a_picture() if a.kind == "picture" else not_a_voice_note()


def _read(path: Path, limit: int) -> bytes:
    """An ordinary file's bytes, at most `limit`. A pipe (which would wait forever) or a
    device (a link to /dev/zero never ends) is refused: opened without waiting, then checked
    on what was opened, so nothing can be swapped in between."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise unreadable(path, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise AttachmentError(
                tr(
                    "{name} is not an ordinary file (it is a folder, a device or a pipe); "
                    "nothing was added."
                ).format(name=path.name)
            )
        if st.st_size > limit:
            raise too_large(st.st_size, limit)
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise unreadable(path, exc) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise too_large(len(data), limit)
    return data


def unreadable(path: Path, exc: OSError) -> AttachmentError:
    return AttachmentError(
        tr("{name} could not be read ({reason}); nothing was added.").format(
            name=path.name, reason=exc.strerror or exc
        )
    )


def too_many_pixels(width: int, height: int) -> AttachmentError:
    return AttachmentError(
        tr(
            "That picture is {width} × {height} pixels, more than kapjournal can show (50 "
            "megapixels); add a smaller copy. Nothing was added."
        ).format(width=width, height=height)
    )


def not_a_picture() -> AttachmentError:
    return AttachmentError(
        tr(
            "That file is not a picture kapjournal can read (PNG, JPEG, WebP or HEIC); "
            "nothing was added."
        )
    )


def too_large(size: int, limit: int = MAX_BYTES) -> AttachmentError:
    if limit == MAX_VOICE_BYTES:
        text = tr("That file is {size} MB; voice notes can be up to {limit} MB. Nothing was added.")
    else:
        text = tr("That file is {size} MB; pictures can be up to {limit} MB. Nothing was added.")
    return AttachmentError(text.format(size=round(size / 1024 / 1024), limit=limit // 1024 // 1024))


class AttachmentService:
    def __init__(self, repo: Repository) -> None:
        self._repo = repo

    def add_picture_file(self, entry_uid: str, path: Path) -> Attachment:
        return self.add_clean(entry_uid, read_picture_file(path), path.name)

    def add_picture(self, entry_uid: str, raw: bytes, name: str) -> Attachment:
        return self.add_clean(entry_uid, clean_picture(raw), name)

    def add_voice(self, entry_uid: str, raw: bytes, name: str) -> Attachment:
        """A voice note recorded in memory (FLAC): cleaned of its tags and kept."""
        return self.add_clean(entry_uid, clean_voice(raw), name)

    def add_file(self, entry_uid: str, path: Path) -> Attachment:
        """A picture or a FLAC voice note from a file."""
        return self.add_clean(entry_uid, read_attachment_file(path), path.name)

    def add_clean(self, entry_uid: str, found: Picture | Voice, name: str) -> Attachment:
        """A picture or voice note already through clean_picture, clean_voice or
        read_attachment_file."""
        if isinstance(found, Voice):
            attachment = Attachment(
                entry_uid=entry_uid,
                kind="audio",
                name=Path(name).name or tr("Voice note"),
                mime=found.mime,
                size=len(found.data),
                duration_ms=found.duration_ms,
                data=found.data,
            )
        else:
            kept = Path(Path(name).name or tr("Picture"))
            if kept.suffix.lower() in (".heic", ".heif"):
                kept = kept.with_suffix(".jpg")  # what it is now
            attachment = Attachment(
                entry_uid=entry_uid,
                kind="picture",
                name=str(kept),
                mime=found.mime,
                size=len(found.data),
                width=found.width,
                height=found.height,
                data=found.data,
            )
        try:
            return self._repo.save_attachment(attachment)
        except LookupError:
            raise AttachmentError(tr("Save the entry before adding to it.")) from None

    def rename(self, uid: str, name: str) -> str:
        """Give an attachment a new name; returns it, or "" when the name given was blank and
        nothing changed."""
        clean = " ".join(name.split())[:200]
        if clean:
            self._repo.rename_attachment(uid, clean)
        return clean

    def of_entry(self, entry_uid: str) -> list[Attachment]:
        return self._repo.attachments(entry_uid)

    def data(self, uid: str) -> bytes | None:
        return self._repo.attachment_data(uid)

    def remove(self, uid: str) -> None:
        self._repo.delete_attachment(uid)
