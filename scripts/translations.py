"""Extract, compile and check kapjournal's translation catalogues.

    python scripts/translations.py extract   # refresh translations/kapjournal.pot and every .po
    python scripts/translations.py compile   # .po -> .mo, what the app loads
    python scripts/translations.py check     # what a translator still has to do (exit 1 if any)
    python scripts/translations.py new LANG  # start a catalogue for another language

Strings are marked in the code with tr(), N_() and trn(); the built-in packs' texts are the
ones kapjournal/prompts/localise.py translates (titles, prompts, help, labels, choices, and
the questionnaires' severity meanings and safety messages, never their published items).
The test suite runs `problems()` so a marked string missing from a catalogue fails CI.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kapjournal.prompts.catalog import builtin_packs_as_written
from kapjournal.prompts.localise import localise

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kapjournal"
OUT = PACKAGE / "translations"
POT = OUT / "kapjournal.pot"
DOMAIN = "kapjournal"
KEYWORDS = {"tr": None, "N_": None, "trn": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]*(?:![rsa])?(?::[^{}]*)?\}")


def pack_strings() -> Iterator[tuple[str, int, str]]:
    """(file, line, text) for every string `localise` translates in the built-in packs."""
    for pack in builtin_packs_as_written():
        found: list[str] = []

        def collect(text: str, found: list[str] = found) -> str:
            found.append(text)
            return text

        localise(pack, collect)
        path = Path(pack.source)
        lines = path.read_text(encoding="utf-8").splitlines()
        for text in found:
            first = text.strip().splitlines()[0]
            line = next((n for n, t in enumerate(lines, 1) if first in t), 1)
            yield path.relative_to(ROOT).as_posix(), line, text


def build_template() -> Catalog:
    catalog = Catalog(project="kapjournal", domain=DOMAIN, charset="utf-8", fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
    )
    for filename, lineno, message, comments, context in found:
        where = (f"kapjournal/{filename}", lineno)
        catalog.add(message, locations=[where], auto_comments=comments, context=context)
    for filename, lineno, text in pack_strings():
        catalog.add(text, locations=[(filename, lineno)])
    return catalog


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in OUT.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def po_path(lang: str) -> Path:
    return OUT / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def write(path: Path, catalog: Catalog) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def extract() -> None:
    template = build_template()
    write(POT, template)
    for lang in languages():
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(po_path(lang), catalog)
    print(f"{len(template)} strings in {POT.relative_to(ROOT)}; updated: {', '.join(languages())}")


def compiled(lang: str) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, read(lang), use_fuzzy=False)
    return buf.getvalue()


def compile_all() -> None:
    for lang in languages():
        po_path(lang).with_suffix(".mo").write_bytes(compiled(lang))
    print(f"compiled: {', '.join(languages())}")


def _ids(message_id: str | tuple[str, ...]) -> tuple[str, ...]:
    return message_id if isinstance(message_id, tuple) else (message_id,)


def _strings(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


def problems(lang: str) -> list[str]:
    """Marked strings the catalogue lacks, leaves untranslated or breaks; a stale .mo."""
    catalog = read(lang)
    out = []
    for message in build_template():
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        first = _ids(message.id)[0]
        if found is None:
            out.append(f"{lang}: missing: {first!r}")
            continue
        strings = _strings(found.string)
        if found.fuzzy or not strings or not all(strings):
            out.append(f"{lang}: not translated: {first!r}")
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message.id))))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) != wanted:
                out.append(f"{lang}: placeholders differ in {first!r}: {s!r}")
    mo = po_path(lang).with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != compiled(lang):
        out.append(f"{lang}: {mo.relative_to(ROOT)} is out of date: run this script's compile")
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    elif command == "new" and len(argv) == 2:
        catalog = Catalog(locale=argv[1], domain=DOMAIN, project="kapjournal", fuzzy=False)
        catalog.update(build_template(), no_fuzzy_matching=True)
        write(po_path(argv[1]), catalog)
    elif command == "check":
        found = [p for lang in languages() for p in problems(lang)]
        print("\n".join(found) or f"complete: {', '.join(languages())}")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
