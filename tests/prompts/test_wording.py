"""The questionnaires' wording, checked against the published forms (copied here verbatim):
a changed character in a validated instrument is a different instrument."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapjournal.prompts.catalog import Catalog

INSTRUMENTS = Catalog.load().instruments

# Pfizer's PHQ-9 and GAD-7 forms (phqscreeners.com), and the PCL-5 (National Center for PTSD).
PUBLISHED = {
    ("phq9", "phq9_9"): "Thoughts that you would be better off dead or of hurting yourself "
    "in some way",
    ("phq9", "phq9_difficulty"): "If you checked off any problems, how difficult have these "
    "problems made it for you to do your work, take care of things at home, or get along with "
    "other people?",
    ("gad7", "gad7_1"): "Feeling nervous, anxious, or on edge",
    ("gad7", "gad7_7"): "Feeling afraid, as if something awful might happen",
    ("gad7", "gad7_difficulty"): "If you checked off any problems, how difficult have these "
    "made it for you to do your work, take care of things at home, or get along with other "
    "people?",
}


def test_items_read_as_published() -> None:
    for (instrument, item), text in PUBLISHED.items():
        found = {i.id: i.text for i in INSTRUMENTS[instrument].items}
        assert found[item] == text, (instrument, item)


def test_pcl5_high_range_says_only_a_clinician_can_diagnose() -> None:
    [high] = [b for b in INSTRUMENTS["pcl5"].bands if b.min == 34]
    assert high.meaning == (
        "At or above the usual cut-off (31–33) that suggests probable PTSD; "
        "only a clinician can diagnose."
    )


PUBLISHED_DIR = Path(__file__).parents[1] / "fixtures" / "published"


def elements(instrument_id: str) -> dict[str, str]:
    """What the app shows, in the published files' terms."""
    i = INSTRUMENTS[instrument_id]
    out = {"window": i.recall_window, "stem": i.stem}
    out |= {f"option {o.value}": o.label for o in i.options}
    for it in i.items:
        out[f"item {it.id}"] = it.text
        out |= {f"item {it.id} option {o.value}": o.label for o in it.options}
    return out


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7", "pcl5", "pcl5w", "phq2", "gad2"])
def test_every_element_reads_as_the_committed_published_text(instrument_id: str) -> None:
    text = (PUBLISHED_DIR / f"{instrument_id}.txt").read_text(encoding="utf-8")
    published = dict(
        line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert elements(instrument_id) == published


def test_docs_clinical_lists_every_crisis_line_with_its_date() -> None:
    from kapjournal.crisis import table

    doc = (Path(__file__).parents[2] / "docs" / "clinical.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in doc.splitlines() if line.startswith("| ")}
    for code, line in table().items():
        assert code in rows, code
        for field in (line.checked, line.source, line.site, line.emergency):
            assert field in rows[code], (code, field)


def test_the_two_item_screeners_are_the_first_two_items_word_for_word() -> None:
    for short, full in (("phq2", "phq9"), ("gad2", "gad7")):
        brief, whole = INSTRUMENTS[short], INSTRUMENTS[full]
        assert [i.text for i in brief.items] == [i.text for i in whole.items[:2]]
        assert brief.stem == whole.stem and brief.options == whole.options
        assert [(b.min, b.max) for b in brief.bands] == [(0, 2), (3, 6)], "cut-off 3"
