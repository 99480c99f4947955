"""The practice window: the patients list (flagged first, sortable, searchable) beside one
patient's course; adding reports, removing a patient, the summary PDF, lock and close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kapjournal.errors import StorageError
from kapjournal.i18n import N_, trn
from kapjournal.services.practice import NEW, NeedsPatient, OpenPractice, short
from kapjournal.ui.practice.model import FLAG, ID, PatientsFilter, PatientsModel
from kapjournal.ui.practice.patient import PatientView
from kapjournal.ui.tasks import run_task
from kapjournal.ui.widgets import SpokenLabel, fit_to_screen, heading, named, tr

# Each action once: its object name, words and key (the window wires them in `_actions`).
ACTIONS: dict[str, tuple[str, str | QKeySequence.StandardKey | None]] = {
    "actionPracticeAdd": (N_("&Add reports…"), QKeySequence.StandardKey.Open),
    "actionPracticeSummary": (N_("&Summary PDF…"), QKeySequence.StandardKey.Print),
    "actionPracticeRemove": (N_("&Remove patient…"), "Ctrl+Shift+Del"),
    "actionPracticeBackup": (N_("&Back up now"), None),
    "actionPracticeFind": (N_("&Find a patient"), QKeySequence.StandardKey.Find),
    "actionPracticeLock": (N_("&Lock"), "Ctrl+L"),
    "actionPracticeClose": (N_("&Close"), QKeySequence.StandardKey.Close),
}


class PracticeWindow(QMainWindow):
    """Emits `lock_requested` (Lock, Ctrl+L) and `close_requested` (closing it locks too)."""

    lock_requested = Signal()
    close_requested = Signal()

    def __init__(self, opened: OpenPractice, backups_kept: int = 10) -> None:
        super().__init__()
        named(self, "practiceWindow", tr("Practice"))
        self.setWindowTitle(tr("kapjournal practice — {name}").format(name=opened.path.name))
        self.opened: OpenPractice | None = opened
        self.backups_kept = backups_kept
        self._closing_for_lock = False
        # Seams: what a person answers; tests put their own answers here.
        self.choose_reports: Callable[[], list[str]] = self._choose_reports
        self.ask_patient: Callable[[str, NeedsPatient], str | None] = self._ask_patient
        self.confirm_remove: Callable[[str], bool] = self._confirm_remove
        self.choose_pdf: Callable[[str], str] = self._choose_pdf
        self._build()
        self._actions()
        fit_to_screen(self, 1200, 820)
        self.refresh()

    def _build(self) -> None:
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.addWidget(heading(SpokenLabel("patientsHeading", tr("Heading"), tr("Patients"))))
        self.search = named(QLineEdit(), "patientSearch", tr("Find a patient by name or id"))
        self.search.setPlaceholderText(tr("Find by name or id"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = PatientsModel(self)
        self.proxy = PatientsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = named(QTableView(), "patientsTable", tr("Patients, flagged first"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Measured on the first rows, not all: a practice of 200 was drawn in 60 ms, over the
        # 50 ms goal, most of it sizing every cell (benchmarks/bench_practice.py).
        header.setResizeContentsPrecision(40)
        header.setStretchLastSection(False)
        self.table.setWordWrap(False)  # a name on one line, however narrow the pane
        self.table.sortByColumn(FLAG, Qt.SortOrder.DescendingOrder)  # flagged first
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        layout.addWidget(self.table, 1)
        self.count = SpokenLabel("patientsCount", tr("How many patients"))
        layout.addWidget(self.count)
        self.patient = PatientView()
        self.patient.notes.added.connect(self._note_added)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("practiceSplit")
        split.addWidget(left)
        split.addWidget(self.patient)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([565, 675])
        self.setCentralWidget(split)
        self.status = SpokenLabel("practiceStatus", tr("Status"))
        self.status.setWordWrap(True)
        self.statusBar().addWidget(self.status, 1)

    def _actions(self) -> None:
        handlers: dict[str, Callable[[], object]] = {
            "actionPracticeAdd": self.add_reports,
            "actionPracticeSummary": self.save_summary,
            "actionPracticeRemove": self.remove_patient,
            "actionPracticeBackup": self.backup,
            "actionPracticeFind": self.search.setFocus,
            "actionPracticeLock": self.lock_requested.emit,
            "actionPracticeClose": self.close,
        }
        menu = self.menuBar().addMenu(tr("&Practice"))
        self.actions_: dict[str, QAction] = {}
        for name, (text, key) in ACTIONS.items():
            action = QAction(tr(text), self)
            action.setObjectName(name)
            if key is not None:
                action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, h=handlers[name]: h())
            self.actions_[name] = action
            if name in ("actionPracticeFind", "actionPracticeLock"):
                menu.addSeparator()
            menu.addAction(action)
        tools = self.addToolBar(tr("Practice"))
        tools.setObjectName("practiceTools")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for name in ("actionPracticeAdd", "actionPracticeSummary", "actionPracticeRemove",
                     "actionPracticeLock"):  # fmt: skip
            tools.addAction(self.actions_[name])
            button = tools.widgetForAction(self.actions_[name])
            if button is not None:
                named(button, f"{name}Button", tr(ACTIONS[name][0]).replace("&", ""))
                button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it too

    # -- the list ---------------------------------------------------------------------------
    def refresh(self, keep: str | None = None) -> None:
        """The list again from the store; the patient shown stays chosen (or `keep`)."""
        if self.opened is None:
            return
        keep = keep or self.current_id()
        self.model.set_rows(self.opened.practice.patients())
        n = self.model.rowCount()
        self.count.setText(
            trn(
                "{n} patient; flagged patients come first.",
                "{n} patients; flagged patients come first.",
                n,
            ).format(n=n)
            if n
            else tr("No patients yet: add the reports they shared (Ctrl+O).")
        )
        if keep is not None:
            self.choose(keep)
        self._update_actions()

    def current_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(ID)) if rows else None

    def choose(self, patient_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID) == patient_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    def _chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_actions()
        patient_id = self.current_id()
        if patient_id is None or self.opened is None:
            self.patient.clear()
            return
        self.show_patient(patient_id)

    def show_patient(self, patient_id: str) -> None:
        assert self.opened is not None
        practice = self.opened.practice
        self.patient.show_course(practice.course(patient_id))
        self.patient.notes.save = lambda text: practice.note(patient_id, text)

    def _note_added(self) -> None:
        if self.opened is not None and (patient_id := self.current_id()) is not None:
            self.patient.notes.show_notes(self.opened.practice.notes(patient_id))
            self.say(tr("Your note was added; it stays in this practice file."))

    def _update_actions(self) -> None:
        chosen = self.current_id() is not None
        for name in ("actionPracticeSummary", "actionPracticeRemove"):
            self.actions_[name].setEnabled(chosen)

    def say(self, text: str) -> None:
        self.status.setText(text)

    # -- reports in --------------------------------------------------------------------------
    def _choose_reports(self) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            self, tr("Add reports patients shared"), "", tr("Shared reports (*.json)")
        )
        return list(files)

    def add_reports(self, files: list[str] | None = None) -> None:
        """Each file added on its own: one that fails is said in one sentence and the others
        still go in."""
        if self.opened is None:
            return
        files = files if files is not None else self.choose_reports()
        said: list[str] = []
        last: str | None = None
        for name in files:
            try:
                added = self._add_one(Path(name))
            except (StorageError, LookupError) as exc:
                said.append(str(exc))
                continue
            if added is None:
                said.append(tr("{file} was not added.").format(file=Path(name).name))
                continue
            last = added.patient
            said.append(
                tr("Added {file} to {name}.").format(file=Path(name).name, name=added.name)
                if added.new
                else tr("{file} was in the practice already; nothing changed.").format(
                    file=Path(name).name
                )
            )
        if files:
            self.refresh(keep=last)
            self.say(" ".join(said))

    def _add_one(self, path: Path) -> Any:
        assert self.opened is not None
        practice = self.opened.practice
        report = practice.read(path)  # read and checked once, even when asked who it is
        try:
            return practice.add(report)
        except NeedsPatient as exc:
            answer = self.ask_patient(path.name, exc)
            return None if answer is None else practice.add(report, patient=answer)

    def _ask_patient(self, file: str, exc: NeedsPatient) -> str | None:
        """ "Is this J. R. (df8f8a0f) or someone new?" An id, NEW, or None (not added)."""
        choices = [tr("{name} ({id})").format(name=p.name, id=short(p.key)) for p in exc.candidates]
        someone_new = tr("Someone new")
        picked, ok = QInputDialog.getItem(
            self,
            tr("Who is this report from?"),
            tr("{file}: {why}").format(file=file, why=str(exc)),
            [*choices, someone_new],
            0,
            False,
        )
        if not ok:
            return None
        if picked == someone_new:
            return NEW
        return str(exc.candidates[choices.index(picked)].key)

    # -- a patient --------------------------------------------------------------------------
    def _confirm_remove(self, name: str) -> bool:
        answer = QMessageBox.question(
            self,
            tr("Remove patient?"),
            tr(
                "Remove {name} with every report and your notes from this practice? This "
                "cannot be undone (a backup made before keeps them)."
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_patient(self) -> None:
        patient_id = self.current_id()
        if self.opened is None or patient_id is None:
            return
        practice = self.opened.practice
        name = practice.find(patient_id).name or tr("(no name)")
        if not self.confirm_remove(name):
            return
        practice.remove(patient_id)
        self.patient.clear()
        self.refresh()
        self.say(tr("Removed {name} with their reports and your notes.").format(name=name))

    def _choose_pdf(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Summary PDF (not encrypted)"), suggested, tr("PDF (*.pdf)")
        )
        return path

    def save_summary(self) -> None:
        from kapjournal.ui.practice.summary import save_summary

        patient_id = self.current_id()
        if self.opened is None or patient_id is None:
            return
        course = self.opened.practice.course(patient_id)
        stem = "".join(c if c.isalnum() else "-" for c in (course["name"] or short(patient_id)))
        target = self.choose_pdf(str(Path.home() / f"summary-{stem.strip('-')}.pdf"))
        if not target:
            return
        try:
            written = save_summary(course, Path(target), datetime.now().astimezone())
        except OSError as exc:
            self.say(tr("The summary was not saved ({error}).").format(error=exc))
            return
        self.say(
            tr(
                "Saved the summary to {path}. It is not encrypted: keep it as safe as the "
                "clinic's other records."
            ).format(path=written)
        )

    def backup(self) -> None:
        if self.opened is None:
            return
        admin, keep = self.opened.admin, self.backups_kept
        self.say(tr("Backing up…"))
        run_task(
            lambda: admin.backup(keep),
            lambda made: self.say(tr("Backed up to {path}").format(path=made)),
            lambda exc: self.say(
                str(exc)
                if isinstance(exc, StorageError)
                else tr("Backup failed: {e}").format(e=exc)
            ),
        )

    # -- lock and close ---------------------------------------------------------------------
    def wipe(self) -> None:
        """Every patient word off the screen; the store itself is closed by the controller."""
        self.opened = None
        self.patient.clear()
        self.model.clear()
        self.search.clear()
        self.status.clear()

    def close_for_lock(self) -> None:
        self._closing_for_lock = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        if not self._closing_for_lock:
            self.close_requested.emit()
