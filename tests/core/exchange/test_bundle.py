"""Portal package: contents, manifest hashes, Windows-safe evidence tree, verify, cancel, round trip."""

from __future__ import annotations

import hashlib
import json
import struct
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fixtures_workbooks import random_records

from zi_desktop.cli.main import main
from zi_desktop.errors import Cancelled
from zi_desktop.exchange.bundle import MAX_ZIP_PATH, export_bundle, records_with_evidence, verify_bundle
from zi_desktop.exchange.safe_names import safe_part, unique_name
from zi_desktop.exchange.xlsx_io import read_workbook
from zi_desktop.lke.answers import AnswerRow, load_answers_file
from zi_desktop.lke.scoring import score
from zi_desktop.workspace.store import create_workspace, open_workspace

FORBIDDEN = set('<>:"\\|?*')


@pytest.fixture()
def ws_path(tmp_path: Path, catalog: Any) -> Path:
    path = tmp_path / "ws"
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").mkdir()
    (src / "b").mkdir()
    (src / "a" / "SK Tim.pdf").write_bytes(b"%PDF-1.4 satu")
    (src / "b" / "SK Tim.pdf").write_bytes(b"%PDF-1.4 dua")
    (src / "CON.txt").write_text("isi", encoding="utf-8")
    long_name = "Laporan " + "sangat panjang " * 14 + "akhir.docx"
    (src / long_name).write_bytes(b"docx" * 1000)
    (src / "foto: rapat?.jpg").write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    recs = random_records(catalog, 11)
    rows = [
        AnswerRow(sid, r.jawaban_unit, r.jawaban_tpi, r.catatan_unit, r.bukti_dukung_unit, r.catatan_tpi)
        for sid, r in recs.items()
    ]
    with create_workspace(path, unit_name='Puskesmas "Uji" / CON') as ws:
        ws.apply_import(rows, source="uji")
        ws.attach_files(1, [src / "a" / "SK Tim.pdf", src / "b" / "SK Tim.pdf", src / "CON.txt"])
        ws.attach_files(2, [src / "a" / "SK Tim.pdf"])
        ws.attach_files(110, [src / long_name, src / "foto: rapat?.jpg"])
        ws.attach_files(125, [src / "CON.txt"])
        ws.attach_link(3, "https://drive.example/x")
    return path


def _export(ws_path: Path, out: Path, **kw: Any) -> Any:
    with open_workspace(ws_path) as ws:
        return export_bundle(ws, out, **kw)


def test_bundle_contents_and_manifest(ws_path: Path, tmp_path: Path, catalog: Any) -> None:
    out = tmp_path / "paket.zip"
    rep = _export(ws_path, out)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(listed) == set(names) - {"manifest.json"}
        for name in listed:
            data = zf.read(name)
            assert hashlib.sha256(data).hexdigest() == listed[name]["sha256"]
            assert len(data) == listed[name]["size"]
        xlsx = [n for n in names if n.endswith(".xlsx")]
        assert len(xlsx) == 1 and xlsx[0].startswith("LKE-") and xlsx[0].endswith("-2026.xlsx")
        assert zf.getinfo(xlsx[0]).compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("jawaban-unit.json").compress_type == zipfile.ZIP_DEFLATED
        bukti = sorted(n for n in names if n.startswith("bukti/"))
        html = zf.read("ringkasan.html").decode("utf-8")
    assert manifest["format"] == "zi-desktop-bundle" and manifest["catalog"]["id"] == catalog.catalog_id
    assert manifest["catalog"]["checksum"] == catalog.checksum
    assert rep.evidence_files == len(bukti) == 7
    for n in names:
        assert len(n) < MAX_ZIP_PATH, n
        for part in n.split("/"):
            assert not FORBIDDEN & set(part), n
            assert part == part.rstrip(". ")
            assert part.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}, n
    q1 = [n for n in bukti if n.split("/")[3].startswith("1 ")]
    assert [n.rsplit("/", 1)[1] for n in q1] == ["SK Tim (2).pdf", "SK Tim.pdf", "_CON.txt"]
    assert any(n.startswith("bukti/7. Hasil/") and "/125 " in n for n in bukti)
    assert any(n.startswith("bukti/1. Manajemen Perubahan/Pemenuhan - i. Penyusunan Tim Kerja/") for n in bukti)
    assert "<script" not in html and "http://" not in html.split("<body>")[0]
    assert "&quot;Uji&quot;" in html or "&#x27;" in html or "Puskesmas" in html


def test_json_and_workbook_rescore_the_same(ws_path: Path, tmp_path: Path, catalog: Any) -> None:
    out = tmp_path / "paket.zip"
    _export(ws_path, out)
    with open_workspace(ws_path, read_only=True) as ws:
        want = ws.score().total
        records = records_with_evidence(ws.catalog, ws.records(), ws.evidence())
    dest = tmp_path / "x"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(dest)
    doc = load_answers_file(catalog, dest / "jawaban-unit.json")
    answered = {sid for sid, r in records.items() if r.jawaban_unit is not None}
    assert answered <= {r.soal_id for r in doc.rows}
    assert score(catalog, doc.unit_answers()).total == want
    for r in doc.rows:
        assert r.jawaban_unit == records[r.soal_id].jawaban_unit
        assert r.catatan_unit == records[r.soal_id].catatan_unit
    raw = json.loads((dest / "jawaban-unit.json").read_text(encoding="utf-8"))
    assert set(raw) == {"unit_id", "nama_unit", "tahun", "answers"}
    for a in raw["answers"]:
        assert set(a) == {"soal_id", "jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi"}
        assert a["jawaban_unit"] is None or isinstance(a["jawaban_unit"], str)
    raw_by_soal = {a["soal_id"]: a for a in raw["answers"]}
    xlsx = next(dest.glob("LKE-*.xlsx"))
    wb = read_workbook(catalog, xlsx)
    fresh = tmp_path / "ws2"
    with create_workspace(fresh, unit_name="Baru") as ws2:
        ws2.apply_import(wb.rows, source="paket")
        assert ws2.score().total == want
        for sid, r in records.items():
            got = ws2.record(sid)
            assert got.bukti_dukung_unit == raw_by_soal[sid]["bukti_dukung_unit"]
            assert (got.jawaban_unit, got.catatan_unit, got.bukti_dukung_unit) == (
                r.jawaban_unit,
                r.catatan_unit,
                r.bukti_dukung_unit,
            )
    assert main(["score", str(dest / "jawaban-unit.json")]) == 0


def _tamper(src: Path, dst: Path, victim: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == victim:
                data = bytes([data[0] ^ 1]) + data[1:]
            zout.writestr(info, data)


def test_verify_passes_and_catches_one_changed_byte(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "paket.zip"
    _export(ws_path, out)
    assert verify_bundle(out).ok
    assert main(["verify", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        victim = next(n for n in zf.namelist() if n.startswith("bukti/"))
    bad = tmp_path / "rusak.zip"
    _tamper(out, bad, victim)
    rep = verify_bundle(bad)
    assert not rep.ok and any(p.startswith(victim) for p in rep.problems)
    capsys.readouterr()
    assert main(["verify", str(bad)]) == 3
    assert victim in capsys.readouterr().out
    # raw byte flip inside the member's data (stored or deflated, as its content decided): caught too
    raw = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo(victim)
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len  # the local header's own extra (zip64) counts
    raw[start + info.compress_size // 2] ^= 0x01
    flipped = tmp_path / "flip.zip"
    flipped.write_bytes(bytes(raw))
    assert main(["verify", str(flipped)]) == 3
    extra = tmp_path / "extra.zip"
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(extra, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("bukti/sisipan.txt", b"x")
    assert any("sisipan" in p for p in verify_bundle(extra).problems)
    notzip = tmp_path / "bukan.zip"
    notzip.write_bytes(b"hello")
    assert main(["verify", str(notzip)]) == 2


def test_cancel_leaves_nothing(ws_path: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "paket.zip"
    cancel = threading.Event()
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        cancel.set()

    with pytest.raises(Cancelled):
        _export(ws_path, out, on_progress=progress, cancel=cancel)
    assert calls and list(out_dir.iterdir()) == []


def test_cli_export(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "paket.zip"
    assert main(["export", str(ws_path), "--out", str(out)]) == 3  # written, but not complete yet
    assert "Paket tersimpan" in capsys.readouterr().out
    assert main(["export", str(ws_path), "--out", str(tmp_path / "x.txt")]) == 2
    assert main(["export", str(ws_path), "--xlsx", str(tmp_path / "lke.xlsx")]) == 3
    assert (tmp_path / "lke.xlsx").is_file()
    with open_workspace(ws_path, read_only=True) as ws:
        assert ws.last_export() is not None


def test_safe_names() -> None:
    assert safe_part("CON") == "_CON"
    assert safe_part("lpt1.txt") == "_lpt1.txt"
    assert safe_part('a<b>c:"d"/e\\f|g?h*') == "a_b_c__d__e_f_g_h_"
    assert safe_part("nama. . ") == "nama"
    assert safe_part("\x01\x02") == "berkas"
    assert len(safe_part("x" * 500 + ".pdf")) <= 120 and safe_part("x" * 500 + ".pdf").endswith(".pdf")
    taken: set[str] = set()
    assert [unique_name(n, taken) for n in ("a.pdf", "A.pdf", "a.pdf")] == ["a.pdf", "A (2).pdf", "a (3).pdf"]


def test_verify_reports_progress_and_cancels(ws_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "paket.zip"
    _export(ws_path, out)
    seen: list[tuple[int, int]] = []
    report = verify_bundle(out, on_progress=lambda d, t: seen.append((d, t)))
    assert report.ok and seen
    assert seen[-1][0] == seen[-1][1]  # every byte listed in the manifest was hashed
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    cancel = threading.Event()

    def stop(done: int, total: int) -> None:
        cancel.set()

    with pytest.raises(Cancelled):
        verify_bundle(out, on_progress=stop, cancel=cancel)


def test_export_where_nothing_can_be_written_is_a_clear_error(
    ws_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import tempfile

    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def full(*_a: Any, **_k: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert main(["export", str(ws_path), "--out", str(out_dir / "paket.zip")]) == 2
    err = capsys.readouterr().err
    assert "disk penuh" in err and "Traceback" not in err
    assert list(out_dir.iterdir()) == []


def test_evidence_is_stored_or_deflated_by_its_content_not_its_name(tmp_path: Path) -> None:
    import os as _os
    import zipfile as _zipfile

    from zi_desktop.cli.main import main as cli
    from zi_desktop.workspace.store import create_workspace, open_workspace

    ws_path = tmp_path / "ws"
    with create_workspace(ws_path, unit_name="Satker Uji", unit_id="u1"):
        pass
    text = ("Notulen rapat tim ZI. " * 20_000).encode()
    files = {
        "scan.bin": _os.urandom(300_000),  # incompressible, a suffix that says nothing
        "video": _os.urandom(300_000),  # no suffix at all
        "notulen.txt": text,  # text: shrinks
        "acak.txt": _os.urandom(3_000_000),  # a text suffix, incompressible content (3 chunks)
        "rekap.bin": text[:250_000],  # a binary suffix, compressible content
        "foto.jpg": ("x" * 300_000).encode(),  # a "compressed kind" that is not compressed
        "dokumen.pdf": b"%PDF-1.4\n" + _os.urandom(2_000_000),  # a real PDF: compressed streams
    }
    for i, (name, payload) in enumerate(files.items(), start=1):
        (tmp_path / name).write_bytes(payload)
        assert cli(["attach", str(ws_path), str(i), str(tmp_path / name)]) == 0
    out = tmp_path / "paket.zip"
    cli(["export", str(ws_path), "--out", str(out)])
    with _zipfile.ZipFile(out) as zf:
        method = {Path(i.filename).name: i.compress_type for i in zf.infolist()}
        for name, payload in files.items():
            member = next(n for n in zf.namelist() if n.endswith("/" + name))
            assert zf.read(member) == payload, name
    stored, deflated = _zipfile.ZIP_STORED, _zipfile.ZIP_DEFLATED
    assert (method["scan.bin"], method["video"], method["acak.txt"], method["dokumen.pdf"]) == (stored,) * 4
    assert (method["notulen.txt"], method["rekap.bin"], method["foto.jpg"]) == (deflated,) * 3
    assert method["manifest.json"] == method["jawaban-unit.json"] == method["ringkasan.html"] == deflated
    assert method[next(n for n in method if n.endswith(".xlsx"))] == stored  # a zip itself: cannot shrink
    assert cli(["verify", str(out)]) == 0
    # a blob damaged in the workspace is still caught while it is packed (the hash runs beside the copy)
    with open_workspace(ws_path, read_only=True) as ws:
        blob = ws.blob_path(next(e.sha256 for e in ws.evidence() if e.name == "scan.bin"))
    damaged = bytearray(blob.read_bytes())
    damaged[1000] ^= 0xFF
    blob.chmod(0o644)
    blob.write_bytes(bytes(damaged))
    again = tmp_path / "lagi.zip"
    assert cli(["export", str(ws_path), "--out", str(again)]) == 2
    assert not again.exists()
    assert not list(tmp_path.glob(".lagi.zip.*")), "no partial bundle is left"


@pytest.mark.parametrize("where", [0, 1_500_000, 2_999_999])
def test_a_damaged_blob_is_caught_while_it_is_packed(
    tmp_path: Path, where: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """The manifest's sha256 is the stored one, checked against the bytes as they are copied: one
    flipped byte anywhere in a multi-chunk blob (first, middle, last chunk) stops the export."""
    import os as _os

    from zi_desktop.cli.main import main as cli
    from zi_desktop.workspace.store import create_workspace, open_workspace

    ws_path = tmp_path / "ws"
    with create_workspace(ws_path, unit_name="Satker Uji", unit_id="u1"):
        pass
    src = tmp_path / "laporan.pdf"
    src.write_bytes(_os.urandom(3_000_000))
    assert cli(["attach", str(ws_path), "1", str(src)]) == 0
    out = tmp_path / "paket.zip"
    assert cli(["export", str(ws_path), "--out", str(out)]) in (0, 3)
    with open_workspace(ws_path, read_only=True) as ws:
        blob = ws.blob_path(ws.evidence()[0].sha256)
    damaged = bytearray(blob.read_bytes())
    damaged[where] ^= 0x01
    blob.chmod(0o644)
    blob.write_bytes(bytes(damaged))
    capsys.readouterr()
    before = out.read_bytes()
    assert cli(["export", str(ws_path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "laporan.pdf" in err and "rusak" in err, err
    assert out.read_bytes() == before, "the previous bundle stays as it was"
    assert not list(tmp_path.glob(".paket.zip.*"))


# -- durability: fsync before the rename, the folder after -------------------------------------


def _record_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every os.fsync (by the path of its descriptor) and os.replace, in order."""
    import os

    calls: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        calls.append(("replace", f"{src} -> {dst}"))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return calls


needs_proc_fd = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")


@needs_proc_fd
def test_export_fsyncs_bundle_before_rename_and_folder_after(
    ws_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "paket.zip"
    with open_workspace(ws_path) as ws:
        calls = _record_fsyncs(monkeypatch)
        export_bundle(ws, out)
        monkeypatch.undo()
    ours = [c for c in calls if str(out_dir) in c[1]]
    replaces = [i for i, c in enumerate(ours) if c[0] == "replace"]
    assert len(replaces) == 1, ours
    i = replaces[0]
    tmp_name = ours[i][1].split(" -> ")[0]
    assert ours[i][1].endswith(f" -> {out}")
    assert ("fsync", tmp_name) in ours[:i], ours  # the whole temp file is on disk before the rename
    assert ("fsync", str(out_dir)) in ours[i + 1 :], ours  # and the rename itself after it
    assert verify_bundle(out).ok


@needs_proc_fd
def test_xlsx_export_fsyncs_before_rename(ws_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "lke.xlsx"
    calls = _record_fsyncs(monkeypatch)
    assert main(["export", str(ws_path), "--xlsx", str(out)]) in (0, 3)  # 3: written, the workspace is not complete
    monkeypatch.undo()
    ours = [c for c in calls if str(out_dir) in c[1]]
    kinds = [k for k, _ in ours]
    assert kinds == ["fsync", "replace", "fsync"], ours
    assert ours[1][1] == f"{ours[0][1]} -> {out}" and ours[2][1] == str(out_dir)
    assert read_workbook(open_workspace(ws_path, read_only=True).catalog, out).rows is not None


# -- every bundle the app writes passes verify ---------------------------------------------------


def test_near_constant_evidence_is_stored_so_verify_accepts_it(ws_path: Path, tmp_path: Path) -> None:
    """A 3 MB file of zeros deflates 1000 times: packed that way, verify's zip-bomb bound would refuse
    the app's own bundle. The exporter stores such a member instead."""
    zeros = tmp_path / "kosong.txt"
    zeros.write_bytes(b"\0" * (3 * 1024 * 1024))
    with open_workspace(ws_path) as ws:
        ws.attach_files(4, [zeros])
    out = tmp_path / "paket.zip"
    _export(ws_path, out)
    with zipfile.ZipFile(out) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith("kosong.txt"))
        assert info.compress_type == zipfile.ZIP_STORED and info.file_size == 3 * 1024 * 1024
        assert zf.getinfo("jawaban-unit.json").compress_type == zipfile.ZIP_DEFLATED
    rep = verify_bundle(out)
    assert rep.ok, rep.problems


def test_export_refuses_more_members_than_verify_accepts(
    ws_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zi_desktop.errors import UserError
    from zi_desktop.exchange import bundle

    monkeypatch.setattr(bundle, "MAX_BUNDLE_ENTRIES", 6)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(UserError, match=r"terlalu banyak berkas bukti untuk satu paket \(7; batas 2\)"):
        _export(ws_path, out_dir / "paket.zip")
    assert list(out_dir.iterdir()) == []


class _Evidence:
    def __init__(self, eid: int, soal_id: int, name: str, sha256: str, size: int) -> None:
        self.id, self.soal_id, self.kind, self.name = eid, soal_id, "file", name
        self.sha256, self.size, self.url, self.text = sha256, size, None, None


class _ManyFiles:
    """A workspace of `n` tiny evidence files spread over every question (WorkspaceLike)."""

    def __init__(self, catalog: Any, root: Path, n: int) -> None:
        self.catalog, self.unit_name, self.unit_id, self.year = catalog, "Satker Besar", "u-besar", 2026
        self.root = root
        self.items: list[_Evidence] = []
        ids = sorted(catalog.soal)
        root.mkdir()
        for i in range(n):
            data = f"bukti nomor {i}\n".encode()
            sha = hashlib.sha256(data).hexdigest()
            (root / sha).write_bytes(data)
            ext = ".pdf" if i % 2 else ".txt"  # stored and deflated members both
            self.items.append(_Evidence(i + 1, ids[i % len(ids)], f"dokumen {i}{ext}", sha, len(data)))
        self.exported: str | None = None

    def records(self) -> dict[int, Any]:
        return {}

    def evidence(self, soal_id: int | None = None) -> list[_Evidence]:
        return self.items

    def blob_path(self, sha256: str) -> Path:
        return self.root / sha256

    def chain_head(self) -> tuple[int, str]:
        return 0, "0" * 64

    def mark_exported(self, at: str) -> None:
        self.exported = at


def test_exported_bundle_of_many_files_verifies(catalog: Any, tmp_path: Path) -> None:
    """The exporter itself at a few thousand files (verify works through them in batches)."""
    ws = _ManyFiles(catalog, tmp_path / "blobs", 1500)
    out = tmp_path / "banyak.zip"
    rep = export_bundle(ws, out)
    assert rep.evidence_files == 1500 and ws.exported
    report = verify_bundle(out)
    assert report.ok and report.checked == 1503, report.problems[:5]


def _app_layout_bundle(catalog: Any, out: Path, n: int) -> int:
    """A bundle laid out exactly as export_bundle lays it out (evidence names from `evidence_paths`,
    the manifest as json.dumps(indent=1)), written straight with zipfile: the exporter's per-file
    overhead would make 80 000 files a minutes-long test. Returns the manifest's size."""
    from zi_desktop.exchange.bundle import FORMAT, evidence_paths

    ids = sorted(catalog.soal)
    items = [
        _Evidence(i + 1, ids[i % len(ids)], f"dokumen {i}{'.pdf' if i % 2 else '.txt'}", f"{i:064x}", 0)
        for i in range(n)
    ]
    paths = evidence_paths(catalog, items)
    files: list[dict[str, Any]] = []
    with zipfile.ZipFile(out, "w") as zf:

        def add(name: str, data: bytes) -> None:
            method = zipfile.ZIP_STORED if name.endswith((".pdf", ".xlsx")) else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=method)
            files.append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})

        add("LKE-Satker_Besar-2026.xlsx", b"PK\x05\x06" + b"\0" * 18)
        add("jawaban-unit.json", b'{"answers": []}\n')
        for it in items:
            add(paths[it.id], f"bukti nomor {it.id}\n".encode())
        add("ringkasan.html", b"<!DOCTYPE html><html></html>\n")
        manifest = {"format": FORMAT, "format_version": 1, "unit": {"id": "u", "name": "Satker Besar"}, "files": files}
        payload = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        zf.writestr("manifest.json", payload)
    return len(payload)


@pytest.mark.slow
def test_bundle_of_80000_evidence_files_verifies(
    catalog: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app's own bundle with 80 000 files was refused ("manifest.json terlalu besar"): the
    manifest bound grows with the number of members."""
    out = tmp_path / "besar.zip"
    size = _app_layout_bundle(catalog, out, 80_000)
    assert size > 20 * 1024 * 1024  # over the old fixed limit
    capsys.readouterr()
    assert main(["verify", str(out)]) == 0
    assert "Paket utuh: 80003 berkas cocok" in capsys.readouterr().out


def test_the_hash_thread_hashes_in_order_and_hands_back_its_errors() -> None:
    from zi_desktop.exchange.bundle import _HashThread

    hasher = _HashThread()
    h = hashlib.sha256()
    chunks = [bytes([i]) * (256 * 1024 + i) for i in range(20)]
    for c in chunks:
        hasher.submit(h, c)
    hasher.wait()
    assert h.hexdigest() == hashlib.sha256(b"".join(chunks)).hexdigest()

    class Broken:
        def update(self, data: bytes) -> None:
            raise MemoryError("no room")

    hasher.submit(Broken(), b"x")
    with pytest.raises(MemoryError):
        hasher.wait()
    hasher.submit(h, b"after")  # the thread still works after handing back an error
    hasher.wait()
    hasher.close()
    assert not hasher._thread.is_alive()
