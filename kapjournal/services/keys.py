"""Remembering a vault's key in the system keychain: a convenience that may be missing.

Every call may block on a keychain prompt or a dead D-Bus: the app calls these off the UI
thread, and the storage layer gives each a timeout.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from kapjournal.errors import KeychainUnavailable
from kapjournal.storage.keychain import Keychain


class KeyStore:
    def __init__(self, keychain: Keychain | None = None, *, timeout: float = 5.0) -> None:
        self._keychain = keychain or Keychain(timeout=timeout)

    def problem(self) -> str | None:
        """Why nothing can be remembered here (one sentence), or None when it can."""
        return self._keychain.unavailable_reason()

    def fetch(self, vault_path: Path) -> str | None:
        """The remembered key, or None. Raises KeychainUnavailable."""
        return self._keychain.fetch(vault_path)

    def fetch_quietly(self, vault_path: Path) -> tuple[str | None, str | None]:
        """(key, None), or (None, why the keychain cannot answer)."""
        reason = self.problem()
        if reason:
            return None, reason
        try:
            return self.fetch(vault_path), None
        except KeychainUnavailable as exc:
            return None, str(exc)

    def remember(self, vault_path: Path, raw_key: str) -> None:
        """Raises KeychainUnavailable; the vault itself is unaffected."""
        self._keychain.store(vault_path, raw_key)

    def forget(self, vault_path: Path) -> None:
        self._keychain.forget(vault_path)

    def forget_quietly(self, vault_path: Path) -> None:
        """Forget, and say nothing when there is no keychain to forget in."""
        with contextlib.suppress(KeychainUnavailable):
            self.forget(vault_path)

    def update(self, vault_path: Path, raw_key: str, remember: bool) -> None:
        """Remember or forget, quietly: the passphrase always works without the keychain."""
        if not remember:
            self.forget_quietly(vault_path)
            return
        with contextlib.suppress(KeychainUnavailable):
            self.remember(vault_path, raw_key)
