"""Locking on idle time, and on system suspend or screen lock where the desktop tells us."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits `idle` after `minutes` without keyboard or mouse input (0 disables it)."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.timer.stop()
        if minutes > 0:
            self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self.timer.setInterval(ms)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self.timer.isActive() and event.type() in INPUT_EVENTS:
            self.timer.start()  # any input starts the wait again
        return False


class SystemLockWatcher(QObject):
    """Emits `locked` when the session's screen locks or the machine goes to sleep.

    Listens on D-Bus (a local bus, not the network) where it exists: logind's PrepareForSleep
    and the freedesktop / GNOME screensaver ActiveChanged. Elsewhere it stays silent.
    """

    locked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected: list[str] = []
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        session, system = QDBusConnection.sessionBus(), QDBusConnection.systemBus()
        for bus, service, path, iface, name, slot in (
            (
                system,
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                "_on_signal",
            ),
            (
                session,
                "",  # any sender: desktops differ in who owns the name; a lock is harmless
                "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver",
                "ActiveChanged",
                "_on_signal",
            ),
            (
                session,
                "",
                "/org/gnome/ScreenSaver",
                "org.gnome.ScreenSaver",
                "ActiveChanged",
                "_on_signal",
            ),
        ):
            if bus.isConnected() and bus.connect(  # type: ignore[call-overload]
                service, path, iface, name, self, SLOT(f"{slot}(bool)")
            ):
                self.connected.append(f"{iface}.{name}")

    @Slot(bool)
    def _on_signal(self, active: bool) -> None:
        if active:
            self.locked.emit()
