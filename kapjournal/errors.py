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


class WrongKind(StorageError):
    """A journal opened as a practice store, or the other way round."""


class IntegrityError(StorageError):
    pass


class DiskFull(StorageError):
    pass


class VaultBusy(StorageError):
    """Another connection holds the write lock (the app and a command, or two windows)."""


class ReadOnlyMedia(StorageError):
    pass


class AttachmentError(StorageError):
    """A picture or voice note refused, in one sentence; nothing was changed."""


class ArchiveError(StorageError):
    pass


class KeychainUnavailable(StorageError):
    pass


def translate_os_error(exc: BaseException) -> StorageError:
    """An OSError or an SQLite error while writing, as the sentence a person can act on."""
    code = exc.errno if isinstance(exc, OSError) else None
    text = str(exc).lower()
    if code in (errno.ENOSPC, errno.EDQUOT) or "full" in text:
        return DiskFull(
            tr("The disk is full, so nothing was changed; free some space and try again.")
        )
    if "database is locked" in text or "database table is locked" in text:
        return VaultBusy(
            tr(
                "Another kapjournal window or command is writing to this journal, so nothing "
                "was changed; close it, or try again in a moment."
            )
        )
    if code == errno.EROFS or "readonly" in text or "read-only" in text:
        return ReadOnlyMedia(
            tr(
                "The journal is on read-only media, so nothing can be saved; copy it to a "
                "writable drive to keep writing."
            )
        )
    if code == errno.EIO or "disk i/o error" in text:
        return StorageError(
            tr(
                "The drive reported a read or write error, so nothing was changed; check the "
                "drive and keep your backups safe."
            )
        )
    return StorageError(
        tr("The journal could not be written ({problem}); nothing was changed.").format(problem=exc)
    )
