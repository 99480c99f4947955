"""Today: a few cards of what is open now, a quick check-in, the next session, and a safety
banner. Older open items wait behind a count; what opens soon is listed, quietly."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Acknowledged
from kapjournal.export.render import escape
from kapjournal.i18n import format_date, format_day_and_time, format_time, trn
from kapjournal.prompts.agenda import Agenda, Card
from kapjournal.prompts.model import ItemType
from kapjournal.prompts.schedule import DueKind
from kapjournal.services.journal import JournalService
from kapjournal.ui import design
from kapjournal.ui.panes.chips import ChipScale
from kapjournal.ui.panes.due_card import DueCard, card_title, when_text
from kapjournal.ui.panes.goal_card import GoalCard
from kapjournal.ui.widgets import ASSERTIVE, POLITE, SpokenLabel, named, tr


class TodayPane(QScrollArea):
    """Emits `due_chosen(due)` (a session said to have happened too), `crisis_requested()`,
    `checked_in()`, `free_entry_requested()`, `goals_requested()` and
    `session_moved(session_uid)` (to give it a new date)."""

    due_chosen = Signal(object)
    session_moved = Signal(str)
    crisis_requested = Signal()
    checked_in = Signal()
    free_entry_requested = Signal()
    goals_requested = Signal()

    def __init__(self, service: JournalService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "todayPane", tr("Today"))
        self.service = service
        self.cards: list[DueCard] = []
        self._skipped: Card | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page.setObjectName("todayPage")
        self.setWidget(page)
        layout = QVBoxLayout(page)
        layout.setSpacing(design.space(3))
        layout.addWidget(self._safety_banner())
        # Several days of very low mood: support, quieter than the safety banner.
        self.support = SpokenLabel("supportText", tr("A note for you"), announce=POLITE)
        self.support.setWordWrap(True)
        self.support.hide()
        layout.addWidget(self.support)
        self.day = design.title(SpokenLabel("todayHeading", tr("Today"), tr("Today")))
        self.day.setWordWrap(True)
        layout.addWidget(self.day)
        # The check-in first: thirty seconds, and the one thing asked every day.
        layout.addWidget(
            design.section(SpokenLabel("checkInHeading", tr("Heading"), tr("Quick check-in")))
        )
        self.check_in_box = self._quick_check_in()
        layout.addWidget(self.check_in_box)
        self.goal_card = GoalCard(service.goals)
        self.goal_card.edit_requested.connect(self.goals_requested)
        layout.addWidget(self.goal_card)
        layout.addSpacing(design.space(3))
        layout.addWidget(design.section(SpokenLabel("openHeading", tr("Heading"), tr("To do now"))))
        self.empty = SpokenLabel("nothingOpen", tr("Nothing open"))
        self.empty.setWordWrap(True)
        self.free_entry = named(
            QPushButton(tr("Write a &free entry")), "todayFreeEntry", tr("Write a free entry")
        )
        self.free_entry.clicked.connect(self.free_entry_requested)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.empty, 1)
        empty_row.addWidget(self.free_entry, alignment=Qt.AlignmentFlag.AlignTop)
        layout.addLayout(empty_row)
        self.card_box = QVBoxLayout()
        layout.addLayout(self.card_box)
        self.undo_bar = QWidget()
        self.undo_bar.setObjectName("undoBar")
        undo = QHBoxLayout(self.undo_bar)
        undo.setContentsMargins(0, 0, 0, 0)
        self.undo_text = SpokenLabel("undoText", tr("Skipped"), announce=POLITE)
        self.undo_text.setWordWrap(True)
        self.undo_button = named(QPushButton(tr("&Undo")), "undoSkip", tr("Undo"))
        self.undo_button.clicked.connect(self.undo_skip)
        undo.addWidget(self.undo_text, 1)
        undo.addWidget(self.undo_button)
        self.undo_bar.hide()
        layout.addWidget(self.undo_bar)
        self.older_toggle = named(QPushButton(), "olderToggle", tr("Older open items"))
        self.older_toggle.setCheckable(True)
        self.older_toggle.setFlat(True)
        self.older_toggle.toggled.connect(self._show_older)
        layout.addWidget(self.older_toggle, alignment=Qt.AlignmentFlag.AlignLeft)
        self.older_box = QVBoxLayout()
        layout.addLayout(self.older_box)
        layout.addSpacing(design.space(3))
        layout.addWidget(
            design.section(SpokenLabel("comingHeading", tr("Heading"), tr("Coming up")))
        )
        self.next_session = SpokenLabel("nextSession", tr("Next session"), rich=True)
        self.next_session.setWordWrap(True)
        layout.addWidget(self.next_session)
        self.coming = SpokenLabel("comingUp", tr("Coming up"), rich=True)
        self.coming.setWordWrap(True)
        layout.addWidget(self.coming)
        layout.addStretch(1)

    def _safety_banner(self) -> QWidget:
        self.banner = QWidget()
        self.banner.setObjectName("safetyBanner")
        banner = QHBoxLayout(self.banner)
        self.banner_text = SpokenLabel(
            "safetyBannerText", tr("Safety notice"), announce=ASSERTIVE, rich=True
        )
        self.banner_text.setWordWrap(True)
        help_button = named(
            QPushButton(tr("Crisis &resources")), "bannerCrisis", tr("Crisis resources")
        )
        help_button.clicked.connect(self.crisis_requested)
        banner.addWidget(self.banner_text, 1)
        side = QVBoxLayout()
        side.addWidget(help_button)
        # Acknowledging ends the banner and restarts the count of repeats (alarm fatigue);
        # the flag itself stays in the history and the report.
        for reason in Acknowledged:
            button = named(
                QPushButton(reason.label),
                f"acknowledge_{reason.value}",
                reason.label,
                tr("The banner ends; the flag stays in your journal and your therapist's report."),
            )
            button.clicked.connect(lambda _=False, r=reason: self.acknowledge(r))
            side.addWidget(button)
        banner.addLayout(side)
        self.banner.setStyleSheet(
            "#safetyBanner { border: 2px solid palette(highlight); border-radius: 6px; }"
        )
        return self.banner

    def _quick_check_in(self) -> QFrame:
        box = named(QFrame(), "quickCheckIn", tr("Quick check-in"))
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)
        layout.setSpacing(design.space(2))
        template = self.service.check_ins.check_in_template()
        self.scales: list[ChipScale] = []
        self.line_item = None
        line_row = QHBoxLayout()
        if template is not None:
            for item in template.items:
                if item.type is ItemType.SCALE:
                    scale = ChipScale(item, f"checkin_{item.id}")
                    self.scales.append(scale)
                    layout.addWidget(scale)
                elif self.line_item is None:
                    self.line_item = item
                    self.line = named(QLineEdit(), f"checkin_{item.id}", item.prompt)
                    self.line.returnPressed.connect(self.save_check_in)
                    label = SpokenLabel("checkInLineLabel", tr("Question"), item.prompt)
                    label.setBuddy(self.line)
                    line_row.addWidget(label)
                    line_row.addWidget(self.line, 1)
        self.check_in_button = named(
            QPushButton(tr("Save &check-in")), "saveCheckIn", tr("Save check-in")
        )
        self.check_in_button.clicked.connect(self.save_check_in)
        line_row.addWidget(self.check_in_button)
        layout.addLayout(line_row)
        self.check_in_status = SpokenLabel("checkInStatus", tr("Check-in status"), announce=POLITE)
        self.check_in_status.setWordWrap(True)
        layout.addWidget(self.check_in_status)
        return box

    def focus_check_in(self) -> None:
        self.ensureWidgetVisible(self.check_in_box)
        first = self.scales[0] if self.scales else getattr(self, "line", None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_check_in(self) -> None:
        numbers = {w.item.id: w.number() for w in self.scales}
        text = self.line.text() if self.line_item is not None else ""
        entry = self.service.check_ins.save_check_in(numbers, text)
        if entry is None:
            self.check_in_status.setText(tr("Pick a number or write a line first."))
            return
        self._reset_check_in()
        self.checked_in.emit()
        self.refresh()

    def refresh(self) -> None:
        self.day.setText(tr("Today, {date}").format(date=format_date(self.service.clock(), "full")))
        self._refresh_banner()
        nxt = self.service.schedule.next_session()
        self.next_session.setText(
            tr("<b>Next session:</b> {when}, {kind}, {route}").format(
                when=escape(format_day_and_time(nxt.scheduled_at)),
                kind=escape(nxt.kind.label),
                route=escape(nxt.route.label),
            )
            if nxt
            else tr("No session planned. Add one under Sessions.")
        )
        self.goal_card.refresh()
        agenda = self.service.schedule.agenda()
        self._show_cards(agenda)
        self.coming.setText(
            "<br>".join(
                escape(f"{when_text(d)} · {self.service.schedule.title_of(d)}")
                for d in agenda.coming
            )
            or tr("Nothing else in the next two days.")
        )
        done = self.service.schedule.checked_in_today()
        self.check_in_status.setText(
            tr("Checked in today at {time}. Check in again whenever you like.").format(
                time=format_time(done.created_at)
            )
            if done
            else tr("Not yet today.")
        )

    def acknowledge(self, reason: Acknowledged) -> None:
        self.service.safety.acknowledge_flags(reason)
        self._refresh_banner()
        self.support.setText(tr("Noted: {reason}. Crisis help stays one button away.").format(
            reason=reason.label))  # fmt: skip
        self.support.setVisible(True)

    def _refresh_banner(self) -> None:
        support = self.service.check_ins.support_sentence()
        self.support.setText(support or "")
        self.support.setVisible(support is not None)
        notice = self.service.safety.safety_notice()
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
                    date=escape(format_date(notice.when)), said=said
                )
                + " "
                + tr("If that is still true, please reach out now.")
            )

    def _show_cards(self, agenda: Agenda) -> None:
        focused = self.focusWidget()
        had_focus = focused is not None and any(c.isAncestorOf(focused) for c in self.cards)
        self._drop_cards()
        for box, cards in ((self.card_box, agenda.now), (self.older_box, agenda.older)):
            for item in cards:
                widget = DueCard(self.service, item, len(self.cards))
                widget.start.connect(lambda c: self.due_chosen.emit(c.due))
                widget.moved.connect(
                    lambda c: self.session_moved.emit(c.due.session_uid or c.due.key)
                )
                widget.skip.connect(self.skip)
                box.addWidget(widget)
                widget.setVisible(box is self.card_box or self.older_toggle.isChecked())
                self.cards.append(widget)
        self.empty.setText(
            "" if agenda.now else tr("Nothing needs you right now. A free entry is always welcome.")
        )
        self.empty.setVisible(not agenda.now)
        self.free_entry.setVisible(not agenda.now)
        n = len(agenda.older)
        self.older_toggle.setVisible(bool(n))
        arrow = "▾" if self.older_toggle.isChecked() else "▸"
        label = trn("{n} older open item", "{n} older open items", n).format(n=n)
        self.older_toggle.setText(f"{arrow} {label}")
        self.older_toggle.setAccessibleName(label)
        if had_focus and self.cards:
            self.cards[0].go.setFocus()

    def _show_older(self, shown: bool) -> None:
        for card in self.cards:
            if self.older_box.indexOf(card) >= 0:
                card.setVisible(shown)
        text = self.older_toggle.text()
        self.older_toggle.setText(("▾" if shown else "▸") + text[1:])

    def skip(self, card: Card) -> None:
        """ "Not this time": the card goes, and can come back with Undo."""
        self.service.schedule.dismiss(card.items)
        self._skipped = card
        if card.due.kind is DueKind.CONFIRM_SESSION:
            said = tr("The session of {date} stays in your course as planned.").format(
                date=format_date(card.due.opens_at)
            )
        else:
            said = tr("Skipped: {title}.").format(title=card_title(self.service, card))
        self.undo_text.setText(said)
        self.undo_bar.show()
        self.refresh()
        self.undo_button.setFocus()

    def undo_skip(self) -> None:
        if self._skipped is not None:
            self.service.schedule.undo_dismiss(self._skipped.items)
            self._skipped = None
        self.undo_bar.hide()
        self.refresh()
        if self.cards:
            self.cards[0].go.setFocus()

    def _drop_cards(self) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []

    def clear(self) -> None:
        self._drop_cards()
        self.goal_card.clear()
        self._skipped = None
        self.undo_bar.hide()
        for label in (self.banner_text, self.support, self.next_session, self.coming,
                      self.check_in_status):  # fmt: skip
            label.clear()
        self.day.setText(tr("Today"))
        self._reset_check_in()

    def _reset_check_in(self) -> None:
        for w in self.scales:
            w.set_number(None)
        if self.line_item is not None:
            self.line.clear()
