"""LKE workbook: export with live formulas and text-safe notes, import of the Jawaban and Lampiran III
layouts by text and order, round trips (also through LibreOffice when it is installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fixtures_workbooks import Rec, fill_lampiran3, random_records

from zi_desktop.exchange.xlsx_io import WorkbookData, read_workbook, write_workbook
from zi_desktop.lke.scoring import score


def _data(catalog: Any, records: dict[int, Rec]) -> WorkbookData:
    return WorkbookData(catalog, "Satker =Uji", "U-1", 2026, records)


def _answers(records: dict[int, Rec]) -> dict[int, Any]:
    return {sid: r.jawaban_unit for sid, r in records.items() if r.jawaban_unit is not None}


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_export_writes_answers_and_notes_as_text(catalog: Any, tmp_path: Path) -> None:
    recs = random_records(catalog, 1)
    out = tmp_path / "lke.xlsx"
    write_workbook(_data(catalog, recs), out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Jawaban"]
    for sid, r in recs.items():
        row = catalog.soal[sid].excel_row
        assert ws[f"K{row}"].value == r.jawaban_unit
        assert ws[f"L{row}"].value == r.catatan_unit
        assert ws[f"M{row}"].value == r.bukti_dukung_unit
        assert ws[f"N{row}"].value == r.jawaban_tpi
        assert ws[f"Q{row}"].value == r.catatan_tpi
        if r.catatan_unit:
            assert ws[f"L{row}"].data_type == "s"
    xml = _sheet_xml(out)
    formulas = re.findall(r"<f>(.*?)</f>", xml)
    assert formulas, "score cells must be formulas"
    assert not any("SUM(A1:A3)" in f or "HYPERLINK" in f for f in formulas)
    assert "=SUM(A1:A3)" in xml  # the note is there, as a string
    assert ws["O204"].value.startswith("=MIN(100,")
    assert wb.calculation.fullCalcOnLoad


def test_exported_workbook_imports_back_identically(catalog: Any, tmp_path: Path) -> None:
    recs = random_records(catalog, 2)
    out = tmp_path / "lke.xlsx"
    write_workbook(_data(catalog, recs), out)
    got = read_workbook(catalog, out)
    assert got.layout == "jawaban" and got.sheet == "Jawaban"
    assert got.problems == [] and got.unmatched == []
    by = {r.soal_id: r for r in got.rows}
    assert set(by) == set(catalog.soal)
    for sid in catalog.soal:
        want = recs.get(sid, Rec(sid))
        row = by[sid]
        assert row.given == {"jawaban_unit", "jawaban_tpi", "catatan_unit", "catatan_tpi", "bukti_dukung_unit"}
        assert (row.jawaban_unit, row.jawaban_tpi) == (want.jawaban_unit, want.jawaban_tpi), sid
        assert (row.catatan_unit, row.catatan_tpi, row.bukti_dukung_unit) == (
            want.catatan_unit,
            want.catatan_tpi,
            want.bukti_dukung_unit,
        ), sid
    assert score(catalog, {r.soal_id: r.jawaban_unit for r in got.rows}).total == score(catalog, _answers(recs)).total


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_lampiran3_import_scores_like_the_reference(
    catalog: Any, reference_dir: Path, tmp_path: Path, seed: int
) -> None:
    from reference_impl import Reference

    recs = random_records(catalog, seed, tpi=False)
    path = tmp_path / "lampiran3.xlsx"
    fill_lampiran3(reference_dir, path, catalog, recs)
    got = read_workbook(catalog, path)
    assert got.layout == "lampiran3" and got.sheet == "LKE ZI"
    assert got.problems == []
    by = {r.soal_id: r for r in got.rows}
    assert set(by) == set(catalog.soal)
    for sid in catalog.soal:
        want = recs.get(sid, Rec(sid))
        assert by[sid].jawaban_unit == want.jawaban_unit, sid
        assert by[sid].catatan_unit == want.catatan_unit, sid
        assert by[sid].bukti_dukung_unit == want.bukti_dukung_unit, sid
        assert "jawaban_tpi" not in by[sid].given
    answers = {r.soal_id: r.jawaban_unit for r in got.rows}
    ref = Reference(reference_dir / "portalrb-master-soal-2026.json")
    assert score(catalog, answers).total == pytest.approx(float(ref.score(answers)["total"]), abs=1e-9)


def test_lampiran3_added_and_removed_rows_do_not_shift_answers(
    catalog: Any, reference_dir: Path, tmp_path: Path
) -> None:
    recs = random_records(catalog, 6, fill=1.0, tpi=False)
    path = tmp_path / "lampiran3.xlsx"
    rows = fill_lampiran3(reference_dir, path, catalog, recs)
    wb = openpyxl.load_workbook(path)
    ws = wb["LKE ZI"]
    removed = 14  # a YA_TIDAK/ABC question in the middle of Pemenuhan
    ws.delete_rows(rows[removed])
    ws.insert_rows(rows[40])
    ws.cell(rows[40], 7).value = "Baris tambahan milik unit: rekap rapat koordinasi"
    ws.cell(rows[40], 11).value = "catatan liar"
    wb.save(path)
    got = read_workbook(catalog, path)
    by = {r.soal_id: r for r in got.rows}
    assert removed not in by
    assert set(by) == set(catalog.soal) - {removed}
    for sid, r in by.items():
        assert r.jawaban_unit == recs[sid].jawaban_unit, sid
        assert r.catatan_unit == recs[sid].catatan_unit, sid
    assert len(got.unmatched) == 1 and "Baris tambahan milik unit" in got.unmatched[0]
    assert got.unmatched[0].startswith("LKE ZI!row ")


def test_refused_values_are_reported_with_their_cell(catalog: Any, reference_dir: Path, tmp_path: Path) -> None:
    recs = random_records(catalog, 7, fill=1.0, tpi=False)
    path = tmp_path / "lampiran3.xlsx"
    rows = fill_lampiran3(reference_dir, path, catalog, recs)
    wb = openpyxl.load_workbook(path)
    ws = wb["LKE ZI"]
    ws[f"K{rows[1]}"] = "Mungkin"
    ws[f"K{rows[88]}"] = -3
    wb.save(path)
    got = read_workbook(catalog, path)
    assert any(p.startswith(f"LKE ZI!K{rows[1]}: ") and "Mungkin" in p for p in got.problems), got.problems
    assert any(p.startswith(f"LKE ZI!K{rows[88]}: ") and "negatif" in p for p in got.problems), got.problems
    by = {r.soal_id: r for r in got.rows}
    assert "jawaban_unit" not in by[1].given and "catatan_unit" in by[1].given


def test_notes_saved_as_formulas_import_as_their_text(catalog: Any, reference_dir: Path, tmp_path: Path) -> None:
    recs = random_records(catalog, 9, fill=1.0, tpi=False)
    path = tmp_path / "lampiran3.xlsx"
    rows = fill_lampiran3(reference_dir, path, catalog, recs)
    wb = openpyxl.load_workbook(path)
    wb["LKE ZI"][f"O{rows[5]}"] = "=catatan ditulis tanpa tanda kutip"  # openpyxl stores it as a formula
    wb.save(path)
    got = read_workbook(catalog, path)
    assert got.problems == []
    assert next(r for r in got.rows if r.soal_id == 5).catatan_unit == "=catatan ditulis tanpa tanda kutip"


def test_reference_sample_reads_completely(catalog: Any, reference_dir: Path) -> None:
    got = read_workbook(catalog, reference_dir / "lke-lampiran3-filled-sample.xlsx")
    assert got.problems == [] and got.unmatched == []
    by = {r.soal_id: r.jawaban_unit for r in got.rows}
    # the first question's type cell says "Ya" instead of "Ya/Tidak": its answer still counts
    assert by[1] == "Ya"
    # LHKPN / non-LHKPN parts, not the sum rows
    assert [by[i] for i in (113, 114, 115, 116)] == [1, 1, 13, 13]
    assert [by[i] for i in (117, 118, 119, 120)] == [0, 1, 12, 12]


def test_not_a_workbook_is_refused(catalog: Any, tmp_path: Path) -> None:
    from zi_desktop.errors import UserError

    p = tmp_path / "x.xlsx"
    p.write_bytes(b"not a zip")
    with pytest.raises(UserError, match=r"x\.xlsx bukan buku kerja Excel"):
        read_workbook(catalog, p)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_recalculates_to_the_app_total_and_imports_back(catalog: Any, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    recs = random_records(catalog, 8)
    src = tmp_path / "lke.xlsx"
    write_workbook(_data(catalog, recs), src)
    outdir = tmp_path / "lo"
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = outdir / "lke.xlsx"
    expected = score(catalog, _answers(recs))
    wb = openpyxl.load_workbook(saved, data_only=True)
    ws = wb["Jawaban"]
    rows = catalog.excel_rows
    assert ws[f"O{rows['total']}"].value == pytest.approx(expected.total, abs=1e-9)
    assert ws[f"O{rows['total_pengungkit']}"].value == pytest.approx(expected.pengungkit, abs=1e-9)
    assert ws[f"O{rows['total_hasil']}"].value == pytest.approx(expected.hasil, abs=1e-9)
    for nid, ns in expected.nodes.items():
        r = catalog.nodes[nid].excel_row
        assert (ws[f"O{r}"].value or 0) == pytest.approx(ns.score, abs=1e-9), catalog.nodes[nid].name
    got = read_workbook(catalog, saved)
    assert got.problems == []
    back = {r.soal_id: r for r in got.rows}
    for sid, r in recs.items():
        assert back[sid].jawaban_unit == r.jawaban_unit
        assert back[sid].catatan_unit == r.catatan_unit
    assert score(catalog, {s: r.jawaban_unit for s, r in back.items()}).total == pytest.approx(expected.total)
