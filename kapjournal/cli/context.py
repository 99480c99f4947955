"""What every subcommand needs: the data folder, settings, the vault path and how to unlock it."""

from __future__ import annotations

import argparse
import getpass
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.errors import KeychainUnavailable, WrongPassphrase
from kapjournal.i18n import tr
from kapjournal.paths import Paths
from kapjournal.services.opening import OpenJournal, open_journal
from kapjournal.settings import Settings

if TYPE_CHECKING:
    from kapjournal.export.html import ChartSvg
    from kapjournal.export.report import Report
    from kapjournal.services.keys import KeyStore


class CliError(Exception):
    """A one-line message for stderr and exit code 1."""


def read_secret_file(spec: str) -> str:
    """Read a passphrase from a file or '-' (stdin); only the final line break is dropped."""
    try:
        if spec == "-":
            text = sys.stdin.readline()
        else:
            warn_if_open_to_others(Path(spec))
            text = Path(spec).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(
            tr("Cannot read the passphrase file {spec} ({error}).").format(spec=spec, error=exc)
        ) from None
    if text.endswith("\n"):
        text = text[:-1]
    if text.endswith("\r"):
        text = text[:-1]
    if not text:
        raise CliError(tr("The passphrase file {spec} is empty.").format(spec=spec))
    return text


def warn_if_open_to_others(path: Path) -> None:
    """One line on stderr when other accounts may read (or replace) a secret file; it is still
    used. Only a regular file on a system with POSIX modes: a pipe leaves nothing behind, and
    Windows reports every file as 0o666."""
    if os.name == "nt":
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # reading it says why, in its own sentence
    if stat.S_ISREG(mode) and mode & 0o077:
        said = tr(
            "Other accounts on this computer can open {file}; make it yours alone with "
            "chmod 600 {file}."
        ).format(file=path)
        print(f"kapjournal: {said}", file=sys.stderr)


def require_strong(secret: str, refusal: str) -> None:
    """The app's strength rule (kapjournal/strength.py) for a new passphrase or PDF password."""
    from kapjournal.strength import strong_enough

    if not strong_enough(secret):
        raise CliError(refusal)


def prompt_hidden(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(tr("No passphrase given: use --passphrase-file FILE (or - for stdin)."))
    value = getpass.getpass(label)
    if not value:
        raise CliError(tr("No passphrase entered."))
    return value


PdfRenderer = Callable[[str, str, str], Callable[["Report"], bytes]]


class Context:
    """What every subcommand needs, built once from the arguments (the composition root)."""

    def __init__(
        self,
        args: argparse.Namespace,
        paths: Paths,
        settings: Settings,
        keys: KeyStore | None = None,
        pdf: PdfRenderer | None = None,
        charts: Callable[[], ChartSvg] | None = None,
    ) -> None:
        self.args = args
        # Makes a PDF renderer for (name, page size, password); main provides it, because
        # laying out a PDF needs Qt and this module must not import it.
        self.pdf = pdf
        self.charts = charts
        self.paths = paths
        self.settings = settings
        self.vault_path = Path(args.vault) if args.vault else self.paths.default_vault
        self._keys = keys
        self._from_file: str | None = None

    @property
    def keys(self) -> KeyStore:
        # Built on first use: a search with --passphrase-file never touches the keychain.
        if self._keys is None:
            from kapjournal.services.keys import KeyStore

            timeout = float(os.environ.get("KAPJOURNAL_KEYCHAIN_TIMEOUT", "5"))
            self._keys = KeyStore(timeout=timeout)
        return self._keys

    def passphrase(self, label: str | None = None) -> str:
        if self.args.passphrase_file:
            # Read once: with '-', standard input's first line, whatever comes after it.
            if self._from_file is None:
                self._from_file = read_secret_file(self.args.passphrase_file)
            return self._from_file
        return prompt_hidden(label or tr("Passphrase: "))

    def remembered_key(self) -> str | None:
        if self.args.passphrase_file or getattr(self.args, "no_keychain", False):
            return None
        try:
            return self.keys.fetch(self.vault_path)
        except KeychainUnavailable:
            return None

    def unlock(self, *, auto_backup: bool = False) -> OpenJournal:
        """--passphrase-file, else the keychain, else a hidden prompt on a terminal."""
        opened = None
        raw = self.remembered_key()
        if raw:
            try:
                opened = open_journal(self.vault_path, raw_key=raw)
            except WrongPassphrase:
                opened = None  # a stale remembered key: ask instead
        if opened is None:
            opened = open_journal(self.vault_path, passphrase=self.passphrase())
        if opened.merged is not None and (said := opened.merged.sentence()):
            print(f"kapjournal: {said}", file=sys.stderr)
        if opened.read_only:
            print(f"kapjournal: {opened.read_only_sentence()}", file=sys.stderr)
            return opened
        if auto_backup:
            try:
                opened.admin.backup(self.settings.backups_kept, force=False)
            except BaseException:
                opened.lock()
                raise
        return opened
