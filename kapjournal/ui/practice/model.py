"""The patients list as a table model over PracticeService.patients() rows, and the proxy
that sorts it by any column and filters it by name or id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from kapjournal.i18n import format_date, format_number, tr, trn
from kapjournal.services.practice import short

Index = QModelIndex | QPersistentModelIndex
SORT = Qt.ItemDataRole.UserRole
ID = Qt.ItemDataRole.UserRole + 1
FLAG, NAME, ID_START, REPORTS, LATEST = range(5)  # then one column per questionnaire
FLAG_MARK = "\u2691"  # ⚑


def change_text(change: float, number: Callable[[float], str] = format_number) -> str:
    """ "+3", "−13", "±0": the sign written out, with a real minus sign."""
    if change > 0:
        return "+" + number(change)
    if change < 0:
        return "\u2212" + number(-change)
    return "\u00b10"


def score_words(score: dict[str, Any], number: Callable[[float], str] = format_number) -> str:
    """A screen reader's words for one score: "PHQ-9 4, 13 lower than the first"."""
    latest, change = number(score["latest"]["total"]), score["change"]
    if change > 0:
        moved = tr("{n} higher than the first").format(n=number(change))
    elif change < 0:
        moved = tr("{n} lower than the first").format(n=number(-change))
    else:
        moved = tr("the same as the first")
    return tr("{instrument} {latest}, {moved}").format(
        instrument=score["instrument"], latest=latest, moved=moved
    )


def day(iso: str | None) -> str:
    return format_date(datetime.fromisoformat(iso), "medium") if iso else ""


class PatientsModel(QAbstractTableModel):
    """One row a patient, in the order the service gives (flagged first); the questionnaire
    columns are those any patient has a score for, in alphabetical order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.instruments: list[str] = []
        # Each cell's words and sort key, made once a refresh: sizing the
        # columns, sorting and painting ask for them thousands of times (bench_practice.py).
        self.cells: list[tuple[list[str], list[Any]]] = []
        self.bold = QFont()
        self.bold.setBold(True)
        self._said: dict[tuple[str, Any], str] = {}  # Babel's words for a number or a day

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.instruments = sorted({s["instrument"] for r in rows for s in r["scores"]})
        columns = range(5 + len(self.instruments))
        self.cells = [
            ([self._display(row, c) for c in columns], [self._sort_key(row, c) for c in columns])
            for row in rows
        ]
        self.endResetModel()

    def _number(self, value: float) -> str:
        key = ("n", value)
        if key not in self._said:
            self._said[key] = format_number(value)
        return self._said[key]

    def _day(self, iso: str | None) -> str:
        key = ("d", iso)
        if key not in self._said:
            self._said[key] = day(iso)
        return self._said[key]

    def clear(self) -> None:
        self.set_rows([])

    def headers(self) -> list[str]:
        return [
            tr("Flags"),
            tr("Name"),
            tr("Id"),
            tr("Reports"),
            tr("Latest report"),
            *self.instruments,
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5 + len(self.instruments)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and section >= 5:
            return tr("The latest total, and its change since the first result shared")
        return None

    def _score(self, row: dict[str, Any], column: int) -> dict[str, Any] | None:
        wanted = self.instruments[column - 5]
        return next((s for s in row["scores"] if s["instrument"] == wanted), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        display, sort = self.cells[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(row, column)
        if role == SORT:
            return sort[column]
        if role == ID:
            return row["id"]
        if role == Qt.ItemDataRole.FontRole and row["open_flags"]:
            return self.bold
        if role == Qt.ItemDataRole.ToolTipRole and column == FLAG and row["open_flags"]:
            return self._spoken(row, column)
        return None

    def _display(self, row: dict[str, Any], column: int) -> str:
        if column == FLAG:
            return f"{FLAG_MARK} {row['open_flags']}" if row["open_flags"] else ""
        if column == NAME:
            return str(row["name"] or tr("(no name)"))
        if column == ID_START:
            return short(row["id"])
        if column == REPORTS:
            return self._number(row["reports"])
        if column == LATEST:
            return self._day(row["latest_report"])
        score = self._score(row, column)
        if score is None:
            return ""
        latest = self._number(score["latest"]["total"])
        return f"{latest} ({change_text(score['change'], self._number)})"

    def _spoken(self, row: dict[str, Any], column: int) -> str:
        if column == FLAG:
            n = row["open_flags"]
            return (
                trn("{n} open safety flag", "{n} open safety flags", n).format(n=n)
                if n
                else tr("No open safety flag")
            )
        if column >= 5:
            score = self._score(row, column)
            return score_words(score, self._number) if score else tr("No result")
        return self._display(row, column)

    def _sort_key(self, row: dict[str, Any], column: int) -> Any:
        if column == FLAG:  # the newest open flag last in ascending order: first descending
            return f"{row['open_flags'] and 1}{row['latest_flag'] or ''}"
        if column == NAME:
            return str(row["name"] or "").casefold()
        if column == ID_START:
            return row["id"]
        if column == REPORTS:
            return row["reports"]
        if column == LATEST:
            return row["latest_report"] or ""
        score = self._score(row, column)
        return float(score["latest"]["total"]) if score else -1.0


class PatientsFilter(QSortFilterProxyModel):
    """Sorted by the model's sort keys; a search keeps the patients whose name holds it or
    whose id starts with it."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT)
        self.needle = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.needle = text.strip().casefold()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, PatientsModel)
        row = model.rows[source_row]
        name = str(row["name"] or "").casefold()
        return self.needle in name or row["id"].startswith(self.needle)
