"""At twice the text size nothing runs off sideways: list rows wrap to the list's width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from kapjournal.ui.main_window import MainWindow


@pytest.fixture
def doubled(qapp: QApplication) -> Iterator[None]:
    normal = QApplication.font()
    big = QFont(normal)
    big.setPointSizeF(normal.pointSizeF() * 2)
    QApplication.setFont(big)
    yield
    QApplication.setFont(normal)


def test_entry_rows_wrap_within_the_list_at_200_percent(
    qtbot: QtBot, unlocked: MainWindow, doubled: None
) -> None:
    service = unlocked.service
    for n in range(3):
        entry = service.free_entry()
        entry.title = f"A long title about the lighthouse in the fog, the amber light {n}"
        entry.body = "Heavy arms at first, then light. " * 6
        service.save_entry(entry)
    unlocked.resize(900, 700)
    unlocked.show_pane("journal")
    journal = unlocked.journal
    journal.refresh()
    model, view = journal.model, journal.view
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: view.visualRect(model.index(0, 0)).height() > 0)
    width = view.viewport().width()
    for row in range(model.rowCount()):
        option = QStyleOptionViewItem()
        option.initFrom(view)  # as a size query comes: no row rectangle yet
        option.widget = view
        hint = view.itemDelegate().sizeHint(option, model.index(row, 0))
        assert hint.width() <= width, (row, hint.width(), width)
    assert view.horizontalScrollBar().maximum() == 0
