"""The catalogues: every marked string translated, placeholders kept, .mo files current."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from kapjournal import i18n

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts/translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spanish_ships_and_is_offered() -> None:
    assert i18n.available_languages() == ["en", "es"]
    assert i18n.language_name("es") == "Español"


def test_every_marked_string_is_in_every_catalogue(script: ModuleType) -> None:
    assert script.languages() == ["es"]
    assert script.problems("es") == []


def test_the_check_notices_a_missing_string(
    script: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = script.build_template

    def with_a_new_string() -> object:
        catalog = real()
        catalog.add("A sentence added today and not yet translated.")
        return catalog

    monkeypatch.setattr(script, "build_template", with_a_new_string)
    assert script.problems("es") == [
        "es: missing: 'A sentence added today and not yet translated.'"
    ]


def test_built_in_pack_texts_are_extracted_but_not_the_questionnaire_items(
    script: ModuleType,
) -> None:
    found = {text for _file, _line, text in script.pack_strings()}
    assert "What is weighing on me right now?" in found  # core.toml, a prompt
    assert "Nervous" in found  # a choice label
    assert "Few or no symptoms of depression over the last two weeks." in found
    assert "Little interest or pleasure in doing things" not in found  # PHQ-9 item 1
    assert "Several days" not in found  # a published answer option


def _marks(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"tr", "N_", "trn"}
    ]


def test_marked_strings_are_literals() -> None:
    """What the extractor cannot see never reaches a catalogue: an f-string inside tr() (use
    tr("...{x}").format()), and tr() inside an f-string (the extractor reads an f-string as
    one token)."""
    bad = []
    for path in sorted((ROOT / "kapjournal").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _marks(tree):
            if any(isinstance(a, ast.JoinedStr) for a in call.args):
                bad.append(f"{path.relative_to(ROOT)}:{call.lineno}: f-string in tr()")
        for node in ast.walk(tree):
            literal = [c for c in _marks(node) if c.args and isinstance(c.args[0], ast.Constant)]
            if isinstance(node, ast.JoinedStr) and literal:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: tr() in an f-string")
    assert bad == []
