"""The conflict page: the merge's queue, settled one by one (take mine / take theirs / edit), each
settlement undoable (the value before it comes back and the conflict waits again)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import dialogs
from ui.qt_names import Qt
from ui.team_model import open_conflicts
from zi_desktop.errors import UserError
from zi_desktop.workspace import team


def _when(at: str | None) -> str:
    """ "2026-12-01T22:01:40+00:00" -> "2026-12-01 22:01"."""
    return at[:16].replace("T", " ") if at else "-"


class SettleCommand(QUndoCommand):
    """One conflict settled; undo reopens it. The settlement has happened when it is pushed."""

    def __init__(self, session: Any, entry: team.ConflictEntry, choice: Any) -> None:
        super().__init__(
            QCoreApplication.translate("Team", "Selesaikan konflik soal %1 (%2)")
            .replace("%1", str(entry.soal_id))
            .replace("%2", entry.label)
        )
        self.session, self.conflict_id, self.soal_id, self.choice = session, entry.id, entry.soal_id, choice
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        team.settle_by_id(self.session.ws, self.conflict_id, self.choice)
        self.session.refresh([self.soal_id])

    def undo(self) -> None:
        team.reopen(self.session.ws, self.conflict_id)
        self.session.refresh([self.soal_id])


def settle(session: Any, entry: team.ConflictEntry, choice: Any) -> None:
    """Settle now (UserError for a bad value, nothing changed) and put it on the undo stack."""
    team.settle_by_id(session.ws, entry.id, choice)
    session.refresh([entry.soal_id])
    session.undo_stack.push(SettleCommand(session, entry, choice))


class ConflictPage(QWidget):
    """The open conflicts of the session's workspace, one at a time."""

    question_requested = Signal(int)
    count_changed = Signal(int)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[team.ConflictEntry] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        self.heading = QLabel()
        self.heading.setObjectName("conflictHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setObjectName("conflictList")
        self.list.currentRowChanged.connect(self._show)
        self.list.setMaximumHeight(220)
        lay.addWidget(self.list)

        self.detail = QGroupBox(self.tr("Konflik terpilih"))
        dl = QVBoxLayout(self.detail)
        self.soal_label = QLabel()
        self.soal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.soal_label.setWordWrap(True)
        self.base_label = QLabel()
        self.base_label.setTextFormat(Qt.TextFormat.PlainText)
        self.base_label.setWordWrap(True)
        self.base_label.setStyleSheet("color:#555;")
        dl.addWidget(self.soal_label)
        dl.addWidget(self.base_label)
        sides = QHBoxLayout()
        self.mine_label = QLabel()
        self.theirs_label = QLabel()
        for lab in (self.mine_label, self.theirs_label):
            lab.setTextFormat(Qt.TextFormat.PlainText)
            lab.setWordWrap(True)
            lab.setAlignment(Qt.AlignmentFlag.AlignTop)
            lab.setStyleSheet("border:1px solid #ccc; border-radius:4px; padding:8px; background:#fafafa;")
        sides.addWidget(self.mine_label, 1)
        sides.addWidget(self.theirs_label, 1)
        dl.addLayout(sides)
        buttons = QHBoxLayout()
        self.mine_button = QPushButton(self.tr("Pakai milik saya"))
        self.mine_button.setObjectName("takeMine")
        self.theirs_button = QPushButton(self.tr("Pakai milik anggota"))
        self.theirs_button.setObjectName("takeTheirs")
        self.edit_line = QLineEdit()
        self.edit_line.setObjectName("conflictEdit")
        self.edit_line.setPlaceholderText(self.tr("atau tulis nilai lain…"))
        self.edit_button = QPushButton(self.tr("Simpan nilai ini"))
        self.edit_button.setObjectName("takeEdit")
        self.goto_button = QPushButton(self.tr("Buka soal"))
        for b in (self.mine_button, self.theirs_button):
            buttons.addWidget(b)
        buttons.addWidget(self.edit_line, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.goto_button)
        dl.addLayout(buttons)
        lay.addWidget(self.detail)
        lay.addStretch(1)

        self.mine_button.clicked.connect(lambda: self.take("mine"))
        self.theirs_button.clicked.connect(lambda: self.take("theirs"))
        self.edit_button.clicked.connect(self._take_edit)
        self.edit_line.returnPressed.connect(self._take_edit)
        self.goto_button.clicked.connect(self._goto)
        session.changed.connect(lambda _ids: self.reload())
        self.reload()

    # -- content ------------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.current()
        self.entries = open_conflicts(self.session)
        self.list.blockSignals(True)
        self.list.clear()
        for e in self.entries:
            item = QListWidgetItem(
                self.tr("Soal %1 · %2: saya %3 / %4 %5")
                .replace("%1", str(e.soal_id))
                .replace("%2", e.label)
                .replace("%3", team.show(e.ours))
                .replace("%4", e.theirs_by)
                .replace("%5", team.show(e.theirs))
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        n = len(self.entries)
        self.heading.setText(
            self.tr("Tidak ada konflik: semua paket yang diterima sudah tergabung.")
            if not n
            else self.tr(
                "%1 konflik menunggu keputusan. Pilih satu, lalu pakai milik Anda, milik anggota, atau tulis nilai lain."
            ).replace("%1", str(n))
        )
        self.detail.setVisible(bool(n))
        if n:
            ids = [e.id for e in self.entries]
            row = ids.index(current.id) if current is not None and current.id in ids else 0
            self.list.setCurrentRow(row)
            self._show(row)
        self.count_changed.emit(n)

    def current(self) -> team.ConflictEntry | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        e = self.entries[row]
        soal = self.session.catalog.soal.get(e.soal_id)
        text = soal.text if soal is not None else ""
        self.soal_label.setText(
            self.tr("Soal %1 · %2\n%3").replace("%1", str(e.soal_id)).replace("%2", e.label).replace("%3", text)
        )
        self.base_label.setText(self.tr("Semula (saat paket dibuat): %1").replace("%1", team.show(e.base)))
        self.mine_label.setText(
            self.tr("Milik saya (di workspace ini)\n%1\n\n%2, %3")
            .replace("%1", self._value(e, e.ours))
            .replace("%2", e.ours_by or "-")
            .replace("%3", _when(e.ours_at))
        )
        self.theirs_label.setText(
            self.tr("Milik anggota: %1\n%2\n\n%3")
            .replace("%1", e.theirs_by)
            .replace("%2", self._value(e, e.theirs))
            .replace("%3", _when(e.theirs_at))
        )
        self.edit_line.clear()

    def _value(self, e: team.ConflictEntry, value: Any) -> str:
        """An answer with its option's words (\"B — Jika ...\"), a note as it is."""
        soal = self.session.catalog.soal.get(e.soal_id)
        if e.field == "jawaban_unit" and soal is not None and isinstance(value, str):
            opt = soal.option(value)
            if opt is not None and opt.label:
                return f"{value} — {opt.label}"
        return team.show(value)

    # -- actions ------------------------------------------------------------------------------
    def take(self, choice: Any) -> bool:
        e = self.current()
        if e is None:
            return False
        try:
            settle(self.session, e, choice)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.reload()
        return True

    def _take_edit(self) -> None:
        value = self.edit_line.text().strip()
        if value:
            self.take(value)

    def _goto(self) -> None:
        e = self.current()
        if e is not None:
            self.question_requested.emit(e.soal_id)
