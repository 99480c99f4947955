"""Take-home safety: urinary symptoms, memory, cravings and extra doses on the recall page and
between sessions (the Ketamine Side Effect Tool's longer-term and misuse areas). Support notes,
never the crisis screen; urinary pain or blood points to a doctor or the clinic, cravings and
extra doses to the clinic; never dosing advice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kapjournal.domain import Answer
from kapjournal.prompts.answers import new_entry
from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.item_rules import entry_fired, fired
from kapjournal.prompts.model import Item, ItemType
from kapjournal.services.opening import create_journal
from tests.conftest import PASSPHRASE

CATALOG = Catalog.load()
PAIN = "Pain or burning when passing urine"
BLOOD = "Blood in the urine"
OFTEN = "Needing to pass urine often or urgently"
MEMORY = "Memory problems"
CRAVINGS = "Cravings or urges to take more ketamine"
TAKE_HOME_RULES = {PAIN: "urine-pain", BLOOD: "urine-blood", CRAVINGS: "cravings"}
# Words that would be dosing advice or send someone to emergency services for these symptoms.
NEVER = ("emergency", "dose", "stop taking", "take less", "skip", "mg", "911", "call ")


def item(page: str, item_id: str) -> Item:
    template = CATALOG.template(f"kapjournal.core/{page}")
    assert template is not None
    return next(i for i in template.items if i.id == item_id)


def ticked(item_id: str, line: str, strength: int | None = None) -> Answer:
    severities = {} if strength is None else {line: strength}
    return Answer(item_id, "", kind="checklist", choices=[line], severities=severities)


def ids(it: Item, answer: Answer) -> list[str]:
    return [r.id for r in fired(it, answer)]


@pytest.mark.parametrize("line", [PAIN, BLOOD, CRAVINGS])
@pytest.mark.parametrize("strength", [0, 1, 2])
def test_a_take_home_line_fires_its_note_on_any_tick_on_the_recall_page(
    line: str, strength: int
) -> None:
    effects = item("recall", "side-effects")
    assert effects.severity and line in effects.choices
    [rule] = fired(effects, ticked("side-effects", line, strength))
    assert rule.id == TAKE_HOME_RULES[line] and rule.level == "support"


def test_a_tick_with_no_strength_stored_still_fires() -> None:
    effects = item("recall", "side-effects")
    assert ids(effects, ticked("side-effects", CRAVINGS)) == ["cravings"]


def test_rated_strong_adds_the_strong_note_and_never_a_medical_or_crisis_one() -> None:
    effects = item("recall", "side-effects")
    rules = fired(effects, ticked("side-effects", BLOOD, 3))
    assert [r.id for r in rules] == ["urine-blood", "strong-side-effect"]
    assert {r.level for r in rules} == {"support"}


@pytest.mark.parametrize("line", ["Nausea", "Headache", OFTEN, MEMORY, "Something else"])
@pytest.mark.parametrize("strength", [0, 2])
def test_unrelated_ticks_fire_nothing(line: str, strength: int) -> None:
    effects = item("recall", "side-effects")
    assert ids(effects, ticked("side-effects", line, strength)) == []
    assert ids(effects, Answer("side-effects", "", kind="checklist")) == [], "nothing ticked"


def test_several_lines_ticked_fire_each_their_own_note_once() -> None:
    effects = item("recall", "side-effects")
    both = Answer(
        "side-effects", "", choices=["Nausea", PAIN, CRAVINGS, MEMORY],
        severities={"Nausea": 1, PAIN: 0, CRAVINGS: 2, MEMORY: 1},
    )  # fmt: skip
    assert ids(effects, both) == ["urine-pain", "cravings"]


def test_urinary_notes_point_to_a_doctor_or_the_clinic_soon_and_never_to_emergency() -> None:
    effects = item("recall", "side-effects")
    for line in (PAIN, BLOOD):
        [rule] = fired(effects, ticked("side-effects", line, 1))
        text = rule.message.lower()
        assert "see a doctor or contact your clinic soon" in text
        assert "tell them you take ketamine" in text
        assert not any(word in text for word in NEVER), rule.message


def test_cravings_and_extra_doses_point_kindly_to_the_clinic_without_dosing_advice() -> None:
    [craving] = fired(item("recall", "side-effects"), ticked("side-effects", CRAVINGS, 1))
    [extra] = fired(item("recall", "took-more"), Answer("took-more", "", choices=["Yes"]))
    for rule in (craving, extra):
        text = rule.message.lower()
        assert rule.level == "support" and "clinic" in text
        assert not any(word in text for word in NEVER), rule.message
    assert "nothing to be ashamed of" in craving.message.lower()


@pytest.mark.parametrize(("page", "item_id"), [("recall", "took-more"), ("maintenance",
                                                "took-more-between")])  # fmt: skip
def test_extra_doses_are_a_yes_or_no_never_rated_strong(page: str, item_id: str) -> None:
    took = item(page, item_id)
    assert took.type is ItemType.SINGLE and not took.severity
    assert took.choices == ("No", "Yes")
    assert ids(took, Answer(item_id, "", choices=["Yes"])) == ["extra-dose"]
    assert ids(took, Answer(item_id, "", choices=["No"])) == []
    assert ids(took, Answer(item_id, "")) == [], "skipped is not a yes"
    effects = item("recall", "side-effects")
    assert not any("more often" in c for c in effects.choices), "not a line with a strength"


def test_between_sessions_the_longer_term_effects_are_a_short_checklist_of_their_own() -> None:
    longer = item("maintenance", "longer-term")
    assert longer.type is ItemType.CHECKLIST and not longer.severity
    assert set(longer.choices) == {PAIN, BLOOD, OFTEN, MEMORY, CRAVINGS}
    for line, rule_id in TAKE_HOME_RULES.items():
        rules = fired(longer, Answer("longer-term", "", choices=[line]))
        assert [(r.id, r.level) for r in rules] == [(rule_id, "support")]
    for line in (OFTEN, MEMORY):
        assert ids(longer, Answer("longer-term", "", choices=[line])) == []
    recall_words = {r.id: r.message for r in item("recall", "side-effects").safety}
    assert all(r.message == recall_words[r.id] for r in longer.safety), "one wording"


def test_a_whole_recall_page_meets_only_the_rules_its_answers_ask_for() -> None:
    template = CATALOG.template("kapjournal.core/recall")
    assert template is not None
    entry = new_entry(template)
    answers = {a.item_id: a for a in entry.answers}
    answers["side-effects"].choices = ["Dizziness", MEMORY]
    answers["side-effects"].severities = {"Dizziness": 2, MEMORY: 2}
    answers["took-more"].choices = ["No"]
    answers["felt-safe"].choices = ["Yes"]
    assert entry_fired(template, entry) == []
    answers["took-more"].choices = ["Yes"]
    assert [r.id for r in entry_fired(template, entry)] == ["extra-dose"]


def test_saved_in_a_real_journal_the_notes_are_quiet_support_and_leave_no_flag(
    vault_path: Path,
) -> None:
    now = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Madrid"))
    with create_journal(vault_path, PASSPHRASE, clock=lambda: now) as opened:
        entry = opened.journal.start_entry("kapjournal.core/maintenance")
        answers = {a.item_id: a for a in entry.answers}
        answers["longer-term"].choices = [BLOOD, CRAVINGS]
        answers["took-more-between"].choices = ["Yes"]
        opened.journal.save_entry(entry)
        safety = opened.journal.safety
        outcome = safety.check_entry(entry)
        assert outcome.crisis == () and outcome.medical == ()
        assert len(outcome.support) == 3
        assert any("Blood in the urine should be checked" in m for m in outcome.support)
        assert safety.flag_history() == [], "support notes are not crisis flags"
        again = safety.check_entry(entry, outcome.met)
        assert again.support == (), "said once, not on every save"


def test_a_craving_rated_strong_is_one_line_on_the_reports_first_page() -> None:
    """Two support rules on one answer (its own and "rated strong") make one line."""
    from datetime import UTC

    from kapjournal.export.safety import concerns

    entry = new_entry(CATALOG.template("kapjournal.core/recall"), None)  # type: ignore[arg-type]
    entry.created_at = datetime(2026, 11, 2, 9, tzinfo=UTC)
    for a in entry.answers:
        if a.item_id == "side-effects":
            a.choices, a.severities = [CRAVINGS], {CRAVINGS: 3}
    templates = {t.key: t for t in CATALOG.templates}
    [line] = list(concerns([entry], templates))
    assert CRAVINGS in line.text
