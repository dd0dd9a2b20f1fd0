"""A damaged, empty or gutted database is refused, never recreated; backups, their schedule, and
`pulihkan` (restore) (issue 9); SQLite errors classified by code (issue 10)."""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sample_answers import sample_value

from zi_desktop.cli.main import main
from zi_desktop.errors import UserError
from zi_desktop.workspace import schema as schema_mod
from zi_desktop.workspace import store as store_mod
from zi_desktop.workspace.backups import list_backups, restore, to_keep
from zi_desktop.workspace.schema import WorkspaceDamaged
from zi_desktop.workspace.store import create_workspace, open_workspace

COMMANDS = ("status", "score", "check", "history")


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    """A workspace with three answers, an evidence file, and one rolling backup holding two answers."""
    root = tmp_path / "ws"
    with create_workspace(root, unit_name="Kantor Contoh") as ws:
        ws.set_answer(1, "Ya")
        ws.set_answer(2, "A")
        ws.set_setting("backup_every_minutes", 0)
        (tmp_path / "sk.pdf").write_bytes(b"%PDF surat keputusan" * 50)
        ws.attach_files(1, [tmp_path / "sk.pdf"])
        ws._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # the first edit made a backup before any answer; make one that has the two answers
    with open_workspace(root) as ws:
        schema_mod.backup_db(ws._conn, root / "backups" / "rolling-20260101-090000-000000.sqlite")
        ws.set_answer(3, "Ya")
    return root


def _blobs(root: Path) -> list[tuple[str, bytes]]:
    return sorted((p.name, p.read_bytes()) for p in (root / "blobs").rglob("*") if p.is_file())


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(args)
    got = capsys.readouterr()
    return rc, got.out, got.err


@pytest.mark.parametrize("damage", ["zero-bytes", "tables-dropped", "meta-emptied"])
def test_an_empty_or_gutted_database_is_refused_not_recreated(
    ws_path: Path, damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ws_path / "workspace.sqlite"
    if damage == "zero-bytes":
        db.write_bytes(b"")
    else:
        conn = sqlite3.connect(str(db))
        if damage == "tables-dropped":
            conn.executescript("DROP TABLE evidence; DROP TABLE meta;")
        else:
            conn.execute("DELETE FROM meta")
            conn.commit()
        conn.close()
    before = (db.read_bytes(), _blobs(ws_path))
    for cmd in (*COMMANDS, "gc", "answer"):
        args = [cmd, str(ws_path)] + (["5", "Ya"] if cmd == "answer" else [])
        rc, out, err = _run(args, capsys)
        assert rc == 2, (cmd, out, err)
        assert "rusak" in err and f"zi-desktop pulihkan {ws_path}" in err, err
        assert len(err.strip().splitlines()) == 1
    assert (db.read_bytes(), _blobs(ws_path)) == before  # nothing recreated, no evidence deleted
    with pytest.raises(WorkspaceDamaged):
        open_workspace(ws_path)


def test_a_corrupt_database_gives_one_line_for_every_reading_command(
    ws_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ws_path / "workspace.sqlite"
    raw = bytearray(db.read_bytes())
    raw[100 : len(raw)] = b"\xde\xad" * ((len(raw) - 100) // 2)  # keep the header, wreck every page
    db.write_bytes(bytes(raw))
    for cmd in COMMANDS:
        rc, out, err = _run([cmd, str(ws_path)], capsys)
        assert rc == 2, (cmd, out, err)
        assert err.startswith("Galat: ") and len(err.strip().splitlines()) == 1, err


def test_pulihkan_lists_backups_then_restores_keeping_the_damaged_copy_aside(
    ws_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ws_path / "workspace.sqlite"
    db.write_bytes(b"")
    rc, out, _ = _run(["pulihkan", str(ws_path)], capsys)
    assert rc == 0
    assert "2026-01-01 09:00:00  rolling-20260101-090000-000000.sqlite  (2 soal terjawab)" in out
    assert db.read_bytes() == b""  # listing changes nothing
    infos = list_backups(ws_path)
    number = [b.path.name for b in infos].index("rolling-20260101-090000-000000.sqlite") + 1
    rc, out, err = _run(["pulihkan", str(ws_path), "--dari", str(number)], capsys)
    assert rc == 0, err
    assert "dipulihkan dari rolling-20260101-090000-000000.sqlite (2 soal terjawab)" in out
    aside = [p for p in ws_path.iterdir() if p.name.startswith("workspace.sqlite.rusak-")]
    assert len(aside) == 1 and aside[0].read_bytes() == b""
    with open_workspace(ws_path) as ws:
        assert ws.answers() == {1: "Ya", 2: "A"}
        assert ws.check().ok, ws.check().problems
        last = ws.history()[-1]
        assert (last.field, last.new, last.old) == ("pulihkan", "rolling-20260101-090000-000000.sqlite", aside[0].name)
    assert _run(["status", str(ws_path)], capsys)[0] == 0


def test_restore_keeps_the_replaced_database_whole_with_its_log(ws_path: Path) -> None:
    """A healthy database being replaced is kept aside with everything in it; its write-ahead log
    is never left beside the restored copy (SQLite would replay it into the wrong database)."""
    reader = sqlite3.connect(str(ws_path / "workspace.sqlite"))  # another connection keeps the WAL
    reader.execute("SELECT count(*) FROM answers").fetchone()
    with open_workspace(ws_path) as ws:
        ws.set_setting("backup_every_minutes", 0)
        ws.set_answer(9, "Ya")
    try:
        done = restore(ws_path, "rolling-20260101-090000-000000.sqlite", now=datetime(2026, 2, 1, 8, 0, 0))
    finally:
        reader.close()
    assert done.kept_aside is not None and done.kept_aside.name == "workspace.sqlite.rusak-20260201-080000"
    wal = ws_path / "workspace.sqlite-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    with open_workspace(ws_path) as ws:
        assert ws.answers() == {1: "Ya", 2: "A"}
    old = sqlite3.connect(str(done.kept_aside))
    try:
        assert old.execute("SELECT jawaban_unit FROM answers WHERE soal_id = 9").fetchone()[0] == "Ya"
    finally:
        old.close()


def test_restore_refuses_an_unusable_backup_and_a_busy_workspace(ws_path: Path) -> None:
    bad = ws_path / "backups" / "rolling-20260102-090000-000000.sqlite"
    bad.write_bytes(b"bukan database")
    with pytest.raises(UserError, match="tidak dapat dipakai"):
        restore(ws_path, bad.name)
    writer = sqlite3.connect(str(ws_path / "workspace.sqlite"), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError, match="sedang dipakai"):
            restore(ws_path, "rolling-20260101-090000-000000.sqlite")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    with open_workspace(ws_path) as ws:
        assert ws.answers() == {1: "Ya", 2: "A", 3: "Ya"}


def test_backup_schedule_keeps_recent_hourly_and_daily_copies() -> None:
    now = datetime(2026, 3, 10, 12, 0, 0)
    every_10_min = [now - timedelta(minutes=10 * i) for i in range(8 * 24 * 6)]  # 8 days of editing
    kept = to_keep(every_10_min, now, recent=5)
    assert set(sorted(every_10_min)[-5:]) <= kept
    hours = {(t.date(), t.hour) for t in kept if now - t <= timedelta(hours=24)}
    assert len(hours) >= 24  # one in every hour of the last day
    days = {t.date() for t in kept}
    assert len(days) == 8  # one in every one of the last 7 days (and today)
    assert all(now - t <= timedelta(days=7) for t in kept)
    assert len(kept) <= 5 + 25 + 8
    # whatever was good a day ago is still there: at most an hour older than any moment of the last day
    for back in range(1, 24 * 6):
        moment = now - timedelta(minutes=10 * back)
        assert any(timedelta(0) <= moment - t <= timedelta(hours=1) for t in kept), moment
    # the first copy of an hour stays the one kept however many follow in that hour
    a = datetime(2026, 3, 10, 11, 2)
    assert a in to_keep([a, *(a + timedelta(minutes=m) for m in range(5, 55, 5))], now, recent=1)


def test_an_edit_is_saved_when_the_backup_fails_and_nothing_partial_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ws"
    with create_workspace(root, unit_name="Kantor") as ws:
        ws.set_answer(1, "Ya")
    for p in (root / "backups").glob("rolling-*"):
        p.unlink()

    def failing(conn: sqlite3.Connection, dest: Path) -> None:
        part = dest.with_name(dest.name + ".part")
        part.write_bytes(b"setengah")
        dest.with_name(dest.name + ".part-journal").write_bytes(b"jurnal")
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(store_mod, "backup_db", failing)
    with open_workspace(root) as ws:
        ws.set_answer(2, "A")
        assert ws.backup_warning is not None and "disk penuh" in ws.backup_warning
        ws.set_answer(3, "Tidak")  # not tried again within the interval; still saved
    with open_workspace(root, read_only=True) as ws:
        assert ws.answers() == {1: "Ya", 2: "A", 3: "Tidak"}
    assert list((root / "backups").iterdir()) == []


def test_with_little_room_the_backup_is_skipped_and_every_answer_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    create_workspace(root, unit_name="Kantor").close()
    for p in (root / "backups").glob("rolling-*"):
        p.unlink()
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(store_mod.shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 5 * 2**20, 5 * 2**20))
    with open_workspace(root) as ws:
        ws.set_setting("backup_every_minutes", 0.0001)  # a backup is due before every edit
    for i, s in enumerate(catalog.soal_in_order()[:10]):
        rc, _, err = _run(["answer", str(root), str(s.soal_id), str(sample_value(catalog, i, s, 0, 3.0))], capsys)
        assert rc == 0, err
        assert err.startswith("Peringatan: cadangan otomatis tidak dapat dibuat") and "tetap disimpan" in err
    with open_workspace(root, read_only=True) as ws:
        assert len(ws.answers()) == 10
    assert list((root / "backups").iterdir()) == []


def _mount_tmpfs(where: Path, mb: int) -> bool:
    import subprocess

    where.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={mb}m", "tmpfs", str(where)], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def test_on_a_real_nearly_full_disk_every_answer_still_saves(
    tmp_path: Path, catalog: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 20 MB disk holding a 9 MB workspace, filled until 3 MB are left: backups are due before
    every edit and cannot fit; every answer is saved, no partial copy is left behind."""
    import shutil
    import subprocess

    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, 20):
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        root = disk / "ws"
        with create_workspace(root, unit_name="Kantor") as ws:
            ws.set_setting("backup_every_minutes", 0)
            for s in catalog.soal_in_order()[:60]:
                ws.set_note(s.soal_id, "catatan panjang " * 5000)
            ws.set_setting("backup_every_minutes", 0.0001)
        with (disk / "pengisi").open("wb") as f:
            f.truncate(0)
            while shutil.disk_usage(disk).free > 3 * 2**20:
                f.write(b"\0" * 2**20)
        for i, s in enumerate(catalog.soal_in_order()[:10]):
            rc, _, err = _run(["answer", str(root), str(s.soal_id), str(sample_value(catalog, i, s, 0, 3.0))], capsys)
            assert rc == 0, err
        with open_workspace(root, read_only=True) as ws:
            assert len(ws.answers()) == 10
            assert ws.check().ok
        assert not [p for p in (root / "backups").iterdir() if ".part" in p.name]
        assert not list((root / "tmp").iterdir())
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, timeout=10)


def test_leftover_backup_parts_are_cleaned_on_open(tmp_path: Path) -> None:
    import os
    import time

    root = tmp_path / "ws"
    create_workspace(root, unit_name="Kantor").close()
    old = time.time() - 600
    for name in ("rolling-x.sqlite.part", "rolling-x.sqlite.part-journal"):
        (root / "backups" / name).write_bytes(b"sisa")
        os.utime(root / "backups" / name, (old, old))
    open_workspace(root).close()
    assert not [p for p in (root / "backups").iterdir() if ".part" in p.name]


# -- SQLite errors: known kinds are one line, anything else is a bug -------------------------------


def test_a_bad_query_is_a_bug_exit_1_with_the_traceback_in_the_log(
    ws_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from zi_desktop.paths import log_file

    def bad_query(self: Any) -> dict[str, Any]:
        with self._reading() as conn:
            conn.execute("SELECT kolom_salah FROM settings")
        return {}

    monkeypatch.setattr(store_mod.Workspace, "settings", bad_query)
    rc, out, err = _run(["answer", str(ws_path), "1", "Tidak"], capsys)
    assert rc == 1
    assert "bug" in err and str(log_file()) in err
    text = log_file().read_text(encoding="utf-8")
    assert "Traceback" in text and "no such column: kolom_salah" in text


def test_a_full_disk_is_still_one_line(
    ws_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = store_mod._Tx.set_fields

    def full(self: Any, *a: Any, **k: Any) -> None:
        real(self, *a, **k)
        self.conn.execute("PRAGMA max_page_count = 1")
        self.conn.execute("INSERT INTO settings(key, value) VALUES ('isi', ?)", ("x" * 100_000,))

    monkeypatch.setattr(store_mod._Tx, "set_fields", full)
    rc, out, err = _run(["answer", str(ws_path), "4", "B"], capsys)
    assert rc == 2, err
    assert err.startswith("Galat: disk penuh") and len(err.strip().splitlines()) == 1
    monkeypatch.undo()
    with open_workspace(ws_path, read_only=True) as ws:
        assert 4 not in ws.answers()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (sqlite3.SQLITE_FULL, "disk penuh"),
        (sqlite3.SQLITE_READONLY, "tidak dapat ditulis"),
        (sqlite3.SQLITE_READONLY | (1 << 8), "tidak dapat ditulis"),  # an extended code
        (sqlite3.SQLITE_BUSY, "sedang dipakai"),
        (sqlite3.SQLITE_LOCKED, "sedang dipakai"),
        (sqlite3.SQLITE_CORRUPT, "rusak"),
        (sqlite3.SQLITE_NOTADB, "rusak"),
        (sqlite3.SQLITE_CANTOPEN, "tidak dapat dibuka"),
        (sqlite3.SQLITE_IOERR | (3 << 8), "baca/tulis disk"),
    ],
)
def test_db_error_classifies_by_result_code(code: int, words: str, tmp_path: Path) -> None:
    exc = sqlite3.OperationalError("pesan apa saja")  # the text is never looked at
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    got = schema_mod.db_error(exc, tmp_path)
    assert isinstance(got, UserError) and words in str(got)


def test_db_error_lets_other_errors_through(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("SELECT * FROM tidak_ada")
    except sqlite3.Error as exc:
        assert schema_mod.db_error(exc, tmp_path) is exc
    locked_text = sqlite3.OperationalError("database is locked")  # words alone are not a code
    assert schema_mod.db_error(locked_text, tmp_path) is locked_text
