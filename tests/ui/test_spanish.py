"""The app in Spanish: our widgets, Qt's standard buttons, the core's sentences and dates."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QRadioButton
from pytestqt.qtbot import QtBot

from kapjournal import i18n
from kapjournal.domain import EntryFilter
from kapjournal.paths import Paths
from kapjournal.services.opening import open_journal
from kapjournal.settings import Settings
from kapjournal.storage.vault import Vault
from kapjournal.ui.app import AppController, install_language
from kapjournal.ui.dialogs.settings import SettingsDialog
from kapjournal.ui.panes.questionnaire import QuestionnaireItem
from kapjournal.ui.tasks import wait_for_tasks
from tests.conftest import PASSPHRASE


@pytest.fixture
def spanish(controller: AppController) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_language(app, "es") == "es"
    yield
    install_language(app, "en")


def test_the_app_speaks_spanish_from_every_layer(
    qtbot: QtBot, controller: AppController, paths: Paths, spanish: None
) -> None:
    Vault.create(paths.default_vault, PASSPHRASE).lock()
    controller.start()
    unlock = controller.unlock_window
    assert unlock is not None
    # our widget label
    assert unlock.unlock_button.text() == "&Desbloquear"
    # a core sentence: storage's wrong-passphrase error, shown as it is
    unlock.passphrase.setText("not the passphrase")
    unlock.submit()
    qtbot.waitUntil(lambda: bool(unlock.error.text()), timeout=10_000)
    assert unlock.error.text().startswith("Esa frase de paso no desbloquea este diario")

    controller.on_unlocked(open_journal(paths.default_vault, passphrase=PASSPHRASE), False)
    main = controller.main
    assert main is not None
    wait_for_tasks()
    assert main.tabs.tabText(0) == "&Hoy"
    # a date, through the locale
    service = main.service
    session = service.course.save_session(service.course.new_session())
    main.today.refresh()
    shown = main.today.next_session.text()
    assert shown.startswith("<b>Próxima sesión:</b> ")
    assert i18n.format_day_and_time(session.scheduled_at) in shown
    assert i18n.format_date(session.scheduled_at).split()[2] in {
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
        "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    }  # fmt: skip

    # Qt's own catalogue: a standard button
    dialog = SettingsDialog(Settings())
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"
    dialog.close()

    # the built-in pack: Spanish labels, the written value stored
    main.start_entry("kapjournal.core/preparation", session.uid)
    editor = main.editor
    assert editor.entry is not None and editor.entry.title == "Antes de la sesión"
    nervous = editor.findChild(QRadioButton, "item_feeling-about_choice2")
    assert nervous.accessibleName() == "Con nervios"
    nervous.click()
    assert editor.save_now()
    [row] = service.rows(EntryFilter(), limit=10)
    answers = {a.item_id: a for a in service.entry(row.uid).answers}
    assert answers["feeling-about"].choices == ["Nervous"]
    assert answers["weighing"].prompt == "¿Qué me pesa ahora mismo?"

    # a questionnaire keeps its published English wording, and says so
    main.start_entry("kapjournal.core/phq9")
    q = next(w for w in editor.item_widgets if isinstance(w, QuestionnaireItem))
    note = q.findChild(QLabel, "phq9_languageNote")
    assert note is not None and note.text().startswith("Estas preguntas conservan su redacción")
    assert note.text().endswith("solo usa una traducción si es la del propio editor.")
    texts = [label.text() for label in q.findChildren(QLabel)]
    assert any("Little interest or pleasure in doing things" in t for t in texts)


def test_english_shows_no_language_note(qtbot: QtBot, unlocked: object) -> None:
    from kapjournal.ui.main_window import MainWindow

    assert isinstance(unlocked, MainWindow)
    unlocked.start_entry("kapjournal.core/phq9")
    q = next(w for w in unlocked.editor.item_widgets if isinstance(w, QuestionnaireItem))
    assert q.findChild(QLabel, "phq9_languageNote") is None


def test_passphrase_advice_is_translated_too(spanish: None) -> None:
    from kapjournal.strength import strength

    score, advice = strength("password")
    assert score == 0 and advice == "Es una de las 10 contraseñas más comunes."


def test_every_zxcvbn_sentence_is_listed_for_the_catalogue() -> None:
    """A newer zxcvbn with new advice must not show it untranslated without anyone noticing."""
    import ast
    from pathlib import Path

    import zxcvbn

    from kapjournal.strength import ADVICE

    source = (Path(zxcvbn.__file__).parent / "feedback.py").read_text(encoding="utf-8")
    said = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_"
    }
    assert said == set(ADVICE)


def test_the_crisis_text_is_spanish_in_every_line(spanish: None) -> None:
    from kapjournal.crisis import numbers, where_from
    from kapjournal.ui.dialogs.crisis import numbers_text, plain_truth, reach_text

    n = numbers(Settings(crisis_region="ES"))
    text = numbers_text(n) + plain_truth() + reach_text(n, []) + where_from(n)
    for phrase in (
        "Línea de crisis",
        "Servicios de emergencia",
        "O ve al servicio de urgencias más cercano",
        "Nadie supervisa este diario.",
        "024",
        "España",
    ):
        assert phrase in text
