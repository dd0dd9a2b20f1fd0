"""Berkas > Buat paket kerja / Buka paket kerja / Kirim paket balik / Terima paket balik.

The work runs off the GUI thread (the task runner; a worker opens its own workspace); receiving
shows the merge's preview first and asks before anything is saved. The dialogs are small
functions here, so tests replace them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui import dialogs
from zi_desktop.workspace import team


def tr(text: str) -> str:
    return QCoreApplication.translate("Team", text)


# -- dialogs (replaced in tests) ----------------------------------------------------------------


def ask_preview(parent: QWidget | None, text: str) -> bool:
    """Show the merge preview; True to receive it."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle(tr("Pratinjau paket balik"))
    box.setText(tr("Periksa dulu apa yang akan digabung ke workspace ini:"))
    box.setInformativeText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText(tr("Terima"))
    box.button(QMessageBox.StandardButton.Cancel).setText(tr("Batal"))
    return box.exec() == QMessageBox.StandardButton.Ok


def ask_pic(parent: QWidget | None, names: list[str]) -> str | None:
    from PySide6.QtWidgets import QInputDialog

    name, ok = QInputDialog.getItem(
        parent, tr("Buat paket kerja"), tr("Untuk siapa paketnya (soal yang ditugaskan kepadanya):"), names, 0, False
    )
    return name if ok and name else None


# -- the preview in words -----------------------------------------------------------------------


def preview_text(report: team.MergeReport, *, limit: int = 12) -> str:
    if report.already:
        return report.note
    lines = [
        tr("%1 isian dan %2 bukti diambil dari %3, %4 perubahan di sini dipertahankan, %5 konflik.")
        .replace("%1", str(len(report.taken)))
        .replace("%2", str(len(report.evidence_added) + len(report.evidence_removed)))
        .replace("%3", report.pic)
        .replace("%4", str(len(report.kept)))
        .replace("%5", str(len(report.conflicts)))
    ]
    rows: list[str] = []
    for sid, f, old, new in report.taken:
        rows.append(f"• {tr('Soal')} {sid} {team.FIELD_LABELS[f]}: {team.show(old)} → {team.show(new)}")
    for sid, item in report.evidence_added:
        what = item.get("name") if item["kind"] == "file" else item.get("url") or item.get("text")
        rows.append(f"• {tr('Soal')} {sid} {tr('bukti baru')}: {team.show(what)}")
    for sid, (_kind, value) in report.evidence_removed:
        rows.append(f"• {tr('Soal')} {sid} {tr('bukti dilepas')}: {team.show(value)}")
    for sid, f, _base, ours, theirs in report.conflicts:
        rows.append(
            f"• {tr('KONFLIK soal')} {sid} {team.FIELD_LABELS[f]}: {tr('di sini')} {team.show(ours)}, "
            f"{tr('dari anggota')} {team.show(theirs)}"
        )
    lines += rows[:limit]
    if len(rows) > limit:
        lines.append(tr("… dan %1 lagi").replace("%1", str(len(rows) - limit)))
    return "\n".join(lines)


# -- actions ------------------------------------------------------------------------------------


def receive(window: Any, session: Any, runner: Any, path: str | None = None) -> Any:
    """Berkas > Terima paket balik: preview, ask, merge in one transaction, reload."""
    from zi_desktop.exchange.packet import receive_packet

    path = path or dialogs.pick_open_file(window, tr("Terima paket balik anggota"), tr("Paket balik (*.zip)"))
    if not path:
        return None

    def preview(_p: Any, _c: Any) -> team.MergeReport:
        with session.worker_workspace() as ws:
            return receive_packet(ws, path, dry_run=True)

    def apply(_p: Any, _c: Any) -> team.MergeReport:
        with session.worker_workspace() as ws:
            return receive_packet(ws, path, dry_run=False)

    def applied(report: team.MergeReport) -> None:
        session.reload()
        if report.conflicts and hasattr(window, "show_conflicts"):
            window.show_conflicts()
        dialogs.show_info(window, tr("Paket balik diterima"), preview_text(report))

    def previewed(report: team.MergeReport) -> None:
        if report.already:
            dialogs.show_info(window, tr("Paket balik"), report.note)
            return
        if ask_preview(window, preview_text(report)):
            runner.run(apply, on_done=applied, label=tr("Menggabungkan paket balik…"))

    return runner.run(preview, on_done=previewed, label=tr("Memeriksa paket balik…"))


def open_member(window: Any, runner: Any, path: str | None = None, folder: str | None = None) -> Any:
    """Berkas > Buka paket kerja: into a new (or the member's existing) workspace, then open it."""
    from zi_desktop.exchange.packet import open_packet

    path = path or dialogs.pick_open_file(window, tr("Buka paket kerja"), tr("Paket kerja (*.zip)"))
    if not path:
        return None
    folder = folder or dialogs.pick_folder(
        window, tr("Folder workspace anggota (folder baru/kosong, atau workspace anggota Anda)")
    )
    if not folder:
        return None
    target = Path(folder)
    if window.session is not None and Path(window.session.path) == target:
        window.close_workspace()  # the packet writes into this workspace: reopen it afterwards

    def work(_p: Any, _c: Any) -> Any:
        return open_packet(path, target)

    def done(result: Any) -> None:
        report, fresh = result
        window.open_path(target)
        text = (
            tr("Workspace anggota siap: paket untuk %1. Soal paket dapat diisi; soal lain hanya-baca.")
            if fresh
            else tr("Paket baru untuk %1 digabung dengan pekerjaan yang belum dikirim.")
        ).replace("%1", report.pic)
        if report.conflicts:
            text += "\n" + tr("%1 konflik menunggu di halaman Konflik.").replace("%1", str(len(report.conflicts)))
        dialogs.show_info(window, tr("Paket kerja dibuka"), report.note or text)

    return runner.run(work, on_done=done, label=tr("Membuka paket kerja…"))


def send_back(window: Any, session: Any, runner: Any, out: str | None = None) -> Any:
    """Berkas > Kirim paket balik (a member's workspace)."""
    from zi_desktop.exchange.packet import send_back as write_back

    info = team.member_info(session.ws)
    if info is None:
        dialogs.show_error(window, tr("Workspace ini bukan workspace anggota (tidak dibuka dari paket kerja)."))
        return None
    out = out or dialogs.pick_save_file(
        window, tr("Kirim paket balik"), f"balik-{info['pic']}.zip", tr("Paket balik (*.zip)")
    )
    if not out:
        return None

    def work(_p: Any, _c: Any) -> team.Outgoing:
        with session.worker_workspace() as ws:
            return write_back(ws, out)

    def done(o: team.Outgoing) -> None:
        dialogs.show_info(
            window,
            tr("Paket balik ditulis"),
            tr("%1 soal berubah, %2 berkas bukti baru: %3. Serahkan berkas ini ke koordinator.")
            .replace("%1", str(len(o.changes)))
            .replace("%2", str(len(o.files)))
            .replace("%3", str(out)),
        )

    return runner.run(work, on_done=done, label=tr("Menulis paket balik…"))


def make(window: Any, session: Any, runner: Any, pic: str | None = None, out: str | None = None) -> Any:
    """Berkas > Buat paket kerja: for one PIC, the questions assigned to them."""
    from zi_desktop.exchange.packet import make_packet

    pics = team.pic_map(session.ws)
    names = sorted(set(pics.values()), key=str.lower)
    if not names:
        dialogs.show_error(
            window, tr("Belum ada penugasan PIC. Tetapkan dulu, mis.: zi-desktop tugas WS --pic NAMA --area 1")
        )
        return None
    pic = pic or ask_pic(window, names)
    if not pic:
        return None
    out = out or dialogs.pick_save_file(window, tr("Simpan paket kerja"), f"paket-{pic}.zip", tr("Paket kerja (*.zip)"))
    if not out:
        return None
    ids = sorted(s for s, p in pics.items() if p == pic)

    def work(_p: Any, _c: Any) -> team.PacketContent:
        with session.worker_workspace() as ws:
            return make_packet(ws, pic, ids, out)

    def done(c: team.PacketContent) -> None:
        dialogs.show_info(
            window,
            tr("Paket kerja ditulis"),
            tr("Paket untuk %1: %2 soal → %3")
            .replace("%1", c.pic)
            .replace("%2", str(len(c.soal)))
            .replace("%3", str(out)),
        )

    return runner.run(work, on_done=done, label=tr("Menulis paket kerja…"))
