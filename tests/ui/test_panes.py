"""Smaller behaviours of the panes and dialogs, each on real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from kapjournal.domain import Entry, Phase
from kapjournal.paths import Paths
from kapjournal.services.opening import open_journal
from kapjournal.settings import Settings
from kapjournal.storage.repository import Repository
from kapjournal.ui import widgets
from kapjournal.ui.actions import ActionId
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.packs import PacksDialog
from kapjournal.ui.dialogs.settings import SettingsDialog
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.journal import PAGE, EntryListModel
from tests.conftest import PASSPHRASE

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "example-pack.toml"
BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken-packs" / "unknown-key.toml"


def test_list_model_fetches_lazily(unlocked: MainWindow, side_repo: Repository) -> None:
    repo = side_repo
    with repo.vault.transaction():
        for i in range(PAGE * 2 + 15):
            repo.save_entry(Entry(title=f"entry {i}", body="river " * 5))
    model = EntryListModel(unlocked.service)
    model.reset()
    assert model.total == PAGE * 2 + 15 and model.rowCount() == 0
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE, "one page at a time, never every row"
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE * 2 + 15 and not model.canFetchMore()


def test_filters_narrow_the_list(qtbot: QtBot, unlocked: MainWindow) -> None:
    repo = unlocked.service
    repo.save_entry(Entry(title="a recall", phase=Phase.RECALL, tags=["sea"]))
    repo.save_entry(Entry(title="a free one", phase=Phase.FREE))
    pane = unlocked.journal
    pane.reload_choices()
    pane.refresh()
    assert pane.model.total == 2
    pane.filters.phase.setCurrentIndex(pane.filters.phase.findData(Phase.RECALL.value))
    assert pane.model.total == 1
    pane.filters.phase.setCurrentIndex(0)
    pane.filters.tag.setCurrentIndex(pane.filters.tag.findData("sea"))
    assert pane.model.total == 1


def test_links_open_only_after_confirmation(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(widgets.QDesktopServices, "openUrl", lambda url: opened.append(url))
    view = widgets.MarkdownView("v", "view")
    qtbot.addWidget(view)
    view.set_markdown_text("[site](https://example.org) ![pic](https://example.org/p.png)")
    assert "<img" not in view.toHtml()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.anchorClicked.emit(QUrl("https://example.org"))
    assert opened == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.anchorClicked.emit(QUrl("https://example.org"))
    assert opened == [QUrl("https://example.org")]
    assert view.loadResource(2, QUrl("file:///etc/passwd")) is None


def test_settings_dialog_saves_every_field(qtbot: QtBot) -> None:
    s = Settings()
    d = SettingsDialog(s)
    qtbot.addWidget(d)
    d.auto_lock.setValue(12)
    d.backups.setValue(3)
    d.line.setText("Call 116 123 (Samaritans)")
    d.emergency.setText("112")
    d.region.choose("IE")
    assert d.line.placeholderText().startswith("Samaritans"), "the built-in line, shown"
    d.theme.setCurrentIndex(d.theme.findData("dark"))
    d.font_size.setValue(14)
    d.apply()
    assert (
        s.auto_lock_minutes,
        s.backups_kept,
        s.crisis_line,
        s.emergency_number,
        s.crisis_region,
        s.theme,
        s.editor_font_size,
    ) == (12, 3, "Call 116 123 (Samaritans)", "112", "IE", "dark", 14)


def test_packs_dialog_imports_lists_and_removes(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    assert controller.opened is not None
    d = PacksDialog(controller.opened.packs, choose_file=lambda: str(EXAMPLE))
    qtbot.addWidget(d)
    builtins = d.list.count()
    assert builtins == 5 and "built in" in d.list.item(0).text()  # PHQ, GAD, PCL, WHO-5, core
    assert any("WHO-5" in d.list.item(n).text() for n in range(builtins))
    d.import_clicked()
    assert "Example practice pack" in d.status.text() and d.list.count() == builtins + 1
    assert "Example Practice" in d.list.item(builtins).text()
    assert unlocked.service.template("example.practice/music-reflection") is not None
    d.choose_file = lambda: str(BROKEN)
    d.import_clicked()
    assert "nothing was added" in d.status.text()
    assert "colour" in d.status.text()
    d.list.setCurrentRow(builtins)
    d.remove_selected()
    assert d.list.count() == builtins
    assert unlocked.service.template("example.practice/music-reflection") is None


def test_idle_time_locks(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, paths: Paths
) -> None:
    unlocked.new_free_entry()
    entry = unlocked.editor.entry
    assert entry is not None
    qtbot.keyClicks(unlocked.editor.body.edit, "typed before the idle lock")
    controller.idle.set_interval_ms(300)
    qtbot.waitUntil(lambda: controller.main is None, timeout=5000)
    unlock = controller.unlock_window
    assert unlock is not None and unlock.isVisible()
    minutes = controller.settings.auto_lock_minutes
    assert unlock.lock_note.isVisible(), "the lock screen says why it locked"
    assert unlock.lock_note.text() == (
        f"Locked after {minutes} minutes without use; your writing was saved."
    )
    with open_journal(paths.default_vault, passphrase=PASSPHRASE) as reopened:
        saved = reopened.journal.entry(entry.uid)
        assert saved is not None and saved.body == "typed before the idle lock", "kept"


def test_screen_lock_signal_locks(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

    if not QDBusConnection.sessionBus().isConnected():
        pytest.skip("no D-Bus session bus here (scripts/run-tests provides one)")
    assert controller.system_lock.connected
    msg = QDBusMessage.createSignal(
        "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged"
    )
    msg.setArguments([True])
    QDBusConnection.sessionBus().send(msg)
    qtbot.waitUntil(lambda: controller.main is None, timeout=5000)


def test_quick_check_in(qtbot: QtBot, unlocked: MainWindow) -> None:
    today = unlocked.today
    today.save_check_in()
    assert "first" in today.check_in_status.text()
    today.scales[0].pick(6)
    today.line.setText("Walked by the river.")
    today.save_check_in()
    [e] = unlocked.service.entries()
    answers = {a.item_id: a for a in e.answers}
    assert answers["mood"].number == 6 and answers["one-line"].text == "Walked by the river."
    assert "Checked in" in today.check_in_status.text()


def test_safety_plan_opens_with_the_crisis_dialog(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    unlocked.open_safety_plan()
    editor = unlocked.editor
    reasons = next(w for w in editor.item_widgets if w.item.id == "reasons")
    qtbot.keyClicks(reasons.editor.edit, "My dog and the sea")  # type: ignore[attr-defined]
    assert editor.save_now()
    controller.show_crisis("")
    dialog = controller.dialogs[-1]
    plan = dialog.findChild(widgets.MarkdownView, "crisisSafetyPlan")
    assert plan is not None and "My dog and the sea" in plan.toPlainText()


def test_typing_without_pause_is_still_saved(qtbot: QtBot, unlocked: MainWindow) -> None:
    from kapjournal.ui.panes.editor import MAX_UNSAVED_MS

    unlocked.new_free_entry()
    editor = unlocked.editor
    saved: list[object] = []
    editor.saved.connect(saved.append)
    for _ in range(int(MAX_UNSAVED_MS / 100) + 8):  # a key every 100 ms, never a 1 s pause
        qtbot.keyClicks(editor.body.edit, "a")
        qtbot.wait(100)
        if saved:
            break
    assert saved, "the deadline saved while the patient kept typing"


def test_restore_from_the_app(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from kapjournal.storage.vault import Secret, Vault
    from kapjournal.ui.dialogs.restore import RestoreSeams, restore_flow
    from tests.conftest import PASSPHRASE

    assert controller.opened is not None
    service, admin = unlocked.service, controller.opened.admin
    service.save_entry(Entry(title="before the backup"))
    made = admin.backup(10)
    assert made is not None
    admin.change_passphrase(PASSPHRASE, "a later passphrase")
    service.save_entry(Entry(title="after the backup"))
    asked: list[bool] = []

    def ask(_parent: object) -> str:
        asked.append(True)
        return PASSPHRASE

    declined = RestoreSeams(lambda *_: str(made), lambda *_: False, ask)
    assert restore_flow(unlocked, admin, declined) is None
    assert service.count_entries() == 2, "nothing changes without a yes"
    seams = RestoreSeams(lambda *_: str(made), lambda *_: True, ask)
    outcome = restore_flow(unlocked, admin, seams)
    assert outcome is not None
    message, result = outcome
    assert message.startswith("Restored"), message
    assert result is not None
    assert result.key_changed, "the backup's passphrase opens the journal now"
    assert asked, "the backup's own passphrase was asked for"
    assert [e.title for e in service.entries()] == ["before the backup"]
    assert result.safety_backup in admin.backups()
    assert result.safety_backup != made
    with Vault.unlock(result.safety_backup, Secret(passphrase="a later passphrase")) as kept:
        assert {e.title for e in Repository(kept).entries()} == {
            "before the backup",
            "after the backup",
        }


def test_change_passphrase_from_the_app(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from kapjournal.storage.vault import Secret, Vault
    from tests.conftest import PASSPHRASE

    service = unlocked.service
    service.save_entry(Entry(title="kept through the change"))
    unlocked.actions_[ActionId.PASSPHRASE].trigger()
    dialog = controller.passphrase_dialog
    assert dialog is not None and dialog.isVisible()
    new = "a brand new and long passphrase"
    dialog.current.setText("not the passphrase")
    dialog.new.setText(new)
    dialog.repeat.setText(new)
    dialog.submit()
    qtbot.waitUntil(lambda: "not right" in dialog.error.text(), timeout=10_000)
    dialog.current.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.changed, timeout=20_000):
        dialog.submit()
    assert [e.title for e in service.entries()] == ["kept through the change"]
    assert controller.opened is not None
    path = controller.opened.path
    controller.lock()
    with Vault.unlock(path, Secret(passphrase=new)) as v:
        assert Repository(v).count_entries() == 1


def test_delete_entry_and_session_after_a_yes(
    qtbot: QtBot, unlocked: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kapjournal.domain import Session
    from tests.ui.conftest import now

    service = unlocked.service
    s = service.course.save_session(Session(scheduled_at=now()))
    entry = service.save_entry(Entry(title="to be deleted", session_uid=s.uid))
    unlocked.open_uid(entry.uid)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    unlocked.actions_[ActionId.DELETE_ENTRY].trigger()
    assert service.entry(entry.uid) is not None, "no means no"
    unlocked.actions_[ActionId.DELETE_ENTRY].trigger()
    assert service.entry(entry.uid) is None and service.search("deleted") == []
    kept = service.save_entry(Entry(title="written for the session", session_uid=s.uid))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    unlocked.sessions.refresh()
    unlocked.sessions.tree.setCurrentItem(unlocked.sessions.tree.topLevelItem(0))
    unlocked.sessions.delete_session()
    assert service.course.sessions() == []
    survivor = service.entry(kept.uid)
    assert survivor is not None and survivor.session_uid is None


def test_a_new_journal_is_the_one_offered_after_locking(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from tests.conftest import PASSPHRASE

    assert controller.opened is not None
    first = controller.opened.path
    controller.lock()
    controller.show_create()
    dialog = controller.create_dialog
    assert dialog is not None and Path(dialog.location.text()) != first
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: controller.main is not None)
    assert controller.opened is not None
    second = controller.opened.path
    controller.lock()
    assert controller.unlock_window is not None
    assert controller.unlock_window.vault_path() == second
    assert controller.unlock_window.vault_choice.findData(str(first)) >= 0


def test_a_changed_setting_has_its_live_effect(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    controller.settings.editor_font_size = 17
    controller.settings.auto_lock_minutes = 9
    for name in controller.settings.changes(Settings()):
        controller.setting_changed(name)
    assert unlocked.editor.font_size == 17
    assert controller.idle.timer.interval() == 9 * 60_000 and controller.idle.timer.isActive()


def test_a_line_that_arrives_after_the_first_run_window_opened_gets_its_room(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The keychain answers after the window is up; its sentence used to be squeezed over the
    "Remember" box above it (seen in the first-run screenshot)."""
    from kapjournal.ui.dialogs.first_run import CreateVaultDialog

    d = CreateVaultDialog(tmp_path / "journal.kapvault", None)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.set_keychain_reason(
        "No secure keychain is available on this computer, so the passphrase cannot be remembered."
    )
    qtbot.waitUntil(lambda: d.height() >= d.heightForWidth(d.width()))
    assert d.remember_why.geometry().top() >= d.remember.geometry().bottom()
    assert d.remember_why.height() >= d.remember_why.heightForWidth(d.remember_why.width())


def test_crisis_help_is_one_visible_button_away_on_every_tab_and_on_the_lock_screen(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from kapjournal.ui.dialogs.crisis import CrisisDialog
    from kapjournal.ui.panes.registry import PaneKey

    for pane in PaneKey:
        unlocked.show_pane(pane)
        button = unlocked.findChild(QPushButton, "needHelp")
        assert button is not None and button.isVisible(), pane
        assert button.text() == "Need help now?" and button.accessibleName()
    button.click()
    qtbot.waitUntil(lambda: any(isinstance(d, CrisisDialog) for d in controller.dialogs))
    controller.lock()  # by hand: no note about idle time
    unlock = controller.unlock_window
    assert unlock is not None and not unlock.lock_note.isVisible()
    on_lock_screen = unlock.findChild(QPushButton, "needHelp")
    assert on_lock_screen is not None and on_lock_screen.isVisible()
    with qtbot.waitSignal(unlock.crisis_requested):
        on_lock_screen.click()
