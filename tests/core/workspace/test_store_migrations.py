"""Schema versions: a new database, an older one (built by hand as v1 looked), a newer one."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.errors import UserError
from zi_desktop.workspace import schema as db_schema
from zi_desktop.workspace.schema import MIGRATIONS, SCHEMA_VERSION
from zi_desktop.workspace.store import create_workspace, open_workspace

V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE answers (
    soal_id INTEGER PRIMARY KEY, jawaban_unit, jawaban_tpi,
    catatan_unit TEXT, catatan_tpi TEXT, bukti_dukung_unit TEXT, updated_at TEXT
);
CREATE TABLE changelog (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, soal_id INTEGER, field TEXT NOT NULL,
    old TEXT, new TEXT, source TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX changelog_soal ON changelog(soal_id);
CREATE TRIGGER changelog_no_update BEFORE UPDATE ON changelog
    BEGIN SELECT RAISE(ABORT, 'changelog is append-only'); END;
CREATE TRIGGER changelog_no_delete BEFORE DELETE ON changelog
    BEGIN SELECT RAISE(ABORT, 'changelog is append-only'); END;
PRAGMA user_version = 1;
"""


def make_v1(root: Path, catalog: Any) -> None:
    """A workspace as version 1 of the app wrote it: answers and log, no evidence tables yet."""
    root.mkdir()
    conn = sqlite3.connect(str(root / "workspace.sqlite"), isolation_level=None)
    conn.executescript(V1_SCHEMA)
    at = "2026-02-01T09:00:00+07:00"
    entries = [
        [1, at, "budi", 1, "jawaban_unit", None, "Ya", "isian"],
        [2, at, "budi", 1, "catatan_unit", None, "lama", "isian"],  # v1 logged notes too
    ]
    rows = []
    h = "0" * 64
    for content in entries:
        prev = h
        h = hashlib.sha256((prev + json.dumps(content, ensure_ascii=False, separators=(",", ":"))).encode()).hexdigest()
        rows.append((*content, prev, h))
    meta = {
        "unit_name": "Kantor Lama",
        "unit_id": "",
        "year": "2026",
        "target": "WBK",
        "catalog_id": catalog.catalog_id,
        "catalog_checksum": catalog.checksum,
        "log_head": h,
        "log_count": str(len(rows)),
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
    conn.execute(
        "INSERT INTO answers(soal_id, jawaban_unit, catatan_unit, updated_at) VALUES (1, 'Ya', 'lama', ?)", (at,)
    )
    conn.executemany("INSERT INTO changelog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted(
        (r[0], " ".join(r[1].split()))
        for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")
    )


def test_migration_list_is_ordered_and_complete() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2
    assert [m.__name__ for m in MIGRATIONS] == ["_m1_initial", "_m2_evidence", "_m3_team", "_m4_review"]


def test_new_workspace_gets_the_current_schema(tmp_path: Path) -> None:
    with create_workspace(tmp_path / "ws", unit_name="Baru") as ws:
        assert ws._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in ws._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {
            "meta",
            "answers",
            "changelog",
            "settings",
            "blobs",
            "evidence",
            "team_assignments",
            "team_packets",
            "team_conflicts",
            "review_tiers",
            "review_answers",
            "review_status",
            "review_responses",
        } <= tables
        applied = [r[0] for r in ws._conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == [
            "v1_initial",
            "v2_evidence",
            "v3_team",
            "v4_review",
        ]  # sqlite-utils' own record of the migration set
    assert not list((tmp_path / "ws" / "backups").glob("sebelum-migrasi-*"))


def test_v1_workspace_is_backed_up_then_migrated(tmp_path: Path, catalog: Any) -> None:
    root = tmp_path / "lama"
    make_v1(root, catalog)
    with open_workspace(root) as ws:
        assert ws._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert ws.unit_name == "Kantor Lama"
        assert ws.answers() == {1: "Ya"}
        assert ws.record(1).catatan_unit == "lama"
        assert ws.check().ok  # the v1 log entry still verifies
        src = tmp_path / "bukti.txt"
        src.write_text("bukti baru")
        ws.attach_files(1, [src])
        ws.set_answer(1, "Tidak")
        assert [h.user for h in ws.history()][0] == "budi"
        assert ws.check().ok
        # v1 predates the migration record: it is adopted as applied, and only v2 ran
        applied = [r[0] for r in ws._conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == ["v1_initial", "v2_evidence", "v3_team", "v4_review"]
        migrated = schema(ws._conn)
    backups = list((root / "backups").glob("sebelum-migrasi-v1-*.sqlite"))
    assert len(backups) == 1
    old = sqlite3.connect(str(backups[0]))
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT jawaban_unit FROM answers WHERE soal_id = 1").fetchone()[0] == "Ya"
        assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        old.close()
    with create_workspace(tmp_path / "segar", unit_name="Segar") as fresh:
        assert migrated == schema(fresh._conn)


def test_a_newer_workspace_is_refused_and_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "baru"
    create_workspace(root, unit_name="Dari Masa Depan").close()
    conn = sqlite3.connect(str(root / "workspace.sqlite"))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = (root / "workspace.sqlite").read_bytes()
    with pytest.raises(UserError, match="lebih baru") as info:
        open_workspace(root)
    assert "perbarui aplikasi" in str(info.value)
    with pytest.raises(UserError, match="lebih baru"):
        open_workspace(root, read_only=True)
    assert (root / "workspace.sqlite").read_bytes() == before
    assert not list((root / "backups").iterdir())


def test_a_failing_migration_leaves_the_old_version(
    tmp_path: Path, catalog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lama"
    make_v1(root, catalog)

    def broken(db: Any) -> None:
        db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]  # classified by code
        raise full

    monkeypatch.setattr(db_schema, "MIGRATIONS", (db_schema._m1_initial, broken))
    with pytest.raises(UserError, match="disk penuh"):
        open_workspace(root)
    conn = sqlite3.connect(str(root / "workspace.sqlite"))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'settings'").fetchone()[0] == 0
    finally:
        conn.close()
    monkeypatch.undo()
    with open_workspace(root) as ws:
        assert ws.answers() == {1: "Ya"}
