"""Sessions, entries, answers, questionnaire results, export history and search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kapjournal.domain import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    Answer,
    Entry,
    EntryFilter,
    ExportRecord,
    MeasureResult,
    Phase,
    Route,
    Session,
    SessionKind,
    SessionStatus,
)
from kapjournal.storage.repository import Repository, fts_query
from kapjournal.storage.vault import Vault

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def repo(vault: Vault) -> Repository:
    return Repository(vault)


def test_session_round_trip(repo: Repository) -> None:
    s = repo.save_session(
        Session(
            scheduled_at=T0,
            route=Route.INTRANASAL,
            kind=SessionKind.BOOSTER,
            dose="as prescribed",
            clinic="Harbor Clinic",
            notes="bring socks",
        )
    )
    s.status = SessionStatus.DONE
    repo.save_session(s)
    [back] = repo.sessions()
    assert back.uid == s.uid and back.status is SessionStatus.DONE
    assert (back.route, back.kind, back.scheduled_at, back.clinic) == (
        Route.INTRANASAL,
        SessionKind.BOOSTER,
        T0,
        "Harbor Clinic",
    )
    repo.delete_session(s.uid)
    assert repo.sessions() == []


def test_entry_with_answers_round_trips_exactly(repo: Repository) -> None:
    s = repo.save_session(Session(scheduled_at=T0))
    e = Entry(
        phase=Phase.RECALL,
        title="Right after",
        body="**Bold** and _soft_",
        body_private=True,
        tags=["calm", "music"],
        session_uid=s.uid,
        template_id="recall",
        template_version="1.0",
        answers=[
            Answer("imagery", "What images came?", "text", text="a green field"),
            Answer("detached", "How detached?", "scale", number=7.0),
            Answer(
                "side",
                "Side effects",
                "checklist",
                choices=["nausea", "headache"],
                severities={"nausea": 2, "headache": 1},
            ),
            Answer("hard", "What was hard?", "text", text="the beginning", private=True),
        ],
    )
    repo.save_entry(e)
    back = repo.entry(e.uid)
    assert back is not None
    assert back.answers == e.answers
    assert back.tags == ["calm", "music"]
    assert back.session_uid == s.uid
    assert (back.phase, back.title, back.body, back.template_id) == (
        Phase.RECALL,
        "Right after",
        "**Bold** and _soft_",
        "recall",
    )


def test_editing_replaces_answers_and_tags(repo: Repository) -> None:
    e = repo.save_entry(Entry(title="v1", tags=["a"], answers=[Answer("x", text="one")]))
    e.title, e.tags, e.answers = "v2", ["b"], [Answer("y", text="two")]
    repo.save_entry(e)
    back = repo.entry(e.uid)
    assert back and (back.title, back.tags, [a.item_id for a in back.answers]) == (
        "v2",
        ["b"],
        ["y"],
    )
    assert repo.search("one") == [] and len(repo.search("two")) == 1


def test_filters_and_paging(repo: Repository) -> None:
    s = repo.save_session(Session(scheduled_at=T0))
    for i in range(30):
        repo.save_entry(
            Entry(
                phase=Phase.INTEGRATION if i % 3 == 0 else Phase.FREE,
                title=f"e{i}",
                tags=["sleep"] if i % 5 == 0 else [],
                session_uid=s.uid if i < 10 else None,
                created_at=T0 + timedelta(days=i),
            )
        )
    assert repo.count_entries() == 30
    newest = repo.entries(limit=5)
    assert [e.title for e in newest] == ["e29", "e28", "e27", "e26", "e25"]
    assert [e.title for e in repo.entries(limit=2, offset=5)] == ["e24", "e23"]
    assert repo.count_entries(EntryFilter(phase=Phase.INTEGRATION)) == 10
    assert repo.count_entries(EntryFilter(tag="sleep")) == 6
    assert repo.count_entries(EntryFilter(session_uid=s.uid)) == 10
    window = EntryFilter(since=T0 + timedelta(days=3), until=T0 + timedelta(days=6))
    assert sorted(e.title for e in repo.entries(window)) == ["e3", "e4", "e5"]
    assert repo.all_tags() == ["sleep"]


def test_search_ranks_and_marks_snippets(repo: Repository) -> None:
    repo.save_entry(Entry(title="Ocean waves", body="waves and waves and more waves by the sea"))
    repo.save_entry(Entry(title="Forest", body="a single wave of calm"))
    repo.save_entry(Entry(title="Answers only", answers=[Answer("q", text="I heard waves")]))
    repo.save_entry(Entry(title="Tagged", tags=["waves"]))
    hits = repo.search("waves")
    assert hits[0].title == "Ocean waves", "a match in the title and body ranks first"
    assert {h.title for h in hits} == {"Ocean waves", "Answers only", "Tagged"}
    assert SNIPPET_OPEN + "waves" + SNIPPET_CLOSE in hits[0].snippet
    assert {h.title for h in repo.search("wav")} >= {"Ocean waves", "Forest"}, "prefix matches"


def test_search_folds_accents_and_case(repo: Repository) -> None:
    repo.save_entry(Entry(body="Ein schöner Café-Besuch"))
    assert len(repo.search("CAFE")) == 1 and len(repo.search("schoner")) == 1


@pytest.mark.parametrize(
    "text", ['"', "NEAR(a b)", "a AND OR NOT", "*", "-x", "col:val", "^", "(("]
)
def test_search_treats_syntax_as_text(repo: Repository, text: str) -> None:
    repo.save_entry(Entry(body="plain words"))
    assert isinstance(repo.search(text), list)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_fts_query_is_always_valid(text: str) -> None:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(a, tokenize='unicode61 remove_diacritics 2')")
    q = fts_query(text)
    if q:
        conn.execute("SELECT * FROM f WHERE f MATCH ?", (q,)).fetchall()


def test_delete_entry_removes_it_from_search(repo: Repository) -> None:
    e = repo.save_entry(Entry(body="ephemeral"))
    repo.delete_entry(e.uid)
    assert repo.entry(e.uid) is None and repo.search("ephemeral") == []


def test_measures_and_exports(repo: Repository) -> None:
    s = repo.save_session(Session(scheduled_at=T0))
    m = repo.save_measure(
        MeasureResult(
            instrument="phq9",
            answers={"phq9_1": 2, "phq9_9": 1},
            total=14,
            band="moderate",
            flags=["phq9-item9"],
            session_uid=s.uid,
            completed_at=T0,
        )
    )
    assert repo.measures("phq9") == [m] and repo.measures("gad7") == []
    rec = repo.record_export(
        ExportRecord(format="pdf", entry_count=3, withheld_count=1, destination="/x.pdf", at=T0)
    )
    assert repo.exports() == [rec]


def test_prefix_matching_starts_at_three_letters(repo: Repository) -> None:
    repo.save_entry(Entry(title="Lighthouse"))
    repo.save_entry(Entry(title="li"))
    assert [h.title for h in repo.search("li")] == ["li"], "two letters match whole words"
    assert {h.title for h in repo.search("lig")} == {"Lighthouse"}
    assert fts_query('say "hi" NEAR') == '"say" "hi" "NEAR"*'


def test_one_measure_by_uid(repo: Repository) -> None:
    a = repo.save_measure(MeasureResult(instrument="phq9", answers={"phq9_1": 1}, completed_at=T0))
    repo.save_measure(MeasureResult(instrument="gad7", answers={"gad7_1": 2}, completed_at=T0))
    assert repo.measures(uid=a.uid) == [a]
    assert repo.measures("gad7", uid=a.uid) == []
