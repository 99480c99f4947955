"""The WHO-5 Well-Being Index: its published wording word for word, the percentage score and
its bands, which way is better in every sentence about change (a rise is the good direction
here, unlike the PHQ-9, GAD-7 and PCL-5), and that it is offered but not scheduled unless a
practice's pack schedules it."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kapjournal.domain import EntryFilter, MeasureResult, Phase
from kapjournal.prompts.catalog import BUILTIN_DIR, BUILTIN_FILES, Catalog, load_builtins
from kapjournal.prompts.loader import PackError, load_pack_text
from kapjournal.prompts.model import Instrument
from kapjournal.prompts.progress import progress
from kapjournal.prompts.schedule import DueKind, compute
from kapjournal.prompts.scoring import score
from kapjournal.services.opening import create_journal
from tests.conftest import PASSPHRASE

CAT = Catalog.load()
WHO5 = CAT.instruments["who5"]
FIXTURE = Path(__file__).parents[1] / "fixtures" / "published" / "who5.txt"
T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


def published() -> dict[str, str]:
    text = FIXTURE.read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line and line[0] != "#")


def shown(i: Instrument) -> dict[str, str]:
    """What the app shows, in the fixture's terms."""
    out = {"window": i.recall_window, "stem": i.stem}
    out |= {f"option {o.value}": o.label for o in i.options}
    out |= {f"item {it.id}": it.text for it in i.items}
    return out


def answers(*values: int) -> dict[str, int]:
    return {f"who5_{n}": v for n, v in enumerate(values, start=1)}


# -- the wording ------------------------------------------------------------------------------
def test_every_element_reads_as_the_committed_published_text() -> None:
    assert shown(WHO5) == published()
    assert [i.scored for i in WHO5.items] == [True] * 5, "five statements, all scored"
    assert not any(i.options for i in WHO5.items), "one answer scale for all five"


def test_the_fixture_names_its_source_and_the_day_it_was_checked() -> None:
    first = FIXTURE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# WHO-5 Well-Being Index (1998 version)")
    assert "Mental Health Centre North Zealand" in first and "2026-12-02" in first


def test_the_one_change_on_screen_is_marked_in_the_pack_and_the_fixture() -> None:
    example = "put a tick in the box with the number 3 in the upper right corner"
    assert example not in WHO5.stem
    assert example in FIXTURE.read_text(encoding="utf-8").splitlines()[2], "recorded as left out"
    assert "without the paper form's example" in WHO5.source
    assert "CC BY-NC-SA 3.0 IGO" in WHO5.source


def test_the_wording_is_never_translated() -> None:
    from kapjournal import i18n
    from kapjournal.prompts.catalog import builtin_packs

    i18n.install("es")
    try:
        spanish = next(i for p in builtin_packs() for i in p.instruments if i.id == "who5")
        assert shown(spanish) == published(), "names, stem, items and answers stay English"
    finally:
        i18n.install("en")


# -- the score --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "raw"),
    [((5, 5, 5, 5, 5), 25), ((0, 0, 0, 0, 0), 0), ((3, 3, 2, 2, 2), 12), ((3, 3, 3, 2, 2), 13)],
)
def test_the_total_is_the_percentage_score_the_raw_score_times_4(
    values: tuple[int, ...], raw: int
) -> None:
    assert sum(values) == raw
    s = score(WHO5, answers(*values))
    assert s.total == raw * 4
    assert WHO5.max_total == 100 and WHO5.multiply == 4
    assert s.summary(WHO5).startswith(f"WHO-5: {raw * 4} of 100 (")


def test_an_unanswered_statement_gives_no_total() -> None:
    s = score(WHO5, {"who5_1": 5, "who5_2": 5, "who5_3": 5, "who5_4": 5})
    assert s.total is None and s.missing == ("who5_5",)
    with pytest.raises(ValueError):
        score(WHO5, answers(6, 0, 0, 0, 0))


@pytest.mark.parametrize(
    ("raw", "band"),
    [(0, "low"), (7, "low"), (8, "reduced"), (12, "reduced"), (13, "above"), (25, "above")],
)
def test_the_bands_are_the_published_cut_offs(raw: int, band: str) -> None:
    """A raw score below 13 (48 or less) means poor wellbeing and a reason to check for
    depression; 28 or less on the percentage scale, possible depression."""
    values = [5] * (raw // 5) + ([raw % 5] if raw % 5 else [])
    s = score(WHO5, answers(*(values + [0] * (5 - len(values)))))
    assert s.total == raw * 4 and s.band is not None and s.band.id == band


def test_the_bands_cover_0_to_100_once_and_their_words_never_diagnose() -> None:
    spans = [(b.min, b.max) for b in WHO5.bands]
    assert spans == [(0, 28), (29, 50), (51, 100)]
    low, reduced, above = WHO5.bands
    assert "only a clinician can diagnose" in low.meaning
    assert (
        "a raw score below 13" in reduced.meaning and "checking for depression" in reduced.meaning
    )
    assert "Above 50 of 100" in above.meaning
    assert all("severe" not in b.label.lower() for b in WHO5.bands)


# -- which way is better ----------------------------------------------------------------------
def results(*totals: int) -> list[MeasureResult]:
    return [
        MeasureResult(
            instrument="who5", answers={}, total=t, completed_at=T0 + timedelta(days=14 * n)
        )
        for n, t in enumerate(totals)
    ]


def test_a_rise_is_said_as_higher_with_higher_being_better_never_worse() -> None:
    p = progress(WHO5, results(40, 60), T0 + timedelta(days=1))
    assert p is not None and p.change == 20 and p.meaningful is True
    text = " ".join(p.sentences())
    assert "40 on Mar 2, before the first session; 60 most recently" in text
    assert "20 points higher (on the WHO-5, higher is better)." in text
    assert "That is at least the published threshold for a meaningful change (10 points)." in text
    for wrong in ("worse", "lower", "fall", "response", "remission"):
        assert wrong not in text.lower(), wrong


def test_a_fall_is_said_as_lower_with_the_same_reminder() -> None:
    p = progress(WHO5, results(60, 48), T0 + timedelta(days=1))
    assert p is not None and p.change == -12
    text = " ".join(p.sentences())
    assert "12 points lower (on the WHO-5, higher is better)." in text
    assert "improve" not in text and "response" not in text and "remission" not in text


def test_a_change_of_one_answer_step_is_short_of_the_published_10_points() -> None:
    p = progress(WHO5, results(40, 48), T0 + timedelta(days=1))
    assert p is not None and p.meaningful is False
    assert "The published threshold for a meaningful change is 10 points." in p.sentences()
    same = progress(WHO5, results(40, 40), T0 + timedelta(days=1))
    assert same is not None and "no change." in " ".join(same.sentences())
    assert "higher is better" not in " ".join(same.sentences())


def test_response_and_remission_are_never_judged_on_it() -> None:
    p = progress(WHO5, results(20, 80), T0 + timedelta(days=1))
    assert p is not None
    assert p.response is None and p.remission is None and not p.judges_response_or_remission


def test_the_report_shows_the_rise_with_its_threshold_and_its_source(tmp_path: Path) -> None:
    now = [datetime(2026, 3, 2, 9, tzinfo=UTC)]
    with create_journal(tmp_path / "v.kapj", PASSPHRASE, clock=lambda: now[0]) as opened:
        opened.journal.questionnaires.record_questionnaire("who5", answers(2, 2, 2, 2, 2))
        now[0] += timedelta(days=14)
        opened.journal.questionnaires.record_questionnaire("who5", answers(3, 3, 3, 3, 3))
        reports = opened.reports
        out = tmp_path / "r.md"
        reports.write(reports.build(reports.select(EntryFilter())), out)
    text = out.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| WHO-5 |"))
    assert "| 40 (Mar 2)" in row and "| 60 (Mar 16) |" in row and r"| \+20 |" in row
    assert "meaningful change" in row and "response" not in row
    assert "WHO-5: meaningful change: 10 points or more; a higher total is better." in text
    assert "a 10% difference indicates a significant change" in text


def test_the_chart_shades_the_low_bands_darker_and_the_share_file_says_which_way() -> None:
    from kapjournal.export.report import trends_of

    [trend] = trends_of(results(40, 60), {"who5": WHO5})
    assert trend.higher_is_better
    from kapjournal.export.report import build_report
    from kapjournal.export.share import to_share

    made = build_report(
        [], sessions=[], measures=results(40, 60), instruments={"who5": WHO5}, generated_at=T0
    )
    [change] = to_share(made)["at_a_glance"]["changes"]
    assert change["higher_is_better"] is True and change["change"] == 20


# -- offered, not scheduled -------------------------------------------------------------------
def test_offered_as_a_page_of_its_own_but_not_scheduled_by_default() -> None:
    page = CAT.template_for_instrument("who5")
    assert page is not None and page.key == "kapjournal.who5/who5"
    assert page.title == "WHO-5 (wellbeing, last 2 weeks)"
    keys = [t.key for t in CAT.active_templates]
    assert keys.index(page.key) > keys.index("kapjournal.core/pcl5w"), "after the app's own pages"
    assert CAT.template_for_phase(Phase.CHECK_IN) is not page
    assert "who5" not in {q.instrument for q in CAT.questionnaires}
    now = datetime(2026, 5, 20, 12, tzinfo=UTC)
    due = compute(now, CAT.templates, [], [], {}, CAT.questionnaires)
    assert "who5" not in {d.key for d in due if d.kind is DueKind.QUESTIONNAIRE}


PRACTICE = """
[pack]
id = "harbour.wellbeing"
name = "Harbour practice: wellbeing"
version = "1"

[[templates]]
id = "week-note"
phase = "check-in"
title = "A note for the week"
items = [ { id = "note", type = "text", prompt = "Anything for your therapist?" } ]

[[questionnaires]]
instrument = "who5"
induction_every_days = 14
maintenance_every_days = 30
"""


def test_a_practice_pack_turns_the_schedule_on_like_any_other_questionnaire() -> None:
    cat = Catalog.load([("harbour.toml", PRACTICE)])
    assert cat.problems == []
    [sched] = [q for q in cat.questionnaires if q.instrument == "who5"]
    assert (sched.induction_every_days, sched.maintenance_every_days) == (14, 30)
    now = datetime(2026, 5, 20, 12, tzinfo=UTC)
    due = compute(now, cat.templates, [], [], {}, cat.questionnaires)
    assert "who5" in {d.key for d in due if d.kind is DueKind.QUESTIONNAIRE}


# -- the pack key and the separate licence ----------------------------------------------------
BASE = """
[pack]
id = "t.direction"
name = "t"
version = "1"

[[instruments]]
id = "upward"
name = "Upward"
short_name = "UP"
recall_window = "w"
stem = "s"
options = [ { value = 0, label = "no" }, { value = 1, label = "yes" } ]
items = [ { id = "u1", text = "one" } ]
"""


def test_higher_is_better_is_a_pack_key_off_unless_set() -> None:
    assert not any(i.higher_is_better for k, i in CAT.instruments.items() if k != "who5")
    assert WHO5.higher_is_better
    [up] = load_pack_text(BASE + "higher_is_better = true\n", "t.toml").instruments
    assert up.higher_is_better


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ('higher_is_better = "yes"', "key 'higher_is_better' should be true or false"),
        ("higher_is_better = true\nresponse_fall_percent = 50", "count a fall as the improvement"),
        ("higher_is_better = true\nremission_below = 1", "count a fall as the improvement"),
    ],
)
def test_higher_is_better_refuses_what_cannot_go_with_it(extra: str, said: str) -> None:
    with pytest.raises(PackError) as caught:
        load_pack_text(BASE + extra + "\n", "t.toml")
    assert any(said in e and "instrument 'upward'" in e for e in caught.value.errors)


def test_the_app_runs_without_the_separately_licensed_file(tmp_path: Path) -> None:
    for name in BUILTIN_FILES:
        if name != "who5.toml":
            shutil.copy(BUILTIN_DIR / name, tmp_path / name)
    packs = load_builtins(tmp_path)
    assert [p.id for p in packs][-1] == "kapjournal.core"
    assert "who5" not in {i.id for p in packs for i in p.instruments}
    notices = (BUILTIN_DIR.parents[1] / "docs" / "third-party.md").read_text(encoding="utf-8")
    assert "WHO-5" in notices and "CC BY-NC-SA 3.0 IGO" in notices
