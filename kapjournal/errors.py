"""Storage errors: each carries one sentence a person can act on."""

from __future__ import annotations

import errno

from kapjournal.i18n import tr


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
    full = tr("The disk is full, so nothing was changed; free some space and try again.")
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(full)
    if "full" in str(exc).lower():
        return DiskFull(full)
    return StorageError(
        tr("The vault could not be written ({problem}); nothing was changed.").format(problem=exc)
    )
