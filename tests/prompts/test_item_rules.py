"""Safety rules on a page's items: scales, checklists, choices; crisis or support."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kapjournal.domain import Answer
from kapjournal.prompts.catalog import Catalog
from kapjournal.prompts.checks import PackError
from kapjournal.prompts.item_rules import fired
from kapjournal.prompts.loader import load_pack_text
from kapjournal.prompts.model import Item
from kapjournal.prompts.support import support_sentence

PACK = """
[pack]
id = "t.rules"
name = "Rules"
version = "1"

[[templates]]
id = "page"
phase = "free"
title = "Page"

[[templates.items]]
id = "urge"
type = "scale"
prompt = "How strong is the urge to hurt myself?"
[[templates.items.safety]]
id = "urge-high"
min_value = 7
message = "That is a strong urge."

[[templates.items]]
id = "feel"
type = "single"
prompt = "Right now I feel"
choices = ["Safe", "Not safe"]
[[templates.items.safety]]
id = "not-safe"
choice = "Not safe"
message = "You said you do not feel safe."
"""


def items() -> dict[str, Item]:
    return {i.id: i for i in load_pack_text(PACK, "test").templates[0].items}


def test_a_scale_at_or_above_its_threshold_fires() -> None:
    urge = items()["urge"]
    assert [r.id for r in fired(urge, Answer("urge", "", number=7))] == ["urge-high"]
    assert fired(urge, Answer("urge", "", number=6)) == []
    assert fired(urge, Answer("urge", "")) == [], "unanswered is not zero"


def test_a_named_choice_fires_and_others_do_not() -> None:
    feel = items()["feel"]
    assert fired(feel, Answer("feel", "", choices=["Not safe"]))
    assert not fired(feel, Answer("feel", "", choices=["Safe"]))


def test_the_recall_side_effects_rule_is_support_at_strong() -> None:
    recall = Catalog.load().template("kapjournal.core/recall")
    assert recall is not None
    effects = next(i for i in recall.items if i.id == "side-effects")
    strong = Answer("side-effects", "", choices=["Nausea"], severities={"Nausea": 3})
    [rule] = fired(effects, strong)
    assert rule.level == "support" and "contact your clinic" in rule.message
    mild = Answer("side-effects", "", choices=["Nausea"], severities={"Nausea": 2})
    assert fired(effects, mild) == []


@pytest.mark.parametrize(
    ("fragment", "said"),
    [
        ('level = "panic"', "'level' must be 'crisis', 'support' or 'medical'"),
        ('choice = "Maybe"', "names 'Maybe'"),
    ],
)
def test_a_bad_rule_is_refused_in_one_sentence(fragment: str, said: str) -> None:
    bad = PACK.replace('choice = "Not safe"', fragment)
    with pytest.raises(PackError, match=said):
        load_pack_text(bad, "bad.toml")


def test_several_very_low_days_suggest_support_and_one_does_not() -> None:
    now = datetime(2026, 3, 9, 20, 0).astimezone()
    days = [now - timedelta(days=d) for d in (0, 1, 3)]
    assert support_sentence([(d, 2) for d in days], now) is not None
    assert support_sentence([(days[0], 1), (days[1], 5), (days[2], 6)], now) is None
    old = [now - timedelta(days=d) for d in (6, 7, 8)]
    assert support_sentence([(d, 1) for d in old], now) is None, "only the last few days"
