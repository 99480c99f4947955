"""Remembering the derived key: a real Secret Service, and the fallbacks when there is none."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from keyring.backend import KeyringBackend

from kapjournal.cli import main as cli
from kapjournal.domain import Entry
from kapjournal.errors import KeychainUnavailable
from kapjournal.services.keys import KeyStore
from kapjournal.storage.keychain import Keychain, is_secure_backend
from kapjournal.storage.repository import Repository
from kapjournal.storage.secret import Secret
from kapjournal.storage.vault import Vault
from tests.conftest import PASSPHRASE


def _secret_service_running() -> bool:
    try:
        backend = keyring.get_keyring()
    except Exception:
        return False
    return "SecretService" in type(backend).__module__ and Keychain().unavailable_reason() is None


real_keychain = pytest.mark.skipif(
    not _secret_service_running() and not os.environ.get("CI"),
    reason="no Secret Service here; scripts/run-tests starts one (CI always runs these)",
)


class HungBackend(KeyringBackend):
    """A keychain whose D-Bus call never returns."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    set_password = delete_password = get_password  # type: ignore[assignment]


class LockedBackend(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    set_password = delete_password = get_password  # type: ignore[assignment]


@real_keychain
def test_real_secret_service_stores_fetches_and_forgets(vault: Vault, vault_path: Path) -> None:
    chain = Keychain()
    assert chain.unavailable_reason() is None
    chain.store(vault_path, vault.raw_key)
    assert chain.fetch(vault_path) == vault.raw_key
    assert PASSPHRASE not in (chain.fetch(vault_path) or "")
    chain.forget(vault_path)
    assert chain.fetch(vault_path) is None
    chain.forget(vault_path)  # forgetting twice is fine


@real_keychain
def test_cli_unlocks_from_the_real_keychain_and_forgets_on_passwd(
    tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kc.kapvault"
    assert (
        cli.main(
            ["init", "--vault", str(path), "--passphrase-file", str(passphrase_file), "--remember"]
        )
        == 0
    )
    with Vault.unlock(path, Secret(passphrase=PASSPHRASE)) as v:
        Repository(v).save_entry(Entry(title="remembered", body="unlocked by the keychain"))
    capsys.readouterr()
    assert cli.main(["search", "keychain", "--vault", str(path)]) == 0, "no passphrase asked"
    assert "remembered" in capsys.readouterr().out
    new = tmp_path / "new.txt"
    new.write_text("changed to a longer phrase\n")  # the app's strength rule holds here too
    # Changing the passphrase asks for the current one even when the keychain could unlock:
    # someone at an unlocked computer must not be able to lock its owner out.
    args = ["passwd", "--vault", str(path), "--new-passphrase-file", str(new)]
    assert cli.main(args) == 1, "refused without the current passphrase"
    assert cli.main([*args, "--passphrase-file", str(passphrase_file)]) == 0
    assert Keychain().fetch(path) is None, "a passphrase change forgets the old key"


def test_no_backend_means_ask_for_the_passphrase(vault_path: Path) -> None:
    chain = Keychain(backend=keyring.backends.fail.Keyring())
    reason = chain.unavailable_reason()
    assert reason and "cannot be remembered" in reason
    with pytest.raises(KeychainUnavailable):
        chain.fetch(vault_path)


def test_hung_backend_times_out_off_the_callers_thread(vault_path: Path) -> None:
    backend = HungBackend()
    chain = Keychain(backend=backend, timeout=0.3)
    try:
        with pytest.raises(KeychainUnavailable, match="did not answer in time"):
            chain.fetch(vault_path)
        with pytest.raises(KeychainUnavailable):
            chain.store(vault_path, "00" * 48)
    finally:
        backend.release.set()


def test_locked_keychain_says_so(vault_path: Path) -> None:
    with pytest.raises(KeychainUnavailable, match="locked"):
        Keychain(backend=LockedBackend()).fetch(vault_path)


def test_plaintext_and_null_backends_are_never_used() -> None:
    import keyring.backends.null

    assert not is_secure_backend(keyring.backends.fail.Keyring())
    assert not is_secure_backend(keyring.backends.null.Keyring())
    try:
        from keyrings.alt.file import PlaintextKeyring
    except ImportError:
        return
    assert not is_secure_backend(PlaintextKeyring())


def test_cli_falls_back_to_the_passphrase_when_the_keychain_hangs(
    vault: Vault, vault_path: Path, passphrase_file: Path
) -> None:
    vault.lock()
    backend = HungBackend()
    try:
        code = cli.main(
            ["check", "--vault", str(vault_path), "--passphrase-file", str(passphrase_file)],
            keys=KeyStore(Keychain(backend=backend, timeout=0.2)),
        )
        assert code == 0
        # Without a passphrase file and without a terminal: a clear refusal, not a hang.
        code = cli.main(
            ["check", "--vault", str(vault_path)],
            keys=KeyStore(Keychain(backend=backend, timeout=0.2)),
        )
        assert code == 1
    finally:
        backend.release.set()
