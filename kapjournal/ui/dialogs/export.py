"""A report for the therapist: choose the entries, see the report, write it; and the history
of everything that has left the journal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kapjournal.domain import Entry
from kapjournal.errors import StorageError
from kapjournal.export import formats
from kapjournal.export.charts import chart_svg
from kapjournal.export.markdown import to_markdown
from kapjournal.export.report import Report
from kapjournal.i18n import format_date, format_short, spoken_length, trn
from kapjournal.services.journal import JournalService
from kapjournal.services.reports import ReportService
from kapjournal.services.section import CHECK_IN_KEY
from kapjournal.strength import strong_enough
from kapjournal.ui.dialogs.export_history import ExportHistory
from kapjournal.ui.panes.filters import FilterBar
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import (
    POLITE,
    ErrorLabel,
    MarkdownView,
    SpokenLabel,
    fit_to_screen,
    muted,
    named,
    tr,
)

UID_ROLE = Qt.ItemDataRole.UserRole + 1
CHECK_INS = "daily-check-ins"  # the one row that stands for every daily check-in shown


class ExportDialog(QDialog):
    def __init__(
        self,
        reports: ReportService,
        journal: JournalService,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "exportDialog", tr("Report for the therapist"))
        self.setWindowTitle(tr("Report for the therapist"))
        fit_to_screen(self, 1100, 760)
        self.reports = reports
        self.journal = journal
        self.choose_file = choose_file or self._ask_file
        self.entries: list[Entry] = []
        self.busy = False
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(200)
        self.preview_timer.timeout.connect(self._preview)
        tabs = named(QTabWidget(), "exportTabs", tr("Report and history"))
        tabs.addTab(self._report_tab(), tr("&Report"))
        self.history = ExportHistory(reports, journal)
        tabs.addTab(self.history, tr("Earlier &exports"))
        QVBoxLayout(self).addWidget(tabs)
        self.reload()

    # -- building the dialog ---------------------------------------------------------------
    def _report_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        intro = SpokenLabel(
            "exportIntro",
            tr("About the report"),
            tr(
                "Choose what your therapist will read. Answers you marked private are never "
                "in a report, and a questionnaire you marked private is left out whole: if it "
                "had a safety question answered above 0, the report says only that, with the "
                "date. Safety flags and side effects you rated strong are always in its "
                "summary, even from entries you do not choose."
            ),
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        split = QSplitter(Qt.Orientation.Horizontal)
        left, column = self._chooser()
        options, buttons = self._options()
        column.addLayout(options)
        split.addWidget(left)
        self.preview = MarkdownView("exportPreview", tr("Preview of the report"))
        self.preview.as_paper()
        split.addWidget(self.preview)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        return tab

    def _chooser(self) -> tuple[QWidget, QVBoxLayout]:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filters = FilterBar(self.journal, "export")
        # A report starts where the last one ended (or at the last session): what is new.
        start = self.reports.starting_point()
        self.start_note = muted(SpokenLabel("exportStart", tr("Starting point")))
        self.start_note.setWordWrap(True)
        if start is not None:
            self.filters.show_since(start.day)
            self.start_note.setText(
                start.sentence() + " " + tr("Change the dates to choose other entries.")
            )
        self.start_note.setVisible(start is not None)
        self.filters.changed.connect(self.reload)
        layout.addWidget(self.filters)
        layout.addWidget(self.start_note)
        self.list = named(
            QListWidget(), "exportEntries", tr("Entries"), tr("Space ticks or unticks an entry")
        )
        self.list.itemChanged.connect(self._changed)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        every = named(QPushButton(tr("Choose &all")), "exportAll", tr("Choose all shown"))
        none = named(QPushButton(tr("Choose &none")), "exportNone", tr("Choose none"))
        every.clicked.connect(lambda: self._tick_all(True))
        none.clicked.connect(lambda: self._tick_all(False))
        row.addWidget(every)
        row.addWidget(none)
        row.addStretch(1)
        layout.addLayout(row)
        # The safety plan is never one of the entries above: it goes only when asked for.
        self.plan = self.journal.safety_plan()
        self.with_plan = named(
            QCheckBox(tr("Include my safety p&lan")),
            "includeSafetyPlan",
            tr("Include my safety plan"),
            tr("Your safety plan is left out of reports unless you tick this"),
        )
        self.with_plan.setVisible(self.plan is not None)
        self.with_plan.toggled.connect(self._changed)
        layout.addWidget(self.with_plan)
        self.count = SpokenLabel("exportCount", tr("Chosen"), announce=POLITE)
        self.count.setWordWrap(True)
        layout.addWidget(self.count)
        return box, layout

    def _options(self) -> tuple[QFormLayout, QHBoxLayout]:
        form = QFormLayout()
        self.format = named(QComboBox(), "exportFormat", tr("Format"))
        for f in formats.FORMATS:
            self.format.addItem(f.label, f.name)
        self.page = named(QComboBox(), "exportPage", tr("Paper"))
        self.page.addItem(tr("A4"), "a4")
        self.page.addItem(tr("Letter"), "letter")
        from kapjournal.export.pdf import default_page_size

        self.page.setCurrentIndex(max(0, self.page.findData(default_page_size())))
        self.name = named(QLineEdit(), "exportName", tr("Name or pseudonym on the report"))
        self.name.setPlaceholderText(tr("Optional; not stored"))
        self.password = named(QLineEdit(), "exportPassword", tr("Password for the PDF"))
        self.repeat = named(QLineEdit(), "exportRepeat", tr("The password again"))
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.name.textChanged.connect(self.preview_timer.start)
        form.addRow(tr("&Format:"), self.format)
        form.addRow(tr("&Paper:"), self.page)
        form.addRow(tr("Na&me on the report:"), self.name)
        form.addRow(tr("Pass&word (optional):"), self.password)
        form.addRow(tr("Re&peat it:"), self.repeat)
        # The chosen entries' pictures and voice notes, each left out unless ticked: nothing
        # attached leaves the vault unless the patient says so.
        self.attached = named(
            QListWidget(),
            "exportAttachments",
            tr("Pictures and voice notes to include (none unless ticked)"),
        )
        self.attached.setMaximumHeight(self.fontMetrics().height() * 5)
        self.attached.itemChanged.connect(self.preview_timer.start)
        attached_label = QLabel(tr("P&ictures and voice notes to include:"))
        attached_label.setBuddy(self.attached)
        form.addRow(attached_label, self.attached)
        self.reminder = muted(SpokenLabel("exportReminder", tr("Reminder")))
        self.reminder.setWordWrap(True)
        form.addRow(self.reminder)
        self.error = ErrorLabel("exportError")
        form.addRow(self.error)
        self.status = SpokenLabel("exportStatus", tr("Result"), announce=POLITE)
        self.status.setWordWrap(True)
        self.save = named(QPushButton(tr("&Save the report…")), "exportSave", tr("Save the report"))
        self.save.setDefault(True)
        self.save.clicked.connect(self.save_report)
        close = named(QPushButton(tr("Close")), "exportClose", tr("Close"))
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save)
        row.addWidget(close)
        self._format_changed()
        return form, row

    # -- choosing --------------------------------------------------------------------------
    def reload(self) -> None:
        """Refill the filters' choices and the list; entries ticked before stay ticked. The
        daily check-ins are one row: 75 of them are one choice, not 75."""
        ticked = self._ticked() if self.list.count() else None
        self.filters.reload_choices()
        self.entries = self.reports.select(self.filters.current())
        self.list.blockSignals(True)
        self.list.clear()
        daily = [e for e in self.entries if e.template_id == CHECK_IN_KEY]
        if daily:
            first, last = (format_date(e.created_at, "medium") for e in (daily[-1], daily[0]))
            words = trn(
                "Daily check-ins: {n}, {first} to {last}",
                "Daily check-ins: {n}, {first} to {last}",
                len(daily),
            ).format(n=len(daily), first=first, last=last)
            self._add_row(words, CHECK_INS, ticked)
        untitled = tr("Untitled entry")
        for e in self.entries:
            if e.template_id != CHECK_IN_KEY:
                when = format_short(e.created_at)
                self._add_row(f"{e.title or untitled} · {e.phase.label} · {when}", e.uid, ticked)
        self.list.blockSignals(False)
        self._changed()

    def _add_row(self, words: str, uid: str, ticked: set[str] | None) -> None:
        item = QListWidgetItem(words)
        item.setData(UID_ROLE, uid)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        on = ticked is None or uid in ticked
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(state)
        self.list.blockSignals(False)
        self._changed()

    def _ticked(self) -> set[str]:
        return {
            self.list.item(i).data(UID_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        }

    def chosen_uids(self) -> set[str]:
        ticked = self._ticked()
        if CHECK_INS in ticked:
            ticked.remove(CHECK_INS)
            ticked |= {e.uid for e in self.entries if e.template_id == CHECK_IN_KEY}
        return ticked

    def chosen(self) -> list[Entry]:
        uids = self.chosen_uids()
        plan = [self.plan] if self.plan is not None and self.with_plan.isChecked() else []
        return [e for e in self.entries if e.uid in uids] + plan

    def chosen_attachments(self) -> set[str]:
        return {
            self.attached.item(i).data(UID_ROLE)
            for i in range(self.attached.count())
            if self.attached.item(i).checkState() == Qt.CheckState.Checked
        }

    def _list_attachments(self, chosen: list[Entry]) -> None:
        """The chosen entries' pictures and voice notes, keeping what was ticked."""
        ticked = self.chosen_attachments()
        self.attached.blockSignals(True)
        self.attached.clear()
        for a in self.reports.attachments_of(chosen):
            if a.kind == "audio":
                text = tr("Voice note: {name} ({length})").format(
                    name=a.name, length=spoken_length(a.duration_ms or 0)
                )
            else:
                text = tr("Picture: {name} ({width} × {height} px)").format(
                    name=a.name, width=a.width, height=a.height
                )
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if a.uid in ticked else Qt.CheckState.Unchecked
            )
            item.setData(UID_ROLE, a.uid)
            self.attached.addItem(item)
        self.attached.blockSignals(False)

    def _changed(self) -> None:
        chosen = self.chosen()
        private = sum(
            1 for e in chosen for a in e.answers if a.private and a.kind != "questionnaire"
        )
        self.count.setText(
            trn(
                "{n} of {m} entry chosen.",
                "{n} of {m} entries chosen.",
                len(self.entries),
            ).format(n=len(chosen), m=len(self.entries))
            + " "
            + trn(
                "{k} private answer will be left out.",
                "{k} private answers will be left out.",
                private,
            ).format(k=private)
        )
        self.save.setEnabled(bool(chosen) and not self.busy)
        self._list_attachments(chosen)
        self.preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.preview_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Closed, or closed by a lock: the journal may be gone before a pending preview.
        self.preview_timer.stop()
        super().hideEvent(event)

    def _preview(self) -> None:
        if not self.isVisible():
            return
        chosen = self.chosen()
        if not chosen:
            self.preview.set_markdown_text(tr("Choose at least one entry to see the report."))
            return
        report = self.reports.build(chosen, self.chosen_attachments())
        self.preview.set_markdown_text(
            to_markdown(report, patient=self.name.text().strip()), capped=False
        )

    def _format_changed(self) -> None:
        pdf = formats.get(str(self.format.currentData())).password
        for w in (self.page, self.password, self.repeat):
            w.setEnabled(pdf)
        self.reminder.setText(
            tr(
                "With a password the PDF is encrypted (AES-256); tell your therapist the "
                "password another way than the file. Without one, the file is not encrypted: "
                "keep it as safe as your journal."
            )
            if pdf
            else tr("This file is not encrypted: keep it as safe as your journal.")
        )

    # -- writing ---------------------------------------------------------------------------
    def _ask_file(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save the report"), suggested)
        return path

    def save_report(self) -> None:
        fmt = str(self.format.currentData())
        self.error.clear()
        if fmt == "pdf" and self.password.text() != self.repeat.text():
            self.error.setText(tr("The two passwords differ; type them again."))
            return
        if fmt == "pdf" and self.password.text() and not strong_enough(self.password.text()):
            self.error.setText(
                tr("That password is too easy to guess; choose several unrelated words.")
            )
            return
        day = datetime.now().date().isoformat()
        suffix = formats.get(fmt).extension
        path = self.choose_file(str(Path.home() / f"kapjournal-report-{day}.{suffix}"))
        if path:
            self.write_to(Path(path))

    def write_to(self, path: Path) -> None:
        """Write the chosen entries' report to `path`. A PDF is laid out on a worker thread
        (a large one takes seconds); the file and its history line are written here."""
        fmt = str(self.format.currentData())
        report = self.reports.build(self.chosen(), self.chosen_attachments())
        name = self.name.text().strip()
        if not formats.get(fmt).needs_qt:
            try:
                content = self.reports.render(report, fmt, patient=name, charts=chart_svg)
            except (ValueError, RecursionError) as exc:
                self._failed(exc)
                return
            self._write(path, fmt, report, content)
            return
        from kapjournal.export.pdf import to_pdf

        page, password = str(self.page.currentData()), self.password.text()
        self.busy = True
        self.save.setEnabled(False)
        self.status.setText(tr("Laying out the PDF…"))
        run_task(
            lambda: to_pdf(report, patient=name, page=page, password=password),
            lambda data: self._write(path, fmt, report, data),
            self._failed,
        )

    def _write(self, path: Path, fmt: str, report: Report, content: str | bytes) -> None:
        self.busy = False
        if not self.isVisible():
            return  # closed (or the journal locked) while the PDF was laid out
        try:
            done = self.reports.save(report, path, fmt, content)
        except StorageError as exc:
            self._failed(exc)
            return
        self.status.setText(
            trn(
                "Saved {n} entry to {path}.",
                "Saved {n} entries to {path}.",
                done.entries,
            ).format(n=done.entries, path=done.path)
        )
        self.save.setEnabled(True)
        self.history.fill()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.save.setEnabled(True)
        self.status.clear()
        sentence = (
            str(exc) if isinstance(exc, StorageError) else tr("The report could not be made.")
        )
        self.error.setText(sentence)
        if self.isVisible() and not isinstance(exc, StorageError):
            QMessageBox.warning(self, tr("Report"), sentence)
