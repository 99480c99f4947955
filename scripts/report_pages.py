"""Render the therapist's report of the demo journal to PNG pages in docs/screenshots/.

    .venv/bin/python scripts/report_pages.py [--language es]

Builds the demo course in a throwaway folder, writes the PDF the way `kapjournal export`
does, and turns every page into docs/screenshots/report-page-N.png with poppler's pdftoppm.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import demo_data  # noqa: E402

from kapjournal.domain import EntryFilter  # noqa: E402
from kapjournal.export.pdf import to_pdf  # noqa: E402
from kapjournal.services.opening import create_journal  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    """`--language es`: the Spanish report (pages named report-page-es-N.png)."""
    language = sys.argv[sys.argv.index("--language") + 1] if "--language" in sys.argv else ""
    if language:
        from kapjournal import i18n

        i18n.install(language)
    stem = f"report-page-{language}" if language else "report-page"
    work = Path(tempfile.mkdtemp(prefix="kapjournal-report-"))
    with create_journal(work / "demo.kapvault", "demo passphrase for the report") as opened:
        demo_data.fill(opened.journal, datetime.now().astimezone())
        reports = opened.reports
        report = reports.build(reports.select(EntryFilter()))
        pdf = work / "report.pdf"
        reports.write(report, pdf, "pdf", pdf=lambda r: to_pdf(r, patient="J. R.", page="a4"))
    pages = re.compile(re.escape(stem) + r"-\d+\.png")
    for old in OUT.iterdir():
        if pages.fullmatch(old.name):
            old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(OUT / stem)], check=True)
    for page in sorted(p for p in OUT.iterdir() if pages.fullmatch(p.name)):
        number = int(page.stem.rsplit("-", 1)[1])  # pdftoppm pads: "-01" in a long report
        page = page.rename(page.with_name(f"{stem}-{number}.png"))
        print(page)


if __name__ == "__main__":
    main()
