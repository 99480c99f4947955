"""Creating and unlocking a journal: the front doors get an OpenJournal, never the vault.

An OpenJournal bundles the services over one unlocked vault; locking it closes the vault, and
every service of it refuses to work after that.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.errors import StorageError, WrongPassphrase
from kapjournal.i18n import tr
from kapjournal.services.clock import Clock, local_now

if TYPE_CHECKING:
    from kapjournal.services.archives import ArchiveService
    from kapjournal.services.attachments import AttachmentService
    from kapjournal.services.capture import CaptureService, Merged
    from kapjournal.services.journal import JournalService
    from kapjournal.services.packs import PackService
    from kapjournal.services.reports import ReportService
    from kapjournal.services.trends import TrendService
    from kapjournal.services.vault_admin import VaultAdmin
    from kapjournal.storage.vault import Vault

__all__ = ["Clock", "OpenJournal", "create_journal", "local_now", "open_journal"]


class OpenJournal:
    """The services over one unlocked vault, each built (and its module imported) on first
    use: a command-line search builds only the journal's, not the archive, pack or report
    machinery (benchmarks/bench_cli.py); the app uses them all."""

    def __init__(self, vault: Vault, *, clock: Clock = local_now) -> None:
        # The first-run and unlock windows import this module; the storage engine loads only
        # once a journal opens, on the worker thread that derives the key.
        from kapjournal.storage.repository import Repository

        self._vault = vault
        self._repo = Repository(vault)
        self._clock = clock
        self.merged: Merged | None = None  # the captures the unlock brought in

    @cached_property
    def journal(self) -> JournalService:
        from kapjournal.services.journal import JournalService

        return JournalService(self._repo, clock=self._clock)

    @cached_property
    def packs(self) -> PackService:
        from kapjournal.services.packs import PackService

        return PackService(self._repo, self.journal)

    @cached_property
    def archives(self) -> ArchiveService:
        from kapjournal.services.archives import ArchiveService

        return ArchiveService(self._repo, self.journal)

    @cached_property
    def reports(self) -> ReportService:
        from kapjournal.services.reports import ReportService

        return ReportService(self._repo, self.journal)

    @cached_property
    def trends(self) -> TrendService:
        from kapjournal.services.trends import TrendService

        return TrendService(self.journal, self._repo)

    @cached_property
    def attachments(self) -> AttachmentService:
        from kapjournal.services.attachments import AttachmentService

        return AttachmentService(self._repo)

    @cached_property
    def captures(self) -> CaptureService:
        from kapjournal.services.capture import CaptureService

        return CaptureService(
            self._repo,
            self._vault.path,
            lambda: self.journal,
            lambda: self.attachments,
            clock=self._clock,
        )

    def take_captures(self) -> OpenJournal:
        """Keep the capture key beside the vault and bring in what was captured while it was
        locked (both front doors unlock through open_journal, so both do this)."""
        if self._vault.read_only:
            return self
        from kapjournal.services.capture import Merged, waiting

        try:
            self.captures.ensure_key()
            if waiting(self._vault.path):
                self.merged = self.captures.merge()
        except (StorageError, OSError) as exc:  # the journal opens all the same
            self.merged = Merged(problems=[
                tr("The notes captured while the journal was locked could not be brought in "
                   "this time ({problem}); they are kept for the next unlock.").format(problem=exc)
            ])  # fmt: skip
        return self

    @cached_property
    def admin(self) -> VaultAdmin:
        from kapjournal.services.vault_admin import VaultAdmin

        return VaultAdmin(self._vault)

    def build_all(self) -> OpenJournal:
        """Build every service now, prompt packs included (the app does this on the worker
        thread that derived the key, so the first window after unlocking does not wait)."""
        # Reading each property builds it (not an assert, which python -O would skip).
        _ = (self.journal.catalog, self.packs, self.archives, self.reports, self.trends,
             self.attachments, self.admin)  # fmt: skip
        return self

    @property
    def path(self) -> Path:
        return self._vault.path

    @property
    def read_only(self) -> bool:
        """On read-only media: it can be read, searched and exported, not saved."""
        return self._vault.read_only

    def read_only_sentence(self) -> str:
        return tr(
            "This journal is on read-only media, so it opened read-only: you can read, search "
            "and export, but nothing you change can be saved."
        )

    @property
    def is_open(self) -> bool:
        return self._vault.is_open

    def lock(self) -> None:
        """Checkpoint and close the vault; only the encrypted file remains."""
        self._vault.lock()

    def __enter__(self) -> OpenJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


def create_journal(path: Path, passphrase: str, *, clock: Clock = local_now) -> OpenJournal:
    """A new, empty encrypted journal at `path` (refused when a file is there)."""
    from kapjournal.storage.vault import Vault

    return OpenJournal(Vault.create(Path(path), passphrase), clock=clock).take_captures()


def open_journal(
    path: Path,
    *,
    passphrase: str | None = None,
    raw_key: str | None = None,
    clock: Clock = local_now,
) -> OpenJournal:
    """Unlock with the passphrase or a key the keychain remembered (WrongPassphrase if not)."""
    from kapjournal.storage.secret import Secret
    from kapjournal.storage.vault import Vault

    try:
        secret = Secret(passphrase=passphrase) if passphrase else Secret(raw_key=raw_key)
    except ValueError:
        raise WrongPassphrase(
            tr("That passphrase or remembered key cannot unlock a journal; type your passphrase.")
        ) from None
    opened = OpenJournal(Vault.unlock(Path(path), secret), clock=clock)
    try:
        return opened.take_captures()
    except BaseException:
        opened.lock()
        raise


def versions(qt: str) -> str:
    """kapjournal's version and those of the engines it runs on (`kapjournal --version`);
    `qt` is said by the front door, the core never imports Qt."""
    import platform

    from kapjournal import __version__
    from kapjournal.services.speech import engine
    from kapjournal.storage.connect import engine_versions

    cipher, sqlite = engine_versions()
    return "\n".join(
        (
            f"kapjournal {__version__}",
            tr("SQLCipher {cipher} (SQLite {sqlite})").format(cipher=cipher, sqlite=sqlite),
            qt,
            engine(),
            f"Python {platform.python_version()}",
        )
    )
