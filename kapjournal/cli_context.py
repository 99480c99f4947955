"""What every subcommand needs: the data folder, settings, the vault path and its secret."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kapjournal.paths import Paths
from kapjournal.settings import Settings
from kapjournal.storage import backup
from kapjournal.storage.errors import KeychainUnavailable
from kapjournal.storage.vault import Secret, Vault

if TYPE_CHECKING:
    from kapjournal.storage.keychain import Keychain


class CliError(Exception):
    """A one-line message for stderr and exit code 1."""


def read_secret_file(spec: str) -> str:
    """Read a passphrase from a file or '-' (stdin); only the final line break is dropped."""
    try:
        if spec == "-":
            text = sys.stdin.readline()
        else:
            text = Path(spec).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"Cannot read the passphrase file {spec} ({exc}).") from None
    if text.endswith("\n"):
        text = text[:-1]
    if text.endswith("\r"):
        text = text[:-1]
    if not text:
        raise CliError(f"The passphrase file {spec} is empty.")
    return text


def prompt_hidden(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError("No passphrase given: use --passphrase-file FILE (or - for stdin).")
    value = getpass.getpass(label)
    if not value:
        raise CliError("No passphrase entered.")
    return value


class Context:
    """What every subcommand needs, built once from the arguments (the composition root)."""

    def __init__(self, args: argparse.Namespace, keychain: Keychain | None = None) -> None:
        self.args = args
        self.paths = Paths.from_environment()
        self.settings = Settings.load(self.paths.settings_file)
        self.vault_path = Path(args.vault) if args.vault else self.paths.default_vault
        self._keychain = keychain

    @property
    def keychain(self) -> Keychain:
        # Imported on first use: keyring costs ~40 ms at start-up that a search need not pay.
        if self._keychain is None:
            from kapjournal.storage.keychain import Keychain

            timeout = float(os.environ.get("KAPJOURNAL_KEYCHAIN_TIMEOUT", "5"))
            self._keychain = Keychain(timeout=timeout)
        return self._keychain

    def passphrase(self, label: str = "Passphrase: ") -> str:
        if self.args.passphrase_file:
            return read_secret_file(self.args.passphrase_file)
        return prompt_hidden(label)

    def secret(self) -> Secret:
        """--passphrase-file, else the keychain, else a hidden prompt on a terminal."""
        if self.args.passphrase_file:
            return Secret(passphrase=read_secret_file(self.args.passphrase_file))
        if not getattr(self.args, "no_keychain", False):
            try:
                raw = self.keychain.fetch(self.vault_path)
            except KeychainUnavailable:
                raw = None
            if raw:
                try:
                    return Secret(raw_key=raw)
                except ValueError:
                    pass
        return Secret(passphrase=prompt_hidden("Passphrase: "))

    def unlock(self, *, auto_backup: bool = False) -> Vault:
        vault = Vault.unlock(self.vault_path, self.secret())
        if auto_backup:
            backup.auto_backup(vault, self.settings.backups_kept)
        return vault


# -- subcommands ----------------------------------------------------------------------------
