"""The workspace database: connection settings, schema versions and migrations, backups.

Schema versions are an ordered list of migrations, run as a sqlite-utils `Migrations` set (which
records each applied migration by name) inside one BEGIN IMMEDIATE transaction; `PRAGMA
user_version` mirrors the count, so an up-to-date or newer database is recognised without loading
sqlite-utils at all (opening a workspace stays fast). A database from a newer app is refused; an
older one is copied with SQLite's backup API before it is migrated.
Day-to-day writes use plain sqlite3 with BEGIN IMMEDIATE (see store.py), so that two processes
queue for the write lock instead of deadlocking on a lock upgrade.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from zi_desktop import __version__
from zi_desktop.errors import UserError

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

BUSY_TIMEOUT = 5.0


def _m1_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE answers (
            soal_id INTEGER PRIMARY KEY,
            jawaban_unit, jawaban_tpi,
            catatan_unit TEXT, catatan_tpi TEXT, bukti_dukung_unit TEXT,
            updated_at TEXT
        );
        CREATE TABLE changelog (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL, user TEXT NOT NULL, soal_id INTEGER, field TEXT NOT NULL,
            old TEXT, new TEXT, source TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
        );
        CREATE INDEX changelog_soal ON changelog(soal_id);
        CREATE TRIGGER changelog_no_update BEFORE UPDATE ON changelog
            BEGIN SELECT RAISE(ABORT, 'changelog is append-only'); END;
        CREATE TRIGGER changelog_no_delete BEFORE DELETE ON changelog
            BEGIN SELECT RAISE(ABORT, 'changelog is append-only'); END;
        """
    )


def _m2_evidence(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, added_at TEXT NOT NULL);
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            soal_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('file', 'link', 'text')),
            name TEXT NOT NULL,
            sha256 TEXT REFERENCES blobs(sha256),
            size INTEGER, mime TEXT, url TEXT, text TEXT,
            added_at TEXT NOT NULL, added_by TEXT NOT NULL
        );
        CREATE INDEX evidence_soal ON evidence(soal_id);
        CREATE INDEX evidence_sha ON evidence(sha256);
        """
    )


def _m3_team(db: Database) -> None:
    """Team work (issue 14): who is in charge of what, packets made/opened/sent/received, and the
    queue of conflicts a merge found."""
    db.executescript(
        """
        CREATE TABLE team_assignments (
            scope TEXT NOT NULL CHECK (scope IN ('area', 'sub_area', 'soal')),
            ref INTEGER NOT NULL,
            pic TEXT NOT NULL,
            set_at TEXT NOT NULL, set_by TEXT NOT NULL,
            PRIMARY KEY (scope, ref)
        );
        CREATE TABLE team_packets (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('dibuat', 'dibuka', 'dikirim', 'diterima')),
            packet_id TEXT NOT NULL,
            pic TEXT NOT NULL,
            soal TEXT NOT NULL,
            base TEXT,
            base_sha256 TEXT,
            last_theirs TEXT,
            seq INTEGER,
            origin TEXT,
            at TEXT NOT NULL, by TEXT NOT NULL,
            summary TEXT
        );
        CREATE INDEX team_packets_packet ON team_packets(packet_id);
        CREATE TABLE team_conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            soal_id INTEGER NOT NULL,
            field TEXT NOT NULL,
            base TEXT, ours TEXT, theirs TEXT,
            ours_by TEXT, ours_at TEXT, theirs_by TEXT NOT NULL, theirs_at TEXT,
            packet_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            settled_at TEXT, settled_by TEXT, settled_value TEXT, settled_how TEXT
        );
        CREATE INDEX team_conflicts_open ON team_conflicts(soal_id, field) WHERE settled_at IS NULL;
        """
    )


def _m4_review(db: Database) -> None:
    """The TPI review (workspace/review.py): per-tier answers and statuses, area notes,
    recommendations, the unit's responses and revision counts, and what the unit changed since."""
    db.executescript(
        """
        CREATE TABLE review_tiers (
            tier TEXT PRIMARY KEY, position INTEGER NOT NULL, reviewer TEXT NOT NULL,
            bundle_hash TEXT NOT NULL, bundle_created_at TEXT, packet_hash TEXT,
            reviewed_at TEXT, imported_at TEXT
        );
        CREATE TABLE review_answers (
            tier TEXT NOT NULL REFERENCES review_tiers(tier) ON DELETE CASCADE,
            soal_id INTEGER NOT NULL,
            jawaban, catatan TEXT,
            status TEXT NOT NULL DEFAULT 'belum direviu'
                CHECK (status IN ('belum direviu', 'sesuai', 'perlu perbaikan')),
            unit_changed INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tier, soal_id)
        );
        CREATE TABLE review_status (
            soal_id INTEGER PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('belum direviu', 'sesuai', 'perlu perbaikan'))
        );
        CREATE TABLE review_area_notes (tier TEXT NOT NULL, area TEXT NOT NULL, note TEXT NOT NULL,
            PRIMARY KEY (tier, area));
        CREATE TABLE review_recommendations (tier TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (tier, position));
        CREATE TABLE review_responses (
            soal_id INTEGER PRIMARY KEY, tanggapan TEXT, revisions INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE review_unit_changes (
            soal_id INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT
        );
        CREATE INDEX review_unit_changes_soal ON review_unit_changes(soal_id);
        """
    )


# Ordered: MIGRATIONS[i] takes the schema from version i to i + 1. They run as one sqlite-utils
# migration set (recorded by name in its `_sqlite_migrations` table); PRAGMA user_version mirrors
# the count, so a newer database is recognised without loading sqlite-utils.
MIGRATIONS: tuple[Callable[[Database], None], ...] = (_m1_initial, _m2_evidence, _m3_team, _m4_review)
SCHEMA_VERSION = len(MIGRATIONS)
MIGRATION_SET = "zi-desktop"


def migration_name(index: int) -> str:
    """The name a migration is recorded under: its version and its function ("v2_evidence")."""
    return f"v{index + 1}_{MIGRATIONS[index].__name__.split('_', 2)[-1]}"


def _migration_set() -> Migrations:
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for i, fn in enumerate(MIGRATIONS):
        migrations(name=migration_name(i))(fn)
    return migrations


def _adopt(db: Database, migrations: Migrations, version: int) -> None:
    """A database from before the migration set was recorded (user_version only): record the
    migrations its version says it has, so sqlite-utils applies only the rest."""
    table = db.table(migrations.migrations_table)
    if version == 0 or table.exists():
        return
    migrations.ensure_migrations_table(db)
    now = str(datetime.now().astimezone())
    table.insert_all(
        {"migration_set": MIGRATION_SET, "name": migration_name(i), "applied_at": now} for i in range(version)
    )


class WorkspaceDamaged(UserError):
    """The workspace database is damaged, empty, or no longer a workspace: it is refused (never
    recreated or migrated over), and the message points to the restore command."""

    def __init__(self, root: Path, what: str) -> None:
        self.root = root
        self.what = what
        super().__init__(
            f"database workspace {root} rusak ({what}); tidak dibuka agar tidak tertimpa. "
            f"Pulihkan dari cadangan dengan: zi-desktop pulihkan {root}"
        )


# SQLite result codes (the primary code, `sqlite_errorcode & 0xFF`) that mean the environment, not
# the program: each becomes one plain line for the user. Anything else (no such table, a bad query,
# a constraint the code should have kept) is a bug and propagates unchanged: exit 1, traceback logged.
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_PROTOCOL)
_FULL = (sqlite3.SQLITE_FULL,)
_READONLY = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH)
_CORRUPT = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_CANTOPEN = (sqlite3.SQLITE_CANTOPEN,)
_IOERR = (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_NOLFS)


def error_code(exc: BaseException) -> int | None:
    """The primary SQLite result code of `exc` (None when SQLite gave none)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return int(code) & 0xFF if isinstance(code, int) else None


def is_environment_error(exc: BaseException) -> bool:
    """True for SQLite failures a person can act on (disk full, read-only, busy, corrupt, ...)."""
    return error_code(exc) in (*_BUSY, *_FULL, *_READONLY, *_CORRUPT, *_CANTOPEN, *_IOERR)


def db_error(exc: sqlite3.Error, place: Path) -> Exception:
    """One plain Indonesian line (a UserError) for a SQLite failure of the environment on the
    workspace at `place`, classified by its result code; any other SQLite error is returned as it
    is, so `raise db_error(exc, place)` lets a bug through with its traceback."""
    code = error_code(exc)
    if code in _BUSY:
        return UserError(f"workspace sedang dipakai proses lain; tunggu sebentar lalu coba lagi ({place})")
    if code in _FULL:
        return UserError(f"disk penuh saat menyimpan ke workspace {place}; kosongkan ruang disk lalu coba lagi")
    if code in _READONLY:
        return UserError(f"workspace {place} tidak dapat ditulis (folder atau berkas hanya-baca)")
    if code in _CORRUPT:
        return WorkspaceDamaged(place, "berkas rusak atau bukan database ZI Desktop")
    if code in _CANTOPEN:
        return UserError(f"workspace {place} tidak dapat dibuka (izin akses, folder hilang, atau hanya-baca?)")
    if code in _IOERR:
        return UserError(f"galat baca/tulis disk pada workspace {place} (disk penuh, dicabut, atau rusak?)")
    return exc


def connect(db_file: Path, *, read_only: bool = False, immutable: bool = False) -> sqlite3.Connection:
    """A connection with the workspace's settings. `immutable` (read-only media: a CD, a USB stick
    switched to read-only) reads the file without the WAL index it could not create there."""
    if read_only:
        uri = db_file.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(db_file), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def backup_db(conn: sqlite3.Connection, dest: Path) -> None:
    """Copy the live database to `dest` with the SQLite backup API (written under a temporary name,
    then renamed, so a half-written backup never looks like a backup)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    target = sqlite3.connect(str(tmp))
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    os.replace(tmp, dest)


def migrate(conn: sqlite3.Connection, root: Path) -> None:
    """Bring the database to SCHEMA_VERSION; newer is refused, older is backed up first."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise UserError(
            f"workspace {root} dibuat oleh ZI Desktop yang lebih baru (skema {version}, versi ini "
            f"{__version__} hanya mengenal sampai {SCHEMA_VERSION}); perbarui aplikasi untuk membukanya"
        )
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_db(conn, root / "backups" / f"sebelum-migrasi-v{version}-{stamp}.sqlite")
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    migrations = _migration_set()
    conn.execute("BEGIN IMMEDIATE")  # one transaction: each migration runs in a savepoint inside it
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])  # another process may have won
        _adopt(db, migrations, version)
        migrations.apply(db)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
