"""The direct workbook writer (SpreadsheetML without openpyxl) writes the workbook the previous
openpyxl writer wrote: same sheets, cells, values, formulas, styles, widths, frozen header and
drop-down lists; and the export path never imports openpyxl."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fixtures_workbooks import Rec, random_records
from legacy_xlsx_writer import legacy_workbook

from zi_desktop.exchange.xlsx_export import SUMMARY_SHEET, WorkbookData, workbook_bytes

ROOT = Path(__file__).resolve().parents[3]


def _cells(ws: Any) -> dict[str, tuple[Any, ...]]:
    """Every cell openpyxl reads, with what a user sees of it (value, type, style)."""
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            out[c.coordinate] = (
                c.value,
                c.data_type if c.value is not None else None,
                bool(c.font.b),
                c.font.sz if c.font.sz not in (None, 11) else None,
                c.fill.fill_type,
                c.fill.fgColor.rgb if c.fill.fill_type else None,
                c.number_format,
                bool(c.alignment.wrap_text),
                c.alignment.vertical if c.alignment.wrap_text else None,
            )
    return out


def _validations(ws: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (dv.type, dv.formula1, bool(dv.allow_blank), bool(dv.showErrorMessage), str(dv.sqref))
        for dv in ws.data_validations.dataValidation
    )


def _widths(ws: Any) -> dict[str, float]:
    return {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth}


@pytest.mark.parametrize("seed", [1, 2, 7])
def test_the_workbook_equals_what_the_previous_writer_produced(catalog: Any, seed: int) -> None:
    recs = random_records(catalog, seed)
    first = next(iter(recs))
    recs[first] = Rec(first, recs[first].jawaban_unit, catatan_unit="  =SUM(A1)\x01 & <catatan>\n baris 2  ")
    data = WorkbookData(catalog, "Satker =Uji & <Co>", "U-1", 2026, recs, created_at="2026-12-02T01:00:00+07:00")
    old = legacy_workbook(data)
    buf = io.BytesIO()
    old.save(buf)
    old = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    new = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data)))
    assert new.sheetnames == old.sheetnames == [catalog.excel_sheet or "Jawaban", SUMMARY_SHEET]
    hr = catalog.excel_header_row
    assert [c.value for c in new.active[hr]] == [c.value for c in old.active[hr]]
    for name in old.sheetnames:
        a, b = old[name], new[name]
        want, got = _cells(a), _cells(b)
        assert set(got) == set(want), name
        for ref in want:
            assert got[ref] == want[ref], (name, ref)
        assert _validations(b) == _validations(a), name
        assert _widths(b) == _widths(a), name
        assert b.freeze_panes == a.freeze_panes, name
        assert (b.max_row, b.max_column) == (a.max_row, a.max_column), name
    assert _validations(new.active), "the answer cells have drop-down lists"
    assert new.calculation.fullCalcOnLoad


def test_the_workbook_keeps_odd_text_as_text(catalog: Any) -> None:
    sid = next(iter(catalog.soal))
    recs = {sid: Rec(sid, catatan_unit='=HYPERLINK("x")', bukti_dukung_unit=" a\tb ")}
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(WorkbookData(catalog, "U", "1", 2026, recs)))).active
    row = catalog.soal[sid].excel_row
    assert ws[f"L{row}"].value == '=HYPERLINK("x")' and ws[f"L{row}"].data_type == "s"
    assert ws[f"M{row}"].value == " a\tb "


def test_export_and_verify_do_not_import_openpyxl(tmp_path: Path) -> None:
    """Writing a bundle or a workbook and verifying a bundle run without openpyxl (its import alone
    costs a command a tenth of a second), and without concurrent.futures and logging (the hash
    runs on a plain thread)."""
    code = f"""
import sys
from zi_desktop.cli.main import main
from zi_desktop.workspace.store import create_workspace
ws = {str(tmp_path / "ws")!r}
create_workspace(ws, unit_name="Satker Uji", unit_id="u1").close()
assert main(["export", ws, "--out", {str(tmp_path / "p.zip")!r}, "--xlsx", {str(tmp_path / "l.xlsx")!r}]) in (0, 3)
assert main(["verify", {str(tmp_path / "p.zip")!r}]) == 0
print(sorted(m for m in ("openpyxl", "concurrent.futures", "logging") if m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


def test_verify_alone_does_not_import_openpyxl_or_the_workbook(tmp_path: Path) -> None:
    from zi_desktop.cli.main import main
    from zi_desktop.workspace.store import create_workspace

    ws = tmp_path / "ws"
    create_workspace(ws, unit_name="Satker Uji", unit_id="u1").close()
    assert main(["export", str(ws), "--out", str(tmp_path / "p.zip")]) in (0, 3)
    code = f"""
import sys
from zi_desktop.cli.main import main
assert main(["verify", {str(tmp_path / "p.zip")!r}]) == 0
print(sorted(m for m in sys.modules if m.startswith("openpyxl") or m.endswith("xlsx_export")))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
