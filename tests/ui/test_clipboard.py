"""What the app copies, as another program sees it: the app runs on its own Xvfb display
(tests/ui/clipboard_child.py) and `xclip`, a separate process, reads the X11 clipboard and
primary selection. After a lock or a quit neither holds the journal's words, and every copy
carries the hint that tells clipboard managers to keep no history of it."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from kapjournal.storage.vault import Vault
from kapjournal.ui.clipboard import SECRET_HINT, copy_text
from tests.conftest import PASSPHRASE, child_env

READY = sys.platform.startswith("linux") and all(shutil.which(t) for t in ("Xvfb", "xclip"))
if not READY and os.environ.get("CI"):
    raise RuntimeError("CI runs these: Xvfb and xclip (scripts/run-tests installs them)")
needs_x = pytest.mark.skipif(not READY, reason="needs Xvfb and xclip")

MARKER = "harbour-lantern-7431"  # a word only the journal holds
SELECTIONS = ("primary", "clipboard")


@pytest.fixture
def display() -> Iterator[str]:
    """A throwaway X server; it writes its display number once it accepts connections."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as ready:
        number = ready.readline().strip()
    assert number, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(10)


class Child:
    """The app in its own process on `display`; `do` waits until it has done the command."""

    def __init__(self, display: str, tmp_path: Path) -> None:
        vault = tmp_path / "journal.kapvault"
        Vault.create(vault, PASSPHRASE).lock()
        env = child_env(
            DISPLAY=display, QT_QPA_PLATFORM="xcb", KAPJOURNAL_HOME=str(tmp_path / "home")
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.clipboard_child", str(vault), PASSPHRASE, MARKER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
            cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
        self.display = display
        self._buffer = b""
        assert self._line() == "ready"

    def _line(self, timeout: float = 60) -> str:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            assert left > 0, "the app did not answer"
            if select.select([fd], [], [], left)[0]:
                chunk = os.read(fd, 4096)
                assert chunk, f"the app stopped (exit code {self.proc.wait(10)})"
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode().strip()

    def do(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        assert self._line() == command

    def read(self, selection: str, target: str = "UTF8_STRING") -> str | None:
        """What another program gets from the selection, or None when nobody offers it."""
        got = self.read_bytes(selection, target)
        return got.decode() if got is not None else None

    def read_bytes(self, selection: str, target: str) -> bytes | None:
        r = subprocess.run(
            ["xclip", "-o", "-selection", selection, "-t", target],
            capture_output=True, env={**os.environ, "DISPLAY": self.display}, timeout=20,
        )  # fmt: skip
        return r.stdout if r.returncode == 0 else None

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def app(display: str, tmp_path: Path) -> Iterator[Child]:
    child = Child(display, tmp_path)
    try:
        child.do("unlock")
        yield child
    finally:
        child.close()


@needs_x
def test_words_copied_and_selected_are_marked_for_clipboard_managers(app: Child) -> None:
    app.do("copy")
    for selection in SELECTIONS:
        assert app.read(selection) == MARKER, f"the {selection} selection holds the copy"
        assert SECRET_HINT in (app.read(selection, "TARGETS") or "").split()
        assert app.read(selection, SECRET_HINT) == "secret"


@needs_x
def test_a_copied_picture_stays_a_picture_and_is_marked(app: Child) -> None:
    app.do("picture")
    assert SECRET_HINT in (app.read("clipboard", "TARGETS") or "").split()
    assert app.read("clipboard", SECRET_HINT) == "secret"
    png = app.read_bytes("clipboard", "image/png")
    assert png is not None and png.startswith(b"\x89PNG")
    assert QImage.fromData(png).pixelColor(1, 1) == QColor("red")


@needs_x
def test_a_lock_takes_back_the_clipboard_and_the_primary_selection(app: Child) -> None:
    app.do("copy")
    assert app.read("primary") == MARKER and app.read("clipboard") == MARKER
    app.do("lock")
    for selection in SELECTIONS:
        assert app.read(selection) is None, f"the {selection} selection outlived the lock"


@needs_x
def test_quitting_takes_back_the_clipboard_and_the_primary_selection(app: Child) -> None:
    app.do("copy")
    app.do("quit")
    for selection in SELECTIONS:
        assert app.read(selection) is None, f"the {selection} selection outlived the quit"
    app.do("exit")
    assert app.proc.wait(30) == 0


@needs_x
def test_the_drafted_message_to_the_therapist_is_marked(app: Child) -> None:
    app.do("draft")
    assert "safety flag" in (app.read("clipboard") or "")
    assert app.read("clipboard", SECRET_HINT) == "secret"


def test_the_apps_own_copies_carry_the_hint(qtbot: QtBot) -> None:
    """The same on every platform: what copy_text puts on the clipboard."""
    from kapjournal.ui.app import create_application

    create_application([])
    copy_text("a drafted message")
    data = QGuiApplication.clipboard().mimeData()
    assert data is not None and data.text() == "a drafted message"
    assert bytes(data.data(SECRET_HINT).data()) == b"secret"
