"""File > Impor jawaban and File > Ekspor paket. The core modules are imported lazily, so the app
still runs (with a clear message) where they are missing. Both run off the GUI thread; the worker
opens its own workspace."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from ui import dialogs


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

            raise UserError(QCoreApplication.translate("Transfer", "Impor dari Excel belum tersedia di versi ini."))
        got = xlsx.read_workbook(catalog, path)
        return list(got.rows), list(getattr(got, "problems", []))
    from zi_desktop.answers import load_answers_file

    return list(load_answers_file(catalog, path).rows), []


def summary_text(summary: Any, problems: list[str]) -> str:
    lines = [
        QCoreApplication.translate("Transfer", "Soal baru terisi: %1").replace("%1", str(len(summary.new))),
        QCoreApplication.translate("Transfer", "Soal yang berubah: %1").replace("%1", str(len(summary.changed))),
        QCoreApplication.translate("Transfer", "Soal tanpa perubahan: %1").replace("%1", str(len(summary.unchanged))),
    ]
    if summary.changes:
        lines.append("")
        lines.append(QCoreApplication.translate("Transfer", "Contoh perubahan:"))
        soal_word = QCoreApplication.translate("Transfer", "Soal")
        for sid, field, old, new in list(summary.changes)[:8]:
            lines.append(f"  • {soal_word} {sid} {field}: {old or '–'} → {new or '–'}")
        if len(summary.changes) > 8:
            lines.append(
                "  "
                + QCoreApplication.translate("Transfer", "… dan %1 lainnya").replace(
                    "%1", str(len(summary.changes) - 8)
                )
            )
    if problems:
        lines.append("")
        lines.append(
            QCoreApplication.translate("Transfer", "Catatan dari berkas (%1):").replace("%1", str(len(problems)))
        )
        lines.extend(f"  • {p}" for p in problems[:6])
    lines.append("")
    lines.append(
        QCoreApplication.translate("Transfer", "Terapkan jawaban ini ke workspace? Jawaban yang berubah akan diganti.")
    )
    return "\n".join(lines)


def import_answers(parent: Any, session: Any, runner: Any) -> Any:
    path = dialogs.pick_open_file(
        parent,
        QCoreApplication.translate("Transfer", "Impor jawaban"),
        QCoreApplication.translate(
            "Transfer", "Jawaban PortalRB atau LKE Excel (*.json *.xlsx *.xlsm);;Semua berkas (*)"
        ),
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
        if not dialogs.confirm(
            parent, QCoreApplication.translate("Transfer", "Impor jawaban"), summary_text(summary, problems)
        ):
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

        runner.run(apply, on_done=applied, label=QCoreApplication.translate("Transfer", "Menerapkan jawaban…"))

    return runner.run(
        preview, on_done=previewed, label=QCoreApplication.translate("Transfer", "Membaca berkas jawaban…")
    )


def export_bundle(parent: Any, session: Any, runner: Any) -> Any:
    bundle = _module("zi_desktop.bundle")
    if bundle is None or not hasattr(bundle, "export_bundle"):
        dialogs.show_error(parent, QCoreApplication.translate("Transfer", "Ekspor paket belum tersedia di versi ini."))
        return None
    name = f"paket-lke-{session.catalog.tahun}-{datetime.now():%Y%m%d}.zip"
    out = dialogs.pick_save_file(
        parent,
        QCoreApplication.translate("Transfer", "Ekspor paket"),
        str(Path.home() / name),
        QCoreApplication.translate("Transfer", "Paket ZIP (*.zip)"),
    )
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
        dialogs.show_info(
            parent,
            QCoreApplication.translate("Transfer", "Ekspor paket"),
            QCoreApplication.translate("Transfer", "Paket tersimpan di:\n%1").replace("%1", str(out)),
        )

    return runner.run(work, on_done=done, label=QCoreApplication.translate("Transfer", "Menyusun paket ekspor…"))
