"""The PDF report, read back by independent readers: poppler's pdftotext and pypdf."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kapjournal.domain import Answer, Entry, Phase, Route, Session
from kapjournal.export.pdf import to_pdf
from kapjournal.export.report import Report, build_report
from kapjournal.i18n import format_skeleton
from kapjournal.prompts.catalog import Catalog
from tests.export.test_html import HOSTILE

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INSTRUMENTS = Catalog.load().instruments
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def text_of(pdf: bytes, tmp_path: Path, password: str = "") -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-layout"] + (["-upw", password] if password else [])
    done = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return unicodedata.normalize("NFKC", done.stdout)


def plain(reader: pypdf.PdfReader) -> str:
    """pypdf's text of every page, words separated by single spaces, ligatures ("ﬀ") undone."""
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def course() -> tuple[list[Session], list[Entry]]:
    first = Session(scheduled_at=T0, route=Route.IV_INFUSION)
    second = Session(scheduled_at=T0 + timedelta(days=2), route=Route.IV_INFUSION)
    entries = [
        Entry(
            phase=Phase.RECALL,
            title=f"Recall {n}",
            session_uid=s.uid,
            created_at=s.scheduled_at + timedelta(hours=3),
            answers=[
                Answer("imagery", "Images", text=f"A lighthouse number {n} in fog"),
                Answer("kept", "Kept", text=f"SECRET father {n}", private=True),
            ],
        )
        for n, s in enumerate((first, second))
    ]
    return [first, second], entries


def images_in(pdf: bytes) -> list[str]:
    """The names of the images a PDF's pages draw."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            name
            for page in doc.pages
            for name, obj in page.Resources.get("/XObject", {}).items()
            if obj.get("/Subtype") == "/Image"
        ]


def report(chosen: list[Entry], sessions: list[Session], everything: list[Entry]) -> Report:
    return build_report(
        chosen,
        sessions=sessions,
        measures=[],
        instruments=INSTRUMENTS,
        generated_at=T0 + timedelta(days=5),
        all_entries=everything,
    )


def test_chosen_entries_page_numbers_and_a_bookmark_per_session(tmp_path: Path) -> None:
    sessions, entries = course()
    pdf = to_pdf(report(entries[:1], sessions, entries), patient="J. R.", page="a4")
    text = text_of(pdf, tmp_path)
    assert "A lighthouse number 0 in fog" in text
    assert "lighthouse number 1" not in text, "an entry not chosen stays out"
    assert "SECRET" not in text and "father" not in text
    assert "1 answer the patient marked private is not included." in " ".join(text.split())
    assert "J. R." in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages >= 2, "the summary, then each session on its own page"
    assert f"Page {pages} of {pages}" in text
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[0] == "Summary"
    assert any(t.startswith("Session of") for t in titles)
    session_mark = next(i for i in reader.outline if getattr(i, "title", "").startswith("Sess"))
    assert reader.get_destination_page_number(session_mark) == 1, "bookmark opens its page"
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842), "A4 in points"


def test_letter_paper(tmp_path: Path) -> None:
    sessions, entries = course()
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(report(entries, sessions, entries), page="letter")))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)


def test_a_password_encrypts_with_aes_256(tmp_path: Path) -> None:
    sessions, entries = course()
    pdf = to_pdf(report(entries, sessions, entries), password="river stone 42")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    assert reader.trailer["/Encrypt"]["/V"] == 5, "AES-256 (PDF 2.0 security handler)"
    assert not reader.decrypt("wrong password")
    assert reader.decrypt("river stone 42")
    assert "lighthouse number 1" in plain(reader)
    path = tmp_path / "locked.pdf"
    path.write_bytes(pdf)
    refused = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=False)
    assert refused.returncode != 0, "poppler cannot read it without the password"
    assert "lighthouse number 0" in text_of(pdf, tmp_path, "river stone 42")


def test_hostile_markdown_is_inert_in_the_pdf(tmp_path: Path) -> None:
    e = Entry(
        phase=Phase.RECALL,
        title="Lighthouse <b onmouseover=x>",
        body=HOSTILE,
        answers=[Answer("a", "Open", text="A lighthouse in fog " + HOSTILE)],
        created_at=T0,
    )
    pdf = to_pdf(report([e], [], [e]))
    raw = pdf.lower()
    for bad in (b"/javascript", b"/js", b"/uri", b"/launch", b"/subtype /image", b"/embeddedfile"):
        assert bad not in raw, bad
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        annots = page.get("/Annots")
        assert not (annots.get_object() if annots is not None else []), "no links of any kind"
        resources = page.get("/Resources", {})
        xobjects = resources.get("/XObject", {}) if resources else {}
        assert not xobjects or all(
            xobjects[k].get_object().get("/Subtype") != "/Image" for k in xobjects
        )
    text = text_of(pdf, tmp_path)
    assert "A lighthouse in fog" in text and "click" in text, "link words stay, as words"


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=10)


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(words, st.booleans(), st.booleans()),
        min_size=1,
        max_size=8,
        unique_by=lambda t: t[0],
    )
)
def test_no_private_answer_ever_reaches_a_pdf(cases: list[tuple[str, bool, bool]]) -> None:
    entries = [
        Entry(
            phase=Phase.RECALL,
            title=f"entry {n}",
            created_at=T0 + timedelta(hours=n),
            answers=[Answer("a", "Prompt", text=f"SECRET{w}" if p else f"OPEN{w}", private=p)],
        )
        for n, (w, p, _pick) in enumerate(cases)
    ]
    chosen = [e for e, (_w, _p, pick) in zip(entries, cases, strict=True) if pick]
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(report(chosen, [], entries))))
    text = plain(reader)
    assert "SECRET" not in text
    for w, private, pick in cases:
        assert (f"OPEN{w}" in text) == (pick and not private)


def test_questionnaire_trends_are_charted_after_their_table(tmp_path: Path) -> None:
    from kapjournal.domain import MeasureResult

    sessions, entries = course()
    measures = [
        MeasureResult(
            instrument="phq9",
            answers={},
            total=total,
            band="moderate",
            completed_at=T0 + timedelta(days=7 * n),
        )
        for n, total in enumerate((17, 12, 8))
    ]
    r = build_report(
        entries,
        sessions=sessions,
        measures=measures,
        instruments=INSTRUMENTS,
        generated_at=T0 + timedelta(days=30),
        all_entries=entries,
    )
    [trend] = r.trends
    assert trend.instrument == "PHQ-9" and [p[1] for p in trend.points] == [17, 12, 8]
    assert trend.bands[0][0] == 0 and trend.bands[-1][1] == 27
    pdf = to_pdf(r)
    text = " ".join(text_of(pdf, tmp_path).split())
    assert "Questionnaire trends" in text and "PHQ-9: 8 of 27" in text
    images = images_in(pdf)
    assert len(images) == 1, "one chart for the one questionnaire with a trend"


def test_session_dates_in_the_summary_link_to_their_pages(tmp_path: Path) -> None:
    from kapjournal.i18n import format_short

    sessions, entries = course()
    pdf = to_pdf(report(entries, sessions, entries))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert len(links) == 2
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    height = float(reader.pages[0].mediabox[3])
    for link, session, page in zip(links, sessions, (1, 2), strict=True):
        assert link["/Subtype"] == "/Link" and "/A" not in link, "a jump inside, no URI"
        assert reader.get_page_number(link["/Dest"][0].get_object()) == page
        left, bottom, right, top = (float(v) for v in link["/Rect"])
        under = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", "-x", str(int(left)), "-y",
             str(int(height - top)), "-W", str(int(right - left) + 1), "-H",
             str(int(top - bottom) + 1), str(path), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert under.split() == format_short(session.scheduled_at).split()


def test_page_one_shows_the_change_since_baseline_and_the_numbered_course(tmp_path: Path) -> None:
    """Read back from page 1 with pdftotext: "better?" answered by numbers and rules, and the
    course numbered with the planned session marked."""
    from kapjournal.domain import MeasureResult, SessionKind, SessionStatus

    sessions, entries = course()
    sessions = [replace(s, status=SessionStatus.DONE) for s in sessions]
    planned = Session(scheduled_at=T0 + timedelta(days=40), kind=SessionKind.BOOSTER)
    results = [
        MeasureResult(
            instrument=i,
            answers={"phq9_9": 0} if i == "phq9" else {},
            total=t,
            band="",
            completed_at=T0 + d,
        )
        for i, t, d in (
            ("phq9", 18, timedelta(days=-3)),  # before the first session: the baseline
            ("phq9", 7, timedelta(days=20)),
            ("phq9", 4, timedelta(days=30)),
            ("gad7", 2, timedelta(days=-2)),  # below caseness: response is not judged
            ("gad7", 1, timedelta(days=30)),
        )
    ]
    r = build_report(
        entries,
        sessions=[*sessions, planned],
        measures=results,
        instruments=INSTRUMENTS,
        generated_at=T0 + timedelta(days=31),
        all_entries=entries,
    )
    page = tmp_path / "r.pdf"
    page.write_bytes(to_pdf(r))
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "2", "-layout", str(page), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = [" ".join(line.split()) for line in first.splitlines()]

    def day(delta: int) -> str:
        return format_skeleton(T0 + timedelta(days=delta), "MMMd")

    phq9 = f"PHQ-9 18 ({day(-3)}) 4 ({day(30)}) −14 meaningful change, response, remission"
    gad7 = f"GAD-7 2 ({day(-2)}) 1 ({day(30)}) −1 response and remission not judged"
    joined = " ".join(" ".join(rows).split())  # a cell may wrap onto the next line
    assert phq9 in joined and gad7 in joined, first
    assert any("only from a baseline of 10 or more" in r for r in rows)
    assert "PHQ-9 item 9: 0 on all 3 results shared." in joined, "the safety questions"
    assert any(r.startswith("3 ") and "Booster (planned)" in r for r in rows), first


def test_the_daily_mood_is_charted_with_the_sessions_marked(tmp_path: Path) -> None:
    sessions, entries = course()
    mood = [(T0 + timedelta(days=d, hours=20), float(4 + d % 5)) for d in range(-5, 10)]
    r = build_report(
        entries,
        sessions=sessions,
        measures=[],
        instruments=INSTRUMENTS,
        generated_at=T0 + timedelta(days=12),
        all_entries=entries,
        mood=mood,
    )
    assert r.mood is not None and len(r.mood.points) == 15 and r.mood.max_total == 10
    pdf = to_pdf(r)
    text = " ".join(text_of(pdf, tmp_path).split())
    assert "Daily mood" in text
    images = images_in(pdf)
    assert len(images) == 1, "the mood chart (no questionnaire here)"
    one = build_report(
        entries, sessions=sessions, measures=[], instruments=INSTRUMENTS,
        generated_at=T0, all_entries=entries, mood=mood[:1],
    )  # fmt: skip
    assert one.mood is None, "one day is no trend"
