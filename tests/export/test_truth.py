"""What the report says about private things and safety is exactly what the code does: a
private questionnaire is withheld whole from every format (its flag goes as a date and an
instrument only), no band is said alone beside a positive item 9, and the safety section's
empty claims ("none rated strong") are made only when they are true."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapjournal.domain import Answer, Entry, FlagRecord, MeasureResult, Phase
from kapjournal.export import formats
from kapjournal.export.markdown import to_markdown
from kapjournal.export.report import Report, build_report
from kapjournal.export.share import to_share_json
from kapjournal.prompts.catalog import Catalog

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CATALOG = Catalog.load()
INSTRUMENTS = CATALOG.instruments
TEMPLATES = {t.key: t for t in CATALOG.templates}
ITEM9 = "Thoughts that you would be better off dead"


def read_back(content: str | bytes) -> str:
    """The text a person reads: a PDF through poppler's pdftotext, anything else as is."""
    if isinstance(content, str):
        return content
    if content.startswith(b"%PDF"):
        done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True,
                              check=True)  # fmt: skip
        return unicodedata.normalize("NFKC", done.stdout.decode())
    return content.decode()


def written(report: Report) -> dict[str, str]:
    """The report in every format of the registry (kapjournal/export/formats.py), read back;
    a format laid out by Qt gets the renderer its front door would hand in."""
    from kapjournal.export.pdf import to_pdf

    out = {}
    for f in formats.FORMATS:
        if f.needs_qt and not shutil.which("pdftotext"):
            continue
        content = to_pdf(report) if f.needs_qt else f.writer(report, formats.Options())  # type: ignore[misc]
        out[f.name] = read_back(content)
    return out


def test_a_format_registered_once_is_read_by_these_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """One registration: the privacy checks below, the command line's choices and the export
    history all pick up a new format."""
    from kapjournal.cli.main import build_parser

    plain = formats.ReportFormat("txt", "Plain text", "txt", lambda r, o: to_markdown(r))
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, plain))
    monkeypatch.setattr(formats, "NAMES", (*formats.NAMES, "txt"))
    assert "txt" in written(report_of([], [], []))
    assert formats.history_label("report-txt") == "Report, Plain text"
    assert formats.by_extension(".txt") is plain
    args = build_parser().parse_args(["export", "--format", "txt", "--out", "r.txt"])
    assert args.format == "txt", "a choice of the command line"


def flat(text: str) -> str:
    return " ".join(text.split())


def phq9(total: int, item9: int, days: int) -> MeasureResult:
    answers = {f"phq9_{n}": 0 for n in range(1, 9)} | {"phq9_9": item9}
    return MeasureResult(
        "phq9",
        answers=answers,
        total=total,
        band=next(b.id for b in INSTRUMENTS["phq9"].bands if b.min <= total <= b.max),
        flags=["phq9-item9"] if item9 else [],
        completed_at=T0 + timedelta(days=days),
    )


def holding(result: MeasureResult, private: bool, title: str = "PHQ-9") -> Entry:
    answer = Answer(
        "phq9", "PHQ-9", kind="questionnaire", choices=[result.uid], private=private,
        text=f"PHQ-9: {result.total} of 27.",
    )  # fmt: skip
    result.entry_uid = (entry := Entry(Phase.CHECK_IN, title, answers=[answer])).uid
    entry.created_at = result.completed_at
    return entry


def report_of(chosen: list[Entry], everything: list[Entry], results: list[MeasureResult]) -> Report:
    return build_report(
        chosen,
        sessions=[],
        measures=results,
        instruments=INSTRUMENTS,
        generated_at=T0 + timedelta(days=40),
        all_entries=everything,
        templates=TEMPLATES,
    )


def test_a_private_phq9_is_withheld_whole_and_its_flag_goes_without_details() -> None:
    kept = phq9(total=3, item9=2, days=16)
    shared = phq9(total=14, item9=0, days=2)
    entries = [holding(kept, private=True), holding(shared, private=False)]
    report = report_of(entries, entries, [kept, shared])
    assert report.withheld_results == 1 and report.withheld == 0
    assert [s.summary for s in report.scores] == ["PHQ-9: 14 of 27 (Moderate)."]
    assert [p[1] for t in report.trends for p in t.points] == []  # one shared result: no trend
    [flag] = report.flags
    assert flag.private and flag.text == (
        "A safety question on the PHQ-9 was answered; the details were kept private."
    )
    for fmt, text in written(report).items():
        text = flat(text)
        assert "3 of 27" not in text and ITEM9 not in text, fmt
        assert "More than half the days" not in text, fmt
        assert "the details were kept private" in text, fmt
        if fmt != "share":
            assert "1 questionnaire result the patient marked private is not included" in text
            assert "Nov 18, 2026: A safety question on the PHQ-9" in text, "a date, no time"
    data = json.loads(to_share_json(report))
    assert data["private_questionnaires_withheld"] == 1
    assert data["safety_flags"] == [{"at": "2026-11-18", "text": flag.text, "private": True}]


def test_an_amendment_of_a_private_result_is_private_too() -> None:
    first = phq9(total=20, item9=0, days=1)
    entry = holding(first, private=True)
    later = phq9(total=9, item9=0, days=5)
    later.amends = first.uid
    report = report_of([entry], [entry], [first, later])
    assert report.scores == () and report.withheld_results == 1


@pytest.mark.parametrize(("flags", "expected"), [
    ([], "PHQ-9: 3 of 27 (Minimal)."),
    (["phq9-item9"], "PHQ-9: 3 of 27, a total in the Minimal range. A safety question was "
                     "answered above 0: see the safety flags."),
])  # fmt: skip
def test_no_band_is_said_alone_beside_a_positive_item_9(flags: list[str], expected: str) -> None:
    result = phq9(total=3, item9=1 if flags else 0, days=1)
    result.flags = flags
    [line] = report_of([], [], [result]).scores
    assert line.summary == expected


def test_an_incomplete_form_says_how_its_safety_question_was_answered() -> None:
    result = MeasureResult("phq9", answers={"phq9_1": 1, "phq9_9": 1}, completed_at=T0)
    result.flags = ["phq9-item9"]
    [line] = report_of([], [], [result]).scores
    assert line.summary == (
        "PHQ-9: incomplete, no total. Item 9, a safety question, was answered “Several days” (1)."
    )


def recall(**answers: Answer) -> Entry:
    entry = Entry(Phase.RECALL, "After the session", template_id="kapjournal.core/recall")
    entry.answers = list(answers.values())
    return entry


def effects(level: int, private: bool = False) -> Answer:
    return Answer(
        "side-effects", "Anything unpleasant?", kind="checklist", choices=["Headache"],
        severities={"Headache": level}, private=private,
    )  # fmt: skip


def test_none_rated_strong_is_said_only_when_it_is_true_of_every_answer() -> None:
    mild = recall(a=effects(1))
    assert report_of([mild], [mild], []).severe_complete
    assert "None rated strong." in to_markdown(report_of([mild], [mild], []))
    hidden = recall(a=effects(3, private=True))
    report = report_of([mild], [mild, hidden], [])
    assert report.severe_side_effects == () and not report.severe_complete
    text = to_markdown(report)
    assert "None rated strong among the answers shared." in text
    assert "None rated strong." not in text
    # Only the chosen entries read (no journal): no claim about the rest.
    assert not build_report(
        [mild], sessions=[], measures=[], instruments=INSTRUMENTS, generated_at=T0
    ).severe_complete


def test_not_feeling_safe_in_the_session_reaches_the_summary() -> None:
    unsafe = recall(a=Answer("felt-safe", "Did I feel safe during the session?", kind="single",
                             choices=["No"]))  # fmt: skip
    report = report_of([], [unsafe], [])
    [concern] = report.concerns
    assert concern.text == (
        "“Did I feel safe during the session?” answered: No (After the session)."
    )
    assert "Also worth knowing" in to_markdown(report)
    hidden = recall(a=Answer("felt-safe", "Did I feel safe?", kind="single", choices=["No"],
                             private=True))  # fmt: skip
    assert report_of([], [hidden], []).concerns == ()


def test_a_practice_packs_crisis_rule_reaches_the_safety_section() -> None:
    from kapjournal.prompts.loader import load_pack_text

    pack = load_pack_text(PRACTICE, "practice.toml")
    [template] = pack.templates
    templates = {template.key: template}
    shared = Entry(
        Phase.FREE,
        "Evening",
        template_id=template.key,
        answers=[Answer("urge", "Urge to harm myself", kind="scale", number=8)],
    )
    kept = Entry(Phase.FREE, "Night", template_id=template.key,
                 answers=[Answer("urge", "Urge to harm myself", kind="scale", number=9,
                                 private=True)])  # fmt: skip
    history = [
        FlagRecord(shared.uid, template.key, "urge-high", T0),
        FlagRecord(kept.uid, template.key, "urge-high", T0 + timedelta(days=1)),
    ]
    report = build_report(
        [], sessions=[], measures=[], instruments=INSTRUMENTS, generated_at=T0,
        all_entries=[shared, kept], flag_history=history, templates=templates,
    )  # fmt: skip
    assert [(n.text, n.private) for n in report.flags] == [
        ("“Urge to harm myself” on the page “Daily urges” was answered: 8.", False),
        ("A safety question on the page “Daily urges” was answered; the details were kept "
         "private.", True),
    ]  # fmt: skip


PRACTICE = """
[pack]
id = "practice.urges"
name = "Urges"
version = "1"

[[templates]]
id = "urges"
phase = "free"
title = "Daily urges"

[[templates.items]]
id = "urge"
type = "scale"
prompt = "Urge to harm myself"
min = 0
max = 10

[[templates.items.safety]]
id = "urge-high"
level = "crisis"
min_value = 7
message = "Please reach out now."
"""


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=10)
answers = st.lists(st.tuples(words, st.booleans()), min_size=0, max_size=3)  # text, private
results = st.lists(
    st.tuples(st.booleans(), st.integers(0, 3)),
    min_size=0,
    max_size=4,  # private, item 9
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(answers, st.booleans()), min_size=1, max_size=5), results)
def test_no_private_answer_or_questionnaire_reaches_any_format(
    pages: list[tuple[list[tuple[str, bool]], bool]], measures: list[tuple[bool, int]]
) -> None:
    """Random journals: private answers never appear and are counted; a private result's
    total (private totals are 21-27, shared ones 0-20, so a total names its result), band
    and item 9 never appear, and its flag appears as a date and an instrument only."""
    entries, chosen = [], []
    for n, (texts, pick) in enumerate(pages):
        e = Entry(Phase.RECALL, f"entry {n}", created_at=T0 + timedelta(hours=n), answers=[
            Answer(f"a{k}", "Prompt", text=f"SECRET{w}" if p else f"OPEN{w}", private=p)
            for k, (w, p) in enumerate(texts)
        ])  # fmt: skip
        entries.append(e)
        if pick:
            chosen.append(e)
    found = []
    for n, (private, item9) in enumerate(measures):
        m = phq9(total=21 + n if private else 5 + n, item9=item9, days=n)
        found.append(m)
        e = holding(m, private)
        entries.append(e)
        if n % 2:
            chosen.append(e)
    report = report_of(chosen, entries, found)
    kept = [m for m, (p, _i) in zip(found, measures, strict=True) if p]
    flagged_kept = sum(1 for p, i in measures if p and i)
    flagged_shared = sum(1 for p, i in measures if not p and i)
    assert report.withheld_results == len(kept)
    assert report.withheld == sum(
        1 for e in chosen for a in e.answers if a.private and a.kind == "text"
    ), "a private questionnaire counts once, as a result"
    for fmt, text in written(report).items():
        text = flat(text)
        assert "SECRET" not in text, fmt
        for m in kept:
            assert f"{m.total} of 27" not in text and f'"total": {m.total}' not in text, fmt
        assert text.count("the details were kept private") == flagged_kept, fmt
        assert len(re.findall(r"PHQ-9 item 9 \(", text)) == flagged_shared, fmt
        for e in chosen:
            for a in e.answers:
                if a.kind == "text" and not a.private:
                    assert a.text in text, fmt


def test_the_report_lists_the_flags_the_patient_acknowledged() -> None:
    from kapjournal.domain import FlagAcknowledgement

    report = build_report(
        [], sessions=[], measures=[], instruments=INSTRUMENTS, generated_at=T0,
        acknowledgements=[FlagAcknowledgement(T0, "safety-plan")],
    )  # fmt: skip
    [noted] = report.acknowledged
    assert noted.text == "The patient noted: “It is in my safety plan”."
    assert "Flags the patient acknowledged" in to_markdown(report)


def test_a_private_anything_else_is_in_no_format_and_is_counted() -> None:
    """The lock on "Anything else" promises what the lock on an answer does: never exported."""
    shared = Entry(phase=Phase.FREE, title="Evening", body="A walk by the river.")
    kept = Entry(phase=Phase.FREE, title="Night", body="Something only for me.", body_private=True)
    empty = Entry(phase=Phase.FREE, title="Blank", body="  ", body_private=True)
    entries = [shared, kept, empty]
    report = report_of(entries, entries, [])
    assert report.withheld == 1  # the one with words; a private blank hides nothing
    for fmt, text in written(report).items():
        text = flat(text)
        assert "Something only for me" not in text, fmt
        assert "A walk by the river" in text, fmt
        if fmt != "share":
            assert "1 answer the patient marked private is not included" in text, fmt
