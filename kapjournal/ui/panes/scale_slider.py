"""A scale's slider that looks unanswered until it is answered."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QStylePainter

from kapjournal.i18n import tr


class ScaleSlider(QSlider):
    """A slider that shows no thumb until it is answered, so a resting thumb at 0 never reads
    as an answer. A click anywhere on the groove chooses that value."""

    chosen = Signal()
    cleared = Signal()  # Delete or Backspace: no answer again

    def __init__(self, range_text: str) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._range_text = range_text
        self.set_answered(False)

    def set_answered(self, answered: bool) -> None:
        """Also tells a screen reader, which would otherwise hear the resting value."""
        self.answered = answered
        prefix = "" if answered else tr("Not answered yet.") + " "
        self.setAccessibleDescription(prefix + self._range_text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.answered:
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        opt.subControls = QStyle.SubControl.SC_SliderGroove | QStyle.SubControl.SC_SliderTickmarks
        painter.drawComplexControl(QStyle.ComplexControl.CC_Slider, opt)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.cleared.emit()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.answered and event.button() == Qt.MouseButton.LeftButton:
            opt = QStyleOptionSlider()
            self.initStyleOption(opt)
            style = self.style()
            groove = style.subControlRect(
                QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self
            )
            handle = style.subControlRect(
                QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self
            )
            x = event.position().toPoint().x() - groove.x() - handle.width() // 2
            span = groove.width() - handle.width()
            self.setValue(QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), x, span))
            self.chosen.emit()
        super().mousePressEvent(event)
