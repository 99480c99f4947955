"""What time it is, as a seam: services take a clock so tests can set the day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()
