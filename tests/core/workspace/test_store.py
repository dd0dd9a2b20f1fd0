"""Workspace store: answers, evidence by content, change-log chain, backups, hostile input."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sample_answers import sample_value

from zi_desktop.errors import AnswerError, Cancelled, UserError
from zi_desktop.lke.answers import AnswerRow
from zi_desktop.workspace import blobs as evidence_mod
from zi_desktop.workspace.store import Workspace, create_workspace, is_workspace, open_workspace


def full_rows(catalog: Any, variant: int = 0) -> list[AnswerRow]:
    """Every soal answered, consistent counts (denominators 100+), a distinct note per variant."""
    rows = []
    for i, s in enumerate(catalog.soal_in_order()):
        v = sample_value(catalog, i, s, variant, 2.5 + 0.5 * (variant % 3))
        rows.append(AnswerRow(s.soal_id, v, None, f"catatan {variant}-{i}", None, None))
    return rows


def snapshot(ws: Workspace) -> tuple[Any, ...]:
    return (ws.records(), ws.evidence(), [h.hash for h in ws.history()], sorted(ws.settings().items()))


@pytest.fixture
def ws(tmp_path: Path) -> Any:
    w = create_workspace(tmp_path / "ws", unit_name="Kantor Pelayanan Contoh", target="WBBM", unit_id="u-7")
    yield w
    w.close()


def test_create_records_unit_and_catalog_and_reopens(tmp_path: Path, catalog: Any) -> None:
    w = create_workspace(tmp_path / "a", unit_name="  Balai Besar  ", year=2026, target="WBK")
    w.close()
    assert is_workspace(tmp_path / "a")
    with open_workspace(tmp_path / "a") as w2:
        assert (w2.unit_name, w2.year, w2.target) == ("Balai Besar", 2026, "WBK")
        meta = dict(w2._conn.execute("SELECT key, value FROM meta").fetchall())
        assert meta["catalog_id"] == catalog.catalog_id
        assert meta["catalog_checksum"] == catalog.checksum
        assert w2._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert w2._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert sorted(p.name for p in (tmp_path / "a").iterdir() if p.is_dir()) == ["backups", "blobs", "tmp"]


def test_create_refuses_existing_workspace_and_non_empty_folder(tmp_path: Path, ws: Workspace) -> None:
    ws.set_answer(1, "Ya")
    with pytest.raises(UserError, match="sudah ada workspace"):
        create_workspace(ws.path, unit_name="Lain")
    assert ws.answers() == {1: "Ya"}
    other = tmp_path / "isi"
    other.mkdir()
    (other / "catatan.txt").write_text("punya orang")
    with pytest.raises(UserError, match="tidak kosong"):
        create_workspace(other, unit_name="X")
    assert sorted(p.name for p in other.iterdir()) == ["catatan.txt"]
    with pytest.raises(UserError, match="predikat sasaran"):
        create_workspace(tmp_path / "b", unit_name="X", target="WBX")
    with pytest.raises(UserError, match="nama unit"):
        create_workspace(tmp_path / "c", unit_name="   ")


def test_open_refuses_what_is_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="tidak ditemukan"):
        open_workspace(tmp_path / "tidak-ada")
    (tmp_path / "kosong").mkdir()
    with pytest.raises(UserError, match="bukan workspace"):
        open_workspace(tmp_path / "kosong")
    (tmp_path / "berkas.json").write_text("{}")
    with pytest.raises(UserError, match="bukan folder"):
        open_workspace(tmp_path / "berkas.json")
    bad = tmp_path / "rusak"
    bad.mkdir()
    (bad / "workspace.sqlite").write_bytes(b"ini bukan database sama sekali" * 100)
    with pytest.raises(UserError, match="rusak atau bukan database"):
        open_workspace(bad)


def test_answers_are_validated_and_logged(ws: Workspace) -> None:
    ws.set_answer(1, " ya ")
    ws.set_answer(1, "Tidak", tpi=True)
    ws.set_note(1, "SK sudah ditandatangani")
    ws.edit(2, "b", note="rapat 3 kali")
    with pytest.raises(AnswerError, match="tidak dikenal"):
        ws.set_answer(2, "Z")
    with pytest.raises(AnswerError, match="jawaban TPI"):
        ws.set_answer(2, "Z", tpi=True)
    with pytest.raises(AnswerError, match="tidak ada di katalog"):
        ws.set_answer(9999, "Ya")
    assert ws.answers() == {1: "Ya", 2: "B"}
    assert ws.answers(tpi=True) == {1: "Tidak"}
    rec = ws.record(2)
    assert (rec.jawaban_unit, rec.catatan_unit) == ("B", "rapat 3 kali")
    ws.set_answer(1, "Tidak")
    ws.set_answer(1, "Tidak")  # unchanged: no log entry
    ws.set_answer(2, "")  # clears
    hist = [(h.soal_id, h.field, h.old, h.new) for h in ws.history()]
    assert hist == [
        (1, "jawaban_unit", None, "Ya"),
        (1, "jawaban_tpi", None, "Tidak"),
        (1, "catatan_unit", None, "SK sudah ditandatangani"),
        (2, "jawaban_unit", None, "B"),
        (2, "catatan_unit", None, "rapat 3 kali"),
        (1, "jawaban_unit", "Ya", "Tidak"),
        (2, "jawaban_unit", "B", None),
    ]
    assert [h.field for h in ws.history(2)] == ["jawaban_unit", "catatan_unit", "jawaban_unit"]
    assert ws.answers() == {1: "Tidak"}


def test_number_types_survive_the_database(ws: Workspace, catalog: Any) -> None:
    count = next(s.soal_id for s in catalog.soal_in_order() if s.kind == "count")
    survey = next(s.soal_id for s in catalog.soal_in_order() if s.kind == "survey")
    ws.set_answer(count, "12")
    ws.set_answer(survey, "3,60")
    a = ws.answers()
    assert a[count] == 12 and isinstance(a[count], int)
    assert a[survey] == pytest.approx(3.6) and isinstance(a[survey], float)


def test_user_name_setting_is_used_in_history(ws: Workspace) -> None:
    ws.set_setting("user_name", "Siti (operator)")
    ws.set_answer(3, "Ya")
    assert ws.user_name() == "Siti (operator)"
    assert ws.history(3)[-1].user == "Siti (operator)"
    assert ws.settings()["max_file_mb"] == 10


# -- change-log chain ---------------------------------------------------------------------------


def _fill_log(ws: Workspace) -> None:
    for sid, v in ((1, "Ya"), (2, "A"), (3, "Tidak"), (4, "B")):
        ws.set_answer(sid, v)
    assert ws.check().ok


def test_changelog_refuses_update_and_delete(ws: Workspace) -> None:
    _fill_log(ws)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws._conn.execute("UPDATE changelog SET new = 'Tidak' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws._conn.execute("DELETE FROM changelog WHERE id = 2")


def _raw(ws: Workspace) -> sqlite3.Connection:
    conn = sqlite3.connect(str(ws.path / "workspace.sqlite"), isolation_level=None)
    conn.execute("DROP TRIGGER changelog_no_update")
    conn.execute("DROP TRIGGER changelog_no_delete")
    return conn


def test_check_catches_a_tampered_entry(ws: Workspace) -> None:
    _fill_log(ws)
    conn = _raw(ws)
    conn.execute("UPDATE changelog SET new = 'Tidak' WHERE id = 2")
    conn.close()
    report = ws.check()
    assert not report.ok
    assert any("entri 2 diubah" in p for p in report.problems)


def test_check_catches_a_deleted_middle_entry(ws: Workspace) -> None:
    _fill_log(ws)
    conn = _raw(ws)
    conn.execute("DELETE FROM changelog WHERE id = 2")
    conn.close()
    problems = ws.check().problems
    assert any("hilang" in p for p in problems)
    assert any("rantai hash putus di entri 3" in p for p in problems)


def test_check_catches_a_deleted_last_entry(ws: Workspace) -> None:
    _fill_log(ws)
    conn = _raw(ws)
    conn.execute("DELETE FROM changelog WHERE id = 4")
    conn.close()
    problems = ws.check().problems
    assert "entri terakhir dihapus" in problems[0]
    # and the rest says what it means: the triggers are gone, the answer the entry set has no entry
    assert any("trigger changelog_no_delete" in p for p in problems)
    assert any(p.startswith("Soal 4 jawaban_unit") for p in problems), problems


def test_check_catches_a_rewritten_chain_without_the_head(ws: Workspace) -> None:
    # Someone edits an entry and recomputes its hash (but not every later one): still caught.
    from zi_desktop.workspace.store import _entry_hash

    _fill_log(ws)
    conn = _raw(ws)
    r = conn.execute(
        "SELECT id, at, user, soal_id, field, old, new, source, prev_hash FROM changelog WHERE id = 4"
    ).fetchone()
    forged = list(r[:8])
    forged[6] = "Tidak"
    conn.execute("UPDATE changelog SET new = 'Tidak', hash = ? WHERE id = 4", (_entry_hash(r[8], forged),))
    conn.close()
    assert any("ujung rantai" in p for p in ws.check().problems)


# -- evidence -----------------------------------------------------------------------------------


def test_a_3mb_file_on_two_questions_is_stored_once(ws: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "Laporan Kinerja 2025.pdf"
    src.write_bytes(os.urandom(3 * 1024 * 1024))
    seen: list[tuple[int, int]] = []
    a = ws.attach_files(1, [src], on_progress=lambda d, t: seen.append((d, t)))
    b = ws.attach_files(7, [src])
    again = ws.attach_files(1, [src])  # re-attached to the same soal: same item
    assert again[0].id == a[0].id
    blobs = [p for p in (ws.path / "blobs").rglob("*") if p.is_file()]
    assert len(blobs) == 1
    assert blobs[0].read_bytes() == src.read_bytes()
    assert a[0].sha256 == b[0].sha256 == blobs[0].name
    assert (a[0].name, a[0].size, a[0].mime, a[0].kind) == (
        "Laporan Kinerja 2025.pdf",
        3 * 1024 * 1024,
        "application/pdf",
        "file",
    )
    assert [e.soal_id for e in ws.evidence()] == [1, 7]
    assert seen[-1] == (3 * 1024 * 1024, 3 * 1024 * 1024)
    assert list((ws.path / "tmp").iterdir()) == []


def test_detach_keeps_the_file_until_gc(ws: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "sk.txt"
    src.write_text("Surat Keputusan Tim ZI")
    item = ws.attach_files(1, [src])[0]
    shared = ws.attach_files(2, [src])[0]
    keep = tmp_path / "lain.txt"
    keep.write_text("bukti lain")
    ws.attach_files(3, [keep])
    ws.detach(1, item.id)
    ws.detach(2, shared.id)
    blob = ws.blob_path(str(item.sha256))
    assert blob.is_file()
    os.utime(blob, (time.time() - 3600, time.time() - 3600))
    with pytest.raises(UserError, match="tidak terlampir"):
        ws.detach(1, item.id)
    assert ws.gc() == (1, len("Surat Keputusan Tim ZI"))
    assert not blob.exists()
    assert ws.blob_path(str(ws.evidence(3)[0].sha256)).is_file()
    assert [h.source for h in ws.history()][-2:] == ["lepas", "lepas"]
    assert ws.check().ok


def test_links_and_texts(ws: Workspace) -> None:
    link = ws.attach_link(5, " https://zi.example.go.id/bukti/5 ", "Foto kegiatan")
    text = ws.attach_text(5, "SK Kepala Kantor No. 12/2026\ntertanggal 2 Januari")
    assert (link.kind, link.url, link.name) == ("link", "https://zi.example.go.id/bukti/5", "Foto kegiatan")
    assert (text.kind, text.name) == ("text", "SK Kepala Kantor No. 12/2026")
    assert [e.id for e in ws.evidence(5)] == [link.id, text.id]
    with pytest.raises(UserError, match="kosong"):
        ws.attach_link(5, "  ")
    with pytest.raises(UserError, match="tidak sah"):
        ws.attach_link(5, "https://a b")


def test_missing_or_directory_source_is_refused_before_anything(ws: Workspace, tmp_path: Path) -> None:
    good = tmp_path / "ada.txt"
    good.write_text("ada")
    with pytest.raises(UserError, match="tidak ditemukan"):
        ws.attach_files(1, [good, tmp_path / "hilang.pdf"])
    with pytest.raises(UserError, match="adalah folder"):
        ws.attach_files(1, [tmp_path])
    assert ws.evidence() == [] and not any((ws.path / "blobs").rglob("*.*"))
    assert not [p for p in (ws.path / "blobs").rglob("*") if p.is_file()]


def test_source_changing_during_copy_is_refused(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_mod, "CHUNK", 1024)
    src = tmp_path / "sedang-disunting.docx"
    src.write_bytes(b"x" * 10_000)

    def grow(done: int, total: int) -> None:
        if done == 1024:
            with src.open("ab") as f:
                f.write(b"tambahan")

    with pytest.raises(UserError, match="berubah saat disalin"):
        ws.attach_files(1, [src], on_progress=grow)
    assert ws.evidence() == []
    assert not [p for p in (ws.path / "blobs").rglob("*") if p.is_file()]
    assert list((ws.path / "tmp").iterdir()) == []


def test_cancel_leaves_nothing(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence_mod, "CHUNK", 1024)
    src = tmp_path / "besar.bin"
    src.write_bytes(b"y" * 10_000)
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        ws.attach_files(1, [src], on_progress=lambda _d, _t: cancel.set(), cancel=cancel)
    assert ws.evidence() == [] and ws.history() == []
    assert list((ws.path / "tmp").iterdir()) == []


def test_check_finds_a_changed_or_missing_evidence_file(ws: Workspace, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("isi asli")
    b = tmp_path / "b.txt"
    b.write_text("isi lain")
    ia = ws.attach_files(1, [a])[0]
    ib = ws.attach_files(2, [b])[0]
    ws.blob_path(str(ia.sha256)).write_text("isi palsu")
    ws.blob_path(str(ib.sha256)).unlink()
    problems = ws.check().problems
    assert any("berubah isinya" in p for p in problems)
    assert any("hilang" in p for p in problems)


# -- import -------------------------------------------------------------------------------------


def test_import_summary_new_changed_unchanged(ws: Workspace, catalog: Any) -> None:
    ws.set_answer(1, "Ya")
    ws.set_answer(2, "A")
    rows = [
        AnswerRow(1, "Ya", None, None, None, None, frozenset({"jawaban_unit"})),
        AnswerRow(2, "C", None, None, None, None, frozenset({"jawaban_unit"})),
        AnswerRow(3, "Tidak", "Ya", "catatan", None, None),
    ]
    preview = ws.preview_import(rows)
    assert ws.answers() == {1: "Ya", 2: "A"}
    assert (preview.new, preview.changed, preview.unchanged) == ([3], [2], [1])
    assert (2, "jawaban_unit", "A", "C") in preview.changes
    applied = ws.apply_import(rows, source="/tmp/jawaban.json")
    assert applied == preview
    assert ws.answers() == {1: "Ya", 2: "C", 3: "Tidak"}
    assert ws.answers(tpi=True) == {3: "Ya"}
    assert {h.source for h in ws.history()[2:]} == {"impor:jawaban.json"}


def test_import_is_all_or_nothing(ws: Workspace, catalog: Any) -> None:
    ws.apply_import(full_rows(catalog, 0), source="a.json")
    before = snapshot(ws)
    rows = [*full_rows(catalog, 1), AnswerRow(99999, "Ya", None, None, None, None)]
    with pytest.raises(UserError, match="99999"):
        ws.apply_import(rows, source="b.json")
    assert snapshot(ws) == before


def test_full_disk_on_evidence_copy_changes_nothing(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.set_answer(1, "Ya")
    before = snapshot(ws)
    src = tmp_path / "foto.jpg"
    src.write_bytes(b"\xff\xd8" + os.urandom(5000))

    def full(*a: Any, **k: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(evidence_mod.os, "replace", full)
    with pytest.raises(UserError, match="disk penuh") as info:
        ws.attach_files(1, [src])
    assert str(ws.path) in str(info.value)
    monkeypatch.undo()
    assert snapshot(ws) == before
    assert not [p for p in (ws.path / "blobs").rglob("*") if p.is_file()]
    assert list((ws.path / "tmp").iterdir()) == []


def test_full_disk_in_the_database_changes_nothing(ws: Workspace, catalog: Any) -> None:
    ws.set_answer(1, "Ya")
    ws.set_setting("backup_every_minutes", 0)
    before = snapshot(ws)
    pages = ws._conn.execute("PRAGMA page_count").fetchone()[0]
    ws._conn.execute(f"PRAGMA max_page_count = {pages}")
    big = [AnswerRow(r.soal_id, r.jawaban_unit, None, "catatan panjang " * 400, None, None) for r in full_rows(catalog)]
    with pytest.raises(UserError, match="disk penuh"):
        ws.apply_import(big, source="besar.json")
    ws._conn.execute("PRAGMA max_page_count = 1073741823")
    assert snapshot(ws) == before
    assert ws.check().ok


# -- backups ------------------------------------------------------------------------------------


def _age(paths: list[Path], seconds: float) -> None:
    for p in paths:
        t = p.stat().st_mtime - seconds
        os.utime(p, (t, t))


def test_rolling_backups_at_most_every_n_minutes_keeping_the_last_few(ws: Workspace) -> None:
    ws.set_setting("backup_keep", 3)  # the first edit already made one backup
    rolling = lambda: sorted((ws.path / "backups").glob("rolling-*.sqlite"))  # noqa: E731
    assert len(rolling()) == 1
    ws.set_answer(1, "Ya")
    ws.set_answer(2, "A")
    assert len(rolling()) == 1  # within 10 minutes: no new copy
    first = rolling()[0]
    for i in range(4):
        _age(rolling(), 11 * 60)
        ws.set_answer(3, ("Ya", "Tidak")[i % 2])
    # the 3 newest, and the first of this hour (the schedule of backups.to_keep)
    assert len(rolling()) == 4
    assert rolling()[0] == first
    newest = sqlite3.connect(str(rolling()[-1]))
    try:
        assert newest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert newest.execute("SELECT jawaban_unit FROM answers WHERE soal_id = 2").fetchone()[0] == "A"
    finally:
        newest.close()


def test_read_only_workspace_refuses_writes(ws: Workspace) -> None:
    ws.set_answer(1, "Ya")
    with open_workspace(ws.path, read_only=True) as ro:
        assert ro.answers() == {1: "Ya"}
        with pytest.raises(UserError, match="hanya-baca"):
            ro.set_answer(2, "A")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(UserError, match="izin"):
            create_workspace(folder / "ws", unit_name="X")
    finally:
        folder.chmod(0o755)


def test_changed_since_export(ws: Workspace) -> None:
    ws.set_answer(1, "Ya")
    assert ws.changed_since_export() == set()  # never exported: nothing is "changed since" yet
    ws.mark_exported("2026-05-01T10:00:00+07:00")
    assert ws.last_export() == "2026-05-01T10:00:00+07:00"
    assert ws.changed_since_export() == set()
    ws.set_answer(4, "C")
    ws.attach_text(5, "bukti")
    assert ws.changed_since_export() == {4, 5}


def test_history_latest_gives_the_newest_entries_in_order(ws: Workspace) -> None:
    for note in ("satu", "dua", "tiga", "empat"):
        ws.set_note(1, note)
    ws.set_answer(2, "A")
    full = ws.history(1)
    assert [h.new for h in full] == ["satu", "dua", "tiga", "empat"]
    assert ws.history(1, latest=2) == full[-2:]
    assert ws.history(1, latest=10) == full
    assert ws.history(latest=1) == ws.history()[-1:]


def test_read_only_folder_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores chmod, so the read-only file system is simulated where the folder is made.
    def erofs(self: Path, *a: Any, **k: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", erofs)
    with pytest.raises(UserError, match="tidak ada izin menulis") as info:
        create_workspace(tmp_path / "ws", unit_name="X")
    assert str(tmp_path / "ws") in str(info.value)


def test_read_only_database_file_gives_a_clear_message(ws: Workspace) -> None:
    from zi_desktop.workspace.schema import connect

    ws.set_answer(1, "Ya")
    conn = connect(ws.path / "workspace.sqlite", read_only=True)
    w = Workspace(ws.path, conn)  # opened for writing, but the file cannot be written
    try:
        with pytest.raises(UserError, match="tidak dapat ditulis"):
            w.set_answer(2, "B")
    finally:
        w.close()
    assert ws.answers() == {1: "Ya"}


def test_a_failed_init_leaves_nothing_so_a_retry_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zi_desktop.workspace.store as store_mod

    real = store_mod.os.replace

    def full(*a: Any, **k: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_mod.os, "replace", full)
    with pytest.raises(UserError, match="disk penuh"):
        create_workspace(tmp_path / "ws", unit_name="X")
    assert not (tmp_path / "ws").exists()
    monkeypatch.setattr(store_mod.os, "replace", real)
    create_workspace(tmp_path / "ws", unit_name="X").close()
    assert is_workspace(tmp_path / "ws")


def test_reattach_brings_a_detached_item_back_from_its_blob(ws: Workspace, tmp_path: Path) -> None:
    """The undo of a removal: the store re-links the blob it kept (no copy through a temp file)."""
    src = tmp_path / "SK Tim.pdf"
    src.write_bytes(b"%PDF-1.4 sk tim")
    [item] = ws.attach_files(3, [src])
    link = ws.attach_link(3, "https://drive.example.go.id/3", "Folder")
    ws.detach(3, item.id)
    ws.detach(3, link.id)
    src.unlink()  # the original is gone: the blob is what comes back
    again = ws.reattach(3, item)
    assert (again.name, again.sha256, again.size, again.kind) == (item.name, item.sha256, item.size, "file")
    assert ws.reattach(3, link).url == link.url
    assert {e.id for e in ws.evidence(3)} == {again.id, ws.evidence(3)[-1].id} and len(ws.evidence(3)) == 2
    assert ws.check().ok


def test_reattach_after_gc_says_the_file_is_gone_and_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF-1.4 a")
    [item] = ws.attach_files(4, [src])
    ws.detach(4, item.id)
    ws.blob_path(item.sha256).unlink()  # what gc does once the grace period is over
    before = snapshot(ws)
    with pytest.raises(UserError, match=r"berkas bukti a\.pdf sudah dihapus dari workspace \(gc\)"):
        ws.reattach(4, item)
    assert snapshot(ws) == before
