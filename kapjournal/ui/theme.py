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
        app.setPalette(light_palette(style.standardPalette()))


def light_palette(p: QPalette) -> QPalette:
    """Fusion's light palette with the colours that fall short of WCAG AA made darker: white
    on its selection blue is 3.7:1, its placeholder grey on white 4.0:1, visited links 3.1:1."""
    p.setColor(QPalette.ColorRole.Highlight, QColor("#1f6fa8"))  # 5.4:1 with white
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#6b6b6b"))  # 5.3:1 on white
    p.setColor(QPalette.ColorRole.LinkVisited, QColor("#7b1fa2"))  # 8.2:1 on white
    return p


def error_colour(background: QColor) -> QColor:
    """Red that reads at AA contrast on this background: dark red on light, light on dark."""
    return QColor("#a4161a" if background.lightness() >= 128 else "#ff9e9e")


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


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
        role.Highlight: "#3a7894",  # 4.9:1 with white
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
