"""Services over a real vault on disk, with a clock the test moves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kapjournal.services.opening import OpenJournal, create_journal
from tests.conftest import PASSPHRASE

ZONE = ZoneInfo("Europe/Madrid")


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now = self.now + timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=ZONE))


@pytest.fixture
def opened(vault_path: Path, clock: Clock) -> Iterator[OpenJournal]:
    with create_journal(vault_path, PASSPHRASE, clock=clock) as o:
        yield o
