"""The start screen (new workspace, open one, open the demo, recent workspaces) and the
new-workspace dialog."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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


def slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:60] or "workspace"


class NewWorkspaceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from zi_desktop.lke.catalog import available_years
        from zi_desktop.paths import data_dir

        self.setWindowTitle(self.tr("Workspace baru"))
        self.setMinimumWidth(520)
        self._base = data_dir() / "workspace"
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("mis. KPPN Bandung I"))
        self.unit_id = QLineEdit()
        self.unit_id.setPlaceholderText(self.tr("dari instansi, mis. UNIT-BKD-001 (bisa diisi nanti)"))
        self.year = QComboBox()
        for y in reversed(available_years() or [2026]):
            self.year.addItem(str(y), y)
        self.target = QComboBox()
        self.target.addItem(self.tr("Menuju WBK"), "WBK")
        self.target.addItem(self.tr("Menuju WBBM"), "WBBM")
        self.folder = QLineEdit()
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Nama unit kerja"), self.unit)
        form.addRow(self.tr("ID unit dari instansi"), self.unit_id)
        form.addRow(self.tr("Tahun evaluasi"), self.year)
        form.addRow(self.tr("Predikat sasaran"), self.target)
        form.addRow(self.tr("Folder workspace"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Buat"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.unit.textChanged.connect(self._suggest)
        self._suggest("")

    def _suggest(self, text: str) -> None:
        if not self.folder.isModified():
            self.folder.setText(str(self._base / f"{slug(text)}-{self.year.currentData()}"))

    def _browse(self) -> None:
        got = dialogs.pick_folder(self, self.tr("Pilih folder induk workspace"))
        if got:
            self.folder.setText(str(Path(got) / f"{slug(self.unit.text())}-{self.year.currentData()}"))
            self.folder.setModified(True)

    def _accept(self) -> None:
        if not self.unit.text().strip():
            dialogs.show_error(self, self.tr("Isi nama unit kerja."))
            return
        from zi_desktop.lke.readiness import unit_id_problem

        problem = unit_id_problem(self.unit_id.text()) if self.unit_id.text().strip() else None
        if problem is not None:
            dialogs.show_error(self, problem)
            return
        self.accept()

    def values(self) -> dict[str, Any]:
        return {
            "path": self.folder.text().strip(),
            "unit_name": self.unit.text().strip(),
            "unit_id": self.unit_id.text().strip() or None,
            "year": int(self.year.currentData()),
            "target": str(self.target.currentData()),
        }


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)
    review_requested = Signal()
    hub_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("ZI Desktop"))
        title.setStyleSheet("font-size: 24pt; font-weight: 700;")
        sub = QLabel(
            self.tr(
                "Isi Lembar Kerja Evaluasi Zona Integritas (PermenPANRB 90/2021), lihat nilainya, "
                "dan siapkan bukti dukung — tanpa internet."
            )
        )
        sub.setWordWrap(True)
        sub.setStyleSheet("color:#444; font-size: 11pt;")
        self.new_btn = QPushButton(self.tr("Buat workspace baru…"))
        self.open_btn = QPushButton(self.tr("Buka workspace…"))
        self.demo_btn = QPushButton(self.tr("Buka contoh (data demo)"))
        for b, sig in (
            (self.new_btn, self.new_requested),
            (self.open_btn, self.open_requested),
            (self.demo_btn, self.demo_requested),
        ):
            b.setMinimumHeight(40)
            b.clicked.connect(sig.emit)
        # the two other roles: the TPI reviewing a unit's bundle, the instansi's coordinator
        self.review_btn = QPushButton(self.tr("Reviu paket unit (TPI)…"))
        self.review_btn.setToolTip(self.tr("Untuk tim penilai internal: buka paket ekspor sebuah unit untuk direviu"))
        self.hub_btn = QPushButton(self.tr("Konsol instansi (koordinator)…"))
        self.hub_btn.setToolTip(
            self.tr("Untuk koordinator instansi: kumpulkan paket satker, lihat rekap, usulkan ke PortalRB")
        )
        self.review_btn.clicked.connect(self.review_requested.emit)
        self.hub_btn.clicked.connect(self.hub_requested.emit)
        roles = QHBoxLayout()
        roles.addWidget(self.review_btn)
        roles.addWidget(self.hub_btn)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda it: self.recent_requested.emit(it.data(Qt.ItemDataRole.UserRole)))
        col = QVBoxLayout()
        col.addWidget(title)
        col.addWidget(sub)
        col.addSpacing(16)
        for b in (self.new_btn, self.open_btn, self.demo_btn):
            col.addWidget(b)
        col.addSpacing(8)
        col.addWidget(QLabel(self.tr("Peran lain:")))
        col.addLayout(roles)
        col.addSpacing(16)
        col.addWidget(QLabel(self.tr("Terakhir dibuka (klik dua kali untuk membuka):")))
        self.recent.setMaximumHeight(220)
        col.addWidget(self.recent)
        col.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(640)
        box.setLayout(col)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 3)
        outer.addStretch(1)
        outer.setContentsMargins(40, 60, 40, 40)

    def set_recent(self, paths: list[str]) -> None:
        from zi_desktop.workspace.store import is_workspace

        self.recent.clear()
        for p in paths:
            # a workspace on an unplugged drive stays listed (it may come back), marked as missing
            missing = not is_workspace(p)
            it = QListWidgetItem(p + (self.tr("  (tidak ditemukan)") if missing else ""))
            it.setData(Qt.ItemDataRole.UserRole, p)
            if missing:
                it.setForeground(Qt.GlobalColor.gray)
                it.setToolTip(self.tr("Folder ini tidak ada lagi atau drive-nya tidak terpasang"))
            self.recent.addItem(it)


class RestoreDialog(QDialog):
    """The workspace database is damaged: its backups, newest first, and a button to restore one
    (the damaged copy is kept aside by the core). All text is plain text."""

    def __init__(self, root: Path, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from zi_desktop.workspace.backups import list_backups

        self.root = Path(root)
        self.restored: Any = None
        self.setWindowTitle(self.tr("Workspace rusak"))
        self.setMinimumWidth(640)
        text = QLabel(message)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        hint = QLabel(self.tr("Pilih cadangan yang dipulihkan (database yang rusak disimpan di sampingnya):"))
        self.list = QListWidget()
        for info in list_backups(self.root):
            it = QListWidgetItem(info.describe())
            it.setData(Qt.ItemDataRole.UserRole, info.path.name)
            if not info.usable:
                it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(it)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.restore_btn = buttons.addButton(self.tr("Pulihkan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_btn.setEnabled(False)
        self.restore_btn.clicked.connect(self._restore)
        buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(lambda cur, _prev: self.restore_btn.setEnabled(cur is not None))
        for row in range(self.list.count()):  # the newest usable one is chosen already
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentRow(row)
                break
        if self.list.count() == 0:
            hint.setText(self.tr("Belum ada cadangan untuk workspace ini."))
        lay = QVBoxLayout(self)
        lay.addWidget(text)
        lay.addWidget(hint)
        lay.addWidget(self.list)
        lay.addWidget(buttons)

    def _restore(self) -> None:
        from zi_desktop.errors import UserError
        from zi_desktop.workspace.store import restore_workspace

        item = self.list.currentItem()
        if item is None:
            return
        try:
            self.restored = restore_workspace(self.root, str(item.data(Qt.ItemDataRole.UserRole)))
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.accept()


def offer_restore(parent: QWidget | None, root: Path, message: str) -> bool:
    """Show the damaged-workspace dialog; True when a backup was restored (open the workspace again)."""
    dlg = RestoreDialog(root, message, parent)
    return bool(dlg.exec() == QDialog.DialogCode.Accepted and dlg.restored is not None)
