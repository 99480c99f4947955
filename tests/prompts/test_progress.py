"""Baseline against latest, with the thresholds the instruments' packs publish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kapjournal.domain import MeasureResult
from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.progress import progress

CAT = Catalog.load()
T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


def results(instrument: str, *totals: int | None) -> list[MeasureResult]:
    return [
        MeasureResult(
            instrument=instrument, answers={}, total=t, completed_at=T0 + timedelta(days=7 * n)
        )
        for n, t in enumerate(totals)
    ]


def test_phq9_response_remission_and_meaningful_change() -> None:
    p = progress(CAT.instruments["phq9"], results("phq9", 18, 16, 4), T0 + timedelta(days=10))
    assert p is not None
    assert (p.baseline.total, p.latest.total, p.change) == (16, 4, -12), "last before session 1"
    assert p.before_course and p.meaningful and p.response and p.remission
    text = " ".join(p.sentences())
    assert "16 on " in text and "before the first session" in text and "12 points lower" in text
    assert "response" in text and "remission" in text


def test_a_fall_short_of_half_is_not_a_response_and_small_change_is_said_so() -> None:
    p = progress(CAT.instruments["phq9"], results("phq9", 14, 11), T0 + timedelta(days=3))
    assert p is not None and p.change == -3
    assert p.meaningful is False and p.response is False and p.remission is False
    text = " ".join(p.sentences())
    assert "The published threshold for a meaningful change is 5 points." in text
    assert "The published definition of response is a fall of 50% or more." in text


def test_pcl5_has_a_meaningful_change_but_no_response_or_remission_rule() -> None:
    p = progress(CAT.instruments["pcl5"], results("pcl5", 50, 38), None)
    assert p is not None and not p.before_course
    assert p.meaningful is True and p.response is None and p.remission is None
    assert "the first result" in p.sentences()[0]


def test_incomplete_results_are_not_totals_and_rises_are_said_plainly() -> None:
    assert progress(CAT.instruments["gad7"], results("gad7", None), None) is None
    p = progress(CAT.instruments["gad7"], results("gad7", 6, None, 11), None)
    assert p is not None and p.change == 5 and p.response is False
    assert "5 points higher" in p.sentences()[0]
