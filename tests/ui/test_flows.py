"""Whole flows through real widgets: first run to lock and back, as a patient would go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
)
from pytestqt.qtbot import QtBot

from kapjournal.domain import EntryFilter, Phase, SessionStatus
from kapjournal.paths import Paths
from kapjournal.ui.actions import ActionId
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.crisis import CrisisDialog
from kapjournal.ui.panes.editor import EditorPane
from kapjournal.ui.panes.items import ChecklistItem, ScaleItem, TextItem
from kapjournal.ui.panes.questionnaire import QuestionnaireItem
from kapjournal.ui.panes.sessions import SessionDialog
from tests.conftest import PASSPHRASE

SECRET_WORDS = ("lighthouse-in-fog", "amber-warmth", "intention-curious")


def visible_texts() -> str:
    """Every piece of text any live widget could show."""
    out = []
    for w in QApplication.allWidgets():
        for kind, getter in (
            (QLineEdit, "text"),
            (QPlainTextEdit, "toPlainText"),
            (QTextBrowser, "toPlainText"),
            (QLabel, "text"),
            (QAbstractButton, "text"),
            (QComboBox, "currentText"),
        ):
            if isinstance(w, kind):
                out.append(getattr(w, getter)())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            out += model_texts(w.model())
    return "\n".join(out)


def model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    """Every cell's text and tooltip of a list, table or tree view's model, children too."""
    parent = parent or QModelIndex()
    flat = isinstance(model, (QAbstractListModel, QAbstractTableModel))  # no children
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    out = []
    for row in range(model.rowCount(parent)):
        for column in range(max(1, columns)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.AccessibleTextRole):  # fmt: skip
                value = model.data(index, role)
                if value:
                    out.append(str(value))
            if not flat and column == 0 and model.rowCount(index) > 0:
                out += model_texts(model, index)
    return out


def text_item(editor: EditorPane, item_id: str) -> TextItem:
    w = next(w for w in editor.item_widgets if w.item.id == item_id)
    assert isinstance(w, TextItem)
    return w


def wait_saved(qtbot: QtBot, editor: EditorPane) -> None:
    qtbot.waitUntil(lambda: not editor.dirty and editor.status.text() == "Saved", timeout=5000)


def test_first_run_to_lock_and_back(
    qtbot: QtBot, controller: AppController, paths: Paths, tmp_path: Path
) -> None:
    # -- first run: welcome and create ---------------------------------------------------
    controller.start()
    dialog = controller.create_dialog
    assert dialog is not None and dialog.isVisible()
    welcome = dialog.findChild(QLabel, "welcomeText").text()
    assert "no medical or dosing advice" in welcome and "Nothing you write is ever sent" in welcome
    qtbot.waitUntil(lambda: not dialog.remember.isEnabled())  # no keychain: greyed, with reason
    assert "cannot be remembered" in dialog.remember_why.text()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    assert dialog.meter.value() >= 3 and dialog.meter.format()
    qtbot.keyClicks(dialog.repeat, PASSPHRASE + "x")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.error.text() and not paths.default_vault.exists()
    dialog.repeat.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    assert paths.default_vault.exists()
    sheet = tmp_path / "sheet.pdf"
    dialog.choose_pdf_path = lambda: str(sheet)
    qtbot.mouseClick(dialog.sheet_button, Qt.MouseButton.LeftButton)
    assert sheet.read_bytes().startswith(b"%PDF") and "Saved" in dialog.sheet_status.text()
    assert PASSPHRASE.encode() not in sheet.read_bytes()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main is not None)
    main = controller.main
    assert main is not None
    service = main.service

    # -- plan a session through its dialog ------------------------------------------------
    def fill_session() -> None:
        d = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SessionDialog) and w.isVisible()
        )
        d.clinic.setText("Harbour Clinic")
        d.route.setCurrentIndex(d.route.findText("Intranasal"))
        d.accept()

    main.show_pane("sessions")
    QTimer.singleShot(100, fill_session)
    qtbot.mouseClick(
        main.sessions.findChild(QAbstractButton, "addSession"), Qt.MouseButton.LeftButton
    )
    [session] = service.course.sessions()
    assert session.clinic == "Harbour Clinic" and session.route.value == "intranasal"

    # -- write the preparation -----------------------------------------------------------
    main.sessions.refresh()
    tree = main.sessions.tree
    top = tree.topLevelItem(0)
    tree.setCurrentItem(top.child(0))  # Preparation
    qtbot.mouseClick(
        main.sessions.findChild(QAbstractButton, "openPhase"), Qt.MouseButton.LeftButton
    )
    editor = main.editor
    assert editor.entry is not None and editor.entry.phase is Phase.PREPARATION
    qtbot.keyClicks(text_item(editor, "intention").editor.edit, SECRET_WORDS[2])
    assert editor.status.text().startswith("Unsaved")
    wait_saved(qtbot, editor)

    # -- mark the session done; recall with side effects ------------------------------------
    main.show_pane("sessions")
    main.sessions.refresh()
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.mouseClick(
        main.sessions.findChild(QAbstractButton, "markDone"), Qt.MouseButton.LeftButton
    )
    assert service.course.sessions()[0].status is SessionStatus.DONE
    tree.setCurrentItem(tree.topLevelItem(0).child(1))  # Recall
    qtbot.mouseClick(
        main.sessions.findChild(QAbstractButton, "openPhase"), Qt.MouseButton.LeftButton
    )
    assert editor.entry is not None and editor.entry.phase is Phase.RECALL
    qtbot.keyClicks(text_item(editor, "imagery").editor.edit, SECRET_WORDS[0])
    side = next(w for w in editor.item_widgets if isinstance(w, ChecklistItem))
    side.boxes[0].setChecked(True)  # Nausea
    side.levels[0].setCurrentIndex(3)
    detached = next(w for w in editor.item_widgets if isinstance(w, ScaleItem))
    detached.slider.setFocus()
    qtbot.keyClick(detached.slider, Qt.Key.Key_Right)  # the keyboard moves sliders
    private = text_item(editor, "hard")
    qtbot.keyClicks(private.editor.edit, SECRET_WORDS[1])
    private.private.setChecked(True)
    wait_saved(qtbot, editor)
    recall = service.entries(EntryFilter(phase=Phase.RECALL))[0]
    answers = {a.item_id: a for a in recall.answers}
    assert answers["side-effects"].severities == {"Nausea": 3}
    assert answers["detached"].number == 1
    assert answers["hard"].private and answers["imagery"].text == SECRET_WORDS[0]

    # -- PHQ-9 with item 9 above zero opens the crisis dialog at once ---------------------
    main.start_entry("kapjournal.core/phq9")
    q = next(w for w in editor.item_widgets if isinstance(w, QuestionnaireItem))
    q.form.one_at_a_time.setChecked(False)  # the whole form: a click on item 9 waits
    for n in range(1, 9):
        q.form.groups[f"phq9_{n}"].button(1).click()
    assert not [d for d in controller.dialogs if isinstance(d, CrisisDialog)]
    q.form.groups["phq9_9"].button(2).click()
    assert not [d for d in controller.dialogs if isinstance(d, CrisisDialog)], "not settled yet"
    q.form.groups["phq9_difficulty"].button(1).click()  # the next item settles it
    qtbot.waitUntil(
        lambda: any(isinstance(d, CrisisDialog) and d.isVisible() for d in controller.dialogs)
    )
    crisis = next(d for d in controller.dialogs if isinstance(d, CrisisDialog))
    assert "988" in crisis.findChild(QLabel, "crisisText").text()
    assert "Nobody monitors this journal" in crisis.findChild(QLabel, "crisisTruth").text()
    [measure] = service.questionnaires.measures("phq9")
    assert measure.total == 10 and measure.flags == ["phq9-item9"] and measure.band == "moderate"
    assert "10 of 27" in q.form.result.text() and "Moderate" in q.form.result.text()
    crisis.close()
    wait_saved(qtbot, editor)
    main.show_pane("today")
    main.today.refresh()
    assert main.today.banner.isVisibleTo(main), "a recent flag shows the safety banner"

    # -- lock: nothing of the journal left in any widget ------------------------------------
    qtbot.keyClicks(main.editor.body.edit, " unsaved tail")
    main.actions_[ActionId.LOCK].trigger()
    qtbot.waitUntil(
        lambda: (
            controller.main is None
            and controller.unlock_window is not None
            and controller.unlock_window.isVisible()
        )
    )
    QApplication.processEvents()
    texts = visible_texts()
    for word in (*SECRET_WORDS, "unsaved tail", "Harbour Clinic"):
        assert word not in texts, f"{word!r} is still shown after locking"

    # -- crisis resources while locked --------------------------------------------------
    controller.unlock_window.findChild(QAction, "actionCrisisLocked").trigger()
    assert any(isinstance(d, CrisisDialog) and d.isVisible() for d in controller.dialogs)

    # -- unlock: wrong passphrase first, then everything is there --------------------------
    unlock = controller.unlock_window
    qtbot.keyClicks(unlock.passphrase, "not my passphrase")
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "does not unlock" in unlock.error.text(), timeout=10_000)
    unlock.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.main is not None, timeout=10_000)
    main = controller.main
    assert main is not None
    repo = main.service
    assert len(repo.course.sessions()) == 1
    bodies = [e.body for e in repo.entries(limit=50)]
    assert any("unsaved tail" in b for b in bodies), "lock saved the pending edit"

    # -- search finds the entry ----------------------------------------------------------
    main.show_pane("journal")
    qtbot.keyClicks(main.journal.search, "lighthouse")
    qtbot.waitUntil(
        lambda: main.journal.model.hits is not None and len(main.journal.model.hits) == 1,
        timeout=3000,
    )
    index = main.journal.model.index(0)
    main.journal.view.activated.emit(index)
    assert main.editor.entry is not None and main.editor.entry.phase is Phase.RECALL
