"""Crisis resources: reachable from Help at all times, and shown at once on a safety flag.

Read top to bottom: an acknowledgement ("Thank you for answering honestly." after a flag, a
calm opening otherwise), the country's numbers as the largest text, the main action "I want to
reach someone now" (the patient's own people from their safety plan first, then the numbers),
the other choices ("I'm safe right now", "Open my safety plan", "Draft a message to my
therapist", copied to the clipboard; nothing is ever sent), and last the plain truth that
nobody monitors the journal and where the numbers come from. A repeat of the same flag within
days leads with a shorter sentence, to avoid alarm fatigue; everything else stays the same."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kapjournal.crisis import CrisisNumbers, numbers, plan_contacts, where_from
from kapjournal.domain import Entry
from kapjournal.export.render import escape
from kapjournal.i18n import format_date
from kapjournal.settings import Settings
from kapjournal.ui import design

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.ui.main_window import MainWindow

from kapjournal.ui.widgets import (
    ASSERTIVE,
    MarkdownView,
    SpokenLabel,
    emphasised,
    icon_button,
    named,
    tr,
)


def acknowledgement(reason: str = "", repeat: bool = False) -> str:
    """The first words: thanks for an honest answer after a flag (shorter for a repeat), a
    calm opening when the patient came here themselves."""
    if reason and repeat:
        return (
            "<p><b>"
            + escape(tr("This came up again. You do not have to carry it alone."))
            + "</b></p>"
        )
    if reason:
        return (
            "<p><b>" + escape(tr("Thank you for answering honestly.")) + "</b></p>"
            f"<p>{escape(reason)}</p>"
        )
    return "<p><b>" + escape(tr("You reached out. Here is who you can contact now.")) + "</b></p>"


NORMAL = "style='font-weight:normal'"  # in the numbers' bold title font: only a number is bold


def _number_lines(n: CrisisNumbers) -> list[str]:
    """Each number with its label; one not set says how to add it."""
    out = []
    for label, value, missing in (
        (tr("Crisis line"), n.line, tr("(not set: add your local crisis line in Settings)")),
        (
            tr("Emergency services"),
            n.emergency,
            tr("(not set: add your local emergency number in Settings)"),
        ),
    ):
        said = f"<b>{escape(value)}</b>" if value else f"<span {NORMAL}>{escape(missing)}</span>"
        out.append(f"<span {NORMAL}>{escape(label)}:</span> {said}")
    return out


def numbers_text(n: CrisisNumbers) -> str:
    """The country's numbers, labelled, one a line (the label's font makes them large)."""
    return "<br>".join(_number_lines(n))


def plain_truth() -> str:
    return (
        "<p><b>"
        + escape(tr("Nobody monitors this journal."))
        + "</b> "
        + escape(
            tr(
                "What you write here stays on this computer, so the app cannot get help for "
                "you. Please reach out to a person."
            )
        )
        + "</p>"
    )


def reach_text(n: CrisisNumbers, contacts: list[tuple[str, list[str]]]) -> str:
    """Who to reach now: the patient's own people first, then the numbers."""
    parts = []
    if contacts:
        parts.append("<p><b>" + escape(tr("From your safety plan")) + "</b></p>")
        for prompt, lines in contacts:
            people = "<br>".join(f"<span style='font-size:large'>{escape(x)}</span>" for x in lines)
            parts.append(f"<p>{escape(prompt)}:<br>{people}</p>")
    if n.line or n.emergency:
        lines = [f"<span style='font-size:large'>{x}</span>" for x in _number_lines(n)]
        parts.append("<p>" + "<br>".join(lines) + "</p>")
        parts.append(
            "<p>"
            + escape(
                tr(
                    "Call from your phone now. If you cannot, ask someone near you to call "
                    "with you or for you."
                )
            )
            + "</p>"
        )
    else:
        parts.append(
            "<p>"
            + escape(tr("Please call your local emergency number, or someone you trust, now."))
            + "</p>"
        )
    parts.append(
        "<p>"
        + escape(tr("Or go to the nearest emergency department, or call someone you trust."))
        + "</p>"
    )
    return "".join(parts)


def safety_plan_markdown(plan: Entry) -> str:
    lines = ["## " + tr("My safety plan")]
    for a in plan.answers:
        if a.text.strip():
            lines += [f"**{a.prompt}**", "", "  \n".join(a.text.strip().splitlines()), ""]
    return "\n".join(lines)


def therapist_draft(when: datetime) -> str:
    """A message the patient can paste into their usual way of reaching their therapist."""
    return tr(
        "Hello,\n\nI wanted to let you know that on {date} I had thoughts that worried me "
        "(my journal raised a safety flag). I would like to talk about it soon. Could you "
        "contact me?\n\nThank you."
    ).format(date=format_date(when.date(), "long"))


class MainAction(QPushButton):
    """The screen's one main action: larger, filled with the theme's accent (AA text on it);
    its colours follow a change of theme. Make it the dialog's default once it is in it."""

    def __init__(self, text: str, icon: str) -> None:
        super().__init__(text)
        self._icon = icon
        emphasised(self, design.SECTION)
        self.setMinimumHeight(round(design.target() * 1.6))
        self._colour()

    def _colour(self) -> None:
        palette = QPalette()  # the application's, for the theme in use
        text = design.on_accent(palette)
        palette.setColor(QPalette.ColorRole.Button, design.accent(palette))
        palette.setColor(QPalette.ColorRole.ButtonText, text)
        self.setPalette(palette)
        self.setIcon(design.icon(self._icon, text))
        self.setIconSize(design.icon_size())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._colour()


class _Mark(QLabel):
    """An icon beside text, as large as that text, redrawn when the theme changes."""

    def __init__(self, icon: str, scale: float) -> None:
        super().__init__()
        self._icon, self._scale = icon, scale
        self._draw()

    def _draw(self) -> None:
        side = round(design.icon_size().height() * self._scale)
        self.setPixmap(design.icon(self._icon).pixmap(side, side))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._draw()


class CrisisDialog(QDialog):
    """Emits `safety_plan_requested` when the patient asks to write a safety plan."""

    safety_plan_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        reason: str = "",
        safety_plan: Entry | None = None,
        repeat: bool = False,
        journal_open: bool = False,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "crisisDialog", tr("Crisis resources"))
        self.setWindowTitle(tr("Help right now"))
        self.setMinimumWidth(560)
        self.now = now or datetime.now().astimezone()
        self.numbers = numbers(settings)
        self.contacts = plan_contacts(safety_plan)
        # Everything but Close scrolls, so large text on a small screen hides nothing.
        self.body = QWidget()
        self.column = layout = QVBoxLayout(self.body)
        layout.setSpacing(design.space(3))
        self.pane = QScrollArea()
        self.pane.setWidgetResizable(True)
        self.pane.setFrameShape(QFrame.Shape.NoFrame)
        self.pane.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pane.setWidget(self.body)
        # 1. The acknowledgement, also the dialog's description, spoken as it opens.
        self.ack = self._text("crisisAck", tr("Crisis help"), acknowledgement(reason, repeat))
        self.setAccessibleDescription(self.ack.accessibleName())
        layout.addWidget(self.ack)
        # 2. The numbers, the largest text, selectable; focus starts here.
        self.text = self._text("crisisText", tr("Crisis resources"), numbers_text(self.numbers))
        design.title(self.text)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addLayout(self._with_icon("phone", self.text))
        # 3. The main action, then 4. the other choices.
        reach = tr("I want to &reach someone now")
        self.reach = named(MainAction(reach, "life-buoy"), "crisisReach", reach.replace("&", ""))
        self.reach.clicked.connect(self.reach_someone)
        layout.addSpacing(design.space(2))
        layout.addWidget(self.reach)
        layout.addWidget(self._choices(bool(reason), journal_open))
        self.reply = SpokenLabel("crisisReply", tr("Crisis help"), announce=ASSERTIVE, rich=True)
        self.reply.setWordWrap(True)
        self.reply.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reply.hide()  # until a choice is made
        layout.addWidget(self.reply)
        self.draft = named(QPlainTextEdit(), "therapistDraft", tr("Message to your therapist"))
        self.draft.setReadOnly(True)
        self.draft.hide()
        layout.addWidget(self.draft)
        self.plan: MarkdownView | None = None
        if safety_plan is not None and any(a.text.strip() for a in safety_plan.answers):
            self.plan = MarkdownView("crisisSafetyPlan", tr("My safety plan"), self)
            self.plan.set_markdown_text(safety_plan_markdown(safety_plan))
            self.plan.setMinimumHeight(design.line_height() * 12)
            self.plan.hide()  # shown when asked for: the numbers and choices come first
            layout.addWidget(self.plan)
        # 5. The plain truth, and where the numbers come from.
        layout.addWidget(self._text("crisisTruth", tr("About this journal"), plain_truth()))
        source = self._text("crisisSource", tr("Where the numbers come from"), "")
        source.setText(escape(where_from(self.numbers)))
        layout.addWidget(design.caption(source))
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "crisisClose", tr("Close"))
        close.setIcon(QIcon())  # the platform's icon keeps one colour whatever the theme
        self.buttons.rejected.connect(self.reject)
        self.outer = outer = QVBoxLayout(self)
        outer.addWidget(self.pane, 1)
        outer.addWidget(self.buttons)
        self.reach.setDefault(True)  # once in the dialog, so the dialog keeps it as its main one
        self.text.setFocus()
        self._fit()

    def sizeHint(self) -> QSize:
        """A reading line wide and as tall as what it shows, within the screen (the rest
        scrolls)."""
        free = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        margins = self.outer.contentsMargins()
        edge = margins.left() + margins.right() + self.pane.verticalScrollBar().sizeHint().width()
        width = min(max(self.minimumWidth(), design.text_column(self) + edge), free.width())
        width = max(width, self.width()) if self.isVisible() else width
        height = self.column.totalHeightForWidth(width - edge)
        height += self.buttons.sizeHint().height() + margins.top() + margins.bottom()
        height += self.outer.spacing()
        return QSize(width, min(height, round(free.height() * 0.9)))

    def _fit(self) -> None:
        """Grow to show what was added, never shrink, and stay on the screen."""
        self.resize(self.sizeHint().expandedTo(self.size() if self.isVisible() else QSize()))
        free = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        if self.isVisible() and self.frameGeometry().bottom() > free.bottom():
            self.move(self.x(), max(free.top(), free.bottom() - self.frameGeometry().height()))

    @staticmethod
    def _text(name: str, role: str, text: str) -> SpokenLabel:
        label = SpokenLabel(name, role, text, rich=True)
        label.setWordWrap(True)
        return label

    @staticmethod
    def _with_icon(icon: str, label: QLabel) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(design.space(3))
        row.addWidget(_Mark(icon, design.TITLE), 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        return row

    def _choices(self, flagged: bool, journal_open: bool) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        choices = [
            ("crisisSafe", tr("I'm &safe right now"), "circle-check", self.safe_now),
            ("crisisPlan", tr("Open my safety &plan"), "clipboard-list", self.open_plan),
            ("crisisDraft", tr("&Draft a message to my therapist"), "message-circle",
             self.draft_message),
        ]  # fmt: skip
        on = {"crisisSafe": flagged, "crisisPlan": journal_open, "crisisDraft": True}
        shown = [c for c in choices if on[c[0]]]
        for n, (name, text, icon, slot) in enumerate(shown):
            button = icon_button(icon, text, name, text.replace("&", ""))
            button.clicked.connect(slot)
            grid.addWidget(button, n // 2, n % 2)
        return box

    def _say(self, html: str) -> None:
        """The answer to a choice, under the choices (the app's markup, values escaped)."""
        self.reply.setText(html)
        self.reply.show()
        self.column.activate()
        self._fit()
        self.pane.ensureWidgetVisible(self.reply)

    def safe_now(self) -> None:
        self._say(
            escape(
                tr(
                    "Thank you for saying so. If that changes, these numbers are here at any "
                    "time under Help (F1), even while the journal is locked."
                )
            )
        )

    def reach_someone(self) -> None:
        self._say(reach_text(self.numbers, self.contacts))

    def open_plan(self) -> None:
        if self.plan is not None:
            self.plan.show()
            self._say(escape(tr("Your safety plan is below.")))
            self.pane.ensureWidgetVisible(self.plan)
            self.plan.setFocus()
            return
        self._say(
            escape(
                tr(
                    "You have no safety plan yet. It helps to write one with your therapist; "
                    "the page is under Journal, My safety plan."
                )
            )
        )
        self.safety_plan_requested.emit()

    def draft_message(self) -> None:
        from kapjournal.ui.clipboard import copy_text

        text = therapist_draft(self.now)
        self.draft.setPlainText(text)
        self.draft.show()
        self.pane.ensureWidgetVisible(self.draft)
        copy_text(text)  # marked: clipboard managers keep no history of it
        self._say(
            escape(
                tr(
                    "Copied. Paste it into your usual way of contacting your therapist; "
                    "kapjournal sends nothing."
                )
            )
        )


def crisis_dialog(
    settings: Settings,
    parent: QWidget | None,
    main: MainWindow | None,
    journal: JournalService | None,
    reason: str,
    repeat: bool,
    now: datetime,
) -> CrisisDialog:
    """Crisis help over the main window with the safety plan when the journal is open, or on
    its own (numbers only) when it is locked."""
    dialog = CrisisDialog(
        settings,
        parent,
        reason=reason,
        safety_plan=journal.safety_plan() if journal is not None else None,
        repeat=repeat,
        journal_open=main is not None,
        now=now,
    )
    if main is not None:
        dialog.safety_plan_requested.connect(main.open_safety_plan)
    return dialog
