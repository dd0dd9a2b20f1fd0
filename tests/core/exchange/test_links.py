"""Link-back: a CSV of (path inside bukti/, share URL) fills the evidence strings."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.cli.main import main
from zi_desktop.exchange.bundle import export_bundle, question_folder
from zi_desktop.exchange.links import apply_links
from zi_desktop.workspace.store import create_workspace, open_workspace


@pytest.fixture()
def ws_path(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    src = tmp_path / "src"
    src.mkdir()
    (src / "SK.pdf").write_bytes(b"%PDF sk")
    (src / "Foto.jpg").write_bytes(b"\xff\xd8 foto")
    with create_workspace(path, unit_name="Satker Uji") as ws:
        ws.set_answer(1, "Ya")
        ws.set_evidence_text(1, "SK Kepala Dinas tentang Tim Kerja")
        ws.set_answer(2, "A")
        ws.attach_files(1, [src / "SK.pdf", src / "Foto.jpg"])
        ws.attach_files(3, [src / "SK.pdf"])
    return path


def test_links_fill_evidence_strings(ws_path: Path, tmp_path: Path, catalog: Any) -> None:
    bundle = tmp_path / "paket.zip"
    with open_workspace(ws_path) as ws:
        export_bundle(ws, bundle)
    with zipfile.ZipFile(bundle) as zf:
        files = [n for n in zf.namelist() if n.startswith("bukti/")]
    q1 = question_folder(catalog, 1)
    sk1 = next(n for n in files if n.startswith(q1 + "/") and n.endswith("SK.pdf"))
    area = "/".join(q1.split("/")[:2])  # bukti/1. Manajemen Perubahan
    rows = [
        "path;url",
        f"{q1.removeprefix('bukti/')}/;https://drive.example/q1",
        f"{sk1};https://drive.example/sk1",
        f"{area};https://drive.example/area1",
        "bukti/9. Tidak Ada;https://drive.example/none",
        f"{q1};bukan-tautan",
    ]
    csv_path = tmp_path / "links.csv"
    csv_path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8-sig"))
    with open_workspace(ws_path) as ws:
        rep = apply_links(ws, csv_path)
        assert rep.unmatched == ["baris 5: bukti/9. Tidak Ada"]
        assert len(rep.problems) == 1 and rep.problems[0].startswith("baris 6:")
        r1 = ws.record(1).bukti_dukung_unit
        assert r1 == "SK Kepala Dinas tentang Tim Kerja\nhttps://drive.example/q1\nSK.pdf: https://drive.example/sk1"
        # soal 2 and 3 are in area 1 (Pemenuhan): the area folder link applies
        assert ws.record(2).bukti_dukung_unit == "https://drive.example/area1"
        assert ws.record(3).bukti_dukung_unit == "https://drive.example/area1"
        assert ws.record(40).bukti_dukung_unit is None  # another area
        again = apply_links(ws, csv_path)
        assert again.updated == {} and 1 in again.unchanged
    # the next export carries the links in the workbook and the JSON
    with open_workspace(ws_path) as ws:
        export_bundle(ws, bundle)
    with zipfile.ZipFile(bundle) as zf:
        assert "https://drive.example/q1" in zf.read("jawaban-unit.json").decode("utf-8")


def test_links_cli_comma_csv(ws_path: Path, tmp_path: Path, catalog: Any, capsys: pytest.CaptureFixture[str]) -> None:
    q1 = question_folder(catalog, 1)
    csv_path = tmp_path / "links.csv"
    csv_path.write_text(f'"{q1}",https://drive.example/q1\n', encoding="utf-8")
    assert main(["links", str(ws_path), str(csv_path), "--dry-run"]) == 0
    assert "1 soal akan diisi" in capsys.readouterr().out
    with open_workspace(ws_path, read_only=True) as ws:
        assert ws.record(1).bukti_dukung_unit == "SK Kepala Dinas tentang Tim Kerja"
    assert main(["links", str(ws_path), str(csv_path)]) == 0
    with open_workspace(ws_path, read_only=True) as ws:
        assert ws.record(1).bukti_dukung_unit.endswith("https://drive.example/q1")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00bukan utf8 \x80")
    assert main(["links", str(ws_path), str(bad)]) == 2
