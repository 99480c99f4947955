"""The top and the foot of an entry's page: what the page is, its guidance, and a way out.

One plain title names the page ("Recall - the session of Nov 19"); the pack's guidance reads as
text on the window, not as a box to type in; "Done for now - it's saved" saves and leaves."""

from __future__ import annotations

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Entry, Phase
from kapjournal.i18n import N_, format_date, format_day_and_time, format_skeleton
from kapjournal.prompts.model import ItemType, Template
from kapjournal.services.journal import JournalService
from kapjournal.ui import design
from kapjournal.ui.panes.answer_head import LockToggle, header
from kapjournal.ui.panes.items import PRIVATE_KEY, MarkdownEditor, by_key
from kapjournal.ui.widgets import MarkdownView, SpokenLabel, icon_button, named, rich, tr

PAGE_NAMES = {
    Phase.PREPARATION: N_("Preparation"),
    Phase.RECALL: N_("Recall"),
    Phase.INTEGRATION: N_("Integration"),
}


def is_questionnaire(template: Template | None) -> bool:
    """A page that is only a questionnaire: its title is the instrument's, and it has no tags."""
    return template is not None and any(i.type is ItemType.QUESTIONNAIRE for i in template.items)


def page_title(service: JournalService, entry: Entry, template: Template | None) -> str:
    if template is None:
        return tr("Journal entry")
    name = tr(PAGE_NAMES[template.phase]) if template.phase in PAGE_NAMES else template.title
    session = service.course.session(entry.session_uid) if entry.session_uid else None
    if session is None:
        return name
    return tr("{page} - the session of {date}").format(
        page=name, date=format_skeleton(session.scheduled_at, "MMMd")
    )


def title_label(text: str) -> SpokenLabel:
    label = design.title(SpokenLabel("pageTitle", tr("Page"), text))
    label.setWordWrap(True)
    return label


def guidance(template: Template) -> MarkdownView:
    """The pack's introduction, drawn on the window like any text (no frame, no field colour)
    so nobody mistakes it for a place to write."""
    intro = MarkdownView("templateIntro", tr("About this page"))
    intro.setFrameShape(QFrame.Shape.NoFrame)
    intro.viewport().setAutoFillBackground(False)
    intro.setBackgroundRole(QPalette.ColorRole.Window)
    palette = intro.palette()
    palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
    palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.WindowText))
    intro.setPalette(palette)
    intro.document().setDocumentMargin(0)  # flush with the title and the questions
    intro.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    most = intro.fontMetrics().lineSpacing() * 5  # a long introduction scrolls

    def fit(size: QSizeF) -> None:  # as tall as its text: no empty band under one line
        intro.setFixedHeight(min(most, round(size.height()) + 2 * intro.frameWidth() + 2))

    layout = intro.document().documentLayout()
    if layout is not None:
        layout.documentSizeChanged.connect(fit)
    intro.set_markdown_text(template.intro)
    return intro


def own_text(entry: Entry, font_size: int) -> tuple[QWidget, MarkdownEditor, LockToggle]:
    """The entry's own text ("Anything else" under a guided page's answers), with its preview
    and its lock in its header like every answer."""
    label = rich(QLabel(tr("<b>Anything else</b>") if entry.answers else tr("<b>Entry</b>")))
    head, row = header(label)
    body = MarkdownEditor("entryBody", tr("Entry text"))
    body.set_text(entry.body)
    body.set_font_size(font_size)
    label.setBuddy(body.edit)
    lock = named(LockToggle(), "entryBody_private", tr("Keep this text private"))
    lock.setChecked(entry.body_private)
    by_key(lock, PRIVATE_KEY)
    row.addWidget(body.toggle, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(lock, 0, Qt.AlignmentFlag.AlignTop)
    return head, body, lock


def done_button() -> tuple[QWidget, QPushButton]:
    """ "Done for now - it's saved": the page is saved as it is typed; this says so and leaves."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, design.space(4), 0, 0)
    button = icon_button(
        "check",
        tr("&Done for now - it's saved"),
        "editorDone",
        tr("Done for now - it's saved"),
        tr("Saves this page and goes back to Today; you can come back to it at any time."),
    )
    layout.addStretch(1)
    layout.addWidget(button)
    return row, button


def when_text(service: JournalService, entry: Entry) -> str:
    text = tr("Written {when}").format(when=format_day_and_time(entry.created_at))
    if entry.session_uid:
        s = service.course.session(entry.session_uid)
        if s is not None:
            text += tr(" · for the session on {when}").format(when=format_date(s.scheduled_at))
    return text


def names_at_the_end(layout: QVBoxLayout, names: QFormLayout, questionnaire: bool) -> None:
    """A guided page is named by its title; a name and tags of one's own are optional, at the
    end. A questionnaire is named by its instrument and has no tags: the fields stay hidden."""
    if questionnaire:
        for row in range(names.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = names.itemAt(row, role)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
    else:
        layout.addWidget(design.section(QLabel(tr("Title and tags (optional)"))))
    layout.addLayout(names)
