"""A voice note's bytes: a FLAC stream, checked, measured and cleaned before it is kept.

Cleaning keeps the STREAMINFO block (sample rate, channels, length) and the audio frames, and
drops every other metadata block: the encoder's tags, any embedded picture, cue sheets,
application blocks and padding. The parsing is the FLAC format's fixed header
(https://xiph.org/flac/format.html#metadata_block_streaminfo); no decoder is needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kapjournal.errors import AttachmentError
from kapjournal.i18n import tr

MIME = "audio/flac"
MAGIC = b"fLaC"
STREAMINFO = 0
STREAMINFO_SIZE = 34
LAST_BLOCK = 0x80
FRAME_SYNC = 0xFFF8  # 14 sync bits, a reserved 0, then the blocking-strategy bit (masked off)


@dataclass(frozen=True)
class Voice:
    data: bytes
    sample_rate: int
    channels: int
    duration_ms: int

    mime = MIME


def is_flac(raw: bytes) -> bool:
    return raw[:4] == MAGIC


def clean_voice(raw: bytes) -> Voice:
    """The stream with only its STREAMINFO and frames. Raises AttachmentError for anything that is
    not a whole FLAC stream with a known length."""
    if not is_flac(raw):
        raise not_a_voice_note()
    pos = 4
    info = b""
    while True:
        if pos + 4 > len(raw):
            raise damaged()
        header = raw[pos]
        size = int.from_bytes(raw[pos + 1 : pos + 4], "big")
        kind = header & 0x7F
        body = raw[pos + 4 : pos + 4 + size]
        if len(body) != size or kind == 127:
            raise damaged()
        if pos == 4:
            if kind != STREAMINFO or size != STREAMINFO_SIZE:
                raise damaged()
            info = body
        pos += 4 + size
        if header & LAST_BLOCK:
            break
    frames = raw[pos:]
    if len(frames) < 2 or int.from_bytes(frames[:2], "big") & 0xFFFE != FRAME_SYNC:
        raise damaged()
    packed = int.from_bytes(info[10:18], "big")
    rate = packed >> 44
    channels = ((packed >> 41) & 0x7) + 1
    samples = packed & ((1 << 36) - 1)
    if rate == 0 or samples == 0:
        raise damaged()
    cleaned = MAGIC + bytes([LAST_BLOCK | STREAMINFO]) + STREAMINFO_SIZE.to_bytes(3, "big")
    return Voice(cleaned + info + frames, rate, channels, samples * 1000 // rate)


def not_a_voice_note() -> AttachmentError:
    return AttachmentError(tr("That file is not a FLAC voice note; nothing was added."))


def damaged() -> AttachmentError:
    return AttachmentError(tr("That voice note is damaged or incomplete; nothing was added."))
