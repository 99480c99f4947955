"""Goals agreed with the therapist: at most three open, ended not deleted, rated weekly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapjournal.services.goals import GoalDraft
from kapjournal.services.opening import OpenJournal, open_journal
from tests.conftest import PASSPHRASE
from tests.services.conftest import Clock


def test_goals_are_kept_in_the_patients_words_and_survive_reopening(
    opened: OpenJournal, clock: Clock, vault_path: Path
) -> None:
    goals = opened.journal.goals
    made = goals.set_goals([GoalDraft(None, " Call my  sister weekly "), GoalDraft(None, "")])
    assert [g.text for g in made] == ["Call my sister weekly"]
    opened.__exit__(None, None, None)
    with open_journal(vault_path, passphrase=PASSPHRASE, clock=clock) as again:
        [goal] = again.journal.goals.open_goals()
        assert goal.text == "Call my sister weekly" and not goal.private


def test_a_fourth_goal_is_refused_in_one_sentence_and_nothing_changes(opened: OpenJournal) -> None:
    goals = opened.journal.goals
    goals.set_goals([GoalDraft(None, "One")])
    with pytest.raises(ValueError, match="Up to 3 goals at a time"):
        goals.set_goals([GoalDraft(None, t) for t in ("A", "B", "C", "D")])
    assert [g.text for g in goals.goals()] == ["One"]


def test_a_cleared_goal_is_ended_with_its_ratings_and_a_refined_one_keeps_them(
    opened: OpenJournal, clock: Clock
) -> None:
    goals = opened.journal.goals
    walk, sleep = goals.set_goals([GoalDraft(None, "Walk daily"), GoalDraft(None, "Sleep by 11")])
    goals.rate({walk.uid: 3, sleep.uid: 5})
    clock.advance(days=8)
    goals.set_goals([GoalDraft(walk.uid, "Walk every day, even briefly", private=True)])
    every = {g.uid: g for g in goals.goals()}
    assert every[sleep.uid].ended_at == clock.now
    assert every[walk.uid].text == "Walk every day, even briefly" and every[walk.uid].private
    assert every[walk.uid].ended_at is None
    assert {(r.goal_uid, r.value) for r in goals.ratings()} == {(walk.uid, 3), (sleep.uid, 5)}
    with pytest.raises(ValueError, match="has ended"):
        goals.rate({sleep.uid: 6})


def test_ratings_are_due_weekly_per_goal(opened: OpenJournal, clock: Clock) -> None:
    goals = opened.journal.goals
    assert goals.due() == []  # no goals, nothing to rate
    a, b = goals.set_goals([GoalDraft(None, "A"), GoalDraft(None, "B")])
    assert [g.uid for g in goals.due()] == [a.uid, b.uid]
    goals.rate({a.uid: 7})
    assert [g.uid for g in goals.due()] == [b.uid]
    clock.advance(days=6, hours=23)
    assert [g.uid for g in goals.due()] == [b.uid]
    clock.advance(hours=2)
    assert [g.uid for g in goals.due()] == [a.uid, b.uid]


@pytest.mark.parametrize("value", [-1, 11])
def test_a_rating_outside_0_to_10_is_refused(opened: OpenJournal, value: int) -> None:
    goals = opened.journal.goals
    [g] = goals.set_goals([GoalDraft(None, "A")])
    with pytest.raises(ValueError, match="0 to 10"):
        goals.rate({g.uid: value})
    assert goals.ratings() == []
