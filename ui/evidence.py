"""The evidence list of one question: a list model, and a box that adds files (button or drag and
drop), adds links, opens an item with the system viewer and removes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Signal,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QVBoxLayout,
)

from ui import desktop, dialogs, looks, qt_names
from ui.qt_names import Qt
from ui.steady import WrapLabel
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

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = qt_names.DISPLAY_ROLE) -> Any:
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
        self.hint = WrapLabel(self.tr("Belum ada bukti dukung. Seret berkas ke sini, atau pakai tombol di bawah."))
        self.hint.setWordWrap(True)
        looks.apply(self.hint, "color: #666;")
        self.where = WrapLabel()
        qt_names.plain_text(self.where)
        looks.apply(self.where, "color: #666;")
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
        return attach_plan(self.session, self.runner, [(self.soal_id, p) for p in paths])

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


# -- many files for many questions in one step --------------------------------------------------


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("EvidenceBox", text, "", n)


def attach_plan(session: Any, runner: Any, plan: list[tuple[int, str | Path]]) -> Any:
    """Attach every (soal, file) pair in one step, off the GUI thread: one transaction, a progress
    dialog with Batal (a cancel leaves nothing attached), one undo step for all of it."""
    if not plan:
        return None
    pairs = [(int(s), Path(p)) for s, p in plan]

    def work(progress: Any, cancel: Any) -> list[Any]:
        with session.worker_workspace() as ws:
            before = {e.id for e in ws.evidence()}
            items = ws.attach_many(pairs, on_progress=progress, cancel=cancel)
            # A file already on its question comes back as its existing item: undo must not remove it.
            new: dict[int, Any] = {}
            for i in items:
                if i.id not in before:
                    new.setdefault(i.id, i)
            return list(new.values())

    soal = len({s for s, _ in pairs})
    label = (
        _tr("Menyimpan %n berkas bukti dukung…", len(pairs))
        if soal == 1
        else _tr("Menyimpan %1 berkas bukti dukung untuk %2 soal…")
        .replace("%1", str(len(pairs)))
        .replace("%2", str(soal))
    )
    return runner.run(work, on_done=session.attached_many, label=label)


def folder_summary(got: Any) -> tuple[str, str]:
    """(what will happen, the whole assignment) of a `blobs.plan_folder` result, in plain words."""
    by_soal = got.by_soal()
    size = sum(_file_size(p) for _s, p in got.assigned)
    text = (
        _tr("%1 berkas akan dilampirkan ke %2 soal (%3), dalam satu langkah yang dapat diurungkan.")
        .replace("%1", str(len(got.assigned)))
        .replace("%2", str(len(by_soal)))
        .replace("%3", _size(size))
    )
    if got.unassigned:
        text += "\n\n" + _tr(
            "%1 berkas tidak dilampirkan karena namanya tidak diawali nomor soal (mis. 7_SK_Tim.pdf atau folder 7)."
        ).replace("%1", str(len(got.unassigned)))
    text += "\n\n" + _tr("Lampirkan sekarang?")
    lines = []
    for sid, files in sorted(by_soal.items()):
        lines.append(_tr("Soal %1:").replace("%1", str(sid)))
        lines += [f"  {p.relative_to(got.folder)}" for p in files]
    if got.unassigned:
        lines.append(_tr("Tidak dilampirkan:"))
        lines += [f"  {p.relative_to(got.folder)}" for p in got.unassigned]
    return text, "\n".join(lines)


def _file_size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def attach_from_folder(parent: Any, session: Any, runner: Any, folder: str | None = None) -> Any:
    """Berkas > Lampirkan bukti dari folder: files and subfolders named by soal number (7_SK_Tim.pdf,
    7/...) go to their soal, after a preview of the assignment; one step, undoable."""
    from zi_desktop.workspace.blobs import plan_folder

    folder = folder or dialogs.pick_folder(parent, _tr("Pilih folder bukti dukung (nama berkas diawali nomor soal)"))
    if not folder:
        return None
    try:
        got = plan_folder(Path(folder), session.catalog.soal)
        if got.unknown:
            sid, p = got.unknown[0]
            raise UserError(
                _tr(
                    "Berkas %1 menyebut soal %2, yang tidak ada di LKE ini. Ganti nama berkasnya lalu coba lagi; tidak ada yang dilampirkan."
                )
                .replace("%1", str(p))
                .replace("%2", str(sid))
            )
        if not got.assigned:
            raise UserError(
                _tr(
                    "Tidak ada berkas di %1 yang namanya diawali nomor soal (mis. 7_SK_Tim.pdf atau folder 7)."
                ).replace("%1", str(folder))
            )
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return None
    text, details = folder_summary(got)
    if not dialogs.confirm(parent, _tr("Lampirkan bukti dari folder"), text, details):
        return None
    return attach_plan(session, runner, list(got.assigned))


def drop_on_soal(parent: Any, session: Any, runner: Any, soal_id: int, files: list[str], urls: list[Any]) -> Any:
    """Files and links dropped on a question's row of the LKE tree (ui.lke_tree): the links are
    added, the files attached in one step in the background."""
    if session is None:
        return None
    for u in urls:
        if not u.isLocalFile():
            try:
                session.attach_link(soal_id, u.toString(), None)
            except UserError as exc:
                dialogs.show_error(parent, exc)
    return attach_plan(session, runner, [(soal_id, f) for f in files]) if files else None
