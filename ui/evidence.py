"""The evidence list of one question: a list model, and a box that adds files (button or drag and
drop), adds links, opens an item with the system viewer and removes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from ui import desktop, dialogs
from zi_desktop.errors import UserError

_ROOT = QModelIndex()


def _size(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


_ICONS: dict[str, Any] = {}


def _icon(kind: str) -> Any:
    """The style's icon for a file, a link or a text. Files and links come through
    QFileIconProvider (the same style icons, SP_FileIcon and SP_DriveNetIcon): asking the style
    from Python would make PySide6 build QStyle's enum types (about 10 ms) before the first paint."""
    if kind not in _ICONS:
        if kind in ("file", "link"):
            from PySide6.QtGui import QAbstractFileIconProvider
            from PySide6.QtWidgets import QFileIconProvider

            kinds = {
                "file": QAbstractFileIconProvider.IconType.File,
                "link": QAbstractFileIconProvider.IconType.Network,
            }
            _ICONS[kind] = QFileIconProvider().icon(kinds[kind])
        else:
            from PySide6.QtWidgets import QStyle

            _ICONS[kind] = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
    return _ICONS[kind]


class EvidenceListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        e = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if e.kind == "file":
                return f"{e.name}  ({_size(e.size)})"
            if e.kind == "link":
                return e.name if e.name == e.url else f"{e.name}  ({e.url})"
            return (e.text or e.name or "").replace("\n", " ")[:120]
        if role == Qt.ItemDataRole.ToolTipRole:
            who = self.tr("ditambahkan %1 oleh %2").replace("%1", str(e.added_at)[:16]).replace("%2", str(e.added_by))
            return f"{e.url or e.name}\n{who}"
        if role == Qt.ItemDataRole.DecorationRole:
            return _icon(e.kind)
        if role == Qt.ItemDataRole.UserRole:
            return e
        return None


class EvidenceBox(QGroupBox):
    """Bukti dukung of one soal. Files dropped on it are attached (off the GUI thread)."""

    files_dropped = Signal(list)

    def __init__(self, session: Any, runner: Any, parent: Any = None) -> None:
        super().__init__(self.tr("Bukti dukung"), parent)
        self.session, self.runner = session, runner
        self.soal_id: int | None = None
        self.setAcceptDrops(True)
        self.model = EvidenceListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        self.hint = QLabel(self.tr("Belum ada bukti dukung. Seret berkas ke sini, atau pakai tombol di bawah."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setStyleSheet("color: #666;")
        self.where.setWordWrap(True)
        self.add_files_btn = QPushButton(self.tr("Tambah berkas…"))
        self.add_link_btn = QPushButton(self.tr("Tambah tautan…"))
        self.open_btn = QPushButton(self.tr("Buka"))
        self.remove_btn = QPushButton(self.tr("Hapus"))
        self.add_files_btn.clicked.connect(self.add_files)
        self.add_link_btn.clicked.connect(self.add_link)
        self.open_btn.clicked.connect(self.open_selected)
        self.remove_btn.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for b in (self.add_files_btn, self.add_link_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.open_btn, self.remove_btn):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.where)
        lay.addWidget(self.view)
        lay.addWidget(self.hint)
        lay.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.session.evidence_changed.connect(self._on_evidence_changed)

    def set_soal(self, soal_id: int | None, where: str = "") -> None:
        self.soal_id = soal_id
        self.where.setText(where)
        self.where.setVisible(bool(where))
        self.reload()

    def reload(self) -> None:
        items = self.session.evidence(self.soal_id) if self.soal_id is not None else []
        self.model.set_items(items)
        has_text = self.soal_id is not None and bool(self.session.value(self.soal_id, "bukti_dukung_unit"))
        self.hint.setText(
            self.tr("Belum ada berkas atau tautan; keterangan bukti dukung ada di bawah.")
            if has_text
            else self.tr("Belum ada bukti dukung. Seret berkas ke sini, atau pakai tombol di bawah.")
        )
        self.hint.setVisible(not items)
        self.view.setVisible(bool(items))
        row = max(self.view.sizeHintForRow(0), 22) if items else 22
        self.view.setFixedHeight(min(max(len(items), 1), 6) * row + 2 * self.view.frameWidth() + 4)
        self._enable()

    def _on_evidence_changed(self, soal_id: int) -> None:
        if soal_id == self.soal_id:
            self.reload()

    def _enable(self) -> None:
        has = self.selected() is not None
        self.open_btn.setEnabled(has)
        self.remove_btn.setEnabled(has)
        for b in (self.add_files_btn, self.add_link_btn):
            b.setEnabled(self.soal_id is not None)

    def selected(self) -> Any:
        idx = self.view.currentIndex()
        if not idx.isValid() or not self.view.selectionModel().isSelected(idx):
            return None
        return idx.data(Qt.ItemDataRole.UserRole)

    # -- actions ------------------------------------------------------------------------------
    def add_files(self) -> None:
        paths = dialogs.pick_files(self)
        if paths:
            self.attach_paths(paths)

    def attach_paths(self, paths: list[str]) -> Any:
        """Attach files off the GUI thread (the worker opens its own workspace); undoable."""
        if self.soal_id is None or not paths:
            return None
        sid, session = self.soal_id, self.session

        def work(progress: Any, cancel: Any) -> list[Any]:
            with session.worker_workspace() as ws:
                before = {e.id for e in ws.evidence(sid)}
                items = ws.attach_files(sid, [Path(p) for p in paths], on_progress=progress, cancel=cancel)
                # A file already on this question comes back as its existing item: undo must not remove it.
                return [i for i in items if i.id not in before]

        return self.runner.run(
            work,
            on_done=lambda items: session.attached(sid, items),
            label=self.tr("Menyimpan %n berkas bukti dukung…", "", len(paths)),
        )

    def add_link(self) -> None:
        if self.soal_id is None:
            return
        got = dialogs.ask_link(self)
        if got is None:
            return
        try:
            self.session.attach_link(self.soal_id, got[0], got[1])
        except UserError as exc:
            dialogs.show_error(self, exc)

    def open_selected(self) -> None:
        e = self.selected()
        if e is None:
            return
        try:
            if e.kind == "link" and e.url:
                desktop.open_link(self, e.url)
            elif e.kind == "file" and e.sha256:
                desktop.open_blob(Path(self.session.ws.blob_path(e.sha256)), e.name, e.sha256)
        except OSError as exc:
            dialogs.show_error(self, self.tr("Berkas tidak dapat dibuka: %1").replace("%1", str(exc)))

    def remove_selected(self) -> None:
        e = self.selected()
        if e is None or self.soal_id is None:
            return
        try:
            self.session.detach(self.soal_id, e)
        except UserError as exc:
            dialogs.show_error(self, exc)

    # -- drag and drop ------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.soal_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if self.soal_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.soal_id is None or not event.mimeData().hasUrls():
            event.ignore()
            return
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        links = [u.toString() for u in event.mimeData().urls() if not u.isLocalFile()]
        event.acceptProposedAction()
        for url in links:
            try:
                self.session.attach_link(self.soal_id, url, None)
            except UserError as exc:
                dialogs.show_error(self, exc)
        if files:
            self.files_dropped.emit(files)
            self.attach_paths(files)
