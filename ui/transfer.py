"""File > Impor jawaban and File > Ekspor paket. The core modules are imported lazily, so the app
still runs (with a clear message) where they are missing. Both run off the GUI thread; the worker
opens its own workspace."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from ui import dialogs


def _tr(text: str) -> str:
    return QCoreApplication.translate("Transfer", text)


def _module(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def read_rows(catalog: Any, path: Path) -> tuple[list[Any], list[str]]:
    """Answer rows (and problems) from a PortalRB JSON file or an LKE workbook."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        xlsx = _module("zi_desktop.xlsx_io")
        if xlsx is None:
            from zi_desktop.errors import UserError

            raise UserError(_tr("Impor dari Excel belum tersedia di versi ini."))
        got = xlsx.read_workbook(catalog, path)
        return list(got.rows), list(getattr(got, "problems", []))
    from zi_desktop.answers import load_answers_file

    return list(load_answers_file(catalog, path).rows), []


def summary_text(summary: Any, problems: list[str]) -> str:
    lines = [
        _tr("Soal baru terisi: %1").replace("%1", str(len(summary.new))),
        _tr("Soal yang berubah: %1").replace("%1", str(len(summary.changed))),
        _tr("Soal tanpa perubahan: %1").replace("%1", str(len(summary.unchanged))),
    ]
    if summary.changes:
        lines.append("")
        lines.append(_tr("Contoh perubahan:"))
        for sid, field, old, new in list(summary.changes)[:8]:
            lines.append(f"  • {_tr('Soal')} {sid} {field}: {old or '–'} → {new or '–'}")
        if len(summary.changes) > 8:
            lines.append("  " + _tr("… dan %1 lainnya").replace("%1", str(len(summary.changes) - 8)))
    if problems:
        lines.append("")
        lines.append(_tr("Catatan dari berkas (%1):").replace("%1", str(len(problems))))
        lines.extend(f"  • {p}" for p in problems[:6])
    lines.append("")
    lines.append(_tr("Terapkan jawaban ini ke workspace? (Bisa dibatalkan dengan memulihkan cadangan.)"))
    return "\n".join(lines)


def import_answers(parent: Any, session: Any, runner: Any) -> Any:
    path = dialogs.pick_open_file(
        parent, _tr("Impor jawaban"), _tr("Jawaban PortalRB atau LKE Excel (*.json *.xlsx *.xlsm);;Semua berkas (*)")
    )
    if not path:
        return None
    catalog = session.catalog

    def preview(_progress: Any, _cancel: Any) -> tuple[list[Any], list[str], Any]:
        rows, problems = read_rows(catalog, Path(path))
        ws = session.open_worker_workspace()
        try:
            return rows, problems, ws.preview_import(rows)
        finally:
            if ws is not session.ws:
                ws.close()

    def previewed(got: tuple[list[Any], list[str], Any]) -> None:
        rows, problems, summary = got
        if not dialogs.confirm(parent, _tr("Impor jawaban"), summary_text(summary, problems)):
            return

        def apply(_progress: Any, _cancel: Any) -> Any:
            ws = session.open_worker_workspace()
            try:
                return ws.apply_import(rows, source=f"impor {Path(path).name}")
            finally:
                if ws is not session.ws:
                    ws.close()

        def applied(_summary: Any) -> None:
            session.undo_stack.clear()  # the import is one transaction; undo history before it no longer fits
            session.reload()

        runner.run(apply, on_done=applied, label=_tr("Menerapkan jawaban…"))

    return runner.run(preview, on_done=previewed, label=_tr("Membaca berkas jawaban…"))


def export_bundle(parent: Any, session: Any, runner: Any) -> Any:
    bundle = _module("zi_desktop.bundle")
    if bundle is None or not hasattr(bundle, "export_bundle"):
        dialogs.show_error(parent, _tr("Ekspor paket belum tersedia di versi ini."))
        return None
    name = f"paket-lke-{session.catalog.tahun}-{datetime.now():%Y%m%d}.zip"
    out = dialogs.pick_save_file(parent, _tr("Ekspor paket"), str(Path.home() / name), _tr("Paket ZIP (*.zip)"))
    if not out:
        return None

    def work(progress: Any, cancel: Any) -> Any:
        ws = session.open_worker_workspace()
        try:
            return bundle.export_bundle(ws, Path(out), on_progress=progress, cancel=cancel)
        finally:
            if ws is not session.ws:
                ws.close()

    def done(_report: Any) -> None:
        session.reload()
        dialogs.show_info(parent, _tr("Ekspor paket"), _tr("Paket tersimpan di:\n%1").replace("%1", str(out)))

    return runner.run(work, on_done=done, label=_tr("Menyusun paket ekspor…"))
