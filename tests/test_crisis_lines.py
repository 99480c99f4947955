"""The built-in crisis table says what the services themselves publish (issue 26, item 7), and
every page a number was checked against, a second service's included, is named in
docs/clinical.md."""

from __future__ import annotations

import re
from pathlib import Path

from kapjournal.crisis import TABLE, numbers, table
from kapjournal.settings import Settings

DOC = Path(__file__).parents[1] / "docs" / "clinical.md"
URL = re.compile(r"https?://\S+")


def pages_named_above_each_entry() -> dict[str, list[str]]:
    """Per country code, the pages the comment just above its `[[line]]` names (where a second
    number, a text line or the emergency numbers, was checked)."""
    found: dict[str, list[str]] = {}
    comment: list[str] = []
    for raw in TABLE.read_text(encoding="utf-8").split("[[line]]")[1:]:
        code = re.search(r'^code = "(\w+)"', raw, re.M)
        assert code is not None
        found[code.group(1)] = [u for line in comment for u in URL.findall(line)]
        comment = [line for line in raw.splitlines() if line.startswith("#")]
    return found


def doc_rows() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Crisis numbers", 1)[1].split("\n## ", 1)[0]
    return {r.split("|")[1].strip(): r for r in section.splitlines() if r.startswith("| ")}


def test_france_lists_the_samu_before_the_european_number() -> None:
    fr = table()["FR"]
    assert fr.emergency.startswith("15 (SAMU)") and fr.emergency.endswith("112")
    assert numbers(Settings(crisis_region="fr")).emergency == fr.emergency


def test_australia_offers_lifelines_text_line_beside_the_call() -> None:
    au = numbers(Settings(crisis_region="AU")).line
    assert "call 13 11 14" in au and "text 0477 13 11 14" in au
    assert au.index("13 11 14") < au.index("0477"), "the call first, as Lifeline lists it"


def test_the_uk_and_ireland_name_their_text_lines_after_samaritans() -> None:
    gb, ie = table()["GB"].line, table()["IE"].line
    assert gb.startswith("Samaritans: call 116 123") and "text SHOUT to 85258" in gb
    assert ie.startswith("Samaritans: call 116 123") and "text 50808" in ie


def test_germany_offers_the_european_number_after_its_own_two() -> None:
    de = table()["DE"].line
    assert de.index("0800 111 0 111") < de.index("0800 111 0 222") < de.index("116 123")


def test_every_page_a_number_was_checked_against_is_in_the_docs_row() -> None:
    rows, extra = doc_rows(), pages_named_above_each_entry()
    assert set(extra) == set(table())
    for code, line in table().items():
        for page in [line.source, *extra[code]]:
            assert page in rows[code], (code, page)
    # each entry naming a second service or emergency page was re-checked with it
    assert all(table()[code].checked == "2026-12-02" for code, pages in extra.items() if pages)
    assert {c for c, pages in extra.items() if pages} >= {"GB", "IE", "AU", "FR"}
