"""The PDF layer: text outside the core font still prints, long tables break across pages with
their head repeated, and the page numbers count every page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from zi_desktop.reports.pdf import Bar, ReportPDF, latin1


def test_latin1_keeps_what_it_can_and_replaces_the_rest() -> None:
    assert latin1("“Catatan” — SK ‘baru’…") == "\"Catatan\" - SK 'baru'..."
    assert latin1("Kantor Pelayanan Pajak Pratama Bogor") == "Kantor Pelayanan Pajak Pratama Bogor"
    assert latin1("Café ≥ 60%") == "Café >= 60%"
    assert latin1("税务局") == "???"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_long_table_breaks_pages_with_numbers(tmp_path: Path) -> None:
    pdf = ReportPDF("UJI HALAMAN", "sub")
    pdf.grid(["No", "Teks"], [[str(i), f"baris {i} “kutip” — {'panjang ' * (i % 7)}"] for i in range(150)], [10, 90])
    pdf.bar_chart([Bar("Area 1", (0.5, 0.8))], ["Unit", "TPI"], [("WBK", 0.6), ("WBBM", 0.75)])
    out = tmp_path / "uji.pdf"
    out.write_bytes(pdf.to_bytes())
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    n = len([p for p in pages if p.strip()])
    assert n >= 3
    assert f"Halaman {n} dari {n}" in text
    assert "baris 149" in text and '"kutip"' in text
    assert all("Teks" in p for p in pages if "baris" in p)  # the head on every page of the table


def test_a_row_after_a_page_break_keeps_its_weight() -> None:
    pdf = ReportPDF("UJI", "")
    styles: list[str] = []
    real = pdf.multi_cell

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not kwargs.get("dry_run") and args and isinstance(args[2], str) and args[2].startswith("isi"):
            styles.append(pdf.font_style)
        return real(*args, **kwargs)

    pdf.multi_cell = spy  # type: ignore[method-assign]
    pdf.grid(["Kepala"], [[f"isi {i}"] for i in range(120)], [1])
    assert pdf.page_no() >= 2
    assert set(styles) == {""}  # no body row printed bold, before or after a break
