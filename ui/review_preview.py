"""Print preview of the LHE and the self-assessment report.

The preview paints the same figures as the PDF (`zi_desktop.reports.lhe.lhe_data` /
`mandiri_data`) with QPainter on the printer's pages: A4, page numbers, black on white, bars told
apart by grey level. "Simpan PDF…" writes the core's PDF (the same file `zi-desktop laporan` makes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui import dialogs
from ui.qt_names import Qt
from zi_desktop.errors import UserError
from zi_desktop.lke.answers import format_decimal as _n
from zi_desktop.workspace import review as rv


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportPreview", text)


class _Pages:
    """A tiny flow layout over printer pages: lines of text, tables, bars, page numbers."""

    def __init__(self, painter: QPainter, printer: QPrinter, title: str) -> None:
        self.p, self.printer, self.title = painter, printer, title
        self.rect = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        self.rect.moveTo(0, 0)
        self.dpi = printer.resolution()
        self.y = 0.0
        self.page = 1
        self.pages_text: list[int] = []

    def mm(self, v: float) -> float:
        return v * self.dpi / 25.4

    def font(self, size: float, bold: bool = False) -> QFontMetricsF:
        f = QFont("Helvetica")
        f.setPointSizeF(size)
        f.setBold(bold)
        self.p.setFont(f)
        return QFontMetricsF(f, self.printer)

    def need(self, h: float) -> None:
        if self.y + h > self.rect.height() - self.mm(10):
            self.footer()
            self.printer.newPage()
            self.page += 1
            self.y = 0.0

    def footer(self) -> None:
        self.font(8)
        r = QRectF(0, self.rect.height() - self.mm(6), self.rect.width(), self.mm(6))
        self.p.drawText(r, Qt.AlignmentFlag.AlignCenter, _tr("Halaman %1").replace("%1", str(self.page)))

    def text(self, s: str, size: float = 9.5, bold: bool = False, indent: float = 0.0, center: bool = False) -> None:
        fm = self.font(size, bold)
        width = self.rect.width() - self.mm(indent)
        flags = int(Qt.TextFlag.TextWordWrap) | int(
            Qt.AlignmentFlag.AlignHCenter if center else Qt.AlignmentFlag.AlignLeft
        )
        br = fm.boundingRect(QRectF(0, 0, width, 10000), flags, s)
        self.need(br.height())
        self.p.drawText(QRectF(self.mm(indent), self.y, width, br.height() + 2), flags, s)
        self.y += br.height() + self.mm(1)

    def heading(self, s: str) -> None:
        self.need(self.mm(14))
        self.y += self.mm(2)
        self.text(s, 11, True)
        self.p.drawLine(0, int(self.y), int(self.rect.width()), int(self.y))
        self.y += self.mm(1.5)

    def row(self, cells: list[str], widths: list[float], bold: bool = False) -> None:
        fm = self.font(8.5, bold)
        h = fm.height() + self.mm(1.5)
        self.need(h)
        total = sum(widths)
        x = 0.0
        for c, w in zip(cells, widths, strict=True):
            ww = self.rect.width() * w / total
            r = QRectF(x, self.y, ww, h)
            self.p.drawRect(r)
            self.p.drawText(
                r.adjusted(self.mm(1), 0, -self.mm(1), 0),
                int(Qt.AlignmentFlag.AlignVCenter),
                fm.elidedText(c, Qt.TextElideMode.ElideRight, ww - self.mm(2)),
            )
            x += ww
        self.y += h

    def bars(self, items: list[tuple[str, list[float]]], series: list[str], marks: list[tuple[str, float]]) -> None:
        greys = [255, 90, 170]
        bar_h = self.mm(3.2)
        label_w = self.mm(22)
        plot_w = self.rect.width() - label_w - self.mm(12)
        self.need(self.mm(8) + len(items) * (bar_h * len(series) + self.mm(2)))
        self.font(7.5)
        x = 0.0
        for i, name in enumerate(series):
            self.p.setBrush(QColor(greys[i], greys[i], greys[i]))
            self.p.drawRect(QRectF(x, self.y, self.mm(4), self.mm(3)))
            self.p.drawText(QRectF(x + self.mm(5), self.y - self.mm(0.5), self.mm(60), self.mm(4)), name)
            x += self.mm(60)
        self.y += self.mm(6)
        top = self.y
        for label, values in items:
            self.p.drawText(
                QRectF(0, self.y, label_w - self.mm(2), bar_h * len(series)),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            for i, v in enumerate(values):
                self.p.setBrush(QColor(greys[i], greys[i], greys[i]))
                w = plot_w * max(0.0, min(1.0, v))
                self.p.drawRect(QRectF(label_w, self.y + i * bar_h, max(1.0, w), bar_h * 0.85))
                self.p.drawText(
                    QRectF(label_w + w + self.mm(1), self.y + i * bar_h - self.mm(0.3), self.mm(12), bar_h),
                    f"{v * 100:.0f}%",
                )
            self.y += bar_h * len(series) + self.mm(2)
        pen = QPen(Qt.GlobalColor.black)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        for name, frac in marks:
            xm = label_w + plot_w * frac
            self.p.drawLine(int(xm), int(top), int(xm), int(self.y))
            self.p.drawText(
                QRectF(xm - self.mm(12), self.y, self.mm(24), self.mm(4)),
                int(Qt.AlignmentFlag.AlignHCenter),
                f"{name} {frac * 100:.0f}%",
            )
        self.p.setPen(QPen(Qt.GlobalColor.black))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.y += self.mm(6)


def paint_lhe(painter: QPainter, printer: QPrinter, ws: Any) -> int:
    """The LHE on the printer's pages; returns the number of pages."""
    from zi_desktop.reports.lhe import lhe_data

    d = lhe_data(ws)
    cat = ws.catalog
    pg = _Pages(painter, printer, "LHE")
    pg.text(_tr("LAPORAN HASIL EVALUASI ZONA INTEGRITAS"), 14, True, center=True)
    pg.text(_tr("Unit kerja: %1").replace("%1", d.unit_name), center=True)
    pg.text(
        _tr("Tahun %1 | Tingkat reviu: %2 | Reviewer: %3 | Tanggal: %4")
        .replace("%1", str(d.year))
        .replace("%2", d.tier)
        .replace("%3", d.reviewer)
        .replace("%4", d.date),
        center=True,
    )
    pg.heading(_tr("1. Ringkasan nilai"))
    pg.row(["", _tr("Penilaian mandiri unit"), _tr("Hasil reviu %1").replace("%1", d.tier)], [2, 1.3, 1.3], True)
    pg.row([_tr("Nilai total"), _n(d.unit.total), _n(d.tpi.total)], [2, 1.3, 1.3])
    pg.row([_tr("Pengungkit"), _n(d.unit.pengungkit), _n(d.tpi.pengungkit)], [2, 1.3, 1.3])
    pg.row([_tr("Hasil"), _n(d.unit.hasil), _n(d.tpi.hasil)], [2, 1.3, 1.3])
    for name, total in d.other_tiers.items():
        pg.text(_tr("Nilai total menurut tingkat %1: %2").replace("%1", name).replace("%2", _n(total)))
    pg.heading(_tr("2. Nilai per area terhadap batas WBK dan WBBM"))
    widths = [3.2, 0.8, 0.8, 0.9, 0.9, 0.9]
    pg.row([_tr("Area"), _tr("Bobot"), _tr("Unit"), d.tier, _tr("Batas WBK"), _tr("Batas WBBM")], widths, True)
    wbk, wbbm = d.thresholds["WBK"], d.thresholds["WBBM"]
    for a in d.areas:
        is_area = a.area != rv.HASIL_AREA
        pg.row(
            [
                rv.area_label(cat, a.area),
                _n(a.weight),
                _n(a.unit),
                _n(a.tiers.get(d.tier, a.unit)),
                _n(a.weight * wbk) if is_area else "-",
                _n(a.weight * wbbm) if is_area else "-",
            ],
            widths,
        )
    pg.y += pg.mm(3)
    pg.bars(
        [
            (
                a.area if a.area != rv.HASIL_AREA else "Hasil",
                [a.unit / a.weight, a.tiers.get(d.tier, a.unit) / a.weight],
            )
            for a in d.areas
            if a.weight
        ],
        [_tr("Unit (penilaian mandiri)"), f"TPI ({d.tier})"],
        [("WBK", wbk), ("WBBM", wbbm)],
    )
    pg.heading(_tr("3. Temuan per sub-area"))
    if not d.findings:
        pg.text(_tr("Tidak ada temuan."))
    for group in d.findings:
        pg.text(group.name, 9.5, True)
        for f in group.findings:
            pg.text(f"{_tr('Soal')} {f.soal_id}: {f.text[:160]}", indent=3)
            detail = (
                _tr("Jawaban unit: %1; jawaban TPI: %2; status: %3.")
                .replace("%1", rv.describe_value(f.unit))
                .replace("%2", rv.describe_value(f.tpi))
                .replace("%3", f.status)
            )
            if f.note:
                detail += " " + _tr("Catatan TPI: %1").replace("%1", f.note)
            pg.text(detail, 8.8, indent=8)
    pg.heading(_tr("4. Catatan per area"))
    for key, note in d.area_notes.items() or [("", _tr("Tidak ada catatan per area."))]:
        if key:
            pg.text(rv.area_label(cat, key), 9.5, True)
        pg.text(note, indent=3)
    pg.heading(_tr("5. Rekomendasi"))
    for i, r in enumerate(d.recommendations or [_tr("Tidak ada rekomendasi.")], 1):
        pg.text(f"{i}. {r}" if d.recommendations else r, indent=3)
    pg.need(pg.mm(40))
    pg.y += pg.mm(8)
    pg.text(_tr("Reviewer (%1),").replace("%1", d.tier), center=True)
    pg.y += pg.mm(18)
    pg.text(d.reviewer, 9.5, True, center=True)
    pg.footer()
    return pg.page


def paint_mandiri(painter: QPainter, printer: QPrinter, ws: Any) -> int:
    from zi_desktop.reports.lhe import mandiri_data

    d = mandiri_data(ws)
    r = d.result
    pg = _Pages(painter, printer, "Mandiri")
    pg.text(_tr("LAPORAN PENILAIAN MANDIRI ZONA INTEGRITAS"), 14, True, center=True)
    pg.text(
        _tr("Unit kerja: %1 | Tahun %2 | Sasaran: Menuju %3 | %4")
        .replace("%1", d.unit_name)
        .replace("%2", str(d.year))
        .replace("%3", d.target)
        .replace("%4", d.date),
        center=True,
    )
    pg.heading(_tr("1. Nilai"))
    pg.row([_tr("Komponen"), _tr("Nilai"), _tr("Bobot")], [4, 1, 1], True)
    for row in d.summary:
        pg.row(["   " * row.depth + row.label, _n(row.score), _n(row.weight)], [4, 1, 1], row.key == "total")
    pred = _tr("Menuju %1").replace("%1", r.predicate) if r.predicate else _tr("belum memenuhi syarat predikat")
    pg.text(_tr("Predikat yang terpenuhi: %1").replace("%1", pred), bold=True)
    pg.heading(_tr("2. Syarat predikat"))
    for line in d.conditions:
        marks = [
            f"{p} {_n(line.condition(p).syarat)} " + (_tr("terpenuhi") if line.condition(p).met else _tr("BELUM"))
            for p in ("WBK", "WBBM")
        ]
        pg.text(f"{line.label}: {_n(line.nilai)} ({'; '.join(marks)})", 8.8, indent=3)
    pg.heading(_tr("3. Perbaiki lebih dulu (menuju %1)").replace("%1", d.target))
    for i, (a, b) in enumerate(d.plan, 1):
        pg.text(f"{i}. {a}. {b[:150]}", 8.8, indent=3)
    pg.heading(_tr("4. Soal tanpa bukti dukung (%1)").replace("%1", str(len(d.no_evidence))))
    for sid, text in d.no_evidence:
        pg.text(f"{_tr('Soal')} {sid}: {text[:140]}", 8.8, indent=3)
    pg.heading(_tr("5. Syarat pengusulan (Tabel 5)"))
    for n, text, ok in d.checklist:
        pg.text(f"[{'x' if ok else ' '}] {n}. {text}", 8.8, indent=3)
    pg.footer()
    return pg.page


class ReportPreview(QDialog):
    """Print preview of one report, with Cetak… and Simpan PDF…"""

    def __init__(self, ws: Any, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.kind = ws, kind
        self.setObjectName("reportPreview")
        self.setWindowTitle(_tr("Pratinjau LHE") if kind == "lhe" else _tr("Pratinjau laporan penilaian mandiri"))
        self.resize(900, 1000)
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18))
        )
        self.pages = 0
        self.preview = QPrintPreviewWidget(self.printer, self)
        self.preview.setObjectName("reportPages")
        self.preview.paintRequested.connect(self._paint)
        lay = QVBoxLayout(self)
        lay.addWidget(self.preview, 1)
        row = QHBoxLayout()
        self.kind_button = QPushButton(_tr("Laporan penilaian mandiri") if kind == "lhe" else _tr("LHE"))
        self.kind_button.clicked.connect(self.switch_kind)
        row.addWidget(self.kind_button)
        row.addStretch(1)
        save = QPushButton(_tr("Simpan PDF…"))
        save.setObjectName("savePdf")
        save.clicked.connect(self.save_pdf)
        row.addWidget(save)
        print_btn = QPushButton(_tr("Cetak…"))
        print_btn.clicked.connect(self.print_now)
        row.addWidget(print_btn)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        lay.addLayout(row)
        self.preview.fitToWidth()

    def _paint(self, printer: QPrinter) -> None:

        painter = QPainter(printer)
        try:
            self.pages = (paint_lhe if self.kind == "lhe" else paint_mandiri)(painter, printer, self.ws)
        except UserError as exc:  # e.g. an LHE asked of a workspace without a review: say so on the page
            pg = _Pages(painter, printer, "")
            pg.text(str(exc))
            self.pages = 1
        finally:
            painter.end()

    def switch_kind(self) -> None:
        self.kind = "mandiri" if self.kind == "lhe" else "lhe"
        self.kind_button.setText(_tr("Laporan penilaian mandiri") if self.kind == "lhe" else _tr("LHE"))
        try:
            self.preview.updatePreview()
        except UserError as exc:
            dialogs.show_error(self, exc)

    def pdf_bytes(self) -> bytes:
        from zi_desktop.reports.lhe import lhe_pdf, mandiri_pdf

        return lhe_pdf(self.ws) if self.kind == "lhe" else mandiri_pdf(self.ws)

    def save_pdf(self, path: str | None = None) -> str | None:
        name = "LHE.pdf" if self.kind == "lhe" else "laporan-mandiri.pdf"
        out = path or dialogs.pick_save_file(self, _tr("Simpan PDF"), str(Path.home() / name), _tr("PDF (*.pdf)"))
        if not out:
            return None
        try:
            Path(out).write_bytes(self.pdf_bytes())
        except UserError as exc:
            dialogs.show_error(self, exc)
            return None
        return out

    def print_now(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        dlg = QPrintDialog(self.printer, self)
        if dlg.exec() == QPrintDialog.DialogCode.Accepted:
            self.preview.print_()
