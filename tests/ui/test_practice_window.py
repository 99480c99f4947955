"""The practice window through its front doors, on a real practice store of real reports:
unlock and create, the patients list, adding reports, a patient's course, notes, summary."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kapjournal.services.keys import KeyStore
from kapjournal.services.opening import create_journal
from kapjournal.services.practice import NEW, NeedsPatient, OpenPractice
from kapjournal.ui.bootstrap import create_application
from kapjournal.ui.practice.model import FLAG, NAME, PatientsModel
from kapjournal.ui.practice.unlock import PracticeUnlockDialog
from kapjournal.ui.practice.window import PracticeWindow
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE
from tests.ui.test_practice_support import (  # noqa: F401 (fixtures)
    Made,
    reports_fixture,
    shown_html,
    store_fixture,
    version_1,
    window_fixture,
)


def names(w: PracticeWindow) -> list[str]:
    return [w.proxy.index(r, NAME).data() for r in range(w.proxy.rowCount())]


def opened_by(qtbot: QtBot, dialog: PracticeUnlockDialog) -> OpenPractice:
    got: list[OpenPractice] = []
    dialog.opened.connect(lambda o, _r: got.append(o))
    dialog.submit()
    qtbot.waitUntil(lambda: bool(got) or bool(dialog.error.text()), timeout=10_000)
    assert got, dialog.error.text()
    return got[0]


# -- unlock and create ----------------------------------------------------------------------
def test_first_use_creates_then_the_passphrase_opens_and_a_wrong_one_is_one_sentence(
    qtbot: QtBot, tmp_path: Path, no_keychain: KeyStore
) -> None:
    create_application([])
    path = tmp_path / "new" / "practice.kappractice"
    dialog = PracticeUnlockDialog(path, no_keychain)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.creating() and dialog.repeat.isVisible()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "x")
    dialog.submit()
    assert dialog.error.text() == "The two passphrases differ; type them again."
    dialog.passphrase.setText("abc")
    dialog.repeat.setText("abc")
    dialog.submit()
    assert "too easy to guess" in dialog.error.text() and not path.exists()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    opened_by(qtbot, dialog).lock()
    assert path.exists()
    assert PASSPHRASE.encode() not in path.read_bytes()

    again = PracticeUnlockDialog(path, no_keychain)
    qtbot.addWidget(again)
    again.show()
    assert not again.creating() and not again.repeat.isVisible()
    again.passphrase.setText("not the passphrase at all")
    again.submit()
    qtbot.waitUntil(lambda: bool(again.error.text()), timeout=10_000)
    assert again.error.text() == (
        "That passphrase does not unlock this practice store; check it and try again."
    )
    assert again.passphrase.isEnabled()
    again.passphrase.setText(PASSPHRASE)
    opened = opened_by(qtbot, again)
    assert opened.practice.patients() == []
    opened.lock()
    wait_for_tasks()


def test_a_journal_chosen_as_the_practice_gets_the_core_sentence(
    qtbot: QtBot, tmp_path: Path, no_keychain: KeyStore
) -> None:
    create_application([])
    journal = tmp_path / "journal.kapvault"
    create_journal(journal, PASSPHRASE).lock()
    dialog = PracticeUnlockDialog(tmp_path / "elsewhere.kappractice", no_keychain)
    qtbot.addWidget(dialog)
    dialog.choose(journal)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10_000)
    assert dialog.error.text() == (
        "This file is a journal, not a practice store; open it with kapjournal."
    )
    wait_for_tasks()


# -- the list ---------------------------------------------------------------------------
def test_flagged_first_then_search_and_sort(
    qtbot: QtBot, window: PracticeWindow, reports: dict[str, Made]
) -> None:
    assert sorted(names(window)) == ["Ben", "Cleo"]
    window.choose_reports = lambda: [str(p) for p in reports["Ana"].reports]
    window.actions_["actionPracticeAdd"].trigger()  # the button's own action
    assert names(window)[0] == "Ana", "the patient with an open safety flag comes first"
    assert window.proxy.index(0, FLAG).data().endswith("1")
    spoken = window.proxy.index(0, FLAG).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "1 open safety flag"
    assert "Added Ana-1.json to Ana." in window.status.text()
    column = 5 + window.model.instruments.index("PHQ-9")
    assert window.proxy.index(0, column).data() == "10 (\u22126)"  # 16 at first, 10 now

    window.search.setText("cle")
    assert names(window) == ["Cleo"]
    cleo = window.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    window.search.setText(cleo[:6])  # the start of an id finds them too
    assert names(window) == ["Cleo"]
    window.search.clear()
    window.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert names(window) == ["Cleo", "Ben", "Ana"]
    window.table.sortByColumn(FLAG, Qt.SortOrder.DescendingOrder)
    assert names(window)[0] == "Ana"


def test_adding_again_changes_nothing_and_a_bad_file_is_one_sentence(
    window: PracticeWindow, reports: dict[str, Made], tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-report.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    window.add_reports([str(reports["Ben"].reports[0]), str(bad)])
    said = window.status.text()
    assert "Ben-1.json was in the practice already; nothing changed." in said
    assert "not-a-report.json is not a report a patient shared" in said
    assert "Traceback" not in said and sorted(names(window)) == ["Ben", "Cleo"]


def test_an_older_report_asks_who_it_is(
    window: PracticeWindow, store: OpenPractice, reports: dict[str, Made], tmp_path: Path
) -> None:
    older = version_1(reports["Ben"].reports[1], tmp_path / "ben-old.json")
    asked: list[tuple[str, list[str]]] = []
    ben = store.practice.find("Ben").key

    def answer(file: str, exc: NeedsPatient) -> str | None:
        asked.append((file, [p.key for p in exc.candidates]))
        return ben

    window.ask_patient = answer
    window.add_reports([str(older)])
    assert asked == [("ben-old.json", [ben])]
    assert store.practice.course(ben)["reports"][-1]["version"] == 1
    assert sorted(names(window)) == ["Ben", "Cleo"]

    again = version_1(reports["Cleo"].reports[0], tmp_path / "cleo-old.json")
    window.ask_patient = lambda _f, _e: NEW  # "someone new"
    window.add_reports([str(again)])
    assert sorted(names(window)) == ["Ben", "Cleo", "Cleo"]
    window.ask_patient = lambda _f, _e: None  # the question cancelled: nothing added
    window.add_reports([str(version_1(reports["Ben"].reports[0], tmp_path / "ben-0.json"))])
    assert window.status.text() == "ben-0.json was not added."
    assert len(store.practice.course(ben)["reports"]) == 3


# -- a patient ------------------------------------------------------------------------------
def test_flags_come_first_and_hostile_markdown_is_neutralised(
    qtbot: QtBot, window: PracticeWindow, store: OpenPractice, reports: dict[str, Made]
) -> None:
    window.add_reports([str(p) for p in reports["Ana"].reports])
    window.choose(store.practice.find("Ana").key)
    view = window.patient
    shown = [view.body.itemAt(n).widget() for n in range(view.body.count())]
    kinds = [w.objectName() for w in shown]
    assert kinds[:3] == ["patientName", "patientFacts", "flagsBox"], kinds
    flags = shown[2]
    heading = flags.findChild(QLabel, "openFlagsHeading")
    assert heading is not None and heading.text().endswith("1 open safety flag")
    flag = flags.findChild(QLabel, "openFlag0")
    assert flag is not None and "PHQ-9 item 9" in flag.text()
    assert view.charts and view.charts[0].trend.instrument == "PHQ-9"
    assert len(view.charts[0].trend.points) == 2

    view.report_choice.setCurrentIndex(view.report_choice.count() - 1)  # the first report
    html = shown_html(qtbot, window)
    text = view.entries.toPlainText()
    assert "First week" in text and "kept bold" in text
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "onerror" not in lowered
    assert "alert(2)" not in text  # the image tag went, with its attribute


def test_notes_are_saved_and_never_in_the_summary(
    qtbot: QtBot, window: PracticeWindow, store: OpenPractice, tmp_path: Path
) -> None:
    ben = store.practice.find("Ben").key
    window.choose(ben)
    notes = window.patient.notes
    assert notes.truth.text() == "Only in this practice file; never in a summary or export."
    notes.add.click()
    assert notes.error.text() == "The note is empty; nothing was added."
    qtbot.keyClicks(notes.text, "Private thought about Ben zebra")
    notes.add.click()
    assert [n["text"] for n in store.practice.notes(ben)] == ["Private thought about Ben zebra"]
    assert "Private thought about Ben zebra" in notes.list.item(0).text()
    assert notes.text.toPlainText() == ""

    target = tmp_path / "summary.pdf"
    window.choose_pdf = lambda _suggested: str(target)
    window.actions_["actionPracticeSummary"].trigger()
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    assert "not encrypted" in window.status.text()
    assert target.stat().st_mode & 0o077 == 0
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    raw = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = " ".join(unicodedata.normalize("NFKC", raw).split())
    assert "Patient summary: Ben" in text and "PHQ-9" in text
    assert "No open safety flag." in text and "Page 1 of 1" in text
    assert "zebra" not in text and "Private thought" not in text


def test_remove_patient_asks_first(window: PracticeWindow, store: OpenPractice) -> None:
    window.choose(store.practice.find("Cleo").key)
    asked: list[str] = []
    window.confirm_remove = lambda name: asked.append(name) or False
    window.actions_["actionPracticeRemove"].trigger()
    assert asked == ["Cleo"] and "Cleo" in names(window)
    window.confirm_remove = lambda name: True
    window.actions_["actionPracticeRemove"].trigger()
    assert names(window) == ["Ben"]
    assert "Removed Cleo" in window.status.text()
    assert window.patient.course is None
    assert not window.actions_["actionPracticeRemove"].isEnabled()


def test_the_model_draws_200_patients_quickly() -> None:
    import time

    rows = [
        {"id": f"{n:032x}", "name": f"P{n}", "reports": 20, "latest_report": None,
         "scores": [], "open_flags": n % 7 == 0, "latest_flag": None}
        for n in range(200)
    ]  # fmt: skip
    model = PatientsModel()
    start = time.perf_counter()
    model.set_rows(rows)
    cells = [model.index(r, c).data() for r in range(200) for c in range(model.columnCount())]
    assert len(cells) == 1000 and time.perf_counter() - start < 0.5
