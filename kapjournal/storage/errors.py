"""Storage errors: each carries one sentence a person can act on."""

from __future__ import annotations


class StorageError(Exception):
    """Base of every error the storage layer raises on purpose; str() is the user's sentence."""


class WrongPassphrase(StorageError):
    pass


class NotAVault(StorageError):
    pass


class VaultMissing(StorageError):
    pass


class VaultExists(StorageError):
    pass


class VaultLocked(StorageError):
    pass


class NewerSchema(StorageError):
    pass


class IntegrityError(StorageError):
    pass


class DiskFull(StorageError):
    pass


class ArchiveError(StorageError):
    pass


class KeychainUnavailable(StorageError):
    pass
