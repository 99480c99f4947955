"""The therapist's report: only what was chosen, never a private answer, flags always."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kapjournal.domain import Answer, Entry, MeasureResult, Phase, Route, Session
from kapjournal.export.markdown import escape, to_markdown
from kapjournal.export.report import build_report
from kapjournal.prompts.catalog import Catalog
from tests.export.test_truth import written

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INSTRUMENTS = Catalog.load().instruments


def entry(title: str, *answers: Answer, days: int = 0, session: str | None = None) -> Entry:
    return Entry(
        phase=Phase.RECALL,
        title=title,
        answers=list(answers),
        session_uid=session,
        created_at=T0 + timedelta(days=days),
    )


def report_of(chosen: list[Entry], **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "sessions": [],
        "measures": [],
        "instruments": INSTRUMENTS,
        "generated_at": T0 + timedelta(days=30),
    }
    args.update(kw)
    return build_report(chosen, **args)  # type: ignore[arg-type]


def test_private_answers_are_left_out_and_counted() -> None:
    e = entry(
        "Lighthouse",
        Answer("imagery", "Images", text="A lighthouse in fog"),
        Answer("hard", "What was hard", text="my father's voice", private=True),
        Answer("body", "Body", text=""),
    )
    report = report_of([e])
    [section] = report.sections
    [shown] = section.entries
    assert [a.prompt for a in shown.answers] == ["Images"]  # blank and private left out
    assert report.withheld == 1
    text = to_markdown(report)
    assert "A lighthouse in fog" in text and "father" not in text
    assert "1 answer the patient marked private is not included." in text


def test_entries_group_by_session_in_course_order() -> None:
    first = Session(T0, route=Route.INTRANASAL)
    second = Session(T0 + timedelta(days=2))
    chosen = [
        entry("after second", days=3, session=second.uid),
        entry("free", days=1),
        entry("after first", days=0, session=first.uid),
    ]
    report = report_of(chosen, sessions=[second, first])
    assert [s.session.uid if s.session else None for s in report.sections] == [
        first.uid,
        second.uid,
        None,
    ]
    assert report.entry_count == 3 and report.first == T0


def test_flags_and_strong_side_effects_are_in_the_summary_even_unchosen() -> None:
    phq9 = MeasureResult(
        "phq9",
        answers={f"phq9_{n}": 1 for n in range(1, 9)} | {"phq9_9": 2},
        total=10,
        band="moderate",
        flags=["phq9-item9"],
        completed_at=T0,
    )
    unchosen = entry(
        "Right after",
        Answer(
            "effects",
            "Anything unpleasant?",
            kind="checklist",
            choices=["Nausea", "Headache"],
            severities={"Nausea": 3, "Headache": 1},
        ),
        days=1,
    )
    report = report_of([], measures=[phq9], all_entries=[unchosen])
    [flag] = report.flags
    assert "PHQ-9 item 9" in flag.text and "More than half the days" in flag.text
    assert [n.text for n in report.severe_side_effects] == ["Nausea (Right after)"]
    [score] = report.scores
    assert score.summary == (
        "PHQ-9: 10 of 27, a total in the Moderate range. A safety question was answered above "
        "0: see the safety flags."
    )
    text = to_markdown(report)
    assert "Thoughts that you would be better off dead" in text and "Nausea" in text


def test_markdown_escapes_what_the_app_writes() -> None:
    assert escape("# not a heading [link](x)") == r"\# not a heading \[link\](x)"
    assert escape("1. not a list") == r"1\. not a list"
    assert escape("- nor this") == r"\- nor this"
    assert escape("a sentence. With <b>tags</b>") == r"a sentence. With \<b\>tags\</b\>"


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=10)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(words, st.booleans(), st.booleans()),  # text, private, chosen
        min_size=1,
        max_size=12,
        unique_by=lambda t: t[0],
    )
)
def test_no_private_answer_and_no_unchosen_entry_ever_reaches_the_report(
    cases: list[tuple[str, bool, bool]],
) -> None:
    entries = [
        entry(
            f"entry {n}",
            Answer("a", "Prompt", text=f"SECRET{w}" if private else f"OPEN{w}", private=private),
        )
        for n, (w, private, _chosen) in enumerate(cases)
    ]
    chosen = [e for e, (_w, _p, pick) in zip(entries, cases, strict=True) if pick]
    report = report_of(chosen, all_entries=entries)
    for text in written(report).values():  # every format of the registry
        assert "SECRET" not in text
        for w, private, pick in cases:
            assert (f"OPEN{w}" in text) == (pick and not private)
    assert report.withheld == sum(1 for _w, p, pick in cases if p and pick)


def test_the_share_json_is_the_report_as_data() -> None:
    import json

    from kapjournal.export.share import FORMAT, VERSION, to_share

    s = Session(scheduled_at=T0, route=Route.IV_INFUSION)
    e = entry(
        "Lighthouse",
        Answer("a", "Images", text="A lighthouse in fog"),
        Answer("b", "Kept", text="SECRET", private=True),
        session=s.uid,
    )
    data = to_share(report_of([e], sessions=[s], all_entries=[e]), patient="J. R.")
    assert (data["format"], data["version"]) == (FORMAT, VERSION)
    assert data["patient"] == "J. R." and data["private_answers_withheld"] == 1
    assert data["sessions"][0]["route"] == "iv-infusion"
    [shared] = data["entries"]
    assert shared["session_uid"] == s.uid
    assert shared["answers"] == [{"prompt": "Images", "text": "A lighthouse in fog"}]
    assert "SECRET" not in json.dumps(data)


def test_a_flag_whose_answer_changed_stays_in_the_report_and_says_so() -> None:
    from kapjournal.domain import FlagRecord

    result = MeasureResult("phq9", answers={"phq9_9": 0}, total=3, completed_at=T0)
    history = [FlagRecord(result.uid, "phq9", "phq9-item9", T0)]
    report = report_of([], measures=[result], flag_history=history)
    [flag] = report.flags
    assert "raised a safety flag" in flag.text and "later changed" in flag.text
    assert "Not at all" in flag.text


def test_an_amended_result_counts_once_and_the_pcl5_pattern_is_named() -> None:
    old = MeasureResult("phq9", answers={}, total=16, completed_at=T0)
    new = MeasureResult("phq9", answers={}, total=9, completed_at=T0 + timedelta(days=21))
    new.amends = old.uid
    answers = {f"pcl5_{n}": 0 for n in range(1, 21)} | {
        "pcl5_1": 2, "pcl5_6": 2, "pcl5_8": 2, "pcl5_9": 2, "pcl5_15": 2, "pcl5_16": 2
    }  # fmt: skip
    pcl = MeasureResult("pcl5", answers=answers, total=12, band="below-cutoff", completed_at=T0)
    report = report_of([], measures=[old, new, pcl])
    assert [s.summary for s in report.scores if s.instrument == "PHQ-9"] == ["PHQ-9: 9 of 27."]
    [pcl_line] = [s.summary for s in report.scores if s.instrument == "PCL-5"]
    assert "DSM-5 symptom pattern" in pcl_line and "not a diagnosis" in pcl_line
