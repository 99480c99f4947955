"""The guided editor: one entry, its template's items, and autosave that never loses typing.

Autosave runs about a second after the last change, on focus change, on entry switch, on lock
and on quit. Saving is one small committed transaction (a few milliseconds, measured in
benchmarks/bench_ui.py), so it runs on the UI thread and the entry is never shared with a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Answer, Entry, Phase
from kapjournal.errors import DiskFull, StorageError, VaultBusy
from kapjournal.prompts.model import Item, ItemType, Template
from kapjournal.services.attachments import AttachmentService
from kapjournal.services.journal import JournalService
from kapjournal.services.safety import QuestionnaireOutcome
from kapjournal.ui import design
from kapjournal.ui.design import caption
from kapjournal.ui.panes import page_head
from kapjournal.ui.panes.items import (
    PREVIEW_KEY,
    PRIVATE_KEY,
    WIDGETS,
    ItemWidget,
    MarkdownEditor,
)
from kapjournal.ui.panes.pictures import PictureStrip
from kapjournal.ui.panes.questionnaire import QuestionnaireItem
from kapjournal.ui.panes.voice import RECORD_KEY, VoiceNotes
from kapjournal.ui.widgets import ASSERTIVE, SpokenLabel, named, tr

W = TypeVar("W", bound=QWidget)
AUTOSAVE_MS = 1000  # after the last keystroke
RETRY_MS = 3000  # a save that could not go through, again
MAX_UNSAVED_MS = 3000  # and at the latest this long after the first unsaved one


class EditorPane(QWidget):
    """Shows one entry. `saved(entry)` after each save; `flagged(message, repeat)` on a
    safety flag."""

    saved = Signal(object)
    flagged = Signal(str, bool)
    finished = Signal()  # "Done for now": saved, and the patient wants to leave the page

    def __init__(
        self,
        service: JournalService,
        font_size: int = 0,
        parent: QWidget | None = None,
        attachments: AttachmentService | None = None,
        speech_models: Path | None = None,
        emergency_number: Callable[[], str] = str,
    ) -> None:
        super().__init__(parent)
        named(self, "editorPane", tr("Entry editor"))
        self.emergency_number = emergency_number  # the patient's country's, as set now
        self.service = service
        self.attachments = attachments
        self.speech_models = speech_models
        self.pictures: PictureStrip | None = None
        self.voice: VoiceNotes | None = None
        self.font_size = font_size
        self.entry: Entry | None = None
        self.dirty = False
        self.last_failure = ""
        self.item_widgets: list[ItemWidget] = []
        self.fired: set[str] = set()  # the open entry's item rules already met
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self._autosave)
        # Someone typing without pause never lets the debounce fire; this one is not restarted
        # by keystrokes, so a crash loses at most a few seconds of typing.
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.setInterval(MAX_UNSAVED_MS)
        self.deadline.timeout.connect(self._autosave)
        # A save that could not go through (another program writing, a full disk) is tried
        # again until it does; the words stay in the editor meanwhile.
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self._autosave)
        outer = QVBoxLayout(self)
        self.status = SpokenLabel("saveStatus", tr("Save status"))
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addWidget(self.status)
        # A gentler rule (a side effect rated strong): support, without the crisis screen.
        self.support_note = SpokenLabel("supportNote", tr("A note for you"), announce=ASSERTIVE)
        self.support_note.setWordWrap(True)
        self.support_note.setStyleSheet(
            "#supportNote { border: 2px solid palette(highlight); border-radius: 6px;"
            " padding: 6px; }"
        )
        self.support_note.hide()
        outer.addWidget(self.support_note)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setObjectName("editorScroll")
        outer.addWidget(self.scroller, 1)
        self.placeholder = QLabel(tr("Choose an entry, or start one from Today or Sessions."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.scroller.setWidget(self.placeholder)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        for key, slot in (
            (PREVIEW_KEY, self.toggle_preview),
            (PRIVATE_KEY, self.toggle_private),
            (RECORD_KEY, self.toggle_recording),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- keys inside an answer ---------------------------------------------------------------
    def _around_focus(self, kind: type[W]) -> W | None:
        w = QApplication.focusWidget()
        while w is not None and not isinstance(w, kind):
            w = w.parentWidget()
        return w

    def toggle_preview(self) -> None:
        """Show or leave the preview of the answer being written, and move focus with it."""
        editor = self._around_focus(MarkdownEditor)
        if editor is not None:
            editor.toggle.toggle()
            (editor.preview if editor.toggle.isChecked() else editor.edit).setFocus()

    def toggle_private(self) -> None:
        item = self._around_focus(ItemWidget)
        focus = QApplication.focusWidget()
        in_body = item is None and focus is not None and self.body.isAncestorOf(focus)
        lock = item.private if item is not None else self.body_lock if in_body else None
        if lock is None:
            return
        lock.toggle()
        said = (
            tr("Private: this answer is never exported.")
            if lock.isChecked()
            else tr("Not private: reports you make can include this answer.")
        )
        self.status.setText(said)
        self.status.say(said)  # routine saves are not announced; this change is

    def toggle_recording(self) -> None:
        if self.voice is not None:
            self.voice.toggle()
            self.voice.record.setFocus()

    def add_transcript(self, name: str, text: str) -> None:
        """A voice note's words at the end of the entry's text, marked as transcribed."""
        if self.entry is None:
            return
        said = tr("Written out from “{name}”:").format(name=name)
        body = self.body.text().rstrip()
        self.body.set_text(f"{body}\n\n*{said}* {text}".lstrip())
        self.mark_dirty()
        self.save_now()

    def recording(self) -> bool:
        """Speaking is not idle: the journal does not lock on idle time while recording."""
        return self.voice is not None and self.voice.recorder.is_recording()

    def finish_recording(self) -> None:
        """Keep a voice note still being recorded (before another entry, a lock or quit)."""
        if self.voice is not None:
            self.voice.finish()

    # -- loading ---------------------------------------------------------------------------
    def open_entry(self, entry: Entry) -> None:
        """Show an entry; anything typed or recorded in the previous one is saved first."""
        self.finish_recording()
        self.save_now()
        self.entry = entry
        self.dirty = False
        self.item_widgets = []
        self.fired = {r.id for r in self.service.safety.entry_rules(entry)}
        self.support_note.hide()
        template = self.service.template(entry.template_id) if entry.template_id else None
        page = QWidget()
        page.setObjectName("editorPage")
        layout = QVBoxLayout(page)
        layout.setSpacing(design.space(2))
        page.setMaximumWidth(design.text_column(page))
        layout.addWidget(page_head.title_label(page_head.page_title(self.service, entry, template)))
        self.title = named(QLineEdit(entry.title), "entryTitle", tr("Title"))
        self.title.textChanged.connect(self.mark_dirty)
        self.tags = named(
            QLineEdit(", ".join(entry.tags)), "entryTags", tr("Tags, separated by commas")
        )
        self.tags.textChanged.connect(self.mark_dirty)
        names = QFormLayout()
        names.addRow(tr("&Title:"), self.title)
        names.addRow(tr("Ta&gs:"), self.tags)
        if template is None:  # a free entry: its own title first
            layout.addLayout(names)
        when = caption(QLabel(page_head.when_text(self.service, entry)))
        when.setWordWrap(True)
        layout.addWidget(when)
        if template is None or template.phase in (Phase.RECALL, Phase.INTEGRATION, Phase.FREE):
            # Where someone may write that they are not safe: the journal cannot hear it.
            nobody = caption(
                SpokenLabel(
                    "nobodyMonitors",
                    tr("Safety"),
                    tr("Nobody monitors this journal. In danger? F1 shows crisis resources."),
                )
            )
            nobody.setWordWrap(True)
            layout.addWidget(nobody)
        if template is not None and template.intro.strip():
            layout.addWidget(page_head.guidance(template))
        self.voice = self.pictures = None
        recall = template is not None and template.phase is Phase.RECALL
        if self.attachments is not None:
            self.voice = VoiceNotes(
                self.attachments, self._ensure_saved, lead=recall, models=self.speech_models
            )
            self.voice.written_out.connect(self.add_transcript)
            self.voice.show_entry(entry.uid if entry.id else None)
            if recall:  # right after a session, speaking may be all someone can do
                layout.addWidget(self.voice)
        self._add_items(layout, entry, template)
        head, self.body, self.body_lock = page_head.own_text(entry, self.font_size)
        self.body.changed.connect(self.mark_dirty)
        self.body_lock.toggled.connect(self.mark_dirty)
        layout.addWidget(head)
        layout.addWidget(self.body)
        if self.voice is not None and not recall:
            layout.addWidget(self.voice)
        if self.attachments is not None:
            self.pictures = PictureStrip(self.attachments, self._ensure_saved)
            self.pictures.show_entry(entry.uid if entry.id else None)
            layout.addWidget(self.pictures)
        if template is not None:
            page_head.names_at_the_end(layout, names, page_head.is_questionnaire(template))
        row, done = page_head.done_button()
        done.clicked.connect(self.finish_page)
        layout.addWidget(row)
        layout.addStretch(1)
        column = QWidget()
        centred = QHBoxLayout(column)  # a reading column, centred in a wide window
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addStretch(1)
        centred.addWidget(page, 100)
        centred.addStretch(1)
        self.scroller.setWidget(column)
        self._set_status(tr("Saved") if entry.id else tr("New entry"))

    def finish_page(self) -> None:
        """Save (settling every answer) and, once it is saved, leave the page."""
        self.finish_recording()
        if self.save_now():
            self.finished.emit()

    def _add_items(self, layout: QVBoxLayout, entry: Entry, template: Template | None) -> None:
        items = {i.id: i for i in template.items} if template else {}
        for answer in entry.answers:
            item = items.get(answer.item_id)
            if item is None:
                # The pack changed or is gone: show the words as written. Numbers and choices
                # stay in the answer untouched, since a text widget only writes `text`.
                item = Item(id=answer.item_id, type=ItemType.TEXT, prompt=answer.prompt)
            widget = self._widget_for(item, answer)
            if widget is None:
                continue
            widget.load(answer)
            widget.set_font_size(self.font_size)
            widget.changed.connect(self.mark_dirty)
            self.item_widgets.append(widget)
            layout.addWidget(widget)

    def _widget_for(self, item: Item, answer: Answer) -> ItemWidget | None:
        if item.type is ItemType.QUESTIONNAIRE:
            instrument = self.service.questionnaires.instrument(item.instrument)
            if instrument is None:
                return None
            w = QuestionnaireItem(item, instrument, self._record)
            w.flagged.connect(self.flagged)
            if answer.choices:
                w.restore(self.service.questionnaires.measure_answers(answer.choices[0]))
            return w
        return WIDGETS[item.type](item)

    def _record(
        self, instrument_id: str, answers: dict[str, int], uid: str | None
    ) -> QuestionnaireOutcome:
        assert self.entry is not None
        return self.service.questionnaires.record_questionnaire(
            instrument_id, answers, self.entry.session_uid, self.entry.uid, uid
        )

    # -- saving ----------------------------------------------------------------------------
    def mark_dirty(self) -> None:
        if self.entry is None:
            return
        self.dirty = True
        self._set_status(tr("Unsaved changes…"))
        self.timer.start()
        if not self.deadline.isActive():
            self.deadline.start()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self.dirty and old is not None and self.isAncestorOf(old):
            # Focus moving between an item's options is not a settled answer: the form
            # settles its safety questions itself when focus leaves the item.
            self.save_now(settle=False)

    def _ensure_saved(self) -> str | None:
        """The open entry's uid once it is in the vault (a picture belongs to a saved entry)."""
        if self.entry is None:
            return None
        if self.entry.id is None:
            self.dirty = True
        return self.entry.uid if self.save_now() else None

    def collect(self) -> Entry | None:
        """Read every widget into the entry."""
        if self.entry is None:
            return None
        e = self.entry
        e.title = self.title.text()
        e.tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        e.body = self.body.text()
        e.body_private = self.body_lock.isChecked()
        by_id = {a.item_id: a for a in e.answers}
        for w in self.item_widgets:
            if w.item.id in by_id:
                w.answer_into(by_id[w.item.id])
        return e

    def _autosave(self) -> None:
        """A save the patient did not ask for: it keeps typing safe but does not settle an
        answer to a safety question (see QuestionnaireForm)."""
        self.save_now(settle=False)

    def save_now(self, *, settle: bool = True) -> bool:
        """Save if anything changed. Returns False only when a save failed. Every save but
        the autosave settles the answers to safety questions first."""
        self.timer.stop()
        self.deadline.stop()
        self.retry.stop()
        if settle:
            for w in self.item_widgets:
                if isinstance(w, QuestionnaireItem):
                    w.settle()
        if self.entry is None or not self.dirty:
            return True
        entry = self.collect()
        assert entry is not None
        try:
            self.service.save_entry(entry)
        except (VaultBusy, DiskFull) as exc:
            self.last_failure = str(exc)
            self.retry.start()
            again = tr(
                "Not saved yet: {reason} Trying again every few seconds; your words stay here."
            )
            self._set_status(again.format(reason=exc))
            self.status.say(self.status.accessibleName(), ASSERTIVE)
            return False
        except StorageError as exc:
            self.last_failure = str(exc)
            self._set_status(tr("Not saved: {reason}").format(reason=exc))
            self.status.say(self.status.accessibleName(), ASSERTIVE)
            return False
        self.dirty = False
        self._set_status(tr("Saved"))
        self.saved.emit(entry)
        self._check_rules(entry)
        return True

    def _check_rules(self, entry: Entry) -> None:
        """Rules on this page's items that its answers meet for the first time (the service
        decides and records them): crisis help at once, the emergency number for a medical
        red flag, a note of support for a gentler one."""
        outcome = self.service.safety.check_entry(entry, self.fired)
        self.fired = set(outcome.met)
        for rule in outcome.crisis:
            self.flagged.emit(rule.message, rule.id in outcome.repeated)
        notes = list(outcome.medical)
        if outcome.medical:
            number = self.emergency_number()
            notes.append(
                tr("Emergency services: {number}.").format(number=number)
                if number
                else tr("Call your local emergency number (add it in Settings to see it here).")
            )
        notes += outcome.support
        if notes:
            self.support_note.setText(" ".join(notes))
            self.support_note.show()

    def unsaved_sentence(self) -> str:
        """After a failed save: what was lost, for the unlock window to say."""
        title = self.entry.title if self.entry is not None else ""
        return tr("The last changes to “{title}” could not be saved: {reason}").format(
            title=title or tr("untitled entry"), reason=self.last_failure
        )

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    def clear(self, message: str = "") -> None:
        """Forget the entry and every widget that showed it (on lock, after a restore)."""
        self.finish_recording()
        self.voice = self.pictures = None
        self.timer.stop()
        self.deadline.stop()
        self.retry.stop()
        self.entry = None
        self.dirty = False
        self.item_widgets = []
        self.fired = set()
        self.support_note.clear()
        self.support_note.hide()
        self.placeholder = QLabel(message or tr("Locked."))
        self.scroller.setWidget(self.placeholder)
        self.status.clear()
