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

import pytest
from pytestqt.qtbot import QtBot

from kapjournal.domain import Session, SessionStatus
from kapjournal.settings import Settings
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.reminders import Reminders, times_for
from tests.ui.conftest import now

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
def dunst() -> Iterator[None]:
    xvfb = subprocess.Popen(
        ["Xvfb", ":87", "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server = subprocess.Popen(
        ["dunst"],
        env={**os.environ, "DISPLAY": ":87"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not has_owner("org.freedesktop.Notifications"):
            assert time.monotonic() < deadline, "dunst did not start"
            time.sleep(0.1)
        dunstctl("history-clear")
        yield
    finally:
        server.terminate()
        xvfb.terminate()
        server.wait(10)
        xvfb.wait(10)


def arrived() -> list[dict[str, str]]:
    dunstctl("close-all")  # shown ones move to the history
    history = json.loads(dunstctl("history") or '{"data": [[]]}')
    return [{k: v["data"] for k, v in n.items()} for n in history["data"][0]]


def test_a_reminder_arrives_at_its_time_and_says_nothing_of_the_journal(
    qtbot: QtBot, unlocked: MainWindow, dunst: None
) -> None:
    service = unlocked.service
    session = service.save_session(
        Session(scheduled_at=now() - timedelta(hours=3), status=SessionStatus.DONE)
    )
    recall = service.start_entry("kapjournal.core/recall", session.uid)
    recall.title = "Lighthouse"
    recall.answers[0].text = "my father's voice"
    service.save_entry(recall)
    assert times_for(service, Settings(check_in_time="23:59", quiet_from="", quiet_until=""))

    reminders = Reminders()
    due_at = datetime.now().astimezone() + timedelta(seconds=1.5)
    reminders.set_times([due_at])
    qtbot.wait(500)
    assert arrived() == [], "not before its time"
    qtbot.waitUntil(lambda: bool(reminders.sent), timeout=5000)
    qtbot.waitUntil(lambda: len(arrived()) == 1, timeout=5000)
    [note] = arrived()
    assert datetime.now().astimezone() >= due_at
    assert note["appname"] == "kapjournal" and note["default_action_name"] == "default"
    said = f"{note['summary']} {note['body']}".lower()
    for private in ("lighthouse", "father", "recall", "session", "phq", "mood"):
        assert private not in said, private
