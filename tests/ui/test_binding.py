"""The Qt binding itself: a release that mishandles references would crash the app later,
far from the cause, so it is caught here."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QTextDocument
from pytestqt.qtbot import QtBot


def test_calls_that_return_nothing_keep_none_alive(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on CPython 3.11 released None once per such call; the journal list
    makes four per row it paints, and the app aborted with "deallocating None"."""
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    doc = QTextDocument()
    doc.setHtml("<b>row</b>")
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.save()
        painter.translate(0, 0)
        doc.drawContents(painter, QRectF(0, 0, 10, 10))
        painter.restore()
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 50, f"None lost {before - after} references in 8,000 calls"
