"""Evidence files stored by content.

A file is copied into the workspace's `tmp/` under a temporary name, hashed while it is copied (one
pass), fsynced, then renamed to `blobs/<aa>/<sha256>`. The same content is therefore stored once,
however often it is attached. The source is checked before and after the copy: a file that changed
size or modification time while being read is refused. Only after the rename does the store record
the evidence item, so a crash leaves at most an unreferenced blob (removed by `gc`) or a stray
temporary file (removed on the next open), never a record without its file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import mimetypes
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from zi_desktop.errors import Cancelled, UserError

CHUNK = 1024 * 1024
ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    name: str  # original file name
    mime: str | None
    created: bool  # False when the same content was already stored


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


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def store_file(
    root: Path,
    src: Path,
    *,
    on_progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> StoredBlob:
    """Copy `src` into the blob store of the workspace at `root`; returns what was stored."""
    st = check_source(src)
    tmp_dir = root / "tmp"
    tmp = tmp_dir / f"{secrets.token_hex(8)}.part"
    digest = hashlib.sha256()
    size = 0
    grand_total = total if total is not None else st.st_size
    try:
        tmp_dir.mkdir(parents=True, exist_ok=True)
        try:
            fin = src.open("rb")
        except OSError as exc:
            raise UserError(f"berkas {src} tidak dapat dibaca ({exc.strerror})") from None
        with fin, tmp.open("xb") as fout:
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                try:
                    chunk = fin.read(CHUNK)
                except OSError as exc:
                    raise UserError(f"berkas {src} tidak dapat dibaca ({exc.strerror})") from None
                if not chunk:
                    break
                digest.update(chunk)
                fout.write(chunk)
                size += len(chunk)
                if on_progress is not None:
                    on_progress(done_before + size, grand_total)
            fout.flush()
            os.fsync(fout.fileno())
        try:
            after = src.stat()
        except OSError:
            raise UserError(f"berkas {src} hilang saat disalin; coba lagi") from None
        if after.st_size != st.st_size or after.st_mtime_ns != st.st_mtime_ns or size != st.st_size:
            raise UserError(f"berkas {src} berubah saat disalin; tutup program yang mengubahnya lalu coba lagi")
        sha = digest.hexdigest()
        dest = blob_path(root, sha)
        created = False
        if dest.is_file() and dest.stat().st_size == size:
            tmp.unlink()
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, dest)
            _fsync_dir(dest.parent)
            created = True
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise os_error(exc, root) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    mime, _ = mimetypes.guess_type(src.name)
    return StoredBlob(sha256=sha, size=size, name=src.name, mime=mime, created=created)


def hash_file(path: Path) -> tuple[str, int]:
    """(sha256, size) of a stored file; OSError propagates."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def clean_tmp(root: Path, *, older_than: float = 3600.0) -> None:
    """Remove temporary files left by an interrupted copy. Only old ones: another process working on
    the same workspace may be copying right now."""
    tmp_dir = root / "tmp"
    if not tmp_dir.is_dir():
        return
    limit = time.time() - older_than
    for p in tmp_dir.glob("*.part"):
        with contextlib.suppress(OSError):
            if p.stat().st_mtime < limit:
                p.unlink()


def stored_blobs(root: Path) -> list[Path]:
    base = root / "blobs"
    if not base.is_dir():
        return []
    return [p for p in base.glob("??/*") if p.is_file() and len(p.name) == 64]
