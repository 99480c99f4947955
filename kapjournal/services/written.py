"""A file the patient takes out of the vault, and its line in the export history, as one unit.

The text goes to a temporary file beside the destination first; the history line is written in
a transaction that commits only after that file has been renamed into place. When anything
fails, the new file is removed and the history says nothing, so "nothing was exported" is true.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.atomic import write_temp_beside
from kapjournal.domain import ExportRecord
from kapjournal.errors import DiskFull, StorageError
from kapjournal.i18n import tr

if TYPE_CHECKING:
    from kapjournal.storage.repository import Repository


def write_recorded(
    repo: Repository, dest: Path, content: str | bytes, record: ExportRecord
) -> None:
    dest = Path(dest)
    try:
        tmp = write_temp_beside(dest, content)
    except OSError as exc:
        raise _sentence(dest, exc) from None
    placed = False
    try:
        with repo.vault.transaction():
            repo.record_export(record)
            os.replace(tmp, dest)
            placed = True
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if placed:
            dest.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _sentence(dest, exc) from None
        raise


def _sentence(dest: Path, exc: OSError) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            tr("The disk is full, so nothing was exported; free some space and try again.")
        )
    return StorageError(
        tr("{path} could not be written ({problem}); nothing was exported.").format(
            path=dest, problem=exc.strerror or exc
        )
    )
