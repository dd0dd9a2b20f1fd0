"""Checking a portal package against its manifest (`verify_bundle`), and what the package format is
(names, limits) that both the writer (`bundle`) and the checker share.

Kept apart from `bundle` so that `zi-desktop verify` imports only the zip gate (safezip), the JSON
reader and hashlib: no catalog, scoring, summary page or workbook code. `bundle` re-exports all of it.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zi_desktop.errors import Cancelled, UserError
from zi_desktop.exchange.safezip import READ_ERRORS, Member, NotAZip, ZipLimits, member_name_problem, open_zip, shown
from zi_desktop.parallel import run_in_order

FORMAT = "zi-desktop-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
# A bundle has one member per evidence file plus four; verify refuses more than MAX_BUNDLE_ENTRIES
# (zipfile keeps about 700 bytes per member in memory) and export never writes more.
MAX_BUNDLE_ENTRIES = 200_000
SERIAL_BYTES = 8 * 1024 * 1024  # verify smaller bundles on one thread
MAX_RATIO = 200
BUNDLE_LIMITS = ZipLimits(
    max_entries=MAX_BUNDLE_ENTRIES,
    max_total=4 * 1024**4,
    max_member=256 * 1024**3,
    max_ratio=MAX_RATIO,
)
Progress = Callable[[int, int], None]


def manifest_limit(entries: int) -> int:
    """The largest manifest.json of a bundle with `entries` members: a base for the score summary
    plus room for each member's entry (a 200-character UTF-8 path, size, sha256, indentation)."""
    return 1024 * 1024 + 2048 * entries


def manifest_items_limit(entries: int) -> int:
    """JSON values allowed in the manifest: each file entry has four, the summary a few thousand."""
    return 100_000 + 16 * entries


class VerifyReport:
    """What `verify_bundle` found: `problems` (empty when intact), how many files were `checked`,
    and the bundle's `manifest`. (A plain class: dataclasses would cost verify 12 ms of start-up.)"""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.checked = 0
        self.manifest: dict[str, Any] = {}

    @property
    def ok(self) -> bool:
        return not self.problems

    def __repr__(self) -> str:
        return f"VerifyReport(path={self.path!r}, problems={self.problems!r}, checked={self.checked})"


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


# -- verify -------------------------------------------------------------------------------------


class _SharedProgress:
    """Bytes done across worker threads, reported as on_progress(done, total) from whichever runs."""

    def __init__(self, total: int, on_progress: Progress | None) -> None:
        self.total = total
        self.done = 0
        self._cb = on_progress
        self._lock = threading.Lock()

    def add(self, n: int) -> None:
        with self._lock:
            self.done += n
            if self._cb is not None:
                self._cb(self.done, self.total)


def _manifest_files(name: str, manifest: dict[str, Any], report: VerifyReport) -> dict[str, dict[str, Any]]:
    """The manifest's file list by path. A path that is not a safe member name or is listed twice
    means the manifest was made by hand to mislead: refused (UserError), never a mere mismatch."""
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise UserError(f"{name}: {MANIFEST} rusak (daftar 'files' tidak ada atau bukan daftar)")
    listed: dict[str, dict[str, Any]] = {}
    for f in entries:
        path = f.get("path") if isinstance(f, dict) else None
        size = f.get("size") if isinstance(f, dict) else None
        if not isinstance(path, str) or not isinstance(size, int) or isinstance(size, bool) or size < 0:
            report.problems.append(f"{MANIFEST}: entri berkas rusak: {shown(str(f), 80)}")
            continue
        problem = member_name_problem(path)
        if problem:
            raise UserError(f"{name} ditolak: {MANIFEST} mencatat berkas '{shown(path)}' yang {problem}")
        if path in listed:
            raise UserError(f"{name} ditolak: {MANIFEST} mencatat berkas '{shown(path)}' dua kali (manifest tidak sah)")
        listed[path] = f
    return listed


def verify_bundle(
    zip_path: Path | str,
    *,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> VerifyReport:
    """Check a bundle against its manifest: every file listed, present, same size and sha256, nothing
    extra. Raises UserError for what is not a bundle at all or is refused as hostile (safezip: names,
    symlinks, duplicates, sizes, entry count; a manifest listing a file twice); mismatches are
    `.problems`."""
    p = Path(zip_path)
    try:
        sz = open_zip(p, BUNDLE_LIMITS, label=f"paket {p.name}")
    except NotAZip:
        raise UserError(f"{p.name} bukan paket ZI Desktop (bukan berkas zip)") from None
    report = VerifyReport(path=p)
    with sz:
        infos: dict[str, Member] = {m.name: m for m in sz.files()}
        mi = infos.get(MANIFEST)
        if mi is None:
            raise UserError(f"{p.name} bukan paket ZI Desktop (tidak ada {MANIFEST})")
        entries = len(sz.members)
        raw = sz.read(mi, manifest_limit(entries))
        from zi_desktop.lke.answers import parse_json_bytes  # here: verify needs no catalog before this

        manifest = parse_json_bytes(raw, f"paket {p.name}: {MANIFEST}", max_items=manifest_items_limit(entries))
        del raw
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise UserError(f"{p.name} bukan paket ZI Desktop (format manifest tidak dikenal)")
        report.manifest = manifest
        listed = _manifest_files(f"paket {p.name}", manifest, report)
        for name in sorted(set(infos) - set(listed) - {MANIFEST}):
            report.problems.append(f"{name}: ada di paket tetapi tidak tercatat di manifest")
        for name in sorted(set(listed) - set(infos)):
            report.problems.append(f"{name}: tercatat di manifest tetapi tidak ada di paket")
        todo = [n for n in listed if n in infos]
        total = sum(infos[n].size for n in todo) or 1
        progress = _SharedProgress(total, on_progress)
        halt = cancel if cancel is not None else threading.Event()

        def check_one(name: str) -> list[str]:
            want = listed[name]
            h = hashlib.sha256()
            size = 0
            try:
                # stored members are read raw: sha256 is the stronger check, CRC-32 would double the time
                with sz.open(infos[name], check_crc=False) as fh:
                    while chunk := fh.read(CHUNK):
                        h.update(chunk)
                        size += len(chunk)
                        progress.add(len(chunk))
                        _check(halt)
            except READ_ERRORS as exc:
                return [f"{name}: isi rusak ({exc})"]
            out = []
            if size != want.get("size"):
                out.append(f"{name}: ukuran {size} bita, manifest mencatat {want.get('size')}")
            if h.hexdigest() != want.get("sha256"):
                out.append(f"{name}: sha256 tidak cocok dengan manifest (isi berubah)")
            return out

        def check_batch(names: list[str]) -> list[str]:
            return [problem for name in names for problem in check_one(name)]

        # Members in batches of 1 to 8 MB (or 256 files): tens of thousands of small files cost one
        # task per batch, not one each. sha256 releases the GIL on large chunks: batches run on every
        # core; stored members are read with pread, zipfile serialises the (small) deflated ones.
        workers = max(1, min(4, os.cpu_count() or 1))
        # about four batches per worker, so the last one does not leave the others idle for long
        target = max(CHUNK, min(8 * CHUNK, total // (4 * workers)))
        batches: list[list[str]] = [[]]
        weight = 0
        for n in todo:
            if batches[-1] and (weight >= target or len(batches[-1]) >= 256):
                batches.append([])
                weight = 0
            batches[-1].append(n)
            weight += infos[n].size
        if workers == 1 or len(batches) == 1 or total <= SERIAL_BYTES:
            # a small bundle: one thread (no pool to import and start); the same checks in order
            for b in batches:
                report.problems.extend(check_batch(b))
                report.checked += len(b)
            return report
        # Worker threads take batches in order; a failure or a cancel stops the others at their next
        # chunk, and the problems come out in batch order as on one thread.
        results = run_in_order(
            len(batches), lambda i: check_batch(batches[i]), workers=workers, stop=halt, name="zi-periksa"
        )
        for b, found in zip(batches, results, strict=True):
            report.problems.extend(found)
            report.checked += len(b)
    return report
