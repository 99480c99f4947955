"""A 0-10 scale as a row of number chips a hand can hit: one Tab stop, arrows move, Space picks."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kapjournal.prompts.model import Item
from kapjournal.ui import design
from kapjournal.ui.flow import FlowLayout
from kapjournal.ui.style import edge
from kapjournal.ui.widgets import SpokenLabel, named, tr

# How much larger than the text the chosen value is shown.
VALUE_SCALE = 2.0
MOVES = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Down: 1,
}
PICKS = {Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select}


class Chip(QPushButton):
    """One number of a scale: an outline at 3:1, filled with the accent when chosen, a ring in
    the text colour when it has the keyboard focus. Drawn from the palette at paint time, so a
    change of theme needs nothing redone."""

    def __init__(self, text: str, scale: ChipScale) -> None:
        super().__init__(text)
        self.scale = scale
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        side = max(design.target(), metrics.height() + 2 * design.space(2))
        return QSize(max(side, metrics.horizontalAdvance(self.text()) + 2 * design.space(2)), side)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.scale.key(self, event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.scale.set_tab_chip(self)
        super().focusInEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = design.ring_width()
        box = QRectF(self.rect()).adjusted(ring + 0.5, ring + 0.5, -ring - 0.5, -ring - 0.5)
        radius = box.height() / 4
        chosen = self.isChecked()
        if chosen:
            fill, text = design.accent(palette), design.on_accent(palette)
        elif self.isDown() or self.underMouse():
            fill, text = (
                palette.color(QPalette.ColorRole.AlternateBase),
                palette.color(QPalette.ColorRole.ButtonText),
            )
        else:
            fill, text = (
                palette.color(QPalette.ColorRole.Base),
                palette.color(QPalette.ColorRole.Text),
            )
        painter.setPen(QPen(design.accent(palette) if chosen else edge(palette), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, radius, radius)
        design.focus_ring(painter, self, radius + ring)
        font = QFont(self.font())
        font.setBold(chosen)
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text())
        painter.end()


def spoken_value(prompt: str, value: str) -> str:
    """ "Mood: 7"; a prompt that ends in its own punctuation ("How did I sleep?") is not
    followed by a colon."""
    if prompt.rstrip()[-1:] in "?:.!":
        return f"{prompt.rstrip()} {value}"
    return tr("{prompt}: {value}").format(prompt=prompt, value=value)


class ChipScale(QWidget):
    """A scale item as chips: nothing chosen means not answered (0 is an answer). The chosen
    value is shown large beside the chips with what it means; Clear, Delete or Backspace
    take the answer back. `value_label` speaks the value; `changed` follows every change."""

    changed = Signal()

    def __init__(self, item: Item, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        named(self, name, item.prompt)
        it = item
        self.steps = max(0, round((it.max - it.min) / it.step))
        self.range_text = tr("From {lo:g} ({lo_label}) to {hi:g} ({hi_label})").format(
            lo=it.min,
            hi=it.max,
            lo_label=it.min_label or tr("lowest"),
            hi_label=it.max_label or tr("highest"),
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(0, design.space(1), 0, design.space(1))
        grid.setHorizontalSpacing(design.space(3))
        grid.setVerticalSpacing(design.space(1))
        self.prompt_label = SpokenLabel(f"{name}_prompt", tr("Question"), it.prompt)
        self.prompt_label.setWordWrap(True)
        bold = QFont()  # only the weight: the size keeps following the application's
        bold.setBold(True)
        self.prompt_label.setFont(bold)
        self.row = QWidget()
        self.row.setObjectName(f"{name}_chips")
        self.flow = FlowLayout(self.row)
        self.group = QButtonGroup(self)
        self.chips: list[Chip] = []
        for i in range(self.steps + 1):
            number = f"{self.number_at(i):g}"
            words = it.min_label if i == 0 else it.max_label if i == self.steps else ""
            said = spoken_value(it.prompt, f"{number}, {words}" if words else number)
            chip = named(Chip(number, self), f"{name}_{i}", said, self.range_text)
            # One Tab stop for the scale; the arrows reach the other chips (see Chip.key).
            chip.setProperty("reachedBy", "Left/Right")
            self.group.addButton(chip, i)
            self.flow.addWidget(chip)
            self.chips.append(chip)
        self.group.idClicked.connect(self._picked)
        grid.addWidget(self.row, 1, 0)
        ends = QHBoxLayout()
        ends.setContentsMargins(0, 0, 0, 0)
        low = f"{it.min:g} {it.min_label}".strip()
        high = f"{it.max:g} {it.max_label}".strip()
        self.low_end = design.caption(SpokenLabel(f"{name}_low", tr("Lowest end"), low))
        self.high_end = design.caption(SpokenLabel(f"{name}_high", tr("Highest end"), high))
        ends.addWidget(self.low_end)
        ends.addStretch(1)
        ends.addWidget(self.high_end)
        self.ends = QWidget()
        self.ends.setLayout(ends)
        grid.addWidget(self.ends, 2, 0)
        # Beside the chips: the value, large, what it means, and a way to take it back.
        self.value_label = SpokenLabel(
            f"{name}_value", tr("Value of {prompt}").format(prompt=it.prompt), tr("not answered")
        )
        self.meaning = design.caption(
            SpokenLabel(f"{name}_meaning", tr("Meaning of {prompt}").format(prompt=it.prompt))
        )
        self.clear = named(
            QPushButton(tr("Clear")),
            f"{name}_clear",
            tr("Clear the answer to {prompt}").format(prompt=it.prompt),
        )
        self.clear.setFlat(True)
        self.clear.clicked.connect(self._clear)
        keep = self.clear.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # nothing moves when an answer comes or goes
        self.clear.setSizePolicy(keep)
        self.side = QWidget()
        self.side_layout = side = QHBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(design.space(2))
        side.addWidget(self.value_label, 0, Qt.AlignmentFlag.AlignBaseline)
        side.addWidget(self.meaning, 0, Qt.AlignmentFlag.AlignBaseline)
        side.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignBaseline)
        # The question above the chips; the value beside them, or beside the question when
        # the chips need the whole width (large text, a narrow window).
        self.head = QHBoxLayout()
        self.head.setSpacing(design.space(3))
        self.head.addWidget(self.prompt_label)
        self.head.addStretch(1)
        self.grid = grid
        grid.addLayout(self.head, 0, 0, 1, 2)
        grid.setColumnStretch(2, 1)
        self.beside = True
        grid.addWidget(self.side, 1, 1, Qt.AlignmentFlag.AlignVCenter)
        self.set_tab_chip(self.chips[0])
        self._fit()
        self._show(None)

    # -- the answer ------------------------------------------------------------------------
    def number_at(self, index: int) -> float:
        return self.item.min + index * self.item.step

    @property
    def answered(self) -> bool:
        return self.group.checkedId() >= 0

    def number(self) -> float | None:
        index = self.group.checkedId()
        return None if index < 0 else self.number_at(index)

    def set_number(self, number: float | None) -> None:
        """Show an answer (or none), without saying it changed."""
        index = None if number is None else round((number - self.item.min) / self.item.step)
        self._check(index if index is not None and 0 <= index <= self.steps else None)
        self._show(self.number())

    def pick(self, index: int) -> None:
        """Choose the chip at `index`, as a click or Space would."""
        self.chips[index].click()

    def meaning_of(self, number: float) -> str:
        it = self.item
        low, high = it.min_label or tr("lowest"), it.max_label or tr("highest")
        if number <= it.min:
            return low
        if number >= it.max:
            return high
        middle = (it.min + it.max) / 2
        if number == middle:
            return tr("midway")
        return tr("nearer “{label}”").format(label=high if number > middle else low)

    # -- behaviour -------------------------------------------------------------------------
    def _check(self, index: int | None) -> None:
        self.group.setExclusive(False)  # an exclusive group cannot be emptied
        for i, chip in enumerate(self.chips):
            chip.setChecked(i == index)
        self.group.setExclusive(True)
        if index is not None:
            self.set_tab_chip(self.chips[index])

    def _picked(self, index: int) -> None:
        self._check(index)
        self._show(self.number())
        self.changed.emit()

    def _clear(self) -> None:
        had_focus = self.clear.hasFocus() or any(c.hasFocus() for c in self.chips)
        self._check(None)
        self._show(None)
        if had_focus:
            self._tab_chip.setFocus()  # the Clear button goes away with the answer
        self.changed.emit()

    def _value_font(self) -> QFont:
        """The chosen value: bold and VALUE_SCALE times the text."""
        big = QFont(self.font())
        big.setBold(True)
        if big.pointSizeF() > 0:
            big.setPointSizeF(big.pointSizeF() * VALUE_SCALE)
        return big

    def _show(self, number: float | None) -> None:
        if number is None:
            self.value_label.setText(tr("not answered"))
            self.meaning.setText("")
        else:
            self.value_label.setText(f"{number:g}")
            self.meaning.setText(self.meaning_of(number))
        self.value_label.setFont(self._value_font() if number is not None else self.font())
        self.meaning.setVisible(number is not None)
        self.clear.setEnabled(number is not None)
        self.clear.setVisible(number is not None)
        prefix = "" if number is not None else tr("Not answered yet.") + " "
        for chip in self.chips:
            chip.setAccessibleDescription(prefix + self.range_text)

    def set_tab_chip(self, chip: Chip) -> None:
        """Only one chip is a Tab stop; the scale's focus goes to it."""
        self._tab_chip = chip
        for c in self.chips:
            c.setFocusPolicy(Qt.FocusPolicy.StrongFocus if c is chip else Qt.FocusPolicy.ClickFocus)
        self.setFocusProxy(chip)

    def key(self, chip: Chip, event: QKeyEvent) -> bool:
        """Arrows, Home and End move between chips; Space or Enter picks; Delete clears."""
        key = event.key()
        index = self.chips.index(chip)
        target = None
        if key in MOVES:
            target = min(self.steps, max(0, index + MOVES[Qt.Key(key)]))
        elif key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End:
            target = self.steps
        if target is not None:
            self.chips[target].setFocus(Qt.FocusReason.OtherFocusReason)
        elif key in PICKS and not event.isAutoRepeat():
            chip.click()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._clear()
        else:
            return False
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Measured at its widest, so choosing a value never moves the chips under the hand.
        beside = self.width() >= (
            self.flow.sizeHint().width() + self.grid.horizontalSpacing() + self._side_width
        )
        if beside != self.beside:
            self.beside = beside
            self.grid.removeWidget(self.side)
            self.head.removeWidget(self.side)
            if beside:
                self.grid.addWidget(self.side, 1, 1, Qt.AlignmentFlag.AlignVCenter)
            else:
                self.head.insertWidget(1, self.side)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the system's text size changed
            for chip in self.chips:
                chip.updateGeometry()
            self._fit()
            self._show(self.number())

    def _fit(self) -> None:
        """Room for the value at its large size, and the question on one line if it can."""
        large = QFontMetrics(self._value_font())
        normal = self.fontMetrics()
        self.value_label.setMinimumHeight(large.height())
        it = self.item
        meanings = [self.meaning_of(n) for n in (it.min, it.min + it.step, it.max - it.step)]
        gap = self.side_layout.spacing()
        self._side_width = max(
            normal.horizontalAdvance(tr("not answered")),
            large.horizontalAdvance(f"{it.max:g}")
            + max(normal.horizontalAdvance(m) for m in [*meanings, tr("midway")])
            + self.clear.sizeHint().width()
            + 2 * gap,
        )
        self.prompt_label.setMinimumWidth(
            min(
                QFontMetrics(self.prompt_label.font()).horizontalAdvance(self.item.prompt) + 2,
                normal.horizontalAdvance("x" * 30),
            )
        )
        self.flow.setSpacing(design.space(1))
        self.row.setMaximumWidth(self.flow.sizeHint().width())
        self.ends.setMaximumWidth(self.row.maximumWidth())
