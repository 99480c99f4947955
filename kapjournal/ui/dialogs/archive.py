"""The patient's own complete archive, written from the app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kapjournal.errors import StorageError
from kapjournal.i18n import trn
from kapjournal.services.archives import ArchiveService
from kapjournal.ui.widgets import tr


def export_archive(
    archives: ArchiveService,
    parent: QWidget | None,
    choose_file: Callable[[str], str] | None = None,
) -> Path | None:
    """The patient's own complete copy: said plainly before it is written, because it holds
    everything, private answers included, and is not encrypted."""
    answer = QMessageBox.question(
        parent,
        tr("Complete archive"),
        tr(
            "The archive is your own complete copy of the journal: every entry, every answer "
            "marked private, your sessions and results. It is not encrypted. It is for you (to "
            "keep, or to move to another computer), not for your therapist: for them, make a "
            "report instead.\n\nWrite the archive?"
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    day = datetime.now().date().isoformat()
    suggested = str(Path.home() / f"kapjournal-archive-{day}.json")
    if choose_file is None:
        path, _ = QFileDialog.getSaveFileName(parent, tr("Save the archive"), suggested)
    else:
        path = choose_file(suggested)
    if not path:
        return None
    try:
        written = archives.export_archive(Path(path))
    except StorageError as exc:
        QMessageBox.warning(parent, tr("Complete archive"), str(exc))
        return None
    QMessageBox.information(
        parent,
        tr("Complete archive"),
        trn(
            "Wrote {n} entry to {path}. Keep this file somewhere safe.",
            "Wrote {n} entries to {path}. Keep this file somewhere safe.",
            written.entries,
        ).format(n=written.entries, path=written.path),
    )
    return written.path
