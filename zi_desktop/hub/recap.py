"""The recap: one row per unit, and what a proposal needs.

Scores come from the bundle (scored with the unit's answers and with the TPI's answers when it was
added). The instansi proposes on the TPI's answers: a unit is eligible for WBK (or WBK-AFIRMASI) when
the TPI's answers reach Menuju WBK, for WBBM when they reach Menuju WBBM, and in both cases when every
Tabel 5 precondition of that predicate is confirmed in the bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zi_desktop.hub.store import Hub

KATEGORI = ("WBK", "WBK-AFIRMASI", "WBBM")
PREDICATE_OF = {"WBK": "WBK", "WBK-AFIRMASI": "WBK", "WBBM": "WBBM"}


@dataclass(frozen=True)
class RecapRow:
    unit_id: str
    nama: str
    skor_unit: float
    skor_tpi: float
    predikat_tpi: str | None
    syarat_belum: tuple[str, ...]  # unmet conditions (TPI's answers) toward the next predicate
    tabel5_belum: tuple[str, ...]  # Tabel 5 preconditions of that predicate not confirmed
    terjawab: int
    soal: int
    tpi_terjawab: int
    bukti: int  # evidence items (lines of bukti_dukung_unit)
    berkas: int  # evidence files
    tanggal_paket: str
    paket: int  # bundles of the unit in the hub (the current one and earlier ones)
    usulan: str | None
    afirmasi: bool | None
    dipaksa: bool
    berubah: str
    diambil_terakhir: str | None

    @property
    def kelengkapan(self) -> float:
        return 100.0 * self.terjawab / self.soal if self.soal else 0.0

    @property
    def diambil_sejak_berubah(self) -> bool:
        return self.diambil_terakhir is not None and self.diambil_terakhir > self.berubah

    def to_json(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "nama": self.nama,
            "skor_unit": self.skor_unit,
            "skor_tpi": self.skor_tpi,
            "predikat_tpi": self.predikat_tpi,
            "syarat_belum": list(self.syarat_belum),
            "tabel5_belum": list(self.tabel5_belum),
            "kelengkapan": self.kelengkapan,
            "terjawab": self.terjawab,
            "soal": self.soal,
            "tpi_terjawab": self.tpi_terjawab,
            "bukti": self.bukti,
            "berkas": self.berkas,
            "tanggal_paket": self.tanggal_paket,
            "paket": self.paket,
            "usulan": self.usulan,
            "afirmasi": self.afirmasi,
            "dipaksa": self.dipaksa,
            "berubah": self.berubah,
            "diambil_terakhir": self.diambil_terakhir,
            "diambil_sejak_berubah": self.diambil_sejak_berubah,
        }


def _num(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def condition_lines(summary: dict[str, Any], predikat: str) -> list[str]:
    """The unmet conditions of `predikat` in a bundle summary (TPI's answers), one line each."""
    out = []
    for c in summary["tpi"]["shortfalls"].get(predikat, []):
        pct = "%" if c["satuan"] == "persen" else ""
        out.append(f"{predikat}: {c['label']} {_num(c['nilai'])}{pct} < {_num(c['syarat'])}{pct}")
    return out


def tabel5_open(summary: dict[str, Any], predikat: str) -> list[str]:
    """Tabel 5 preconditions of `predikat` the bundle does not confirm (all, if it carries none)."""
    syarat = summary.get("syarat")
    if not isinstance(syarat, dict) or not isinstance(syarat.get(predikat), list):
        return [f"{predikat}: paket tidak memuat syarat Tabel 5 (ekspor ulang dengan ZI Desktop terbaru)"]
    return [
        f"{predikat} Tabel 5 no. {s.get('nomor')}: {s.get('teks')}"
        for s in syarat[predikat]
        if isinstance(s, dict) and not s.get("dikonfirmasi")
    ]


def lacking(summary: dict[str, Any], kategori: str) -> list[str]:
    """What a unit lacks to be proposed as `kategori` (empty: eligible)."""
    p = PREDICATE_OF[kategori]
    out = []
    if not summary["tpi"]["meets"].get(p):
        if not summary.get("tpi_answered"):
            out.append("TPI belum menilai (tidak ada jawaban TPI di paket)")
        out += condition_lines(summary, p)
        if not out:
            out.append(f"jawaban TPI belum mencapai Menuju {p}")
    out += tabel5_open(summary, p)
    return out


def recap_rows(hub: Hub) -> list[RecapRow]:
    rows = []
    for u in hub.units():
        s = u["summary"]
        pred = s["tpi"]["predicate"]
        target = "WBBM" if pred in ("WBK", "WBBM") else "WBK"
        if u["kategori"]:
            target = PREDICATE_OF[u["kategori"]]
        rows.append(
            RecapRow(
                unit_id=u["unit_id"],
                nama=u["nama"],
                skor_unit=float(s["unit"]["total"]),
                skor_tpi=float(s["tpi"]["total"]),
                predikat_tpi=pred,
                syarat_belum=tuple(condition_lines(s, target)) if pred != "WBBM" else (),
                tabel5_belum=tuple(tabel5_open(s, target)),
                terjawab=int(s["unit"]["answered"]),
                soal=int(s["unit"]["questions"]),
                tpi_terjawab=int(s.get("tpi_answered") or 0),
                bukti=int(s.get("evidence_items") or 0),
                berkas=int(s.get("evidence_files") or 0),
                tanggal_paket=u["created_at"],
                paket=int(u["bundles"]),
                usulan=u["kategori"],
                afirmasi=u["afirmasi"],
                dipaksa=bool(u["forced"]),
                berubah=u["changed_at"],
                diambil_terakhir=u["last_fetch"],
            )
        )
    return rows


HEADERS = (
    "ID unit",
    "Nama unit",
    "Nilai (jawaban unit)",
    "Nilai (jawaban TPI)",
    "Predikat (jawaban TPI)",
    "Syarat belum terpenuhi",
    "Syarat Tabel 5 belum dikonfirmasi",
    "Kelengkapan (%)",
    "Jawaban TPI",
    "Bukti dukung",
    "Berkas bukti",
    "Tanggal paket",
    "Jumlah paket",
    "Usulan",
    "Afirmasi",
    "Diambil PortalRB sejak berubah",
    "Terakhir diambil",
)


def row_cells(r: RecapRow) -> list[Any]:
    return [
        r.unit_id,
        r.nama,
        round(r.skor_unit, 2),
        round(r.skor_tpi, 2),
        f"Menuju {r.predikat_tpi}" if r.predikat_tpi else "-",
        "\n".join(r.syarat_belum) or "-",
        "\n".join(r.tabel5_belum) or "-",
        round(r.kelengkapan, 1),
        r.tpi_terjawab,
        r.bukti,
        r.berkas,
        r.tanggal_paket,
        r.paket,
        (r.usulan + (" (dipaksa)" if r.dipaksa else "")) if r.usulan else "-",
        ("ya" if r.afirmasi else "tidak") if r.usulan else "-",
        ("ya" if r.diambil_sejak_berubah else "belum") if r.usulan else "-",
        r.diambil_terakhir or "-",
    ]


def write_recap_xlsx(hub: Hub, rows: list[RecapRow], out: Path | str) -> Path:
    """The recap as a workbook (one sheet, frozen header, filter), written to a temporary name first."""
    import os
    import tempfile

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from zi_desktop.exchange.xlsx_export import clean_text

    target = Path(out)
    if not target.parent.is_dir():
        from zi_desktop.errors import UserError

        raise UserError(f"folder tujuan {target.parent} tidak ada")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Rekap"
    ws.append([f"Rekap LKE ZI {hub.tahun} - {hub.instansi}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([clean_text(c) if isinstance(c, str) else c for c in row_cells(r)])
    for col, width in zip(
        "ABCDEFGHIJKLMNOPQ", (16, 36, 12, 12, 14, 50, 50, 12, 10, 10, 10, 26, 10, 16, 10, 14, 26), strict=True
    ):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:Q{len(rows) + 2}"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=str(target.parent))
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
