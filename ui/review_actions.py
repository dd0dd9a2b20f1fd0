"""What the Berkas menu's TPI review entries do (the entries themselves: `ui.review_menu`): open a unit's bundle for review, take a review result in,
export the review result, open the unit's next bundle onto the review, print preview of the reports.

Each entry is a small function of the window; the dialogs are module functions tests replace.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import dialogs
from ui import review_commands as rc
from ui.qt_names import Qt
from zi_desktop.errors import UserError


def _tr(text: str) -> str:
    return QCoreApplication.translate("Review", text)


# -- dialogs (tests replace these) ----------------------------------------------------------------


class ReviewOpenDialog(QDialog):
    """Tier, reviewer and the folder of the new review workspace."""

    def __init__(self, bundle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Buka paket untuk reviu"))
        lay = QVBoxLayout(self)
        info = QLabel(_tr("Paket unit: %1").replace("%1", bundle))
        info.setTextFormat(Qt.TextFormat.PlainText)
        info.setWordWrap(True)
        lay.addWidget(info)
        form = QFormLayout()
        self.tier = QLineEdit("TPI Unit")
        self.tier.setObjectName("reviewTier")
        self.reviewer = QLineEdit()
        self.reviewer.setObjectName("reviewReviewer")
        self.folder = QLineEdit(str(Path(bundle).with_suffix("")) + "-reviu")
        self.folder.setObjectName("reviewFolder")
        pick = QPushButton(_tr("Pilih…"))
        pick.clicked.connect(self._pick)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(pick)
        self.on_top = QLineEdit()
        self.on_top.setObjectName("reviewOnTop")
        self.on_top.setPlaceholderText(_tr("(opsional) hasil reviu tingkat sebelumnya, .zip"))
        form.addRow(_tr("Tingkat reviu"), self.tier)
        form.addRow(_tr("Nama reviewer"), self.reviewer)
        form.addRow(_tr("Folder workspace reviu"), row)
        form.addRow(_tr("Di atas hasil"), self.on_top)
        lay.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _pick(self) -> None:
        path = dialogs.pick_folder(self, _tr("Folder workspace reviu (kosong atau baru)"))
        if path:
            self.folder.setText(str(Path(path) / "reviu"))

    def values(self) -> dict[str, Any]:
        on_top = [p.strip() for p in self.on_top.text().split(";") if p.strip()]
        return {
            "tier": self.tier.text(),
            "reviewer": self.reviewer.text(),
            "dest": self.folder.text(),
            "on_top": on_top,
        }


def ask_review_open(parent: QWidget | None, bundle: str) -> dict[str, Any] | None:
    dlg = ReviewOpenDialog(bundle, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return dlg.values()


def choose_conflict(parent: QWidget | None, exc: Any) -> str | None:
    """Two results of one tier for the same bundle differ: keep the one taken in, or the new one."""
    lines = []
    for d in exc.differences[:30]:
        where = _tr("Soal %1").replace("%1", str(d.soal_id)) if d.soal_id else _tr("Reviu")
        lines.append(f"{where} {d.field}: {d.old} / {d.new}")
    box = QMessageBox(parent)
    box.setWindowTitle(_tr("Hasil reviu berbeda"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(str(exc))
    box.setDetailedText("\n".join(lines))
    keep = box.addButton(_tr("Simpan yang sudah diterima"), QMessageBox.ButtonRole.RejectRole)
    take = box.addButton(_tr("Pakai hasil baru"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is keep:
        return "lama"
    if box.clickedButton() is take:
        return "baru"
    return None


# -- the entries ----------------------------------------------------------------------------------


def open_for_review(window: Any) -> Any:
    bundle = dialogs.pick_open_file(window, _tr("Paket unit untuk direviu"), _tr("Paket ZIP (*.zip)"))
    if not bundle:
        return None
    values = ask_review_open(window, bundle)
    if not values:
        return None
    from zi_desktop.exchange.review_packet import open_review

    def work(_progress: Any, _cancel: Any) -> Any:
        return open_review(
            Path(bundle),
            Path(values["dest"]),
            tier=values["tier"],
            reviewer=values["reviewer"],
            on_top=[Path(p) for p in values["on_top"]],
        )

    def done(rep: Any) -> None:
        window.open_path(rep.path)

    return window.runner.run(work, on_done=done, label=_tr("Membuka paket untuk reviu…"))


def accept_review(window: Any, session: Any, path: str | None = None) -> Any:
    """Berkas > Terima hasil reviu: one transaction, undoable; the tree then shows what to fix."""
    from zi_desktop.exchange.review_packet import ReviewConflict, import_review

    if path is None:
        path = dialogs.pick_open_file(window, _tr("Hasil reviu TPI"), _tr("Hasil reviu ZIP (*.zip)"))
    if not path:
        return None
    if window.view is not None:
        window.view.question.flush()
    pilih = None
    while True:
        try:
            rep = import_review(session.ws, Path(path), pilih=pilih)
            break
        except ReviewConflict as exc:
            pilih = choose_conflict(window, exc)
            if pilih is None:
                return None
        except UserError as exc:
            dialogs.show_error(window, exc)
            return None
    if rep.already or rep.kept_old:
        dialogs.show_info(window, _tr("Terima hasil reviu"), _tr("Tidak ada yang berubah."))
        return rep
    session.undo_stack.push(rc.ImportReviewCommand(session, rep.undo, Path(path).name))
    session.reload()
    if window.view is not None:
        window.view.refresh_review()
        if rep.perlu_perbaikan:
            window.view.set_filter(marker=rc.FIXING)
    text = (
        _tr("Tingkat %1 (%2): %3 soal direviu, %4 perlu perbaikan.")
        .replace("%1", rep.tier)
        .replace("%2", rep.reviewer)
        .replace("%3", str(rep.reviewed))
        .replace("%4", str(len(rep.perlu_perbaikan)))
    )
    if rep.unit_changed:
        text += "\n" + _tr("Soal yang Anda ubah sejak paket yang direviu: %1").replace(
            "%1", ", ".join(str(s) for s in rep.unit_changed[:30])
        )
    dialogs.show_info(window, _tr("Terima hasil reviu"), text)
    return rep


def export_review_result(window: Any, session: Any) -> Any:
    from zi_desktop.exchange.review_packet import export_review

    name = f"hasil-reviu-{session.catalog.tahun}-{datetime.now():%Y%m%d}.zip"
    out = dialogs.pick_save_file(
        window, _tr("Ekspor hasil reviu"), str(Path.home() / name), _tr("Hasil reviu ZIP (*.zip)")
    )
    if not out:
        return None
    if window.view is not None:
        window.view.question.flush()
    try:
        rep = export_review(session.ws, Path(out))
    except UserError as exc:
        dialogs.show_error(window, exc)
        return None
    dialogs.show_info(window, _tr("Ekspor hasil reviu"), _tr("Hasil reviu tersimpan di:\n%1").replace("%1", str(out)))
    return rep


def update_from_bundle(window: Any, session: Any) -> Any:
    from zi_desktop.exchange.review_packet import update_review

    bundle = dialogs.pick_open_file(window, _tr("Paket unit berikutnya"), _tr("Paket ZIP (*.zip)"))
    if not bundle:
        return None
    try:
        rep = update_review(session.ws, Path(bundle))
    except UserError as exc:
        dialogs.show_error(window, exc)
        return None
    session.reload()
    if window.view is not None:
        window.view.refresh_review()
    soal = ", ".join(str(s) for s in list(rep.changes)[:40]) or "-"
    dialogs.show_info(
        window,
        _tr("Paket unit berikutnya"),
        _tr("Putaran %1: %2 soal diubah unit (%3).")
        .replace("%1", str(rep.round))
        .replace("%2", str(len(rep.changes)))
        .replace("%3", soal),
    )
    return rep


def print_preview(window: Any, session: Any) -> Any:
    from ui.review_preview import ReportPreview

    kind = "lhe" if rc.has_review_data(session) else "mandiri"
    dlg = ReportPreview(session.ws, kind, window)
    dlg.exec()
    return dlg
