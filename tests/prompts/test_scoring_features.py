"""Every scoring feature a pack may use, on a fixture pack (tests/fixtures/packs)."""

from __future__ import annotations

from pathlib import Path

from kapjournal.prompts.loader import load_pack
from kapjournal.prompts.model import Instrument
from kapjournal.prompts.scoring import score

PACK = Path(__file__).parents[1] / "fixtures" / "packs" / "scoring-features.toml"


def inst(iid: str) -> Instrument:
    return next(i for i in load_pack(PACK).instruments if i.id == iid)


def test_reverse_items_own_options_and_a_scaled_mean_without_bands() -> None:
    w = inst("wellbeing")
    assert w.max_total == 100 and w.bands == ()
    best = score(w, {"w1": 4, "w2": 0, "w3": 4})  # calm always, tense never, slept
    assert best.total == 100 and best.band is None
    worst = score(w, {"w1": 0, "w2": 4, "w3": 0})
    assert worst.total == 0
    middle = score(w, {"w1": 2, "w2": 2, "w3": 4})  # (2 + 2 + 4) / 3 x 25
    assert middle.total == 67
    assert score(w, {"w1": 2}).total is None, "incomplete: no total"
    assert middle.summary(w) == "TWI: 67 of 100."


def test_a_group_counts_once_by_its_highest_item() -> None:
    g = inst("grouped")
    assert g.max_total == 3 * 4, "sleep once, plus three single items"
    s = score(g, {"s1": 1, "s2": 3, "s3": 0, "m1": 1, "m2": 0, "r1": 0})
    assert s.total == 3 + 1 and s.band is not None and s.band.id == "low"
    assert s.subscores == {"S": 4, "M": 1}, "sub-scales sum their own items"
    partly = score(g, {"s2": 2, "m1": 1, "m2": 1, "r1": 0})
    assert partly.total == 4, "one answered sleep item stands for its group"


def test_a_pattern_is_named_but_never_called_a_diagnosis_and_safety_still_fires() -> None:
    g = inst("grouped")
    s = score(g, {"s1": 2, "s2": 0, "s3": 0, "m1": 2, "m2": 3, "r1": 1})
    assert [p.id for p in s.provisional] == ["pattern"]
    assert [r.id for r in s.flags] == ["grouped-r1"]
    text = s.summary(g)
    assert text.startswith("A safety question was answered")
    assert "match the test pattern" in text and "not a diagnosis" in text
    no = score(g, {"s1": 1, "s2": 1, "s3": 1, "m1": 2, "m2": 3, "r1": 0})
    assert no.provisional == ()


def test_pcl5_reports_the_dsm5_pattern() -> None:
    from kapjournal.prompts.catalog import Catalog

    pcl = Catalog.load().instruments["pcl5"]
    answers = {f"pcl5_{n}": 0 for n in range(1, 21)}
    answers.update(pcl5_1=2, pcl5_6=2, pcl5_8=2, pcl5_9=3, pcl5_15=2, pcl5_16=2)
    met = score(pcl, answers)
    assert [p.id for p in met.provisional] == ["dsm5-pattern"]
    assert "only a clinician" in met.summary(pcl)
    answers["pcl5_16"] = 1  # one arousal symptom short
    assert score(pcl, answers).provisional == ()
