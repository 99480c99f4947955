"""A real app on an X display, for the clipboard test: one command a line on stdin, and the
command echoed on stdout once it is done (unlock, copy, picture, draft, lock, quit, exit).

python -m tests.ui.clipboard_child VAULT PASSPHRASE MARKER

"copy" types MARKER into a new entry, selects it with Ctrl+A (on X11 that is the primary
selection) and copies it with Ctrl+C (the clipboard), as a patient would. After "quit" the
process stays connected to the display until "exit", still answering other programs: a
selection the app kept would still be readable then.
"""

from __future__ import annotations

import sys
from pathlib import Path

import keyring.backends.fail
from PySide6.QtCore import QEventLoop, QSocketNotifier, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtTest import QTest

from kapjournal.paths import Paths
from kapjournal.services.keys import KeyStore
from kapjournal.services.opening import open_journal
from kapjournal.settings import Settings
from kapjournal.storage.keychain import Keychain
from kapjournal.ui.app import AppController, create_application


def main() -> None:
    path, passphrase, marker = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = create_application([])
    keys = KeyStore(Keychain(backend=keyring.backends.fail.Keyring(), timeout=1))
    controller = AppController(Paths.from_environment(), Settings(), vault_path=path, keys=keys)
    after_quit = QEventLoop()

    def unlock() -> None:
        controller.on_unlocked(open_journal(path, passphrase=passphrase), False)

    def copy() -> None:
        assert controller.main is not None
        controller.main.new_free_entry()
        edit = controller.main.editor.body.edit
        QTest.keyClicks(edit, marker)
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    def picture() -> None:
        image = QImage(4, 4, QImage.Format.Format_RGB32)
        image.fill(QColor("red"))
        QGuiApplication.clipboard().setImage(image)

    def draft() -> None:
        from kapjournal.ui.dialogs.crisis import CrisisDialog

        controller.show_crisis("")
        [dialog] = [d for d in controller.dialogs if isinstance(d, CrisisDialog)]
        dialog.draft_message()

    commands = {
        "unlock": unlock,
        "copy": copy,
        "picture": picture,
        "draft": draft,
        "lock": controller.lock,
        "quit": controller.quit,
        "exit": after_quit.quit,
    }

    def read() -> None:
        line = sys.stdin.readline().strip()
        if line:
            commands[line]()
            print(line, flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(read)
    print("ready", flush=True)
    app.exec()
    after_quit.exec()


if __name__ == "__main__":
    main()
