"""The hub folder: like a workspace, for the coordinator of an instansi.

    hub.sqlite   the units, every bundle added (one current per unit), their answers and evidence
                 files, the proposals, and the access log of the API
    blobs/       evidence files of all units, stored once by sha256 (`blobs/<aa>/<sha256>`)
    tmp/         files being copied in

Crash guarantees, as in the workspace: a blob is written to `tmp/`, fsynced and renamed before any
row names it; every action (`add`, `usulkan`) is one SQLite transaction (WAL, synchronous=FULL), so a
reader (the API) sees the hub before or after it, never half of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from zi_desktop.errors import UserError
from zi_desktop.lke.catalog import Catalog, load_catalog
from zi_desktop.workspace.blobs import blob_path, os_error

DB_NAME = "hub.sqlite"
FORMAT = "zi-desktop-hub"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 5.0

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE bundles (
    id INTEGER PRIMARY KEY,
    manifest_sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    unit_id TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    tahun INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    added_at TEXT NOT NULL,
    app_version TEXT,
    summary TEXT NOT NULL
);
CREATE INDEX bundles_unit ON bundles(unit_id);
CREATE TABLE answers (
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    soal_id INTEGER NOT NULL,
    jawaban_unit TEXT, jawaban_tpi TEXT, catatan_unit TEXT, bukti_dukung_unit TEXT, catatan_tpi TEXT,
    PRIMARY KEY (bundle_id, soal_id)
) WITHOUT ROWID;
CREATE TABLE files (
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    token TEXT NOT NULL UNIQUE,
    PRIMARY KEY (bundle_id, path)
);
CREATE TABLE units (
    unit_id TEXT PRIMARY KEY,
    current_bundle INTEGER NOT NULL REFERENCES bundles(id),
    changed_at TEXT NOT NULL
);
CREATE TABLE proposals (
    unit_id TEXT PRIMARY KEY REFERENCES units(unit_id),
    kategori TEXT NOT NULL,
    afirmasi INTEGER NOT NULL,
    proposed_at TEXT NOT NULL,
    forced INTEGER NOT NULL,
    lacking TEXT NOT NULL
);
CREATE TABLE access_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    client TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    unit_id TEXT,
    status INTEGER NOT NULL,
    code TEXT
);
CREATE INDEX access_unit ON access_log(unit_id, endpoint, status);
"""


def now() -> str:
    """UTC, microseconds: comparable as text, and two actions a moment apart are told apart."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def is_hub(path: Path | str) -> bool:
    return (Path(path) / DB_NAME).is_file()


def _connect(db: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(
            db.resolve().as_uri() + "?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
        )
    else:
        conn = sqlite3.connect(str(db), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def hub_error(exc: sqlite3.Error, place: Path) -> UserError:
    """One plain line for a SQLite failure on the hub, by SQLite's error code."""
    code = getattr(exc, "sqlite_errorcode", None)
    base = code & 0xFF if isinstance(code, int) else None
    if base in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return UserError(f"hub {place} sedang dipakai proses lain; tunggu sebentar lalu coba lagi")
    if base == sqlite3.SQLITE_FULL:
        return UserError(f"disk penuh saat menyimpan ke hub {place}; kosongkan ruang disk lalu coba lagi")
    if base == sqlite3.SQLITE_READONLY:
        return UserError(f"hub {place} tidak dapat ditulis (folder atau berkas hanya-baca)")
    if base in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return UserError(f"database hub {place} rusak atau bukan hub ZI Desktop")
    if base == sqlite3.SQLITE_CANTOPEN:
        return UserError(f"hub {place} tidak dapat dibuka (izin akses atau folder hilang?)")
    return UserError(f"galat database hub {place}: {exc}")


def create_hub(path: Path | str, *, instansi: str, tahun: int) -> Hub:
    """Make a new hub folder (an existing hub or a non-empty folder is refused)."""
    root = Path(path)
    instansi = " ".join(instansi.split())
    if not instansi:
        raise UserError("nama instansi tidak boleh kosong")
    catalog = load_catalog(tahun)
    if is_hub(root):
        raise UserError(f"sudah ada hub di {root}; tidak ditimpa")
    if root.exists() and not root.is_dir():
        raise UserError(f"{root} sudah ada dan bukan folder")
    if root.is_dir() and any(root.iterdir()):
        raise UserError(f"folder {root} tidak kosong; pilih folder baru untuk hub")
    try:
        for sub in ("", "blobs", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        tmp = root / "tmp" / (DB_NAME + ".new")
        tmp.unlink(missing_ok=True)
        conn = _connect(tmp)
        try:
            conn.execute("BEGIN")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            meta = {
                "format": FORMAT,
                "instansi": instansi,
                "tahun": str(catalog.tahun),
                "catalog_id": catalog.catalog_id,
                "created_at": now(),
            }
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", list(meta.items()))
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        os.replace(tmp, root / DB_NAME)
    except OSError as exc:
        raise os_error(exc, root) from None
    except sqlite3.Error as exc:
        raise hub_error(exc, root) from None
    return open_hub(root)


def open_hub(path: Path | str, *, read_only: bool = False) -> Hub:
    root = Path(path)
    if not is_hub(root):
        if root.is_dir() and (root / "workspace.sqlite").is_file():
            raise UserError(f"{root} adalah workspace satker, bukan hub instansi (buat hub: zi-desktop hub init)")
        raise UserError(f"{root} bukan hub ZI Desktop (buat dengan: zi-desktop hub init {root} --instansi NAMA)")
    try:
        conn = _connect(root / DB_NAME, read_only=read_only)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            conn.close()
            raise UserError(f"hub {root} dibuat oleh versi ZI Desktop yang lebih baru; perbarui aplikasi")
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error as exc:
        raise hub_error(exc, root) from None
    if meta.get("format") != FORMAT:
        conn.close()
        raise UserError(f"{root} bukan hub ZI Desktop (format tidak dikenal)")
    return Hub(root, conn, meta, read_only=read_only)


class Hub:
    """An open hub. One writer connection; `reader()` gives each thread its own connection."""

    def __init__(self, root: Path, conn: sqlite3.Connection, meta: dict[str, str], *, read_only: bool) -> None:
        self.path = root
        self._conn = conn
        self._lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self.read_only = read_only
        self.instansi: str = meta.get("instansi", "")
        self.tahun: int = int(meta.get("tahun") or 2026)
        self.catalog: Catalog = load_catalog(self.tahun)

    # -- life cycle -------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            for c in self._readers:
                with contextlib.suppress(sqlite3.Error):
                    c.close()
            self._readers.clear()
            self._conn.close()

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def blob_path(self, sha256: str) -> Path:
        return blob_path(self.path, sha256)

    # -- transactions -----------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One action = one transaction (BEGIN IMMEDIATE ... COMMIT, rolled back on any failure)."""
        if self.read_only:
            raise UserError(f"hub {self.path} dibuka hanya-baca")
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise hub_error(exc, self.path) from None
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise hub_error(exc, self.path) from None
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot (one read transaction) on this thread's own connection."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = _connect(self.path / DB_NAME, read_only=True)
                conn.execute("PRAGMA query_only = ON")
            except sqlite3.Error as exc:
                raise hub_error(exc, self.path) from None
            self._local.conn = conn
            with self._lock:
                self._readers.append(conn)
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise hub_error(exc, self.path) from None

    # -- queries ----------------------------------------------------------------------------
    def units(self) -> list[dict[str, Any]]:
        """Every unit with its current bundle, proposal and last fetch (the recap's raw material)."""
        with self.reading() as conn:
            rows = conn.execute(
                """
                SELECT u.unit_id, b.unit_name, b.id, b.created_at, b.added_at, b.file_name, b.summary,
                       u.changed_at, p.kategori, p.afirmasi, p.forced, p.lacking,
                       (SELECT COUNT(*) FROM bundles o WHERE o.unit_id = u.unit_id) AS n_bundles,
                       (SELECT MAX(at) FROM access_log a
                         WHERE a.unit_id = u.unit_id AND a.endpoint = 'jawaban-unit' AND a.status = 200) AS fetched
                FROM units u JOIN bundles b ON b.id = u.current_bundle
                LEFT JOIN proposals p ON p.unit_id = u.unit_id
                ORDER BY u.unit_id
                """
            ).fetchall()
        keys = (
            "unit_id",
            "nama",
            "bundle_id",
            "created_at",
            "added_at",
            "file_name",
            "summary",
            "changed_at",
            "kategori",
            "afirmasi",
            "forced",
            "lacking",
            "bundles",
            "last_fetch",
        )
        out = []
        for r in rows:
            d = dict(zip(keys, r, strict=True))
            d["summary"] = json.loads(d["summary"])
            d["lacking"] = json.loads(d["lacking"]) if d["lacking"] else []
            d["afirmasi"] = bool(d["afirmasi"]) if d["afirmasi"] is not None else None
            out.append(d)
        return out

    def bundles(self, unit_id: str | None = None) -> list[dict[str, Any]]:
        """Every bundle added (current or earlier), newest first."""
        sql = (
            "SELECT b.id, b.unit_id, b.unit_name, b.created_at, b.added_at, b.file_name, b.size, "
            "(u.current_bundle = b.id) FROM bundles b LEFT JOIN units u ON u.unit_id = b.unit_id"
        )
        params: tuple[Any, ...] = ()
        if unit_id is not None:
            sql += " WHERE b.unit_id = ?"
            params = (unit_id,)
        with self.reading() as conn:
            rows = conn.execute(sql + " ORDER BY b.unit_id, b.created_at DESC", params).fetchall()
        keys = ("id", "unit_id", "nama", "created_at", "added_at", "file_name", "size", "current")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def access_log(self, limit: int = 100) -> list[dict[str, Any]]:
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT at, client, endpoint, unit_id, status, code FROM access_log ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        keys = ("at", "client", "endpoint", "unit_id", "status", "code")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def log_requests(self, entries: list[tuple[str, str, str, str | None, int, str | None]]) -> None:
        """Append access-log entries (at, client, endpoint, unit_id, status, code) in one transaction."""
        if not entries:
            return
        with self.writing() as conn:
            conn.executemany(
                "INSERT INTO access_log(at, client, endpoint, unit_id, status, code) VALUES (?, ?, ?, ?, ?, ?)",
                entries,
            )

    def data_version(self) -> int:
        """Changes when another connection commits (the app polls it to refresh)."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
