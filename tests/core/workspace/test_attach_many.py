"""Many files for many soal in one call (issue 15): `attach WS 7 a b --soal 12 c`, `--dari-folder`,
and `Workspace.attach_many`, all or nothing on every kind of bad input."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.cli.main import main
from zi_desktop.errors import Cancelled, UserError
from zi_desktop.workspace import blobs as blobs_mod
from zi_desktop.workspace.store import create_workspace, open_workspace


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    with create_workspace(root, unit_name="Satker Uji") as ws:
        ws.set_answer(1, "Ya")
    return root


def _cli(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    rc = main([str(a) for a in args])
    got = capsys.readouterr()
    return rc, got.out, got.err


def _file(folder: Path, name: str, data: bytes | None = None) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if data is not None else f"isi {name} ".encode() * 300)
    return p


def _state(root: Path) -> tuple[Any, ...]:
    """Everything an attach could change: records, change log, blob files, leftovers in tmp/."""
    conn = sqlite3.connect(str(root / "workspace.sqlite"))
    try:
        rows = (
            conn.execute("SELECT * FROM evidence ORDER BY id").fetchall(),
            conn.execute("SELECT id, hash FROM changelog ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM blobs ORDER BY sha256").fetchall(),
        )
    finally:
        conn.close()
    blob_files = sorted(p.name for p in (root / "blobs").rglob("*") if p.is_file())
    tmp = sorted(p.name for p in (root / "tmp").iterdir()) if (root / "tmp").is_dir() else []
    return (*rows, blob_files, tmp)


def test_one_call_attaches_many_files_to_many_soal(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = _file(tmp_path, "SK Tim.pdf"), _file(tmp_path, "foto.jpg", os.urandom(3 * 1024 * 1024))
    c, d = _file(tmp_path, "notulen.docx"), _file(tmp_path, "rekap.xlsx")
    rc, out, err = _cli(capsys, "attach", ws_path, 7, a, b, "--soal", 12, c, "--soal", 30, d, a)
    assert rc == 0, err
    assert "5 berkas terlampir pada 3 soal" in out
    with open_workspace(ws_path) as ws:
        got = {(e.soal_id, e.name) for e in ws.evidence()}
        assert got == {(7, a.name), (7, b.name), (12, c.name), (30, d.name), (30, a.name)}
        for e in ws.evidence():  # the stored bytes are the file's bytes, named by their sha256
            src = tmp_path / e.name
            data = ws.blob_path(str(e.sha256)).read_bytes()
            assert data == src.read_bytes() and hashlib.sha256(data).hexdigest() == e.sha256
        # one transaction: one time stamp on every record and every log entry
        assert len({e.added_at for e in ws.evidence()}) == 1
        entries = [h for h in ws.history() if h.field == "bukti:file"]
        assert len(entries) == 5 and len({h.at for h in entries}) == 1
        assert ws.check().ok
    assert list((ws_path / "tmp").iterdir()) == []


def test_the_old_forms_still_work(ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _file(tmp_path, "a.pdf")
    assert _cli(capsys, "attach", ws_path, 5, a)[0] == 0
    assert _cli(capsys, "attach", ws_path, 5, "--link", "https://drive.example.go.id/x", "--title", "Foto")[0] == 0
    assert _cli(capsys, "attach", ws_path, "--link", "https://drive.example.go.id/y", 6)[0] == 0  # soal after it
    assert _cli(capsys, "attach", ws_path, 6, "--text", "SK No. 5 tahun 2026")[0] == 0
    with open_workspace(ws_path) as ws:
        assert [(e.soal_id, e.kind) for e in ws.evidence()] == [(5, "file"), (5, "link"), (6, "link"), (6, "text")]


def _fifo(folder: Path) -> Path:
    p = folder / "pipa.pdf"
    os.mkfifo(p)
    return p


BAD = {
    "missing": (lambda d: d / "hilang.pdf", "tidak ditemukan"),
    "folder": (lambda d: (d / "map").mkdir() or d / "map", "adalah folder"),
    "fifo": (_fifo, "bukan berkas biasa"),
    "device": (lambda _d: Path("/dev/zero"), "bukan berkas biasa"),
    "empty": (lambda d: _file(d, "kosong.pdf", b""), "kosong"),
    "too big": (lambda d: _file(d, "video.mp4", b"\0" * (2 * 1024 * 1024 + 1)), "terlalu besar"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_one_bad_file_attaches_nothing_and_names_the_file_and_the_soal(
    kind: str, ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind in ("fifo", "device") and os.name != "posix":
        pytest.skip("posix only")
    with open_workspace(ws_path) as ws:
        ws.set_setting("max_attach_mb", 2)
    good = [_file(tmp_path, "sk.pdf"), _file(tmp_path, "foto.jpg")]
    make, words = BAD[kind]
    bad = make(tmp_path)
    before = _state(ws_path)
    rc, out, err = _cli(capsys, "attach", ws_path, 7, *good, "--soal", 12, good[0], bad)
    assert rc == 2
    assert str(bad) in err and "soal 12" in err and words in err, err
    assert "terlampir" not in out
    assert _state(ws_path) == before


def test_an_unreadable_file_attaches_nothing(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _file(tmp_path, "rahasia.pdf")
    bad.chmod(0)
    if os.name == "posix" and os.geteuid() == 0:  # root reads every file: say this one is not readable
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != bad and real(p, mode, **kw))
    before = _state(ws_path)
    rc, _out, err = _cli(capsys, "attach", ws_path, 7, _file(tmp_path, "sk.pdf"), "--soal", 9, bad)
    assert rc == 2 and str(bad) in err and "soal 9" in err and "tidak dapat dibaca" in err
    assert _state(ws_path) == before


def test_an_unknown_soal_attaches_nothing_and_names_the_file(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, c = _file(tmp_path, "sk.pdf"), _file(tmp_path, "lain.pdf")
    before = _state(ws_path)
    rc, _out, err = _cli(capsys, "attach", ws_path, 7, a, "--soal", 999, c)
    assert rc == 2 and "999" in err and "lain.pdf" in err
    rc, _out, err = _cli(capsys, "attach", ws_path, 7, a, "--soal", 12)
    assert rc == 2 and "--soal 12 tanpa berkas" in err
    assert _state(ws_path) == before


def test_a_failure_while_copying_removes_every_copy_and_records_nothing(
    ws_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [_file(tmp_path, f"{i}_bukti.pdf", os.urandom(256 * 1024)) for i in range(6)]
    real = blobs_mod._copy_one

    def fails_on_the_fourth(root: Path, src: Path, *rest: Any) -> Any:
        if src == files[3]:
            raise UserError(f"berkas {src} berubah saat disalin; tutup program yang mengubahnya lalu coba lagi")
        return real(root, src, *rest)

    monkeypatch.setattr(blobs_mod, "_copy_one", fails_on_the_fourth)
    before = _state(ws_path)
    with open_workspace(ws_path) as ws, pytest.raises(UserError, match="3_bukti.pdf"):
        ws.attach_many([(7 + i, f) for i, f in enumerate(files)])
    assert _state(ws_path) == before


def test_cancel_leaves_nothing_half_attached(ws_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blobs_mod, "CHUNK", 64 * 1024)
    files = [_file(tmp_path, f"{i}.jpg", os.urandom(1024 * 1024)) for i in range(5)]
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done > total // 3:
            cancel.set()

    before = _state(ws_path)
    with open_workspace(ws_path) as ws, pytest.raises(Cancelled):
        ws.attach_many([(7, f) for f in files], on_progress=progress, cancel=cancel)
    assert seen == sorted(seen)  # progress only grows, though two files are copied at once
    assert _state(ws_path) == before


def test_copies_run_two_at_a_time_and_come_back_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "ws"
    files = [_file(tmp_path, f"{i}.pdf", os.urandom(64 * 1024 * (1 + i % 3))) for i in range(8)]
    real = blobs_mod._copy_one
    running, most = [0], [0]
    lock = threading.Lock()
    two_at_once = threading.Barrier(2, timeout=10)

    def counting(*args: Any) -> Any:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            if args[1] in files[:2]:
                two_at_once.wait()  # the first two copies meet: they run at the same time
            return real(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(blobs_mod, "_copy_one", counting)
    got = blobs_mod.copy_many(root, [(f, f.stat()) for f in files], "t0k3n")
    assert most[0] == 2
    assert [p.sha256 for p in got] == [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    assert [p.tmp.name for p in got] == [f"t0k3n-{i}.part" for i in range(len(files))]


# -- --dari-folder ----------------------------------------------------------------------------


def _evidence_folder(tmp_path: Path) -> Path:
    d = tmp_path / "Bukti ZI"
    _file(d, "7_SK_Tim.pdf")
    _file(d, "07 - Notulen.pdf")
    _file(d, "12/foto kegiatan.jpg")
    _file(d, "12/sub/daftar hadir.png")
    _file(d, "Area 2/Soal 30 rekap.xlsx")
    _file(d, "catatan.txt")
    _file(d, "2024_laporan.pdf")
    _file(d, ".DS_Store")
    _file(d, "~$notulen.docx")
    return d


def test_from_a_folder_shows_the_assignment_then_attaches_it(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _evidence_folder(tmp_path)
    before = _state(ws_path)
    rc, out, err = _cli(capsys, "attach", ws_path, "--dari-folder", d, "--pratinjau")
    assert rc == 0, err
    assert "Soal 7: 2 berkas" in out and "Soal 12: 2 berkas" in out and "Soal 30: 1 berkas" in out
    assert "Tidak dilampirkan (2 berkas" in out and "catatan.txt" in out and "2024_laporan.pdf" in out
    assert "DS_Store" not in out and "~$" not in out
    assert _state(ws_path) == before  # a preview changes nothing
    rc, out, err = _cli(capsys, "attach", ws_path, "--dari-folder", d)
    assert rc == 0, err
    assert "5 berkas terlampir pada 3 soal" in out
    with open_workspace(ws_path) as ws:
        got = sorted((e.soal_id, e.name) for e in ws.evidence())
    assert got == [
        (7, "07 - Notulen.pdf"),
        (7, "7_SK_Tim.pdf"),
        (12, "daftar hadir.png"),
        (12, "foto kegiatan.jpg"),
        (30, "Soal 30 rekap.xlsx"),
    ]


def test_from_a_folder_a_number_that_is_no_soal_attaches_nothing(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _evidence_folder(tmp_path)
    _file(d, "999_lain.pdf")
    before = _state(ws_path)
    rc, _out, err = _cli(capsys, "attach", ws_path, "--dari-folder", d)
    assert rc == 2 and "999_lain.pdf" in err and "soal 999" in err
    assert _state(ws_path) == before


def test_from_a_folder_with_no_numbered_file_says_how_to_name_them(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "kosong"
    _file(d, "catatan.txt")
    rc, _out, err = _cli(capsys, "attach", ws_path, "--dari-folder", d)
    assert rc == 2 and "7_SK_Tim.pdf" in err
    rc, _out, err = _cli(capsys, "attach", ws_path, "--dari-folder", tmp_path / "tidak-ada")
    assert rc == 2 and "tidak ditemukan" in err


def test_a_fifo_in_the_folder_attaches_nothing(
    ws_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.name != "posix":
        pytest.skip("posix only")
    d = _evidence_folder(tmp_path)
    os.mkfifo(d / "12" / "pipa.pdf")
    assert stat.S_ISFIFO((d / "12" / "pipa.pdf").stat().st_mode)
    before = _state(ws_path)
    rc, _out, err = _cli(capsys, "attach", ws_path, "--dari-folder", d)
    assert rc == 2 and "pipa.pdf" in err and "soal 12" in err
    assert _state(ws_path) == before


def test_soal_numbers_in_names() -> None:
    assert blobs_mod.soal_number("7_SK_Tim.pdf") == 7
    assert blobs_mod.soal_number("007 notulen.pdf") == 7
    assert blobs_mod.soal_number("Soal 12.pdf") == 12
    assert blobs_mod.soal_number("soal_3-foto.jpg") == 3
    assert blobs_mod.soal_number("12") == 12
    assert blobs_mod.soal_number("2024_laporan.pdf") is None
    assert blobs_mod.soal_number("laporan 7.pdf") is None


def test_detach_many_removes_all_in_one_transaction_or_none(ws_path: Path, tmp_path: Path) -> None:
    """The undo of one multi-file attach in the app."""
    with open_workspace(ws_path) as ws:
        items = ws.attach_many([(7, _file(tmp_path, "a.pdf")), (12, _file(tmp_path, "b.pdf"))])
        before = _state(ws_path)
        with pytest.raises(UserError, match="tidak terlampir pada soal 30"):
            ws.detach_many([(7, items[0].id), (30, items[1].id)])  # the second is not on soal 30
        assert _state(ws_path) == before
        ws.detach_many([(e.soal_id, e.id) for e in items])
        assert ws.evidence() == []
        assert len({h.at for h in ws.history() if h.source == "lepas"}) == 1
        assert ws.check().ok
