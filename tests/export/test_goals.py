"""Goals agreed with the therapist in the report: page 1 shows each shared goal in the
patient's words with how its ratings moved; a private goal is in no format, only counted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from kapjournal.domain import Entry, Goal, GoalRating
from kapjournal.export.goals import goal_courses
from kapjournal.export.report import build_report, chart_blocks
from tests.export.test_truth import INSTRUMENTS, written

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
WALK = Goal("Walk to the sea on Sundays", created_at=T0, uid="walk")
SECRET = Goal("Stop hiding the letters", private=True, created_at=T0, uid="secret")
OLD = Goal("Sleep before midnight", created_at=T0, uid="old", ended_at=T0 + timedelta(days=3))
RATINGS = [
    GoalRating("walk", 3, T0),
    GoalRating("walk", 6, T0 + timedelta(days=7)),
    GoalRating("walk", 5, T0 + timedelta(days=14)),
    GoalRating("secret", 9, T0 + timedelta(days=7)),
]


def report(chosen_from: datetime = T0):
    entry = Entry(title="A note", body="Some words.", created_at=chosen_from)
    return build_report(
        [entry],
        sessions=[],
        measures=[],
        instruments=INSTRUMENTS,
        generated_at=T0 + timedelta(days=15),
        goals=[WALK, SECRET, OLD],
        goal_ratings=RATINGS,
    )


def test_every_format_shows_shared_goals_and_only_counts_the_private_one() -> None:
    made = report()
    for name, text in written(made).items():
        flat = " ".join(text.split())
        assert "Walk to the sea on Sundays" in flat, name
        assert "Stop hiding the letters" not in flat, name
        if name != "share":
            assert "1 goal the patient marked private is not included." in flat, name
    share = json.loads(written(made)["share"])["at_a_glance"]
    assert share["private_goals_withheld"] == 1
    [walk, old] = share["goals"]
    assert [r["value"] for r in walk["ratings"]] == [3, 6, 5]
    assert old["ended_at"] is not None and old["ratings"] == []


def test_the_sentence_says_only_what_the_ratings_show() -> None:
    [walk, old] = report().goals
    assert walk.sentence().startswith("From 3 of 10 (")
    assert "2 points higher, over 3 ratings." in walk.sentence()
    assert old.sentence().startswith("Not rated yet. No longer a goal since")
    courses, _ = goal_courses([WALK], [GoalRating("walk", 4, T0)])
    assert courses[0].sentence().startswith("Rated 4 of 10 on")
    same, _ = goal_courses(
        [WALK], [GoalRating("walk", 4, T0), GoalRating("walk", 4, T0 + timedelta(days=7))]
    )
    assert "the same" in same[0].sentence()


def test_a_goal_ended_before_the_chosen_entries_is_left_out() -> None:
    later = report(chosen_from=T0 + timedelta(days=5))  # OLD ended on day 3
    assert [g.text for g in later.goals] == ["Walk to the sea on Sundays"]


def test_a_goal_with_two_ratings_gets_a_chart_under_its_own_heading() -> None:
    blocks = dict(chart_blocks(report()))
    [chart] = blocks["Goals agreed with the therapist"]
    assert chart.instrument == "Goal 1: Walk to the sea on Sundays" and chart.max_total == 10
    assert [v for _, v in chart.points] == [3.0, 6.0, 5.0]
