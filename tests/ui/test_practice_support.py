"""Shared reports made by real journals, and a real practice store holding them, for the
practice window's tests (no tests here: the fixtures and helpers they import; a fixture
is imported as `<name>_fixture` and used by its name)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kapjournal.services.opening import OpenJournal, create_journal
from kapjournal.services.practice import OpenPractice, create_practice, open_practice
from kapjournal.ui.bootstrap import create_application
from kapjournal.ui.practice.window import PracticeWindow
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> **kept bold**"


def phq9(journal: OpenJournal, each: int, item9: int = 0) -> None:
    answers = {f"phq9_{n}": each for n in range(1, 9)} | {"phq9_9": item9}
    journal.journal.questionnaires.record_questionnaire("phq9", answers)


def share(journal: OpenJournal, out: Path, name: str) -> Path:
    """The share report, as `kapjournal export --format share --all` writes it."""
    reports = journal.reports
    reports.write(reports.build(reports.select()), out, "share", patient=name)
    return out


@dataclass
class Made:
    journal: OpenJournal
    reports: list[Path]


def course(folder: Path, name: str, *, flag: bool = False, hostile: bool = False) -> Made:
    """A journal with a PHQ-9 baseline, one report, a second result (item 9 above 0 when
    `flag`), and a second report: two reports of one patient, a week apart."""
    folder.mkdir(parents=True, exist_ok=True)
    opened = create_journal(folder / f"{name}.kapvault", PASSPHRASE)
    now = datetime.now().astimezone()
    j = opened.journal
    j.clock = lambda: now - timedelta(days=14)
    phq9(opened, 2)
    entry = j.free_entry()
    entry.title = "First week"
    entry.body = HOSTILE if hostile else "A calm week."
    j.save_entry(entry)
    j.clock = lambda: now - timedelta(days=7)
    first = share(opened, folder / f"{name}-1.json", name)
    j.clock = lambda: now - timedelta(days=1)
    phq9(opened, 1, item9=2 if flag else 0)
    j.clock = lambda: now
    second = share(opened, folder / f"{name}-2.json", name)
    return Made(opened, [first, second])


def version_1(report: Path, out: Path) -> Path:
    """The same report as an older app wrote it: version 1, no journal id."""
    data = json.loads(report.read_text(encoding="utf-8"))
    data["version"] = 1
    data.pop("journal_id", None)
    data.pop("recipient", None)
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


@pytest.fixture(name="reports")
def reports_fixture(tmp_path: Path) -> dict[str, Made]:
    """Three patients: Ana flagged (with hostile Markdown in an entry), Ben and Cleo not."""
    made = {
        "Ana": course(tmp_path / "ana", "Ana", flag=True, hostile=True),
        "Ben": course(tmp_path / "ben", "Ben"),
        "Cleo": course(tmp_path / "cleo", "Cleo"),
    }
    for m in made.values():
        m.journal.lock()
    return made


@pytest.fixture(name="store")
def store_fixture(tmp_path: Path, reports: dict[str, Made]) -> Iterator[OpenPractice]:
    """A practice store holding Ben's and Cleo's reports (Ana's are added by the tests)."""
    path = tmp_path / "practice.kappractice"
    create_practice(path, PASSPHRASE).lock()
    opened = open_practice(path, passphrase=PASSPHRASE)
    for who in ("Ben", "Cleo"):
        for r in reports[who].reports:
            opened.practice.add(r)
    yield opened
    if opened.is_open:
        opened.lock()


@pytest.fixture(name="window")
def window_fixture(qtbot: QtBot, store: OpenPractice) -> Iterator[PracticeWindow]:
    create_application([])
    w = PracticeWindow(store)
    qtbot.addWidget(w)
    w.show()
    yield w
    wait_for_tasks()
    w.close_for_lock()


def shown_html(qtbot: QtBot, w: PracticeWindow) -> str:
    """The entries view's HTML once the worker formatted it."""
    view = w.patient.entries
    qtbot.waitUntil(lambda: "Preparing" not in view.toPlainText(), timeout=5000)
    return view.toHtml()
