"""A validated questionnaire with its exact wording, one question at a time or as a form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal import i18n
from kapjournal.domain import Answer
from kapjournal.export.render import escape
from kapjournal.prompts.model import Instrument, InstrumentItem, Item
from kapjournal.services.safety import QuestionnaireOutcome
from kapjournal.ui import design
from kapjournal.ui.panes.answer_row import AnswerButton, AnswerColumn, AnswerRow
from kapjournal.ui.panes.items import ItemWidget
from kapjournal.ui.widgets import POLITE, SpokenLabel, named, rich, tr

Recorder = Callable[[str, dict[str, int], str | None], QuestionnaireOutcome]


class Question(QWidget):
    """One question: which it is ("Question 3 of 9"), its words, its answers in a row."""

    def __init__(self, number: int, total: int, item: InstrumentItem) -> None:
        super().__init__()
        self.item, self.number, self.single = item, number, True
        box = QVBoxLayout(self)
        box.setContentsMargins(0, design.space(1), 0, design.space(2))
        box.setSpacing(design.space(2))
        counted = tr("Question {n} of {total}").format(n=number, total=total)
        extra = tr("An extra question, not part of the score")
        self.counter = SpokenLabel(
            f"{item.id}_counter", tr("Question number"), counted if item.scored else extra
        )
        self.label = SpokenLabel(f"{item.id}_question", tr("Question"))
        self.label.setWordWrap(True)
        self.answers = AnswerRow()
        for widget in (self.counter, self.label, self.answers):
            box.addWidget(widget)
        self.show_as(False)

    def show_as(self, single: bool) -> None:
        """Alone, large and numbered "Question 3 of 9"; or as a line of the whole form."""
        self.single = single
        self.counter.setVisible(single)
        text = self.item.text
        self.label.setText(text if single or not self.item.scored else f"{self.number}. {text}")
        if single:
            design.caption(self.counter)
            design.section(self.label)
        else:
            self.label.setProperty("heading", False)
            self.label.setFont(QFont())  # the text size of the form around it

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the system's text size changed
            self.show_as(self.single)


class QuestionnaireForm(QWidget):
    """Emits `changed` on every settled answer; the journal service scores it and decides
    flags. One question at a time unless the patient asks for the whole form.

    An answer to an item a safety rule watches (PHQ-9 item 9) counts once it is settled, not
    while the arrow keys move through the options or a click is corrected within the item:
    when focus leaves the item, another item is answered, the form steps on, or the entry is
    saved by the patient, closed or locked (`settle`). Other answers count at once. One
    question at a time, a click (or Space, or Enter) on an answer settles it and steps on; the
    arrow keys only move through the answers, as in the whole form."""

    changed = Signal()

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.watched = {r.item for r in instrument.safety}
        self.settled: dict[str, int] = {}  # watched item -> its settled value
        self.moving = False  # the arrow keys are moving through a question's answers
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        self.setObjectName(f"questionnaire_{instrument.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(design.space(2))
        head = rich(QLabel(f"<b>{escape(instrument.name)}</b><br>{escape(instrument.stem)}"))
        head.setWordWrap(True)
        layout.addWidget(head)
        english = i18n.same_language(instrument.language, "en")
        if english and not i18n.same_language(i18n.text_language(), "en"):
            note = QLabel(
                tr(
                    "These questions keep their published English wording: a questionnaire is "
                    "validated in the words it was tested with, so kapjournal uses a translation "
                    "only if it is the publisher's own."
                )
            )
            note.setObjectName(f"{instrument.id}_languageNote")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.one_at_a_time = named(
            QCheckBox(tr("One question at a time")),
            f"{instrument.id}_oneAtATime",
            tr("One question at a time"),
        )
        self.one_at_a_time.setChecked(True)
        self.one_at_a_time.toggled.connect(self._show_current)
        layout.addWidget(self.one_at_a_time)
        self.rows: list[Question] = []
        self.groups: dict[str, QButtonGroup] = {}
        total = sum(1 for item in instrument.items if item.scored)
        for n, item in enumerate(instrument.items, start=1):
            row = self._row(n, total, item)
            self.rows.append(row)
            layout.addWidget(row)
        nav = QHBoxLayout()
        nav.setContentsMargins(0, 0, 0, 0)
        self.back = named(QPushButton(tr("&Back")), f"{instrument.id}_back", tr("Back"))
        self.next = named(QPushButton(tr("&Next")), f"{instrument.id}_next", tr("Next"))
        for button, delta in ((self.back, -1), (self.next, 1)):
            button.setAutoDefault(False)
            button.setMinimumHeight(design.target())
            button.clicked.connect(lambda _=False, d=delta: self._step(d))
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.next)
        self.nav = QWidget()
        self.nav.setLayout(nav)
        layout.addWidget(self.nav)
        self.result = SpokenLabel(
            f"{instrument.id}_result", tr("Result"), announce=POLITE, rich=True
        )
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)  # Back and Next stay by the question in a tall pane
        self.current = 0
        self._show_current()

    def _row(self, n: int, total: int, item: InstrumentItem) -> Question:
        row = Question(n, total, item)
        group = QButtonGroup(row)
        choices = item.options or self.instrument.options
        for opt in sorted(choices, key=lambda o: o.value):  # left to right, 0 to 3 (or 4)
            b = named(
                AnswerButton(self),
                f"{item.id}_{opt.value}",
                tr("{item}: {option}").format(item=item.text, option=opt.label),
                row.counter.text(),
            )
            group.addButton(b, opt.value)
            row.answers.add(AnswerColumn(b, opt.label))
        group.idToggled.connect(lambda _id, on, key=item.id: self._toggled(key, on))
        group.idClicked.connect(lambda _id: self._clicked())
        self.groups[item.id] = group
        return row

    def single(self) -> bool:
        return self.one_at_a_time.isChecked()

    def _toggled(self, item_id: str, on: bool) -> None:
        if not on or item_id in self.watched:
            return  # a watched answer counts once settled (see the class)
        if not self.settle():  # answering another item settles a watched one
            self.changed.emit()

    def _clicked(self) -> None:
        if self.single() and not self.moving:  # chosen, not passed through by the arrows
            self.settle()
            if self.current < len(self.rows) - 1:
                self._step(1)

    def move_answer(self, button: QRadioButton, delta: int) -> None:
        """The arrow keys: the next or previous answer, selected if one was (as Qt does)."""
        group = button.group()
        values = sorted(group.id(b) for b in group.buttons())
        at = values.index(group.id(button)) + delta
        if not 0 <= at < len(values):
            return
        target = group.button(values[at])
        if button.isChecked():
            self.moving = True
            try:
                target.click()
            finally:
                self.moving = False
        target.setFocus(
            Qt.FocusReason.TabFocusReason if delta > 0 else Qt.FocusReason.BacktabFocusReason
        )

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        unsettled = [k for k in self.watched if self._pending(k)]
        if unsettled and not any(new in self.groups[k].buttons() for k in unsettled):
            self.settle()

    def _pending(self, item_id: str) -> bool:
        return self.groups[item_id].checkedId() != self.settled.get(item_id, -1)

    def settle(self) -> bool:
        """Count the watched items' answers as they stand; True (and `changed` emitted) if
        one of them changed."""
        moved = [k for k in self.watched if self._pending(k)]
        for k in moved:
            self.settled[k] = self.groups[k].checkedId()
        if moved:
            self.changed.emit()
        return bool(moved)

    def _step(self, delta: int) -> None:
        self.settle()
        focus = QApplication.focusWidget()
        self.current = max(0, min(len(self.rows) - 1, self.current + delta))
        self._show_current()
        answering = isinstance(focus, AnswerButton) and focus.form is self
        if answering or (focus in (self.back, self.next) and not focus.isEnabled()):
            group = self.groups[self.rows[self.current].item.id]
            target = group.checkedButton() or group.buttons()[0]
            target.setFocus(Qt.FocusReason.TabFocusReason)  # the keyboard follows the form

    def _show_current(self) -> None:
        single = self.single()
        for i, row in enumerate(self.rows):
            if row.single != single:
                row.show_as(single)
            row.setVisible(not single or i == self.current)
        self.nav.setVisible(single)
        self.back.setEnabled(self.current > 0)
        self.next.setEnabled(self.current < len(self.rows) - 1)

    def answers(self) -> dict[str, int]:
        """The settled answers (see the class)."""
        now = {k: self.settled.get(k, -1) if k in self.watched else g.checkedId()
               for k, g in self.groups.items()}  # fmt: skip
        return {k: v for k, v in now.items() if v >= 0}

    def set_answers(self, answers: dict[str, int]) -> None:
        for item_id, group in self.groups.items():
            button = group.button(answers.get(item_id, -1))
            group.blockSignals(True)
            if button is not None:
                button.setChecked(True)
            else:
                group.setExclusive(False)
                for b in group.buttons():
                    b.setChecked(False)
                group.setExclusive(True)
            group.blockSignals(False)
            if item_id in self.watched:
                self.settled[item_id] = group.checkedId()

    def show_outcome(self, outcome: QuestionnaireOutcome) -> None:
        s = outcome.score
        text = escape(s.summary(self.instrument))
        if s.band is not None and not s.flags:  # never a reassuring meaning beside a flag
            text += f"<br>{escape(s.band.meaning)}"
        if s.subscores:
            names = {sc.id: sc.name for sc in self.instrument.subscales}
            text += "<br>" + "; ".join(
                f"{escape(names.get(k, k))}: {v}" for k, v in s.subscores.items()
            )
        self.result.setText(text)


class QuestionnaireItem(ItemWidget):
    """An item of type questionnaire: the form, kept as a scored result on every change."""

    flagged = Signal(str, bool)  # the rule's message; a repeat within days

    def __init__(
        self, item: Item, instrument: Instrument, recorder: Recorder, parent: QWidget | None = None
    ) -> None:
        self.instrument = instrument
        self.recorder = recorder
        self.measure_uid: str | None = None
        super().__init__(item, parent)

    def private_note(self) -> str:
        if not self.instrument.safety:
            return tr("Your answers and score stay in this journal.")
        return tr(
            "Your answers and score stay in this journal. If a safety question is answered "
            "above 0, a report still says one was, and on which day; never your answers."
        )

    def build(self) -> None:
        before = QLabel(
            tr(
                "You can keep this questionnaire private with the lock beside its name. {what}"
            ).format(what=self.private_note())
        )
        before.setObjectName(f"{self.key}_privacyBefore")
        before.setWordWrap(True)
        self.layout_.addWidget(before)
        self.layout_.addSpacing(before.fontMetrics().height() // 2)
        self.form = QuestionnaireForm(self.instrument)
        self.form.changed.connect(self._record)
        self.layout_.addWidget(self.form)

    def _record(self) -> None:
        outcome = self.recorder(self.instrument.id, self.form.answers(), self.measure_uid)
        self.measure_uid = outcome.result.uid
        for rule in outcome.new_flags:  # crisis help at once, before anything else
            self.flagged.emit(outcome.message(rule), rule.id in outcome.repeated)
        self.form.show_outcome(outcome)
        self.summary = outcome.summary
        self.changed.emit()

    def settle(self) -> None:
        self.form.settle()

    def read(self, answer: Answer) -> None:
        answer.choices = [self.measure_uid] if self.measure_uid else []
        answer.text = getattr(self, "summary", "")

    def show_answer(self, answer: Answer) -> None:
        self.measure_uid = answer.choices[0] if answer.choices else None
        self.summary = answer.text
        if answer.text:
            self.form.result.setText(escape(answer.text))

    def restore(self, answers: dict[str, int]) -> None:
        self.form.set_answers(answers)
