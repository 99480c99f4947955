"""Photograph the therapist's practice window from the real window under Xvfb into
docs/screenshots/ (practice-list.png, practice-patient.png; -dark with --theme dark).

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/practice_screenshots.py
    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python scripts/practice_screenshots.py \
        --theme dark

Builds, in a throwaway data folder, four made-up patients' journals, each sharing two or
three reports over a course (one with an open PHQ-9 item 9 safety flag), and a practice
store that holds them; nothing personal is involved.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtCore import QSize  # noqa: E402
from screenshots import PASS, settle, shoot  # noqa: E402

from kapjournal.domain import EntryFilter, Route, Session, SessionKind, SessionStatus  # noqa: E402
from kapjournal.services.goals import GoalDraft  # noqa: E402
from kapjournal.services.opening import create_journal  # noqa: E402
from kapjournal.services.practice import create_practice  # noqa: E402
from kapjournal.settings import Settings  # noqa: E402
from kapjournal.ui.bootstrap import create_application  # noqa: E402
from kapjournal.ui.practice.window import PracticeWindow  # noqa: E402
from kapjournal.ui.theme import apply_theme  # noqa: E402

DAY = timedelta(days=1)


@dataclass
class Patient:
    name: str
    phq: list[int]  # a PHQ-9 total every two weeks from the baseline
    gad: list[int]
    reports: list[int]  # weeks at which a report was shared
    item9: dict[int, int]  # PHQ-9 item 9 answered above 0, by round
    goal: str
    question: str
    weeks_ago: int  # when the course started


PATIENTS = [
    Patient("M. Okafor", [19, 17, 12, 13, 11, 9], [14, 13, 9, 9, 8, 7], [4, 8, 11], {5: 2},
            "Sleep before midnight on work nights", "Is it normal to feel flat the day after?",
            12),
    Patient("J. R.", [17, 18, 9, 6, 10, 5], [15, 15, 8, 6, 8, 5], [5, 10], {},
            "Walk by the sea twice a week", "Can I bring my own music next time?", 11),
    Patient("Ana L.", [14, 12, 8, 7], [12, 10, 7, 6], [3, 7], {},
            "Tell my sister how I am", "What do we do if the lift fades sooner?", 8),
    Patient("Tom K.", [21, 18, 16, 12, 10, 8], [16, 15, 12, 10, 9, 8], [4, 8, 12], {1: 1},
            "Cook one real meal a day", "Could we talk about the dreams I keep having?", 13),
]  # fmt: skip


def phq_answers(total: int, item9: int) -> dict[str, int]:
    """Nine answers (0-3) adding up to `total`, item 9 as given."""
    rest, values = total - item9, []
    for n in range(8):
        v = min(3, (rest + (7 - n)) // (8 - n))
        values.append(v)
        rest -= v
    return {f"phq9_{n + 1}": v for n, v in enumerate(values)} | {"phq9_9": item9}


def gad_answers(total: int) -> dict[str, int]:
    rest, out = total, {}
    for n in range(7):
        v = min(3, (rest + (6 - n)) // (7 - n))
        out[f"gad7_{n + 1}"] = v
        rest -= v
    return out


def build_patient(p: Patient, folder: Path, now: datetime) -> list[Path]:
    """A journal written week by week, sharing a report at each of `p.reports`."""
    opened = create_journal(folder / f"{p.name}.kapvault", PASS)
    journal, reports = opened.journal, opened.reports
    start = (now - p.weeks_ago * 7 * DAY).replace(hour=10, minute=0, second=0, microsecond=0)
    plan = [0, 2, 4, 7, 9, 11, 42, 70]
    sessions = []
    for n, d in enumerate(plan):
        kind = SessionKind.INDUCTION if n < 6 else SessionKind.BOOSTER
        status = SessionStatus.DONE if start + d * DAY < now else SessionStatus.PLANNED
        sessions.append(journal.course.save_session(Session(
            scheduled_at=start + d * DAY, route=Route.IV_INFUSION, kind=kind, status=status,
            clinic="Harbour Clinic")))  # fmt: skip
    journal.clock = lambda: start + 3 * DAY
    [goal] = journal.goals.set_goals([GoalDraft(None, p.goal)])
    written: list[Path] = []
    last = start - 20 * DAY
    for week in range(-1, max(p.reports) + 1):  # check-ins from a week before the first
        for d in range(7):
            at = start + (week * 7 + d) * DAY
            if at >= now or (d + week) % 9 == 4:  # some days go unrecorded
                continue
            journal.clock = lambda at=at: at.replace(hour=20)
            ci = journal.start_entry("kapjournal.core/check-in")
            a = {x.item_id: x for x in ci.answers}
            mood = min(9, 3 + week // 2 + (2 if any(0 <= (at - s.scheduled_at).days < 3
                                                    for s in sessions) else 0))  # fmt: skip
            a["mood"].number, a["anxiety"].number, a["sleep"].number = mood, 8 - mood, 6
            journal.save_entry(ci)
        done = [s for s in sessions if s.scheduled_at <= start + week * 7 * DAY + 6 * DAY]
        if week % 2 == 0 and week // 2 < len(p.phq):
            r = week // 2
            journal.clock = lambda r=r: start - 2 * DAY + r * 14 * DAY + 2 * DAY
            journal.questionnaires.record_questionnaire(
                "phq9", phq_answers(p.phq[r], p.item9.get(r, 0))
            )
            journal.questionnaires.record_questionnaire("gad7", gad_answers(p.gad[r]))
        if week in (1, 6) and done:
            s = done[-1]
            journal.clock = lambda s=s: s.scheduled_at + timedelta(hours=2)
            recall = journal.start_entry("kapjournal.core/recall", s.uid)
            a = {x.item_id: x for x in recall.answers}
            a["imagery"].text = "- A lighthouse in fog\n- *Warm amber light*, then deep blue"
            a["body"].text = "Heavy arms at first, then light."
            a["side-effects"].choices = ["Nausea", "Headache"]
            a["side-effects"].severities = {"Nausea": 1, "Headache": 1 + week % 2}
            recall.title = "After the session"
            journal.save_entry(recall)
            journal.clock = lambda s=s: s.scheduled_at + DAY
            integ = journal.start_entry("kapjournal.core/integration", s.uid)
            a = {x.item_id: x for x in integ.answers}
            a["bring-to-therapy"].text = p.question
            integ.title = "A day later"
            journal.save_entry(integ)
        if week >= 1:
            journal.clock = lambda week=week: start + (week * 7 + 3) * DAY
            journal.goals.rate({goal.uid: min(9, 2 + week // 2)})
        if week in p.reports:
            at = min(now - DAY, start + (week * 7 + 6) * DAY + timedelta(hours=9))
            journal.clock = lambda at=at: at
            # Since the last report, as the export dialog offers; the last one shares all.
            everything = week == max(p.reports)
            chosen = reports.select(EntryFilter(since=None if everything else last))
            out = folder / f"{p.name}-{week}.json"
            reports.write(reports.build(chosen), out, "share", patient=p.name)
            written.append(out)
            last = at
    opened.lock()
    return written


def build_practice(folder: Path) -> Path:
    now = datetime.now().astimezone()
    store = folder / "practice.kappractice"
    with create_practice(store, PASS) as opened:
        for p in PATIENTS:
            for report in build_patient(p, folder, now):
                opened.practice.add(report)
        someone = opened.practice.find("J. R.").key
        opened.practice.note(someone, "Talk about the music playlist before the next booster.")
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--theme", default="light", choices=["light", "dark"])
    args = parser.parse_args()
    suffix = "-dark" if args.theme == "dark" else ""
    with tempfile.TemporaryDirectory() as home:
        os.environ["KAPJOURNAL_HOME"] = home
        app = create_application([])
        apply_theme(args.theme)
        store = build_practice(Path(home))
        from kapjournal.services.practice import open_practice

        opened = open_practice(store, passphrase=PASS)
        window = PracticeWindow(opened, Settings().backups_kept)
        free = window.screen().availableGeometry().size()
        window.resize(QSize(1240, 860).boundedTo(free))
        window.table.clearSelection()
        shoot(window, "practice-list", suffix)
        window.choose(opened.practice.find("M. Okafor").key)
        settle(500)
        shoot(window, "practice-patient", suffix)
        window.wipe()
        opened.lock()
        window.close_for_lock()
        app.processEvents()


if __name__ == "__main__":
    main()
