"""A question's answers in one row, 0 to 3 (or 4), each a target a tired hand can hit."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kapjournal.ui import design

ARROWS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
STACKED, SIDE = QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.LeftToRight


class Answering(Protocol):
    """The form the answers belong to (QuestionnaireForm)."""

    def single(self) -> bool: ...

    def move_answer(self, button: QRadioButton, delta: int) -> None: ...


class AnswerButton(QRadioButton):
    """One answer: a radio button a tired hand can hit, at least `design.target()` square and
    all of it a target, its indicator in the middle; its words are in its AnswerColumn.
    The arrow keys move through the question's answers in value order."""

    def __init__(self, form: Answering) -> None:
        super().__init__()
        self.form = form
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(design.target(), design.target()).expandedTo(self._indicator())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _indicator(self) -> QSize:
        pm = QStyle.PixelMetric
        return QSize(
            self.style().pixelMetric(pm.PM_ExclusiveIndicatorWidth, None, self),
            self.style().pixelMetric(pm.PM_ExclusiveIndicatorHeight, None, self),
        )

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = ARROWS.get(Qt.Key(event.key()))
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if step is not None and plain != Qt.KeyboardModifier.NoModifier:
            event.ignore()  # not Qt's own move, which would choose an answer as it went
        elif step is not None:
            if self.isRightToLeft() and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                step = -step
            self.form.move_answer(self, step)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.form.single():
            self.click()  # this answer, and on to the next question
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        box = QRect(QPoint(0, 0), self._indicator())
        box.moveCenter(self.rect().center())
        option.rect = box
        painter = QPainter(self)
        self.style().drawPrimitive(
            QStyle.PrimitiveElement.PE_IndicatorRadioButton, option, painter, self
        )
        # The words are not drawn here, so neither is Qt's focus frame: a ring instead.
        design.focus_ring(painter, self, design.ring_width() * 2)
        painter.end()


class AnswerColumn(QWidget):
    """An answer's button with its words wrapped under it (beside it in a list); a click on
    the words, or anywhere in the column, is a click on the button."""

    def __init__(self, button: AnswerButton, words: str) -> None:
        super().__init__()
        self.button = button
        self.words = QLabel(words)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setWordWrap(True)
        self.box = QBoxLayout(STACKED, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(button)
        self.box.addWidget(self.words, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.arrange(in_row=True)

    def arrange(self, *, in_row: bool) -> None:
        """Words under the button in a row of answers, beside it in a list."""
        self.box.setDirection(STACKED if in_row else SIDE)
        self.box.setSpacing(design.space(1))
        flag = Qt.AlignmentFlag
        row = in_row
        self.box.setAlignment(self.button, flag.AlignHCenter if row else flag.AlignTop)
        self.words.setAlignment(
            flag.AlignHCenter | flag.AlignTop if row else flag.AlignLeft | flag.AlignVCenter
        )

    def narrowest(self, *, in_row: bool) -> int:
        """The least width that keeps each word whole (a word never breaks)."""
        metrics = self.words.fontMetrics()
        word = max((metrics.horizontalAdvance(w) for w in self.words.text().split()), default=0)
        button = self.button.sizeHint().width()
        return max(button, word) if in_row else button + design.space(1) + word

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        inside = self.rect().contains(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and inside and self.button.isEnabled():
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
            self.button.click()


class AnswerRow(QWidget):
    """A question's answers left to right in value order (0 to 3, or 0 to 4); top to bottom
    when the pane is too narrow for their words (a narrow pane at large text), so a long
    word never forces a horizontal scroll bar."""

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[AnswerColumn] = []
        self.box = QBoxLayout(SIDE, self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def add(self, column: AnswerColumn) -> None:
        self.columns.append(column)
        self.box.addWidget(column, 1)

    def _gap(self) -> int:
        return design.space(3)

    def _needs(self, *, in_row: bool, even: bool = False) -> int:
        widths = [c.narrowest(in_row=in_row) for c in self.columns]
        if not in_row:
            return max(widths, default=0)
        if even:  # every answer as wide as the widest: a scale evenly spaced
            widths = [max(widths, default=0)] * len(widths)
        return sum(widths) + self._gap() * (len(widths) - 1)

    def as_row(self) -> bool:
        return self.box.direction() == SIDE

    def minimumSizeHint(self) -> QSize:
        return QSize(self._needs(in_row=False), super().minimumSizeHint().height())

    def arrange(self, width: int) -> None:
        """Evenly spaced in a row; in a row as wide as each answer needs; or a list."""
        row = width >= self._needs(in_row=True)
        even = width >= self._needs(in_row=True, even=True)
        for column in self.columns:
            column.setMinimumWidth(0 if even or not row else column.narrowest(in_row=True))
        self.box.setSpacing(self._gap() if row else design.space(2))
        if self.as_row() != row:
            self.box.setDirection(SIDE if row else STACKED)
            for column in self.columns:
                column.arrange(in_row=row)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.arrange(self.width())
            self.updateGeometry()
