"""One thing to do on Today: what it is, when, and one clear action (or "not this time")."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kapjournal.i18n import (
    format_day_and_time,
    format_list,
    format_skeleton,
    format_time,
)
from kapjournal.prompts.agenda import Card
from kapjournal.prompts.schedule import Due, DueKind, Status
from kapjournal.services.journal import JournalService
from kapjournal.ui import design
from kapjournal.ui.flow import FlowLayout
from kapjournal.ui.widgets import SpokenLabel, named, tr


def card_title(service: JournalService, card: Card) -> str:
    due = card.due
    if due.kind is DueKind.QUESTIONNAIRE:
        return tr("Questionnaires: {names}").format(
            names=format_list([service.schedule.title_of(d) for d in card.items])
        )
    if due.kind is DueKind.CONFIRM_SESSION:
        return tr("Did your session happen?")
    return service.schedule.title_of(due)


def when_text(due: Due) -> str:
    """When it is due, in the patient's words: until when, or that its time has passed."""
    if due.status is Status.OVERDUE and due.closes_at is not None:
        return tr("Its time passed on {date}; you can still write it.").format(
            date=format_skeleton(due.closes_at, "MMMEd")
        )
    if due.status is Status.UPCOMING:
        return f"{format_skeleton(due.opens_at, 'MMMEd')} {format_time(due.opens_at)}"
    if due.closes_at is not None:
        return tr("Open until {day} {time}.").format(
            day=format_skeleton(due.closes_at, "MMMEd"), time=format_time(due.closes_at)
        )
    return ""


def card_detail(service: JournalService, card: Card) -> str:
    due = card.due
    if due.kind is DueKind.CONFIRM_SESSION:
        session = service.course.session(due.session_uid or due.key)
        planned = (
            tr("Planned for {when}: {kind}, {route}.").format(
                when=format_day_and_time(session.scheduled_at),
                kind=session.kind.label,
                route=session.route.label,
            )
            if session is not None
            else ""
        )
        return (
            planned + " " + tr("“Yes” opens its recall page, to write while it is fresh.")
        ).strip()
    if due.kind is DueKind.QUESTIONNAIRE:
        first = tr("Start with {first}; the next one waits here.").format(
            first=service.schedule.title_of(due)
        )
        if due.session_uid:  # anchored to a session: before a booster, or a week after one
            first = (
                tr("For the session of {date} ({window}).").format(
                    date=service.schedule.session_dates(due), window=tr(due.label)
                )
                + " "
                + first
            )
        return first
    parts = []
    if due.session_uid:
        dates = service.schedule.session_dates(due)
        parts.append(
            tr("For the sessions of {dates}: one page for both.").format(dates=dates)
            if due.merged
            else tr("For the session of {date} ({window}).").format(date=dates, window=due.label)
            if due.label
            else tr("For the session of {date}.").format(date=dates)
        )
    parts.append(when_text(due))
    return " ".join(p for p in parts if p)


class DueCard(QFrame):
    """Emits `start(card)` or `skip(card)`; a session to confirm can also emit `moved(card)`."""

    start = Signal(object)
    skip = Signal(object)
    moved = Signal(object)

    def __init__(
        self, service: JournalService, card: Card, index: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.card = card
        title = card_title(service, card)
        named(self, f"dueCard{index}", title)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = SpokenLabel(f"dueTitle{index}", tr("To do"), title)
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.detail = SpokenLabel(f"dueDetail{index}", tr("Details"), card_detail(service, card))
        self.detail.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        row = QWidget()
        buttons = FlowLayout(row)  # large text in a narrow window: the buttons wrap
        buttons.setSpacing(design.space(2))
        due = card.due
        if due.kind is DueKind.CONFIRM_SESSION:
            go, no = tr("Yes, it happened"), tr("It did not happen")
        elif due.kind is DueKind.QUESTIONNAIRE:
            go, no = (
                tr("Start {name}").format(name=service.schedule.title_of(due)),
                tr("Not this time"),
            )
        else:
            go, no = tr("Write now"), tr("Not this time")
        self.go = named(QPushButton(go), f"dueStart{index}", f"{go}: {title}")
        self.go.setDefault(index == 0)
        self.no = named(QPushButton(no), f"dueSkip{index}", f"{no}: {title}")
        self.no.setFlat(True)
        self.go.clicked.connect(lambda: self.start.emit(self.card))
        self.no.clicked.connect(lambda: self.skip.emit(self.card))
        buttons.addWidget(self.go)
        self.moved_button: QPushButton | None = None
        if due.kind is DueKind.CONFIRM_SESSION:  # moved, not missed: give it its new date
            moved = tr("It was moved: change the date…")
            self.moved_button = named(QPushButton(moved), f"dueMoved{index}", moved.rstrip("…"))
            self.moved_button.clicked.connect(lambda: self.moved.emit(self.card))
            buttons.addWidget(self.moved_button)
        buttons.addWidget(self.no)
        layout.addWidget(row)
