"""Looking after an open vault: back up, restore, change the passphrase, check; one job at a time.

Every job on a vault file takes that file's job lock first, so the backup made at unlock, "Back
up now", a passphrase change and a restore never run over each other, whichever thread or
front door starts them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kapjournal.errors import WrongPassphrase
from kapjournal.i18n import tr
from kapjournal.storage import backup
from kapjournal.storage.secret import Secret, classify_file
from kapjournal.storage.vault import Vault

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


@contextmanager
def one_job_at_a_time(path: Path) -> Iterator[None]:
    """Wait for any other job on this vault file in this process, then run."""
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(Path(path).resolve(), threading.Lock())
    with lock:
        yield


@dataclass(frozen=True)
class RestoreResult:
    safety_backup: Path  # the journal as it was before, kept in the backups folder
    key_changed: bool  # the backup had another passphrase, which now opens the journal


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]
    repaired: bool
    schema_version: int

    @property
    def healthy(self) -> bool:
        return not self.problems


class VaultAdmin:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    @property
    def path(self) -> Path:
        return self._vault.path

    @property
    def key_for_keychain(self) -> str:
        """The derived key (never the passphrase): what the keychain may remember."""
        return self._vault.raw_key

    def backup_folder(self) -> Path:
        return backup.backup_folder(self._vault.path)

    def backups(self) -> list[Path]:
        return backup.list_backups(self._vault.path)

    def backup(self, keep: int, *, dest: Path | None = None, force: bool = True) -> Path | None:
        """Write a verified, encrypted backup and keep the newest `keep` automatic ones.

        On its own connection, so the app keeps writing through the vault meanwhile (WAL
        allows it). With force=False it is the daily automatic backup: None when one was made
        within the last day.
        """
        path, key = self._vault.path, self._vault.raw_key
        with one_job_at_a_time(path), type(self._vault).unlock(path, Secret(raw_key=key)) as own:
            if not force:
                return backup.auto_backup(own, keep)
            made = backup.make_backup(own, dest)
            if dest is None:
                backup.rotate(path, keep)
            backup.sweep_partials(made.parent)
            return made

    def restore(self, source: Path, passphrase: str | None = None) -> RestoreResult:
        """Replace the journal with a backup's content; the current one is backed up first.

        Without `passphrase` the current key is tried; WrongPassphrase means the backup was
        made under another passphrase: ask for it and call again.
        """
        secret = (
            Secret(passphrase=passphrase) if passphrase else Secret(raw_key=self.key_for_keychain)
        )
        before = self._vault.raw_key
        with one_job_at_a_time(self._vault.path):
            safety = backup.restore(self._vault, Path(source), secret)
        assert safety is not None
        return RestoreResult(safety, self._vault.raw_key != before)

    def change_passphrase(self, current: str, new: str) -> Path:
        """Check the current passphrase, back up, re-encrypt; returns the backup's path."""
        salt = classify_file(self._vault.path)
        if Secret(passphrase=current).raw_key_for(salt) != self._vault.raw_key:
            raise WrongPassphrase(tr("The current passphrase is not right; nothing was changed."))
        with one_job_at_a_time(self._vault.path):
            return backup.change_passphrase(self._vault, new)

    def check(self, *, repair: bool = False) -> CheckReport:
        """Every encrypted page, the database structure and the search index. With `repair`,
        a search index that is the only problem is rebuilt from the entries."""
        with one_job_at_a_time(self._vault.path):
            problems = self._vault.check()
            repaired = False
            if repair and not self._vault.integrity_problems() and problems:
                self._vault.repair_search_index()
                repaired = True
                problems = self._vault.check()
            return CheckReport(problems, repaired, self._vault.schema_version())
