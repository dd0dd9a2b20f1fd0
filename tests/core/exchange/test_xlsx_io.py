"""LKE workbook: export with live formulas and text-safe notes, import of the Jawaban and Lampiran III
layouts by text and order, round trips (also through LibreOffice when it is installed)."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fixtures_workbooks import Rec, fill_lampiran3, random_records
from libreoffice import soffice_or_skip

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
    soffice = soffice_or_skip()
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


# -- a workbook that disagrees with itself ------------------------------------------------------


def test_the_real_sample_states_its_own_total_and_the_cells_that_differ(catalog: Any, reference_dir: Path) -> None:
    """LKE ZI!L208 says 95,576; ZI Desktop computes 95,633 from the same answers. The report names
    the typed LHKASN sum that is not the sum of its parts and the formula that averages the LHKPN
    percentage with its own sub-total and leaves LHKASN out."""
    from zi_desktop.exchange.sources import read_answers_source

    got = read_answers_source(catalog, reference_dir / "lke-lampiran3-filled-sample.xlsx")
    own = got.self_check
    assert own is not None and own.sheet == "LKE ZI"
    figures = {f.key: f for f in own.figures}
    assert figures["total"].workbook == pytest.approx(95.57619047619, abs=1e-9)
    assert figures["total"].app == pytest.approx(95.6326007326, abs=1e-9)
    assert figures["total"].cell == "LKE ZI!L208"
    assert [f.key for f in own.differences] == ["total", "pengungkit", "area_5"]
    assert figures["area_5"].causes == (
        "K185 tertulis 12, jumlah K186:K188 = 13",
        "L175 berisi =AVERAGE(L176:L179)*H175: tidak memuat L183 "
        "(b. Penyampaian Laporan Harta Kekayaan Non LHKPN (Tidak Wajib LHKPN)); ikut memuat L177 "
        "(Persentase penyampaian LHKPN) yang bukan bagian langsungnya; merata-ratakan, padahal "
        "bagian-bagiannya dijumlahkan",
    )
    text = "\n".join(own.lines())
    assert "Nilai total (LKE ZI!L208): buku kerja 95,576, ZI Desktop 95,633  selisih 0,056" in text
    assert "Area 1 Manajemen Perubahan (LKE ZI!L6 + L126): buku kerja 7,143, ZI Desktop 7,143\n" in text


def test_a_workbook_without_saved_values_says_nothing_about_itself(catalog: Any, tmp_path: Path) -> None:
    from zi_desktop.exchange.sources import read_answers_source

    out = tmp_path / "lke.xlsx"
    write_workbook(_data(catalog, random_records(catalog, 3)), out)  # openpyxl saves no computed values
    assert read_answers_source(catalog, out).self_check is None


def test_import_and_score_show_the_workbooks_own_figures(
    reference_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from zi_desktop.cli.main import main

    sample = str(reference_dir / "lke-lampiran3-filled-sample.xlsx")
    ws = tmp_path / "ws"
    assert main(["init", str(ws), "--unit", "Uji"]) == 0
    capsys.readouterr()
    want = ("buku kerja 95,576, ZI Desktop 95,633", "K185 tertulis 12, jumlah K186:K188 = 13")
    for args in (["import", str(ws), sample, "--dry-run"], ["import", str(ws), sample], ["score", sample]):
        assert main(args) == 0, args
        out = capsys.readouterr().out
        assert all(w in out for w in want), (args, out)
    assert main(["score", sample, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    total = next(f for f in doc["buku_kerja"]["figures"] if f["key"] == "total")
    assert total["berbeda"] and total["buku_kerja"] == pytest.approx(95.576, abs=1e-3)
    assert doc["total"] == pytest.approx(total["zi_desktop"])


# -- the ESDM "Jawaban" layout ------------------------------------------------------------------

ESDM = "lke-jawaban-layout-esdm-2024.xlsx"
ESDM_TYPES = {"Ya/Tidak", "A/B/C", "A/B/C/D", "A/B/C/D/E", "Jumlah", "Nilai (0-4)"}


def esdm_rows(ws: Any, catalog: Any) -> dict[int, int]:
    """soal_id -> row of the ESDM layout, found by its own structure: answer rows in order (an answer
    type in J, not a percentage, not a "Jumlah yang harus melaporkan" sum)."""
    rows = []
    for r in range(2, ws.max_row + 1):
        j = " ".join(str(ws.cell(r, 10).value or "").split())
        text = str(ws.cell(r, 7).value or ws.cell(r, 5).value or "").strip().lower()
        if j in ESDM_TYPES and not text.startswith("jumlah yang harus melaporkan"):
            rows.append(r)
    ordered = sorted(catalog.soal.values(), key=lambda s: s.excel_row)
    assert len(rows) == len(ordered)
    return {s.soal_id: r for s, r in zip(ordered, rows, strict=True)}


def fill_esdm(reference_dir: Path, dest: Path, catalog: Any, recs: dict[int, Rec], kesdm: bool = False) -> None:
    wb = openpyxl.load_workbook(reference_dir / ESDM)
    ws = wb["Jawaban"]
    for sid, r in esdm_rows(ws, catalog).items():
        rec = recs.get(sid)
        if rec is None:
            continue
        link = f"https://drive.esdm.go.id/bukti/{sid}"
        cells = {"K": rec.jawaban_unit, "L": rec.catatan_unit, "M": rec.bukti_dukung_unit, "N": link}
        cells |= {"O": rec.jawaban_tpi, "R": rec.catatan_tpi}
        if kesdm and sid == 12:
            cells["S"] = "B"
        for col, v in cells.items():
            ws[f"{col}{r}"].value = v
            if isinstance(v, str):
                ws[f"{col}{r}"].data_type = "s"
    wb.save(dest)


def test_the_esdm_layout_imports_every_answer_note_and_link(catalog: Any, reference_dir: Path, tmp_path: Path) -> None:
    recs = random_records(catalog, 11, fill=0.9)
    book = tmp_path / "esdm.xlsx"
    fill_esdm(reference_dir, book, catalog, recs)
    got = read_workbook(catalog, book)
    assert (got.layout, got.sheet, got.problems, got.unmatched) == ("jawaban", "Jawaban", [], [])
    back = {r.soal_id: r for r in got.rows}
    assert set(back) == set(catalog.soal)
    for sid, rec in recs.items():
        b = back[sid]
        assert (b.jawaban_unit, b.jawaban_tpi) == (rec.jawaban_unit, rec.jawaban_tpi), sid
        assert (b.catatan_unit, b.catatan_tpi) == (rec.catatan_unit, rec.catatan_tpi), sid
        link = f"https://drive.esdm.go.id/bukti/{sid}"
        assert b.bukti_dukung_unit == (f"{rec.bukti_dukung_unit}\n{link}" if rec.bukti_dukung_unit else link), sid
    for sid in set(catalog.soal) - set(recs):
        assert back[sid].jawaban_unit is None and back[sid].catatan_unit is None


def test_the_esdm_second_tpi_column_is_named_not_dropped(catalog: Any, reference_dir: Path, tmp_path: Path) -> None:
    book = tmp_path / "esdm.xlsx"
    fill_esdm(reference_dir, book, catalog, random_records(catalog, 12, fill=1.0), kesdm=True)
    got = read_workbook(catalog, book)
    (problem,) = got.problems
    assert problem.startswith("Jawaban!S") and "'Jawaban TPI KESDM' tidak dibaca" in problem
    assert "kolom O" in problem


def test_a_layout_without_an_answer_column_is_refused_naming_it(
    catalog: Any, reference_dir: Path, tmp_path: Path
) -> None:
    from zi_desktop.errors import UserError

    wb = openpyxl.load_workbook(reference_dir / ESDM)
    wb["Jawaban"]["K1"].value = "Isian Unit"
    book = tmp_path / "esdm-lain.xlsx"
    wb.save(book)
    with pytest.raises(UserError, match=r"kolom 'Jawaban' tidak ditemukan; sheet: Unit, TPI Unit, TPI Itjen, Jawaban"):
        read_workbook(catalog, book)
