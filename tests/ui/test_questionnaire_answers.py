"""A questionnaire's answers: one row in value order, targets that grow with the text, words
that wrap rather than scroll sideways, and one question at a time by default."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.prompts.catalog import builtin_packs
from kapjournal.prompts.model import Instrument
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.answer_row import AnswerColumn
from kapjournal.ui.panes.questionnaire import QuestionnaireForm, QuestionnaireItem

INSTRUMENTS = ("phq9", "gad7", "pcl5")


def instrument(instrument_id: str) -> Instrument:
    return next(i for p in builtin_packs() for i in p.instruments if i.id == instrument_id)


@contextmanager
def text_at(scale: float) -> Iterator[None]:
    font = QApplication.font()
    base = font.pointSizeF()
    font.setPointSizeF(base * scale)
    QApplication.setFont(font)
    try:
        yield
    finally:
        font.setPointSizeF(base)
        QApplication.setFont(font)


def in_pane(qtbot: QtBot, form: QuestionnaireForm, width: int) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(form)
    qtbot.addWidget(area)
    area.resize(width, 700)
    area.show()
    area.activateWindow()
    qtbot.waitUntil(area.isActiveWindow)  # keyboard focus goes to an active window only
    return area


def buttons(form: QuestionnaireForm, item_id: str) -> list[QRadioButton]:
    group = form.groups[item_id]
    return [group.button(v) for v in sorted(group.id(b) for b in group.buttons())]


def every_button(form: QuestionnaireForm) -> list[QRadioButton]:
    return [b for item_id in form.groups for b in buttons(form, item_id)]


def laid_out(form: QuestionnaireForm) -> bool:
    return all(b.isVisible() and b.height() > 0 for b in every_button(form))


def name_of(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name)


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_every_answer_is_a_target_that_grows_with_the_text(
    qtbot: QtBot, instrument_id: str
) -> None:
    form = QuestionnaireForm(instrument(instrument_id))
    form.one_at_a_time.setChecked(False)  # every question on screen
    _area = in_pane(qtbot, form, 900)
    qtbot.waitUntil(lambda: laid_out(form))
    normal = {b.objectName(): b.size() for b in every_button(form)}
    assert len(normal) == len(form.groups) * len(buttons(form, next(iter(form.groups))))
    for name, size in normal.items():
        assert size.width() >= 24 and size.height() >= 24, (name, size)
    with text_at(2):
        qtbot.waitUntil(
            lambda: all(b.height() > normal[b.objectName()].height() for b in every_button(form))
        )
        for b in every_button(form):
            before = normal[b.objectName()]
            assert b.width() > before.width() and b.height() > before.height(), b.objectName()


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_answers_sit_in_one_row_from_0_up(qtbot: QtBot, instrument_id: str) -> None:
    inst = instrument(instrument_id)
    form = QuestionnaireForm(inst)
    form.one_at_a_time.setChecked(False)
    _area = in_pane(qtbot, form, 900)
    qtbot.waitUntil(lambda: laid_out(form))
    for item in inst.items:
        row = buttons(form, item.id)
        values = [form.groups[item.id].id(b) for b in row]
        assert values == list(range(len(row))), values  # 0..3, or 0..4 for the PCL-5
        assert len(row) == (5 if instrument_id == "pcl5" else 4)
        places = [b.mapTo(form, QPoint(0, 0)) for b in row]
        xs = [p.x() for p in places]
        assert xs == sorted(xs) and len(set(xs)) == len(xs), (item.id, xs)
        assert len({p.y() for p in places}) == 1, (item.id, places)


def test_one_question_at_a_time_by_default_with_its_number_and_answers_named_by_their_words(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    unlocked.show()
    unlocked.start_entry("kapjournal.core/phq9")
    [q] = [w for w in unlocked.editor.item_widgets if isinstance(w, QuestionnaireItem)]
    form = q.form
    assert form.one_at_a_time.isChecked() and form.nav.isVisibleTo(form)
    assert [r.isVisibleTo(form) for r in form.rows] == [True] + [False] * 9
    first = form.rows[0]
    assert first.counter.text() == "Question 1 of 9" and first.counter.isVisibleTo(form)
    assert first.label.text() == "Little interest or pleasure in doing things"
    body = form.one_at_a_time.fontInfo().pointSizeF()
    assert first.label.fontInfo().pointSizeF() > body * 1.1, "the question is large"
    inst = form.instrument
    for row in form.rows:
        options = row.item.options or inst.options
        for option, button in zip(options, buttons(form, row.item.id), strict=True):
            assert button.text() == "", "the words are a label that wraps"
            spoken = name_of(button)
            assert spoken == f"{row.item.text}: {option.label}" and spoken.endswith(option.label)
            column = button.parentWidget()
            assert isinstance(column, AnswerColumn) and column.words.text() == option.label
    # A click on an answer's words chooses it and moves on to the next question.
    words = buttons(form, "phq9_1")[2].parentWidget().findChild(QLabel)
    qtbot.waitUntil(lambda: words.isVisible() and words.height() > 0)
    QTest.mouseClick(words, Qt.MouseButton.LeftButton)
    assert form.groups["phq9_1"].checkedId() == 2
    assert form.current == 1 and form.rows[1].counter.text() == "Question 2 of 9"
    assert form.rows[1].isVisibleTo(form) and not form.rows[0].isVisibleTo(form)
    # The keyboard reaches Back and Next.
    for button in (form.back, form.next):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus and button.isEnabled()
    buttons(form, "phq9_2")[0].setFocus()
    for _ in range(6):
        if form.next.hasFocus():
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert form.next.hasFocus(), QApplication.focusWidget()
    QTest.keyClick(form.next, Qt.Key.Key_Space)
    assert form.current == 2
    QTest.keyClick(form.back, Qt.Key.Key_Space)
    assert form.current == 1
    # The last, unscored question says it is not part of the score.
    assert form.rows[-1].counter.text() == "An extra question, not part of the score"
    # The box turned off shows the whole form, numbered.
    form.one_at_a_time.setChecked(False)
    assert all(r.isVisibleTo(form) for r in form.rows) and not form.nav.isVisibleTo(form)
    assert form.rows[2].label.text().startswith("3. ") and not form.rows[2].counter.isVisibleTo(
        form
    )


def test_one_at_a_time_the_arrows_move_within_a_question_and_item_9_waits_to_settle(
    qtbot: QtBot,
) -> None:
    """As in the whole form: arrows passing through item 9 count for nothing; Space or Enter
    chooses the answer, which then counts and the form steps on."""
    form = QuestionnaireForm(instrument("phq9"))
    _area = in_pane(qtbot, form, 800)
    changes: list[dict[str, int]] = []
    form.changed.connect(lambda: changes.append(form.answers()))
    for _ in range(8):
        form.next.click()
    assert form.current == 8 and form.rows[8].counter.text() == "Question 9 of 9"
    zero, one, two, _three = buttons(form, "phq9_9")
    qtbot.waitUntil(lambda: zero.isVisible() and zero.height() > 0)
    zero.setFocus()
    QTest.keyClick(zero, Qt.Key.Key_Space)  # chosen: counted at once, on to the next
    assert changes[-1] == {"phq9_9": 0} and form.current == 9
    form.back.click()
    assert form.current == 8
    zero.setFocus()
    count = len(changes)
    for key, button in ((Qt.Key.Key_Right, one), (Qt.Key.Key_Down, two), (Qt.Key.Key_Up, one)):
        QTest.keyClick(QApplication.focusWidget(), key)
        assert button.isChecked() and button.hasFocus(), key
        assert form.current == 8, "the arrows stay within the question"
    assert len(changes) == count and form.answers() == {"phq9_9": 0}, "not settled yet"
    QTest.keyClick(one, Qt.Key.Key_Return)  # Enter chooses it
    assert form.answers() == {"phq9_9": 1} and changes[-1] == {"phq9_9": 1}
    assert form.current == 9
    difficulty = buttons(form, "phq9_difficulty")
    assert any(b.hasFocus() for b in difficulty), "the keyboard follows the form"


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_no_sideways_scroll_bar_at_twice_the_text_in_a_narrow_pane(
    qtbot: QtBot, instrument_id: str
) -> None:
    form = QuestionnaireForm(instrument(instrument_id))
    area = in_pane(qtbot, form, 600)
    with text_at(2):
        for single in (True, False):
            form.one_at_a_time.setChecked(single)
            qtbot.waitUntil(lambda: form.rows[form.current].answers.height() > 0)
            QApplication.processEvents()  # the layouts settle after the font change
            assert area.horizontalScrollBar().maximum() == 0, (single, form.minimumSizeHint())
            assert form.minimumSizeHint().width() <= area.viewport().width()
        words = [c.words for r in form.rows for c in r.answers.columns]
        assert all(w.wordWrap() for w in words)
    qtbot.waitUntil(lambda: all(r.answers.as_row() for r in form.rows))  # 100%: one row again
