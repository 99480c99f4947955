"""The OCI-R-shaped pack in docs/prompt-packs.md, loaded from the page itself and scored, so the
example a clinic copies cannot rot: 18 items 0-4, a sum of 0-72, the cut-off of 21, six
sub-scales of three items. Its wording stays placeholders: kapjournal ships no OCD measure."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kapjournal.domain import MeasureResult
from kapjournal.prompts.catalog import Catalog, known_instruments
from kapjournal.prompts.loader import load_pack_text
from kapjournal.prompts.model import Instrument
from kapjournal.prompts.progress import progress
from kapjournal.prompts.scoring import score

DOC = Path(__file__).parents[2] / "docs" / "prompt-packs.md"
HEADING = "## An OCD measure your practice holds a licence for"


def example() -> str:
    """The first TOML block under the section's heading."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(HEADING) :]
    found = re.search(r"```toml\n(.*?)```", section, re.S)
    assert found is not None, "the section shows a pack"
    return found.group(1)


@pytest.fixture(scope="module")
def oci() -> Instrument:
    pack = load_pack_text(example(), "oci-r.toml", known_instruments=known_instruments(),
                          strict=True)  # fmt: skip
    [inst] = pack.instruments
    return inst


def answers(*values: int) -> dict[str, int]:
    return {f"oci_{n}": v for n, v in enumerate(values, start=1)}


def test_the_example_passes_the_same_check_as_an_import(oci: Instrument) -> None:
    assert oci.id == "oci-r" and oci.short_name == "OCI-R"
    assert len(oci.scored_items) == 18
    assert [o.value for o in oci.options] == [0, 1, 2, 3, 4]
    assert oci.max_total == 72 and oci.multiply == 1 and oci.method == "sum"
    assert not oci.higher_is_better, "more symptoms, a higher total"


def test_it_holds_no_questionnaire_wording_only_placeholders(oci: Instrument) -> None:
    assert [i.text for i in oci.items] == [
        f"Item {n} text as on your licensed form" for n in range(1, 19)
    ]
    assert all(o.label == f"Answer {o.value} as on your licensed form" for o in oci.options)
    assert oci.stem == "Instructions as on your licensed form"


@pytest.mark.parametrize(
    ("values", "total", "band"),
    [
        ((0,) * 18, 0, "below"),
        ((4, 4, 4, 4, 4, 0) + (0,) * 12, 20, "below"),
        ((4, 4, 4, 4, 4, 1) + (0,) * 12, 21, "at-or-above"),
        ((4,) * 18, 72, "at-or-above"),
    ],
)
def test_the_total_is_the_sum_and_21_is_the_cut_off(
    oci: Instrument, values: tuple[int, ...], total: int, band: str
) -> None:
    s = score(oci, answers(*values))
    assert s.total == total and s.band is not None and s.band.id == band
    assert s.summary(oci).startswith(f"OCI-R: {total} of 72 (")


def test_six_sub_scales_of_three_items_cover_every_item_once(oci: Instrument) -> None:
    members = [i for sub in oci.subscales for i in sub.items]
    assert len(oci.subscales) == 6 and all(len(s.items) == 3 for s in oci.subscales)
    assert sorted(members) == sorted(i.id for i in oci.items)
    s = score(oci, answers(*([1, 2, 3, 4, 0, 1] * 3)))
    assert s.subscores == {
        "hoarding": 3,
        "checking": 6,
        "ordering": 9,
        "neutralizing": 12,
        "washing": 0,
        "obsessing": 3,
    }
    assert s.total == sum(s.subscores.values()) == 33


def test_an_incomplete_form_gives_no_total(oci: Instrument) -> None:
    partial = answers(*([1] * 17))
    assert score(oci, partial).total is None


def test_imported_it_is_offered_scheduled_and_judged_lower_is_better() -> None:
    cat = Catalog.load([("oci-r.toml", example())])
    assert cat.problems == []
    page = cat.template_for_instrument("oci-r")
    assert page is not None and page.key == "harbour.oci-r/oci-r"
    assert "oci-r" in {q.instrument for q in cat.questionnaires}
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    done = [
        MeasureResult(instrument="oci-r", answers={}, total=t, completed_at=t0 + timedelta(days=d))
        for d, t in ((0, 30), (28, 18))
    ]
    p = progress(cat.instruments["oci-r"], done, t0 + timedelta(days=1))
    assert p is not None
    text = " ".join(p.sentences())
    assert "12 points lower." in text and "higher is better" not in text
