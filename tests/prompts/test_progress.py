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
    assert (
        "This fall meets a commonly used definition of response: a fall of 50% or more "
        "from a baseline of 10 or more. (Source: Kroenke" in text
    )
    assert "The latest total is below 5, a commonly used definition of remission." in text


def test_a_fall_short_of_half_is_not_a_response_and_small_change_is_said_so() -> None:
    p = progress(CAT.instruments["phq9"], results("phq9", 14, 11), T0 + timedelta(days=3))
    assert p is not None and p.change == -3
    assert p.meaningful is False and p.response is False and p.remission is False
    text = " ".join(p.sentences())
    assert "The published threshold for a meaningful change is 5 points." in text
    assert (
        "A commonly used definition of response is a fall of 50% or more from a baseline of 10 "
        "or more." in text
    )


def test_pcl5_response_is_a_fall_of_5_points_and_meaningful_change_10() -> None:
    p = progress(CAT.instruments["pcl5"], results("pcl5", 50, 38), None)
    assert p is not None and not p.before_course
    assert p.meaningful is True and p.response is True and p.remission is None
    assert "the first result" in p.sentences()[0]
    text = " ".join(p.sentences())
    assert "a commonly used definition of response: a fall of 5 points or more." in text
    assert "National Center for PTSD" in text
    small = progress(CAT.instruments["pcl5"], results("pcl5", 50, 46), None)
    assert small is not None and small.response is False and small.meaningful is False


def test_a_fall_from_2_to_1_is_neither_response_nor_remission() -> None:
    """Below caseness (PHQ-9 and GAD-7 at 10) neither is judged, and the words say why."""
    for instrument in ("phq9", "gad7"):
        p = progress(CAT.instruments[instrument], results(instrument, 2, 1), None)
        assert p is not None and p.response is None and p.remission is None
        text = " ".join(p.sentences())
        assert "1 point lower" in text and "remission" not in text.replace(
            "Response and remission are not judged", ""
        )
        assert "defined from a baseline of 10 or more, and this one is 2." in text
    at = progress(CAT.instruments["phq9"], results("phq9", 10, 4), None)
    assert at is not None and at.response is True and at.remission is True


def test_incomplete_results_are_not_totals_and_rises_are_said_plainly() -> None:
    assert progress(CAT.instruments["gad7"], results("gad7", None), None) is None
    p = progress(CAT.instruments["gad7"], results("gad7", 6, None, 11), None)
    assert p is not None and p.change == 5 and p.response is None, "baseline 6: below caseness"
    assert "5 points higher" in p.sentences()[0]
