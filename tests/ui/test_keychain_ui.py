"""Remember on this computer, through the real windows and a real Secret Service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
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


@contextmanager
def remembered(qtbot: QtBot, paths: Paths) -> Iterator[tuple[AppController, Keychain]]:
    """The app started, unlocked with the passphrase and "Remember on this computer", its key
    in the real keychain; afterwards locked, the key forgotten, the windows closed."""
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
        yield controller, keychain
    finally:
        if controller.main is not None:
            controller.lock()
        # The app's own keychain call (remembering the key after the unlock) may still be in
        # flight on a worker: two Secret Service calls at once timed out once in CI.
        wait_for_tasks()
        keychain.forget(paths.default_vault)
        if controller.unlock_window is not None:
            controller.unlock_window.close()


@real_keychain
def test_remembered_key_unlocks_with_an_empty_passphrase(qtbot: QtBot, paths: Paths) -> None:
    with remembered(qtbot, paths) as (controller, keychain):
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
    with Vault.unlock(paths.default_vault, Secret(passphrase=PASSPHRASE)) as v:
        assert v.check() == []


LOCKS = {
    "idle time": lambda c: c.idle.set_interval_ms(10),  # the idle timer runs out at once
    "the Lock command": lambda c: c.lock(),
}


@real_keychain
@pytest.mark.parametrize("how", list(LOCKS))
def test_after_a_lock_a_remembered_journal_asks_for_the_passphrase(
    qtbot: QtBot, paths: Paths, how: str
) -> None:
    """Issue 22, item 6: remembering opens the journal at a start, never the lock screen of
    an app left running (one click would open it for whoever comes by)."""
    with remembered(qtbot, paths) as (controller, keychain):
        unlock = controller.unlock_window
        assert unlock is not None
        LOCKS[how](controller)
        qtbot.waitUntil(lambda: controller.main is None, timeout=5000)
        assert controller.opened is None
        assert unlock.isVisible()
        # The unlock window has asked the keychain and heard back.
        qtbot.waitUntil(lambda: unlock.keychain_note.text() != "", timeout=10_000)
        assert unlock._remembered == {}, "no remembered key held while locked"  # noqa: SLF001
        assert unlock.remember.isChecked(), "typing the passphrase must not forget the key"
        assert "asks for your passphrase" in unlock.keychain_note.text()
        unlock.submit()  # Unlock, with the passphrase left empty
        qtbot.waitUntil(lambda: unlock.error.text() != "" or controller.main is not None)
        assert controller.main is None, "an empty Unlock opened the journal after a lock"
        assert unlock.error.text() == "After a lock, type your passphrase to open the journal."
        unlock.passphrase.setText(PASSPHRASE)
        unlock.submit()
        qtbot.waitUntil(lambda: controller.main is not None, timeout=15_000)
        wait_for_tasks()
        assert keychain.fetch(paths.default_vault) is not None, "still remembered"
        controller.lock()
        controller.unlock_window = None  # the next start: a fresh window asks the keychain
        unlock.close()
        controller.show_unlock()
        fresh = controller.unlock_window
        assert fresh is not None
        qtbot.waitUntil(lambda: "remembers" in fresh.keychain_note.text(), timeout=10_000)
        fresh.submit()
        qtbot.waitUntil(lambda: controller.main is not None, timeout=15_000)
