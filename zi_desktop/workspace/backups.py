"""Copies of the workspace database in `backups/`, and the way back from a damaged one.

Rolling copies are taken while the user edits (at most one per `backup_every_minutes`) and kept by
a schedule that cannot rotate the last good one away within a day of editing (`to_keep`): the
newest few, plus the first of every hour of the last 24 hours, plus the first of every day of the
last 7. Copies made before a migration or a restore are never rotated.

`restore` puts a copy back: the current database (damaged, or simply the one being replaced) is
kept aside first as `workspace.sqlite.rusak-<time>` (with its write-ahead log), the copy is checked
(SQLite's quick_check, and that it is a workspace at all), written under a temporary name and
renamed into place, and the restore itself is recorded in the change log.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from zi_desktop.durable import fsync_path
from zi_desktop.errors import UserError
from zi_desktop.records import dataclass
from zi_desktop.workspace.blobs import os_error

DB_NAME = "workspace.sqlite"
ROLLING = "rolling-"
_STAMP = re.compile(r"(\d{8}-\d{6})(?:-(\d{6}))?")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    answers: int | None  # answered questions (unit), None when the copy cannot be read
    unit_name: str | None
    problem: str | None  # why it cannot be restored, or None

    @property
    def usable(self) -> bool:
        return self.problem is None

    def describe(self) -> str:
        when = self.taken_at.strftime("%Y-%m-%d %H:%M:%S")
        if self.problem:
            return f"{when}  {self.path.name}  (tidak dapat dipakai: {self.problem})"
        return f"{when}  {self.path.name}  ({self.answers} soal terjawab)"


def taken_at(path: Path) -> datetime:
    """When a copy was made: the time in its name, else the file's modification time."""
    m = _STAMP.search(path.name)
    if m:
        with contextlib.suppress(ValueError):
            t = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
            return t.replace(microsecond=int(m.group(2) or 0))
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return datetime.fromtimestamp(0)


def to_keep(stamps: Iterable[datetime], now: datetime, *, recent: int) -> set[datetime]:
    """Which rolling copies to keep: the `recent` newest, the first of each hour of the last 24
    hours, and the first of each day of the last 7 days. Pure, so the rule is tested on its own."""
    ordered = sorted(set(stamps))
    keep = set(ordered[-recent:]) if recent > 0 else set()
    hourly: dict[tuple[int, int, int, int], datetime] = {}
    daily: dict[tuple[int, int, int], datetime] = {}
    for t in ordered:  # oldest first: the first seen in a bucket is the first of that hour/day
        age = now - t
        if age <= timedelta(hours=24):
            hourly.setdefault((t.year, t.month, t.day, t.hour), t)
        if age <= timedelta(days=7):
            daily.setdefault((t.year, t.month, t.day), t)
    return keep | set(hourly.values()) | set(daily.values())


def rotate(folder: Path, now: datetime, *, recent: int) -> list[Path]:
    """Remove the rolling copies `to_keep` does not keep; returns what was removed."""
    rolling = sorted(folder.glob(f"{ROLLING}*.sqlite")) if folder.is_dir() else []
    stamps = {p: taken_at(p) for p in rolling}
    keep = to_keep(stamps.values(), now, recent=recent)
    removed = []
    for p, t in stamps.items():
        if t not in keep:
            with contextlib.suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


def _inspect(path: Path) -> tuple[int | None, str | None, str | None]:
    """(answered questions, unit name, problem) of a database copy, read-only."""
    try:
        if path.stat().st_size == 0:
            return None, None, "berkas kosong"
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except (OSError, sqlite3.Error) as exc:
        return None, None, f"tidak dapat dibuka ({exc})"
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            return None, None, f"rusak ({check})"
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"meta", "answers", "changelog"} <= tables:
            return None, None, "bukan database workspace"
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if "unit_name" not in meta:
            return None, None, "data unit tidak ada"
        n = int(conn.execute("SELECT count(*) FROM answers WHERE jawaban_unit IS NOT NULL").fetchone()[0])
        return n, str(meta["unit_name"]), None
    except sqlite3.Error as exc:
        return None, None, f"rusak ({exc})"
    finally:
        conn.close()


def list_backups(root: Path) -> list[BackupInfo]:
    """Every copy in `backups/`, newest first, with its time and how many questions it has answered."""
    folder = Path(root) / "backups"
    found = sorted(folder.glob("*.sqlite")) if folder.is_dir() else []
    out = []
    for p in found:
        answers, unit, problem = _inspect(p)
        out.append(BackupInfo(p, taken_at(p), answers, unit, problem))
    return sorted(out, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def pick_backup(root: Path, choice: str | None) -> BackupInfo:
    """The copy named by `choice`: its number in `list_backups`, its file name, or a path; None:
    the newest usable one."""
    infos = list_backups(root)
    if choice is None:
        usable = [b for b in infos if b.usable]
        if not usable:
            raise UserError(f"tidak ada cadangan yang dapat dipakai di {Path(root) / 'backups'}")
        return usable[0]
    text = choice.strip()
    if text.isdigit() and 1 <= int(text) <= len(infos):
        info = infos[int(text) - 1]
    else:
        by_name = {b.path.name: b for b in infos}
        if text in by_name:
            info = by_name[text]
        else:
            p = Path(text)
            if not p.is_file():
                raise UserError(
                    f"cadangan '{text}' tidak ditemukan; lihat daftarnya dengan: zi-desktop pulihkan {root}"
                )
            answers, unit, problem = _inspect(p)
            info = BackupInfo(p, taken_at(p), answers, unit, problem)
    if info.problem:
        raise UserError(f"cadangan {info.path.name} tidak dapat dipakai: {info.problem}")
    return info


@dataclass(frozen=True)
class Restored:
    source: BackupInfo
    kept_aside: Path | None  # where the replaced database now is


def restore(root: Path, choice: str | None = None, *, now: datetime | None = None) -> Restored:
    """Put the copy `choice` (see `pick_backup`) back as the workspace database, keeping the
    current one aside. Refused while another process holds the workspace's write lock."""
    root = Path(root)
    if not (root / "backups").is_dir():
        raise UserError(f"{root} bukan folder workspace (tidak ada folder backups)")
    info = pick_backup(root, choice)
    db = root / DB_NAME
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = root / f"{DB_NAME}.rusak-{stamp}"
    _wait_for_writers(db, root)
    new = root / "tmp" / f"pulihkan{stamp.replace('-', '')}-0.part"  # a leftover is cleaned like any tmp part
    try:
        new.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            new.unlink()
        src = sqlite3.connect(info.path.resolve().as_uri() + "?mode=ro", uri=True)
        dst = sqlite3.connect(str(new))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()
        fsync_path(new)
        # Each step leaves a database in place, whenever the process is stopped: the current file is
        # linked (or copied) aside, its log copied aside and removed, then the copy renamed over it.
        kept: Path | None = None
        if db.exists():
            _keep_aside(db, aside)
            kept = aside
        wal, shm = db.with_name(DB_NAME + "-wal"), db.with_name(DB_NAME + "-shm")
        if wal.exists():
            if kept is not None and wal.stat().st_size:
                shutil.copyfile(wal, aside.with_name(aside.name + "-wal"))
            wal.unlink()  # never left beside the restored copy: SQLite would replay it there
        with contextlib.suppress(FileNotFoundError):
            shm.unlink()
        os.replace(new, db)
        fsync_path(root)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            new.unlink()
        raise UserError(f"cadangan {info.path.name} tidak dapat disalin ({exc})") from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            new.unlink()
        raise os_error(exc, root) from None
    return Restored(info, kept)


def _keep_aside(db: Path, aside: Path) -> None:
    """`aside` becomes a second name of the current database (a copy where links are not supported)."""
    try:
        os.link(db, aside)
    except OSError:
        shutil.copyfile(db, aside)
    fsync_path(aside)


def _wait_for_writers(db: Path, root: Path) -> None:
    """Refuse while another process is writing; fold a healthy write-ahead log into the file."""
    if not db.exists() or db.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(str(db), timeout=2.0, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise UserError(
                f"workspace {root} sedang dipakai (aplikasi atau perintah lain); tutup dulu lalu coba lagi"
            ) from None
        # a damaged database: nothing to fold in, it is kept aside as it is
    finally:
        conn.close()
