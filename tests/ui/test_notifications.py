"""Reminders against a real notification server: Debian's dunst on the test's own D-Bus
session (scripts/run-tests runs pytest inside dbus-run-session) and a throwaway Xvfb.
`dunstctl history` lists what arrived: at the reminder's time, and with no journal content."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kapjournal.domain import Session, SessionStatus
from kapjournal.services.opening import open_journal
from kapjournal.settings import Settings
from kapjournal.storage.vault import Vault
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.reminders import Reminders, times_for
from tests.ui.conftest import PASSPHRASE, now

READY = all(shutil.which(t) for t in ("dunst", "dunstctl", "Xvfb")) and os.environ.get(
    "DBUS_SESSION_BUS_ADDRESS"
)
if not READY and os.environ.get("CI"):
    raise RuntimeError("CI runs these: dunst, Xvfb and a D-Bus session (scripts/run-tests)")
pytestmark = pytest.mark.skipif(not READY, reason="needs dunst, Xvfb and a D-Bus session")


def has_owner(name: str) -> bool:
    """Asked of the bus itself: unlike a call to the name, this never starts a service."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(new_method_call(bus, "NameHasOwner", "s", (name,)))
    return bool(reply.body[0])


def dunstctl(*args: str) -> str:
    return subprocess.run(
        ["dunstctl", *args], capture_output=True, text=True, timeout=10, check=False
    ).stdout


@pytest.fixture
def dunst(tmp_path: Path) -> Iterator[Path]:
    """dunst on its own X display. Its context menu ("dunstctl context") is a script that
    picks the action named in the yielded file, as a person would in dmenu."""
    choice = tmp_path / "choice"
    choice.write_text("Open kapjournal")
    menu = tmp_path / "menu.sh"
    menu.write_text(f'#!/bin/sh\ngrep -m1 -F "$(cat {choice})"\n')
    menu.chmod(0o755)
    config = tmp_path / "dunstrc"
    config.write_text(f"[global]\n    dmenu = {menu}\n")
    # Xvfb picks a free display and writes its number once it accepts connections: dunst,
    # started before that, exits at once ("cannot open display"), and a fixed display can
    # still be held by the previous test's server while it shuts down.
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as ready:
        display = ready.readline().strip()
    assert display, "Xvfb did not start"
    server = subprocess.Popen(
        ["dunst", "-config", str(config)],
        env={**os.environ, "DISPLAY": f":{display}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not has_owner("org.freedesktop.Notifications"):
            assert server.poll() is None, f"dunst stopped: {server.stderr.read()}"  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "dunst did not start"
            time.sleep(0.1)
        dunstctl("history-clear")
        yield choice
    finally:
        server.terminate()
        xvfb.terminate()
        server.wait(10)
        xvfb.wait(10)


class SetClock:
    """The wall clock, as the test sets it: reminders go by it, the timers by the steady one."""

    def __init__(self) -> None:
        self.now = datetime.now().astimezone()

    def __call__(self) -> datetime:
        return self.now


def arrived() -> list[dict[str, str]]:
    dunstctl("close-all")  # shown ones move to the history
    history = json.loads(dunstctl("history") or '{"data": [[]]}')
    return [{k: v["data"] for k, v in n.items()} for n in history["data"][0]]


def test_a_reminder_arrives_at_its_time_and_says_nothing_of_the_journal(
    qtbot: QtBot, unlocked: MainWindow, dunst: Path
) -> None:
    service = unlocked.service
    session = service.course.save_session(
        Session(scheduled_at=now() - timedelta(hours=3), status=SessionStatus.DONE)
    )
    recall = service.start_entry("kapjournal.core/recall", session.uid)
    recall.title = "Lighthouse"
    recall.answers[0].text = "my father's voice"
    service.save_entry(recall)
    assert times_for(service, Settings(check_in_time="23:59", quiet_from="", quiet_until=""))

    clock = SetClock()
    reminders = Reminders(clock=clock)
    due_at = clock.now + timedelta(seconds=1.5)
    reminders.set_times([due_at])
    qtbot.wait(500)
    assert arrived() == [], "not before its time"
    # The timer ran its 1.5 s, but the wall clock says it is not yet time (a slow clock, or
    # a suspend): the reminder waits for the clock, not for the timer.
    qtbot.wait(1500)
    assert reminders.sent == [] and arrived() == []
    clock.now = due_at
    qtbot.waitUntil(lambda: bool(reminders.sent), timeout=20_000)
    qtbot.waitUntil(lambda: len(arrived()) == 1, timeout=5000)
    [note] = arrived()
    assert reminders.sent == [due_at]
    assert note["appname"] == "kapjournal" and note["default_action_name"] == "default"
    said = f"{note['summary']} {note['body']}".lower()
    for private in ("lighthouse", "father", "recall", "session", "phq", "mood"):
        assert private not in said, private


def test_check_in_from_a_locked_reminder_is_two_clicks_after_unlocking(
    qtbot: QtBot, controller: AppController, dunst: Path
) -> None:
    from PySide6.QtCore import Qt

    Vault.create(controller.paths.default_vault, PASSPHRASE).lock()
    controller.start()
    assert controller.unlock_window is not None
    controller.unlock_window.hide()  # out of sight: the reminder brings it back
    reminders = controller.presence.reminders
    reminders.clock = clock = SetClock()
    reminders.set_times([clock.now + timedelta(seconds=0.3)])
    clock.now += timedelta(seconds=0.3)
    qtbot.waitUntil(lambda: bool(reminders.notifier.ids), timeout=5000)
    dunst.write_text("Check in")
    dunstctl("context")  # the person picks "Check in" from the notification's menu
    qtbot.waitUntil(lambda: controller.check_in_next, timeout=5000)
    qtbot.waitUntil(controller.unlock_window.isVisible)
    controller.on_unlocked(
        open_journal(controller.paths.default_vault, passphrase=PASSPHRASE), False
    )
    main = controller.main
    assert main is not None and main.current_pane() == "today"
    mood = main.today.scales[0]
    qtbot.waitUntil(mood.hasFocus)
    qtbot.mouseClick(mood.chips[5], Qt.MouseButton.LeftButton)  # one
    qtbot.mouseClick(main.today.check_in_button, Qt.MouseButton.LeftButton)  # two
    numbers = main.service.check_ins.check_in_numbers(None)
    assert [v for _w, item, v in numbers if item == "mood"] == [5]


def test_clicking_a_reminder_brings_the_app_forward(
    qtbot: QtBot, controller: AppController, dunst: Path
) -> None:
    Vault.create(controller.paths.default_vault, PASSPHRASE).lock()
    controller.start()
    assert controller.unlock_window is not None
    controller.unlock_window.hide()
    notifier = controller.presence.reminders.notifier
    notifier.notify("kapjournal", "Something in your journal is ready when you are.")
    qtbot.waitUntil(lambda: bool(notifier.ids), timeout=5000)
    dunstctl("context")  # "Open kapjournal"
    qtbot.waitUntil(controller.unlock_window.isVisible, timeout=5000)
    assert not controller.check_in_next
