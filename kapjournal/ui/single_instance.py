"""One app per journal: a second launch brings the first window forward and leaves.

Two apps on one journal would each keep their own view of it, and a restore or passphrase
change in one would be refused because of the other. The first app holds an exclusive lock
(kapjournal/oslock.py, the same code on Linux, macOS and Windows) on a small file in the
user's runtime folder, keyed by the journal's path, and watches a "knock" file beside it; a
later launch finds the lock taken, appends one line to the knock file, and exits. The system
drops the lock of an app that was killed, so a crash never blocks the next start. No socket,
pipe or network module is involved (see tests/test_architecture.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from kapjournal.oslock import OsLock
from kapjournal.paths import APP_NAME

KNOCK = b"show\n"


def runtime_folder() -> Path:
    """The user's own folder for files that live as long as a session (0700)."""
    folder = Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return Path.home()
    return folder


class SingleInstance(QObject):
    """`claim()` once at start; `activated` fires each time a later launch knocks."""

    activated = Signal()

    def __init__(self, vault_path: Path, folder: Path | None = None) -> None:
        super().__init__()
        key = hashlib.sha256(str(Path(vault_path).resolve()).encode()).hexdigest()[:20]
        folder = folder or runtime_folder()
        self.lock_path = folder / f"kapjournal-{key}.lock"
        self.knock_path = folder / f"kapjournal-{key}.knock"
        self._lock = OsLock(self.lock_path)
        self._watcher: QFileSystemWatcher | None = None

    def claim(self) -> bool:
        """True: this is the journal's only app. False: another one has it and was asked to
        come forward; this launch should end."""
        try:
            taken = self._lock.try_exclusive()
        except OSError:
            self._lock.close()
            return True  # no runtime folder to use: this app runs on its own
        if not taken:
            self._lock.close()
            self._knock()
            return False
        self._listen()
        return True

    def _listen(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.knock_path.unlink()  # left by an app that was killed
        try:
            os.close(os.open(self.knock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError:
            return
        self._watcher = QFileSystemWatcher([str(self.knock_path)], self)
        self._watcher.fileChanged.connect(self._knocked)

    def _knocked(self, _path: str) -> None:
        try:
            if self.knock_path.stat().st_size == 0:
                return  # our own emptying of it, below
            os.truncate(self.knock_path, 0)
        except OSError:
            return
        self.activated.emit()

    def _knock(self) -> None:
        try:  # never created here: the first app makes it when it starts listening
            fd = os.open(self.knock_path, os.O_WRONLY | os.O_APPEND)
        except OSError:
            return  # the other app is just starting or ending; it will show itself
        try:
            os.write(fd, KNOCK)
        except OSError:
            pass
        finally:
            os.close(fd)

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.removePaths(self._watcher.files())
            self._watcher = None
        if self._lock.held:
            with contextlib.suppress(OSError):
                self.knock_path.unlink()
        self._lock.close()
