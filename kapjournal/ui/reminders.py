"""Desktop reminders while the app runs: at the times the schedule gave (and nothing else),
a notification that says something is ready, through org.freedesktop.Notifications on the
session bus (local D-Bus, never the network). It names no page, title or score: it may show
on a lock screen. Its default action starts kapjournal from its desktop file, which brings
the running app (the unlock window, when locked) to the front.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kapjournal.i18n import tr
from kapjournal.settings import Settings, clock_time
from kapjournal.ui.tasks import run_task

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService

APP = "kapjournal"
DESKTOP_ENTRY = "kapjournal"


def send_notification(summary: str, body: str, timeout_s: float = 3.0) -> int:
    """Show one notification; returns its id. Raises when there is no notification server."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    address = DBusAddress(
        "/org/freedesktop/Notifications",
        bus_name="org.freedesktop.Notifications",
        interface="org.freedesktop.Notifications",
    )
    hints = {"desktop-entry": ("s", DESKTOP_ENTRY), "category": ("s", "presence")}
    message = new_method_call(
        address,
        "Notify",
        "susssasa{sv}i",
        (APP, 0, "kapjournal", summary, body, ["default", tr("Open kapjournal")], hints, -1),
    )
    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(message, timeout=timeout_s)
    return int(reply.body[0])


def reminder_text() -> tuple[str, str]:
    """The only words a reminder ever has."""
    return (
        tr("kapjournal"),
        tr("Something in your journal is ready when you are."),
    )


class Reminders(QObject):
    """Fires at each of the given times (content-free); replace them with `set_times`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.times: list[datetime] = []
        self.sent: list[datetime] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._fire)

    def set_times(self, times: list[datetime]) -> None:
        self.times = sorted(times)
        self._arm()

    def stop(self) -> None:
        self.times = []
        self.timer.stop()

    def _arm(self) -> None:
        self.timer.stop()
        now = datetime.now().astimezone()
        self.times = [t for t in self.times if t > now]
        if self.times:
            ms = (self.times[0] - now).total_seconds() * 1000
            self.timer.start(int(min(ms, 2**31 - 1)))

    def _fire(self) -> None:
        now = datetime.now().astimezone()
        if self.times and self.times[0] > now:
            self._arm()  # a long wait is split; not yet
            return
        if self.times:
            self.sent.append(self.times.pop(0))
        summary, body = reminder_text()
        # A server that is missing or slow must not hold the window: off the UI thread, and
        # a failure is silent (there is nowhere better to say it than Today itself).
        run_task(lambda: send_notification(summary, body), lambda _id: None, lambda _e: None)
        self._arm()


def times_for(journal: JournalService, settings: Settings) -> list[datetime]:
    """The reminder times the settings ask for (none when reminders are off)."""
    if not settings.reminders:
        return []
    start, end = clock_time(settings.quiet_from), clock_time(settings.quiet_until)
    quiet = (start, end) if start is not None and end is not None else None
    return journal.reminder_times(clock_time(settings.check_in_time), quiet)
