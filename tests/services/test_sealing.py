"""Sealing a capture: only the journal's private key opens it, any change is refused, and the
sealed bytes say nothing of the words, the audio or (within a step) the length."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapjournal.services.sealing import HEADER, Unsealable, new_key_pair, public_of, seal, unseal

RECALL = Path(__file__).parents[1] / "fixtures" / "audio" / "recall.flac"
MARKER = "zebracornflower"


def test_a_sealed_note_opens_with_the_private_key_exactly() -> None:
    private, public = new_key_pair()
    assert len(private) == len(public) == 32 and public_of(private) == public
    for text in (
        b"",
        b"x",
        "Recall: the lighthouse, the fog \u2014 \u00e9t\u00e9".encode(),
        bytes(range(256)) * 40,
    ):
        assert unseal(private, seal(public, text)) == text


def test_another_key_cannot_open_it() -> None:
    _, public = new_key_pair()
    other, _ = new_key_pair()
    with pytest.raises(Unsealable):
        unseal(other, seal(public, MARKER.encode()))


@pytest.mark.parametrize("where", ["version", "sender key", "nonce", "body", "tag"])
def test_a_flipped_byte_anywhere_is_refused(where: str) -> None:
    private, public = new_key_pair()
    sealed = bytearray(seal(public, MARKER.encode()))
    at = {
        "version": 0,
        "sender key": 1 + 7,
        "nonce": HEADER - 3,
        "body": HEADER + 100,
        "tag": len(sealed) - 1,
    }[where]
    sealed[at] ^= 0x01
    with pytest.raises(Unsealable):
        unseal(private, bytes(sealed))


def test_every_single_byte_flip_of_a_short_seal_is_refused() -> None:
    """Not just the chosen places: each byte of the header and a sample of the rest."""
    private, public = new_key_pair()
    sealed = seal(public, b"short")
    places = list(range(HEADER + 4)) + list(range(HEADER, len(sealed), 97)) + [len(sealed) - 16]
    for at in places:
        damaged = bytearray(sealed)
        damaged[at] ^= 0x80
        with pytest.raises(Unsealable):
            unseal(private, bytes(damaged))


@pytest.mark.parametrize("cut", [0, 1, HEADER, HEADER + 15, -1])
def test_a_cut_or_empty_file_is_refused(cut: int) -> None:
    private, public = new_key_pair()
    sealed = seal(public, MARKER.encode())
    with pytest.raises(Unsealable):
        unseal(private, sealed[:cut])


def test_a_longer_file_is_refused() -> None:
    private, public = new_key_pair()
    with pytest.raises(Unsealable):
        unseal(private, seal(public, b"note") + b"\x00")


def test_two_seals_of_the_same_text_share_nothing() -> None:
    _, public = new_key_pair()
    a, b = seal(public, MARKER.encode()), seal(public, MARKER.encode())
    assert a != b
    assert a[1:HEADER] != b[1:HEADER], "a fresh sender key and nonce each time"
    assert a[HEADER : HEADER + 64] != b[HEADER : HEADER + 64]


def test_the_size_says_little_of_the_length() -> None:
    _, public = new_key_pair()
    one, three_thousand = seal(public, b"a"), seal(public, ("b" * 3000).encode())
    assert len(one) == len(three_thousand) == HEADER + 4096 + 16
    assert len(seal(public, b"c" * 5000)) == HEADER + 8192 + 16
    big = len(seal(public, b"d" * 70_000))
    assert (big - HEADER - 16) % 65536 == 0


def test_the_sealed_bytes_hold_no_words_and_no_audio() -> None:
    _, public = new_key_pair()
    flac = RECALL.read_bytes()
    assert flac.startswith(b"fLaC")
    plain = (MARKER * 50).encode("utf-8")
    for sealed in (
        seal(public, plain),
        seal(public, (MARKER * 50).encode("utf-16-le")),
        seal(public, flac),
        seal(public, plain + flac),
    ):
        for needle in (MARKER.encode("utf-8"), MARKER.encode("utf-16-le"), b"fLaC", flac[40:72]):
            assert needle not in sealed


def test_a_public_key_is_not_a_private_one() -> None:
    """Whoever holds the file beside the vault (the public half) cannot open a capture."""
    private, public = new_key_pair()
    with pytest.raises(Unsealable):
        unseal(public, seal(public, MARKER.encode()))
    assert unseal(private, seal(public, b"ok")) == b"ok"
