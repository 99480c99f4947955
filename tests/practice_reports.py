"""Real shared reports for the practice store's tests: two journals made through the journal's
own services, their share files written by the real export path (reports.write, format
"share"), built once per test run and handed out as fresh copies of the JSON.

The first patient's story: a flagged PHQ-9 (item 9) on day 0, a session on day 1 with a side
effect, a question for the clinic, a goal rated twice, a second PHQ-9 on day 2; report A on
day 3 (with a picture); the day-2 result amended on day 5, a WHO-5, the flags acknowledged
on day 10; report B on day 12. The second patient: one WHO-5 and a report on day 20.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kapjournal.domain import Acknowledged, EntryFilter, Session, SessionStatus
from kapjournal.services.goals import GoalDraft
from kapjournal.services.opening import OpenJournal, create_journal

ZONE = ZoneInfo("Europe/Madrid")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
PASSPHRASE = "correct horse battery staple"
PICTURE = Path(__file__).parent / "fixtures" / "pictures" / "gps.jpg"
RECIPIENT = "Harbour Clinic"

# Words found nowhere else, to look for in the practice store's bytes.
NAME = "Kestrelname Wren"
BODY = "Quokkabody sunlight on the harbour"
GOAL = "Zephyrgoal walk every morning"
QUESTION = "Marmotquestion can we lower the dose"
NOTE = "Ocelotnote patient seemed calmer"
MARKERS = ("Kestrelname", "Quokkabody", "Zephyrgoal", "Marmotquestion", "Ocelotnote")
SECOND = "Second Patient"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Story:
    first: dict[str, Any]  # report A, version 2, day 3
    later: dict[str, Any]  # report B, version 2, day 12 (the same journal)
    other: dict[str, Any]  # the second journal's report, day 20
    r1: str  # PHQ-9 day 0, item 9 answered 1 (a flag)
    r2: str  # PHQ-9 day 2, in report A; amended on day 5
    r3: str  # the amendment, in report B
    session: str
    goal_ratings: tuple[int, int]

    def copy(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = copy.deepcopy(getattr(self, name))
        return found


def phq(item9: int, rest: int, first: int | None = None) -> dict[str, int]:
    answers = {f"phq9_{n}": rest for n in range(1, 9)} | {"phq9_9": item9}
    if first is not None:
        answers["phq9_1"] = first
    return answers


def who5(value: int) -> dict[str, int]:
    return {f"who5_{n}": value for n in range(1, 6)}


def _write(opened: OpenJournal, dest: Path, *, patient: str, attach: bool = False) -> dict:
    reports = opened.reports
    entries = reports.select(EntryFilter())
    attached = [a.uid for a in reports.attachments_of(entries)] if attach else []
    report = reports.build(entries, attached)
    reports.write(report, dest, fmt="share", patient=patient, recipient=RECIPIENT)
    found: dict = json.loads(dest.read_text(encoding="utf-8"))
    return found


def _first_journal(folder: Path) -> tuple[dict, dict, dict[str, str]]:
    clock = Clock(T0)
    with create_journal(folder / "first.kapvault", PASSPHRASE, clock=clock) as opened:
        j = opened.journal
        [goal] = j.goals.set_goals([GoalDraft(None, GOAL), GoalDraft(None, "hidden", True)])[:1]
        j.goals.rate({goal.uid: 4})
        r1 = j.questionnaires.record_questionnaire("phq9", phq(1, 2)).result
        j.check_ins.save_check_in({"mood": 3})
        clock.now = T0 + timedelta(days=1)
        session = j.course.save_session(Session(scheduled_at=clock.now, status=SessionStatus.DONE))
        prep = j.start_entry("kapjournal.core/preparation", session.uid)
        next(a for a in prep.answers if a.item_id == "clinic-questions").text = QUESTION
        j.save_entry(prep)
        recall = j.start_entry("kapjournal.core/recall", session.uid)
        effects = next(a for a in recall.answers if a.item_id == "side-effects")
        effects.choices, effects.severities = ["Nausea"], {"Nausea": 2}
        j.save_entry(recall)
        free = j.free_entry()
        free.title, free.body = "After", BODY
        free = j.save_entry(free)
        opened.attachments.add_picture_file(free.uid, PICTURE)
        clock.now = T0 + timedelta(days=2)
        r2 = j.questionnaires.record_questionnaire("phq9", phq(0, 1)).result
        j.check_ins.save_check_in({"mood": 6})
        clock.now = T0 + timedelta(days=3)
        first = _write(opened, folder / "a.json", patient=NAME, attach=True)
        clock.now = T0 + timedelta(days=5)
        r3 = j.questionnaires.record_questionnaire("phq9", phq(0, 1, first=0), uid=r2.uid).result
        clock.now = T0 + timedelta(days=7)
        j.goals.rate({goal.uid: 6})
        j.questionnaires.record_questionnaire("who5", who5(3))
        clock.now = T0 + timedelta(days=10)
        j.safety.acknowledge_flags(Acknowledged.THERAPIST)
        clock.now = T0 + timedelta(days=12)
        later = _write(opened, folder / "b.json", patient=NAME)
    assert r3.amends == r2.uid
    return first, later, {"r1": r1.uid, "r2": r2.uid, "r3": r3.uid, "session": session.uid}


def _second_journal(folder: Path) -> dict:
    clock = Clock(T0 + timedelta(days=20))
    with create_journal(folder / "second.kapvault", PASSPHRASE, clock=clock) as opened:
        opened.journal.questionnaires.record_questionnaire("who5", who5(2))
        opened.journal.check_ins.save_check_in({"mood": 5})
        return _write(opened, folder / "c.json", patient=SECOND)


_MADE: list[Story] = []


def story(factory: pytest.TempPathFactory) -> Story:
    """The reports, made once per test run (each journal costs a key derivation)."""
    if not _MADE:
        folder = factory.mktemp("journals")
        first, later, uids = _first_journal(folder)
        _MADE.append(Story(first, later, _second_journal(folder), goal_ratings=(4, 6), **uids))
    return _MADE[0]


def as_version_1(report: dict[str, Any]) -> dict[str, Any]:
    """A version 2 report as version 1 wrote it (docs/share-format.md: what version 2 added,
    taken away)."""
    old = copy.deepcopy(report)
    for key in ("journal_id", "recipient", "at_a_glance", "results", "check_ins"):
        old.pop(key)
    for s in old["sessions"]:
        s.pop("number")
    old["version"] = 1
    return old


def save(report: dict[str, Any], path: Path, **dump: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, **{"ensure_ascii": False, **dump}), encoding="utf-8")
    return path
