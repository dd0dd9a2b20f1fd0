"""Helpers that generate filled LKE workbooks for tests: random consistent answers (notes beginning
with "=", "+", "-", "@", links), a Lampiran III copy of the reference sample filled with them, and a
plain record type for the workbook writer."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import openpyxl

from zi_desktop.workspace.store import AnswerRecord

LAMPIRAN3 = "lke-lampiran3-filled-sample.xlsx"
TRICKY_NOTES = ("=SUM(A1:A3)", "+62 812 000", "-", "@admin lihat", '=HYPERLINK("http://x")', "catatan biasa")


Rec = AnswerRecord  # the store's own record type: what the workbook writer and reader exchange


def random_records(catalog: Any, seed: int, *, fill: float = 0.85, tpi: bool = True) -> dict[int, Rec]:
    """Answers for about `fill` of the soal; counts consistent (numerators never above denominators)."""
    rnd = random.Random(seed)
    dens = {s for c in catalog.computed for s in c.den}
    nums = {s for c in catalog.computed for s in c.num}
    out: dict[int, Rec] = {}
    for s in sorted(catalog.soal.values(), key=lambda x: x.excel_row):
        if rnd.random() > fill:
            continue
        v: Any
        if s.kind == "choice":
            v = rnd.choice(s.options).key
        elif s.kind == "count":
            v = (
                rnd.randint(5, 20)
                if s.soal_id in dens
                else (rnd.randint(0, 4) if s.soal_id in nums else rnd.randint(0, 9))
            )
        else:
            v = round(rnd.uniform(0, 4), 2)
        note = f"{rnd.choice(TRICKY_NOTES)} #{s.soal_id}" if rnd.random() < 0.7 else None
        if note is not None and rnd.random() < 0.3:
            note = rnd.choice(TRICKY_NOTES)
        link = f"https://drive.example.go.id/bukti/{s.soal_id}?a=1&b=<2>" if rnd.random() < 0.6 else None
        tv = None
        if tpi and rnd.random() < 0.3 and s.kind == "choice":
            tv = rnd.choice(s.options).key
        out[s.soal_id] = Rec(s.soal_id, v, tv, note, "TPI: =cek" if tv else None, link)
    return out


def lampiran3_rows(ws: Any, catalog: Any) -> dict[int, int]:
    """soal_id -> row of the reference Lampiran III sample, found by its own structure (answer rows in
    order: a type in J, a plain value cell in K, not a percentage or a 'Jumlah yang harus melaporkan' sum)."""
    rows = []
    for r in range(3, ws.max_row + 1):
        j = ws.cell(r, 10).value
        text = str(ws.cell(r, 7).value or ws.cell(r, 5).value or "")
        if not j or j == "%" or ws.cell(r, 11).data_type == "f" or not text.strip():
            continue
        if text.strip().lower().startswith("jumlah yang harus melaporkan"):
            continue
        rows.append(r)
    ordered = sorted(catalog.soal.values(), key=lambda s: s.excel_row)
    assert len(rows) == len(ordered), (len(rows), len(ordered))
    return {s.soal_id: r for s, r in zip(ordered, rows, strict=True)}


def fill_lampiran3(reference_dir: Path, dest: Path, catalog: Any, records: dict[int, Rec]) -> dict[int, int]:
    """Copy the reference Lampiran III sample to `dest`, replacing every answer (K), note (O),
    evidence description (P) and link (Q) with `records` (unanswered soal left empty)."""
    shutil.copy(reference_dir / LAMPIRAN3, dest)
    wb = openpyxl.load_workbook(dest)
    ws = wb["LKE ZI"]
    rows = lampiran3_rows(ws, catalog)
    for sid, r in rows.items():
        rec = records.get(sid)
        for col in ("K", "O", "P", "Q"):
            ws[f"{col}{r}"].value = None
        if rec is None:
            continue
        ws[f"K{r}"].value = rec.jawaban_unit
        if isinstance(rec.jawaban_unit, str):
            ws[f"K{r}"].data_type = "s"
        if rec.catatan_unit is not None:
            ws[f"O{r}"].value = rec.catatan_unit
            ws[f"O{r}"].data_type = "s"
        if rec.bukti_dukung_unit is not None:
            ws[f"Q{r}"].value = rec.bukti_dukung_unit
            ws[f"Q{r}"].data_type = "s"
    wb.save(dest)
    return rows
