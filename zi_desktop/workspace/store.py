"""The workspace: a local SQLite store for answers, notes, evidence and their history.

A workspace is a folder::

    workspace.sqlite (+ -wal, -shm)   answers, evidence items, settings, change log
    blobs/<aa>/<sha256>               evidence files, stored once by content (see evidence.py)
    backups/                          copies of the database (before a migration, and rolling)
    tmp/                              files being copied in

Rules the code keeps:

- WAL journal, foreign keys on, `synchronous=FULL`, busy timeout 5 s. Every user action is one
  `BEGIN IMMEDIATE` transaction (the write lock is taken up front, so two processes queue instead
  of deadlocking); a workspace still locked after the timeout is a `UserError`.
- Every change of an answer, note or evidence item appends a change-log entry in the same
  transaction. Each entry stores sha256(previous hash + its own content) and the head of the chain
  is kept in `meta`, so `check` finds an edited, inserted or deleted entry. Triggers refuse
  UPDATE/DELETE on the log.
- Schema versions and migrations live in `schema.py` (a sqlite-utils `Migrations` set, mirrored in
  `PRAGMA user_version`): a newer database is refused; an older one is copied to `backups/`
  (SQLite backup API) and migrated.
- Full disk, read-only folder, lock: translated into one-line Indonesian `UserError`s; the
  transaction is rolled back, so nothing is half-written.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from zi_desktop import __version__
from zi_desktop.errors import AnswerError, Cancelled, UserError
from zi_desktop.lazy_re import compile_later
from zi_desktop.lke.answers import (
    ANSWER_FIELDS,
    TEXT_FIELDS,
    AnswerRow,
    Value,
    format_value,
    parse_answer,
    soal_or_error,
)
from zi_desktop.lke.catalog import PREDICATES, Catalog, load_catalog
from zi_desktop.lke.scoring import ScoreResult, score
from zi_desktop.records import dataclass
from zi_desktop.records import field as _field
from zi_desktop.workspace.blobs import (
    Pending,
    ProgressFn,
    blob_path,
    check_source,
    clean_stale_parts,
    clean_tmp,
    copy_many,
    hash_file,
    os_error,
    place,
    session_lock,
    stored_blobs,
    sync_dirs,
    verified_blob,
)
from zi_desktop.workspace.schema import WorkspaceDamaged, backup_db, connect, db_error, error_code, migrate
from zi_desktop.workspace.settings import effective

if TYPE_CHECKING:
    from zi_desktop.workspace.backups import Restored

# Loaded where used, not here, so that a command reading a workspace starts at once (issue 15):
# backups (restore, rotate), readiness (unit_id_problem), getpass, logging.

DB_NAME = "workspace.sqlite"
GC_GRACE_SECONDS = 60.0  # a blob younger than this may be an attach in progress in another process
MAX_LINK = 2000
MAX_EVIDENCE_TEXT = 5000
DISK_RESERVE = 50 * 1024 * 1024  # left free after an attach, so the database can still grow
BACKUP_RESERVE = 10 * 1024 * 1024  # left free after a rolling backup, so the edits can still be saved
GENESIS = "0" * 64
_RECORD_COLUMNS = ", ".join(("soal_id", *ANSWER_FIELDS, "updated_at"))  # AnswerRecord's fields, in order
UNSET: Any = object()  # "leave this field alone" for Workspace.edit


# -- result types -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerRecord:
    soal_id: int
    jawaban_unit: Value | None = None
    jawaban_tpi: Value | None = None  # the fields in ANSWER_FIELDS order (the SELECTs below rely on it)
    catatan_unit: str | None = None
    bukti_dukung_unit: str | None = None
    catatan_tpi: str | None = None
    updated_at: str | None = None

    def get(self, field: str) -> Any:
        return getattr(self, field)

    @property
    def empty(self) -> bool:
        return all(self.get(f) is None for f in ANSWER_FIELDS)


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    soal_id: int
    kind: str  # "file" | "link" | "text"
    name: str
    sha256: str | None
    size: int | None
    mime: str | None
    url: str | None
    text: str | None
    added_at: str
    added_by: str

    def describe(self) -> str:
        if self.kind == "file":
            return f"{self.name} ({self.size} bita, {str(self.sha256)[:12]})"
        if self.kind == "link":
            return f"{self.url}" + (f" ({self.name})" if self.name and self.name != self.url else "")
        return str(self.text)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    user: str
    soal_id: int | None
    field: str
    old: str | None
    new: str | None
    source: str
    hash: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import does (or, previewed, would do). `changes` lists every field it writes; of
    those, `cleared` empties a field that had a value and `overwritten` replaces a value with
    another. `kept_blank` are blank cells (null in JSON) that left a value alone because clearing
    was not asked for; `kept_later` are values a field had just before its latest edit by hand (the
    file was made before that edit, e.g. a workbook sent back by the TPI): the edit is kept."""

    new: list[int]
    changed: list[int]
    unchanged: list[int]
    changes: list[tuple[int, str, str | None, str | None]]
    cleared: list[tuple[int, str, str | None]] = _field(default_factory=list)
    overwritten: list[tuple[int, str, str | None, str | None]] = _field(default_factory=list)
    kept_blank: list[tuple[int, str, str | None]] = _field(default_factory=list)
    kept_later: list[tuple[int, str, str | None, str | None]] = _field(default_factory=list)


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


# -- helpers ------------------------------------------------------------------------------------


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name known (no pwd entry, no env variable)
        return "pengguna"


def _value_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_value(v)
    return str(v)


def _entry_hash(prev: str, content: Sequence[Any]) -> str:
    import hashlib  # where used (as secrets below): opening a workspace hashes nothing (issue 15)

    body = json.dumps(list(content), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def is_workspace(path: Path | str) -> bool:
    return (Path(path) / DB_NAME).is_file()


# -- create / open ------------------------------------------------------------------------------


def default_unit_id(unit_name: str) -> str:
    """A readable PortalRB unit id from the unit's name ("Kantor Contoh" -> "KANTOR-CONTOH")."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", unit_name).strip("-").upper()
    return slug[:60] or "UNIT"


def create_workspace(
    path: Path | str,
    *,
    unit_name: str,
    year: int = 2026,
    target: str = "WBK",
    unit_id: str | None = None,
) -> Workspace:
    """Make a new workspace folder at `path`; an existing workspace or non-empty folder is refused."""
    root = Path(path)
    unit_name = unit_name.strip()
    if not unit_name:
        raise UserError("nama unit tidak boleh kosong")
    if target not in PREDICATES:
        raise UserError(f"predikat sasaran '{target}' tidak dikenal; pilih {' atau '.join(PREDICATES)}")
    catalog = load_catalog(year)
    if is_workspace(root):
        raise UserError(f"sudah ada workspace di {root}; tidak ditimpa")
    if root.exists() and not root.is_dir():
        raise UserError(f"{root} sudah ada dan bukan folder")
    if root.is_dir() and any(root.iterdir()):
        raise UserError(f"folder {root} tidak kosong; pilih folder baru untuk workspace")
    made_root = not root.exists()
    try:
        for sub in ("", "blobs", "backups", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        # Built under a temporary name and renamed: a half-made database never looks like a workspace.
        tmp = root / "tmp" / (DB_NAME + ".new")
        if tmp.exists():
            tmp.unlink()
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, root)
            at = now()
            meta = {
                "unit_name": unit_name,
                "unit_id": _checked_unit_id(unit_id) if unit_id else "",
                "year": str(catalog.tahun),
                "target": target,
                "catalog_id": catalog.catalog_id,
                "catalog_checksum": catalog.checksum,
                "created_at": at,
                "created_by_app": __version__,
                "log_head": GENESIS,
                "log_count": "0",
            }
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", list(meta.items()))
            conn.execute("COMMIT")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        os.replace(tmp, root / DB_NAME)
    except (OSError, sqlite3.Error) as exc:
        _undo_create(root, made_root)
        if isinstance(exc, OSError):
            raise os_error(exc, root) from None
        raise db_error(exc, root) from None
    except BaseException:
        _undo_create(root, made_root)
        raise
    return open_workspace(root)


def _undo_create(root: Path, made_root: bool) -> None:
    """A failed `init` leaves nothing behind, so trying again in the same place works."""
    if is_workspace(root):
        return
    if made_root:
        shutil.rmtree(root, ignore_errors=True)
        return
    for sub in ("blobs", "backups", "tmp"):
        shutil.rmtree(root / sub, ignore_errors=True)


def open_workspace(path: Path | str, *, read_only: bool = False) -> Workspace:
    """Open the workspace at `path`. UserError if it is not one, or was made by a newer version."""
    root = Path(path)
    if not root.exists():
        raise UserError(f"workspace {root} tidak ditemukan")
    if not root.is_dir():
        raise UserError(f"{root} bukan folder workspace")
    if not is_workspace(root):
        raise UserError(f"{root} bukan workspace ZI Desktop (tidak ada {DB_NAME}); buat dengan: zi-desktop init")
    db_file = root / DB_NAME
    _refuse_empty_file(db_file, root)
    try:
        try:
            conn = connect(db_file)
        except sqlite3.Error:
            if not read_only:
                raise
            try:
                conn = connect(db_file, read_only=True)  # e.g. a read-only folder: reading still works
            except sqlite3.Error as exc:
                if not _media_is_read_only(exc, db_file):
                    raise
                conn = connect(db_file, read_only=True, immutable=True)
    except sqlite3.Error as exc:
        raise db_error(exc, root) from None
    if read_only and _on_read_only_media(conn, db_file):
        conn.close()
        try:
            conn = connect(db_file, read_only=True, immutable=True)
        except sqlite3.Error as exc:
            raise db_error(exc, root) from None
    try:
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) == 0:
            # A workspace is never at version 0 once made (create_workspace migrates before the
            # rename): this is an empty or foreign database, and migrating it would make a new,
            # empty workspace over the user's evidence (which gc would then delete).
            raise WorkspaceDamaged(root, "database kosong, tanpa tabel workspace")
        migrate(conn, root)
        _refuse_gutted(conn, root)
    except UserError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise db_error(exc, root) from None
    except OSError as exc:
        conn.close()
        raise os_error(exc, root) from None
    if not read_only:
        clean_tmp(root)
        # a backup or an export interrupted by a crash (an unlocked file a few minutes old)
        clean_stale_parts(root / "backups", "*.part", older_than=300)
        clean_stale_parts(root / "backups", "*.part-journal", older_than=300)
    return Workspace(root, conn, read_only=read_only)


REQUIRED_TABLES = ("meta", "answers", "changelog", "settings", "blobs", "evidence")
REQUIRED_META = ("unit_name", "year", "log_head", "log_count")


def _on_read_only_media(conn: sqlite3.Connection, db_file: Path) -> bool:
    """True when a read-only connection cannot read because the folder takes no writes at all."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return False
    except sqlite3.Error as exc:
        return _media_is_read_only(exc, db_file)


def _media_is_read_only(exc: sqlite3.Error, db_file: Path) -> bool:
    """`exc` says the database cannot be opened or written (no WAL index can be made in a folder
    that takes no writes) and nothing waits in a write-ahead log: then the file alone is the truth,
    and it can be read as immutable."""
    if error_code(exc) not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR):
        return False
    wal = db_file.with_name(db_file.name + "-wal")
    try:
        return not wal.exists() or wal.stat().st_size == 0
    except OSError:
        return False


def _refuse_empty_file(db_file: Path, root: Path) -> None:
    """A zero-byte database (with no write-ahead log holding its pages) is refused, never recreated."""
    try:
        size = db_file.stat().st_size
        wal = db_file.with_name(db_file.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError as exc:
        raise os_error(exc, db_file) from None
    if size == 0 and wal_size == 0:
        raise WorkspaceDamaged(root, f"berkas {DB_NAME} kosong (0 bita)")


def _refuse_gutted(conn: sqlite3.Connection, root: Path) -> None:
    """A database that was a workspace and is no longer one (tables or unit data gone) is refused."""
    tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise WorkspaceDamaged(root, f"tabel {', '.join(missing)} tidak ada")
    keys = {str(r[0]) for r in conn.execute("SELECT key FROM meta")}
    gone = [k for k in REQUIRED_META if k not in keys]
    if gone:
        raise WorkspaceDamaged(root, f"data unit ({', '.join(gone)}) tidak ada di tabel meta")


def restore_workspace(path: Path | str, choice: str | None = None) -> Restored:
    """Put a backup back as the workspace database (see `backups.restore`: the current one is kept
    aside first) and record the restore in the change log. `choice`: a number in `list_backups`,
    a file name in backups/, or a path; None: the newest usable copy."""
    from zi_desktop.workspace.backups import restore

    root = Path(path)
    done = restore(root, choice)
    with open_workspace(root) as ws:
        ws.note_restored(done.source.path, done.kept_aside)
    return done


# -- the workspace ------------------------------------------------------------------------------


class Workspace:
    """An open workspace. One writer at a time (per process); another thread opens its own."""

    def __init__(self, root: Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = root
        self.read_only = read_only
        self.backup_warning: str | None = None  # set when the last rolling backup could not be made
        self._backup_failed_at = -1e18  # time.monotonic() of the last failed rolling backup
        self._conn = conn
        self._lock = threading.RLock()
        try:
            meta = self._meta()
        except sqlite3.Error as exc:
            conn.close()
            raise db_error(exc, root) from None
        self.unit_name: str = meta.get("unit_name", "")
        self.unit_id: str = meta.get("unit_id", "")
        self.year: int = int(meta.get("year") or 2026)
        self.target: str = meta.get("target") or "WBK"
        self.catalog_id: str = meta.get("catalog_id", "")
        self.catalog_checksum: str = meta.get("catalog_checksum", "")
        try:
            self.catalog: Catalog = load_catalog(self.year)
        except BaseException:
            conn.close()
            raise

    # -- life cycle ---------------------------------------------------------------------------
    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- low level ----------------------------------------------------------------------------
    def data_version(self) -> int:
        """Changes when another connection (another process, or a worker) commits to the workspace."""
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise db_error(exc, self.path) from None

    def _meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._conn.execute("SELECT key, value FROM meta")}

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        try:
            with self._lock:
                yield self._conn
        except sqlite3.Error as exc:
            raise db_error(exc, self.path) from None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[_Tx]:
        """One user action: BEGIN IMMEDIATE ... COMMIT, with log entries; errors become UserErrors."""
        if self.read_only:
            raise UserError(f"workspace {self.path} dibuka hanya-baca")
        with self._lock:
            self._maybe_backup()
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise db_error(exc, self.path) from None
            try:
                tx = _Tx(conn, self.user_name(), now())
                yield tx
                tx.finish()
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise db_error(exc, self.path) from None
                if isinstance(exc, OSError):
                    raise os_error(exc, self.path) from None
                raise

    def _maybe_backup(self) -> None:
        """A rolling copy of the database, at most once per `backup_every_minutes` of editing, kept
        by the schedule of `backups.to_keep`. Never refuses the edit: a copy that cannot be made
        (full disk, read-only folder) sets `backup_warning`, leaves no partial file behind, and is
        not tried again for the same interval."""
        s = self.settings()
        every, keep = float(s["backup_every_minutes"]), int(s["backup_keep"])
        if every <= 0 or keep <= 0:
            return
        if time.monotonic() - self._backup_failed_at < every * 60:
            return
        folder = self.path / "backups"
        rolling = sorted(folder.glob("rolling-*.sqlite")) if folder.is_dir() else []
        if rolling:
            with contextlib.suppress(OSError):
                if time.time() - rolling[-1].stat().st_mtime < every * 60:
                    return
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        dest = folder / f"rolling-{stamp}.sqlite"
        try:
            size = (self.path / DB_NAME).stat().st_size
            free = shutil.disk_usage(self.path).free
            if free < size + BACKUP_RESERVE:  # the copy would eat the room the edits need
                raise OSError(errno.ENOSPC, "ruang disk tidak cukup untuk cadangan")
            backup_db(self._conn, dest)
        except (OSError, sqlite3.Error) as exc:
            # An edit is never refused because its safety copy could not be made: warn, clean up.
            self._backup_failed_at = time.monotonic()
            reason = (
                "disk penuh"
                if getattr(exc, "errno", None) == errno.ENOSPC
                or (isinstance(exc, sqlite3.Error) and error_code(exc) == sqlite3.SQLITE_FULL)
                else str(exc)
            )
            self.backup_warning = (
                f"cadangan otomatis tidak dapat dibuat di {folder} ({reason}); perubahan tetap disimpan"
            )
            import logging

            logging.getLogger(__name__).info("rolling backup failed: %s", exc)
            for leftover in (dest, dest.with_name(dest.name + ".part"), dest.with_name(dest.name + ".part-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            return
        self.backup_warning = None
        from zi_desktop.workspace.backups import rotate

        rotate(folder, datetime.now(), recent=keep)

    def backups(self) -> list[Path]:
        folder = self.path / "backups"
        return sorted(folder.glob("*.sqlite")) if folder.is_dir() else []

    def note_restored(self, source: Path, aside: Path | None) -> None:
        """Record in the change log that the database was put back from the copy `source`."""
        with self._writing() as tx:
            tx.log(None, "pulihkan", aside.name if aside else None, source.name, "pulihkan")

    # -- settings -----------------------------------------------------------------------------
    def user_name(self) -> str:
        name = self.settings().get("user_name")
        return str(name) if name else _os_user()

    def settings(self) -> dict[str, Any]:
        """Every setting (`workspace.settings`: stored where usable, else its default)."""
        stored: dict[str, Any] = {}
        with self._reading() as conn:
            for k, v in conn.execute("SELECT key, value FROM settings"):
                with contextlib.suppress(ValueError):
                    stored[str(k)] = json.loads(v)
        return effective(stored)

    def set_setting(self, key: str, value: Any) -> None:
        with self._writing() as tx:
            old = self.settings().get(key)
            tx.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )
            if old != value:
                tx.log(None, f"setelan:{key}", _setting_text(old), _setting_text(value), "setelan")

    def set_unit_id(self, unit_id: str) -> None:
        """The id the instansi gives the unit (PortalRB's path parameter); logged like a setting."""
        value = _checked_unit_id(unit_id)
        with self._writing() as tx:
            old = self._meta().get("unit_id", "")
            tx.set_meta("unit_id", value)
            if old != value:
                tx.log(None, "setelan:unit_id", old or None, value, "setelan")
        self.unit_id = value

    # -- answers ------------------------------------------------------------------------------
    def answers(self, tpi: bool = False) -> dict[int, Value | None]:
        col = "jawaban_tpi" if tpi else "jawaban_unit"
        with self._reading() as conn:
            rows = conn.execute(f"SELECT soal_id, {col} FROM answers WHERE {col} IS NOT NULL").fetchall()
        return {int(sid): v for sid, v in rows if int(sid) in self.catalog.soal}

    def records(self) -> dict[int, AnswerRecord]:
        with self._reading() as conn:
            rows = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM answers ORDER BY soal_id").fetchall()
        out = {int(r[0]): AnswerRecord(int(r[0]), *r[1:]) for r in rows}
        return {k: v for k, v in out.items() if not v.empty}

    def record(self, soal_id: int) -> AnswerRecord:
        with self._reading() as conn:
            r = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM answers WHERE soal_id = ?", (int(soal_id),)).fetchone()
        return AnswerRecord(int(r[0]), *r[1:]) if r else AnswerRecord(int(soal_id))

    def set_answer(self, soal_id: int, raw: Any, *, tpi: bool = False) -> None:
        self.edit(soal_id, raw, tpi=tpi)

    def edit(self, soal_id: int, raw: Any = UNSET, *, note: Any = UNSET, tpi: bool = False) -> None:
        """Answer and/or note of one soal in one transaction (UNSET leaves a field alone)."""
        soal = soal_or_error(self.catalog, soal_id)
        fields: dict[str, Any] = {}
        if raw is not UNSET:
            try:
                fields["jawaban_tpi" if tpi else "jawaban_unit"] = parse_answer(soal, raw)
            except AnswerError as exc:
                if tpi:
                    raise AnswerError(soal.soal_id, f"jawaban TPI: {exc.message}") from None
                raise
        if note is not UNSET:
            fields["catatan_tpi" if tpi else "catatan_unit"] = _clean_text(note)
        if not fields:
            return
        with self._writing() as tx:
            tx.set_fields(soal.soal_id, fields, "isian")

    def set_note(self, soal_id: int, text: str | None, *, tpi: bool = False) -> None:
        soal = soal_or_error(self.catalog, soal_id)
        with self._writing() as tx:
            tx.set_fields(soal.soal_id, {"catatan_tpi" if tpi else "catatan_unit": _clean_text(text)}, "isian")

    def set_evidence_text(self, soal_id: int, text: str | None) -> None:
        soal = soal_or_error(self.catalog, soal_id)
        with self._writing() as tx:
            tx.set_fields(soal.soal_id, {"bukti_dukung_unit": _clean_text(text)}, "isian")

    def _plan_import(
        self, rows: Sequence[AnswerRow], *, clear: bool = False, keep_later: bool = True
    ) -> tuple[ImportSummary, dict[int, dict[str, Any]]]:
        current = self.records()
        earlier = self._earlier_values(current) if keep_later else {}
        new: list[int] = []
        changed: list[int] = []
        unchanged: list[int] = []
        changes: list[tuple[int, str, str | None, str | None]] = []
        cleared: list[tuple[int, str, str | None]] = []
        overwritten: list[tuple[int, str, str | None, str | None]] = []
        kept_blank: list[tuple[int, str, str | None]] = []
        kept_later: list[tuple[int, str, str | None, str | None]] = []
        plan: dict[int, dict[str, Any]] = {}
        for row in rows:
            soal_or_error(self.catalog, row.soal_id)
            rec = current.get(row.soal_id) or AnswerRecord(row.soal_id)
            fields: dict[str, Any] = {}
            for f in ANSWER_FIELDS:
                if f not in row.given:
                    continue
                value = getattr(row, f)
                if f in TEXT_FIELDS:
                    value = _clean_text(value)
                have = rec.get(f)
                if _same(have, value):
                    continue
                was, will = _value_text(have), _value_text(value)
                if value is None and not clear:
                    kept_blank.append((row.soal_id, f, was))  # a blank cell is no instruction to clear
                    continue
                if have is not None and value is not None and will in earlier.get((row.soal_id, f), ()):
                    kept_later.append((row.soal_id, f, was, will))  # the file predates this edit
                    continue
                fields[f] = value
                changes.append((row.soal_id, f, was, will))
                if value is None:
                    cleared.append((row.soal_id, f, was))
                elif have is not None:
                    overwritten.append((row.soal_id, f, was, will))
            if not fields:
                unchanged.append(row.soal_id)
                continue
            plan[row.soal_id] = fields
            (new if rec.empty else changed).append(row.soal_id)
        summary = ImportSummary(new, changed, unchanged, changes, cleared, overwritten, kept_blank, kept_later)
        return summary, plan

    def _earlier_values(self, current: Mapping[int, AnswerRecord]) -> dict[tuple[int, str], set[str]]:
        """Per (soal, field) whose latest change was an edit by hand (not an import), the value it
        had before that edit: a file still carrying it was made before the edit."""
        last: dict[tuple[int, str], HistoryEntry] = {}
        for h in self.history():
            if h.soal_id is not None:
                last[(h.soal_id, h.field)] = h
        out: dict[tuple[int, str], set[str]] = {}
        for (sid, f), h in last.items():
            rec = current.get(sid)
            if h.old is None or h.source.startswith("impor") or rec is None:
                continue
            if _value_text(rec.get(f)) == h.new:
                out[(sid, f)] = {h.old}
        return out

    def preview_import(self, rows: Sequence[AnswerRow], *, clear: bool = False) -> ImportSummary:
        """What `apply_import` would do. Blank (None) values leave a field alone unless `clear`."""
        return self._plan_import(rows, clear=clear)[0]

    def apply_import(
        self, rows: Sequence[AnswerRow], *, source: str, clear: bool = False, keep_later: bool = True
    ) -> ImportSummary:
        """All rows in one transaction: every change is saved, or none. A blank (None) value clears
        its field only when `clear`; a value the field held before its latest edit is not put back
        unless `keep_later` is False (an undo of an import)."""
        with self._writing() as tx:
            # inside the lock: nobody changes it meanwhile
            summary, plan = self._plan_import(rows, clear=clear, keep_later=keep_later)
            label = f"impor:{Path(source).name}" if source else "impor"
            for sid, fields in plan.items():
                tx.set_fields(sid, fields, label)
        return summary

    # -- evidence -----------------------------------------------------------------------------
    def blob_path(self, sha256: str) -> Path:
        return blob_path(self.path, sha256)

    def attach_files(
        self,
        soal_id: int,
        paths: Sequence[Path | str],
        *,
        on_progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> list[EvidenceItem]:
        """Copy files into the blob store, then record them all in one transaction."""
        soal = soal_or_error(self.catalog, soal_id)
        return self.attach_many([(soal.soal_id, p) for p in paths], on_progress=on_progress, cancel=cancel)

    def attach_many(
        self,
        plan: Sequence[tuple[int, Path | str]],
        *,
        on_progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> list[EvidenceItem]:
        """Attach many files to many soal, all or nothing: every (soal, file) pair is checked before
        anything is copied (a refusal names the file and the soal), the files are copied into tmp/,
        hashed and fsynced (two at a time), then placed and recorded in one write transaction.
        Returns one item per pair, in order; a file already on its soal comes back as that item."""
        if self.read_only:
            raise UserError(f"workspace {self.path} dibuka hanya-baca")
        if not plan:
            raise UserError("tidak ada berkas yang dilampirkan")
        limit_mb = float(self.settings()["max_attach_mb"])
        pairs: list[tuple[int, Path, os.stat_result]] = []
        for sid_raw, p in plan:
            path = Path(p)
            try:
                sid = soal_or_error(self.catalog, sid_raw).soal_id
            except UserError as exc:
                raise UserError(f"{exc} (berkas {path})") from None
            try:
                st = check_source(path)
            except UserError as exc:
                raise UserError(f"{exc} (untuk soal {sid})") from None
            if st.st_size > limit_mb * 1024 * 1024:
                raise UserError(
                    f"berkas {path} untuk soal {sid} terlalu besar ({st.st_size / 1024 / 1024:.0f} MB; batas "
                    f"lampiran {limit_mb:g} MB, setelan max_attach_mb); perkecil atau pecah berkasnya"
                )
            pairs.append((sid, path, st))
        # A file named twice (for two soal) is copied once.
        sources: dict[Path, os.stat_result] = {}
        for _sid, path, st in pairs:
            sources.setdefault(path, st)
        total = sum(st.st_size for st in sources.values())
        try:
            free = shutil.disk_usage(self.path).free
        except OSError:
            free = None
        if free is not None and total + DISK_RESERVE > free:
            raise UserError(
                f"ruang disk tidak cukup untuk melampirkan {total / 1024 / 1024:.0f} MB di {self.path} "
                f"(tersisa {free / 1024 / 1024:.0f} MB); kosongkan ruang disk lalu coba lagi"
            )
        import secrets

        token = secrets.token_hex(8)
        pending: list[Pending] = []
        with session_lock(self.path, token):
            try:
                pending = copy_many(self.path, list(sources.items()), token, on_progress=on_progress, cancel=cancel)
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                copied = dict(zip(sources, pending, strict=True))
                # Content already stored is verified now, outside the lock (hashing may take a while);
                # `place` then keeps it only if it is still that very file.
                verified = {b.sha256: verified_blob(self.path, b.sha256, b.size) for b in pending}
                ids: list[int] = []
                # Placed and recorded in one write transaction: gc deletes only under this lock, after
                # checking again, so no file is lost between being placed and being recorded.
                with self._writing() as tx:
                    placed: set[str] = set()
                    for b in pending:
                        if b.sha256 in placed:  # the same content twice in one attach
                            continue
                        placed.add(b.sha256)
                        place(self.path, b, verified.get(b.sha256), sync_dir=False)
                    sync_dirs(blob_path(self.path, sha).parent for sha in placed)
                    tx.conn.executemany(
                        "INSERT OR IGNORE INTO blobs(sha256, size, added_at) VALUES (?, ?, ?)",
                        [(b.sha256, b.size, tx.at) for b in pending],
                    )
                    for sid, path, _st in pairs:
                        b = copied[path]
                        existing = tx.conn.execute(
                            "SELECT id FROM evidence WHERE soal_id = ? AND kind = 'file' AND sha256 = ?",
                            (sid, b.sha256),
                        ).fetchone()
                        if existing:
                            ids.append(int(existing[0]))
                            continue
                        ids.append(
                            tx.add_evidence(
                                sid, "file", b.name, sha256=b.sha256, size=b.size, mime=b.mime, label=b.name
                            )
                        )
            finally:
                for b in pending:
                    with contextlib.suppress(OSError):
                        b.tmp.unlink()
        marks = ",".join("?" * len(set(ids)))
        by_id = {e.id: e for e in self._evidence(f"WHERE id IN ({marks})", sorted(set(ids)))}
        return [by_id[i] for i in ids]

    def attach_link(self, soal_id: int, url: str, title: str | None = None) -> EvidenceItem:
        soal = soal_or_error(self.catalog, soal_id)
        url = (url or "").strip()
        if not url:
            raise UserError("tautan bukti dukung kosong")
        if len(url) > MAX_LINK or any(c in url for c in "\r\n\t "):
            raise UserError(f"tautan '{url[:60]}' tidak sah (terlalu panjang atau berisi spasi)")
        name = (title or "").strip() or url
        with self._writing() as tx:
            eid = tx.add_evidence(soal.soal_id, "link", name[:200], url=url, label=url)
        return self._item(eid)

    def attach_text(self, soal_id: int, text: str) -> EvidenceItem:
        soal = soal_or_error(self.catalog, soal_id)
        text = (text or "").strip()
        if not text:
            raise UserError("teks bukti dukung kosong")
        if len(text) > MAX_EVIDENCE_TEXT:
            raise UserError(f"teks bukti dukung terlalu panjang ({len(text)} karakter, batas {MAX_EVIDENCE_TEXT})")
        with self._writing() as tx:
            eid = tx.add_evidence(soal.soal_id, "text", text.splitlines()[0][:80], text=text, label=text)
        return self._item(eid)

    def reattach(self, soal_id: int, item: EvidenceItem) -> EvidenceItem:
        """Attach a removed evidence item again (the undo of `detach`): a link or a text as it was,
        a file from its blob, which stays until `gc` (after a gc the file must be attached anew)."""
        if item.kind == "link":
            return self.attach_link(soal_id, item.url or "", item.name)
        if item.kind == "text":
            return self.attach_text(soal_id, item.text or "")
        soal = soal_or_error(self.catalog, soal_id)
        sha = item.sha256 or ""
        if not self.blob_path(sha).is_file():
            raise UserError(f"berkas bukti {item.name} sudah dihapus dari workspace (gc); lampirkan lagi dari aslinya")
        with self._writing() as tx:
            tx.conn.execute(
                "INSERT OR IGNORE INTO blobs(sha256, size, added_at) VALUES (?, ?, ?)", (sha, item.size, tx.at)
            )
            eid = tx.add_evidence(
                soal.soal_id, "file", item.name, sha256=sha, size=item.size, mime=item.mime, label=item.name
            )
        return self._item(eid)

    def detach(self, soal_id: int, evidence_id: int) -> None:
        """Remove the link between a soal and an evidence item. The file stays until `gc`."""
        self.detach_many([(soal_id, evidence_id)])

    def detach_many(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Remove several (soal, evidence id) links in one transaction (the undo of one multi-file
        attach): all of them, or none when one is not there."""
        with self._writing() as tx:
            for soal_id, evidence_id in pairs:
                soal = soal_or_error(self.catalog, soal_id)
                row = tx.conn.execute(
                    "SELECT id FROM evidence WHERE id = ? AND soal_id = ?", (int(evidence_id), soal.soal_id)
                ).fetchone()
                if row is None:
                    raise UserError(f"bukti dukung {evidence_id} tidak terlampir pada soal {soal.soal_id}")
                tx.guard(soal.soal_id)
                tx.guard_unit(soal.soal_id)
                item = self._item(int(evidence_id))
                tx.conn.execute("DELETE FROM evidence WHERE id = ?", (int(evidence_id),))
                tx.log(soal.soal_id, f"bukti:{item.kind}", f"#{item.id} {item.describe()}", None, "lepas")

    def _item(self, evidence_id: int) -> EvidenceItem:
        items = self._evidence("WHERE id = ?", (evidence_id,))
        if not items:
            raise UserError(f"bukti dukung {evidence_id} tidak ada")
        return items[0]

    def _evidence(self, where: str, params: Sequence[Any]) -> list[EvidenceItem]:
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT id, soal_id, kind, name, sha256, size, mime, url, text, added_at, added_by "
                f"FROM evidence {where} ORDER BY soal_id, id",
                tuple(params),
            ).fetchall()
        return [EvidenceItem(*r) for r in rows]

    def evidence(self, soal_id: int | None = None) -> list[EvidenceItem]:
        if soal_id is None:
            return self._evidence("", ())
        return self._evidence("WHERE soal_id = ?", (int(soal_id),))

    def gc(self, *, batch: int = 200) -> tuple[int, int]:
        """Remove blob files no evidence item references. Returns (files removed, bytes freed).

        The walk holds no lock (it may take a while on a big store, and answers keep saving
        meanwhile); each candidate is checked again under the write lock just before it is deleted:
        still unreferenced, still a minute old (an attach reusing a blob refreshes it), and attach
        places and records its files in one transaction under that same lock."""
        if self.read_only:
            raise UserError(f"workspace {self.path} dibuka hanya-baca")
        clean_tmp(self.path)
        with self._reading() as conn:
            used = {str(r[0]) for r in conn.execute("SELECT DISTINCT sha256 FROM evidence WHERE sha256 IS NOT NULL")}
        limit = time.time() - GC_GRACE_SECONDS
        candidates: list[Path] = []
        for p in stored_blobs(self.path):
            if p.name in used:
                continue
            with contextlib.suppress(OSError):
                if p.lstat().st_mtime <= limit:
                    candidates.append(p)
        removed = 0
        freed = 0
        for start in range(0, len(candidates), batch):
            chunk = candidates[start : start + batch]
            with self._writing() as tx:
                marks = ",".join("?" * len(chunk))
                names = [p.name for p in chunk]
                still = {
                    str(r[0])
                    for r in tx.conn.execute(f"SELECT DISTINCT sha256 FROM evidence WHERE sha256 IN ({marks})", names)
                }
                limit = time.time() - GC_GRACE_SECONDS
                for p in chunk:
                    if p.name in still:
                        continue
                    try:
                        st = p.lstat()
                        if st.st_mtime > limit:
                            continue
                        p.unlink()
                    except FileNotFoundError:
                        continue
                    removed += 1
                    freed += st.st_size
        with self._writing() as tx:
            tx.conn.execute(
                "DELETE FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM evidence WHERE sha256 IS NOT NULL)"
            )
        return removed, freed

    # -- history and checks -------------------------------------------------------------------
    def history(self, soal_id: int | None = None, latest: int | None = None) -> list[HistoryEntry]:
        """The change log in order, of one soal or all; `latest`: only the newest so many (read
        from the end of the log, so a page showing the last few does not read the whole log)."""
        sql = "SELECT id, at, user, soal_id, field, old, new, source, hash FROM changelog"
        params: tuple[Any, ...] = ()
        if soal_id is not None:
            sql += " WHERE soal_id = ?"
            params = (int(soal_id),)
        if latest is not None:
            sql = f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT ?)"
            params = (*params, int(latest))
        with self._reading() as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [HistoryEntry(*r) for r in rows]

    def check(self) -> CheckReport:
        """Change-log chain, evidence files against their hashes, and SQLite's integrity check."""
        problems: list[str] = []
        notes: list[str] = []
        with self._reading() as conn:
            for (msg,) in conn.execute("PRAGMA integrity_check").fetchall():
                if msg != "ok":
                    problems.append(f"integritas database: {msg}")
            for row in conn.execute("PRAGMA foreign_key_check").fetchall():
                problems.append(f"kunci asing rusak pada tabel {row[0]} baris {row[1]}")
            problems += self._check_chain(conn)
            problems += _check_triggers(conn)
            problems += _check_replay(conn)
            files = conn.execute(
                "SELECT DISTINCT sha256, size FROM evidence WHERE kind = 'file' AND sha256 IS NOT NULL"
            ).fetchall()
        for sha, size in files:
            p = self.blob_path(str(sha))
            try:
                actual, actual_size = hash_file(p, max_size=int(size or 0))
            except UserError:
                problems.append(f"berkas bukti {sha[:12]} bukan berkas biasa (tautan, perangkat, atau pipa): {p}")
                continue
            except FileNotFoundError:
                problems.append(f"berkas bukti {sha[:12]} hilang dari {p.parent}")
                continue
            except OSError as exc:
                problems.append(f"berkas bukti {p} tidak dapat dibaca ({exc.strerror})")
                continue
            if actual != sha or actual_size != size:
                problems.append(f"berkas bukti {sha[:12]} berubah isinya (hash tidak cocok): {p}")
        if self.catalog_checksum and self.catalog_checksum != self.catalog.checksum:
            notes.append(
                f"katalog {self.catalog.catalog_id} berubah sejak workspace dibuat (checksum "
                f"{self.catalog_checksum[:12]} -> {self.catalog.checksum[:12]})"
            )
        return CheckReport(problems, notes)

    def _check_chain(self, conn: sqlite3.Connection) -> list[str]:
        problems: list[str] = []
        prev = GENESIS
        expected_id = 1
        rows = conn.execute(
            "SELECT id, at, user, soal_id, field, old, new, source, prev_hash, hash FROM changelog ORDER BY id"
        ).fetchall()
        for r in rows:
            eid = int(r[0])
            if eid != expected_id:
                problems.append(f"riwayat perubahan: entri {expected_id}..{eid - 1} hilang (dihapus?)")
            if r[8] != prev:
                problems.append(f"riwayat perubahan: rantai hash putus di entri {eid}")
            if _entry_hash(str(r[8]), r[:8]) != r[9]:
                problems.append(f"riwayat perubahan: entri {eid} diubah (hash tidak cocok)")
            prev = str(r[9])
            expected_id = eid + 1
        meta = self._meta()
        if meta.get("log_count") != str(len(rows)) or meta.get("log_head") != prev:
            problems.append(
                f"riwayat perubahan: jumlah/ujung rantai tidak cocok (tercatat {meta.get('log_count')} entri, "
                f"ada {len(rows)}); entri terakhir dihapus?"
            )
        return problems

    def chain_head(self) -> tuple[int, str]:
        """(number of change-log entries, hash of the last one): recorded in each exported
        manifest, so a later `check` can tell whether the history up to then was rewritten."""
        with self._reading() as conn:
            row = conn.execute("SELECT count(*), (SELECT hash FROM changelog ORDER BY id DESC LIMIT 1) FROM changelog")
            count, head = row.fetchone()
        return int(count), str(head or GENESIS)

    def check_against(self, count: int, head: str, *, where: str) -> list[str]:
        """Problems when the change log no longer starts with the `count` entries ending in `head`
        that an earlier export (`where`) recorded: history was cut or rewritten since."""
        with self._reading() as conn:
            now_count = int(conn.execute("SELECT count(*) FROM changelog").fetchone()[0])
            if count == 0:
                return []
            if now_count < count:
                return [
                    f"riwayat perubahan lebih pendek daripada saat {where} dibuat ({count} entri, kini "
                    f"{now_count}): riwayat dipotong atau ditulis ulang"
                ]
            row = conn.execute("SELECT id, hash FROM changelog ORDER BY id LIMIT 1 OFFSET ?", (count - 1,)).fetchone()
        if row is None or str(row[1]) != head:
            return [
                f"riwayat perubahan ditulis ulang sejak {where} dibuat: entri ke-{count} tidak sama dengan "
                f"yang tercatat di paket (hash {head[:12]})"
            ]
        return []

    def score(self, tpi: bool = False) -> ScoreResult:
        return score(self.catalog, self.answers(tpi=tpi))

    # -- export bookkeeping -------------------------------------------------------------------
    def last_export(self) -> str | None:
        with self._reading():
            return self._meta().get("last_export") or None

    def mark_exported(self, at: str) -> None:
        with self._writing() as tx:
            head = tx.conn.execute("SELECT COALESCE(MAX(id), 0) FROM changelog").fetchone()[0]
            tx.set_meta("last_export", at)
            tx.set_meta("last_export_log_id", str(head))
            tx.log(None, "ekspor", None, at, "ekspor")

    def changed_since_export(self) -> set[int]:
        """The soal changed since the last export; nothing before a first export (every answer would
        be "changed", and the marker would mean nothing)."""
        with self._reading() as conn:
            meta = self._meta()
            if not meta.get("last_export"):
                return set()
            since = int(meta.get("last_export_log_id") or 0)
            rows = conn.execute(
                "SELECT DISTINCT soal_id FROM changelog WHERE id > ? AND soal_id IS NOT NULL", (since,)
            ).fetchall()
        return {int(r[0]) for r in rows}


APPEND_ONLY_TRIGGERS = ("changelog_no_update", "changelog_no_delete")
_EVIDENCE_ID = compile_later(r"#(\d+)(?: (.*))?", re.DOTALL)


def _check_triggers(conn: sqlite3.Connection) -> list[str]:
    """The triggers that keep the change log append-only must still be there."""
    found = {
        str(name): str(sql or "")
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    problems = []
    for name in APPEND_ONLY_TRIGGERS:
        if name not in found:
            problems.append(f"pengaman riwayat perubahan (trigger {name}) hilang: riwayat dapat diubah diam-diam")
        elif "RAISE" not in found[name].upper():
            problems.append(f"pengaman riwayat perubahan (trigger {name}) diubah: tidak lagi menolak perubahan")
    return problems


def _check_replay(conn: sqlite3.Connection) -> list[str]:
    """The answers, notes and evidence items must be what replaying the change log gives: a row
    changed, added or removed with sqlite3 (or any tool) behind the app's back is named here."""
    problems: list[str] = []
    fields = ", ".join(f"'{f}'" for f in ANSWER_FIELDS)
    logged: dict[tuple[int, str], str | None] = {}
    attached: dict[int, tuple[int, str, str]] = {}  # evidence id -> (soal, kind, label)
    for sid, field, old, new in conn.execute(
        f"SELECT soal_id, field, old, new FROM changelog WHERE soal_id IS NOT NULL "
        f"AND (field IN ({fields}) OR field LIKE 'bukti:%') ORDER BY id"
    ):
        sid = int(sid)
        field = str(field)
        if field.startswith("bukti:"):
            kind = field.split(":", 1)[1]
            if new is not None and (m := _EVIDENCE_ID.match(str(new))):
                attached[int(m.group(1))] = (sid, kind, m.group(2) or "")
            elif old is not None and (m := _EVIDENCE_ID.match(str(old))):
                attached.pop(int(m.group(1)), None)
            continue
        logged[(sid, field)] = None if new is None else str(new)
    rows = conn.execute(f"SELECT soal_id, {', '.join(ANSWER_FIELDS)} FROM answers").fetchall()
    stored: dict[tuple[int, str], str | None] = {}
    for r in rows:
        for f, v in zip(ANSWER_FIELDS, r[1:], strict=True):
            if v is not None:
                stored[(int(r[0]), f)] = _value_text(v)
    for key in sorted(set(logged) | set(stored)):
        want, have = logged.get(key), stored.get(key)
        if want != have:
            sid, f = key
            problems.append(
                f"Soal {sid} {f}: isi database {_quoted(have)} tidak sama dengan riwayat perubahan "
                f"{_quoted(want)} (diubah di luar aplikasi?)"
            )
    items = conn.execute("SELECT id, soal_id, kind, name, url, text FROM evidence").fetchall()
    seen: set[int] = set()
    for eid, sid, kind, name, url, text in items:
        eid = int(eid)
        seen.add(eid)
        entry = attached.get(eid)
        if entry is None:
            problems.append(
                f"bukti dukung #{eid} (soal {sid}) tidak tercatat di riwayat perubahan (ditambah di luar aplikasi?)"
            )
            continue
        label = {"file": name, "link": url, "text": text}.get(str(kind))
        if (entry[0], entry[1]) != (int(sid), str(kind)) or entry[2] != (label or ""):
            problems.append(
                f"bukti dukung #{eid} (soal {sid}) tidak sama dengan yang tercatat di riwayat perubahan "
                "(diubah di luar aplikasi?)"
            )
    for eid in sorted(set(attached) - seen):
        problems.append(
            f"bukti dukung #{eid} (soal {attached[eid][0]}) tercatat terlampir tetapi tidak ada di database "
            "(dihapus di luar aplikasi?)"
        )
    return problems


def _quoted(text: str | None) -> str:
    if text is None:
        return "(kosong)"
    one = " ".join(text.splitlines())
    return f"'{one[:60]}…'" if len(one) > 60 else f"'{one}'"


def _checked_unit_id(unit_id: str) -> str:
    from zi_desktop.lke.readiness import unit_id_problem

    problem = unit_id_problem(unit_id)
    if problem is not None:
        raise UserError(problem)
    return unit_id.strip()


def _setting_text(value: Any) -> str | None:
    """A setting as the change log shows it: text as is, anything else as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _clean_text(text: str | None) -> str | None:
    if text is None:
        return None
    return text if text.strip() else None


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return bool(a == b)


class _Tx:
    """The open write transaction of one user action: field updates and their log entries."""

    def __init__(self, conn: sqlite3.Connection, user: str, at: str) -> None:
        self.conn = conn
        self.user = user
        self.at = at
        keys = "('log_head', 'log_count', 'review_tier', 'unit_name')"
        row = dict(conn.execute(f"SELECT key, value FROM meta WHERE key IN {keys}").fetchall())
        self._head = str(row.get("log_head") or GENESIS)
        self._count = int(row.get("log_count") or 0)
        # A TPI review workspace (workspace/review.py): the unit's answers, notes and evidence belong to
        # the unit and are read-only; only the review's loading of a bundle sets `unit_unlocked`.
        self.review_tier: str | None = row.get("review_tier") or None
        self.unit_name = str(row.get("unit_name") or "unit")
        self.unit_unlocked = False
        self._next = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM changelog").fetchone()[0]) + 1
        self._dirty = False
        # A member's workspace opened from a work packet edits only the packet's soal (team.py).
        team = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('team_editable', 'team_pic')").fetchall())
        self.editable: frozenset[int] | None = (
            frozenset(int(i) for i in json.loads(team["team_editable"])) if team.get("team_editable") else None
        )
        self._team_pic = str(team.get("team_pic") or "")

    def guard(self, soal_id: int) -> None:
        """Refuse a change to a soal outside the work packet of a member's workspace."""
        if self.editable is not None and soal_id not in self.editable:
            raise UserError(
                f"soal {soal_id} bukan bagian paket kerja {self._team_pic} di workspace ini; soal ini hanya-baca "
                "(minta koordinator membuat paket yang memuatnya)"
            )

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def log(self, soal_id: int | None, field: str, old: str | None, new: str | None, source: str) -> None:
        content = (self._next, self.at, self.user, soal_id, field, old, new, source)
        h = _entry_hash(self._head, content)
        self.conn.execute(
            "INSERT INTO changelog(id, at, user, soal_id, field, old, new, source, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*content, self._head, h),
        )
        self._head = h
        self._next += 1
        self._count += 1
        self._dirty = True

    def guard_unit(self, soal_id: int) -> None:
        """Refuse a change to the unit's own data in a TPI review workspace, saying whose it is."""
        if self.review_tier and not self.unit_unlocked:
            raise UserError(
                f"jawaban, catatan dan bukti dukung soal {soal_id} milik unit {self.unit_name} dan tidak dapat "
                f"diubah di workspace reviu (tingkat {self.review_tier}); yang dapat diubah: jawaban, catatan "
                "dan status TPI"
            )

    def finish(self) -> None:
        if self._dirty:
            self.set_meta("log_head", self._head)
            self.set_meta("log_count", str(self._count))

    def set_fields(self, soal_id: int, fields: dict[str, Any], source: str) -> None:
        row = self.conn.execute(
            f"SELECT {', '.join(ANSWER_FIELDS)} FROM answers WHERE soal_id = ?", (soal_id,)
        ).fetchone()
        old = dict(zip(ANSWER_FIELDS, row, strict=True)) if row else dict.fromkeys(ANSWER_FIELDS)
        todo = {f: v for f, v in fields.items() if not _same(old[f], v)}
        if not todo:
            return
        self.guard(soal_id)
        if self.editable is not None and any(f in ("jawaban_tpi", "catatan_tpi") for f in todo):
            raise UserError(
                f"penilaian TPI soal {soal_id} tidak diisi di workspace anggota (paket kerja {self._team_pic}); "
                "TPI menilai di workspace koordinator"
            )
        if any(f not in ("jawaban_tpi", "catatan_tpi") for f in todo):
            self.guard_unit(soal_id)
        if row is None:
            self.conn.execute("INSERT INTO answers(soal_id) VALUES (?)", (soal_id,))
        sets = ", ".join(f"{f} = ?" for f in todo)
        self.conn.execute(
            f"UPDATE answers SET {sets}, updated_at = ? WHERE soal_id = ?", (*todo.values(), self.at, soal_id)
        )
        for f, v in todo.items():
            self.log(soal_id, f, _value_text(old[f]), _value_text(v), source)

    def add_evidence(
        self,
        soal_id: int,
        kind: str,
        name: str,
        *,
        sha256: str | None = None,
        size: int | None = None,
        mime: str | None = None,
        url: str | None = None,
        text: str | None = None,
        label: str,
        source: str = "lampir",
    ) -> int:
        self.guard(soal_id)
        self.guard_unit(soal_id)
        cur = self.conn.execute(
            "INSERT INTO evidence(soal_id, kind, name, sha256, size, mime, url, text, added_at, added_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (soal_id, kind, name, sha256, size, mime, url, text, self.at, self.user),
        )
        eid = int(cur.lastrowid or 0)
        self.log(soal_id, f"bukti:{kind}", None, f"#{eid} {label}", source)
        return eid
