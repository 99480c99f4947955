"""Crisis help: the patient's own country's numbers, and a graded response after a flag."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette, QTextDocumentFragment
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from kapjournal.crisis import numbers, table
from kapjournal.domain import Answer, Entry
from kapjournal.settings import Settings
from kapjournal.ui import design
from kapjournal.ui.app import AppController
from kapjournal.ui.dialogs.crisis import CrisisDialog
from kapjournal.ui.main_window import MainWindow

FLAG = "You said you have had thoughts that you would be better off dead."


def dialog(qtbot: QtBot, settings: Settings, **kw: object) -> CrisisDialog:
    d = CrisisDialog(settings, reason=kw.pop("reason", FLAG), **kw)  # type: ignore[arg-type]
    qtbot.addWidget(d)
    return d


def text_of(d: CrisisDialog) -> str:
    """Everything the dialog says before a choice, as a screen reader hears it, top to bottom."""
    names = ("crisisAck", "crisisText", "crisisTruth", "crisisSource")
    labels = [d.findChild(QLabel, name) for name in names]
    assert all(labels)
    return " ".join(label.accessibleName() for label in labels if label is not None)


def plan(*people: tuple[str, str]) -> Entry:
    """A safety plan with a warning sign and the given (item id, text) answers."""
    answers = [Answer(item_id="warning-signs", prompt="My warning signs", text="Not sleeping.")]
    answers += [Answer(item_id=i, prompt=f"Prompt of {i}", text=t) for i, t in people]
    return Entry(answers=answers)


def top(d: QWidget, name: str) -> int:
    widget = d.findChild(QWidget, name)
    assert widget is not None and widget.isVisibleTo(d), name
    return widget.mapTo(d, widget.rect().topLeft()).y()


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


def test_it_reads_in_order_thanks_numbers_main_action_choices_truth(qtbot: QtBot) -> None:
    for reason, first in ((FLAG, "Thank you for answering honestly."), ("", "You reached out.")):
        d = dialog(qtbot, Settings(crisis_region="US"), reason=reason, journal_open=True)
        d.show()
        qtbot.waitExposed(d)
        ack = d.findChild(QLabel, "crisisAck")
        assert ack is not None and ack.accessibleName().startswith(first)
        assert d.accessibleDescription() == ack.accessibleName(), "said as the dialog opens"
        choices = ["crisisPlan", "crisisDraft"] + (["crisisSafe"] if reason else [])
        order = [top(d, n) for n in ("crisisAck", "crisisText", "crisisReach")]
        assert order == sorted(order) and len(set(order)) == 3, order
        assert all(order[-1] < top(d, c) < top(d, "crisisTruth") for c in choices)
        assert top(d, "crisisTruth") < top(d, "crisisSource") < top(d, "crisisClose")
        d.close()


def test_the_numbers_are_the_largest_labelled_text_for_the_chosen_country(qtbot: QtBot) -> None:
    for code in ("US", "ES"):
        d = dialog(qtbot, Settings(crisis_region=code))
        said = d.text.accessibleName()
        known = table()[code]
        assert said == f"Crisis line: {known.line} Emergency services: {known.emergency}"
        others = [w for w in d.findChildren(QLabel) if w is not d.text and w.text()]
        assert all(d.text.font().pointSizeF() > w.font().pointSizeF() for w in others)
        assert d.text.font().pointSizeF() >= QApplication.font().pointSizeF() * design.TITLE
        flags = d.text.textInteractionFlags()
        assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert "988" not in said and "911" not in said, "Spain's numbers only"
    japan = dialog(qtbot, Settings(crisis_region="JP"))
    nothing = japan.text.accessibleName()
    assert "Crisis line: (not set: add your local crisis line in Settings)" in nothing
    assert "Emergency services: (not set: add your local emergency number in Settings)" in nothing
    typed = dialog(qtbot, Settings(crisis_region="JP", emergency_number="119"))
    assert "Emergency services: 119" in typed.text.accessibleName()
    risky = dialog(qtbot, Settings(crisis_line="<img src=/dev/zero> 555"))
    assert "&lt;img" in risky.text.text() and "<img" not in risky.text.text(), "escaped"


def test_reaching_someone_lists_the_patients_own_people_before_the_numbers(
    qtbot: QtBot,
) -> None:
    own = plan(
        ("ask-for-help", "Mum: 555 0134\n\nSam <neighbour>: 555 0199"),
        ("professionals", "Dr. Rivera: 555 0100"),
    )
    d = dialog(qtbot, Settings(crisis_region="US"), safety_plan=own, journal_open=True)
    d.reach.click()
    said = d.reply.accessibleName()
    where = [
        said.index(x) for x in ("Mum: 555 0134", "Sam <neighbour>", "Dr. Rivera", "988", "911")
    ]
    assert where == sorted(where), said
    assert "Not sleeping" not in said, "only the people, not the whole plan"
    assert "&lt;neighbour&gt;" in d.reply.text(), "the patient's words are escaped"
    assert not d.reply.isHidden()
    alone = dialog(qtbot, Settings(crisis_region="US"), safety_plan=plan(("reasons", "Sea")))
    alone.reach.click()
    assert (
        "safety plan" not in alone.reply.accessibleName() and "988" in alone.reply.accessibleName()
    )


def test_reach_is_the_default_accent_action_and_comes_first_after_the_numbers(
    qtbot: QtBot,
) -> None:
    d = dialog(qtbot, Settings(crisis_region="US"), journal_open=True)
    d.show()
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow, timeout=3000)
    assert d.reach.isDefault() and not d.findChild(QPushButton, "crisisSafe").isDefault()
    assert d.reach.palette().color(QPalette.ColorRole.Button) == design.accent()
    assert d.reach.font().pointSizeF() > d.findChild(QPushButton, "crisisSafe").font().pointSizeF()
    assert QApplication.focusWidget() is d.text, "focus opens on the numbers"
    QTest.keyClick(d.text, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is d.reach
    QTest.keyClick(d.reach, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().objectName() == "crisisSafe"
    d.text.setFocus()
    QTest.keyClick(d.text, Qt.Key.Key_Return)  # Enter anywhere is the main action
    assert "988" in d.reply.accessibleName()


def test_every_text_in_the_dialog_reaches_a_screen_reader(qtbot: QtBot) -> None:
    own = plan(("ask-for-help", "Mum: 555 0134"))
    d = dialog(qtbot, Settings(crisis_region="ES"), safety_plan=own, journal_open=True)
    d.reach.click()
    shown = [w for w in d.findChildren(QLabel) if w.text() and not w.isHidden()]
    assert len(shown) >= 5
    for label in shown:
        plain = label.text()
        if label.textFormat() == Qt.TextFormat.RichText:
            plain = QTextDocumentFragment.fromHtml(plain).toPlainText()
        assert label.accessibleName() == " ".join(plain.split()), label.objectName()
        assert label.accessibleDescription(), label.objectName()


def test_a_text_line_and_the_samu_first_are_read_out_in_the_crisis_dialog(qtbot: QtBot) -> None:
    australia = dialog(qtbot, Settings(crisis_region="AU"))
    said = australia.text.accessibleName()
    assert "call 13 11 14 or text 0477 13 11 14" in said and "Emergency services: 000" in said
    australia.reach_someone()
    assert "0477 13 11 14" in australia.reply.accessibleName(), "repeated when reaching out"
    france = text_of(dialog(qtbot, Settings(crisis_region="FR")))
    assert "Emergency services: 15 (SAMU) ou 112" in france and "3114" in france
