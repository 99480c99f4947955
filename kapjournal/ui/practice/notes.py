"""The therapist's private notes on one patient: the notes so far, a box, "Add note". They
are kept in the practice store only; the summary PDF and every export leave them out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.i18n import N_, format_short
from kapjournal.ui.practice.words import when
from kapjournal.ui.widgets import ErrorLabel, SpokenLabel, heading, muted, named, tr

ONLY_HERE = N_("Only in this practice file; never in a summary or export.")


class NotesBox(QWidget):
    """Emits `added()` once a note is stored. `save(text)` is the service's note call for
    the patient shown, set by the patient view."""

    added = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save: Callable[[str], None] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(SpokenLabel("notesHeading", tr("Heading"), tr("Your notes"))))
        self.truth = muted(SpokenLabel("notesOnlyHere", tr("Where notes are kept"), tr(ONLY_HERE)))
        self.truth.setWordWrap(True)
        layout.addWidget(self.truth)
        self.list = named(QListWidget(), "notesList", tr("Your notes on this patient"))
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(self.fontMetrics().height() * 7)
        layout.addWidget(self.list)
        self.text = named(QPlainTextEdit(), "noteText", tr("New note"), tr(ONLY_HERE))
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(tr("A note for yourself about this patient"))
        self.text.setMaximumHeight(self.fontMetrics().height() * 5)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.error = ErrorLabel("noteError")
        row.addWidget(self.error, 1)
        self.add = named(QPushButton(tr("Add &note")), "addNote", tr("Add note"))
        self.add.setAutoDefault(False)
        self.add.clicked.connect(self.submit)
        row.addWidget(self.add)
        layout.addLayout(row)

    def show_notes(self, notes: list[dict[str, str]]) -> None:
        self.list.clear()
        for n in reversed(notes):  # the newest first
            line = tr("{when}: {text}").format(when=format_short(when(n["at"])), text=n["text"])
            item = QListWidgetItem(line)
            self.list.addItem(item)
        if not notes:
            self.list.addItem(QListWidgetItem(tr("No notes yet.")))

    def submit(self) -> None:
        if self.save is None:
            return
        try:
            self.save(self.text.toPlainText())
        except StorageError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.text.clear()
        self.added.emit()

    def clear(self) -> None:
        self.save = None
        self.list.clear()
        self.text.clear()
        self.error.clear()
