"""Photograph every main screen from the real window under Xvfb into docs/screenshots/.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/screenshots.py [--theme dark]
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/screenshots.py --language es
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots.py --text 200

In another language, or at another text size, Today, a new guided entry, a questionnaire,
Sessions, the report dialog and crisis help are taken (suffix -es, -200).

Uses a throwaway data folder with the demo journal; nothing personal is involved.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import demo_data  # noqa: E402
from PySide6.QtCore import QEventLoop, QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton, QWidget  # noqa: E402

from kapjournal.domain import EntryFilter  # noqa: E402
from kapjournal.paths import Paths  # noqa: E402
from kapjournal.services.keys import KeyStore  # noqa: E402
from kapjournal.services.opening import OpenJournal, create_journal, open_journal  # noqa: E402
from kapjournal.settings import Settings  # noqa: E402
from kapjournal.ui.app import AppController, create_application, install_language  # noqa: E402
from kapjournal.ui.main_window import MainWindow  # noqa: E402
from kapjournal.ui.panes.pictures import png_bytes  # noqa: E402
from kapjournal.ui.tasks import wait_for_tasks  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASS = "demo passphrase for screenshots"


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    wait_for_tasks()
    QApplication.processEvents()


def attach_drawing(created: OpenJournal) -> None:
    """A drawing made after a session (drawn here: no real person's picture), on the
    demo's 'Three days on' entry."""
    from PySide6.QtCore import QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

    image = QImage(480, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("#dfe9f3"))
    p = QPainter(image)
    p.fillRect(QRectF(0, 220, 480, 100), QColor("#3b6e8f"))
    p.setBrush(QColor("#f4f1ea"))
    p.setPen(QPen(QColor("#333333"), 3))
    p.drawPolygon(QPolygonF([QPointF(220, 220), QPointF(236, 90), QPointF(264, 90),
                             QPointF(280, 220)]))  # fmt: skip
    p.setBrush(QColor("#f2b134"))
    p.drawEllipse(QPointF(250, 80), 18, 18)
    p.setPen(QPen(QColor("#f2b134"), 4))
    p.drawLine(QPointF(270, 80), QPointF(470, 40))
    p.end()
    rows = created.journal.rows(EntryFilter(), limit=80)
    uid = next(r.uid for r in rows if r.title == "Three days on")
    created.attachments.add_picture(uid, png_bytes(image), "lighthouse-drawing.png")


def shoot(widget: QWidget, name: str, suffix: str) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()
    settle()
    window = widget.window()
    pixmap = window.screen().grabWindow(window.winId())
    path = OUT / f"{name}{suffix}.png"
    pixmap.save(str(path))
    print(path)


class NoKeychain(KeyStore):
    def problem(self) -> str | None:
        return (
            "No secure keychain is available on this computer, so the passphrase cannot "
            "be remembered."
        )


def unlocked_on_today(controller: AppController, paths: Paths, suffix: str) -> MainWindow:
    controller.on_unlocked(open_journal(paths.default_vault, passphrase=PASS), False)
    main_window = controller.main
    assert main_window is not None
    free = main_window.screen().availableGeometry().size()
    main_window.resize(QSize(1200, 820).boundedTo(free))
    main_window.show_pane("today")
    shoot(main_window, "03-today", suffix)
    return main_window


def record_voice_note(main_window: MainWindow, suffix: str) -> None:
    """A recall page recording from a virtual microphone (a throwaway PulseAudio fed by
    espeak-ng, as in the tests), then the note kept."""
    from tests.ui.virtual_mic import speak, virtual_microphone

    with virtual_microphone() as env:
        os.environ.update(env)
        session = main_window.service.schedule.next_session()
        main_window.start_entry("kapjournal.core/recall", session.uid if session else None)
        voice = main_window.editor.voice
        assert voice is not None
        voice.record.setFocus()
        heard: list[bool] = []
        voice.recorder.listening.connect(lambda: heard.append(True))
        voice.record.click()
        while not heard:
            settle(100)
        speaker = speak(env, "The light was warm, and I felt my grandmother close by.")
        settle(2200)
        shoot(main_window, "16-recording", suffix)
        while speaker.poll() is None:
            settle(100)
        kept: list[bool] = []
        voice.recorder.finished.connect(lambda *_: kept.append(True))
        voice.record.click()
        while not kept:
            settle(100)
        settle(300)
        voice.rows[0].play.setFocus()
        shoot(main_window, "17-voice-note", suffix)


def truth_screens(controller: AppController, main_window: MainWindow, suffix: str) -> None:
    """What "private" means on a questionnaire, a flag on Today and the same flag
    acknowledged, and the report's safety section with a private flag (page 1 rendered)."""
    import subprocess
    from datetime import timedelta

    from kapjournal.domain import Acknowledged
    from kapjournal.export.pdf import to_pdf

    service = main_window.service
    main_window.start_entry("kapjournal.core/phq9")
    item = main_window.editor.item_widgets[0]
    main_window.editor.scroller.ensureWidgetVisible(item.private, 0, 40)
    item.private.setFocus()
    shoot(main_window, "18-phq9-private", suffix)
    # A PHQ-9 kept private, with item 9 answered "Several days", yesterday.
    real = service.clock
    service.clock = lambda: real() - timedelta(days=1)
    page = service.start_entry("kapjournal.core/phq9")
    answers = {f"phq9_{n}": 1 for n in range(1, 9)} | {"phq9_9": 1}
    outcome = service.questionnaires.record_questionnaire("phq9", answers, None, page.uid)
    page.answers[0].choices, page.answers[0].text = [outcome.result.uid], outcome.summary
    page.answers[0].private = True
    service.save_entry(page)
    service.clock = real
    main_window.show_pane("today")
    main_window.today.refresh()
    shoot(main_window, "19-safety-banner", suffix)
    assert controller.opened is not None
    reports = controller.opened.reports
    report = reports.build(reports.select(uids=[page.uid]))
    pdf = OUT / "report-private-flag.pdf"
    pdf.write_bytes(to_pdf(report, patient="J. R."))
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(OUT / f"report-private-flag{suffix}")], check=True)  # fmt: skip
    pdf.unlink()
    main_window.today.acknowledge(Acknowledged.THERAPIST)
    shoot(main_window, "20-flag-acknowledged", suffix)


def clinical_screens(main_window: MainWindow, suffix: str) -> None:
    """The goal card on Today, My goals, goals on Trends, the WHO-5 form and take-home side
    effects on the maintenance page."""
    from kapjournal.ui.dialogs.goals import GoalsDialog

    today = main_window.today
    main_window.show_pane("today")
    today.refresh()
    today.ensureWidgetVisible(today.goal_card, 0, 0)
    today.goal_card.scales[0].chips[6].click()
    today.goal_card.scales[0].chips[6].setFocus()
    shoot(main_window, "21-goal-card", suffix)
    dialog = GoalsDialog(main_window.service.goals, main_window)
    dialog.show()
    shoot(dialog, "22-my-goals", suffix)
    dialog.close()
    main_window.show_pane("trends")
    trends = main_window.trends
    trends.refresh()
    settle()
    heading = trends.findChild(QWidget, "trendsGoals")
    trends.ensureWidgetVisible(heading, 0, 0)
    trends.verticalScrollBar().setValue(
        heading.mapTo(trends.widget(), heading.rect().topLeft()).y()
    )
    shoot(main_window, "23-goals-trends", suffix)
    main_window.start_entry("kapjournal.who5/who5")
    shoot(main_window, "24-who5", suffix)
    main_window.start_entry("kapjournal.core/maintenance")
    editor = main_window.editor
    for box in editor.findChildren(QCheckBox):
        if box.accessibleName() in ("Pain or burning when passing urine", "Memory problems"):
            box.click()
    editor.save_now()  # the page's rules speak after a save, above the page
    target = next(w for w in editor.item_widgets if w.item.id == "longer-term")
    editor.scroller.ensureWidgetVisible(target, 0, 40)
    shoot(main_window, "25-take-home", suffix)


def export_and_crisis(
    controller: AppController, main_window: MainWindow, suffix: str, truth: bool = False
) -> None:
    """The report dialog, and crisis help after a flag: before and after "reach someone"."""
    from kapjournal.ui.dialogs.export import ExportDialog

    assert controller.opened is not None
    export = ExportDialog(controller.opened.reports, controller.opened.journal, main_window)
    export.resize(1200, 820)
    settle(500)  # the preview follows the choice after a moment
    shoot(export, "10-export", suffix)
    export.close()
    if truth:
        truth_screens(controller, main_window, suffix)
    from kapjournal.i18n import tr

    controller.show_crisis(  # PHQ-9's rule message, in the patient's language as shown
        tr(
            "You said you have had thoughts that you would be better off dead or of hurting "
            "yourself. You deserve support with this right now. Nobody monitors this journal, "
            "so it cannot get help for you: please reach out to a crisis line, emergency "
            "services, or someone you trust."
        )
    )
    crisis = controller.dialogs[-1]
    shoot(crisis, "08-crisis", suffix)
    crisis.findChild(QPushButton, "crisisReach").click()  # the graded response
    crisis.adjustSize()
    shoot(crisis, "14-crisis-reach", suffix)
    crisis.close()


def translated_screens(
    controller: AppController, paths: Paths, settings: Settings, suffix: str
) -> None:
    from datetime import datetime

    with create_journal(paths.default_vault, PASS) as created:
        demo_data.fill(created.journal, datetime.now().astimezone())
        attach_drawing(created)
    settings.remember_vault(paths.default_vault)
    main_window = unlocked_on_today(controller, paths, suffix)
    session = main_window.service.schedule.next_session()
    main_window.start_entry("kapjournal.core/preparation", session.uid if session else None)
    shoot(main_window, "05-editor", suffix)
    main_window.start_entry("kapjournal.core/phq9")
    shoot(main_window, "07-phq9", suffix)
    main_window.show_pane("sessions")
    shoot(main_window, "04-sessions", suffix)
    export_and_crisis(controller, main_window, suffix)
    controller.lock()
    controller.quit()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--theme", default="light")
    ap.add_argument("--language", default="en")
    ap.add_argument("--text", type=int, default=100, help="text size in percent")
    args = ap.parse_args()
    suffix = "" if args.theme == "light" else f"-{args.theme}"
    if args.language != "en":
        suffix += f"-{args.language}"
    if args.text != 100:
        suffix += f"-{args.text}"
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb" or not os.environ.get("DISPLAY"):
        raise SystemExit("run under xvfb-run so the real window is photographed")
    OUT.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="kapjournal-shots-"))
    os.environ["KAPJOURNAL_HOME"] = str(home)
    app = create_application([])
    install_language(app, args.language)
    if args.text != 100:
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * args.text / 100)
        app.setFont(font)
    paths = Paths.from_environment()
    region = "ES" if args.language == "es" else "US"  # a patient in the US, or in Spain
    settings = Settings(theme=args.theme, crisis_region=region)
    controller = AppController(paths, settings, keys=NoKeychain())

    if args.language != "en" or args.text != 100:
        translated_screens(controller, paths, settings, suffix)
        return
    controller.start()  # no vault yet: the first-run dialog
    dialog = controller.create_dialog
    assert dialog is not None
    dialog.passphrase.setText(PASS)
    dialog.repeat.setText(PASS)
    shoot(dialog, "01-first-run", suffix)
    dialog.close()
    controller.create_dialog = None

    from datetime import datetime

    with create_journal(paths.default_vault, PASS) as created:
        demo_data.fill(created.journal, datetime.now().astimezone())
        attach_drawing(created)
    settings.remember_vault(paths.default_vault)
    controller.unlock_window = None
    controller.show_unlock()
    assert controller.unlock_window is not None
    shoot(controller.unlock_window, "02-unlock", suffix)

    main_window = unlocked_on_today(controller, paths, suffix)
    main_window.show_pane("sessions")
    shoot(main_window, "04-sessions", suffix)
    main_window.show_pane("journal")
    main_window.journal.refresh()
    recall = next(
        r for r in main_window.service.rows(EntryFilter(), limit=50) if r.title == "Lighthouse"
    )
    main_window.open_uid(recall.uid)
    shoot(main_window, "05-journal-recall", suffix)
    main_window.journal.search.setText("lighthouse")
    settle(400)
    shoot(main_window, "06-search", suffix)
    main_window.start_entry("kapjournal.core/phq9")
    shoot(main_window, "07-phq9", suffix)
    third = next(
        r for r in main_window.service.rows(EntryFilter(), limit=80) if r.title == "Three days on"
    )
    main_window.open_uid(third.uid)
    pictures = main_window.editor.pictures
    assert pictures is not None
    main_window.editor.scroller.ensureWidgetVisible(pictures, 0, 0)
    shoot(main_window, "15-entry-picture", suffix)
    record_voice_note(main_window, suffix)
    clinical_screens(main_window, suffix)
    main_window.show_pane("trends")
    chart = main_window.trends.charts[0]
    chart.setFocus()  # the latest value, as the arrow keys or the pointer would show it
    shoot(main_window, "11-trends", suffix)
    main_window.trends.ensureWidgetVisible(main_window.trends.calendar, 0, 0)
    shoot(main_window, "12-calendar", suffix)
    main_window.trends.calendar.mode.setCurrentIndex(1)
    main_window.trends.calendar.year.setFocus()
    main_window.trends.ensureWidgetVisible(main_window.trends.calendar, 0, 0)
    shoot(main_window, "13-calendar-year", suffix)
    main_window.trends.calendar.mode.setCurrentIndex(0)
    export_and_crisis(controller, main_window, suffix, truth=True)
    controller.lock()
    settle()
    shoot(controller.unlock_window, "09-locked", suffix)
    controller.quit()


if __name__ == "__main__":
    main()
