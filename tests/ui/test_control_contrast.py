"""Controls a person can find and hit: edges at 3:1 (WCAG 2.2, 1.4.11) measured from rendered
pixels in both themes, indicators that grow with the text, severity bands with visible edges."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kapjournal.export.charts import draw_score_chart
from kapjournal.export.report import ScoreTrend
from kapjournal.ui.bootstrap import create_application
from kapjournal.ui.theme import apply_theme, contrast_ratio

NON_TEXT = 3.0


def _checked(kind: type[QCheckBox] | type[QRadioButton], on: bool) -> Callable[[], QWidget]:
    def make() -> QWidget:
        button = kind()
        button.setChecked(on)
        return button

    return make


CONTROLS: dict[str, Callable[[], QWidget]] = {
    "check box": _checked(QCheckBox, False),
    "check box, ticked": _checked(QCheckBox, True),
    "radio button": _checked(QRadioButton, False),
    "radio button, chosen": _checked(QRadioButton, True),
    "text field": QLineEdit,
    "text area": QPlainTextEdit,
    "button": QPushButton,
    "drop-down": QComboBox,
    "slider": lambda: QSlider(Qt.Orientation.Horizontal),
}


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    """The application as the app makes it: its style, its guards."""
    return create_application([])


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, app: QApplication) -> Iterator[str]:
    apply_theme(request.param)
    yield request.param
    apply_theme("light")


def most_contrast(image: QImage, ground: QColor) -> float:
    """The strongest contrast any drawn pixel makes with the ground it sits on."""
    best = 1.0
    for y in range(image.height()):
        for x in range(image.width()):
            best = max(best, contrast_ratio(image.pixelColor(x, y), ground))
    return best


@pytest.mark.parametrize("kind", list(CONTROLS))
def test_every_control_edge_has_3_to_1_on_the_window(kind: str, theme: str, qtbot: QtBot) -> None:
    """No text on the control, so the only pixels that can reach 3:1 are its own edges."""
    host = QWidget()
    qtbot.addWidget(host)
    host.setAutoFillBackground(True)
    layout = QVBoxLayout(host)
    control = CONTROLS[kind]()
    if isinstance(control, QPlainTextEdit):
        control.setFixedHeight(60)
    layout.addWidget(control)
    host.resize(240, 100)
    host.show()
    qtbot.waitExposed(host)
    image = host.grab(control.geometry()).toImage()
    ground = host.palette().color(QPalette.ColorRole.Window)
    ratio = most_contrast(image, ground)
    assert ratio >= NON_TEXT, f"{theme}: {kind} edge {ratio:.2f}:1"


def test_indicators_and_slider_handles_grow_with_the_text(qtbot: QtBot, app: QApplication) -> None:
    style = app.style()
    assert style is not None
    metrics = (
        QStyle.PixelMetric.PM_IndicatorWidth,
        QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
        QStyle.PixelMetric.PM_SliderThickness,
    )

    def sizes(points: float) -> list[int]:
        widget = QRadioButton()
        qtbot.addWidget(widget)
        font = QFont(widget.font())
        font.setPointSizeF(points)
        widget.setFont(font)
        return [style.pixelMetric(m, None, widget) for m in metrics]

    normal = QApplication.font().pointSizeF()
    for small, large in zip(sizes(normal), sizes(normal * 2), strict=True):
        assert large >= small * 1.7, (small, large)


def test_the_edges_between_severity_bands_reach_3_to_1_in_both_themes(qtbot: QtBot) -> None:
    """The bands are shades of one hue; the dashed line between two is what tells them
    apart without reading the labels, so it must stand out from the shades on both sides."""
    start = datetime(2026, 1, 1)
    trend = ScoreTrend(
        instrument="PHQ-9",
        max_total=27,
        bands=((0, 4, "Minimal"), (5, 9, "Mild"), (10, 14, "Moderate"), (15, 27, "Severe")),
        points=tuple((start + timedelta(days=14 * n), 20.0 - 3 * n) for n in range(5)),
    )
    themes = ((QColor("#30343b"), QColor("#e8e6e3")), (QColor("white"), QColor("#1a1a1a")))
    for ground, ink in themes:
        image = QImage(600, 360, QImage.Format.Format_RGB32)
        image.fill(ground)
        painter = QPainter(image)
        draw_score_chart(painter, QRectF(0, 0, 600, 360), trend, QFont(), [], ink=ink)
        painter.end()
        columns = range(60, 160)  # left of the second point: bands and their edges only
        edge_rows, shades = [], set()
        for y in range(60, 300):
            row = [image.pixelColor(x, y) for x in columns]
            inked = sum(contrast_ratio(c, ink) < 1.5 for c in row)
            if inked >= len(row) // 4:
                edge_rows.append(y)
            else:  # the band's own shade: the commonest colour of the row
                names = [c.name() for c in row]
                shades.add(max(set(names), key=names.count))
        assert len(edge_rows) >= len(trend.bands) - 1, f"band edges at {edge_rows}"
        for shade in shades - {ground.name()}:
            assert contrast_ratio(ink, QColor(shade)) >= NON_TEXT, (ground.name(), shade)
