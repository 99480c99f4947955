"""What each safety question showed, said whether or not it raised a flag, from the results
the patient shared only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kapjournal.domain import Answer, Entry, MeasureResult, Phase
from kapjournal.export.markdown import to_markdown
from kapjournal.export.report import build_report
from kapjournal.export.safety_items import safety_items
from kapjournal.i18n import format_skeleton
from kapjournal.prompts.catalog import Catalog

INSTRUMENTS = Catalog.load().instruments
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def phq9(item9: int, days: int) -> MeasureResult:
    answers = {f"phq9_{n}": 1 for n in range(1, 9)} | {"phq9_9": item9}
    return MeasureResult(
        instrument="phq9", answers=answers, total=8 + item9, band="mild",
        completed_at=T0 + timedelta(days=days),
    )  # fmt: skip


def test_a_safety_question_answered_0_every_time_says_so() -> None:
    results = [phq9(0, d) for d in (0, 7, 14)]
    assert safety_items(results, INSTRUMENTS) == ["PHQ-9 item 9: 0 on all 3 results shared."]


def test_the_dates_it_was_answered_above_0_are_named() -> None:
    results = [phq9(0, 0), phq9(2, 7), phq9(0, 14)]
    day = format_skeleton(T0 + timedelta(days=7), "yMMMd")
    assert safety_items(results, INSTRUMENTS) == [
        f"PHQ-9 item 9: above 0 on {day} (2); 0 on the other 2 results shared."
    ]


def test_a_private_result_never_shows_in_the_safety_lines() -> None:
    kept = phq9(3, 7)
    entry = Entry(
        phase=Phase.CHECK_IN,
        title="PHQ-9",
        created_at=kept.completed_at,
        answers=[Answer("phq9", "PHQ-9", kind="questionnaire", choices=[kept.uid], private=True)],
    )
    report = build_report(
        [entry],
        sessions=[],
        measures=[phq9(0, 0), kept],
        instruments=INSTRUMENTS,
        generated_at=T0 + timedelta(days=30),
        all_entries=[entry],
    )
    assert report.safety_items == ("PHQ-9 item 9: 0 on the 1 result shared.",)
    text = to_markdown(report)
    assert "0 on the 1 result shared" in text and "(3)" not in text
