"""Prompt packs in this vault: list with author and version, import from a file, remove."""

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

from kapjournal.domain import StoredPack
from kapjournal.prompts.catalog import builtin_packs
from kapjournal.prompts.loader import PackError, load_pack
from kapjournal.service import JournalService
from kapjournal.ui.widgets import named, tr

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def import_pack(service: JournalService, path: Path) -> str:
    """Validate and store a pack; returns a sentence for the patient. Raises PackError."""
    known = {i.id for p in builtin_packs() for i in p.instruments}
    pack = load_pack(path, known_instruments=known)
    if any(b.id == pack.id for b in builtin_packs()):
        raise PackError([f"{path}: uses the id of a built-in pack ('{pack.id}'); rename it."])
    service.repo.save_pack(
        StoredPack(
            id=pack.id,
            name=pack.name,
            version=pack.version,
            author=pack.author,
            toml=path.read_text(encoding="utf-8"),
        )
    )
    service.reload_catalog()
    return tr("Added “{name}” {version} by {author}.").format(
        name=pack.name, version=pack.version, author=pack.author or tr("an unnamed author")
    )


class PacksDialog(QDialog):
    def __init__(
        self,
        service: JournalService,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "packsDialog", tr("Prompt packs"))
        self.setWindowTitle(tr("Prompt packs"))
        self.resize(560, 400)
        self.service = service
        self._choose_file = choose_file or self._ask_file
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr(
                    "Built-in prompts are always available. Packs from your "
                    "therapist or clinic are listed here."
                )
            )
        )
        self.list = named(QListWidget(), "packList", tr("Imported prompt packs"))
        layout.addWidget(self.list, 1)
        self.status = named(QLabel(), "packStatus", tr("Result"))
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
        for p in self.service.repo.packs():
            item = QListWidgetItem(
                tr("{name} {version} — {author} (added {when})").format(
                    name=p.name,
                    version=p.version,
                    author=p.author or tr("no author given"),
                    when=f"{p.imported_at.astimezone():%d %b %Y}",
                )
            )
            item.setData(ID_ROLE, p.id)
            self.list.addItem(item)
        for problem in self.service.catalog.problems:
            self.list.addItem(tr("Not in use: {problem}").format(problem=problem))

    def _ask_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Import a prompt pack"), "", tr("Prompt packs (*.toml)")
        )
        return path

    def import_clicked(self) -> None:
        path = self._choose_file()
        if not path:
            return
        try:
            self.status.setText(import_pack(self.service, Path(path)))
        except PackError as exc:
            self.status.setText(
                tr("This pack cannot be used; nothing was added:") + "\n" + "\n".join(exc.errors)
            )
        self.refresh()

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        pack_id = item.data(ID_ROLE) if item else None
        if not pack_id:
            return
        self.service.repo.delete_pack(pack_id)
        self.service.reload_catalog()
        self.status.setText(tr("Removed. Entries written with it keep their prompts."))
        self.refresh()
