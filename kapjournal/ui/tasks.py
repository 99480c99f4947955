"""The one way to run slow work off the UI thread: results come back on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the UI thread; queued signals land here, so callbacks never run on a worker."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self, on_done: Callable[[Any], None], on_failed: Callable[[BaseException], None] | None
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_failed = on_failed
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)

    @Slot(object)
    def _deliver_done(self, value: Any) -> None:
        _live.discard(self)
        self._on_done(value)

    @Slot(object)
    def _deliver_failed(self, exc: BaseException) -> None:
        _live.discard(self)
        if self._on_failed is not None:
            self._on_failed(exc)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:  # on a worker thread: touch no widget here
        try:
            value = self.fn()
        except BaseException as exc:  # handed to the UI thread
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(value)


_live: set[_Relay] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None] | None = None,
) -> None:
    """Run fn on the shared pool; on_done(result) or on_failed(exc) runs on the UI thread."""
    relay = _Relay(on_done, on_failed)
    _live.add(relay)
    QThreadPool.globalInstance().start(_Job(fn, relay))


def wait_for_tasks(msecs: int = 10_000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
