"""One app per journal: a second launch brings the first forward and ends; a killed app
leaves nothing that stops the next one."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from kapjournal.paths import Paths
from kapjournal.ui.app import AppController
from kapjournal.ui.single_instance import SingleInstance
from tests.conftest import child_env


def test_a_second_claim_knocks_on_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "journal.kapvault", folder=tmp_path)
    assert first.claim()
    other_journal = SingleInstance(tmp_path / "other.kapvault", folder=tmp_path)
    assert other_journal.claim()  # another journal has its own app
    second = SingleInstance(tmp_path / "journal.kapvault", folder=tmp_path)
    with qtbot.waitSignal(first.activated, timeout=3000):
        assert not second.claim()
    for s in (first, other_journal):
        s.release()


def test_the_knock_brings_the_window_forward(
    qtbot: QtBot, controller: AppController, paths: Paths, tmp_path: Path
) -> None:
    controller.start()
    window = controller.create_dialog  # a first run: the welcome dialog is the window
    assert window is not None
    window.hide()
    first = SingleInstance(paths.default_vault, folder=tmp_path)
    assert first.claim()
    first.activated.connect(controller.bring_forward)
    assert not SingleInstance(paths.default_vault, folder=tmp_path).claim()
    qtbot.waitUntil(window.isVisible, timeout=3000)
    first.release()


def launch(home: Path, runtime: Path) -> subprocess.Popen[bytes]:
    env = child_env(
        KAPJOURNAL_HOME=str(home), XDG_RUNTIME_DIR=str(runtime), QT_QPA_PLATFORM="offscreen"
    )
    return subprocess.Popen(
        [sys.executable, "-m", "kapjournal"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_knock_file(runtime: Path, app: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while not list(runtime.rglob("kapjournal-*.knock")):
        assert app.poll() is None and time.monotonic() < deadline, "the first app started"
        time.sleep(0.05)


def test_a_second_launch_ends_and_a_killed_app_does_not_block(tmp_path: Path) -> None:
    home, runtime = tmp_path / "home", tmp_path / "run"
    runtime.mkdir(mode=0o700)
    first = launch(home, runtime)
    try:
        wait_for_knock_file(runtime, first)
        [knock] = runtime.rglob("kapjournal-*.knock")
        second = launch(home, runtime)
        assert second.wait(timeout=30) == 0
        assert first.poll() is None, "the first app goes on"
        first.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        first.wait()
        # The dead app's knock file, as it is left (a knock changes its times; an inode number
        # is reused, so both are compared).
        dead = (knock.stat().st_ino, knock.stat().st_ctime_ns)
        third = launch(home, runtime)  # the kernel dropped the dead app's lock
        try:
            # The new app takes over: it replaces the dead app's knock file with its own ...
            deadline = time.monotonic() + 30
            while not knock.exists() or (knock.stat().st_ino, knock.stat().st_ctime_ns) == dead:
                assert third.poll() is None, "a new app starts after a crash"
                assert time.monotonic() < deadline, "the new app never listened"
                time.sleep(0.05)
            # ... and is the one app now: a fourth launch hands over to it and ends.
            fourth = launch(home, runtime)
            assert fourth.wait(timeout=30) == 0
            assert third.poll() is None
        finally:
            third.kill()
            third.wait()
    finally:
        first.kill()
        first.wait()
