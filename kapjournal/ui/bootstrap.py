"""Making the QApplication and putting its language in place, before any window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kapjournal import i18n
from kapjournal.ui.style import ContrastStyle
from kapjournal.ui.widgets import guard_plain_text


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("kapjournal")
    app.setApplicationDisplayName("kapjournal")
    app.setDesktopFileName("kapjournal")
    app.setStyle(ContrastStyle())
    icon = Path(__file__).resolve().parents[1] / "resources" / "kapjournal.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app.setQuitOnLastWindowClosed(False)
    guard_plain_text(app)
    return app


def install_language(app: QApplication, language: str) -> str:
    """Our catalogue for our words, Qt's own for its standard buttons and dialogs."""
    i18n.install(language)
    code = i18n.text_language()  # not current_language(): no locale data before a window shows
    QLocale.setDefault(QLocale(code))
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    qt = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(code), "qtbase", "_", folder):
        app.installTranslator(qt)
    return code
