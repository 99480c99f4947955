"""One app per journal: a second launch brings the first window forward and leaves.

Two apps on one journal would each keep their own view of it, and a restore or passphrase
change in one would be refused because of the other. The first app holds an exclusive flock
on a small file in the user's runtime folder, keyed by the journal's path, and listens on a
named pipe beside it; a later launch finds the lock taken, writes one line into the pipe, and
exits. No socket and no network module is involved (see tests/test_architecture.py).
Where flock or named pipes do not exist (Windows) every launch runs on its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QStandardPaths, Signal

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def runtime_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    return Path(found) if found else Path.home()


class SingleInstance(QObject):
    """`claim()` once at start; `activated` fires each time a later launch knocks."""

    activated = Signal()

    def __init__(self, vault_path: Path, folder: Path | None = None) -> None:
        super().__init__()
        key = hashlib.sha256(str(Path(vault_path).resolve()).encode()).hexdigest()[:20]
        folder = folder or runtime_folder()
        self.lock_path = folder / f"kapjournal-{key}.lock"
        self.pipe_path = folder / f"kapjournal-{key}.pipe"
        self._fds: list[int] = []
        self._notifier: QSocketNotifier | None = None

    def claim(self) -> bool:
        """True: this is the journal's only app. False: another one has it and was asked to
        come forward; this launch should end."""
        if fcntl is None or not hasattr(os, "mkfifo"):
            return True
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True  # no runtime folder to use: run, as on Windows
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            self._knock()
            return False
        self._fds.append(fd)
        self._listen()
        return True

    def _listen(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.pipe_path.unlink()  # left by an app that was killed
        try:
            os.mkfifo(self.pipe_path, 0o600)
            reader = os.open(self.pipe_path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            return
        # Our own writer keeps the pipe from reading as closed between knocks.
        self._fds += [reader, os.open(self.pipe_path, os.O_WRONLY | os.O_NONBLOCK)]
        self._notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._knocked)

    def _knocked(self) -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(self._fds[1], 4096)
        self.activated.emit()

    def _knock(self) -> None:
        try:
            fd = os.open(self.pipe_path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return  # the other app is just starting or ending; it will show itself
        try:
            os.write(fd, b"show\n")
        except OSError:
            pass
        finally:
            os.close(fd)

    def release(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        with contextlib.suppress(OSError):
            self.pipe_path.unlink()
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._fds = []
