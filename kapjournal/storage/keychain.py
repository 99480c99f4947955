"""Remembering a vault's derived key in the OS keychain, with timeouts and clear refusals.

Every keyring call runs on a daemon thread and is abandoned after a timeout, because a
Secret Service behind a stuck D-Bus can block forever. Any failure means "ask for the
passphrase"; we never fall back to a plaintext store.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kapjournal.errors import KeychainUnavailable
from kapjournal.i18n import N_, tr

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# keyring is imported on first use, on the worker thread that calls it: importing it costs
# ~45 ms that the app's start-up and a command-line search should not pay.

SERVICE = "kapjournal"
DEFAULT_TIMEOUT = 5.0
NO_KEYCHAIN = N_(
    "No secure keychain is available on this computer, so the passphrase cannot be remembered."
)
T = TypeVar("T")

# Backends that keep secrets encrypted by the operating system. keyrings.alt's file stores,
# the null and fail backends are refused: a plaintext key beside the vault would defeat it.
_SECURE_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
)


def _system_keyring() -> KeyringBackend:
    import keyring

    return keyring.get_keyring()


def is_secure_backend(backend: Any) -> bool:
    module = type(backend).__module__
    if module == "keyring.backends.chainer":
        inner = list(getattr(backend, "backends", []))
        return bool(inner) and all(is_secure_backend(b) for b in inner)
    return module.startswith(_SECURE_MODULES)


def _call_with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run fn on a daemon thread; a hung call is left behind rather than hanging us."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, fn()))
        except BaseException as exc:  # handed back to the caller below
            box.put((False, exc))

    threading.Thread(target=run, name="kapjournal-keychain", daemon=True).start()
    try:
        ok, value = box.get(timeout=timeout)
    except queue.Empty:
        raise KeychainUnavailable(
            tr("The keychain did not answer in time; type your passphrase instead.")
        ) from None
    if ok:
        return value  # type: ignore[no-any-return]
    import keyring.errors

    if isinstance(value, keyring.errors.NoKeyringError):
        raise KeychainUnavailable(tr(NO_KEYCHAIN))
    if isinstance(value, keyring.errors.KeyringLocked):
        raise KeychainUnavailable(tr("The keychain is locked; type your passphrase instead."))
    raise KeychainUnavailable(
        tr("The keychain could not be used ({problem}); type your passphrase instead.").format(
            problem=type(value).__name__
        )
    )


class Keychain:
    """Store, fetch and forget the raw key of a vault, keyed by the vault's absolute path.

    `backend` is a seam for tests; without it the system's keyring is used, and only if it is
    one of the encrypted OS stores.
    """

    def __init__(self, backend: KeyringBackend | None = None, timeout: float = DEFAULT_TIMEOUT):
        self._backend = backend
        self._explicit = backend is not None
        self.timeout = timeout

    def _resolve(self) -> KeyringBackend:
        if self._backend is None:
            self._backend = _call_with_timeout(_system_keyring, self.timeout)
        backend = self._backend
        if not self._explicit and not is_secure_backend(backend):
            raise KeychainUnavailable(tr(NO_KEYCHAIN))
        return backend

    def unavailable_reason(self) -> str | None:
        """None when remembering works here; otherwise the sentence to show beside the toggle."""
        try:
            backend = self._resolve()
            _call_with_timeout(lambda: backend.get_password(SERVICE, "__probe__"), self.timeout)
        except KeychainUnavailable as exc:
            return str(exc)
        return None

    @staticmethod
    def account(vault_path: Path) -> str:
        return str(Path(vault_path).resolve())

    def store(self, vault_path: Path, raw_key: str) -> None:
        backend = self._resolve()
        account = self.account(vault_path)
        _call_with_timeout(lambda: backend.set_password(SERVICE, account, raw_key), self.timeout)

    def fetch(self, vault_path: Path) -> str | None:
        backend = self._resolve()
        account = self.account(vault_path)
        return _call_with_timeout(lambda: backend.get_password(SERVICE, account), self.timeout)

    def forget(self, vault_path: Path) -> None:
        backend = self._resolve()
        account = self.account(vault_path)

        def delete() -> None:
            # Nothing remembered means already forgotten.
            import keyring.errors

            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(SERVICE, account)

        _call_with_timeout(delete, self.timeout)
