"""Sealing a capture to a journal's public key: anyone can seal, only the journal can open.

The standard construction (as in ECIES and HPKE's base mode), from `cryptography`'s
primitives, nothing home-made: a fresh X25519 key pair for every capture, its shared secret
with the journal's key through HKDF-SHA256 (bound to both public keys), and AES-256-GCM over
the capture with the header as associated data. The journal's private key never leaves the
encrypted vault; the public key sits beside it. Sealing derives no key from a passphrase, so
it takes milliseconds.

The plaintext is padded before sealing (to a multiple of 4 KiB, of 64 KiB past 64 KiB), so
a file's size says little of how long the note is.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"
INFO = b"kapjournal capture v1"
KEY_BYTES = 32
NONCE_BYTES = 12
HEADER = len(VERSION) + KEY_BYTES + NONCE_BYTES


class Unsealable(ValueError):
    """Not a capture sealed to this key (another journal's, damaged, or not a capture)."""


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


def public_of(private: bytes) -> bytes:
    return _raw_public(X25519PrivateKey.from_private_bytes(private).public_key())


def seal(public: bytes, plaintext: bytes) -> bytes:
    recipient = X25519PublicKey.from_public_bytes(public)
    ephemeral = X25519PrivateKey.generate()
    sender = _raw_public(ephemeral.public_key())
    key = _key(ephemeral.exchange(recipient), sender, public)
    nonce = os.urandom(NONCE_BYTES)
    header = VERSION + sender + nonce
    return header + AESGCM(key).encrypt(nonce, _pad(plaintext), header)


def unseal(private: bytes, sealed: bytes) -> bytes:
    if len(sealed) < HEADER + 16 or sealed[:1] != VERSION:
        raise Unsealable("not a capture of this version")
    sender, nonce = sealed[1 : 1 + KEY_BYTES], sealed[1 + KEY_BYTES : HEADER]
    me = X25519PrivateKey.from_private_bytes(private)
    try:
        shared = me.exchange(X25519PublicKey.from_public_bytes(sender))
        key = _key(shared, sender, _raw_public(me.public_key()))
        return _unpad(AESGCM(key).decrypt(nonce, sealed[HEADER:], sealed[:HEADER]))
    except (InvalidTag, ValueError) as exc:
        raise Unsealable("this key does not open it") from exc


def _key(shared: bytes, sender: bytes, recipient: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO + sender + recipient)
    return hkdf.derive(shared)


def _pad(data: bytes) -> bytes:
    framed = struct.pack(">Q", len(data)) + data
    step = 4096 if len(framed) <= 65536 else 65536
    return framed + bytes(-len(framed) % step)


def _unpad(padded: bytes) -> bytes:
    (size,) = struct.unpack(">Q", padded[:8])
    if size > len(padded) - 8:
        raise Unsealable("damaged")
    return padded[8 : 8 + size]


def _raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
