"""Everything that has left the journal: when, what, which entries, to which file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from kapjournal.export.formats import history_label
from kapjournal.i18n import format_short, trn
from kapjournal.services.journal import JournalService
from kapjournal.services.reports import ReportService
from kapjournal.ui.widgets import SpokenLabel, named, tr

UIDS_ROLE = Qt.ItemDataRole.UserRole + 1


class ExportHistory(QWidget):
    def __init__(
        self, reports: ReportService, journal: JournalService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reports = reports
        self.journal = journal
        self.tree = named(QTreeWidget(), "exportHistory", tr("Earlier exports"))
        self.tree.setHeaderLabels(
            [tr("When"), tr("What"), tr("Entries"), tr("Private answers left out"), tr("File")]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.currentItemChanged.connect(self._show_held)
        self.held = SpokenLabel("exportHeld", tr("Entries in this export"))
        self.held.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.held)
        self.fill()

    def fill(self) -> None:
        self.tree.clear()
        archive = tr("Complete archive (private answers included)")
        for rec in self.reports.history():
            what = archive if rec.format == "json-archive" else history_label(rec.format)
            row = QTreeWidgetItem(
                self.tree,
                [
                    format_short(rec.at),
                    what,
                    str(rec.entry_count),
                    str(rec.withheld_count),
                    rec.destination,
                ],
            )
            row.setData(0, UIDS_ROLE, rec.entry_uids)

    def _show_held(self, item: QTreeWidgetItem | None) -> None:
        """Which entries the chosen report held (titles of those still in the journal)."""
        uids: tuple[str, ...] = item.data(0, UIDS_ROLE) if item is not None else ()
        if not uids:
            self.held.setText(tr("An archive holds every entry.") if item is not None else "")
            return
        titles = [e.title or tr("Untitled entry") for u in uids if (e := self.journal.entry(u))]
        gone = len(uids) - len(titles)
        text = tr("In this report: {titles}.").format(titles=", ".join(titles) or "—")
        if gone:
            text += " " + trn(
                "{n} of them has since been deleted.",
                "{n} of them have since been deleted.",
                gone,
            ).format(n=gone)
        self.held.setText(text)
