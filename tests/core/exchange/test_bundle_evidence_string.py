"""`bukti_dukung_unit` in the bundle: every evidence item of the question, in the order added."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from zi_desktop.cli.main import main
from zi_desktop.exchange.bundle import export_bundle, question_folder
from zi_desktop.exchange.links import apply_links
from zi_desktop.workspace.store import create_workspace, open_workspace


def _bukti(bundle: Path) -> tuple[dict[int, Any], dict[int, Any]]:
    with zipfile.ZipFile(bundle) as zf:
        doc = json.loads(zf.read("jawaban-unit.json"))
        xlsx = next(n for n in zf.namelist() if n.endswith(".xlsx"))
        (bundle.parent / "lke.xlsx").write_bytes(zf.read(xlsx))
    sheet = openpyxl.load_workbook(bundle.parent / "lke.xlsx")["Jawaban"]
    return {a["soal_id"]: a["bukti_dukung_unit"] for a in doc["answers"]}, {
        r: sheet[f"M{r}"].value for r in range(1, sheet.max_row + 1)
    }


def test_every_item_in_order_links_texts_files_and_link_back(tmp_path: Path, catalog: Any) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "SK Tim.pdf").write_bytes(b"%PDF sk")
    ws_path = tmp_path / "ws"
    with create_workspace(ws_path, unit_name="Satker Uji", unit_id="SATKER-1") as ws:
        ws.attach_link(7, "https://drive.example/sk-7")  # only evidence, no answer: still carried
        ws.attach_text(1, "SK ditandatangani\nKepala Dinas")
        ws.attach_files(1, [src / "SK Tim.pdf"])
        ws.attach_link(1, "https://drive.example/foto")
        ws.set_evidence_text(1, "lihat juga arsip")
    bundle = tmp_path / "paket.zip"
    assert main(["export", str(ws_path), "--out", str(bundle)]) in (0, 3)  # 3: written, not all answered
    assert bundle.is_file()
    path = f"{question_folder(catalog, 1)}/SK Tim.pdf"
    json_b, cells = _bukti(bundle)
    assert json_b[7] == "https://drive.example/sk-7"
    want1 = "\n".join(
        ["SK ditandatangani Kepala Dinas", f"SK Tim.pdf: {path}", "https://drive.example/foto", "lihat juga arsip"]
    )
    assert json_b[1] == want1
    row1, row7 = catalog.soal[1].excel_row, catalog.soal[7].excel_row
    assert cells[row1] == want1 and cells[row7] == "https://drive.example/sk-7"
    # link-back: the share URL of the file replaces its path; run twice changes nothing
    csv_path = tmp_path / "links.csv"
    csv_path.write_text(f"{path};https://drive.example/sk-tim\n", encoding="utf-8")
    with open_workspace(ws_path) as ws:
        apply_links(ws, csv_path)
        assert apply_links(ws, csv_path).updated == {}
        export_bundle(ws, bundle)
    json_b, cells = _bukti(bundle)
    assert json_b[1] == "\n".join(
        [
            "SK ditandatangani Kepala Dinas",
            "SK Tim.pdf: https://drive.example/sk-tim",
            "https://drive.example/foto",
            "lihat juga arsip",
        ]
    )
    assert cells[row1] == json_b[1]
    # the workbook written alone carries the same string
    alone = tmp_path / "alone.xlsx"
    assert main(["export", str(ws_path), "--xlsx", str(alone)]) in (0, 3)
    assert openpyxl.load_workbook(alone)["Jawaban"][f"M{row1}"].value == json_b[1]
