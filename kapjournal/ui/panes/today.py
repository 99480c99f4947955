"""Today: what is due now, a quick check-in, the next session, and a safety banner."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Answer
from kapjournal.export.render import escape
from kapjournal.i18n import format_date, format_day_and_time, format_skeleton, format_time
from kapjournal.prompts.model import ItemType
from kapjournal.prompts.schedule import Due, DueKind, Status
from kapjournal.services.journal import JournalService
from kapjournal.ui.panes.items import ScaleItem
from kapjournal.ui.widgets import SpokenLabel, named, tr

DUE_ROLE = Qt.ItemDataRole.UserRole + 1


class TodayPane(QWidget):
    """Emits `due_chosen(due)`, `crisis_requested()` and `checked_in()`."""

    due_chosen = Signal(object)
    crisis_requested = Signal()
    checked_in = Signal()

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "todayPane", tr("Today"))
        self.service = service
        layout = QVBoxLayout(self)
        self.banner = QWidget()
        self.banner.setObjectName("safetyBanner")
        banner = QHBoxLayout(self.banner)
        self.banner_text = SpokenLabel("safetyBannerText", tr("Safety notice"))
        self.banner_text.setWordWrap(True)
        help_button = named(
            QPushButton(tr("Crisis &resources")), "bannerCrisis", tr("Crisis resources")
        )
        help_button.clicked.connect(self.crisis_requested)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(help_button)
        self.banner.setStyleSheet(
            "#safetyBanner { border: 2px solid palette(highlight); border-radius: 6px; }"
        )
        layout.addWidget(self.banner)
        self.next_session = SpokenLabel("nextSession", tr("Next session"))
        self.next_session.setWordWrap(True)
        layout.addWidget(self.next_session)
        due_box = QGroupBox(tr("Due now and coming up"))
        due_layout = QVBoxLayout(due_box)
        self.due_list = named(
            QListWidget(),
            "dueList",
            tr("Due now and coming up"),
            tr("Press Enter to start the highlighted item"),
        )
        self.due_list.itemActivated.connect(self._chosen)
        due_layout.addWidget(self.due_list)
        start = named(
            QPushButton(tr("&Start the selected item")), "startDue", tr("Start the selected item")
        )
        start.clicked.connect(lambda: self._chosen(self.due_list.currentItem()))
        due_layout.addWidget(start, alignment=Qt.AlignmentFlag.AlignRight)
        layout.addWidget(due_box, 1)
        layout.addWidget(self._quick_check_in())

    def _quick_check_in(self) -> QGroupBox:
        box = QGroupBox(tr("Quick check-in"))
        box.setObjectName("quickCheckIn")
        layout = QVBoxLayout(box)
        template = self.service.check_in_template()
        self.scales: list[ScaleItem] = []
        self.line_item = None
        if template is not None:
            for item in template.items:
                if item.type is ItemType.SCALE:
                    widget = ScaleItem(item)
                    widget.private.hide()
                    widget.setObjectName(f"checkin_{item.id}")
                    self.scales.append(widget)
                    layout.addWidget(widget)
                else:
                    self.line_item = item
                    self.line = named(QLineEdit(), f"checkin_{item.id}", item.prompt)
                    self.line.setPlaceholderText(item.prompt)
                    self.line.returnPressed.connect(self.save_check_in)
                    layout.addWidget(self.line)
        self.check_in_button = named(
            QPushButton(tr("Save &check-in")), "saveCheckIn", tr("Save check-in")
        )
        self.check_in_button.clicked.connect(self.save_check_in)
        self.check_in_status = SpokenLabel("checkInStatus", tr("Check-in status"))
        row2 = QHBoxLayout()
        row2.addWidget(self.check_in_status, 1)
        row2.addWidget(self.check_in_button)
        layout.addLayout(row2)
        return box

    def save_check_in(self) -> None:
        numbers = {}
        for w in self.scales:
            answer = Answer(w.item.id)
            w.answer_into(answer)
            numbers[w.item.id] = answer.number
        text = self.line.text() if self.line_item is not None else ""
        entry = self.service.save_check_in(numbers, text)
        if entry is None:
            self.check_in_status.setText(tr("Move a slider or write a line first."))
            return
        self._reset_check_in()
        self.check_in_status.setText(
            tr("Checked in at {time}.").format(time=format_time(entry.created_at))
        )
        self.checked_in.emit()
        self.refresh()

    def refresh(self) -> None:
        notice = self.service.safety_notice()
        self.banner.setVisible(notice is not None)
        if notice is not None:
            # The rule's own words, whichever questionnaire or pack raised it; a rule that
            # does not say nobody monitors the journal gets that said after it.
            said = " ".join(escape(m) for m in notice.messages)
            nobody = tr("Nobody monitors this journal.")
            if nobody.rstrip(".").lower() not in said.lower():
                said += " " + nobody
            self.banner_text.setText(
                tr("<b>A safety flag was raised on {date}.</b> {said}").format(
                    date=format_date(notice.when), said=said
                )
                + " "
                + tr("If that is still true, please reach out now.")
            )
        nxt = self.service.next_session()
        self.next_session.setText(
            tr("<b>Next session:</b> {when}, {kind}, {route}").format(
                when=format_day_and_time(nxt.scheduled_at),
                kind=nxt.kind.label,
                route=nxt.route.label,
            )
            if nxt
            else tr("No session planned. Add one under Sessions.")
        )
        self.due_list.clear()
        for due in self.service.due():
            item = QListWidgetItem(self._due_text(due))
            item.setData(DUE_ROLE, due)
            self.due_list.addItem(item)
        if not self.due_list.count():
            self.due_list.addItem(tr("Nothing is due. You can always write a free entry."))
        self.due_list.setCurrentRow(0)

    def _due_text(self, due: Due) -> str:
        status = {
            Status.DUE: tr("Due now"),
            Status.UPCOMING: tr("Coming up"),
            Status.OVERDUE: tr("Still open"),
        }[due.status]
        title = self.service.title_of(due)
        if due.kind is DueKind.CONFIRM_SESSION:
            title = tr(
                "Did your session on {when} happen? Mark it done to start the recall."
            ).format(when=format_date(due.opens_at))
        label = f" ({due.label})" if due.label else ""
        if due.session_uid and due.kind is DueKind.TEMPLATE:
            s = self.service.session(due.session_uid)
            if s is not None:
                label += tr(" · session of {when}").format(
                    when=format_skeleton(s.scheduled_at, "MMMd")
                )
        when = (
            f" · {format_skeleton(due.opens_at, 'MMMEd')} {format_time(due.opens_at)}"
            if due.status is Status.UPCOMING
            else ""
        )
        return f"{status}: {title}{label}{when}"

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(DUE_ROLE) is not None:
            self.due_chosen.emit(item.data(DUE_ROLE))

    def clear(self) -> None:
        self.due_list.clear()
        self.banner_text.clear()
        self.next_session.clear()
        self.check_in_status.clear()
        self._reset_check_in()

    def _reset_check_in(self) -> None:
        for w in self.scales:
            w.load(Answer(w.item.id))
        if self.line_item is not None:
            self.line.clear()
