"""The questionnaires' wording, checked against the published forms (copied here verbatim):
a changed character in a validated instrument is a different instrument."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapjournal.domain import Answer, Entry
from kapjournal.prompts.catalog import Catalog
from kapjournal.storage.repository import Repository
from kapjournal.storage.vault import Vault

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


# Where the app's words differ from the published form, and why: (instrument, element) ->
# (published words, the words on screen). Nothing else may differ.
ADAPTED = {
    # A screen has no numbers to circle: the PCL-5's own past-week form (2018) says "select one
    # of the options" for the same thing, and the past-month stem says it the same way.
    ("pcl5", "stem"): ("circle one of the numbers to the right", "select one of the options"),
}


def published(instrument_id: str) -> tuple[list[str], dict[str, str]]:
    """A committed published text: its comment lines (the source first) and its elements."""
    text = (PUBLISHED_DIR / f"{instrument_id}.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line]
    notes = [line for line in lines if line.startswith("#")]
    return notes, dict(line.split("\t", 1) for line in lines if not line.startswith("#"))


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7", "pcl5", "pcl5w", "phq2", "gad2"])
def test_every_element_reads_as_the_committed_published_text(instrument_id: str) -> None:
    _notes, words = published(instrument_id)
    for (iid, element), (was, shown) in ADAPTED.items():
        if iid == instrument_id:
            assert words[element].count(was) == 1, "the adaptation names published words"
            words[element] = words[element].replace(was, shown)
    assert elements(instrument_id) == words


def test_the_pcl5_stem_is_adapted_for_the_screen_and_says_which_words() -> None:
    _notes, words = published("pcl5")
    assert "circle one of the numbers to the right" in words["stem"], "the published form"
    shown = INSTRUMENTS["pcl5"].stem
    assert "select one of the options" in shown and "circle" not in shown
    assert "select one of the options" in INSTRUMENTS["pcl5w"].stem, "the 2018 form's words"


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7", "pcl5", "pcl5w", "phq2", "gad2"])
def test_each_published_text_names_the_source_it_was_compared_with(instrument_id: str) -> None:
    notes, _words = published(instrument_id)
    assert notes and any(name in notes[0] for name in ("Pfizer", "National Center for PTSD"))
    if instrument_id.startswith("pcl5"):
        assert "Weathers, Litz, Keane, Palmieri, Marx, & Schnurr" in notes[0]
        assert "https://www.ptsd.va.gov/" in notes[0]
    date = {"pcl5": "PCL-5 (8/14/2013)", "pcl5w": "version date 11 April 2018"}
    assert date.get(instrument_id, "") in notes[0]


@pytest.mark.parametrize(("page", "instrument_id"), [("pcl5", "pcl5"), ("pcl5w", "pcl5w")])
def test_the_pcl5_pages_name_the_experience_apart_from_the_published_text(
    page: str, instrument_id: str
) -> None:
    template = Catalog.load().template(f"kapjournal.core/{page}")
    assert template is not None
    [item] = template.items
    assert item.instrument == instrument_id
    assert item.help.startswith("A note from kapjournal, not part of the questionnaire")
    assert "the experience you and your therapist agreed to focus on" in item.help
    instrument = INSTRUMENTS[instrument_id]
    published_words = [instrument.stem, *(i.text for i in instrument.items)]
    assert not any("therapist" in w for w in published_words), "the form itself is untouched"


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


def test_an_entry_written_with_version_2_keeps_its_own_words(vault: Vault) -> None:
    """Version 3 reworded questions that presumed an effect, under new item ids: an entry
    written before keeps its prompts and choices, and, with no current item of that id, the
    editor shows it under the words it was written with."""
    core = Catalog.load()
    old = {
        ("integration", "still-true"): ("What still feels true?", "text", []),
        ("recall", "intention-showed"): ("Did my intention show up? How?", "text", []),
        ("integration-7", "lift-lasted"): (
            "How long did the lift in my mood last?", "single", ["Three to six days"],
        ),
    }  # fmt: skip
    repo = Repository(vault)
    for (page, item_id), (prompt, kind, choices) in old.items():
        template = core.template(f"kapjournal.core/{page}")
        assert template is not None and template.pack_version == "3.0"
        assert item_id not in {i.id for i in template.items}, "a new question, a new id"
        entry = Entry(
            phase=template.phase,
            title=template.title,
            template_id=template.key,
            template_version="2.0",
            answers=[Answer(item_id, prompt, kind=kind, text="warmth", choices=choices)],
        )
        repo.save_entry(entry)
        back = repo.entry(entry.uid)
        assert back is not None and back.template_version == "2.0"
        assert back.answers == entry.answers
