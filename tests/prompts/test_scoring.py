"""Scoring: every band edge, all-zero and all-max, PCL-5 clusters, incomplete, safety flags."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.model import Instrument
from kapjournal.prompts.scoring import change_is_meaningful, score, to_result

INSTRUMENTS = Catalog.load().instruments


def inst(name: str) -> Instrument:
    return INSTRUMENTS[name]


def answers_for_total(i: Instrument, total: int) -> dict[str, int]:
    """Spread a total over the items, highest first: every total is reachable."""
    top = max(o.value for o in i.options)
    out = {}
    for item in i.scored_items:
        v = min(top, total)
        out[item.id] = v
        total -= v
    assert total == 0
    return out


BAND_EDGES = {
    "phq9": [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately-severe"),
        (19, "moderately-severe"),
        (20, "severe"),
        (27, "severe"),
    ],
    "gad7": [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
    "pcl5": [
        (0, "below-cutoff"),
        (30, "below-cutoff"),
        (31, "cutoff-range"),
        (33, "cutoff-range"),
        (34, "above-cutoff"),
        (80, "above-cutoff"),
    ],
}


@pytest.mark.parametrize(
    ("name", "total", "band"), [(n, t, b) for n, edges in BAND_EDGES.items() for t, b in edges]
)
def test_band_edges(name: str, total: int, band: str) -> None:
    i = inst(name)
    s = score(i, answers_for_total(i, total))
    assert s.total == total and s.band is not None and s.band.id == band


@pytest.mark.parametrize("name", ["phq9", "gad7", "pcl5"])
def test_every_total_has_exactly_one_band(name: str) -> None:
    i = inst(name)
    for total in range(i.max_total + 1):
        assert len([b for b in i.bands if b.min <= total <= b.max]) == 1


@pytest.mark.parametrize(("name", "maximum"), [("phq9", 27), ("gad7", 21), ("pcl5", 80)])
def test_all_zero_and_all_max(name: str, maximum: int) -> None:
    i = inst(name)
    top = max(o.value for o in i.options)
    assert score(i, {it.id: 0 for it in i.scored_items}).total == 0
    assert score(i, {it.id: top for it in i.scored_items}).total == maximum


def test_pcl5_clusters() -> None:
    i = inst("pcl5")
    answers = {f"pcl5_{n}": (n % 5) for n in range(1, 21)}
    s = score(i, answers)
    assert s.subscores == {
        "B": sum(n % 5 for n in range(1, 6)),
        "C": sum(n % 5 for n in range(6, 8)),
        "D": sum(n % 5 for n in range(8, 15)),
        "E": sum(n % 5 for n in range(15, 21)),
    }
    assert sum(s.subscores.values()) == s.total


def test_missing_answers_make_it_incomplete_not_wrong() -> None:
    i = inst("phq9")
    answers = {f"phq9_{n}": 3 for n in range(1, 9)}  # item 9 unanswered
    s = score(i, answers)
    assert s.total is None and s.band is None and s.missing == ("phq9_9",)
    assert "incomplete" in s.summary(i)


def test_unscored_item_does_not_count() -> None:
    i = inst("phq9")
    answers = {f"phq9_{n}": 0 for n in range(1, 10)} | {"phq9_difficulty": 3}
    assert score(i, answers).total == 0


@pytest.mark.parametrize("value", [1, 2, 3])
def test_phq9_item9_above_zero_raises_the_safety_flag(value: int) -> None:
    i = inst("phq9")
    s = score(i, {"phq9_9": value})
    assert [f.id for f in s.flags] == ["phq9-item9"], "the flag fires even when incomplete"
    assert "nobody monitors this journal" in s.flags[0].message.lower()
    answers = {f"phq9_{n}": 0 for n in range(1, 9)} | {"phq9_9": value}
    result = to_result(i, answers, completed_at=datetime.now(UTC))
    assert result.flags == ["phq9-item9"] and result.total == value


def test_item9_zero_raises_nothing() -> None:
    assert score(inst("phq9"), {"phq9_9": 0}).flags == ()


@pytest.mark.parametrize("bad", [{"phq9_1": 4}, {"phq9_1": -1}, {"nope": 1}, {"phq9_1": True}])
def test_impossible_answers_are_refused(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        score(inst("phq9"), bad)


def test_meaningful_change() -> None:
    pcl = inst("pcl5")
    assert change_is_meaningful(pcl, 50, 40) is True
    assert change_is_meaningful(pcl, 50, 45) is False


def test_prorating_only_when_the_instrument_allows_it() -> None:
    from dataclasses import replace

    lenient = replace(inst("gad7"), prorate_max_missing=1)
    answers = {f"gad7_{n}": 2 for n in range(1, 7)}
    s = score(lenient, answers)
    assert s.prorated and s.total == 14
    assert score(inst("gad7"), answers).total is None


def test_a_fired_rule_leads_the_summary_and_the_band_is_qualified() -> None:
    phq = inst("phq9")
    answers = {f"phq9_{n}": 0 for n in range(1, 9)} | {"phq9_9": 1}
    text = score(phq, answers).summary(phq)
    assert text.startswith("A safety question was answered")
    assert "a total in the Minimal range" in text and "(Minimal)" not in text
    calm = score(phq, {f"phq9_{n}": 0 for n in range(1, 10)}).summary(phq)
    assert calm == "PHQ-9: 0 of 27 (Minimal)."
