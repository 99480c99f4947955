"""One widget per item type of a template. Each edits one Answer and says when it changed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Answer
from kapjournal.prompts.answers import SEVERITY_LABELS
from kapjournal.prompts.model import Item, ItemType
from kapjournal.ui import design
from kapjournal.ui.panes.answer_head import LockToggle, header
from kapjournal.ui.panes.scale_slider import ScaleSlider
from kapjournal.ui.widgets import MarkdownView, SpokenLabel, muted, named, rich, tip, tr, wrapped

# One Tab stop per answer: an answer's preview and private toggles and a scale's Clear are
# reached by these keys from inside the answer (EditorPane binds them), not by Tab.
PREVIEW_KEY = "Ctrl+Shift+P"
PRIVATE_KEY = "Ctrl+Shift+H"
CLEAR_KEY = "Delete"


def by_key(widget: QWidget, key: str) -> None:
    """Take a secondary control out of the Tab order; `key` reaches it from its answer."""
    widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    widget.setProperty("reachedBy", key)  # not "shortcut": a button has that property
    shown = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
    tip(widget, f"{widget.accessibleName()} ({shown})")
    widget.setAccessibleDescription(shown)


class MarkdownEditor(QWidget):
    """A plain Markdown editor with a preview toggle; the preview goes through the sanitizer."""

    changed = Signal()

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        self.edit = named(QPlainTextEdit(), name, accessible)
        self.edit.setTabChangesFocus(True)  # Tab moves on, so the keyboard alone gets around
        self.preview = MarkdownView(
            f"{name}Preview", tr("Preview of {name}").format(name=accessible)
        )
        lines = self.fontMetrics().lineSpacing()
        for view in (self.edit, self.preview):
            view.setMinimumHeight(lines * 4)  # room for a few bullets, scales with the font
            view.setMaximumHeight(lines * 8)
        self.stack.addWidget(self.edit)
        self.stack.addWidget(self.preview)
        # Only as tall as the editor: no empty band under a short answer.
        self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.stack.setMaximumHeight(lines * 8)
        self.toggle = named(
            QPushButton(tr("Preview")),
            f"{name}PreviewToggle",
            tr("Show the preview of {name}").format(name=accessible),
        )
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show_preview)
        self.toggle.setFlat(True)
        self.toggle.setIcon(design.icon("eye"))
        self.toggle.setIconSize(design.icon_size())
        by_key(self.toggle, PREVIEW_KEY)
        layout.addWidget(self.stack)  # the toggle goes in the answer's header (header())
        self.edit.textChanged.connect(self.changed)

    def _show_preview(self, on: bool) -> None:
        if on:
            self.preview.set_markdown_text(self.edit.toPlainText())
        self.stack.setCurrentIndex(1 if on else 0)
        self.toggle.setText(tr("Edit") if on else tr("Preview"))
        self.toggle.setIcon(design.icon("notebook-pen" if on else "eye"))

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def set_font_size(self, points: int) -> None:
        if points > 0:
            font = self.edit.font()
            font.setPointSize(points)
            self.edit.setFont(font)


class ItemWidget(QWidget):
    """Base: the prompt, the help line, the input, and the per-answer private toggle."""

    changed = Signal()

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.key = f"item_{item.id}"
        self.setObjectName(self.key)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 6, 0, 6)
        prompt = rich(QLabel(f"<b>{_html(item.prompt)}</b>"))
        prompt.setWordWrap(True)
        head, self.head_row = header(prompt)
        self.layout_.addWidget(head)
        if item.help:
            hint = muted(QLabel(item.help))
            hint.setWordWrap(True)
            self.layout_.addWidget(hint)
        self.prompt_label = prompt
        self.build()
        note = self.private_note()
        self.private = named(
            LockToggle(),
            f"{self.key}_private",
            tr("Keep the answer to “{prompt}” private").format(prompt=item.prompt),
            note,
        )
        self.private.toggled.connect(self.changed)
        by_key(self.private, PRIVATE_KEY)
        preview = getattr(self, "editor", None)
        if isinstance(preview, MarkdownEditor):
            self.head_row.addWidget(preview.toggle, 0, Qt.AlignmentFlag.AlignTop)
        self.head_row.addWidget(self.private, 0, Qt.AlignmentFlag.AlignTop)
        if note:
            beside = muted(QLabel(note))
            beside.setObjectName(f"{self.key}_privateNote")
            beside.setWordWrap(True)
            beside.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.layout_.addWidget(beside)

    def private_note(self) -> str:
        """What "private" means for this kind of answer, when it is more than "never
        exported"; shown beside the box."""
        return ""

    def build(self) -> None:
        raise NotImplementedError

    def read(self, answer: Answer) -> None:
        """Write this widget's state into the answer."""
        raise NotImplementedError

    def show_answer(self, answer: Answer) -> None:
        raise NotImplementedError

    def _ticked_values(self, buttons: Sequence[QAbstractButton]) -> list[str]:
        """The stored values of the ticked choices (the pack's text, not the label shown)."""
        return [v for v, b in zip(self.item.choices, buttons, strict=True) if b.isChecked()]

    def answer_into(self, answer: Answer) -> Answer:
        self.read(answer)
        answer.private = self.private.isChecked()
        return answer

    def load(self, answer: Answer) -> None:
        self.blockSignals(True)
        self.show_answer(answer)
        self.private.setChecked(answer.private)
        self.blockSignals(False)

    def set_font_size(self, points: int) -> None:
        pass


def _html(text: str) -> str:
    from kapjournal.export.render import escape

    return escape(text)


class TextItem(ItemWidget):
    def build(self) -> None:
        self.editor = MarkdownEditor(f"{self.key}_text", self.item.prompt)
        self.editor.changed.connect(self.changed)
        self.prompt_label.setBuddy(self.editor.edit)
        self.layout_.addWidget(self.editor)

    def read(self, answer: Answer) -> None:
        answer.text = self.editor.text()

    def show_answer(self, answer: Answer) -> None:
        self.editor.edit.blockSignals(True)
        self.editor.set_text(answer.text)
        self.editor.edit.blockSignals(False)

    def set_font_size(self, points: int) -> None:
        self.editor.set_font_size(points)


class ScaleItem(ItemWidget):
    """A labelled slider; arrow keys move it. Untouched means unanswered, not zero."""

    def build(self) -> None:
        it = self.item
        self.steps = round((it.max - it.min) / it.step)
        row = QHBoxLayout()
        self.slider = named(
            ScaleSlider(
                tr("From {lo:g} ({lo_label}) to {hi:g} ({hi_label})").format(
                    lo=it.min,
                    hi=it.max,
                    lo_label=it.min_label or tr("lowest"),
                    hi_label=it.max_label or tr("highest"),
                )
            ),
            f"{self.key}_scale",
            it.prompt,
        )
        self.slider.setRange(0, self.steps)
        self.slider.setPageStep(max(1, self.steps // 5))
        self.slider.setTickPosition(ScaleSlider.TickPosition.TicksBelow)
        self.slider.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        self.value_label = SpokenLabel(
            f"{self.key}_value",
            tr("Value of {prompt}").format(prompt=it.prompt),
            tr("not answered"),
        )
        self.value_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("not answered__"))
        self.clear = named(
            QPushButton(tr("Clear")),
            f"{self.key}_clear",
            tr("Clear the answer to {prompt}").format(prompt=it.prompt),
        )
        self.clear.setFlat(True)
        by_key(self.clear, CLEAR_KEY)
        self.clear.setEnabled(False)
        row.addWidget(self.slider, 1)
        row.addWidget(self.value_label)
        row.addWidget(self.clear)
        self.layout_.addLayout(row)
        # The end labels go under the slider, so a narrow pane or a large font still fits.
        ends = QHBoxLayout()
        ends.addWidget(QLabel(f"{it.min:g} {it.min_label}".strip()))
        ends.addStretch(1)
        ends.addWidget(QLabel(f"{it.max:g} {it.max_label}".strip()))
        ends.addSpacing(self.value_label.minimumWidth() + self.clear.sizeHint().width())
        self.layout_.addLayout(ends)
        self.prompt_label.setBuddy(self.slider)
        self.slider.valueChanged.connect(self._moved)
        # Choosing the value the slider rests on (0, say) changes nothing, so a press on the
        # handle or a key that stays at the end counts as choosing it too.
        self.slider.sliderPressed.connect(self._moved)
        self.slider.chosen.connect(self._moved)
        self.slider.actionTriggered.connect(lambda _action: self._moved())
        self.clear.clicked.connect(self._clear)
        self.slider.cleared.connect(self._clear)

    def value(self) -> float:
        return self.item.min + self.slider.value() * self.item.step

    @property
    def answered(self) -> bool:
        return self.slider.answered

    def _show(self, number: float | None) -> None:
        """Show an answer, or none: no thumb, "not answered", nothing to clear."""
        self.slider.set_answered(number is not None)
        self.clear.setEnabled(number is not None)
        self.value_label.setText(tr("not answered") if number is None else f"{number:g}")

    def _moved(self) -> None:
        self._show(self.value())
        self.changed.emit()

    def _clear(self) -> None:
        self._show(None)
        self.slider.setFocus()  # the Clear button goes away with the answer
        self.changed.emit()

    def read(self, answer: Answer) -> None:
        answer.number = self.value() if self.answered else None

    def show_answer(self, answer: Answer) -> None:
        self.slider.blockSignals(True)
        number = answer.number
        self.slider.setValue(
            0 if number is None else round((number - self.item.min) / self.item.step)
        )
        self._show(number)
        self.slider.blockSignals(False)


class SingleItem(ItemWidget):
    def build(self) -> None:
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # lets a second click clear the choice
        box = QVBoxLayout()
        self.buttons: list[QRadioButton] = []
        for i in range(len(self.item.choices)):
            label = self.item.choice_label(i)
            b = named(QRadioButton(), f"{self.key}_choice{i}", label)
            self.group.addButton(b, i)
            self.buttons.append(b)
            box.addWidget(wrapped(b, label))
        self.group.buttonToggled.connect(self._toggled)
        self.layout_.addLayout(box)

    def _toggled(self, button: QRadioButton, on: bool) -> None:
        if on:
            for other in self.buttons:
                if other is not button and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self.changed.emit()

    def read(self, answer: Answer) -> None:
        answer.choices = self._ticked_values(self.buttons)[:1]

    def show_answer(self, answer: Answer) -> None:
        for i, b in enumerate(self.buttons):
            b.blockSignals(True)
            b.setChecked(self.item.choices[i] in answer.choices)
            b.blockSignals(False)


class MultipleItem(ItemWidget):
    def build(self) -> None:
        grid = QGridLayout()
        self.boxes: list[QCheckBox] = []
        for i in range(len(self.item.choices)):
            label = self.item.choice_label(i)
            b = named(QCheckBox(), f"{self.key}_choice{i}", label)
            b.toggled.connect(self.changed)
            self.boxes.append(b)
            grid.addWidget(wrapped(b, label), i // 2, i % 2)
        self.layout_.addLayout(grid)

    def read(self, answer: Answer) -> None:
        answer.choices = self._ticked_values(self.boxes)

    def show_answer(self, answer: Answer) -> None:
        for i, b in enumerate(self.boxes):
            b.blockSignals(True)
            b.setChecked(self.item.choices[i] in answer.choices)
            b.blockSignals(False)


class ChecklistItem(ItemWidget):
    """Tick lines; with severity, rate each ticked line from 0 (barely) to 3 (strong)."""

    def build(self) -> None:
        grid = QGridLayout()
        self.boxes: list[QCheckBox] = []
        self.levels: list[QComboBox] = []
        for i in range(len(self.item.choices)):
            line = self.item.choice_label(i)
            b = named(QCheckBox(), f"{self.key}_line{i}", line)
            b.toggled.connect(self._ticked)
            self.boxes.append(b)
            grid.addWidget(wrapped(b, line), i, 0)
            if self.item.severity:
                level = named(
                    QComboBox(),
                    f"{self.key}_severity{i}",
                    tr("How strong: {line}").format(line=line),
                )
                for n, label in enumerate(SEVERITY_LABELS):
                    level.addItem(f"{n}: {tr(label)}", n)
                level.setCurrentIndex(1)
                level.setEnabled(False)
                level.currentIndexChanged.connect(self.changed)
                self.levels.append(level)
                grid.addWidget(level, i, 1)
        self.layout_.addLayout(grid)

    def _ticked(self) -> None:
        for b, level in zip(self.boxes, self.levels, strict=False):
            level.setEnabled(b.isChecked())
        self.changed.emit()

    def read(self, answer: Answer) -> None:
        answer.choices = self._ticked_values(self.boxes)
        answer.severities = {
            value: int(level.currentData())
            for value, b, level in zip(self.item.choices, self.boxes, self.levels, strict=False)
            if b.isChecked()
        }

    def show_answer(self, answer: Answer) -> None:
        for i, b in enumerate(self.boxes):
            b.blockSignals(True)
            b.setChecked(self.item.choices[i] in answer.choices)
            b.blockSignals(False)
            if self.levels:
                level = self.levels[i]
                level.blockSignals(True)
                level.setCurrentIndex(answer.severities.get(self.item.choices[i], 1))
                level.setEnabled(b.isChecked())
                level.blockSignals(False)


WIDGETS: dict[ItemType, type[ItemWidget]] = {
    ItemType.TEXT: TextItem,
    ItemType.SCALE: ScaleItem,
    ItemType.SINGLE: SingleItem,
    ItemType.MULTIPLE: MultipleItem,
    ItemType.CHECKLIST: ChecklistItem,
}
