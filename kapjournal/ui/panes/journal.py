"""The journal: every entry newest first, filters, and full-text search as you type.

The list model fetches a page at a time as the view scrolls (canFetchMore / fetchMore), so
100k entries cost what one page costs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import SNIPPET_CLOSE, SNIPPET_OPEN, EntryFilter, EntryRow, Phase, SearchHit
from kapjournal.export.render import escape
from kapjournal.i18n import format_date, format_number, format_short, trn
from kapjournal.prompts.model import ItemType
from kapjournal.services.journal import JournalService
from kapjournal.ui.panes.filters import FilterBar
from kapjournal.ui.widgets import SpokenLabel, named, tr

# Rows fetched at a time: a screenful or two, so each keystroke stays cheap. A search hit
# costs more than a row (its rank and snippet), so a page of hits is smaller.
PAGE = 50
SEARCH_PAGE = 12
BROAD = 1000  # matches beyond which a search shows the latest added first
UID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, HTML_ROLE)
Index = QModelIndex | QPersistentModelIndex


def row_html(title: str, when: datetime, kind: str, detail_html: str) -> str:
    shown = escape(title) or tr("(untitled)")
    return (
        f"<b>{shown}</b> "
        f"<small>· {escape(format_short(when))} · {escape(kind)}</small>"
        f"<br><small>{detail_html}</small>"
    )


def snippet_html(snippet: str) -> str:
    text = escape(" ".join(snippet.split()))
    return text.replace(escape(SNIPPET_OPEN), "<b><u>").replace(escape(SNIPPET_CLOSE), "</u></b>")


class EntryListModel(QAbstractListModel):
    """Newest first, filtered, fetched lazily; or the ranked results of a search."""

    def __init__(self, service: JournalService) -> None:
        super().__init__()
        self.service = service
        self.filter = EntryFilter()
        self.rows: list[EntryRow] = []
        self.hits: list[SearchHit] | None = None
        self.search_text = ""  # what the list shows the results of ("" when not searching)
        self.ranked = True  # search hits best first (False: latest added first)
        self.total = 0
        self._texts: dict[tuple[int, int], str] = {}
        self._questionnaire: dict[str, bool] = {}  # template key -> is a questionnaire

    def reset(self, flt: EntryFilter | None = None, search: str = "") -> None:
        self.beginResetModel()
        self.filter = flt or self.filter
        self.rows = []
        self._texts.clear()
        self.search_text = search.strip()
        if search.strip():
            self.total = self.service.count_matches(search)
            # Thousands of matches (a word's first letters): ranking them all costs more than
            # a keystroke should; the latest added come first until more letters narrow it.
            self.ranked = self.total < BROAD
            self.hits = self.service.search(search, limit=SEARCH_PAGE, ranked=self.ranked)
            self.total = max(self.total, len(self.hits))
        else:
            self.hits = None
            self.total = self.service.count_entries(self.filter)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows, self.hits, self.total, self.search_text = [], None, 0, ""
        self._texts.clear()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.hits) if self.hits is not None else len(self.rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.rowCount() < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        have = self.rowCount()
        if self.hits is not None:
            more: list[Any] = self.service.search(
                self.search_text, limit=SEARCH_PAGE, offset=have, ranked=self.ranked
            )
        else:
            more = self.service.rows(self.filter, limit=PAGE, offset=have)
        if not more:
            self.total = have
            return
        self.beginInsertRows(QModelIndex(), have, have + len(more) - 1)
        (self.hits if self.hits is not None else self.rows).extend(more)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == UID_ROLE:
            return self.hits[row].entry_uid if self.hits is not None else self.rows[row].uid
        if role not in ROLES:
            return None
        text = self._texts.get((row, role))
        if text is None:  # dates formatted once per row and role, not on every paint
            text = self._texts[(row, role)] = self._text(row, role)
        return text

    def _text(self, row: int, role: int) -> str:
        if self.hits is not None:
            h = self.hits[row]
            title, when, phase, page = h.title, h.created_at, h.phase, h.template_id
        else:
            r = self.rows[row]
            title, when, phase, page = r.title, r.created_at, r.phase, r.template_id
        kind = self._kind(phase, page)
        if role == Qt.ItemDataRole.DisplayRole:
            return (title or tr("(untitled)")) + f" — {format_date(when, 'medium')}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (title or tr("untitled")) + f", {kind}, {format_date(when)}"
        detail = (
            snippet_html(self.hits[row].snippet)
            if self.hits is not None
            else escape(self.rows[row].preview)
        )
        return row_html(title, when, kind, detail)

    def _kind(self, phase: Phase, page: str) -> str:
        """What kind of entry a row is: its phase, or "Questionnaire" for a PHQ-9 (which is
        written in the check-in phase but is not a check-in)."""
        if page not in self._questionnaire:
            template = self.service.template(page) if page else None
            self._questionnaire[page] = template is not None and any(
                i.type is ItemType.QUESTIONNAIRE for i in template.items
            )
        return tr("Questionnaire") if self._questionnaire[page] else phase.label


class RichDelegate(QStyledItemDelegate):
    """Draws a row's small HTML (title, date, highlighted snippet) at the system font size.

    A row's laid-out document is kept between the size query and the paint (and repaints),
    so a new page of results is laid out once per row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._docs: dict[tuple[str, int, str], QTextDocument] = {}

    def forget(self) -> None:
        """The rows changed: their documents go (a few at a time, not hundreds at once)."""
        self._docs.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = self._doc(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter, QRectF(0, 0, option.rect.width(), option.rect.height()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._doc(option, index)
        return QSize(int(doc.textWidth()), int(doc.size().height()) + 4)

    def _doc(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        html = index.data(HTML_ROLE) or ""
        view = option.widget
        # A size query comes without a row rectangle: lay out to the list's own width.
        shown = view.viewport().width() - 2 if isinstance(view, QAbstractItemView) else 0
        widths = [w for w in (option.rect.width(), shown) if w > 0]
        width = max(100, min(widths, default=100))
        key = (html, width, option.font.key())
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) > 400:
                self._docs.clear()
            doc = self._docs[key] = QTextDocument()
            doc.setDefaultFont(option.font)
            doc.setHtml(html)
            doc.setTextWidth(width)
        return doc


class JournalPane(QWidget):
    """Emits `open_requested(uid)` when the patient opens an entry."""

    open_requested = Signal(str)

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "journalPane", tr("Entries"))
        self.service = service
        layout = QVBoxLayout(self)
        self.search = named(QLineEdit(), "searchField", tr("Search the journal"))
        self.search.setPlaceholderText(tr("Search titles, entries, answers and tags…"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.filters = FilterBar(service, "journal")
        layout.addWidget(self.filters)
        self.count = SpokenLabel("entryCount", tr("Number of entries shown"))
        self.count.setWordWrap(True)  # a longer sentence must not widen the pane
        layout.addWidget(self.count)
        self.model = EntryListModel(service)
        self.view = named(QListView(), "entryList", tr("Entries"))
        self.view.setModel(self.model)
        delegate = RichDelegate(self.view)
        self.view.setItemDelegate(delegate)
        self.model.modelAboutToBeReset.connect(delegate.forget)
        self.view.setUniformItemSizes(False)
        # Rows wrap to the list's width (at 200% text too): never a sideways scroll bar.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A scroll bar that comes and goes would change the width the rows were laid out to
        # after their heights were measured, and a wrapped row would overlap the next.
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        # Lay rows out a screenful at a time: the first results are drawn before the rest
        # of the page has been measured.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(10)
        self.view.activated.connect(self._open)
        self.view.clicked.connect(self._open)
        layout.addWidget(self.view, 1)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        # Searching takes a few milliseconds even at 100,000 entries, so the list follows each
        # keystroke; keys typed faster than that are coalesced into one search.
        self.debounce.setInterval(0)
        self.debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.debounce.start)
        self.filters.changed.connect(self.refresh)

    def reload_choices(self) -> None:
        self.filters.reload_choices()

    def current_filter(self) -> EntryFilter:
        return self.filters.current()

    def refresh(self) -> None:
        self.model.reset(self.current_filter(), self.search.text())
        if self.model.hits is not None:
            n = self.model.total
            self.count.setText(
                trn("{n} match, best first", "{n} matches, best first", n).format(n=n)
                if self.model.ranked
                else trn(
                    "{n} match, latest added first; more letters narrow and rank them",
                    "{n} matches, latest added first; more letters narrow and rank them",
                    n,
                ).format(n=format_number(n))
            )
        else:
            n = self.model.total
            self.count.setText(trn("{n} entry", "{n} entries", n).format(n=n))
        if not n and self.model.search_text:
            self.count.setText(
                tr("Nothing matches “{text}”. Fewer or shorter words find more.").format(
                    text=self.model.search_text
                )
            )
        elif not n and self.current_filter() == EntryFilter():
            self.count.setText(
                tr("Nothing written yet. Today's check-in or a free entry (Ctrl+N) is a start.")
            )

    def _open(self, index: QModelIndex) -> None:
        uid = index.data(UID_ROLE)
        if uid:
            self.open_requested.emit(uid)

    def clear(self) -> None:
        """Forget everything shown (on lock); nothing may ask the closed vault again."""
        self.debounce.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.filters.clear()
        self.model.clear()
        self.count.clear()
