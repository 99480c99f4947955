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
    frames = raw[pos : _frames_end(raw, pos, info)]
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


def _frames_end(raw: bytes, first: int, info: bytes) -> int:
    """Where the last audio frame ends, so that what a tagger appends after it (an ID3v1 or APE
    tag) is not kept. The last frame is the last frame header whose CRC-8 holds; it ends where
    the CRC-16 of its bytes follows them (the last such place within the largest frame size
    STREAMINFO gives, so a chance match inside the frame never cuts it short). A stream whose
    end cannot be found this way is kept whole."""
    window = int.from_bytes(info[7:10], "big") or 1 << 20
    hi = len(raw)
    while (start := max(raw.rfind(b"\xff\xf8", first, hi), raw.rfind(b"\xff\xf9", first, hi))) >= 0:
        hi = start + 1
        length = _header_length(raw, start)
        if length is None or _crc8(raw[start : start + length]) != raw[start + length]:
            continue
        end, crc = None, 0
        stop = min(len(raw) - 2, start + window)
        for p in range(start, stop):  # crc is that of raw[start:p]
            if p > start + length and crc == int.from_bytes(raw[p : p + 2], "big"):
                end = p + 2
            crc = ((crc << 8) & 0xFFFF) ^ CRC16[(crc >> 8) ^ raw[p]]
        if stop == len(raw) - 2 and crc == int.from_bytes(raw[stop:], "big"):
            end = len(raw)
        if end is not None:
            return end
    return len(raw)


def _header_length(raw: bytes, pos: int) -> int | None:
    """The length of the frame header at `pos` without its CRC-8, or None when it is not one
    (https://xiph.org/flac/format.html#frame_header)."""
    if pos + 5 > len(raw):
        return None
    block, rate = raw[pos + 2] >> 4, raw[pos + 2] & 0xF
    if block == 0 or rate == 15 or raw[pos + 3] >> 4 > 10 or raw[pos + 3] & 1:
        return None
    ones = 8 - (~raw[pos + 4] & 0xFF).bit_length()  # the frame number's UTF-8-style lead byte
    if ones in (1, 8):
        return None
    extra = max(ones - 1, 0)
    n = 5 + extra + {6: 1, 7: 2}.get(block, 0) + {12: 1, 13: 2, 14: 2}.get(rate, 0)
    return n if pos + n < len(raw) else None


def _table(poly: int, bits: int) -> list[int]:
    top, mask = 1 << (bits - 1), (1 << bits) - 1
    table = []
    for byte in range(256):
        crc = byte << (bits - 8)
        for _ in range(8):
            crc = ((crc << 1) ^ poly if crc & top else crc << 1) & mask
        table.append(crc)
    return table


CRC8 = _table(0x07, 8)
CRC16 = _table(0x8005, 16)


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = CRC8[crc ^ byte]
    return crc


def not_a_voice_note() -> AttachmentError:
    return AttachmentError(tr("That file is not a FLAC voice note; nothing was added."))


def damaged() -> AttachmentError:
    return AttachmentError(tr("That voice note is damaged or incomplete; nothing was added."))
