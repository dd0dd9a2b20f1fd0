"""Evidence files stored by content.

A file is copied into the workspace's `tmp/` under a temporary name, hashed while it is copied (one
pass) and fsynced (`copy_in`); the source is checked before and after the copy, so a file that
changed size or modification time while being read is refused. The store then `place`s the copy at
`blobs/<aa>/<sha256>` inside the same write transaction that records the evidence item, so `gc`
(which deletes only under that write lock, after checking again) can never remove a file between
its placing and its record. The same content is stored once, however often it is attached; when it
is already there, the existing blob is verified by hash first and replaced if it is damaged.

Temporary files are locked by the process writing them (`flock`; `msvcrt.locking` on Windows):
`clean_tmp` removes a leftover only when no live process holds its lock and it is a minute old, so
a killed attach leaves nothing for long, and a running one is never disturbed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from zi_desktop.durable import fsync_path
from zi_desktop.errors import Cancelled, UserError
from zi_desktop.lazy_re import compile_later
from zi_desktop.parallel import run_in_order
from zi_desktop.records import dataclass

CHUNK = 1024 * 1024  # one read, hashed and written from the same buffer
COPY_WORKERS = 2  # files copied at once (sha256 and file calls release the GIL)
ProgressFn = Callable[[int, int], None]
STALE_SECONDS = 60.0  # an unlocked temporary file this old belongs to no running process


def blob_path(root: Path, sha256: str) -> Path:
    return root / "blobs" / sha256[:2] / sha256


def os_error(exc: OSError, place: Path | str) -> UserError:
    """One plain Indonesian line for a file-system failure at `place`."""
    if exc.errno == errno.ENOSPC:
        return UserError(f"disk penuh saat menulis {place}; kosongkan ruang disk lalu coba lagi")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"tidak ada izin menulis/membaca {place} (folder atau berkas hanya-baca?)")
    if exc.errno == errno.ENOENT:
        return UserError(f"{place} tidak ditemukan")
    return UserError(f"gagal mengakses {place} ({exc.strerror or exc})")


def check_source(src: Path) -> os.stat_result:
    """Stat a file the user wants to attach; a UserError for anything that is not a readable file."""
    try:
        st = src.stat()
    except FileNotFoundError:
        raise UserError(f"berkas {src} tidak ditemukan") from None
    except OSError as exc:
        raise UserError(f"berkas {src} tidak dapat dibaca ({exc.strerror})") from None
    if src.is_dir():
        raise UserError(f"{src} adalah folder, bukan berkas")
    if not src.is_file():
        raise UserError(f"{src} bukan berkas biasa")
    if not os.access(src, os.R_OK):
        raise UserError(f"berkas {src} tidak dapat dibaca (tidak ada izin)")
    if st.st_size == 0:
        raise UserError(f"berkas kosong (0 byte): {src}; periksa kembali berkas aslinya")
    return st


# -- locks on temporary files ---------------------------------------------------------------------


def _lock_fd(fd: int) -> bool | None:
    """Take an exclusive lock on `fd` without waiting: True taken, False held by someone else,
    None when the platform or file system has no such locks."""
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
            return False
        return None


def is_locked(path: Path) -> bool | None:
    """True when a live process holds the lock on `path` (None: cannot tell)."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        got = _lock_fd(fd)
        return None if got is None else not got
    finally:
        os.close(fd)  # closing releases a lock this call took


@contextlib.contextmanager
def session_lock(root: Path, token: str) -> Iterator[None]:
    """Hold `tmp/<token>.lock` for the length of one attach: its `<token>-*.part` files are spared
    by `clean_tmp` while it is held, and removed once it is not."""
    tmp_dir = root / "tmp"
    path = tmp_dir / f"{token}.lock"
    try:
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise os_error(exc, root) from None
    try:
        _lock_fd(fd)
        yield
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()


# -- copying in -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """A file copied into tmp/, hashed and fsynced, not yet placed in the blob store."""

    tmp: Path
    sha256: str
    size: int
    name: str
    mime: str | None


def copy_in(
    root: Path,
    src: Path,
    part_name: str,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> Pending:
    """Copy `src` to `tmp/<part_name>.part` of the workspace at `root`, hashing it on the way."""
    st = check_source(src)
    grand_total = total if total is not None else st.st_size

    def step(n: int) -> None:
        if on_progress is not None:
            on_progress(done_before + n, grand_total)

    return _copy_one(root, src, st, part_name, step, None if cancel is None else cancel.is_set)


def _copy_one(
    root: Path,
    src: Path,
    st: os.stat_result,
    part_name: str,
    step: Callable[[int], None] | None,
    stopped: Callable[[], bool] | None,
) -> Pending:
    """One pass over `src`: each block read into one buffer is hashed and written from that same
    buffer (hashlib and the file calls release the GIL, so two of these run on two cores)."""
    import hashlib  # where used (as mimetypes, secrets): opening a workspace hashes nothing (issue 15)
    import mimetypes

    tmp_dir = root / "tmp"
    tmp = tmp_dir / f"{part_name}.part"
    digest = hashlib.sha256()
    size = 0
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    try:
        tmp_dir.mkdir(parents=True, exist_ok=True)
        try:
            fin = open(src, "rb", buffering=0)  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise UserError(f"berkas {src} tidak dapat dibaca ({exc.strerror})") from None
        with fin, open(tmp, "xb", buffering=0) as fout:
            _lock_fd(fout.fileno())  # a live copy is never taken for a leftover (clean_tmp)
            while True:
                if stopped is not None and stopped():
                    raise Cancelled()
                try:
                    n = fin.readinto(buf)
                except OSError as exc:
                    raise UserError(f"berkas {src} tidak dapat dibaca ({exc.strerror})") from None
                if not n:
                    break
                block = view[:n]
                digest.update(block)
                written = 0
                while written < n:
                    written += fout.write(block[written:]) or 0
                size += n
                if step is not None:
                    step(size)
            os.fsync(fout.fileno())
        try:
            after = src.stat()
        except OSError:
            raise UserError(f"berkas {src} hilang saat disalin; coba lagi") from None
        if after.st_size != st.st_size or after.st_mtime_ns != st.st_mtime_ns or size != st.st_size:
            raise UserError(f"berkas {src} berubah saat disalin; tutup program yang mengubahnya lalu coba lagi")
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise os_error(exc, root) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        view.release()
    mime, _ = mimetypes.guess_type(src.name)
    return Pending(tmp=tmp, sha256=digest.hexdigest(), size=size, name=src.name, mime=mime)


def copy_many(
    root: Path,
    sources: Sequence[tuple[Path, os.stat_result]],
    token: str,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    workers: int = COPY_WORKERS,
) -> list[Pending]:
    """Copy every file (checked already: its stat given) into `tmp/<token>-<i>.part`, two at a time
    on two cores; the list comes back in the order given. All or nothing: on the first failure (or
    a cancel) the other copies stop, every copy made is removed, and that failure is raised."""
    total = sum(st.st_size for _p, st in sources)
    stop = threading.Event()
    lock = threading.Lock()
    done = [0] * len(sources)
    moved = [0]
    made: list[Pending] = []  # every copy finished, removed again if the whole does not succeed

    def stopped() -> bool:
        return stop.is_set() or (cancel is not None and cancel.is_set())

    def job(i: int) -> Pending:
        def step(n: int) -> None:
            if on_progress is None:
                return
            with lock:  # one caller at a time, and the figure only grows
                moved[0] += n - done[i]
                done[i] = n
                on_progress(moved[0], total)

        if stopped():
            raise Cancelled()
        pending = _copy_one(root, sources[i][0], sources[i][1], f"{token}-{i}", step, stopped)
        with lock:
            made.append(pending)
        return pending

    results: list[Pending] = []
    ok = False
    try:
        if workers <= 1 or len(sources) <= 1:
            for i in range(len(sources)):
                results.append(job(i))
        else:  # Ctrl+C: the copies under way stop at their next block
            results = run_in_order(len(sources), job, workers=workers, stop=stop, name="zi-lampir")
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        ok = True
    finally:
        stop.set()
        if not ok:
            for r in made:
                with contextlib.suppress(OSError):
                    r.tmp.unlink()
    return results


def verified_blob(root: Path, sha256: str, size: int) -> os.stat_result | None:
    """The stat of the stored blob when it is a regular file whose content really has this hash
    (None when it is missing, of another size, not a regular file, or damaged)."""
    path = blob_path(root, sha256)
    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode) or st.st_size != size:
            return None
        actual, actual_size = hash_file(path, max_size=size)
    except (OSError, UserError):
        return None
    return st if (actual, actual_size) == (sha256, size) else None


def place(root: Path, pending: Pending, verified: os.stat_result | None, *, sync_dir: bool = True) -> bool:
    """Put a copied file at its place in the blob store; True when it was written there.

    Called under the workspace's write lock, together with the evidence record. An existing blob
    verified (by `verified_blob`) and unchanged since is kept and its time refreshed; anything else
    there (missing, damaged, swapped) is replaced by the fresh copy. `sync_dir` False: the caller
    fsyncs the blob's folder itself (`sync_dirs`, once per folder) before it commits the record."""
    dest = blob_path(root, pending.sha256)
    try:
        st: os.stat_result | None = dest.lstat()
    except FileNotFoundError:
        st = None
    same = (
        verified is not None
        and st is not None
        and (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns)
        == (verified.st_ino, verified.st_dev, verified.st_size, verified.st_mtime_ns)
    )
    if same:
        os.utime(dest)  # reused: fresh again, so a gc elsewhere spares it as recent
        with contextlib.suppress(OSError):
            pending.tmp.unlink()
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(pending.tmp, dest)
    if sync_dir:
        fsync_path(dest.parent)
    return True


def sync_dirs(folders: Iterable[Path], *, at_once: int = 16) -> None:
    """fsync each folder once (the renames `place` made into it are then durable), several at once:
    a journaling file system commits fsyncs that wait together in one go (100 folders: ~20 ms
    instead of ~300 ms one after the other)."""
    todo = list(dict.fromkeys(folders))
    if len(todo) <= 1:
        for folder in todo:
            fsync_path(folder)
        return

    def sync(part: list[Path]) -> None:
        for folder in part:
            fsync_path(folder)

    threads = [
        threading.Thread(target=sync, args=(todo[k::at_once],), name="zi-fsync") for k in range(min(at_once, len(todo)))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    name: str  # original file name
    mime: str | None
    created: bool  # False when the same content was already stored


def store_file(root: Path, src: Path) -> StoredBlob:
    """Copy `src` into the blob store at once, for callers that record it in a transaction of their
    own soon after (a work packet). The blob is fresh (written, or its time refreshed when the same
    content was there and verified), so `gc` spares it for a minute; a damaged one is replaced."""
    import secrets

    token = secrets.token_hex(8)
    with session_lock(root, token):
        pending = copy_in(root, src, f"{token}-0")
        try:
            created = place(root, pending, verified_blob(root, pending.sha256, pending.size))
        except OSError as exc:
            raise os_error(exc, root) from None
        finally:
            with contextlib.suppress(OSError):
                pending.tmp.unlink()
    return StoredBlob(pending.sha256, pending.size, pending.name, pending.mime, created)


# -- reading back ---------------------------------------------------------------------------------


@contextlib.contextmanager
def open_regular(path: Path, *, max_size: int | None = None, what: str = "berkas") -> Iterator[IO[bytes]]:
    """Open `path` for reading only if it is a regular file (never a FIFO, a device, a folder, or a
    symlink to one), no larger than `max_size`; a UserError names what it is instead. Opened
    non-blocking, so a FIFO cannot hang the caller even if it appears between the check and open."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UserError(f"{what} {path} tidak ditemukan") from None
    except IsADirectoryError:
        raise UserError(f"{path} adalah folder, bukan {what}") from None
    except OSError as exc:
        raise UserError(f"{what} {path} tidak dapat dibaca ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"{path} adalah folder, bukan {what}")
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{path} bukan berkas biasa (perangkat, pipa, atau soket); tidak dibaca")
        if max_size is not None and st.st_size > max_size:
            raise UserError(f"{what} {path} terlalu besar ({st.st_size // 1024} KB; batas {max_size // 1024} KB)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f


def hash_file(path: Path, *, max_size: int | None = None) -> tuple[str, int]:
    """(sha256, size) of a stored file. A symlink, device or FIFO is refused with a UserError (never
    read: `/dev/zero` would never end); at most `max_size` + 1 bytes are read. OSError propagates."""
    st = path.lstat()
    if not stat.S_ISREG(st.st_mode):
        raise UserError(f"{path} bukan berkas biasa (tautan simbolik, perangkat, atau pipa)")
    import hashlib

    digest = hashlib.sha256()
    size = 0
    limit = None if max_size is None else max_size + 1
    with open_regular(path) as f:
        while chunk := f.read(CHUNK if limit is None else min(CHUNK, limit - size)):
            digest.update(chunk)
            size += len(chunk)
            if limit is not None and size >= limit:
                break
    return digest.hexdigest(), size


def clean_stale_parts(folder: Path, pattern: str, *, older_than: float = STALE_SECONDS) -> int:
    """Remove files matching `pattern` in `folder` that no live process holds locked and that are
    older than `older_than` seconds (a file system without locks: ten times that). Returns how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    now = time.time()
    for p in folder.glob(pattern):
        with contextlib.suppress(OSError):
            age = now - p.lstat().st_mtime
            locked = is_locked(p)
            if locked or age < (older_than if locked is False else older_than * 10):
                continue
            p.unlink()
            removed += 1
    return removed


def clean_tmp(root: Path, *, older_than: float = STALE_SECONDS) -> None:
    """Remove temporary files left by an interrupted copy (a killed attach). A `.part` whose attach
    still holds its `<token>.lock`, or which is locked itself, is another process copying now."""
    tmp_dir = root / "tmp"
    if not tmp_dir.is_dir():
        return
    live: set[str] = set()
    for lock in tmp_dir.glob("*.lock"):
        if is_locked(lock) is False:
            with contextlib.suppress(OSError):
                if time.time() - lock.lstat().st_mtime >= older_than:
                    lock.unlink()
            continue
        live.add(lock.stem)
    for pattern in ("*.part", "*.part-journal"):
        for p in tmp_dir.glob(pattern):
            if p.name.split("-", 1)[0] in live:
                continue
            clean_stale_parts(tmp_dir, p.name, older_than=older_than)


def stored_blobs(root: Path) -> list[Path]:
    base = root / "blobs"
    if not base.is_dir():
        return []
    return [p for p in base.glob("??/*") if p.is_file() and len(p.name) == 64]


# -- a folder of evidence named by soal -----------------------------------------------------------

# "7_SK_Tim.pdf", "07 - Notulen.pdf", "Soal 7.pdf", a folder "7/" or "7 SK Tim/": up to three digits,
# then the end of the name or anything but a digit (so "2024_laporan.pdf" names no soal).
_SOAL_NAME = compile_later(r"^\s*(?:soal[\s_.-]*)?0*(\d{1,3})(?![0-9])", re.IGNORECASE)
_JUNK = {"thumbs.db", "desktop.ini", ".ds_store"}
MAX_FOLDER_FILES = 5000


def soal_number(name: str) -> int | None:
    """The soal a file or folder name starts with, or None."""
    m = _SOAL_NAME.match(name)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class FolderPlan:
    """What `plan_folder` found: (soal, file) pairs in order, files naming no soal, and files whose
    number is not a soal of the catalog."""

    folder: Path
    assigned: list[tuple[int, Path]]
    unassigned: list[Path]
    unknown: list[tuple[int, Path]]

    def by_soal(self) -> dict[int, list[Path]]:
        out: dict[int, list[Path]] = {}
        for sid, p in self.assigned:
            out.setdefault(sid, []).append(p)
        return out


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in _JUNK


def plan_folder(folder: Path, known: Iterable[int]) -> FolderPlan:
    """Which file of `folder` goes to which soal: a file whose name starts with a soal number goes
    to that soal, and every file inside a folder whose name starts with one goes to that soal (the
    folder's number wins over the file's). Other folders are looked into; hidden files, Office lock
    files and Thumbs.db/desktop.ini are passed over. Symlinked folders are not followed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"folder {folder} tidak ditemukan" if not folder.exists() else f"{folder} bukan folder")
    ids = set(known)
    assigned: list[tuple[int, Path]] = []
    unassigned: list[Path] = []
    unknown: list[tuple[int, Path]] = []
    count = 0

    def walk(d: Path, inherited: int | None) -> None:
        nonlocal count
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name.lower())
        except OSError as exc:
            raise UserError(f"folder {d} tidak dapat dibaca ({exc.strerror})") from None
        for e in entries:
            if _skipped(e.name):
                continue
            path = Path(e.path)
            number = inherited if inherited is not None else soal_number(e.name)
            if e.is_dir(follow_symlinks=False):
                walk(path, number)
                continue
            count += 1
            if count > MAX_FOLDER_FILES:
                raise UserError(
                    f"folder {folder} berisi lebih dari {MAX_FOLDER_FILES} berkas; pilih folder yang lebih kecil"
                )
            if number is None:
                unassigned.append(path)
            elif number in ids:
                assigned.append((number, path))
            else:
                unknown.append((number, path))

    walk(folder, None)
    assigned.sort(key=lambda pair: pair[0])  # by soal; each soal's files in folder order
    return FolderPlan(folder, assigned, unassigned, unknown)
