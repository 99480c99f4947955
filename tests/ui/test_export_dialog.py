"""The export dialog: tick entries, see the report, write it (PDF on a worker), see history."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kapjournal.domain import Session, SessionStatus
from kapjournal.storage.repository import Repository
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.export import ExportDialog
from kapjournal.ui.main_window import MainWindow
from tests.ui.conftest import now

PICTURES = Path(__file__).parents[1] / "fixtures" / "pictures"


def fill(window: MainWindow) -> Session:
    service = window.service
    session = service.course.save_session(
        Session(scheduled_at=now() - timedelta(days=2), status=SessionStatus.DONE)
    )
    recall = service.start_entry("kapjournal.core/recall", session.uid)
    recall.title = "Lighthouse"
    recall.answers[0].text = "A lighthouse in fog"
    recall.answers[1].text = "my father's voice"
    recall.answers[1].private = True
    service.save_entry(recall)
    other = service.free_entry()
    other.title = "Groceries"
    other.body = "Bought bread."
    service.save_entry(other)
    return session


def dialog_for(controller: AppController, qtbot: QtBot) -> ExportDialog:
    opened, window = controller.opened, controller.main
    assert opened is not None and window is not None
    dialog = ExportDialog(opened.reports, opened.journal, window, choose_file=lambda s: "")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_choose_preview_and_write_each_format(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, tmp_path: Path
) -> None:
    session = fill(unlocked)
    dialog = dialog_for(controller, qtbot)
    assert dialog.list.count() == 2
    assert dialog.count.text() == "2 of 2 entries chosen. 1 private answer will be left out."
    groceries = next(
        dialog.list.item(i)
        for i in range(dialog.list.count())
        if dialog.list.item(i).text().startswith("Groceries")
    )
    groceries.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.count.last_announced.startswith("1 of 2 entries chosen.")
    qtbot.waitUntil(lambda: "Lighthouse" in dialog.preview.toPlainText(), timeout=3000)
    preview = dialog.preview.toPlainText()
    assert "A lighthouse in fog" in preview and "Bought bread" not in preview
    assert "father" not in preview and "1 answer the patient marked private" in preview

    dialog.filters.session.setCurrentIndex(dialog.filters.session.findData(session.uid))
    assert dialog.list.count() == 1, "the session filter shows its entries only"

    html = tmp_path / "r.html"
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    assert not dialog.password.isEnabled(), "only a PDF takes a password"
    dialog.write_to(html)
    assert "A lighthouse in fog" in html.read_text() and "father" not in html.read_text()

    pdf = tmp_path / "r.pdf"
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.password.setText("tide pool 7")
    dialog.repeat.setText("tide pool 7")
    dialog.write_to(pdf)
    qtbot.waitUntil(lambda: pdf.exists(), timeout=15_000)
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    assert reader.is_encrypted and reader.decrypt("tide pool 7")
    assert "Saved 1 entry" in dialog.status.text()
    history = dialog.history
    assert history.tree.topLevelItemCount() == 2
    newest = history.tree.topLevelItem(0)
    assert newest.text(1) == "Report, PDF" and newest.text(3) == "1"
    history.tree.setCurrentItem(newest)
    assert history.held.accessibleName() == "In this report: Lighthouse."


def test_differing_passwords_are_said_and_nothing_is_written(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    fill(unlocked)
    dialog = dialog_for(controller, qtbot)
    asked: list[str] = []
    dialog.choose_file = lambda s: asked.append(s) or ""  # type: ignore[func-returns-value]
    dialog.password.setText("one")
    dialog.repeat.setText("two")
    dialog.save_report()
    assert "differ" in dialog.error.last_announced
    assert asked == [], "no file is asked for"


def test_a_weak_pdf_password_is_refused_and_nothing_is_written(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    """The same strength rule as the journal's passphrase (and `kapjournal export`)."""
    fill(unlocked)
    dialog = dialog_for(controller, qtbot)
    asked: list[str] = []
    dialog.choose_file = lambda s: asked.append(s) or ""  # type: ignore[func-returns-value]
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    for field in (dialog.password, dialog.repeat):
        field.setText("x")
    dialog.save_report()
    assert "too easy to guess" in dialog.error.last_announced
    assert asked == [], "no file is asked for"
    for field in (dialog.password, dialog.repeat):
        field.setText("")
    dialog.save_report()
    assert asked, "no password at all is still a choice (the reminder says the file is plain)"


def test_the_archive_is_said_plainly_before_it_is_written(
    qtbot: QtBot,
    controller: AppController,
    unlocked: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from kapjournal.ui.dialogs.archive import export_archive

    fill(unlocked)
    said: list[str] = []

    def question(_parent: object, _title: str, text: str, *a: object) -> object:
        said.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: None))
    out = tmp_path / "all.json"
    assert controller.opened is not None
    assert export_archive(controller.opened.archives, unlocked, lambda s: str(out)) == out
    assert "private" in said[0] and "not encrypted" in said[0]
    assert "my father's voice" in out.read_text(), "the archive is everything"


def test_pictures_are_listed_unticked_and_go_in_only_when_ticked(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from PySide6.QtCore import Qt

    from kapjournal.ui.dialogs.export import ExportDialog

    assert controller.opened is not None
    entry = unlocked.service.save_entry(unlocked.service.free_entry())
    controller.opened.attachments.add_picture_file(entry.uid, PICTURES / "gps.jpg")
    dialog = ExportDialog(controller.opened.reports, controller.opened.journal, unlocked)
    qtbot.addWidget(dialog)
    assert dialog.attached.count() == 1 and dialog.attached.accessibleName()
    item = dialog.attached.item(0)
    assert item.checkState() == Qt.CheckState.Unchecked and "32 × 64 px" in item.text()
    assert dialog.chosen_attachments() == set()
    item.setCheckState(Qt.CheckState.Checked)
    assert len(dialog.chosen_attachments()) == 1


def test_the_safety_plan_goes_out_only_when_asked_for(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, tmp_path: Path
) -> None:
    fill(unlocked)
    service = unlocked.service
    plan = service.open_safety_plan()
    plan.answers[0].text = "Not answering messages"
    service.save_entry(plan)
    dialog = dialog_for(controller, qtbot)
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(listed) == 2 and not any("safety plan" in t for t in listed)
    assert dialog.with_plan.isVisible() and not dialog.with_plan.isChecked()
    assert dialog.with_plan.accessibleName() == "Include my safety plan"
    assert all(e.template_id != plan.template_id for e in dialog.chosen())
    dialog.with_plan.setChecked(True)
    assert [e.uid for e in dialog.chosen()][-1] == plan.uid
    qtbot.waitUntil(lambda: "Not answering messages" in dialog.preview.toPlainText())
    dialog.with_plan.setChecked(False)
    qtbot.waitUntil(lambda: "Not answering messages" not in dialog.preview.toPlainText())


def test_the_window_starts_where_the_last_report_ended(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow, side_repo: Repository
) -> None:
    from kapjournal.domain import ExportRecord

    fill(unlocked)
    service = unlocked.service
    old = service.free_entry()
    old.title, old.created_at = "Old news", now() - timedelta(days=30)
    service.save_entry(old)
    side_repo.record_export(ExportRecord("report-pdf", 1, at=now() - timedelta(days=10)))
    dialog = dialog_for(controller, qtbot)
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert listed and not any(t.startswith("Old news") for t in listed)
    assert dialog.filters.use_dates.isChecked()
    assert dialog.start_note.isVisible()
    assert dialog.start_note.text().startswith("Starting from your last report, on ")
    dialog.filters.use_dates.setChecked(False)  # every entry, at a click
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert any(t.startswith("Old news") for t in listed)


def test_check_ins_are_one_choice_and_the_preview_is_a_white_page(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from PySide6.QtGui import QPalette

    from kapjournal.ui.theme import apply_theme

    fill(unlocked)
    service = unlocked.service
    for mood in (4, 6, 7):
        entry = service.start_entry("kapjournal.core/check-in")
        next(a for a in entry.answers if a.item_id == "mood").number = mood
        service.save_entry(entry)
    apply_theme("dark")
    try:
        dialog = dialog_for(controller, qtbot)
        rows = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert len(rows) == 3 and rows[0].startswith("Daily check-ins: 3, ")
        assert len(dialog.chosen()) == 5  # the three check-ins, the recall and the other entry
        dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
        assert len(dialog.chosen()) == 2
        assert "3 entries" not in dialog.count.text() and dialog.count.text().startswith("2 of 5")
        paper = dialog.preview.palette()
        assert paper.color(QPalette.ColorRole.Base).name() == "#ffffff"
        assert paper.color(QPalette.ColorRole.Text).name() == "#000000"
    finally:
        apply_theme("system")  # as the other tests have it
