"""Capture a note while the journal stays locked, through the real lock screen: write-only
(nothing of earlier captures shown), sealed into the inbox without the passphrase, brought
into the journal at the next unlock and said there; a voice note recorded from the virtual
microphone; and the note's words and audio in no file on disk but sealed or encrypted."""

from __future__ import annotations

import re
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from kapjournal.paths import Paths
from kapjournal.services.capture import inbox, waiting
from kapjournal.services.flac import clean_voice
from kapjournal.services.opening import create_journal
from kapjournal.storage.vault import Vault
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.capture import CaptureDialog
from kapjournal.ui.dialogs.unlock import UnlockWindow
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE
from tests.ui.test_accessibility import missing_names, not_keyboard_reachable
from tests.ui.test_recording import files_written_since
from tests.ui.virtual_mic import speak

SEALED = "Sealed. Only your journal can open it; it will be in your journal after you unlock."
RECALL = Path(__file__).parents[1] / "fixtures" / "audio" / "recall.flac"


@pytest.fixture
def lock_screen(controller: AppController, paths: Paths) -> UnlockWindow:
    """The lock screen of a journal that has been unlocked before (it has its capture key)."""
    create_journal(paths.default_vault, PASSPHRASE).lock()
    controller.start()
    assert controller.unlock_window is not None
    return controller.unlock_window


def marker() -> str:
    return f"capturemarker{uuid.uuid4().hex[:12]}"


def open_capture(qtbot: QtBot, window: UnlockWindow) -> CaptureDialog:
    assert window.capture.isVisibleTo(window)
    window.capture.button.click()
    dialog = window.capture.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def seal(qtbot: QtBot, window: UnlockWindow, dialog: CaptureDialog) -> None:
    with qtbot.waitSignal(dialog.sealed, timeout=20_000):
        dialog.seal.click()
    qtbot.waitUntil(lambda: window.capture.dialog is None)


def words_shown(root: QWidget) -> list[str]:
    """Every text the widgets show or a screen reader speaks, by objectName."""
    said = []
    for w in [root, *root.findChildren(QWidget)]:
        texts = [w.accessibleName(), w.accessibleDescription(), w.toolTip(), w.windowTitle()]
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QPlainTextEdit):
            texts += [w.toPlainText(), w.placeholderText()]
        said += [f"{w.objectName()}: {t}" for t in texts if t]
    return said


def unlock(qtbot: QtBot, controller: AppController, window: UnlockWindow) -> MainWindow:
    window.passphrase.setText(PASSPHRASE)
    window.submit()
    qtbot.waitUntil(lambda: controller.main is not None, timeout=20_000)
    assert controller.main is not None
    wait_for_tasks()
    return controller.main


def notice(qtbot: QtBot, main: MainWindow) -> str:
    """The sentence the unlock says of the captures it brought in, in the status bar."""
    label = main.findChild(QLabel, "unlockNotice")
    assert label is not None, "the unlock said nothing of the captures"
    qtbot.waitUntil(label.isVisible)  # a status bar made after its window shows a moment later
    assert label.accessibleName() == label.text()  # what a screen reader reads there
    assert label.last_announced == label.text()  # and what it was told at once (SpokenLabel)
    return label.text()


def test_a_note_captured_on_the_lock_screen_is_sealed_unread_and_in_the_journal_after_unlock(
    qtbot: QtBot, controller: AppController, lock_screen: UnlockWindow, paths: Paths
) -> None:
    vault, word = paths.default_vault, marker()
    assert missing_names(lock_screen) == [] and not_keyboard_reachable(lock_screen) == []
    dialog = open_capture(qtbot, lock_screen)
    assert missing_names(dialog) == [] and not_keyboard_reachable(dialog) == []
    qtbot.keyClicks(dialog.text, f"The colours came back: {word}")
    seal(qtbot, lock_screen, dialog)
    [sealed] = waiting(vault)
    assert word.encode() not in sealed.read_bytes()
    assert lock_screen.capture.note.text() == SEALED
    assert lock_screen.capture.note.accessibleName() == SEALED  # what a screen reader hears
    assert lock_screen.capture.note.isVisibleTo(lock_screen)
    # Write-only: the next person at the computer sees nothing of it, not even a count.
    again = open_capture(qtbot, lock_screen)
    assert again is not dialog and again.text.toPlainText() == ""
    assert not lock_screen.capture.note.isVisibleTo(lock_screen), "forgotten when reopened"
    shown = words_shown(again) + words_shown(lock_screen)
    assert not [s for s in shown if word in s]
    assert not [s for s in shown if "captureElapsed" not in s and re.search(r"\b\d+\b", s)
                and "vaultChoice" not in s], shown  # fmt: skip
    again.cancel.click()  # empty: nothing to ask
    qtbot.waitUntil(lambda: lock_screen.capture.dialog is None)
    assert len(waiting(vault)) == 1
    main = unlock(qtbot, controller, lock_screen)
    assert waiting(vault) == []
    [hit] = main.service.search(word)
    entry = main.service.entry(hit.entry_uid)
    assert entry is not None and f"The colours came back: {word}" in entry.body
    assert notice(qtbot, main) == "Brought in 1 note captured while the journal was locked."


def test_a_recording_from_the_microphone_is_sealed_with_the_note_and_nothing_reaches_the_disk(
    qtbot: QtBot,
    controller: AppController,
    lock_screen: UnlockWindow,
    paths: Paths,
    microphone: dict[str, str],
    tmp_path: Path,
) -> None:
    started, vault, word = time.time() - 1, paths.default_vault, marker()
    dialog = open_capture(qtbot, lock_screen)
    qtbot.keyClicks(dialog.text, f"Only words {word}")
    seal(qtbot, lock_screen, dialog)
    dialog = open_capture(qtbot, lock_screen)
    qtbot.keyClicks(dialog.text, f"And a voice {word}")
    assert dialog.record.accessibleName() == "Record a voice note"
    with qtbot.waitSignal(dialog.recorder.listening, timeout=20_000):
        dialog.record.click()
    assert dialog.record.accessibleName() == "Stop recording"
    speaker = speak(microphone, "a first try")
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    with qtbot.waitSignal(dialog.recorder.finished, timeout=20_000):
        dialog.record.click()
    assert dialog.held is not None and dialog.discard.isVisibleTo(dialog)
    assert re.fullmatch(r"Recorded \d+ seconds?\. It will be sealed with your note\.",
                        dialog.status.text())  # fmt: skip
    dialog.discard.click()  # and again, with the keyboard
    assert dialog.held is None and dialog.status.text() == "The recording was discarded."
    with qtbot.waitSignal(dialog.recorder.listening, timeout=20_000):
        QTest.keyClick(dialog.text, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    speaker = speak(microphone, "I remember the light and feeling safe")
    qtbot.waitUntil(lambda: speaker.poll() is not None, timeout=30_000)
    seal(qtbot, lock_screen, dialog)  # Seal stops the recording and keeps it
    assert dialog.held is None and dialog.text.toPlainText() == ""
    assert len(waiting(vault)) == 2
    scan(started, paths, vault, word, tmp_path)
    main = unlock(qtbot, controller, lock_screen)
    assert notice(qtbot, main) == "Brought in 2 notes captured while the journal was locked."
    hits = main.service.search(word)
    assert len(hits) == 2
    attachments = controller.opened.attachments if controller.opened else None
    assert attachments is not None
    notes = [a for h in hits for a in attachments.of_entry(h.entry_uid) if a.kind == "audio"]
    assert len(notes) == 1 and notes[0].name.startswith("Recorded at ")
    data = attachments.data(notes[0].uid)
    assert data is not None and clean_voice(data).duration_ms > 1000
    scan(started, paths, vault, word, tmp_path)


def scan(started: float, paths: Paths, vault: Path, word: str, tmp_path: Path) -> None:
    """The note's words (UTF-8, UTF-16) and any FLAC stream are in no file written since the
    test began, in the data folder, the inbox or the system's temporary folder (but for
    other pytest runs' folders: tests running beside this one keep FLAC fixtures there)."""
    needles = [word.encode("utf-8"), word.encode("utf-16-le"), word.encode("utf-16-be"), b"fLaC"]
    roots = [paths.home, inbox(vault), Path(tempfile.gettempdir())]
    others = tmp_path.parents[1]  # pytest-of-<user>: every run's folders
    looked = 0
    for path in files_written_since(started, roots):
        if path.is_relative_to(others) and not path.is_relative_to(tmp_path):
            continue
        with path.open("rb") as f:
            content = f.read(200 * 1024 * 1024)
        looked += 1
        hit = [n for n in needles if n in content]
        assert not hit, f"{hit!r} in {path}"
    assert looked >= 2, "the scan saw the vault and the sealed files"


def test_a_voice_note_from_a_file_goes_through_the_same_seal(
    qtbot: QtBot, controller: AppController, lock_screen: UnlockWindow, paths: Paths
) -> None:
    """Where no microphone is at hand: the bytes the recorder hands over, sealed by the same
    button, and the length said before sealing."""
    data = RECALL.read_bytes()
    ms = clean_voice(data).duration_ms
    dialog = open_capture(qtbot, lock_screen)
    dialog.recorder.finished.emit(data, ms)  # as the recorder hands a recording over
    assert dialog.record.text() == "Record again" and dialog.discard.isVisibleTo(dialog)
    assert "It will be sealed with your note." in dialog.status.text()
    seal(qtbot, lock_screen, dialog)
    [sealed] = waiting(paths.default_vault)
    assert b"fLaC" not in sealed.read_bytes()
    main = unlock(qtbot, controller, lock_screen)
    assert controller.opened is not None
    [row] = main.service.search("Captured while locked") or [None]
    assert row is not None
    [note] = controller.opened.attachments.of_entry(row.entry_uid)
    assert note.kind == "audio" and note.duration_ms == ms


def test_a_journal_without_a_capture_key_says_to_unlock_once(
    qtbot: QtBot, controller: AppController, paths: Paths
) -> None:
    Vault.create(paths.default_vault, PASSPHRASE).lock()  # as an older version left it
    controller.start()
    window = controller.unlock_window
    assert window is not None
    dialog = open_capture(qtbot, window)
    qtbot.keyClicks(dialog.text, "kept here")
    dialog.seal.click()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10_000)
    assert dialog.error.text() == (
        "This journal cannot take notes while locked yet: unlock it once with this version "
        "of kapjournal, then capture again."
    )
    assert dialog.isVisible() and dialog.text.toPlainText() == "kept here"
    assert dialog.seal.isEnabled() and waiting(paths.default_vault) == []
    dialog.text.clear()
    dialog.seal.click()
    qtbot.waitUntil(lambda: dialog.error.text() == "The note is empty; nothing was captured.")


def test_cancel_with_words_says_so_first_and_a_lock_seals_them(
    qtbot: QtBot, controller: AppController, lock_screen: UnlockWindow, paths: Paths
) -> None:
    dialog = open_capture(qtbot, lock_screen)
    qtbot.keyClicks(dialog.text, "not yet")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.text.toPlainText() == "not yet"
    assert dialog.error.text().startswith("What you wrote or recorded is not sealed yet.")
    dialog.cancel.click()
    qtbot.waitUntil(lambda: lock_screen.capture.dialog is None)
    assert dialog.text.toPlainText() == "" and waiting(paths.default_vault) == []
    assert not lock_screen.capture.note.isVisibleTo(lock_screen)
    # The screen locks (or the tray's Lock) while a note is being written: nothing is lost,
    # nothing stays on screen, and no message box holds the lock up.
    dialog = open_capture(qtbot, lock_screen)
    qtbot.keyClicks(dialog.text, "half a thought")
    controller.lock()
    qtbot.waitUntil(lambda: lock_screen.capture.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: not isValid(dialog), timeout=10_000)  # deleted on a later pass
    assert len(waiting(paths.default_vault)) == 1  # gone from the screen, sealed
    assert lock_screen.capture.note.text() == SEALED


def test_no_capture_button_where_there_is_no_journal_yet(
    controller: AppController, paths: Paths
) -> None:
    controller.show_unlock()
    window = controller.unlock_window
    assert window is not None and not paths.default_vault.exists()
    assert not window.capture.isVisibleTo(window)


def test_unlocking_with_nothing_captured_says_nothing(
    controller: AppController, lock_screen: UnlockWindow, qtbot: QtBot
) -> None:
    main = unlock(qtbot, controller, lock_screen)
    assert main.findChild(QLabel, "unlockNotice") is None
