"""Real widgets on the offscreen platform; each test gets its own data folder and app state."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring.backends.fail
import pytest
from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.services.journal import JournalService
from kapjournal.services.keys import KeyStore
from kapjournal.services.opening import open_journal
from kapjournal.settings import Settings
from kapjournal.storage.keychain import Keychain
from kapjournal.storage.repository import Repository
from kapjournal.storage.secret import Secret
from kapjournal.storage.vault import Vault
from kapjournal.ui.app import AppController, create_application
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="session")
def microphone() -> Iterator[dict[str, str]]:
    """A virtual microphone (tests/ui/virtual_mic.py) for the whole run: Qt connects to
    PulseAudio once per process, so it is pointed at this one before any recording."""
    from tests.ui.virtual_mic import virtual_microphone

    with virtual_microphone() as env:
        before = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        yield env
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def no_keychain() -> KeyStore:
    return KeyStore(Keychain(backend=keyring.backends.fail.Keyring(), timeout=1))


@pytest.fixture
def paths(isolated_home: Path) -> Paths:
    p = Paths.from_environment()
    p.ensure()
    return p


@pytest.fixture
def controller(qtbot: QtBot, paths: Paths, no_keychain: KeyStore) -> Iterator[AppController]:
    create_application([])
    c = AppController(paths, Settings(crisis_region="US"), keys=no_keychain)  # a US patient
    yield c
    if c.main is not None:
        c.lock()  # the app's own path: save, wipe every pane, close the vault
    for w in (c.unlock_window, c.create_dialog, *c.dialogs):
        if w is not None:
            w.close()
    wait_for_tasks()


@pytest.fixture
def unlocked(controller: AppController, paths: Paths, qtbot: QtBot) -> MainWindow:
    """An app already past the unlock window, on a fresh vault."""
    Vault.create(paths.default_vault, PASSPHRASE).lock()
    controller.start()
    controller.on_unlocked(open_journal(paths.default_vault, passphrase=PASSPHRASE), False)
    assert controller.main is not None
    qtbot.waitUntil(lambda: controller.main is not None and controller.main.isVisible())
    wait_for_tasks()  # the backup that unlocking starts
    return controller.main


@pytest.fixture
def side_repo(unlocked: MainWindow, paths: Paths) -> Iterator[Repository]:
    """A second connection to the open journal, for a test to look at or fill it directly."""
    with Vault.unlock(paths.default_vault, Secret(passphrase=PASSPHRASE)) as v:
        yield Repository(v)


def service_of(window: MainWindow) -> JournalService:
    return window.service


def now() -> datetime:
    return datetime.now().astimezone()
