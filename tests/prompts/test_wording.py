"""The questionnaires' wording, checked against the published forms (copied here verbatim):
a changed character in a validated instrument is a different instrument."""

from __future__ import annotations

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
