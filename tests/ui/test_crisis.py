"""Crisis help: the patient's own country's numbers, and a graded response after a flag."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton, QRadioButton
from pytestqt.qtbot import QtBot

from kapjournal.crisis import numbers, table
from kapjournal.settings import Settings
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.crisis import CrisisDialog
from kapjournal.ui.main_window import MainWindow

FLAG = "You said you have had thoughts that you would be better off dead."


def dialog(qtbot: QtBot, settings: Settings, **kw: object) -> CrisisDialog:
    d = CrisisDialog(settings, reason=kw.pop("reason", FLAG), **kw)  # type: ignore[arg-type]
    qtbot.addWidget(d)
    return d


def text_of(d: CrisisDialog) -> str:
    label = d.findChild(QLabel, "crisisText")
    assert label is not None
    return label.accessibleName()


def test_every_country_in_the_table_has_its_numbers_source_and_date() -> None:
    assert {"US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "ES", "NL", "SE", "BR"} <= set(table())
    for line in table().values():
        assert line.line and line.emergency and line.source.startswith("http")
        assert datetime.strptime(line.checked, "%Y-%m-%d")


def test_the_region_really_changes_the_numbers(qtbot: QtBot) -> None:
    spain = text_of(dialog(qtbot, Settings(crisis_region="ES")))
    assert "024" in spain and "112" in spain and "988" not in spain and "Spain" in spain
    uk = text_of(dialog(qtbot, Settings(crisis_region="GB")))
    assert "116 123" in uk and "999" in uk
    own = numbers(Settings(crisis_region="GB", crisis_line="My GP's line 0123"))
    assert own.line == "My GP's line 0123" and own.emergency == "999", "typed over, per field"
    nowhere = text_of(dialog(qtbot, Settings()))
    assert "988" not in nowhere and "Choose where you are in Settings" in nowhere
    unknown = text_of(dialog(qtbot, Settings(crisis_region="JP")))
    assert "no built-in numbers for Japan" in unknown


def test_after_a_flag_the_patient_chooses_what_helps(qtbot: QtBot) -> None:
    d = dialog(qtbot, Settings(crisis_region="US"), journal_open=True)
    names = {b.objectName() for b in d.findChildren(QPushButton)}
    assert {"crisisSafe", "crisisReach", "crisisPlan", "crisisDraft"} <= names
    d.findChild(QPushButton, "crisisSafe").click()
    assert "Thank you for saying so" in d.reply.accessibleName()
    d.findChild(QPushButton, "crisisReach").click()
    assert "988" in d.reply.accessibleName() and "911" in d.reply.accessibleName()
    requested: list[bool] = []
    d.safety_plan_requested.connect(lambda: requested.append(True))
    d.findChild(QPushButton, "crisisPlan").click()
    assert requested and "no safety plan yet" in d.reply.accessibleName()
    d.findChild(QPushButton, "crisisDraft").click()
    copied = QGuiApplication.clipboard().text()
    assert "safety flag" in copied and copied == d.draft.toPlainText()
    assert "sends nothing" in d.reply.accessibleName()


def test_from_help_there_is_no_i_am_safe_and_locked_there_is_no_plan(qtbot: QtBot) -> None:
    d = dialog(qtbot, Settings(crisis_region="US"), reason="")
    names = {b.objectName() for b in d.findChildren(QPushButton)}
    assert "crisisSafe" not in names and "crisisPlan" not in names
    assert "crisisReach" in names and "crisisDraft" in names


def test_a_repeat_within_days_leads_briefly_but_keeps_every_number(qtbot: QtBot) -> None:
    first = text_of(dialog(qtbot, Settings(crisis_region="US")))
    again = text_of(dialog(qtbot, Settings(crisis_region="US"), repeat=True))
    assert FLAG in first and FLAG not in again and "This came up again" in again
    for kept in ("988", "911", "Nobody monitors this journal"):
        assert kept in again


def test_a_repeated_phq9_item9_shows_the_shorter_message(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    service = unlocked.service
    service.questionnaires.record_questionnaire("phq9", {"phq9_9": 1})
    unlocked.start_entry("kapjournal.core/phq9")
    item9 = unlocked.editor.findChild(QRadioButton, "phq9_9_1")
    assert item9 is not None
    item9.click()  # the same flag again, minutes later
    unlocked.save_pending()  # settled by a save
    crisis = [d for d in controller.dialogs if isinstance(d, CrisisDialog)]
    assert crisis and "This came up again" in text_of(crisis[-1])
    assert "crisisSafe" in {b.objectName() for b in crisis[-1].findChildren(QPushButton)}


def test_first_run_asks_where_and_its_crisis_button_uses_it(
    qtbot: QtBot, controller: AppController
) -> None:
    controller.settings.crisis_region = ""
    controller.start()  # no journal yet: the welcome dialog
    create = controller.create_dialog
    assert create is not None
    box = create.region
    assert box.accessibleName() and box.objectName() == "firstRunRegion"
    box.choose("ES")
    assert controller.settings.crisis_region == "ES"
    create.crisis_requested.emit()
    crisis = [d for d in controller.dialogs if isinstance(d, CrisisDialog)]
    assert crisis and "024" in text_of(crisis[-1])


def test_a_side_effect_rated_strong_suggests_support_without_the_crisis_screen(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox

    from kapjournal.domain import Session, SessionStatus
    from tests.ui.conftest import now

    session = unlocked.service.course.save_session(
        Session(scheduled_at=now(), status=SessionStatus.DONE)
    )
    unlocked.start_entry("kapjournal.core/recall", session.uid)
    editor = unlocked.editor
    box = editor.findChild(QCheckBox, "item_side-effects_line0")
    level = editor.findChild(QComboBox, "item_side-effects_severity0")
    assert box is not None and level is not None
    box.setChecked(True)
    level.setCurrentIndex(3)  # strong
    assert editor.save_now()
    assert not editor.support_note.isHidden()
    assert "contact your clinic" in editor.support_note.accessibleName()
    assert not [d for d in controller.dialogs if isinstance(d, CrisisDialog)], "no crisis screen"
    level.setCurrentIndex(2)
    level.setCurrentIndex(3)
    editor.save_now()  # the same rule again on the same page: said once
    assert not unlocked.service.safety.flag_history(), "support is not a safety flag"


def test_several_days_of_very_low_mood_show_a_note_on_today(
    qtbot: QtBot, unlocked: MainWindow
) -> None:
    from datetime import timedelta

    from tests.ui.conftest import now

    service = unlocked.service
    for days in (0, 1, 2):
        service.clock = lambda d=days: now() - timedelta(days=d)
        service.check_ins.save_check_in({"mood": 1})
    service.clock = now
    unlocked.today.refresh()
    assert not unlocked.today.support.isHidden()
    assert "very low on several days" in unlocked.today.support.accessibleName()


def test_strong_chest_pain_points_to_the_countrys_emergency_number(
    qtbot: QtBot, controller: AppController, unlocked: MainWindow
) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox

    from kapjournal.crisis import numbers

    unlocked.start_entry("kapjournal.core/recall")
    editor = unlocked.editor
    template = unlocked.service.template("kapjournal.core/recall")
    assert template is not None
    [effects] = [i for i in template.items if i.id == "side-effects"]
    n = effects.choices.index("Chest pain")
    box = editor.findChild(QCheckBox, f"item_side-effects_line{n}")
    level = editor.findChild(QComboBox, f"item_side-effects_severity{n}")
    assert box is not None and level is not None
    box.setChecked(True)
    level.setCurrentIndex(3)  # strong
    assert editor.save_now()
    said = editor.support_note.accessibleName()
    emergency = numbers(controller.settings).emergency
    assert emergency and f"Emergency services: {emergency}." in said
    assert said.index("chest pain") < said.index("contact your clinic"), "the red flag first"
    assert not [d for d in controller.dialogs if isinstance(d, CrisisDialog)], "no crisis screen"


def test_a_screen_reader_hears_the_crisis_numbers_as_words_not_markup(qtbot: QtBot) -> None:
    d = dialog(qtbot, Settings(crisis_region="US"))
    spoken = text_of(d)
    assert "988" in spoken and "<" not in spoken, spoken
    d.reach_someone()
    assert d.reply.accessibleName() and "<" not in d.reply.accessibleName()
