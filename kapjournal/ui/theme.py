"""Light, dark, or the desktop's own colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SCHEMES = {
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
    "system": Qt.ColorScheme.Unknown,
}


def apply_theme(theme: str) -> None:
    """Light, dark, or whatever the desktop uses. Fusion draws from the palette, and not every
    platform honours a colour-scheme request, so light and dark set the palette themselves."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    QGuiApplication.styleHints().setColorScheme(SCHEMES.get(theme, Qt.ColorScheme.Unknown))
    style = app.style()
    if theme == "dark":
        app.setPalette(dark_palette())
    elif style is not None:
        app.setPalette(style.standardPalette())


def dark_palette() -> QPalette:
    """A calm dark palette, text above WCAG AA contrast. Fields are lighter than the window so
    Fusion's dark outlines of radio buttons and check boxes stay visible."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#202327",
        role.WindowText: "#e8e6e3",
        role.Base: "#30343b",
        role.AlternateBase: "#373b43",
        role.ToolTipBase: "#2c3036",
        role.ToolTipText: "#e8e6e3",
        role.PlaceholderText: "#9aa0a6",
        role.Text: "#e8e6e3",
        role.Button: "#33373e",
        role.ButtonText: "#e8e6e3",
        role.BrightText: "#ffffff",
        role.Highlight: "#4f8ea8",
        role.HighlightedText: "#ffffff",
        role.Link: "#8cc8e6",
        role.LinkVisited: "#b9a5e6",
        role.Light: "#3a3f46",
        role.Midlight: "#33373d",
        role.Mid: "#2a2d32",
        role.Dark: "#17191c",
        role.Shadow: "#000000",
    }
    for r, hex_ in colours.items():
        p.setColor(r, QColor(hex_))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#8a8f96"))
    return p
