"""Prompt packs in use: list with author, version and what each replaces; import; remove."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.i18n import format_date
from kapjournal.prompts.loader import PackError
from kapjournal.services.packs import PackService
from kapjournal.ui.widgets import POLITE, SpokenLabel, fit_to_screen, named, tr

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PacksDialog(QDialog):
    def __init__(
        self,
        service: PackService,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "packsDialog", tr("Prompt packs"))
        self.setWindowTitle(tr("Prompt packs"))
        fit_to_screen(self, 560, 400)
        self.service = service
        self.choose_file = choose_file or self._ask_file
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "Built-in prompts are always available. Packs from your "
                    "therapist or clinic are listed here, with what they replace."
                )
            )
        )
        self.list = named(QListWidget(), "packList", tr("Prompt packs in use"))
        layout.addWidget(self.list, 1)
        self.status = SpokenLabel("packStatus", tr("Result"), announce=POLITE)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        add = named(QPushButton(tr("&Import pack…")), "importPack", tr("Import a pack"))
        add.clicked.connect(self.import_clicked)
        remove = named(QPushButton(tr("&Remove")), "removePack", tr("Remove the selected pack"))
        remove.clicked.connect(self.remove_selected)
        close = named(QPushButton(tr("&Close")), "closePacks", tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for info in self.service.listing():
            p = info.pack
            if p.builtin:
                text = tr("{name} {version} (built in)").format(name=p.name, version=p.version)
            else:
                text = tr("{name} {version} — {author} (added {when})").format(
                    name=p.name,
                    version=p.version,
                    author=p.author or tr("no author given"),
                    when=format_date(info.imported_at, "medium") if info.imported_at else "",
                )
            if info.changes:
                text += "\n    " + "\n    ".join(info.changes)
            item = QListWidgetItem(text)
            if not p.builtin:
                item.setData(ID_ROLE, p.id)
            self.list.addItem(item)
        for problem in self.service.problems():
            self.list.addItem(tr("Not in use: {problem}").format(problem=problem))

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import a prompt pack"), "", tr("Prompt packs (*.toml)")
        )
        return path

    def import_clicked(self) -> None:
        path = self.choose_file()
        if not path:
            return
        try:
            self.status.setText(self.service.import_file(Path(path)).sentence())
        except PackError as exc:
            self.status.setText(
                tr("This pack cannot be used; nothing was added:") + "\n" + "\n".join(exc.errors)
            )
        except (StorageError, OSError) as exc:
            self.status.setText(tr("Nothing was added: {reason}").format(reason=exc))
        self.refresh()

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        pack_id = item.data(ID_ROLE) if item else None
        if not pack_id:
            self.status.setText(tr("Built-in packs stay; choose a pack you imported."))
            return
        self.service.remove(pack_id)
        self.status.setText(tr("Removed. Entries written with it keep their prompts."))
        self.refresh()
