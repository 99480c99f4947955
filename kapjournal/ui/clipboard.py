"""The journal's words on the clipboard: marked so clipboard managers keep no history of them,
and taken back when the journal locks or the app quits.

Two clipboards matter on Linux (X11): the clipboard (Ctrl+C) and the primary selection
(whatever text is selected, pasted with the middle button). Both are served by the app while
it owns them, so any program can read them. Only what the app still owns is cleared: words
the patient copied from another program since are theirs to keep.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QClipboard, QGuiApplication

# Clipboard managers (KDE's Klipper, and others that follow it) keep no history of an entry
# offering this type with the value "secret"; password managers mark what they copy with it.
SECRET_HINT = "x-kde-passwordManagerHint"
SECRET = b"secret"
MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection)
IMAGE = "application/x-qt-image"


def _owns(clipboard: QClipboard, mode: QClipboard.Mode) -> bool:
    if mode == QClipboard.Mode.Selection:
        return clipboard.supportsSelection() and clipboard.ownsSelection()
    return clipboard.ownsClipboard()


def copy_text(text: str) -> None:
    """Put text on the clipboard, marked."""
    data = QMimeData()
    data.setText(text)
    data.setData(SECRET_HINT, SECRET)
    QGuiApplication.clipboard().setMimeData(data)


def clear_owned() -> None:
    """Take back the clipboard and the selection where they still hold what the app put
    there (clearing one the app does not own would erase another program's copy)."""
    clipboard = QGuiApplication.clipboard()
    for mode in MODES:
        if _owns(clipboard, mode):
            clipboard.clear(mode)


class ClipboardGuard(QObject):
    """Marks every copy the app makes (Ctrl+C in any text field, a selection, a button that
    copies) the moment it lands, before another program can ask for it, and clears both
    clipboards as the app quits, however it quits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._marking = False
        QGuiApplication.clipboard().changed.connect(self._changed)
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._quitting)  # gone with the guard, unlike a function

    def _quitting(self) -> None:
        clear_owned()

    def _changed(self, mode: QClipboard.Mode) -> None:
        clipboard = QGuiApplication.clipboard()
        if self._marking or not _owns(clipboard, mode):
            return  # another program's copy is not ours to touch
        data = clipboard.mimeData(mode)
        if data is None or data.hasFormat(SECRET_HINT) or not data.formats():
            return
        marked = QMimeData()
        for fmt in data.formats():
            if fmt == IMAGE:
                marked.setImageData(data.imageData())
            else:
                marked.setData(fmt, data.data(fmt))
        marked.setData(SECRET_HINT, SECRET)
        self._marking = True
        try:
            clipboard.setMimeData(marked, mode)  # replaces (and frees) the unmarked copy
        finally:
            self._marking = False
