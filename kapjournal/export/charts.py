"""One small QPainter function draws a questionnaire's totals over time: the PDF report uses
it, and the app's Trends view can draw with the same one. No plotting library.

Severity bands are shaded in one hue from light (least) to dark (most), so they read in grey
and to colour-blind eyes; each band is named in words at the right, and the line's points are
also listed in the report's table, the chart's text alternative.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPolygonF

from kapjournal.domain import Session, SessionKind
from kapjournal.export.report import ScoreTrend
from kapjournal.i18n import format_skeleton, tr

INK = QColor("#1a1a1a")
BAND_HUE = QColor("#2b6cb0")

Mark = tuple[datetime, SessionKind]  # a session on the time axis


def marks(sessions: Iterable[Session]) -> list[Mark]:
    return [(s.scheduled_at, s.kind) for s in sessions]


def _draw_mark(painter: QPainter, at: QPointF, kind: SessionKind, size: float) -> None:
    """Induction: a tick. Booster: a filled triangle. Maintenance: an open one. Shapes, not
    colours, so they read in grey and to colour-blind eyes."""
    if kind is SessionKind.INDUCTION:
        painter.drawLine(at, QPointF(at.x(), at.y() + size))
        return
    triangle = QPolygonF(
        [at, QPointF(at.x() - size / 2, at.y() + size), QPointF(at.x() + size / 2, at.y() + size)]
    )
    painter.save()
    filled = kind is SessionKind.BOOSTER
    painter.setBrush(painter.pen().color() if filled else Qt.BrushStyle.NoBrush)
    painter.drawPolygon(triangle)
    painter.restore()


def _legend(kinds: set[SessionKind]) -> str:
    words = {
        SessionKind.INDUCTION: tr("| induction"),
        SessionKind.BOOSTER: tr("▲ booster"),
        SessionKind.MAINTENANCE: tr("△ maintenance"),
    }
    return "   ".join(words[k] for k in SessionKind if k in kinds)


def draw_score_chart(
    painter: QPainter,
    rect: QRectF,
    trend: ScoreTrend,
    font: QFont,
    sessions: list[Mark],
    ink: QColor = INK,
) -> list[QPointF]:
    """The trend in `rect`: bands, a time axis from the first to the last point, the totals
    as a line with dots, and each session that falls in the range marked under the axis by
    its kind. Returns where each of the trend's points was drawn (for hover and focus)."""
    metrics = QFontMetricsF(font, painter.device())
    line = metrics.height()
    label_width = max(
        (metrics.horizontalAdvance(label) for _lo, _hi, label in trend.bands), default=0.0
    )
    plot = QRectF(
        rect.left() + metrics.horizontalAdvance("000") + line * 0.5,
        rect.top() + line * 1.8,
        rect.width() - metrics.horizontalAdvance("000") - label_width - line * 1.5,
        rect.height() - line * 3.5,
    )
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(
        QRectF(rect.left(), rect.top(), rect.width(), line * 1.2),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
        trend.instrument,
    )
    top = max(trend.max_total, 1)

    def y(value: float) -> float:
        return plot.bottom() - plot.height() * value / top

    last_band = max(len(trend.bands) - 1, 1)
    for n, (lo, hi, label) in enumerate(trend.bands):
        shade = QColor(BAND_HUE)  # the worse the band, the darker: the top one, or the bottom
        worse = last_band - n if trend.higher_is_better else n
        shade.setAlphaF(0.08 + 0.5 * worse / last_band)
        band = QRectF(plot.left(), y(hi + 1 if hi < top else top), plot.width(), 0)
        band.setBottom(y(lo))
        painter.fillRect(band, shade)
        if n:  # the edge between two bands in ink: 3:1 against both shades (WCAG 1.4.11)
            painter.save()
            painter.setPen(QPen(ink, max(1.0, line / 14), Qt.PenStyle.DashLine))
            edge = round(band.bottom()) + 0.5  # on a pixel row, not smeared over two
            painter.drawLine(QPointF(plot.left(), edge), QPointF(plot.right(), edge))
            painter.restore()
        painter.drawText(
            QRectF(plot.right() + line * 0.4, band.top(), label_width + line, band.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            label,
        )
    painter.drawRect(plot)
    for value in (0, top):
        painter.drawText(
            QRectF(rect.left(), y(value) - line / 2, plot.left() - rect.left() - line * 0.3, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            str(value),
        )
    first, last = trend.points[0][0], trend.points[-1][0]
    span = max((last - first).total_seconds(), 1.0)

    def x(when: datetime) -> float:
        return plot.left() + plot.width() * (when - first).total_seconds() / span

    tick = QPen(ink, max(1.0, line / 12))
    painter.setPen(tick)
    shown = [(when, kind) for when, kind in sessions if first <= when <= last]
    for when, kind in shown:
        _draw_mark(painter, QPointF(x(when), plot.bottom()), kind, line * 0.45)
    below = QRectF(plot.left(), plot.bottom() + line * 0.5, plot.width(), line * 1.2)
    for when, align in ((first, Qt.AlignmentFlag.AlignLeft), (last, Qt.AlignmentFlag.AlignRight)):
        date = format_skeleton(when, "yMMMd")
        painter.drawText(below, int(align | Qt.AlignmentFlag.AlignTop), date)
    if shown:
        painter.drawText(
            below,
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            _legend({kind for _when, kind in shown}),
        )
    pen = QPen(ink, max(1.5, line / 7))
    painter.setPen(pen)
    points = [QPointF(x(when), y(total)) for when, total in trend.points]
    radius = line / 5
    if len(points) * radius * 3 > plot.width():
        # More values than room for dots (two years of daily check-ins): the line alone,
        # one point per column of dots, each the mean of the values that fall in it.
        painter.drawPolyline(_per_column(points, radius * 3))
    else:
        painter.drawPolyline(points)
        painter.setBrush(ink)
        for p in points:
            painter.drawEllipse(p, radius, radius)
    painter.restore()
    return points


def _per_column(points: list[QPointF], width: float) -> list[QPointF]:
    columns: dict[int, list[QPointF]] = {}
    for p in points:
        columns.setdefault(int(p.x() // width), []).append(p)
    return [
        QPointF(column[0].x(), sum(p.y() for p in column) / len(column))
        for _x, column in sorted(columns.items())
    ]


def chart_image(
    trend: ScoreTrend, width: int, height: int, font: QFont, sessions: list[Mark]
) -> QImage:
    """The chart on a white image of `width` x `height` dots."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.setDotsPerMeterX(round(300 / 0.0254))
    image.setDotsPerMeterY(round(300 / 0.0254))
    painter = QPainter(image)
    try:
        draw_score_chart(painter, QRectF(0, 0, width, height), trend, font, sessions)
    finally:
        painter.end()
    return image


def chart_svg(trend: ScoreTrend, sessions: list[Mark]) -> str:
    """The same chart as an inline <svg> element (for the HTML report): vector shapes and
    text only, nothing it refers to outside itself."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
    from PySide6.QtSvg import QSvgGenerator

    width, height = 720, 220
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setResolution(96)
    generator.setTitle(trend.instrument)
    painter = QPainter(generator)
    try:
        painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
        font = QFont("DejaVu Sans")
        font.setPixelSize(13)
        draw_score_chart(painter, QRectF(4, 4, width - 8, height - 8), trend, font, sessions)
    finally:
        painter.end()
        buffer.close()
    svg = bytes(data.data()).decode("utf-8")
    svg = svg[svg.index("<svg") :]
    # As wide as the page allows, drawn to the view box; named for a screen reader.
    head, rest = svg.split("viewBox=", 1)
    return '<svg role="img" width="100%" viewBox=' + rest if head.startswith("<svg") else svg
