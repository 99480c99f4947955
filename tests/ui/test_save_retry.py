"""A save that cannot go through while another program writes the journal (a long import
from the command line) is tried again until it does: the words stay in the editor, and the
status says so in the meantime."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.storage.secret import Secret
from kapjournal.storage.vault import Vault
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.editor import RETRY_MS
from tests.conftest import PASSPHRASE


def test_a_save_blocked_by_another_writer_is_retried_until_it_goes_through(
    qtbot: QtBot, unlocked: MainWindow, paths: Paths
) -> None:
    # The app waits up to 5 s for the write lock (a batch of an import takes a fraction of
    # that); here a second writer holds it longer, and the test need not wait 5 s to see it.
    unlocked.service._repo.vault.conn.execute("PRAGMA busy_timeout = 100")  # noqa: SLF001
    unlocked.new_free_entry()
    editor = unlocked.editor
    other = Vault.unlock(paths.default_vault, Secret(passphrase=PASSPHRASE))
    try:
        other.conn.execute("BEGIN IMMEDIATE")  # another program writing: it holds the lock
        qtbot.keyClicks(editor.body.edit, "words typed while an import runs")
        qtbot.waitUntil(lambda: "Not saved yet" in editor.status.text(), timeout=5000)
        assert "your words stay here" in editor.status.text()
        assert editor.dirty and editor.retry.isActive()
        assert "words typed while an import runs" in editor.body.text()
        other.conn.execute("COMMIT")  # the other program is done
        with qtbot.waitSignal(editor.saved, timeout=RETRY_MS + 3000):
            pass  # no keystroke: the retry alone saves it
    finally:
        other.lock()
    assert editor.status.text() == "Saved" and not editor.dirty
    assert editor.entry is not None
    stored = unlocked.service.entry(editor.entry.uid)
    assert stored is not None and stored.body == "words typed while an import runs"
