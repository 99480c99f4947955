"""Remember on this computer, through the real windows and a real Secret Service."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.services.keys import KeyStore
from kapjournal.settings import Settings
from kapjournal.storage.keychain import Keychain
from kapjournal.storage.vault import Secret, Vault
from kapjournal.ui.app import AppController, create_application
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE
from tests.storage.test_keychain import real_keychain


@real_keychain
def test_remembered_key_unlocks_with_an_empty_passphrase(qtbot: QtBot, paths: Paths) -> None:
    create_application([])
    Vault.create(paths.default_vault, PASSPHRASE).lock()
    keychain = Keychain()
    controller = AppController(paths, Settings(), keys=KeyStore(keychain))
    try:
        controller.start()
        unlock = controller.unlock_window
        assert unlock is not None
        unlock.passphrase.setText(PASSPHRASE)
        unlock.remember.setChecked(True)
        unlock.submit()
        qtbot.waitUntil(lambda: controller.main is not None, timeout=15_000)
        qtbot.waitUntil(lambda: keychain.fetch(paths.default_vault) is not None, timeout=10_000)
        assert PASSPHRASE not in (keychain.fetch(paths.default_vault) or "")
        controller.lock()
        controller.unlock_window = None  # a fresh window asks the keychain again
        controller.show_unlock()
        unlock = controller.unlock_window
        assert unlock is not None
        qtbot.waitUntil(lambda: "remembers" in unlock.keychain_note.text(), timeout=10_000)
        assert unlock.passphrase.text() == ""
        unlock.submit()
        qtbot.waitUntil(lambda: controller.main is not None, timeout=15_000)
    finally:
        if controller.main is not None:
            controller.lock()
        # The app's own keychain call (remembering the key after the unlock) may still be in
        # flight on a worker: two Secret Service calls at once timed out once in CI.
        wait_for_tasks()
        keychain.forget(paths.default_vault)
        if controller.unlock_window is not None:
            controller.unlock_window.close()
    with Vault.unlock(paths.default_vault, Secret(passphrase=PASSPHRASE)) as v:
        assert v.check() == []
