"""An entry's pictures: thumbnails under the entry, full size on a click, added from a file,
by dragging one in, or pasted. Every picture goes through the attachment service, which strips
its metadata before it is kept; the bytes are decoded in memory only (nothing on disk)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Attachment
from kapjournal.errors import StorageError
from kapjournal.services.attachments import AttachmentService
from kapjournal.ui.widgets import POLITE, ErrorLabel, SpokenLabel, named, tip, tr

THUMB = 96


def png_bytes(image: QImage) -> bytes:
    """An image as PNG bytes, in memory (a pasted or dropped picture has no file)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; it wants str
    return bytes(buffer.data().data())


def describe(a: Attachment) -> str:
    return tr("Picture {name}, {width} by {height} pixels").format(
        name=a.name, width=a.width or "?", height=a.height or "?"
    )


class PictureDialog(QDialog):
    """One picture at full size (scrolling when larger than the screen), and its removal."""

    def __init__(self, a: Attachment, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "pictureDialog", describe(a))
        # Not the file's name: a title shows in the taskbar, the window switcher and a shared
        # screen, outside the journal and after it locks.
        self.setWindowTitle(tr("Picture"))
        layout = QVBoxLayout(self)
        view = QLabel()
        view.setPixmap(QPixmap.fromImage(image))
        view.setAccessibleName(describe(a))
        scroller = QScrollArea()
        scroller.setWidget(view)
        layout.addWidget(scroller, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remove = named(
            buttons.addButton(tr("&Remove from the entry"), QDialogButtonBox.ButtonRole.ActionRole),
            "pictureRemove",
            tr("Remove this picture from the entry"),
        )
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "pictureClose", tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(image.width() + 60, screen.width() - 80),
                    min(image.height() + 120, screen.height() - 80))  # fmt: skip


class PictureStrip(QWidget):
    """`ensure_saved()` returns the entry's uid once it is in the vault (a picture needs it)."""

    def __init__(self, service: AttachmentService, ensure_saved: Callable[[], str | None]) -> None:
        super().__init__()
        named(self, "entryPictures", tr("Pictures"))
        self.service = service
        self.ensure_saved = ensure_saved
        self.entry_uid: str | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = SpokenLabel("picturesTitle", tr("Heading"), tr("<b>Pictures</b>"), rich=True)
        layout.addWidget(self.title)
        self.row = QHBoxLayout()
        self.row.addStretch(1)
        layout.addLayout(self.row)
        buttons = QHBoxLayout()
        add = named(QPushButton(tr("Add a &picture…")), "pictureAdd", tr("Add a picture"))
        add.clicked.connect(self.choose_file)
        paste = named(QPushButton(tr("Paste a picture")), "picturePaste", tr("Paste a picture"))
        paste.clicked.connect(self.paste)
        hint = SpokenLabel(
            "picturesHint",
            tr("About pictures"),
            tr("Or drag one here. Location and camera details are removed before it is kept."),
        )
        hint.setWordWrap(True)
        buttons.addWidget(add)
        buttons.addWidget(paste)
        buttons.addWidget(hint, 1)
        layout.addLayout(buttons)
        self.status = SpokenLabel("picturesStatus", tr("Pictures status"), announce=POLITE)
        layout.addWidget(self.status)
        self.error = ErrorLabel("picturesError")
        layout.addWidget(self.error)
        self.thumbs: list[QToolButton] = []

    def show_entry(self, entry_uid: str | None) -> None:
        self.entry_uid = entry_uid
        self._fill()

    def _fill(self) -> None:
        for b in self.thumbs:
            self.row.removeWidget(b)
            b.deleteLater()
        self.thumbs = []
        found = self.service.of_entry(self.entry_uid) if self.entry_uid else []
        for n, a in enumerate(found):
            image = self._image(a)
            button = named(QToolButton(), f"picture{n}", describe(a))
            button.setIcon(QIcon(QPixmap.fromImage(image.scaled(
                THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))))  # fmt: skip
            button.setIconSize(QSize(THUMB, THUMB))
            tip(button, a.name)
            button.clicked.connect(lambda _=False, a=a: self.open(a))
            self.row.insertWidget(n, button)
            self.thumbs.append(button)
        self.title.setVisible(True)

    def _image(self, a: Attachment) -> QImage:
        data = self.service.data(a.uid) or b""
        return QImage.fromData(QByteArray(data))

    def open(self, a: Attachment) -> PictureDialog:
        dialog = PictureDialog(a, self._image(a), self)

        def remove() -> None:
            answer = QMessageBox.question(
                dialog, tr("Remove this picture?"), tr("Remove “{name}” from this entry for good?")
                .format(name=a.name),
            )  # fmt: skip
            if answer == QMessageBox.StandardButton.Yes:
                self.service.remove(a.uid)
                dialog.accept()
                self._fill()
                self.status.setText(tr("Removed {name}.").format(name=a.name))

        dialog.remove.clicked.connect(remove)
        dialog.open()
        return dialog

    # -- adding ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("Add a picture"),
            str(Path.home()),
            tr("Pictures (*.png *.jpg *.jpeg *.webp *.heic *.heif)"),
        )
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path) -> None:
        self._add(lambda uid: self.service.add_picture_file(uid, path))

    def add_bytes(self, data: bytes, name: str) -> None:
        self._add(lambda uid: self.service.add_picture(uid, data, name))

    def paste(self) -> None:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.error.setText(tr("The clipboard holds no picture."))
            return
        self.add_bytes(png_bytes(image), tr("Pasted picture.png"))

    def _add(self, add: Callable[[str], Attachment]) -> None:
        self.error.clear()
        uid = self.ensure_saved()
        if uid is None:
            self.error.setText(tr("The entry could not be saved, so the picture was not added."))
            return
        try:
            added = add(uid)
        except StorageError as exc:
            self.error.setText(str(exc))
            return
        self.entry_uid = uid
        self._fill()
        self.status.setText(tr("Added {name}.").format(name=added.name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        for f in files:
            self.add_file(f)
        if not files and mime.hasImage():
            self.add_bytes(png_bytes(QImage(mime.imageData())), tr("Dropped picture.png"))
        event.acceptProposedAction()
