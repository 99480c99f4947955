"""A printable recovery sheet: where the journal is, when it was made, a line for the passphrase.

It never contains the passphrase or any journal content.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from kapjournal.export.render import escape
from kapjournal.i18n import format_short
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
    title = tr("kapjournal recovery sheet")
    keep = tr("Keep this page somewhere safe and private, away from your computer.")
    file_label, created_label = tr("Journal file"), tr("Created")
    write_here = tr("My passphrase (write it by hand):")
    return (
        f"<h1>{title}</h1><p>{keep}</p>"
        "<table cellpadding='6'>"
        f"<tr><td><b>{file_label}</b></td><td>{escape(str(vault_path))}</td></tr>"
        f"<tr><td><b>{created_label}</b></td><td>{escape(format_short(created))}</td></tr>"
        "</table>"
        f"<p><b>{write_here}</b></p>"
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
