"""The page a tired patient writes on: one title naming it, guidance that is not a field, the
lock in each answer's header, the voice meter only while recording, and a way out that saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.domain import Phase
from kapjournal.export.markdown import to_markdown
from kapjournal.i18n import format_skeleton
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.page_head import PAGE_NAMES
from kapjournal.ui.panes.registry import PaneKey
from kapjournal.ui.widgets import MarkdownView, SpokenLabel


def top(widget: QWidget, page: QWidget) -> int:
    return widget.mapTo(page, widget.rect().topLeft()).y()


def test_a_recall_page_is_named_once_and_its_own_title_waits_at_the_end(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    service = unlocked.service
    session = service.course.save_session(service.course.new_session())
    unlocked.open_phase(session.uid, Phase.RECALL.value)
    editor = unlocked.editor
    page = editor.scroller.widget()
    title = editor.findChild(SpokenLabel, "pageTitle")
    when = format_skeleton(session.scheduled_at, "MMMd")
    assert title.text() == f"{PAGE_NAMES[Phase.RECALL]} - the session of {when}"
    assert title.accessibleName() and title.text() in title.accessibleName()
    assert editor.findChild(QWidget, "editorKeys") is None  # keys are in Help, not on the page
    last_answer = editor.item_widgets[-1]
    assert top(editor.title, page) > top(last_answer, page) > top(title, page)
    # The pack's guidance is text on the window, not something that looks like a field.
    intro = editor.findChild(MarkdownView, "templateIntro")
    assert intro.frameWidth() == 0
    assert intro.palette().color(QPalette.ColorRole.Base) == unlocked.palette().color(
        QPalette.ColorRole.Window
    )
    # A reading column: about 75 characters, not the width of the window.
    assert editor.scroller.widget().findChild(QWidget, "editorPage").maximumWidth() < (
        editor.fontMetrics().averageCharWidth() * 110
    )


def test_a_questionnaire_has_no_title_or_tags_to_fill_in(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    unlocked.start_entry("kapjournal.core/phq9")
    editor = unlocked.editor
    page = editor.scroller.widget()
    assert not editor.title.isVisibleTo(page) and not editor.tags.isVisibleTo(page)
    assert editor.findChild(SpokenLabel, "pageTitle").text() == editor.entry.title


def test_the_lock_sits_in_each_answers_header_and_says_what_it_does(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    unlocked.start_entry("kapjournal.core/preparation")
    for item in unlocked.editor.item_widgets:
        lock = item.private
        assert item.prompt_label.parentWidget().isAncestorOf(lock), item.key  # its header
        assert abs(top(lock, item) - top(item.prompt_label, item)) < lock.height()
        assert lock.text() == "Not private" and not lock.isChecked()
        lock.click()
        assert lock.text() == "Private: never exported" and lock.isChecked()
        assert lock.accessibleName().startswith("Keep the answer to")


def test_at_large_text_the_buttons_go_under_the_question_instead_of_squeezing_it(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    unlocked.start_entry("kapjournal.core/preparation")
    item = unlocked.editor.item_widgets[0]
    head = item.prompt_label.parentWidget()
    head.resize(item.private.sizeHint().width() * 2, head.height())
    QApplication.processEvents()
    assert top(item.private, head) > top(item.prompt_label, head)  # under it, not beside
    assert item.prompt_label.width() > head.width() * 0.8


def test_the_voice_meter_shows_only_while_recording(qtbot: QtBot, unlocked: MainWindow) -> None:
    service = unlocked.service
    session = service.course.save_session(service.course.new_session())
    unlocked.open_phase(session.uid, Phase.RECALL.value)
    voice = unlocked.editor.voice
    assert voice is not None
    page = unlocked.editor.scroller.widget()
    assert voice.record.isVisibleTo(page)
    assert not voice.meter.isVisibleTo(page) and not voice.time.isVisibleTo(page)


def test_done_for_now_saves_what_was_typed_and_goes_back_to_today(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    unlocked.start_entry("kapjournal.core/preparation")
    editor = unlocked.editor
    first = editor.item_widgets[0]
    first.editor.edit.setPlainText("To stay curious.")  # typed: the autosave has not run
    done = editor.findChild(QWidget, "editorDone")
    assert done.accessibleName() == "Done for now - it's saved"
    with qtbot.waitSignal(editor.finished):
        qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    assert unlocked.current_pane() == PaneKey.TODAY
    uid = editor.entry.uid
    stored = unlocked.service.entry(uid)
    assert stored is not None and stored.answers[0].text == "To stay curious."


def test_anything_else_has_its_own_lock_that_keeps_it_out_of_reports(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    unlocked.start_entry("kapjournal.core/preparation")
    editor = unlocked.editor
    lock = editor.findChild(QWidget, "entryBody_private")
    assert lock is editor.body_lock and not lock.isChecked()
    head = editor.findChild(SpokenLabel, "pageTitle").parentWidget()
    assert top(lock, head) < top(editor.body.edit, head)  # in the header, above the text
    editor.body.edit.setPlainText("Something only for me.")
    editor.body.edit.setFocus()
    editor.toggle_private()  # what Ctrl+Shift+H does from inside the text
    assert lock.isChecked() and lock.text() == "Private: never exported"
    assert editor.save_now()
    stored = unlocked.service.entry(editor.entry.uid)
    assert stored is not None and stored.body_private
    assert controller.opened is not None
    reports = controller.opened.reports  # the report the dialog and the CLI make
    report = reports.build(reports.select(uids=[stored.uid]))
    text = to_markdown(report)
    assert report.withheld == 1 and "only for me" not in text
