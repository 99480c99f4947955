"""Storage errors: each carries one sentence a person can act on."""

from __future__ import annotations

import errno


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


def translate_os_error(exc: BaseException) -> StorageError:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull("The disk is full, so nothing was changed; free some space and try again.")
    text = str(exc).lower()
    if "full" in text:
        return DiskFull("The disk is full, so nothing was changed; free some space and try again.")
    return StorageError(f"The vault could not be written ({exc}); nothing was changed.")
