"""Desktop reminders while the app runs: at the times the schedule gave (and nothing else),
a notification that says something is ready, through org.freedesktop.Notifications on the
session bus (local D-Bus, never the network). It names no page, title or score: it may show
on a lock screen. Its actions ("Open kapjournal", "Check in") come back as ActionInvoked
signals on the same connection and bring the app forward (the unlock window when locked).

The connection is opened off the UI thread once, then read from Qt's own event loop through a
socket notifier: no thread stays behind, and a missing or slow server never holds the window.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from kapjournal.i18n import tr
from kapjournal.prompts.reminders import load_times, save_times
from kapjournal.services.clock import Clock, local_now
from kapjournal.settings import Settings, clock_time
from kapjournal.ui.tasks import run_task

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

    from kapjournal.services.journal import JournalService

APP = "kapjournal"
DESKTOP_ENTRY = "kapjournal"
PATH = "/org/freedesktop/Notifications"
NAME = "org.freedesktop.Notifications"
OPEN, CHECK_IN = "default", "check-in"  # our action keys; "default" is a click on the body


def reminder_text() -> tuple[str, str]:
    """The only words a reminder ever has."""
    return (
        tr("kapjournal"),
        tr("Something in your journal is ready when you are."),
    )


def _connect() -> DBusConnection:
    """The session bus, listening for the notification server's signals (worker thread)."""
    from jeepney import MatchRule, message_bus
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(bus="SESSION")
    for member in ("ActionInvoked", "NotificationClosed"):
        rule = MatchRule(type="signal", interface=NAME, path=PATH, member=member)
        connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=3)
    return connection


class Notifier(QObject):
    """Sends notifications and emits `action(key)` when one of ours is clicked."""

    action = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connection: DBusConnection | None = None
        self.watch: QSocketNotifier | None = None
        self.connecting = False
        self.waiting: list[tuple[str, str]] = []  # to send once connected
        self.calls: set[int] = set()  # serials of our Notify calls awaiting their reply
        self.ids: set[int] = set()  # the server's ids of our notifications

    def notify(self, summary: str, body: str) -> None:
        self.waiting.append((summary, body))
        if self.connection is not None:
            self._flush()
        elif not self.connecting:
            self.connecting = True
            run_task(_connect, self._connected, self._no_server)

    def close(self) -> None:
        if self.watch is not None:
            self.watch.setEnabled(False)
            self.watch = None
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _no_server(self, exc: BaseException) -> None:
        self.connecting = False
        self.waiting.clear()
        self.failed.emit(str(exc))  # nowhere better to say it than Today itself

    def _connected(self, connection: DBusConnection) -> None:
        self.connecting = False
        self.connection = connection
        self.watch = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self.watch.activated.connect(self._readable)
        self._flush()

    def _flush(self) -> None:
        from jeepney import DBusAddress, new_method_call

        assert self.connection is not None
        address = DBusAddress(PATH, bus_name=NAME, interface=NAME)
        hints = {"desktop-entry": ("s", DESKTOP_ENTRY), "category": ("s", "presence")}
        actions = [OPEN, tr("Open kapjournal"), CHECK_IN, tr("Check in")]
        while self.waiting:
            summary, body = self.waiting.pop(0)
            message = new_method_call(
                address,
                "Notify",
                "susssasa{sv}i",
                (APP, 0, APP, summary, body, actions, hints, -1),
            )
            serial = next(self.connection.outgoing_serial)
            self.calls.add(serial)
            try:
                self.connection.send(message, serial=serial)
            except OSError as exc:
                self.close()
                self.failed.emit(str(exc))
                return

    def _readable(self) -> None:
        from jeepney import HeaderFields, MessageType

        connection = self.connection
        if connection is None:
            return
        while True:
            try:
                message = connection.receive(timeout=0)
            except TimeoutError:
                return  # all read; a partial message waits in the parser
            except (OSError, ValueError) as exc:  # the bus went away
                self.close()
                self.failed.emit(str(exc))
                return
            header = message.header
            if header.message_type is MessageType.method_return:
                serial = header.fields.get(HeaderFields.reply_serial)
                if serial in self.calls:
                    self.calls.discard(serial)
                    self.ids.add(int(message.body[0]))
            elif header.message_type is MessageType.signal:
                self._signal(header.fields.get(HeaderFields.member), message.body)

    def _signal(self, member: Any, body: tuple[Any, ...]) -> None:
        if not body or body[0] not in self.ids:
            return  # another app's notification
        if member == "ActionInvoked":
            self.action.emit(str(body[1]))
        elif member == "NotificationClosed":
            self.ids.discard(body[0])


class Reminders(QObject):
    """Fires at each of the given times (content-free); replace them with `set_times`.
    With a `store`, the times are kept in that file so a restart (or a start at login)
    still knows them while the journal is locked. The times are the wall clock's (a reminder
    at 9:00 stays at 9:00 across a suspend); `clock` reads it."""

    action = Signal(str)  # OPEN or CHECK_IN, from a notification

    def __init__(
        self, parent: QObject | None = None, store: Path | None = None, clock: Clock = local_now
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.times: list[datetime] = []
        self.sent: list[datetime] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._fire)
        self.notifier = Notifier(self)
        self.notifier.action.connect(self.action)
        if store is not None:
            self.set_times(load_times(store, clock()), keep=False)

    def set_times(self, times: list[datetime], *, keep: bool = True) -> None:
        self.times = sorted(times)
        if keep and self.store is not None:
            # Reminders while locked are a convenience; a full disk leaves the journal as is.
            with contextlib.suppress(OSError):
                save_times(self.store, self.times)
        self._arm()

    def stop(self) -> None:
        self.times = []
        self.timer.stop()
        self.notifier.close()

    def _arm(self) -> None:
        self.timer.stop()
        now = self.clock()
        self.times = [t for t in self.times if t > now]
        if self.times:
            ms = (self.times[0] - now).total_seconds() * 1000
            self.timer.start(int(min(ms, 2**31 - 1)))

    def _fire(self) -> None:
        now = self.clock()
        if self.times and self.times[0] > now:
            self._arm()  # a long wait is split; not yet
            return
        if self.times:
            self.sent.append(self.times.pop(0))
        self.notifier.notify(*reminder_text())
        self._arm()


def times_for(journal: JournalService, settings: Settings) -> list[datetime]:
    """The reminder times the settings ask for (none when reminders are off)."""
    if not settings.reminders:
        return []
    start, end = clock_time(settings.quiet_from), clock_time(settings.quiet_until)
    quiet = (start, end) if start is not None and end is not None else None
    return journal.schedule.reminder_times(clock_time(settings.check_in_time), quiet)
