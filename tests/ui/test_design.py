"""The design system: icons that follow the theme and carry their licence, sizes that follow
the text."""

from __future__ import annotations

from importlib import resources

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kapjournal.ui import design
from kapjournal.ui.bootstrap import create_application
from kapjournal.ui.theme import apply_theme, contrast_ratio

ICON_NAMES = sorted(p.stem for p in design.ICONS.glob("*.svg"))


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    return create_application([])


def test_every_bundled_icon_is_drawn_in_the_themes_text_colour(app: QApplication) -> None:
    assert len(ICON_NAMES) >= 10
    for theme in ("light", "dark"):
        apply_theme(theme)
        text = QApplication.palette().color(QPalette.ColorRole.ButtonText)
        ground = QApplication.palette().color(QPalette.ColorRole.Button)
        for name in ICON_NAMES:
            image = design.icon(name).pixmap(48, 48).toImage()
            opaque = [
                image.pixelColor(x, y)
                for y in range(48)
                for x in range(48)
                if image.pixelColor(x, y).alpha() == 255
            ]
            assert opaque, f"{name} draws nothing"
            # overlapping strokes may round a channel by one
            assert all(contrast_ratio(QColor(c.rgb()), text) < 1.02 for c in opaque), (theme, name)
            assert contrast_ratio(text, ground) >= 4.5
    apply_theme("light")


def test_an_unknown_icon_is_a_mistake_not_a_blank(app: QApplication) -> None:
    with pytest.raises(KeyError):
        design.icon("no-such-icon")


def test_the_icons_licence_ships_with_them_and_is_named_in_the_notices() -> None:
    licence = (design.ICONS / "LICENSE").read_text("utf-8")
    assert "Lucide Contributors" in licence and "Cole Bemis" in licence
    notices = (resources.files("kapjournal") / "docs" / "third-party.md").read_text("utf-8")
    assert "Lucide" in notices and "ISC" in notices


def test_type_scale_spacing_targets_and_text_column_grow_with_the_text(
    qtbot: QtBot, app: QApplication
) -> None:
    normal = QApplication.font()
    before = (design.space(4), design.target(), design.icon_size().height())
    label = design.title(QLabel("Today"))
    body = QLabel("text")
    assert label.font().pointSizeF() == pytest.approx(body.font().pointSizeF() * design.TITLE)
    assert design.caption(QLabel("x")).font().pointSizeF() < body.font().pointSizeF()
    assert design.target() >= design.MIN_TARGET
    column = design.text_column(body)
    assert 60 * body.fontMetrics().averageCharWidth() < column
    big = QFont(normal)
    big.setPointSizeF(normal.pointSizeF() * 2)
    QApplication.setFont(big)
    try:
        after = (design.space(4), design.target(), design.icon_size().height())
        assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    finally:
        QApplication.setFont(normal)


def test_an_icon_on_an_accent_fill_is_drawn_in_the_colour_asked_for(app: QApplication) -> None:
    image = design.icon("life-buoy", QColor("#ffffff")).pixmap(32, 32).toImage()
    opaque = [image.pixelColor(x, y) for y in range(32) for x in range(32)]
    opaque = [c for c in opaque if c.alpha() == 255]
    assert opaque and all(contrast_ratio(QColor(c.rgb()), QColor("white")) < 1.02 for c in opaque)


def test_text_on_the_accent_reads_at_aa_in_both_themes(app: QApplication) -> None:
    """A chosen chip and the crisis dialog's main action draw their words on the accent."""
    for theme in ("light", "dark"):
        apply_theme(theme)
        palette = QApplication.palette()
        ratio = contrast_ratio(design.on_accent(palette), design.accent(palette))
        assert ratio >= 4.5, (theme, ratio)
        ground = palette.color(QPalette.ColorRole.Window)
        assert contrast_ratio(design.accent(palette), ground) >= 3.0, theme  # the fill's edge
    apply_theme("light")
