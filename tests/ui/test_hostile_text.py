"""Pack text is shown as text. A pack already in a journal (an older version accepted markup)
with `<img src=...>` in every field unlocks, and every page that shows it loads nothing: the
"image" is a FIFO, and nothing may open it (the security review saw a FIFO hang every unlock).
The app's own rich text (headings in bold) still renders; no tag of ours shows as text."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import Qt  # QtGui's Qt adds mightBeRichText
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.domain import StoredPack
from kapjournal.paths import Paths
from kapjournal.services.opening import open_journal
from kapjournal.storage.repository import Repository
from kapjournal.storage.secret import Secret
from kapjournal.storage.vault import Vault
from kapjournal.ui.app import AppController
from kapjournal.ui.main_window import MainWindow
from kapjournal.ui.panes.questionnaire import QuestionnaireItem
from kapjournal.ui.panes.registry import PaneKey
from kapjournal.ui.tasks import wait_for_tasks
from kapjournal.ui.widgets import MarkdownView
from tests.conftest import PASSPHRASE

PACK = Path(__file__).parents[1] / "fixtures" / "hostile" / "pack-markup.toml"
OUR_TAGS = re.compile(r"</?(b|i|u|br|p|h[1-6]|ul|li|small|span)\b[^>]*>")


class FifoWatch:
    """A FIFO that says whether anything opened it. Another process opens it for writing,
    which returns only once a reader opens it, notes it and closes it at once: a reader
    gets an empty file instead of hanging, and the test learns that it was read. (A thread
    would not do: the reader blocks holding Python's lock, and the thread never closes.)"""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.log = path.with_suffix(".opened")
        loop = 'while :; do : > "$1"; echo opened >> "$2"; done'
        self.writer = subprocess.Popen(["sh", "-c", loop, "sh", str(path), str(self.log)])

    def opened(self) -> bool:
        return self.log.exists()

    def close(self) -> None:
        self.writer.kill()
        self.writer.wait()


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[FifoWatch]:
    watch = FifoWatch(tmp_path / "picture.png")
    yield watch
    watch.close()


def shows_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text())
    )


def widgets() -> list[QWidget]:
    found: list[QWidget] = []
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            found += [top, *top.findChildren(QWidget)]
    return found


def rich_markup(markup: str) -> list[str]:
    """Labels that would render `markup` as HTML, and tooltips holding it (Qt shows a tooltip
    that looks like HTML as HTML)."""
    bad = []
    for w in widgets():
        if isinstance(w, QLabel) and markup in w.text() and shows_rich(w):
            bad.append(f"label {w.objectName() or w.text()[:40]!r}")
        if markup in w.toolTip():
            bad.append(f"tooltip of {w.objectName()!r}")
    return bad


def tags_shown_as_text() -> list[str]:
    """Our own markup ("<b>Entry</b>") in a label that shows it as text."""
    return [
        w.text()[:60]
        for w in widgets()
        if isinstance(w, QLabel) and not shows_rich(w) and OUR_TAGS.search(w.text())
    ]


def test_markup_in_every_pack_field_is_shown_as_text_and_loads_nothing(
    qtbot: QtBot, controller: AppController, paths: Paths, fifo: FifoWatch
) -> None:
    text = PACK.read_text(encoding="utf-8").replace("@SRC@", str(fifo.path))
    Vault.create(paths.default_vault, PASSPHRASE).lock()
    with Vault.unlock(paths.default_vault, Secret(passphrase=PASSPHRASE)) as v:
        Repository(v).save_pack(StoredPack("hostile.markup", "Markup", "1", text))
    controller.start()
    controller.on_unlocked(open_journal(paths.default_vault, passphrase=PASSPHRASE), False)
    window = controller.main
    assert isinstance(window, MainWindow)
    qtbot.waitUntil(window.isVisible)
    wait_for_tasks()
    seen: list[str] = []

    def look() -> None:
        QApplication.processEvents()
        for w in widgets():
            w.ensurePolished()
            w.sizeHint()  # lays rich text out: that is when an image would load
        seen.extend(rich_markup("<img"))
        assert not tags_shown_as_text(), tags_shown_as_text()

    for pane in PaneKey:
        window.show_pane(pane)
        look()
    assert "Daily <img" in " ".join(
        w.text() for w in widgets() if isinstance(w, QLabel)
    ) or "Daily <img" in " ".join(
        b.text() for b in window.findChildren(QWidget) if hasattr(b, "text")
    ), "the Today card names the page, tags and all"
    for key in ("hostile.markup/daily", "hostile.markup/ready"):
        window.start_entry(key)
        look()
    template = window.service.catalog.template_for_instrument("hostile-markup")
    assert template is not None
    window.start_entry(template.key)
    look()
    [form] = [w for w in window.editor.item_widgets if isinstance(w, QuestionnaireItem)]
    for item_id in ("q1", "q2"):
        button = form.form.groups[item_id].button(1)
        assert isinstance(button, QRadioButton)
        button.click()
    window.editor.save_now()  # the safety rule fires: its message on Today and in crisis help
    qtbot.waitUntil(lambda: bool(controller.dialogs))
    look()
    window.show_pane(PaneKey.TODAY)
    look()
    assert not seen, f"pack markup rendered as HTML: {sorted(set(seen))}"
    assert not fifo.opened(), "the FIFO named by an <img> was opened"


def test_a_long_intro_is_formatted_off_the_ui_thread(qtbot: QtBot) -> None:
    """A pack's intro (or a report, a help page) long enough to be slow is formatted by a
    worker: the window keeps answering and says it is preparing the text meanwhile."""
    view = MarkdownView("intro", "Introduction")
    qtbot.addWidget(view)
    text = "[" * 20_000 + " the end"
    with qtbot.waitSignal(view.shown, timeout=60_000):
        view.set_markdown_text(text)
        assert view.toPlainText() == "Preparing the text…"
    assert view.toPlainText().endswith("[[[ the end")
    with qtbot.waitSignal(view.shown):
        view.set_markdown_text("*short*")  # formatted on the spot
    assert view.toPlainText() == "short"
