"""Prompt packs through the one door: a practice's questionnaire and pages take their place."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kapjournal.domain import Phase, Session
from kapjournal.prompts.loader import PackError
from kapjournal.prompts.schedule import DueKind
from kapjournal.services import packs
from kapjournal.services.opening import OpenJournal
from tests.services.conftest import Clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PRACTICE = FIXTURES / "packs" / "practice.toml"
BROKEN = FIXTURES / "broken-packs" / "unknown-key.toml"


def test_a_practice_questionnaire_is_due_starts_scores_and_flags(opened: OpenJournal) -> None:
    imported = opened.packs.import_file(PRACTICE)
    assert not imported.replaced and "Harbour Clinic pack" in imported.sentence()
    j = opened.journal
    due = [d for d in j.schedule.due() if d.kind is DueKind.QUESTIONNAIRE]
    assert {d.key for d in due} == {"phq9", "harbour-calm"}, "GAD-7 switched off, Calm-2 added"
    [calm] = [d for d in due if d.key == "harbour-calm"]
    assert j.schedule.title_of(calm) == "Calm-2"
    entry = j.schedule.start_due(calm)
    assert entry is not None and entry.template_id == "harbour.practice/harbour-calm"
    j.save_entry(entry)
    out = j.questionnaires.record_questionnaire(
        "harbour-calm", {"calm_1": 1, "calm_2": 1}, None, entry.uid
    )
    assert out.score.total == 2 and out.score.band is not None and out.score.band.id == "high"
    assert [r.id for r in out.new_flags] == ["calm-2-disappear"]
    notice = j.safety.safety_notice()
    assert notice is not None and "disappear" in notice.messages[0]
    assert j.template(entry.template_id) is not None, "the entry reopens with its page"


def test_a_practice_page_replaces_the_builtin_one(opened: OpenJournal, clock: Clock) -> None:
    opened.packs.import_file(PRACTICE)
    j = opened.journal
    s = j.course.save_session(Session(scheduled_at=clock.now + timedelta(hours=30)))
    keys = [d.key for d in j.schedule.due() if d.session_uid == s.uid]
    assert keys == ["harbour.practice/preparation"], "one preparation, the practice's"
    prep = j.open_phase(s.uid, Phase.PREPARATION)
    assert prep.template_id == "harbour.practice/preparation"
    active = {t.key for t in j.catalog.active_templates}
    assert "kapjournal.core/preparation" not in active
    assert "kapjournal.core/integration" not in active
    assert j.template("kapjournal.core/preparation") is not None, "old entries still open"
    [info] = [i for i in opened.packs.listing() if i.pack.id == "harbour.practice"]
    assert any("replaces kapjournal.core/preparation" in c for c in info.changes)
    assert any("switches off kapjournal.core/integration" in c for c in info.changes)
    assert opened.packs.remove("harbour.practice")
    assert j.open_phase(s.uid, Phase.PREPARATION).template_id == "kapjournal.core/preparation"
    assert not opened.packs.remove("harbour.practice")


def test_import_refuses_bad_packs_and_unknown_targets(opened: OpenJournal, tmp_path: Path) -> None:
    with pytest.raises(PackError, match="colour"):
        opened.packs.import_file(BROKEN)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(
        PRACTICE.read_text(encoding="utf-8").replace(
            'replaces = "kapjournal.core/preparation"', 'replaces = "kapjournal.core/nothing"'
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError, match="nothing"):
        opened.packs.import_file(wrong)
    assert opened.packs.problems() == []
    assert all(i.pack.builtin for i in opened.packs.listing()), "nothing was added"


def test_validate_without_a_vault() -> None:
    assert packs.validate(PRACTICE).id == "harbour.practice"
    assert {p.id for p in packs.builtin_catalog().packs} >= {"kapjournal.core"}
