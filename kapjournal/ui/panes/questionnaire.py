"""A validated questionnaire with its exact wording, as a form or one question at a time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
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
from kapjournal.ui.panes.items import ItemWidget
from kapjournal.ui.widgets import POLITE, SpokenLabel, named, rich, tr

Recorder = Callable[[str, dict[str, int], str | None], QuestionnaireOutcome]


class QuestionnaireForm(QWidget):
    """Emits `changed` on every settled answer; the journal service scores it and decides
    flags.

    An answer to an item a safety rule watches (PHQ-9 item 9) counts once it is settled, not
    while the arrow keys move through the options or a click is corrected within the item:
    when focus leaves the item, another item is answered, the form steps on, or the entry is
    saved by the patient, closed or locked (`settle`). Other answers count at once."""

    changed = Signal()

    def __init__(self, instrument: Instrument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.watched = {r.item for r in instrument.safety}
        self.settled: dict[str, int] = {}  # watched item -> its settled value
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        self.setObjectName(f"questionnaire_{instrument.id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = rich(QLabel(f"<b>{escape(instrument.name)}</b><br>{escape(instrument.stem)}"))
        head.setWordWrap(True)
        layout.addWidget(head)
        english = i18n.same_language(instrument.language, "en")
        if english and not i18n.same_language(i18n.text_language(), "en"):
            note = QLabel(
                tr(
                    "These questions keep their published English wording: a questionnaire is "
                    "validated in the words it was tested with."
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
        self.one_at_a_time.toggled.connect(self._show_current)
        layout.addWidget(self.one_at_a_time)
        self.rows: list[QWidget] = []
        self.groups: dict[str, QButtonGroup] = {}
        for n, item in enumerate(instrument.items, start=1):
            row = self._row(n, item)
            self.rows.append(row)
            layout.addWidget(row)
        nav = QHBoxLayout()
        self.back = named(QPushButton(tr("&Back")), f"{instrument.id}_back", tr("Back"))
        self.next = named(QPushButton(tr("&Next")), f"{instrument.id}_next", tr("Next"))
        self.back.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.next)
        self.nav = QWidget()
        self.nav.setLayout(nav)
        self.nav.hide()
        layout.addWidget(self.nav)
        self.result = SpokenLabel(
            f"{instrument.id}_result", tr("Result"), announce=POLITE, rich=True
        )
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.current = 0

    def _row(self, n: int, item: InstrumentItem) -> QWidget:
        row = QWidget()
        box = QVBoxLayout(row)
        box.setContentsMargins(0, 4, 0, 4)
        label = QLabel(f"{n}. {escape(item.text)}" if item.scored else escape(item.text))
        label.setWordWrap(True)
        box.addWidget(label)
        options = QGridLayout()
        group = QButtonGroup(row)
        choices = item.options or self.instrument.options
        per_row = 2 if len(choices) > 3 else len(choices)  # narrow panes and large fonts fit
        for i, opt in enumerate(choices):
            b = named(
                QRadioButton(opt.label),
                f"{item.id}_{opt.value}",
                tr("{item}: {option}").format(item=item.text, option=opt.label),
            )
            group.addButton(b, opt.value)
            options.addWidget(b, i // per_row, i % per_row)
        group.idToggled.connect(lambda _id, on, key=item.id: self._toggled(key, on))
        box.addLayout(options)
        self.groups[item.id] = group
        return row

    def _toggled(self, item_id: str, on: bool) -> None:
        if on:
            self._answered(item_id)

    def _answered(self, item_id: str) -> None:
        if item_id in self.watched and not self.one_at_a_time.isChecked():
            return  # counted once settled (see the class)
        if not self.settle():  # answering another item settles a watched one
            self.changed.emit()
        if self.one_at_a_time.isChecked() and self.current < len(self.rows) - 1:
            self._step(1)

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
        self.current = max(0, min(len(self.rows) - 1, self.current + delta))
        self._show_current()

    def _show_current(self) -> None:
        single = self.one_at_a_time.isChecked()
        for i, row in enumerate(self.rows):
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
            tr("You can keep this questionnaire private with the box at its end. {what}").format(
                what=self.private_note()
            )
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
