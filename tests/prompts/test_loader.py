"""Loading packs: the built-in and example packs load; broken ones explain themselves."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapjournal.prompts.catalog import BUILTIN_DIR, Catalog, builtin_packs
from kapjournal.prompts.loader import PackError, load_pack, load_pack_text
from kapjournal.prompts.model import ItemType
from tests.conftest import child_env

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "fixtures" / "broken-packs"
EXAMPLE = ROOT / "docs" / "example-pack.toml"
KNOWN = {"phq9", "gad7", "pcl5"}

EXPECTED = {
    "band-gap": "instrument 'mini': band 'high' (2-2) leaves a gap or overlaps",
    "choice-without-choices": "template 't', item 'pick': a single item needs 'choices'",
    "duplicate-ids": "template 't': duplicate item id 'a'",
    "empty-pack": "has no templates and no instruments",
    "impossible-schedule": "template 't', schedule, window 1: 'until_hours' (24) must be after "
    "'from_hours' (48)",
    "invalid-toml": "line 3, column 15: invalid TOML",
    "missing-instrument": "template 't', item 'q': key 'instrument' names 'ybocs', which no pack "
    "provides",
    "not-utf8": "line 3: is not UTF-8 text",
    "scale-min-max": "template 't', item 'mood': a scale needs 'min' (10) below 'max' (0)",
    "unknown-key": "[pack]: unknown key 'colour'",
    "unknown-phase": "template 't': key 'phase' is 'afterglow', not one of preparation",
    "wrong-type": "[pack]: key 'version' should be text",
}


def test_every_broken_fixture_is_covered() -> None:
    assert {p.stem for p in BROKEN.glob("*.toml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_pack_fails_with_its_sentence(name: str) -> None:
    path = BROKEN / f"{name}.toml"
    with pytest.raises(PackError) as info:
        load_pack(path, known_instruments=KNOWN)
    first = info.value.errors[0]
    assert first.startswith(f"{path}: ")
    assert EXPECTED[name] in first
    assert first.endswith(".") and "\n" not in first


def test_oversize_pack_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text('[pack]\nid = "p"\n' + "# padding line\n" * 80_000)
    with pytest.raises(PackError, match="at most 1 MB"):
        load_pack(big)


def test_all_problems_are_listed_not_just_the_first() -> None:
    text = """
[pack]
id = "p"
name = "P"
version = "1"
[[templates]]
id = "t"
phase = "nope"
title = "T"
items = [ { id = "s", type = "scale", prompt = "S", min = 5, max = 1, wobble = 1 } ]
"""
    with pytest.raises(PackError) as info:
        load_pack_text(text, "inline.toml")
    joined = "\n".join(info.value.errors)
    assert "key 'phase'" in joined and "unknown key 'wobble'" in joined and "min' (5)" in joined


def test_builtin_packs_load_with_everything_the_domain_asks_for() -> None:
    packs = {p.id: p for p in builtin_packs()}
    core = packs["kapjournal.core"]
    ids = {t.id for t in core.templates}
    assert {"preparation", "recall", "integration", "integration-3", "integration-7"} <= ids
    assert {"check-in", "safety-plan", "maintenance"} <= ids
    recall = core.template("recall")
    assert recall is not None
    side = next(i for i in recall.items if i.id == "side-effects")
    assert side.type is ItemType.CHECKLIST and side.severity
    assert {"Nausea", "Dizziness", "Headache", "Anxiety"} <= set(side.choices)
    detached = next(i for i in recall.items if i.id == "detached")
    assert "not a clinical measure" in detached.help
    windows = []
    for tid in ("integration", "integration-3", "integration-7"):  # one page per window
        page = core.template(tid)
        assert page and page.schedule
        windows += [w.label for w in page.schedule.windows]
    assert windows == ["+1 day", "+3 days", "+7 days"]
    own = [i for t in core.templates for i in t.items if i.type is ItemType.SCALE]
    assert all("not a clinical measure" in i.help for i in own if i.id in ("intensity", "meaning"))
    assert all(i.optional for t in core.templates for i in t.items), "every item skippable"
    instruments = Catalog.load().instruments
    assert set(instruments) >= KNOWN
    assert [len(instruments[i].scored_items) for i in ("phq9", "gad7", "pcl5")] == [9, 7, 20]


def test_no_dosing_or_medical_advice_in_the_builtin_wording() -> None:
    shown: list[str] = []
    for p in builtin_packs():
        for t in p.templates:
            shown += [t.title, t.intro] + [
                f"{i.prompt} {i.help} {' '.join(i.choices)}" for i in t.items
            ]
        for i in p.instruments:
            shown += [b.meaning for b in i.bands] + [r.message for r in i.safety]
    # Saying who can diagnose is not a diagnosis; any other mention would be.
    text = " ".join(shown).lower().replace("only a clinician can diagnose", "")
    for phrase in (
        "increase your dose",
        "reduce your dose",
        "stop taking",
        "you should take",
        "mg ",
        "diagnos",
    ):
        assert phrase not in text


@pytest.mark.parametrize(
    "path", [*sorted(BUILTIN_DIR.glob("*.toml")), EXAMPLE], ids=lambda p: p.name
)
def test_validate_command_accepts_builtin_and_example(path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "kapjournal", "prompts", "validate", str(path)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=60,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert ": OK: " in r.stdout


def test_validate_command_lists_every_error() -> None:
    files = [str(p) for p in sorted(BROKEN.glob("*.toml"))]
    r = subprocess.run(
        [sys.executable, "-m", "kapjournal", "prompts", "validate", *files],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=60,
    )
    assert r.returncode == 1
    for name in EXPECTED:
        assert f"{name}.toml: " in r.stdout
    assert "Traceback" not in r.stderr


def test_catalog_sets_bad_packs_aside_and_keeps_the_builtin() -> None:
    catalog = Catalog.load(
        [
            ("bad.toml", "this is [not toml"),
            ("dup.toml", EXAMPLE.read_text()),
            ("dup2.toml", EXAMPLE.read_text()),
        ]
    )
    assert catalog.template("kapjournal.core/recall") is not None
    assert catalog.template("example.practice/music-reflection") is not None
    assert len(catalog.problems) == 2 and "bad.toml" in catalog.problems[0]
    assert "already loaded" in catalog.problems[1]


toml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 50)
    | st.floats(allow_nan=False, width=32)
    | st.text(max_size=12),
    lambda c: (
        st.lists(c, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "version",
                    "type",
                    "phase",
                    "items",
                    "min",
                    "max",
                    "choices",
                    "schedule",
                    "windows",
                    "anchor",
                    "from_hours",
                    "until_hours",
                    "instrument",
                    "options",
                    "bands",
                    "value",
                    "label",
                    "x",
                ]
            ),
            c,
            max_size=5,
        )
    ),
    max_leaves=25,
)


def _dump(value: object) -> str:
    import json

    return json.dumps(value)  # JSON scalars/arrays are mostly valid TOML values


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_only_raises_pack_error(text: str) -> None:
    with contextlib.suppress(PackError):
        load_pack_text(text, "fuzz.toml")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_packs_only_raise_pack_error(data: st.DataObject) -> None:
    import tomllib

    base = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    target = base
    path = data.draw(
        st.lists(
            st.sampled_from(
                ["pack", "templates", 0, 1, "items", "schedule", "windows", "questionnaires"]
            ),
            max_size=4,
        )
    )
    for key in path:
        nxt = (
            target.get(key)
            if isinstance(target, dict) and isinstance(key, str)
            else (
                target[key]
                if isinstance(target, list) and isinstance(key, int) and key < len(target)
                else None
            )
        )
        if not isinstance(nxt, (dict, list)):
            break
        target = nxt
    if isinstance(target, dict):
        key = data.draw(st.sampled_from([*target.keys(), "extra"])) if target else "extra"
        target[key] = data.draw(toml_values)
    elif isinstance(target, list):
        target.append(data.draw(toml_values))
    from kapjournal.prompts.loader import build_pack

    with contextlib.suppress(PackError):
        build_pack(base, "mutated.toml", known_instruments=KNOWN)


MARKUP_PACK = ROOT / "tests" / "fixtures" / "hostile" / "pack-markup.toml"


def test_a_new_pack_may_hold_no_markup_in_any_field() -> None:
    """`prompts validate` and importing refuse HTML in every text field, naming each; a pack
    already in a journal still loads (tests/ui/test_hostile_text.py shows it as text)."""
    text = MARKUP_PACK.read_text(encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack_text(text, "p.toml", known_instruments=KNOWN, strict=True)
    errors = caught.value.errors
    assert len(errors) == text.count('<img src=\\"@SRC@\\">') == 29  # one per field
    assert all("holds HTML (<img src=" in e and "plain text" in e for e in errors)
    assert load_pack_text(text, "p.toml", known_instruments=KNOWN).name == (
        'Markup <img src="@SRC@"> pack'
    )


def test_markdown_autolinks_and_angle_brackets_in_words_are_not_markup() -> None:
    words = "See <https://example.org>, <mailto:a@b.org>, a <3 and x < y > z."
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'description = "Extra prompts our practice uses before and after sessions."',
        f'description = "{words}"',
    )
    assert load_pack_text(text, "p.toml", known_instruments=KNOWN, strict=True).description == words
