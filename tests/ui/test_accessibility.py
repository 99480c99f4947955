"""Every interactive widget has an objectName and an accessibleName, and the keyboard reaches it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kapjournal.domain import Session
from kapjournal.settings import Settings
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.crisis import CrisisDialog
from kapjournal.ui.dialogs.export import ExportDialog
from kapjournal.ui.dialogs.first_run import CreateVaultDialog
from kapjournal.ui.dialogs.packs import PacksDialog
from kapjournal.ui.dialogs.passphrase import ChangePassphraseDialog
from kapjournal.ui.dialogs.settings import SettingsDialog
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.sessions import SessionDialog
from tests.ui.conftest import now

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSlider,
    QAbstractSpinBox,
    QAbstractItemView,
)


def interactive(root: QWidget) -> list[QWidget]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or isinstance(w, QScrollBar):
            continue
        # Qt's own parts of composite widgets: a spin box's line edit, a combo box's popup list,
        # a tab bar's arrows, a line edit's clear button, a tree's header.
        if w.objectName().startswith("qt_") or _inside_composite(w):
            continue
        out.append(w)
    return out


def _inside_composite(w: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar, QLineEdit, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def missing_names(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r} {getattr(w, 'text', lambda: '')()!r}"
        for w in interactive(root)
        if not w.objectName() or not w.accessibleName()
    ]


def not_keyboard_reachable(root: QWidget) -> list[str]:
    return [
        w.objectName()
        for w in interactive(root)
        if not isinstance(w, QRadioButton)  # arrows move within a radio group
        and not (w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and not w.property("reachedBy")  # reached by a key from inside its answer
    ]


def test_main_window_and_every_editor(qtbot: QtBot, unlocked: MainWindow) -> None:
    service = unlocked.service
    service.course.save_session(Session(scheduled_at=now()))
    unlocked.refresh()
    for key in (
        "kapjournal.core/preparation",
        "kapjournal.core/recall",
        "kapjournal.core/integration",
        "kapjournal.core/check-in",
        "kapjournal.core/safety-plan",
        "kapjournal.core/phq9",
        "kapjournal.core/pcl5",
    ):
        unlocked.start_entry(key)
        assert not missing_names(unlocked), key
        assert not not_keyboard_reachable(unlocked), key
    unlocked.new_free_entry()
    assert not missing_names(unlocked)


def test_every_menu_action_has_a_key(unlocked: MainWindow) -> None:
    in_menus = {a for menu in unlocked.menuBar().findChildren(QMenu) for a in menu.actions()}
    assert len(in_menus) > 20
    for action in in_menus:  # the menu bar's (a calendar's month list has its own keys)
        if action.isSeparator() or not action.text() or action.menu() is not None:
            continue
        assert (
            "&" in action.text()
            or not action.shortcut().isEmpty()
            or action.objectName().startswith("new:")
        ), action.text()


def test_dialogs(qtbot: QtBot, controller: AppController, unlocked: MainWindow) -> None:
    assert controller.opened is not None
    dialogs: list[QWidget] = [
        SessionDialog(Session(scheduled_at=now())),
        SettingsDialog(Settings()),
        CrisisDialog(Settings(), safety_plan=None),
        PacksDialog(controller.opened.packs),
        CreateVaultDialog(controller.opened.path.with_name("x.kapvault"), "no keychain"),
        ChangePassphraseDialog(controller.opened.admin),
        ExportDialog(controller.opened.reports, controller.opened.journal),
    ]
    for d in dialogs:
        qtbot.addWidget(d)
        assert not missing_names(d), type(d).__name__
        assert not not_keyboard_reachable(d), type(d).__name__
    controller.lock()
    assert controller.unlock_window is not None
    assert not missing_names(controller.unlock_window)


def test_text_follows_the_system_font(qtbot: QtBot, unlocked: MainWindow) -> None:
    """No widget pins a pixel size; a bigger application font makes bigger text."""
    from PySide6.QtWidgets import QApplication

    unlocked.start_entry("kapjournal.core/recall")
    label = unlocked.editor.item_widgets[0].prompt_label
    before = label.fontInfo().pointSizeF()
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    QApplication.setFont(font)
    QApplication.processEvents()  # the change reaches open windows as an event
    try:
        unlocked.start_entry("kapjournal.core/recall")
        after = unlocked.editor.item_widgets[0].prompt_label.fontInfo().pointSizeF()
        assert after > before * 1.3
    finally:
        font.setPointSizeF(font.pointSizeF() / 1.5)
        QApplication.setFont(font)


def spoken(widget: QWidget) -> tuple[str, str]:
    """What a screen reader gets: the accessible name and description, not the widget text."""
    from PySide6.QtGui import QAccessible

    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name), iface.text(QAccessible.Text.Description)


def test_a_screen_reader_hears_the_words_a_sighted_patient_reads(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from kapjournal.ui.dialogs.crisis import CrisisDialog

    controller.show_crisis("")
    crisis = next(d for d in controller.dialogs if isinstance(d, CrisisDialog))
    name, role = spoken(crisis.findChild(QLabel, "crisisText"))
    assert "988" in name and "911" in name
    assert role == "Crisis resources"
    assert "Nobody monitors this journal" in spoken(crisis.findChild(QLabel, "crisisTruth"))[0]
    crisis.close()

    mood = unlocked.today.scales[0]
    assert spoken(mood.value_label)[0] == "not answered"
    mood.pick(6)
    assert spoken(mood.value_label) == ("6", "Value of Mood")

    editor = unlocked.editor
    unlocked.new_free_entry()
    qtbot.keyClicks(editor.body.edit, "words")
    assert editor.save_now()
    assert spoken(editor.status) == ("Saved", "Save status")
    assert editor.status.last_announced == "", "a routine save is not spoken every pause"

    controller.lock()
    unlock = controller.unlock_window
    assert unlock is not None
    unlock.passphrase.setText("not the passphrase")
    unlock.submit()
    qtbot.waitUntil(lambda: "does not unlock" in spoken(unlock.error)[0], timeout=10_000)
    assert spoken(unlock.error)[1] == "Problem"
    assert "does not unlock" in unlock.error.last_announced, "an error is spoken at once"
