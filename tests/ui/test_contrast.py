"""Every text colour against its background, in the light and the dark theme: WCAG 2.2 AA."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.registry import PANES
from kapjournal.ui.theme import apply_theme, contrast_ratio

AA = 4.5
R = QPalette.ColorRole
PAIRS = [
    (R.WindowText, R.Window),
    (R.Text, R.Base),
    (R.Text, R.AlternateBase),
    (R.ButtonText, R.Button),
    (R.HighlightedText, R.Highlight),
    (R.PlaceholderText, R.Base),
    (R.ToolTipText, R.ToolTipBase),
    (R.Link, R.Base),
    (R.Link, R.Window),
    (R.LinkVisited, R.Base),
]


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, unlocked: MainWindow) -> Iterator[str]:
    """Applied after the app has started (it applies its settings' theme)."""
    apply_theme(request.param)
    yield request.param
    apply_theme("light")


def text_colours(w: QWidget) -> tuple[R, R] | None:
    """Which palette roles a widget draws its text and the ground under it with."""
    if isinstance(w, QLabel):
        return w.foregroundRole(), R.Window
    if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractItemView):
        return R.Text, R.Base
    if isinstance(w, QCheckBox | QRadioButton):
        return R.WindowText, R.Window
    if isinstance(w, QPushButton) and w.isFlat():
        return R.ButtonText, R.Window
    if isinstance(w, QAbstractButton):
        return R.ButtonText, R.Button
    return None


def shortfalls(top: QWidget, at_least: int = 1) -> list[str]:
    out = []
    checked = 0
    for w in [top, *top.findChildren(QWidget)]:
        roles = text_colours(w)
        if roles is None or not w.isVisibleTo(top):
            continue
        if not w.isEnabled() and not isinstance(w, QLabel):
            continue  # inactive controls are exempt (WCAG 1.4.3); text to read is not
        checked += 1
        pal = w.palette()
        ratio = contrast_ratio(pal.color(roles[0]), pal.color(roles[1]))
        if ratio < AA:
            out.append(f"{type(w).__name__} {w.objectName()!r}: {ratio:.2f}")
    assert checked >= at_least, f"only {checked} texts found in {top.objectName()}"
    return out


def test_the_palette_pairs_meet_aa(theme: str, qtbot: QtBot, unlocked: MainWindow) -> None:
    palette = QApplication.palette()
    for fg, bg in PAIRS:
        ratio = contrast_ratio(palette.color(fg), palette.color(bg))
        assert ratio >= AA, f"{theme}: {fg.name} on {bg.name} is {ratio:.2f}:1"


def test_every_visible_text_meets_aa(
    theme: str, qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    for spec in PANES:
        unlocked.show_pane(spec.key)
        unlocked.today.refresh()
        QApplication.processEvents()  # widgets added to a shown page appear a turn later
        assert shortfalls(unlocked, at_least=5) == [], f"{theme}, pane {spec.key}"
    for page in ("kapjournal.core/preparation", "kapjournal.core/phq9"):
        unlocked.start_entry(page)  # hints, the date line, scales and choices
        assert shortfalls(unlocked, at_least=20) == [], f"{theme}, {page}"
    controller.show_crisis("")
    for dialog in controller.dialogs:
        assert shortfalls(dialog, at_least=2) == [], theme


def test_error_text_is_red_at_aa_in_both_themes_and_follows_a_theme_change(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    controller.lock()
    unlock = controller.unlock_window
    assert unlock is not None
    unlock.error.setText("That passphrase does not unlock this journal.")
    for theme in ("light", "dark", "light"):
        apply_theme(theme)
        pal = unlock.error.palette()
        text, ground = pal.color(R.WindowText), pal.color(R.Window)
        assert text.red() > text.blue(), f"{theme}: error text is red, not blue"
        assert contrast_ratio(text, ground) >= AA, theme
        assert shortfalls(unlock) == [], theme
