"""Names that say one thing each, in English and in Spanish: no tab named like a menu, and a
questionnaire listed as a questionnaire, not as a check-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kapjournal import i18n
from kapjournal.paths import Paths
from kapjournal.services.opening import open_journal
from kapjournal.storage.vault import Vault
from kapjournal.ui.app import AppController, install_language
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE


@pytest.fixture(params=["en", "es"])
def window(
    request: pytest.FixtureRequest, controller: AppController, paths: Paths, qtbot: QtBot
) -> Iterator[MainWindow]:
    """The app unlocked in English, then in Spanish, as a patient would start it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_language(app, request.param)
    Vault.create(paths.default_vault, PASSPHRASE).lock()
    controller.start()
    controller.on_unlocked(open_journal(paths.default_vault, passphrase=PASSPHRASE), False)
    assert controller.main is not None
    wait_for_tasks()
    yield controller.main
    install_language(app, "en")


def plain(text: str) -> str:
    return text.replace("&", "").strip()


def test_no_tab_has_the_name_of_a_menu(qtbot: QtBot, window: MainWindow) -> None:
    tabs = {plain(window.tabs.tabText(i)) for i in range(window.tabs.count())}
    menus = {plain(a.text()) for a in window.menuBar().actions()}
    assert len(tabs) == 4 and len(menus) >= 3
    assert not tabs & menus, tabs & menus


def test_a_questionnaire_is_listed_as_one_not_as_a_check_in(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.start_entry("kapjournal.core/phq9")
    window.editor.mark_dirty()  # kept, though not yet answered
    assert window.editor.save_now()
    window.journal.refresh()
    model = window.journal.model
    while model.canFetchMore(QModelIndex()):  # the list loads as it is scrolled
        model.fetchMore(QModelIndex())
    shown = model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleTextRole)
    assert i18n.tr("Questionnaire") in shown, shown
    assert i18n.tr("Check-in") not in shown, shown
    if i18n.text_language() == "es":
        assert "Cuestionario" in shown and "Registro" not in shown
