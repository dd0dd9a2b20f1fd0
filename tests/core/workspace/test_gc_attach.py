"""gc racing attach, stale temporary files, and blobs repaired by re-attaching (issue 9)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.workspace import blobs as blobs_mod
from zi_desktop.workspace.store import Workspace, create_workspace, open_workspace

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def ws(tmp_path: Path) -> Any:
    w = create_workspace(tmp_path / "ws", unit_name="Satker Uji")
    yield w
    w.close()


def _age(path: Path, seconds: float) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def _detached_old_blob(ws: Workspace, src: Path) -> Path:
    """Attach `src`, detach it again, and make its blob look two minutes old (what gc deletes)."""
    item = ws.attach_files(1, [src])[0]
    ws.detach(1, item.id)
    blob = ws.blob_path(str(item.sha256))
    _age(blob, 120)
    return blob


def test_gc_during_an_attach_that_reuses_an_unreferenced_blob_loses_nothing(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's repro: attach X, detach, wait; attach X plus a big file and run gc meanwhile."""
    monkeypatch.setattr(blobs_mod, "CHUNK", 64 * 1024)
    x = tmp_path / "sk-tim.pdf"
    x.write_bytes(b"%PDF isi X " * 1000)
    blob = _detached_old_blob(ws, x)
    big = tmp_path / "video-rapat.mp4"
    big.write_bytes(os.urandom(2 * 1024 * 1024))
    ran: list[tuple[int, int]] = []

    def gc_while_copying_big(done: int, total: int) -> None:
        if not ran and done > x.stat().st_size:  # X is copied, the big one is under way
            with open_workspace(ws.path) as other:
                ran.append(other.gc())

    items = ws.attach_files(2, [x, big], on_progress=gc_while_copying_big)
    assert ran, "gc did not run during the attach"
    assert [i.name for i in items] == ["sk-tim.pdf", "video-rapat.mp4"]
    assert blob.is_file()
    report = ws.check()
    assert report.ok, report.problems
    with open_workspace(ws.path) as other:  # and a later gc keeps what is referenced
        other.gc()
    assert ws.check().ok


def test_gc_waiting_on_the_lock_while_attach_records_spares_the_blob(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gc reaching its delete while attach holds the write lock between placing and recording."""
    import zi_desktop.workspace.store as store_mod

    monkeypatch.setattr(store_mod, "GC_GRACE_SECONDS", -1.0)  # every unreferenced blob is a candidate
    x = tmp_path / "x.pdf"
    x.write_bytes(b"isi X" * 500)
    blob = _detached_old_blob(ws, x)
    real_place = store_mod.place
    results: list[Any] = []
    threads: list[threading.Thread] = []

    def gc_in_another_connection() -> None:
        with open_workspace(ws.path) as other:
            results.append(other.gc())

    def place_then_gc(*a: Any, **k: Any) -> bool:
        created = real_place(*a, **k)
        t = threading.Thread(target=gc_in_another_connection)
        t.start()  # its walk sees X unreferenced; its delete waits for our write lock
        threads.append(t)
        return created

    monkeypatch.setattr(store_mod, "place", place_then_gc)
    ws.attach_files(2, [x])
    for t in threads:
        t.join(timeout=30)
    assert results == [(0, 0)]
    assert blob.is_file()
    assert ws.check().ok


def test_reusing_a_blob_refreshes_its_time(ws: Workspace, tmp_path: Path) -> None:
    x = tmp_path / "x.pdf"
    x.write_bytes(b"isi X" * 500)
    blob = _detached_old_blob(ws, x)
    ws.attach_files(3, [x])
    assert time.time() - blob.stat().st_mtime < 30


def test_reattaching_the_good_file_repairs_a_damaged_blob_of_the_same_size(ws: Workspace, tmp_path: Path) -> None:
    x = tmp_path / "x.pdf"
    x.write_bytes(b"isi asli " * 300)
    item = ws.attach_files(1, [x])[0]
    blob = ws.blob_path(str(item.sha256))
    blob.write_bytes(b"X" * x.stat().st_size)  # same size, other content
    assert any("berubah isinya" in p for p in ws.check().problems)
    again = ws.attach_files(1, [x])
    assert [i.id for i in again] == [item.id]
    assert blob.read_bytes() == x.read_bytes()
    assert ws.check().ok


def test_gc_holds_no_lock_for_its_walk_so_an_answer_meanwhile_is_saved(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zi_desktop.workspace.store as store_mod

    x = tmp_path / "x.pdf"
    x.write_bytes(b"isi X" * 500)
    _detached_old_blob(ws, x)
    real = store_mod.stored_blobs
    saved: list[Any] = []

    def slow_walk(root: Path) -> list[Path]:
        # While gc walks, another process answers: it must not wait for gc's lock (1 s is plenty).
        with open_workspace(ws.path) as other:
            other._conn.execute("PRAGMA busy_timeout = 1000")
            other.set_answer(1, "Ya")
            saved.append(other.answers())
        return real(root)

    monkeypatch.setattr(store_mod, "stored_blobs", slow_walk)
    assert ws.gc()[0] == 1
    assert saved == [{1: "Ya"}]


def test_stale_temporary_files_are_removed_live_ones_kept(ws: Workspace, tmp_path: Path) -> None:
    tmp = ws.path / "tmp"
    stale = tmp / "0123456789abcdef-0.part"
    stale.write_bytes(b"x" * 1000)
    _age(stale, 300)
    stale_lock = tmp / "fedcba9876543210.lock"
    stale_lock.write_bytes(b"")
    _age(stale_lock, 300)
    # A copy held by a live process (another process, so its lock is real) is kept, however old.
    live = tmp / "aaaaaaaaaaaaaaaa-0.part"
    live.write_bytes(b"y" * 1000)
    _age(live, 300)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('ok', flush=True); time.sleep(60)",
            str(live),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        fresh = tmp / "bbbbbbbbbbbbbbbb-0.part"  # just created, its process may not have locked it yet
        fresh.write_bytes(b"z")
        with open_workspace(ws.path):
            pass
        assert sorted(p.name for p in tmp.iterdir()) == sorted([live.name, fresh.name])
    finally:
        holder.kill()
        holder.wait()
    ws.gc()
    assert sorted(p.name for p in tmp.iterdir()) == [fresh.name]


def test_check_does_not_read_a_blob_that_is_a_link_to_dev_zero(ws: Workspace, tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    x = tmp_path / "x.pdf"
    x.write_bytes(b"isi" * 100)
    item = ws.attach_files(1, [x])[0]
    blob = ws.blob_path(str(item.sha256))
    blob.unlink()
    blob.symlink_to("/dev/zero")
    started = time.monotonic()
    problems = ws.check().problems
    assert time.monotonic() - started < 10
    assert any("bukan berkas biasa" in p and item.sha256[:12] in p for p in problems), problems
    ws.attach_files(1, [x])  # re-attaching the file puts a real copy back
    assert not blob.is_symlink() and ws.check().ok


def test_the_next_export_removes_what_a_killed_export_left_beside_the_target(ws: Workspace, tmp_path: Path) -> None:
    from zi_desktop.exchange.bundle import export_bundle

    out = tmp_path / "keluar"
    out.mkdir()
    stale = out / ".paket.zip.k1ll3d.part"
    stale.write_bytes(b"PK setengah")
    _age(stale, 3600)
    busy = out / ".paket.zip.l1v3.part"  # another export writing right now
    busy.write_bytes(b"PK sedang ditulis")
    other = out / ".lain.zip.k1ll3d.part"  # not this bundle's
    other.write_bytes(b"PK")
    _age(other, 3600)
    ws.set_answer(1, "Ya")
    export_bundle(ws, out / "paket.zip")
    assert sorted(p.name for p in out.iterdir()) == sorted(["paket.zip", busy.name, other.name])
