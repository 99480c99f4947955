"""Pictures in the editor: added from a file or pasted, shown as thumbnails, opened full size,
removed; a hostile file is one sentence on the page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from kapjournal.ui.main_window import MainWindow

PICTURES = Path(__file__).parents[1] / "fixtures" / "pictures"


def test_a_picture_is_added_shown_opened_and_removed(qtbot: QtBot, unlocked: MainWindow) -> None:
    unlocked.new_free_entry()
    editor = unlocked.editor
    strip = editor.pictures
    assert strip is not None and strip.accessibleName() == "Pictures"
    assert editor.entry is not None and editor.entry.id is None, "a new entry, not saved yet"
    strip.add_file(PICTURES / "gps.jpg")  # saves the entry first
    assert editor.entry.id is not None
    [thumb] = strip.thumbs
    assert isinstance(thumb, QToolButton) and "32 by 64 pixels" in thumb.accessibleName()
    assert "Added gps.jpg" in strip.status.accessibleName()
    assert editor.attachments is not None
    dialog = strip.open(editor.attachments.of_entry(editor.entry.uid)[0])
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.remove.accessibleName()
    assert dialog.windowTitle() == "Picture", "the taskbar and window switcher show no file name"
    dialog.close()
    strip.add_file(PICTURES / "not-a-picture.jpg")
    assert "not a picture" in strip.error.accessibleName() and len(strip.thumbs) == 1
    image = QImage(20, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    QGuiApplication.clipboard().setImage(image)
    strip.paste()
    assert len(strip.thumbs) == 2 and "20 by 10" in strip.thumbs[1].accessibleName()
    QGuiApplication.clipboard().clear()
