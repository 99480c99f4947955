"""Render kapjournal's SVG icon to the bitmaps Windows and macOS installers need:
packaging/windows/kapjournal.ico and packaging/macos/kapjournal.icns. Qt draws the SVG (no
extra tool), Pillow writes both containers.

    python packaging/make_icons.py
"""

from __future__ import annotations

import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SVG = HERE.parent / "kapjournal" / "resources" / "kapjournal.svg"


def render(size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data())))


def main() -> None:
    _app = QGuiApplication([])
    big = render(1024)
    (HERE / "windows").mkdir(exist_ok=True)
    (HERE / "macos").mkdir(exist_ok=True)
    big.save(
        HERE / "windows" / "kapjournal.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    )
    big.save(HERE / "macos" / "kapjournal.icns")
    print("wrote packaging/windows/kapjournal.ico and packaging/macos/kapjournal.icns")


if __name__ == "__main__":
    main()
