"""The design system in one place: type scale, spacing, text column, answer targets, accent, icons.

Sizes are in proportion to the application font, so everything grows with the system's text
size. Icons are Lucide's (ISC licence, resources/icons/LICENSE), drawn in the palette's text
colour when painted, so they follow the theme without being made again."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

W = TypeVar("W", bound=QWidget)
L = TypeVar("L", bound=QLabel)

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"

# The type scale: a page title, a section heading, body text and a caption.
TITLE, SECTION, BODY, CAPTION = 1.5, 1.2, 1.0, 0.9
# Spacing steps, in pixels at a 16-pixel line (the default 9-10 pt font); space() scales them.
STEPS = (0, 4, 8, 12, 16, 24, 32)
# A comfortable reading line: about 75 characters (WCAG 1.4.8 asks for at most 80).
TEXT_COLUMN_CHARS = 75
# WCAG 2.2 target size (minimum), 2.5.8, for answers a tired hand has to hit.
MIN_TARGET = 24
# One accent for the focus of a screen (a selected answer, the main action), AA on the window.
ACCENT = {"light": "#1f6fa8", "dark": "#8cc8e6"}
ON_ACCENT = {"light": "#ffffff", "dark": "#0b1a24"}  # text on the accent: 5.4:1 and 10:1


def _app_font() -> QFont:
    app = QGuiApplication.instance()
    return QGuiApplication.font() if app is not None else QFont()


def line_height() -> int:
    return QFontMetrics(_app_font()).height()


def space(step: int) -> int:
    """Spacing step 1 (4 px) to 6 (32 px) at a 16-pixel line, in proportion to the text."""
    return round(STEPS[step] * max(1.0, line_height() / 16))


def target() -> int:
    """The least width and height of an answer: 24 px, more as the text grows."""
    return max(MIN_TARGET, round(line_height() * 1.5))


def _sized(widget: W, scale: float, bold: bool) -> W:
    font = QFont(widget.font())
    font.setBold(bold)
    if font.pointSizeF() > 0:
        font.setPointSizeF(_app_font().pointSizeF() * scale)
    widget.setFont(font)
    return widget


def title(label: L) -> L:
    """The one title of a page ("Today, Wednesday…", "Recall - the session of Nov 19")."""
    label.setProperty("heading", True)
    return _sized(label, TITLE, True)


def section(label: L) -> L:
    """A section heading inside a page."""
    label.setProperty("heading", True)
    return _sized(label, SECTION, True)


def caption(label: L) -> L:
    """Secondary text (a date line, a hint): smaller and quieter, still AA in both themes."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return _sized(label, CAPTION, False)


def text_column(widget: QWidget) -> int:
    """The widest a text column should be for this widget's font, in pixels."""
    metrics = QFontMetrics(widget.font())
    return metrics.horizontalAdvance("x" * TEXT_COLUMN_CHARS) + 2 * space(3)


def is_dark(palette: QPalette | None = None) -> bool:
    p = palette or QApplication.palette()
    return p.color(QPalette.ColorRole.Window).lightness() < 128


def accent(palette: QPalette | None = None) -> QColor:
    return QColor(ACCENT["dark" if is_dark(palette) else "light"])


def on_accent(palette: QPalette | None = None) -> QColor:
    """Text and icons drawn on an accent fill (a chosen chip, the main action)."""
    return QColor(ON_ACCENT["dark" if is_dark(palette) else "light"])


def ring_width() -> int:
    """How thick a focus ring is; a control that draws itself keeps its drawing inside it."""
    return max(2, space(1) // 2)


def focus_ring(painter: QPainter, widget: QWidget, radius: float) -> None:
    """The keyboard focus of a control that draws itself: a ring in the text colour, as thick
    as the text grows, when it has the focus."""
    ring = ring_width()
    if widget.hasFocus():
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(widget.palette().color(QPalette.ColorRole.WindowText), ring))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        edge = QRectF(widget.rect()).adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2)
        painter.drawRoundedRect(edge, radius, radius)
        painter.restore()


@cache
def _svg(name: str) -> bytes:
    return (ICONS / f"{name}.svg").read_bytes()


class _ThemedSvg(QIconEngine):
    """Draws a Lucide icon in the palette's text colour at the moment it is painted, or in
    one fixed colour (on an accent fill, where the text colour would not show)."""

    def __init__(self, name: str, colour: QColor | None = None) -> None:
        super().__init__()
        self.name = name
        self.colour = colour

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        disabled = mode == QIcon.Mode.Disabled
        group = QPalette.ColorGroup.Disabled if disabled else QPalette.ColorGroup.Active
        themed = QApplication.palette().color(group, QPalette.ColorRole.ButtonText)
        colour = (self.colour if self.colour is not None else themed).name()
        svg = _svg(self.name).replace(b"currentColor", colour.encode())
        QSvgRenderer(QByteArray(svg)).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _ThemedSvg(self.name, self.colour)


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """A bundled icon by its Lucide name (the files in resources/icons), in the theme's text
    colour or in `colour`."""
    if not (ICONS / f"{name}.svg").is_file():
        raise KeyError(name)
    return QIcon(_ThemedSvg(name, colour))


def icon_size() -> QSize:
    """Icons as tall as a line of text, so they grow with it."""
    side = max(16, round(line_height() * 1.1))
    return QSize(side, side)
