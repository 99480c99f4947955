"""Fusion with controls that can be seen and hit: outlines at 3:1, indicators that grow with text.

Fusion draws a control's edge in the window colour made 40% darker: about 2:1 on the light
window and nearly invisible on the dark one, short of WCAG 2.2's 3:1 for the parts of a control
a person needs to find (1.4.11). Its check boxes, radio buttons and slider handles keep a fixed
size whatever the text size. This style draws those edges in `edge()` and sizes the indicators
from the font."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionButton,
    QStyleOptionComplex,
    QWidget,
)

PE = QStyle.PrimitiveElement
PM = QStyle.PixelMetric
S = QStyle.StateFlag
EDGE = {"light": "#767676", "dark": "#8f959e"}  # 4.0:1 and 4.9:1 on their windows
INDICATORS = {
    PM.PM_IndicatorWidth,
    PM.PM_IndicatorHeight,
    PM.PM_ExclusiveIndicatorWidth,
    PM.PM_ExclusiveIndicatorHeight,
}
SLIDER = {PM.PM_SliderThickness, PM.PM_SliderLength, PM.PM_SliderControlThickness}
FRAMED = {PE.PE_PanelLineEdit, PE.PE_Frame, PE.PE_FrameLineEdit}


def edge(palette: QPalette) -> QColor:
    """The colour of a control's edge: at least 3:1 on the window and on the field."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(EDGE["dark" if dark else "light"])


def _line(widget: QWidget | None) -> int:
    return QFontMetrics(widget.font()).height() if widget is not None else 16


class ContrastStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def pixelMetric(
        self, metric: PM, option: QStyleOption | None = None, widget: QWidget | None = None
    ) -> int:
        base = super().pixelMetric(metric, option, widget)
        if metric in INDICATORS:
            return max(base, round(_line(widget) * 1.05))
        if metric in SLIDER:
            return max(base, round(_line(widget) * (1.2 if metric == PM.PM_SliderLength else 1.1)))
        return base

    def drawPrimitive(
        self,
        element: PE,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == PE.PE_IndicatorCheckBox:
            self._check_box(option, painter)
            return
        if element == PE.PE_IndicatorRadioButton:
            self._radio(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)
        focused = bool(option.state & S.State_HasFocus)
        if element in FRAMED and not focused and option.rect.height() > 4:
            self._outline(option, painter, radius=2 if element != PE.PE_Frame else 0)
        elif element == PE.PE_PanelButtonCommand and not focused:
            default = isinstance(option, QStyleOptionButton) and bool(
                option.features & QStyleOptionButton.ButtonFeature.DefaultButton
            )
            flat = isinstance(option, QStyleOptionButton) and bool(
                option.features & QStyleOptionButton.ButtonFeature.Flat
            )
            if not default and not flat:
                self._outline(option, painter, radius=2)

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_Slider and widget is not None:
            for part in (QStyle.SubControl.SC_SliderGroove, QStyle.SubControl.SC_SliderHandle):
                rect = self.subControlRect(control, option, part, widget)
                self._outline(option, painter, radius=2, rect=rect)

    def _outline(
        self, option: QStyleOption, painter: QPainter, radius: float, rect: QRect | None = None
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, radius > 0)
        colour = edge(option.palette)
        if not option.state & S.State_Enabled:
            colour.setAlpha(140)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        r = QRectF(rect or option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(r, radius, radius)
        painter.restore()

    def _colours(self, option: QStyleOption) -> tuple[QColor, QColor, QColor]:
        """Fill, edge and mark of an indicator in its state."""
        pal = option.palette
        enabled = bool(option.state & S.State_Enabled)
        fill = pal.color(QPalette.ColorRole.Base)
        if option.state & S.State_Sunken:
            fill = pal.color(QPalette.ColorRole.Button)
        line = edge(pal)
        on = bool(option.state & (S.State_On | S.State_NoChange))
        if on and enabled:
            line = pal.color(QPalette.ColorRole.Highlight)
        mark = pal.color(QPalette.ColorRole.HighlightedText if on else QPalette.ColorRole.Text)
        if on and enabled:
            fill = pal.color(QPalette.ColorRole.Highlight)
        if not enabled:
            line.setAlpha(140)
            mark = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return fill, line, mark

    def _box(self, option: QStyleOption, painter: QPainter) -> tuple[QRectF, QColor, float]:
        """Starts an indicator: the square it fills, its edge drawn by the caller's shape.
        Returns the square, the colour of its mark and its side; the painter is saved."""
        fill, line, mark = self._colours(option)
        side = min(option.rect.width(), option.rect.height())
        r = QRectF(option.rect.x(), option.rect.center().y() - side / 2 + 1, side, side)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(line, max(1.0, side / 14)))
        painter.setBrush(fill)
        return r.adjusted(0.5, 0.5, -1.5, -1.5), mark, side

    def _check_box(self, option: QStyleOption, painter: QPainter) -> None:
        r, mark, side = self._box(option, painter)
        painter.drawRoundedRect(r, side / 7, side / 7)
        pen = QPen(mark, max(1.5, side / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        w, h, x, y = r.width(), r.height(), r.x(), r.y()
        if option.state & S.State_NoChange:
            painter.drawLine(QPointF(x + w * 0.28, y + h / 2), QPointF(x + w * 0.72, y + h / 2))
        elif option.state & S.State_On:
            tick = QPainterPath(QPointF(x + w * 0.24, y + h * 0.52))
            tick.lineTo(x + w * 0.43, y + h * 0.70)
            tick.lineTo(x + w * 0.77, y + h * 0.31)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        painter.restore()

    def _radio(self, option: QStyleOption, painter: QPainter) -> None:
        r, mark, _side = self._box(option, painter)
        painter.drawEllipse(r)
        if option.state & S.State_On:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mark)
            painter.drawEllipse(r.center(), r.width() * 0.22, r.height() * 0.22)
        painter.restore()
