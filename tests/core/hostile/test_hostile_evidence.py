"""Hostile and awkward evidence files: refused with a message and nothing stored, or stored safely.

What the store does with each (decisions, asserted below):
- 0-byte file: refused, "berkas kosong (0 byte)" (an empty file is never evidence).
- a file that vanishes before the copy: refused before anything is copied (all files are checked
  first); one that vanishes or changes while it is copied: refused, no record, no blob, no temp file.
- cancelled while copying: `Cancelled`, nothing recorded, no temp file left.
- a name with characters Windows forbids: stored under its name; the package uses a safe name.
- a 300-character path: stored.
- a symlink to a file: followed; the workspace stores a copy of the target's content (never a link).
  A symlink to a folder, to a device, or dangling: refused.
"""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.errors import Cancelled, UserError

store = pytest.importorskip("zi_desktop.workspace.store")
evidence = pytest.importorskip("zi_desktop.workspace.blobs")

WINDOWS_FORBIDDEN = '<>:"|?*'


@pytest.fixture
def ws(tmp_path: Path) -> Any:
    w = store.create_workspace(tmp_path / "ws", unit_name="Satker Uji")
    w.set_answer(1, "Ya")
    yield w
    w.close()


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "sumber"
    folder.mkdir()
    return folder


def _state(w: Any) -> dict[str, Any]:
    files = sorted(str(p.relative_to(w.path)) for p in (w.path / "blobs").rglob("*") if p.is_file())
    parts = sorted(p.name for p in (w.path / "tmp").glob("*")) if (w.path / "tmp").is_dir() else []
    return {"records": w.records(), "history": w.history(), "evidence": w.evidence(), "blobs": files, "tmp": parts}


def _refused(w: Any, call: Any, exc: type[BaseException], match: str) -> None:
    before = _state(w)
    with pytest.raises(exc, match=match):
        call()
    assert _state(w) == before


def test_empty_file_refused(ws: Any, src: Path) -> None:
    empty = src / "kosong.pdf"
    empty.write_bytes(b"")
    _refused(ws, lambda: ws.attach_files(1, [empty]), UserError, r"berkas kosong \(0 byte\)")


def test_missing_file_refused_before_any_copy(ws: Any, src: Path) -> None:
    good = src / "ada.pdf"
    good.write_bytes(b"isi")
    _refused(ws, lambda: ws.attach_files(1, [good, src / "hilang.pdf"]), UserError, "tidak ditemukan")


def _big(src: Path, name: str = "besar.pdf") -> Path:
    path = src / name
    path.write_bytes(os.urandom(64 * 1024))
    return path


def test_file_vanishing_while_copied(ws: Any, src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "CHUNK", 4096)
    path = _big(src)

    def vanish(done: int, total: int) -> None:
        if path.exists() and done >= 16 * 1024:
            path.unlink()

    _refused(ws, lambda: ws.attach_files(1, [path], on_progress=vanish), UserError, "hilang saat disalin")


def test_file_changing_while_copied(ws: Any, src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "CHUNK", 4096)
    path = _big(src)
    grown = []

    def grow(done: int, total: int) -> None:
        if not grown and done >= 16 * 1024:
            with path.open("ab") as f:
                f.write(b"tambahan")
            grown.append(True)

    _refused(ws, lambda: ws.attach_files(1, [path], on_progress=grow), UserError, "berubah saat disalin")


def test_cancel_while_copied_leaves_nothing(ws: Any, src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "CHUNK", 4096)
    first, second = _big(src, "satu.pdf"), _big(src, "dua.pdf")
    cancel = threading.Event()

    def stop(done: int, total: int) -> None:
        if done > 80 * 1024:  # during the second file
            cancel.set()

    before = _state(ws)
    with pytest.raises(Cancelled):
        ws.attach_files(1, [first, second], on_progress=stop, cancel=cancel)
    after = _state(ws)
    assert after["tmp"] == []
    # The first file's blob may stay (unreferenced, removed by gc); no record refers to it.
    assert {k: v for k, v in after.items() if k != "blobs"} == {k: v for k, v in before.items() if k != "blobs"}
    monkeypatch.setattr(store, "GC_GRACE_SECONDS", -1)  # gc spares fresh blobs (another process may be attaching)
    ws.gc()
    assert _state(ws) == before


def test_windows_forbidden_name_stored_and_exported_safely(ws: Any, src: Path, tmp_path: Path) -> None:
    name = 'SK <Tim> "ZI": final|revisi?*.pdf'
    path = src / name
    path.write_bytes(b"%PDF-1.4 isi")
    (item,) = ws.attach_files(1, [path])
    assert item.name == name
    assert ws.blob_path(item.sha256).read_bytes() == b"%PDF-1.4 isi"
    bundle = pytest.importorskip("zi_desktop.exchange.bundle")
    out = tmp_path / "paket.zip"
    bundle.export_bundle(ws, out)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert names
    for n in names:
        assert not any(ch in n for ch in WINDOWS_FORBIDDEN), n
        assert not any(ord(ch) < 32 for ch in n), n
        assert ".." not in n.split("/") and not n.startswith("/"), n
    assert any(n.endswith(".pdf") and "SK" in n for n in names), names


def test_300_character_path(ws: Any, src: Path, tmp_path: Path) -> None:
    folder = src / ("d" * 100) / ("e" * 100)
    folder.mkdir(parents=True)
    path = folder / ("Laporan_" + "f" * 80 + ".pdf")
    path.write_bytes(b"isi panjang")
    assert len(str(path)) >= 300
    (item,) = ws.attach_files(1, [path])
    assert item.size == len(b"isi panjang")
    bundle = pytest.importorskip("zi_desktop.exchange.bundle")
    out = tmp_path / "paket.zip"
    bundle.export_bundle(ws, out)
    with zipfile.ZipFile(out) as zf:
        assert all(len(n) < 260 for n in zf.namelist()), max(zf.namelist(), key=len)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_to_file_is_copied_not_linked(ws: Any, src: Path, tmp_path: Path) -> None:
    outside = tmp_path / "di-luar.pdf"
    outside.write_bytes(b"isi target")
    link = src / "tautan.pdf"
    link.symlink_to(outside)
    (item,) = ws.attach_files(1, [link])
    blob = ws.blob_path(item.sha256)
    assert not blob.is_symlink() and blob.read_bytes() == b"isi target"
    outside.write_bytes(b"diubah kemudian")
    assert blob.read_bytes() == b"isi target"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
@pytest.mark.parametrize(
    ("target", "message"),
    [("folder", "adalah folder"), ("/dev/zero", "bukan berkas biasa"), ("tidak-ada.pdf", "tidak ditemukan")],
)
def test_symlink_to_folder_device_or_nothing_refused(
    ws: Any, src: Path, tmp_path: Path, target: str, message: str
) -> None:
    if target == "folder":
        (tmp_path / "folder").mkdir()
        target = str(tmp_path / "folder")
    elif target == "/dev/zero" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    link = src / "tautan.pdf"
    link.symlink_to(target)
    _refused(ws, lambda: ws.attach_files(1, [link]), UserError, message)


def test_directory_and_device_refused(ws: Any, src: Path) -> None:
    _refused(ws, lambda: ws.attach_files(1, [src]), UserError, "adalah folder")
    if Path("/dev/zero").exists():
        _refused(ws, lambda: ws.attach_files(1, [Path("/dev/zero")]), UserError, "bukan berkas biasa")


def test_a_file_over_the_attach_limit_is_refused_naming_the_setting(ws: Any, src: Path) -> None:
    ws.set_setting("max_attach_mb", 1)
    big = src / "video rapat.mp4"
    big.write_bytes(os.urandom(1024 * 1024 + 1))
    _refused(ws, lambda: ws.attach_files(1, [big]), UserError, "batas lampiran 1 MB, setelan max_attach_mb")
    ws.set_setting("max_attach_mb", 2)
    assert [e.name for e in ws.attach_files(1, [big])] == ["video rapat.mp4"]


def test_not_enough_disk_space_is_refused_before_copying(ws: Any, src: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    from collections import namedtuple

    f = src / "laporan.pdf"
    f.write_bytes(os.urandom(4096))
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 1000, 1000))
    _refused(ws, lambda: ws.attach_files(1, [f]), UserError, "ruang disk tidak cukup")


# -- the links CSV: only a regular file of bounded size is read (zi-desktop links) ---------------


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "huge", "link-to-dev-zero"])
def test_links_csv_that_is_not_a_small_regular_file_is_refused_quickly(ws: Any, tmp_path: Path, kind: str) -> None:
    import time

    from zi_desktop.exchange.links import MAX_CSV_BYTES, apply_links

    target = tmp_path / "tautan.csv"
    if kind in ("dev-zero", "link-to-dev-zero"):
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero")
        target = Path("/dev/zero") if kind == "dev-zero" else target
        if kind == "link-to-dev-zero":
            target.symlink_to("/dev/zero")
        words = "bukan berkas biasa"
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        os.mkfifo(target)  # nobody writes: reading it would wait forever
        words = "bukan berkas biasa"
    elif kind == "folder":
        target.mkdir()
        words = "adalah folder"
    else:
        with target.open("wb") as f:
            f.truncate(MAX_CSV_BYTES + 1)  # sparse: big without filling the disk
        words = "terlalu besar"
    before = _state(ws)
    started = time.monotonic()
    with pytest.raises(UserError, match=words):
        apply_links(ws, target)
    assert time.monotonic() - started < 5
    assert _state(ws) == before
