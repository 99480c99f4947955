"""Crisis resources: reachable from Help at all times, and shown at once on a safety flag.

After a flag, a graded response: "I'm safe right now", "I want to reach someone now", "Open
my safety plan", "Draft a message to my therapist" (copied to the clipboard; nothing is ever
sent). A repeat of the same flag within days leads with a shorter sentence, to avoid alarm
fatigue, but the numbers and the plain truth about the journal stay the same."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.crisis import CrisisNumbers, numbers, where_from
from kapjournal.domain import Entry
from kapjournal.export.render import escape
from kapjournal.i18n import format_date
from kapjournal.settings import Settings

if TYPE_CHECKING:
    from kapjournal.services.journal import JournalService
    from kapjournal.ui.main_window import MainWindow

from kapjournal.ui.widgets import (
    ASSERTIVE,
    MarkdownView,
    SpokenLabel,
    heading,
    named,
    tr,
)


def crisis_text(n: CrisisNumbers, reason: str = "", repeat: bool = False) -> str:
    parts = []
    if reason and repeat:
        parts.append(
            "<p><b>"
            + escape(tr("This came up again. You do not have to carry it alone."))
            + "</b></p>"
        )
    elif reason:
        parts.append(f"<p><b>{escape(reason)}</b></p>")
    line = n.line or tr("(not set: add your local crisis line in Settings)")
    emergency = n.emergency or tr("(not set: add your local emergency number in Settings)")
    parts.append(
        "<h2>" + tr("If you are in danger or thinking of ending your life") + "</h2>"
        "<ul>"
        + "<li>"
        + tr("Crisis line")
        + f": <b>{escape(line)}</b></li><li>"
        + tr("Emergency services")
        + f": <b>{escape(emergency)}</b></li><li>"
        + tr("Or go to the nearest emergency department, or call someone you trust.")
        + "</li></ul>"
        "<p><b>"
        + tr("Nobody monitors this journal.")
        + "</b> "
        + tr(
            "What you write here stays on this computer, so the app cannot get help for you. "
            "Please reach out to a person."
        )
        + "</p>"
        "<p>" + escape(where_from(n)) + "</p>"
    )
    return "".join(parts)


def safety_plan_markdown(plan: Entry) -> str:
    lines = ["## " + tr("My safety plan")]
    for a in plan.answers:
        if a.text.strip():
            lines += [f"**{a.prompt}**", "", a.text.strip(), ""]
    return "\n".join(lines)


def therapist_draft(when: datetime) -> str:
    """A message the patient can paste into their usual way of reaching their therapist."""
    return tr(
        "Hello,\n\nI wanted to let you know that on {date} I had thoughts that worried me "
        "(my journal raised a safety flag). I would like to talk about it soon. Could you "
        "contact me?\n\nThank you."
    ).format(date=format_date(when.date(), "long"))


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
        layout = QVBoxLayout(self)
        text = SpokenLabel(
            "crisisText",
            tr("Crisis resources"),
            crisis_text(self.numbers, reason, repeat),
            rich=True,
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(text)
        self.plan: MarkdownView | None = None
        if safety_plan is not None and any(a.text.strip() for a in safety_plan.answers):
            self.plan = MarkdownView("crisisSafetyPlan", tr("My safety plan"), self)
            self.plan.set_markdown_text(safety_plan_markdown(safety_plan))
            layout.addWidget(self.plan, 1)
        layout.addWidget(self._responses(bool(reason), journal_open))
        self.reply = SpokenLabel("crisisReply", tr("Crisis help"), announce=ASSERTIVE, rich=True)
        self.reply.setWordWrap(True)
        layout.addWidget(self.reply)
        self.draft = named(QPlainTextEdit(), "therapistDraft", tr("Message to your therapist"))
        self.draft.setReadOnly(True)
        self.draft.hide()
        layout.addWidget(self.draft)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "crisisClose", tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _responses(self, flagged: bool, journal_open: bool) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        ask = heading(SpokenLabel("crisisAsk", tr("Heading"), tr("What would help right now?")))
        grid.addWidget(ask, 0, 0, 1, 2)
        choices = [
            ("crisisSafe", tr("I'm &safe right now"), self.safe_now, flagged),
            ("crisisReach", tr("I want to &reach someone now"), self.reach_someone, True),
            ("crisisPlan", tr("Open my safety &plan"), self.open_plan, journal_open),
            ("crisisDraft", tr("&Draft a message to my therapist"), self.draft_message, True),
        ]
        shown = [c for c in choices if c[3]]
        for n, (name, text, slot, _on) in enumerate(shown):
            button = named(QPushButton(text), name, text.replace("&", ""))
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            grid.addWidget(button, 1 + n // 2, n % 2)
        return box

    def safe_now(self) -> None:
        self.reply.setText(
            tr(
                "Thank you for saying so. If that changes, these numbers are here at any time "
                "under Help (F1), even while the journal is locked."
            )
        )

    def reach_someone(self) -> None:
        n = self.numbers
        if not n.line and not n.emergency:
            self.reply.setText(
                tr("Please call your local emergency number, or someone you trust, now.")
            )
            return
        lines = [f"<span style='font-size:x-large'><b>{escape(x)}</b></span>"
                 for x in (n.line, n.emergency) if x]  # fmt: skip
        self.reply.setText(
            "<br>".join(lines)
            + "<br>"
            + escape(
                tr(
                    "Call from your phone now. If you cannot, ask someone near you to call "
                    "with you or for you."
                )
            )
        )

    def open_plan(self) -> None:
        if self.plan is not None:
            self.plan.setFocus()
            self.reply.setText(tr("Your safety plan is above."))
            return
        self.reply.setText(
            tr(
                "You have no safety plan yet. It helps to write one with your therapist; the "
                "page is under Journal, My safety plan."
            )
        )
        self.safety_plan_requested.emit()

    def draft_message(self) -> None:
        from kapjournal.ui.clipboard import copy_text

        text = therapist_draft(self.now)
        self.draft.setPlainText(text)
        self.draft.show()
        copy_text(text)  # marked: clipboard managers keep no history of it
        self.reply.setText(
            tr(
                "Copied. Paste it into your usual way of contacting your therapist; kapjournal "
                "sends nothing."
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
