"""What unlocks a vault (a passphrase or the key derived from it) and what a vault file is.

The key is derived exactly as SQLCipher 4 does by default: PBKDF2-HMAC-SHA512 over the file's
first 16 bytes (its salt), 256,000 iterations, 32 bytes. SQLCipher then gets the raw key, so
the passphrase never appears in an SQL statement.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kapjournal.errors import NotAVault, VaultMissing, WrongPassphrase
from kapjournal.i18n import tr

KDF_ITERATIONS = 256_000
SALT_BYTES = 16
KEY_BYTES = 32
PAGE_SIZE = 4096
SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Secret:
    """What unlocks a vault: a passphrase, or the raw key derived from it (key + salt, hex)."""

    passphrase: str | None = None
    raw_key: str | None = None

    def __post_init__(self) -> None:
        if (self.passphrase is None) == (self.raw_key is None):
            raise ValueError("give exactly one of passphrase and raw_key")
        if self.passphrase is not None and "\x00" in self.passphrase:
            raise ValueError("a passphrase cannot contain a NUL character")
        if self.raw_key is not None:
            bytes.fromhex(self.raw_key)  # raises ValueError when not hex
            if len(self.raw_key) != 2 * (KEY_BYTES + SALT_BYTES):
                raise ValueError("a raw key is 48 bytes of hex (key and salt)")

    def raw_key_for(self, salt: bytes) -> str:
        """The key SQLCipher derives from this secret for a file with this salt, with the salt."""
        if self.raw_key is not None:
            if self.raw_key[2 * KEY_BYTES :].lower() != salt.hex():
                # The remembered key belongs to an earlier file (e.g. before a passphrase change).
                raise WrongPassphrase(
                    tr("The remembered key does not unlock this journal; type your passphrase.")
                )
            return self.raw_key.lower()
        assert self.passphrase is not None
        key = hashlib.pbkdf2_hmac(
            "sha512", self.passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES
        )
        return key.hex() + salt.hex()


def key_pragma(raw_key: str) -> str:
    """The PRAGMA that keys a connection with a raw key. Only hex digits reach the SQL text."""
    int(raw_key, 16)  # a non-hex string never gets here
    return f"PRAGMA key = \"x'{raw_key}'\""


def classify_file(path: Path) -> bytes:
    """Refuse what cannot be a vault before SQLCipher sees it; return the salt otherwise."""
    if not path.exists():
        raise VaultMissing(
            tr("There is no journal at {path}; check the path or create a new journal.").format(
                path=path
            )
        )
    if path.exists() and not path.is_dir() and not path.is_file():
        raise NotAVault(
            tr(
                "{path} is not an ordinary file (a device or a pipe); choose the journal file."
            ).format(path=path)
        )
    if path.is_dir():
        raise NotAVault(
            tr("{path} is a folder, not a journal file; choose the journal file itself.").format(
                path=path
            )
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(SALT_BYTES)
        size = path.stat().st_size
    except PermissionError:
        raise NotAVault(
            tr("kapjournal may not read {path}; check the file's permissions.").format(path=path)
        ) from None
    if size == 0:
        raise NotAVault(
            tr(
                "{path} is empty, so it holds no journal; restore a backup or choose another file."
            ).format(path=path)
        )
    if head == SQLITE_HEADER:
        raise NotAVault(
            tr(
                "{path} is an unencrypted SQLite database, not a kapjournal journal file; "
                "choose your journal file instead."
            ).format(path=path)
        )
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise NotAVault(
            tr(
                "{path} is damaged or truncated ({size} bytes is not a whole number of pages); "
                "restore it from a backup."
            ).format(path=path, size=size)
        )
    return head
