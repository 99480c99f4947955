"""A printable recovery sheet: where the journal is, when it was made, a line for the passphrase.

It never contains the passphrase or any journal content.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from kapjournal.export.render import escape
from kapjournal.ui.widgets import tr


def recovery_sheet_html(vault_path: Path, created: datetime) -> str:
    line = "_" * 48
    never = tr(
        "Nobody can recover a forgotten passphrase. With this passphrase, any program "
        "that reads SQLCipher 4 files can open the journal; see the security notes in "
        "the user guide."
    )
    backups = tr(
        "Backups are kept in the folder “backups” next to the journal file and open "
        "with the same passphrase."
    )
    return (
        f"<h1>{tr('kapjournal recovery sheet')}</h1>"
        f"<p>{tr('Keep this page somewhere safe and private, away from your computer.')}</p>"
        "<table cellpadding='6'>"
        f"<tr><td><b>{tr('Journal file')}</b></td><td>{escape(str(vault_path))}</td></tr>"
        f"<tr><td><b>{tr('Created')}</b></td><td>{created:%Y-%m-%d %H:%M}</td></tr>"
        "</table>"
        f"<p><b>{tr('My passphrase (write it by hand):')}</b></p>"
        # Room to write by hand: blank lines above each rule.
        f"<p>&nbsp;</p><p style='font-size:x-large'>{line}</p>"
        f"<p>&nbsp;</p><p style='font-size:x-large'>{line}</p><p>&nbsp;</p>"
        f"<p>{never}</p><p>{backups}</p>"
    )


def write_recovery_sheet(dest: Path, vault_path: Path, created: datetime) -> None:
    writer = QPdfWriter(str(dest))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
    writer.setTitle(tr("kapjournal recovery sheet"))
    writer.setCreator("kapjournal")
    doc = QTextDocument()
    doc.setHtml(recovery_sheet_html(vault_path, created))
    doc.print_(writer)
    if not dest.exists() or dest.stat().st_size == 0:
        raise OSError(f"nothing was written to {dest}")
