"""A real app process for the kill test: unlock, type, let autosave run, type more, wait.

python -m tests.ui.app_child VAULT PASSPHRASE
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from kapjournal.paths import Paths
from kapjournal.services.opening import open_journal
from kapjournal.settings import Settings
from kapjournal.ui.app import AppController, create_application


def main() -> None:
    path, passphrase = Path(sys.argv[1]), sys.argv[2]
    app = create_application([])
    controller = AppController(Paths.from_environment(), Settings(), vault_path=path)
    controller.on_unlocked(open_journal(path, passphrase=passphrase), False)
    window = controller.main
    assert window is not None
    window.new_free_entry()
    editor = window.editor

    def type_first() -> None:
        QTest.keyClicks(editor.body.edit, "words that were autosaved")
        poll()

    def poll() -> None:
        if not editor.dirty and editor.status.text() == "Saved":
            print("saved", flush=True)
            QTest.keyClicks(editor.body.edit, " and words typed after")
            print("typed-more", flush=True)
            return
        QTimer.singleShot(50, poll)

    QTimer.singleShot(0, type_first)
    app.exec()


if __name__ == "__main__":
    main()
