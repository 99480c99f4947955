"""Small helpers every pane uses: naming widgets for screen readers and tests, safe text views."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QMouseEvent,
    QPalette,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QWidget,
)
from shiboken6 import isValid

from kapjournal.export.render import escape, render_markdown
from kapjournal.i18n import tr
from kapjournal.ui import design

__all__ = ["MarkdownView", "named", "rich", "tip", "tr"]

W = TypeVar("W", bound=QWidget)
L = TypeVar("L", bound=QLabel)


def named(widget: W, name: str, accessible: str, description: str = "") -> W:
    """Give a widget the objectName tests find it by and the name a screen reader speaks."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    if description:
        widget.setAccessibleDescription(description)
    return widget


class PlainTextGuard(QObject):
    """Every label shows plain text unless its code asked for rich text with `rich()`.
    Qt's default guesses: text that looks like HTML is laid out as HTML, so pack or user text
    holding `<img src=...>` made Qt open that file (a FIFO hung every unlock). Installed once
    on the application; it sets the format when a label is first polished, which is before
    it is first laid out, and labels made later by Qt (a form's row labels, message boxes)
    are covered too."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Polish
            and isinstance(watched, QLabel)
            and watched.textFormat() == Qt.TextFormat.AutoText
        ):
            watched.setTextFormat(Qt.TextFormat.PlainText)
        return False


def guard_plain_text(app: QApplication) -> None:
    if not app.findChildren(PlainTextGuard):
        app.installEventFilter(PlainTextGuard(app))


def rich(label: L) -> L:
    """A label whose text is the app's own markup; every value put into it must be escaped
    (`kapjournal.export.render.escape`)."""
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def tip(widget: QWidget, text: str) -> None:
    """A tooltip that shows `text` as written: Qt lays a tooltip that looks like HTML out as
    HTML, so the text goes in escaped, inside the app's own paragraph."""
    widget.setToolTip(f"<p>{escape(text)}</p>" if text else "")


POLITE = QAccessible.AnnouncementPoliteness.Polite
ASSERTIVE = QAccessible.AnnouncementPoliteness.Assertive


def announce(
    widget: QWidget, text: str, politeness: QAccessible.AnnouncementPoliteness = POLITE
) -> None:
    """Have a screen reader speak `text` from `widget` now, without moving focus."""
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(politeness)
    QAccessible.updateAccessibility(event)


class SpokenLabel(QLabel):
    """A label a screen reader reads as it is written: its accessible name follows its text
    (markup removed) and its role ("Problem", "Save status") is the description, so a changed
    status or error is announced in its own words rather than as a fixed name.

    With `announce`, a new text is also spoken where the patient is (a status, a result, an
    error), politely or at once, without moving focus. Plain text unless `rich` (the app's
    own markup, every value escaped)."""

    def __init__(
        self,
        name: str,
        role: str,
        text: str = "",
        parent: QWidget | None = None,
        *,
        announce: QAccessible.AnnouncementPoliteness | None = None,
        rich: bool = False,
    ):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.setObjectName(name)
        self._role = role
        self._announce = announce
        self.last_announced = ""
        self.setAccessibleDescription(role)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        spoken = self._name()
        if self._announce is not None and spoken and spoken != self.last_announced:
            self.say(spoken, self._announce)

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        super().setTextFormat(fmt)
        self._name()  # markup is left out of the name only when it is laid out as markup

    def _name(self) -> str:
        text = self.text()
        markup = self.textFormat() == Qt.TextFormat.RichText and "<" in text
        plain = QTextDocumentFragment.fromHtml(text).toPlainText() if markup else text
        spoken = " ".join(plain.split())
        self.setAccessibleName(spoken or getattr(self, "_role", ""))
        return spoken

    def say(self, text: str, politeness: QAccessible.AnnouncementPoliteness = POLITE) -> None:
        """Have a screen reader speak `text` now, without moving focus."""
        announce(self, text, politeness)
        self.last_announced = text

    def clear(self) -> None:
        self.setText("")
        self.last_announced = ""


def emphasised(widget: W, scale: float) -> W:
    """Bold, and larger than the text in proportion, so it grows with the system font."""
    font = QFont(widget.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
    return widget


def heading(label: QLabel, scale: float = 1.2) -> QLabel:
    """A section heading: emphasised text."""
    label.setProperty("heading", True)
    return emphasised(label, scale)


class ErrorLabel(SpokenLabel):
    """A problem said in words, in red that keeps AA contrast in the light and dark themes."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, tr("Problem"), "", parent, announce=ASSERTIVE)
        self.setWordWrap(True)
        self._colour()

    def _colour(self) -> None:
        from kapjournal.ui.theme import error_colour

        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(window))
        self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.setPalette(QPalette())  # drop the old red, then pick one for the new theme
            self._colour()


def muted(label: QLabel) -> QLabel:
    """Secondary text (a hint, a date line): quieter than the main text yet at AA contrast
    in both themes; a disabled label would be far too faint to read."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class _ButtonWords(QLabel):
    """The words of a check box or radio button, wrapped; a click on them is a click on it."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text)
        self.button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.click()


def wrapped(button: QAbstractButton, text: str) -> QWidget:
    """A check box or radio button whose words wrap, so a long choice fits a narrow pane or
    large text. The button keeps the words as its accessible name; keyboard focus stays on it."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    button.setText("")
    if not button.accessibleName():
        button.setAccessibleName(text)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(_ButtonWords(text, button), 1)
    return row


def icon_button(
    icon: str, text: str, name: str, accessible: str, description: str = ""
) -> QPushButton:
    """A named button with a bundled icon as tall as its text; never the default by accident
    (Enter in a dialog goes to the button the dialog makes its default)."""
    button = named(QPushButton(design.icon(icon), text), name, accessible, description)
    button.setIconSize(design.icon_size())
    button.setAutoDefault(False)
    return button


def help_button() -> QPushButton:
    """ "Need help now?": crisis help one visible click away, on every screen (F1 too)."""
    return icon_button(
        "life-buoy",
        tr("Need help now?"),  # F1 is its key, in every window
        "needHelp",
        tr("Need help now? Crisis resources"),
        tr("Crisis lines and emergency numbers for your country (F1)"),
    )


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open at the preferred size, but never larger than the screen's free area: with large
    text the minimum grows, and a window beyond the screen hides its own buttons."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry().size() if screen is not None else QSize(width, height)
    size = QSize(width, height).boundedTo(free * 0.95)
    window.resize(size.expandedTo(window.minimumSizeHint().boundedTo(free)))


class _FirstPaint(QObject):
    # Held here until run: Qt keeps the C++ object alive (its parent is the widget), but with
    # no Python reference PySide may drop the Python side, and the timer then called `_run`
    # on a fresh wrapper without `_fn` (an AttributeError in the event loop, seen in CI).
    _pending: ClassVar[set[_FirstPaint]] = set()

    def __init__(self, widget: QWidget, fn: Callable[[], None], fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget = widget
        self._fn: Callable[[], None] | None = fn
        _FirstPaint._pending.add(self)
        widget.destroyed.connect(lambda: _FirstPaint._pending.discard(self))  # never painted
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)  # never painted (hidden): run anyway

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._fn is not None:
            QTimer.singleShot(0, self, self._run)  # after this paint reaches the screen
        return False

    def _run(self) -> None:
        fn, self._fn = self._fn, None
        _FirstPaint._pending.discard(self)
        if fn is not None:
            self._widget.removeEventFilter(self)
            fn()


def after_first_paint(widget: QWidget, fn: Callable[[], None], fallback_ms: int = 1000) -> None:
    """Run `fn` once the window has first been drawn. For work that would slow the first frame:
    a worker thread's imports (keyring's take 50 ms) share the interpreter lock with the UI."""
    _FirstPaint(widget, fn, fallback_ms)


class MarkdownView(QTextBrowser):
    """Shows Markdown through the one sanitizer. Links open only after the user confirms.
    A long text (a pack's intro, a report, a help page) is formatted on a worker thread, so
    a slow one never holds the window still; `shown` says when it is on screen."""

    INLINE_CHARS = 5_000  # formatted on the spot up to this; a few milliseconds
    shown = Signal()

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, name, accessible)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._confirm_link)
        self._wanted = 0  # which text is the latest asked for; older results are dropped

    def as_paper(self) -> None:
        """Black on white in either theme: a preview of a printed page looks like the page."""
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.white)
        palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.black)
        self.setPalette(palette)

    def set_markdown_text(self, text: str, *, capped: bool = True) -> None:
        """`capped=False` for a whole report, whose every text was capped as it went in
        (kapjournal.export.render.too_slow)."""
        self._wanted += 1
        if len(text) <= self.INLINE_CHARS:
            self.show_html(self._wanted, render_markdown(text, capped=capped))
            return
        from kapjournal.ui.tasks import run_task

        wanted = self._wanted
        self.setPlainText(tr("Preparing the text…"))

        def done(html: object) -> None:
            if isValid(self):  # a window closed meanwhile is not touched
                self.show_html(wanted, str(html))

        run_task(lambda: render_markdown(text, capped=capped), done)

    def show_html(self, wanted: int, html: str) -> None:
        if wanted == self._wanted:
            self.setHtml(html)
            self.shown.emit()

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        return None  # never fetch anything: no images, no stylesheets, local or remote

    def _confirm_link(self, url: QUrl) -> None:
        answer = QMessageBox.question(
            self,
            tr("Open link?"),
            tr(
                "Open this link in your browser?\n\n{url}\n\nkapjournal itself never connects to "
                "the internet; your browser will."
            ).format(url=url.toString()),
        )
        if answer == QMessageBox.StandardButton.Yes:
            QDesktopServices.openUrl(url)


def close_modal_dialogs() -> bool:
    """Reject every modal dialog and message box; True when there was one."""
    found = False
    for _ in range(32):  # dialogs opened from dialogs; never loop forever
        modal = QApplication.activeModalWidget()
        if modal is None:
            break
        found = True
        if isinstance(modal, QDialog):
            modal.reject()
        modal.hide()
    return found
