"""File > Impor jawaban and File > Ekspor paket. The core modules are imported where they are used
(openpyxl stays out of the start-up). Both run off the GUI thread; the worker opens its own workspace."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from ui import dialogs


def read_rows(catalog: Any, path: Path, settings: Any = None) -> tuple[list[Any], list[str], list[str]]:
    """Answer rows, what the file could not give (refused values, rows matching no question) and the
    workbook's own saved figures beside ZI Desktop's, from a PortalRB JSON file or an LKE workbook:
    the same reader as `zi-desktop import`."""
    from zi_desktop.exchange.sources import read_answers_source

    got = read_answers_source(catalog, path, settings=settings)
    unmatched = QCoreApplication.translate("Transfer", "tidak cocok dengan soal mana pun")
    own = got.self_check.lines() if got.self_check else []
    return got.rows, got.problems + [f"{u} ({unmatched})" for u in got.unmatched], own


def _tr(text: str) -> str:
    return QCoreApplication.translate("Transfer", text)


def summary_text(summary: Any, problems: list[str], own: list[str] | None = None) -> str:
    """The import preview in words: the workbook's own figures beside ours (when it has them), what
    would be filled, overwritten and cleared, each listed apart, and what is left alone."""
    lines = [
        *(own or []),
        *([""] if own else []),
        _tr("Soal baru terisi: %1").replace("%1", str(len(summary.new))),
        _tr("Soal yang berubah: %1").replace("%1", str(len(summary.changed))),
        _tr("Soal tanpa perubahan: %1").replace("%1", str(len(summary.unchanged))),
    ]
    soal_word = _tr("Soal")
    empty = _tr("(kosong)")

    def v(text: Any) -> str:
        """One line per item: a multi-line note on one line, a long one cut (the cell itself is intact)."""
        if text is None:
            return empty
        one = " ".join(str(text).split())
        return one if len(one) <= 80 else one[:79] + "…"

    filled = [c for c in summary.changes if c[2] is None]
    sections = [
        (_tr("Akan diisi (sebelumnya kosong)"), [f"{soal_word} {sid} {f}: {v(new)}" for sid, f, _o, new in filled]),
        (
            _tr("Akan DIGANTI (nilai yang ada ditimpa)"),
            [f"{soal_word} {sid} {f}: {v(old)} → {v(new)}" for sid, f, old, new in summary.overwritten],
        ),
        (_tr("Akan DIKOSONGKAN"), [f"{soal_word} {sid} {f}: {v(old)} → {empty}" for sid, f, old in summary.cleared]),
        (
            _tr("Dibiarkan: sel kosong di berkas"),
            [f"{soal_word} {sid} {f}: {v(old)}" for sid, f, old in summary.kept_blank],
        ),
        (
            _tr("Dibiarkan: berkas membawa nilai lama yang sudah diubah sesudahnya"),
            [f"{soal_word} {sid} {f}: {v(old)} ({v(new)} di berkas)" for sid, f, old, new in summary.kept_later],
        ),
    ]
    for title, items in sections:
        if not items:
            continue
        lines += ["", f"{title} ({len(items)}):"]
        lines += [f"  • {i}" for i in items[:8]]
        if len(items) > 8:
            lines.append("  " + _tr("… dan %1 lainnya").replace("%1", str(len(items) - 8)))
    if problems:
        lines.append("")
        lines.append(_tr("Catatan dari berkas (%1):").replace("%1", str(len(problems))))
        lines.extend(f"  • {p}" for p in problems[:6])
    return "\n".join(lines)


def import_answers(parent: Any, session: Any, runner: Any) -> Any:
    path = dialogs.pick_open_file(
        parent,
        _tr("Impor jawaban"),
        _tr("Jawaban PortalRB atau LKE Excel (*.json *.xlsx *.xlsm);;Semua berkas (*)"),
    )
    if not path:
        return None
    catalog = session.catalog

    def preview(_progress: Any, _cancel: Any) -> tuple[list[Any], list[str], Any, Any, list[str]]:
        with session.worker_workspace() as ws:
            rows, problems, own = read_rows(catalog, Path(path), ws.settings())
            return rows, problems, ws.preview_import(rows), ws.preview_import(rows, clear=True), own

    def previewed(got: tuple[list[Any], list[str], Any, Any, list[str]]) -> None:
        rows, problems, keep, clear_all, own = got
        clear = dialogs.confirm_import(
            parent, summary_text(keep, problems, own), summary_text(clear_all, problems, own), bool(keep.kept_blank)
        )
        if clear is None:
            return
        before = {sid: session.records.get(sid) for sid in {c[0] for c in clear_all.changes + keep.changes}}

        def apply(_progress: Any, _cancel: Any) -> Any:
            with session.worker_workspace() as ws:
                return ws.apply_import(rows, source=f"impor {Path(path).name}", clear=clear)

        def applied(summary: Any) -> None:
            from ui.commands import ImportCommand

            session.reload()
            if summary.changes:
                session.undo_stack.push(ImportCommand(session, Path(path).name, summary, before))

        runner.run(apply, on_done=applied, label=_tr("Menerapkan jawaban…"))

    return runner.run(preview, on_done=previewed, label=_tr("Membaca berkas jawaban…"))


def readiness_text(check: Any) -> str | None:
    """What would block a submission or is advisable, as the export asks about it (None: all well)."""
    if not check.blocking and not check.advisory:
        return None
    lines: list[str] = []
    for title, items in (
        (QCoreApplication.translate("Transfer", "Menghalangi pengiriman ke PortalRB (%1):"), check.blocking),
        (QCoreApplication.translate("Transfer", "Saran sebelum dikirim (%1):"), check.advisory),
    ):
        if items:
            lines.append(title.replace("%1", str(len(items))))
            lines += [f"  • {m}" for _sid, m in items[:8]]
            if len(items) > 8:
                lines.append(
                    "  " + QCoreApplication.translate("Transfer", "… dan %1 lainnya").replace("%1", str(len(items) - 8))
                )
            lines.append("")
    lines.append(QCoreApplication.translate("Transfer", "Tetap ekspor paket sekarang?"))
    return "\n".join(lines)


def confirm_readiness(parent: Any, session: Any) -> bool:
    """Show what `zi-desktop check` would list before an export; True to go on."""
    from zi_desktop.lke.readiness import submission_check

    check = submission_check(session.ws)
    text = readiness_text(check)
    if text is None:
        return True
    every = [m for _sid, m in (*check.blocking, *check.advisory)]
    return dialogs.confirm(
        parent, QCoreApplication.translate("Transfer", "Ekspor paket"), text, details="\n".join(every)
    )


def apply_links(parent: Any, session: Any, runner: Any) -> Any:
    """Berkas > Isi tautan bukti dari CSV: preview what the list fills in, ask, then apply."""
    path = dialogs.pick_open_file(
        parent,
        QCoreApplication.translate("Transfer", "Isi tautan bukti dari CSV"),
        QCoreApplication.translate("Transfer", "Daftar tautan (*.csv *.txt);;Semua berkas (*)"),
    )
    if not path:
        return None
    from zi_desktop.exchange.links import apply_links as core_apply_links

    def preview(_progress: Any, _cancel: Any) -> Any:
        with session.worker_workspace() as ws:
            return core_apply_links(ws, Path(path), dry_run=True)

    def previewed(report: Any) -> None:
        lines = [
            QCoreApplication.translate("Transfer", "Soal yang tautan buktinya akan diisi: %1").replace(
                "%1", str(len(report.updated))
            )
        ]
        missed = list(report.problems) + list(report.unmatched)
        if missed:
            lines.append("")
            lines.append(
                QCoreApplication.translate("Transfer", "Baris yang tidak cocok (%1):").replace("%1", str(len(missed)))
            )
            lines += [f"  • {m}" for m in missed[:8]]
        if not report.updated:
            dialogs.show_info(parent, QCoreApplication.translate("Transfer", "Isi tautan bukti"), "\n".join(lines))
            return
        lines += ["", QCoreApplication.translate("Transfer", "Terapkan tautan ini?")]
        if not dialogs.confirm(parent, QCoreApplication.translate("Transfer", "Isi tautan bukti"), "\n".join(lines)):
            return

        def apply(_progress: Any, _cancel: Any) -> Any:
            with session.worker_workspace() as ws:
                return core_apply_links(ws, Path(path))

        def applied(_report: Any) -> None:
            session.undo_stack.clear()  # one transaction, like an import
            session.reload()

        runner.run(apply, on_done=applied, label=QCoreApplication.translate("Transfer", "Mengisi tautan bukti…"))

    return runner.run(
        preview, on_done=previewed, label=QCoreApplication.translate("Transfer", "Membaca daftar tautan…")
    )


def export_bundle(parent: Any, session: Any, runner: Any) -> Any:
    from zi_desktop.exchange import bundle

    if not confirm_readiness(parent, session):
        return None
    name = bundle.bundle_file_name(session.unit_name, session.catalog.tahun, datetime.now())
    out = dialogs.pick_save_file(
        parent,
        QCoreApplication.translate("Transfer", "Ekspor paket"),
        str(Path.home() / name),
        QCoreApplication.translate("Transfer", "Paket ZIP (*.zip)"),
    )
    if not out:
        return None

    def work(progress: Any, cancel: Any) -> Any:
        with session.worker_workspace() as ws:
            return bundle.export_bundle(ws, Path(out), on_progress=progress, cancel=cancel)

    def done(_report: Any) -> None:
        session.reload()
        dialogs.show_info(
            parent,
            QCoreApplication.translate("Transfer", "Ekspor paket"),
            QCoreApplication.translate("Transfer", "Paket tersimpan di:\n%1").replace("%1", str(out)),
        )

    return runner.run(work, on_done=done, label=QCoreApplication.translate("Transfer", "Menyusun paket ekspor…"))
