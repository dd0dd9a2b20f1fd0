"""`zi-desktop hub init|add|rekap|usulkan`: what the coordinator does, and what is refused."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from bundles import hub_state

from zi_desktop.cli.main import main
from zi_desktop.hub.store import open_hub


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def hub(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "hub"
    code, out, _ = run(capsys, "hub", "init", path, "--instansi", "Kementerian Contoh", "--tahun", "2026")
    assert code == 0 and "Hub dibuat" in out
    return path


def test_init_refuses_an_existing_hub_and_a_workspace(hub: Path, tmp_path: Path, capsys: Any) -> None:
    code, _, err = run(capsys, "hub", "init", hub, "--instansi", "X")
    assert code == 2 and "sudah ada hub" in err
    code, _, err = run(capsys, "hub", "rekap", tmp_path / "bukan-hub")
    assert code == 2 and "bukan hub" in err


def test_add_rekap_newer_bundle_and_the_same_twice(hub: Path, bundle_dir: dict[str, Path], capsys: Any) -> None:
    code, out, _ = run(capsys, "hub", "add", hub, bundle_dir["A"], bundle_dir["B"], bundle_dir["C"])
    assert code == 0 and "3 diterima, 0 ditolak" in out
    before = hub_state(hub)
    code, out, _ = run(capsys, "hub", "add", hub, bundle_dir["B"])
    assert code == 0 and "sudah ada di hub, tidak ada yang berubah" in out
    assert hub_state(hub) == before
    code, out, _ = run(capsys, "hub", "rekap", hub, "--json")
    rows = {r["unit_id"]: r for r in json.loads(out)["units"]}
    assert set(rows) == {"UNIT-A", "UNIT-B", "UNIT-C"}
    a, b, c = rows["UNIT-A"], rows["UNIT-B"], rows["UNIT-C"]
    assert a["predikat_tpi"] == "WBBM" and b["predikat_tpi"] == "WBK" and c["predikat_tpi"] is None
    assert a["skor_tpi"] > b["skor_tpi"] > 75 > c["skor_tpi"]
    assert b["syarat_belum"] and all(s.startswith("WBBM:") for s in b["syarat_belum"])
    assert any("Nilai total" in s for s in c["syarat_belum"])
    assert a["kelengkapan"] == 100.0 and a["terjawab"] == a["soal"] == 127
    assert a["bukti"] == 3 and a["berkas"] == 2  # two files and one link
    assert a["usulan"] is None and a["diambil_terakhir"] is None and a["paket"] == 1
    assert a["tabel5_belum"] == []
    # a newer bundle of UNIT-A becomes current; the earlier one stays listed
    code, out, _ = run(capsys, "hub", "add", hub, bundle_dir["A2"])
    assert code == 0 and "menjadi paket terkini" in out
    with open_hub(hub, read_only=True) as h:
        listed = h.bundles("UNIT-A")
        assert [b["current"] for b in listed].count(1) == 1 and len(listed) == 2
        assert next(b for b in listed if b["current"])["file_name"] == bundle_dir["A2"].name
    code, out, _ = run(capsys, "hub", "rekap", hub)
    assert code == 0 and "Satker A Baru" in out and "UNIT-C" in out


def test_usulkan_needs_paksa_for_what_is_lacking(hub: Path, bundle_dir: dict[str, Path], capsys: Any) -> None:
    run(capsys, "hub", "add", hub, *(bundle_dir[k] for k in ("A", "B", "C", "N", "T")))
    before = hub_state(hub)
    code, out, _ = run(capsys, "hub", "usulkan", hub, "UNIT-A", "UNIT-C", "UNIT-N", "UNIT-T", "--kategori", "WBK")
    assert code == 3 and "TIDAK ADA yang diusulkan" in out
    assert "UNIT-C:" in out and "Nilai total" in out  # below the mark with the TPI's answers
    assert "UNIT-N:" in out and "Tabel 5 no. 1" in out  # preconditions not confirmed
    assert "UNIT-T:" in out and "TPI belum menilai" in out
    assert "UNIT-A:" not in out
    assert hub_state(hub) == before  # nothing changed
    code, out, _ = run(capsys, "hub", "usulkan", hub, "UNIT-B", "--kategori", "WBBM")
    assert code == 3 and "WBBM:" in out
    code, out, _ = run(capsys, "hub", "usulkan", hub, "UNIT-A", "--kategori", "WBBM")
    assert code == 0 and "Diusulkan sebagai WBBM: UNIT-A" in out
    code, out, _ = run(capsys, "hub", "usulkan", hub, "UNIT-B", "--kategori", "WBK-AFIRMASI")
    assert code == 0
    code, out, _ = run(capsys, "hub", "usulkan", hub, "UNIT-C", "--kategori", "WBK", "--paksa")
    assert code == 0 and "--paksa" in out
    code, _, err = run(capsys, "hub", "usulkan", hub, "UNIT-X", "--kategori", "WBK")
    assert code == 2 and "UNIT-X" in err
    code, out, _ = run(capsys, "hub", "rekap", hub, "--json")
    rows = {r["unit_id"]: r for r in json.loads(out)["units"]}
    assert (rows["UNIT-A"]["usulan"], rows["UNIT-A"]["afirmasi"]) == ("WBBM", False)
    assert (rows["UNIT-B"]["usulan"], rows["UNIT-B"]["afirmasi"]) == ("WBK-AFIRMASI", True)
    assert rows["UNIT-C"]["dipaksa"] is True and rows["UNIT-N"]["usulan"] is None
    code, out, _ = run(capsys, "hub", "usulkan", hub, "UNIT-C", "--batal")
    assert code == 0 and "dibatalkan: UNIT-C" in out
    code, out, _ = run(capsys, "hub", "rekap", hub, "--json")
    assert {r["unit_id"]: r for r in json.loads(out)["units"]}["UNIT-C"]["usulan"] is None


def test_rekap_workbook(hub: Path, bundle_dir: dict[str, Path], tmp_path: Path, capsys: Any) -> None:
    run(capsys, "hub", "add", hub, bundle_dir["A"], bundle_dir["C"])
    out_xlsx = tmp_path / "rekap.xlsx"
    code, out, _ = run(capsys, "hub", "rekap", hub, "--xlsx", out_xlsx)
    assert code == 0 and "Rekap tersimpan" in out
    sheet = openpyxl.load_workbook(out_xlsx)["Rekap"]
    headers = [c.value for c in sheet[2]]
    for h in ("ID unit", "Nilai (jawaban unit)", "Nilai (jawaban TPI)", "Predikat (jawaban TPI)", "Usulan"):
        assert h in headers
    ids = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
    assert ids == ["UNIT-A", "UNIT-C"]
    assert sheet.cell(row=3, column=5).value == "Menuju WBBM"


# -- refused bundles leave the hub unchanged ---------------------------------------------------------


def _rewrite(src: Path, dst: Path, change: Any) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
    return dst


def _bomb(src: Path, dst: Path) -> Path:
    """A bundle with an extra member, listed in the manifest with its true size and sha256, that
    inflates about 1000:1 (64 MB of zeros in some 64 KB): refused from the zip's directory."""
    import hashlib

    size = 64 * 1024 * 1024
    zeros = b"\0" * size
    with zipfile.ZipFile(src) as zin:
        man = json.loads(zin.read("manifest.json"))
        man["files"].append({"path": "bukti/nol.bin", "size": size, "sha256": hashlib.sha256(zeros).hexdigest()})
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename != "manifest.json":
                    zout.writestr(info.filename, zin.read(info))
            zout.writestr("manifest.json", json.dumps(man))
            zout.writestr("bukti/nol.bin", zeros, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return dst


@pytest.mark.parametrize("case", ["tampered", "other_year", "no_unit_id", "traversal", "bomb", "not_a_zip"])
def test_bad_bundles_are_refused_and_change_nothing(
    case: str, hub: Path, bundle_dir: dict[str, Path], tmp_path: Path, capsys: Any
) -> None:
    run(capsys, "hub", "add", hub, bundle_dir["A"])
    before = hub_state(hub)
    bad = tmp_path / f"{case}.zip"
    src = bundle_dir["B"]
    if case == "tampered":
        victim = next(n for n in zipfile.ZipFile(src).namelist() if n.startswith("bukti/"))
        _rewrite(src, bad, lambda n, d: d + b"x" if n == victim else d)
        want = [victim.rsplit("/", 1)[-1], "tidak utuh"]
    elif case == "other_year":

        def year(n: str, d: bytes) -> bytes:
            if n != "manifest.json":
                return d
            m = json.loads(d)
            m["tahun"] = 2025
            return json.dumps(m).encode()

        _rewrite(src, bad, year)
        want = ["tahun 2025", "tahun 2026"]
    elif case == "no_unit_id":
        bad = bundle_dir["noid"]
        want = ["ID unit dari instansi belum diisi", "Satker Tanpa ID"]
    elif case == "traversal":
        _rewrite(src, bad, lambda _n, d: d)
        with zipfile.ZipFile(bad, "a") as zf:
            zf.writestr("../../luar.txt", b"keluar")
        want = ["menunjuk ke luar berkas", "../../luar.txt", "tidak ada yang disimpan"]
    elif case == "bomb":
        _bomb(src, bad)
        want = ["zip bomb", "bukti/nol.bin"]
    else:
        bad.write_bytes(b"bukan zip")
        want = ["bukan berkas zip"]
    code, out, _ = run(capsys, "hub", "add", hub, bad)
    assert code == 3 and "DITOLAK" in out, out
    for w in want:
        assert w in out, (w, out)
    assert hub_state(hub) == before
    assert not any((hub / "tmp").iterdir())


def test_hub_commands_never_import_fastapi_or_uvicorn(hub: Path, bundle_dir: dict[str, Path], tmp_path: Path) -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "for m in ('fastapi', 'uvicorn', 'starlette', 'PySide6'):\n"
        "    sys.modules[m] = None\n"
        "import zi_desktop\n"
        "names = [m.name for m in pkgutil.walk_packages(zi_desktop.__path__, 'zi_desktop.')]\n"
        "skip = {'zi_desktop.__main__', 'zi_desktop.hub.api', 'zi_desktop.hub.server'}\n"
        "for n in names:\n"
        "    if n not in skip:\n"
        "        importlib.import_module(n)\n"
        "from zi_desktop.cli.main import main\n"
        f"rc = main(['hub', 'add', {str(hub)!r}, {str(bundle_dir['A'])!r}])\n"
        f"rc += main(['hub', 'rekap', {str(hub)!r}, '--json'])\n"
        f"rc += main(['hub', 'usulkan', {str(hub)!r}, 'UNIT-A', '--kategori', 'WBBM'])\n"
        "assert rc == 0, rc\n"
        "print('ok')\n"
    )
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().endswith("ok")
